import * as vscode from 'vscode';
import type { Motion } from '../../shared/motion';
import type { SnippetGroup, WebviewStrings } from '../../shared/protocol';
import { promptSnippets } from './snippets';

const t = (message: string): string => vscode.l10n.t(message);

/** Every text of the form, translated on the host (the webview has no l10n API of its own). */
export function webviewStrings(): WebviewStrings {
  return {
    heading: t('Animate image'),
    moreImages: t('{0} images in all; the same settings apply to each:'),
    thumbnailAlt: t('Preview of {0}'),
    noThumbnail: t('No preview for {0}'),
    frameCrop: t('The frame shows the part of the image that the {0} video keeps.'),
    framePad: t('The frame shows the {0} video; the image is fitted inside it with bars.'),
    preset: t('Preset'),
    presetNone: t('(none)'),
    prompt: t('Prompt'),
    promptPlaceholder: t('Describe the motion: what moves, how the camera moves, the mood…'),
    promptHint: t('Ctrl+Enter animates, Escape cancels.'),
    chips: t('Motion ideas (insert into the prompt)'),
    snippets: t('Prompt help: camera moves, speed, natural motion, a template'),
    provider: t('Provider'),
    model: t('Model'),
    size: t('Size'),
    duration: t('Duration'),
    secondsUnit: t('{0} s'),
    fit: t('Fit to the video size'),
    fitCrop: t('Crop to fill'),
    fitPad: t('Pad (keep the whole image)'),
    costFree: t('Estimated cost: free (made on this computer)'),
    costEstimate: t('Estimated cost: about ${0} (list prices of {1})'),
    costEstimateMany: t('Estimated cost: about ${0} for {1} videos (list prices of {2})'),
    costUnknown: t('Estimated cost: not known for this model; check the provider’s pricing'),
    keyMissing: t('{0} needs an API key.'),
    setKey: t('Set API Key…'),
    animate: t('Animate'),
    animateMany: t('Animate {0} images'),
    cancel: t('Cancel'),
    starting: t('Starting…'),
    sendsTo: t('Sends the image, the prompt and your key to {0}'),
    sendsToNoKey: t('Sends the image and the prompt to {0}'),
    runsHere: t('Runs on this computer: nothing is sent.'),
    promptNeeded: t('{0} needs a prompt: describe the motion.'),
    promptTooLong: t('Prompt too long for {0}: {1} of {2} characters. Shorten it or choose another model.'),
    extrasLegend: t('Options of this model'),
    negativePrompt: t('Negative prompt'),
    negativePromptPlaceholder: t('What must not appear: blur, text, extra fingers…'),
    seed: t('Seed'),
    seedPlaceholder: t('empty: random'),
    seedInvalid: t('The seed is a whole number from 0 to {0}.'),
    audio: t('Audio'),
    enhancePrompt: t('Prompt enhancement'),
    providerDefault: t('Provider default'),
    on: t('On'),
    off: t('Off'),
    customModel: t('{0} (custom)'),
    fitSmart: t('Crop around the subject (smart)'),
    framePreview: t('Preview of the {0} video'),
    frameSmart: t('The frame shows the part of the image that the {0} video keeps, placed around the subject.'),
    frameMoving: t('The frame follows the camera move ({0}) over the image; the preview beside it plays the video.'),
    frameProvider: t('{0} receives the framed picture shown here; the motion is up to the model.'),
    cameraLegend: t('Camera (offline renderer)'),
    motion: t('Camera move'),
    motionFromPrompt: t('From the prompt ({0})'),
    fps: t('Frame rate'),
    fpsUnit: t('{0} fps'),
    loop: t('Seamless loop (the move goes there and back)'),
    alsoLegend: t('Also save as'),
    alsoGif: t('GIF (for READMEs and docs)'),
    alsoWebp: t('Animated WebP'),
  };
}

/** The camera moves by name, for the form's move list and its preview caption. */
export function moveLabels(): Record<Motion, string> {
  return {
    'zoom-in': t('Zoom in'),
    'zoom-out': t('Zoom out'),
    'pan-left': t('Pan left'),
    'pan-right': t('Pan right'),
    'pan-up': t('Tilt up'),
    'pan-down': t('Tilt down'),
    'push-in': t('Push in on the subject'),
    reveal: t('Reveal (pull back from the subject)'),
    orbit: t('Orbit around the subject'),
  };
}

/** Motion and camera words that insert into the prompt (the local renderer understands the camera ones). */
export function promptChips(): string[] {
  return [
    t('slow zoom in'),
    t('zoom out'),
    t('pan left'),
    t('pan right'),
    t('tilt up'),
    t('gentle wind'),
    t('water ripples'),
    t('drifting clouds'),
    t('soft light flicker'),
  ];
}

/** The prompt help list, translated (Chinese UI: Chinese phrases). */
export function snippets(): SnippetGroup[] {
  return promptSnippets(t);
}

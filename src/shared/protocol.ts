// Host ⇄ webview messages for the "Animate image" form. Both sides parse every message they receive
// with these schemas: the webview is an untrusted boundary, and a host bug must not crash the form.
// This file is bundled into the webview, so it may import zod only (no node:, no vscode, no core), and it uses
// `zod/mini`: the same checks, but about 25 KB in the webview bundle instead of about 450 KB for classic zod.
import * as z from 'zod/mini';
import { MOTIONS } from './motion';

/** Same values as the core's `fitModes` (a unit test keeps them equal). */
export const fitModeValues = ['crop', 'smart', 'pad'] as const;

const shortText = z.string().check(z.minLength(1), z.maxLength(200));
export const sizeText = z.string().check(z.regex(/^\d{1,5}x\d{1,5}$/, 'size must look like 1280x720'));
const secondsValue = z.int().check(z.positive(), z.maximum(3600));
const promptText = z.string().check(z.maxLength(20_000));

/** Same names and limits as the core's `extraNames`, `MAX_SEED` and `MAX_NEGATIVE_PROMPT_LENGTH` (a unit test keeps them equal). */
export const extraNameValues = ['negativePrompt', 'seed', 'audio', 'enhancePrompt'] as const;
export type ExtraNameValue = (typeof extraNameValues)[number];
export const maxSeedValue = 2_147_483_647;
export const maxNegativePromptLength = 500;

/**
 * The optional fields only some models take (the chosen model's `extras` says which); unset = the provider's default.
 * The host still refuses one the model cannot take (resolveRequest), naming the models that can.
 */
const extraFields = {
  negativePrompt: z.optional(z.string().check(z.maxLength(maxNegativePromptLength))),
  seed: z.optional(z.int().check(z.minimum(0), z.maximum(maxSeedValue))),
  audio: z.optional(z.boolean()),
  enhancePrompt: z.optional(z.boolean()),
};

/** Same values as the core's `FPS_CHOICES`, `DEFAULT_FPS` and `ALSO_FORMATS` (a unit test keeps them equal). */
export const fpsValues = [24, 30, 60] as const;
export const defaultFpsValue = 24;
export const alsoFormatValues = ['gif', 'webp'] as const;
export type AlsoFormatValue = (typeof alsoFormatValues)[number];

/**
 * The offline camera's own options (the local provider only; `ProviderView.camera` says which provider takes them):
 * an explicit move instead of the prompt's words, the frame rate and a seamless loop. Unset = from the prompt / 24 / no loop.
 */
export const cameraFields = {
  motion: z.optional(z.enum(MOTIONS)),
  fps: z.optional(z.literal(fpsValues)),
  loop: z.optional(z.boolean()),
};

/** Also save the video as an animated GIF and/or WebP beside it (any provider). */
export const alsoField = z.optional(z.array(z.enum(alsoFormatValues)).check(z.maxLength(alsoFormatValues.length)));

/** What the form edits. It names no file (unknown fields are rejected): the host decides where the video goes. */
export const formValuesSchema = z.strictObject({
  prompt: promptText,
  provider: shortText,
  model: shortText,
  size: sizeText,
  seconds: secondsValue,
  fit: z.enum(fitModeValues),
  preset: z.optional(z.string().check(z.maxLength(200))),
  ...extraFields,
  ...cameraFields,
  also: alsoField,
});
export type FormValues = z.infer<typeof formValuesSchema>;

/**
 * One entry of the `animateImage.presets` setting; everything but the name is optional. The camera options apply to
 * the local provider only and are dropped for any other (as in the form); `also` applies to every provider.
 */
export const presetSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  prompt: z.optional(promptText),
  provider: z.optional(shortText),
  model: z.optional(shortText),
  size: z.optional(sizeText),
  seconds: z.optional(secondsValue),
  fit: z.optional(z.enum(fitModeValues)),
  ...extraFields,
  ...cameraFields,
  also: alsoField,
});
export type Preset = z.infer<typeof presetSchema>;

export const modelViewSchema = z.object({
  id: shortText,
  label: shortText,
  sizes: z.array(sizeText).check(z.minLength(1)),
  seconds: z.array(secondsValue).check(z.minLength(1)),
  maxPromptLength: z.int().check(z.positive()),
  /** The extra fields the form shows for this model (absent: none). */
  extras: z.optional(z.array(z.enum(extraNameValues))),
  /** "deprecated by the provider on 2026-…; its successor is …", in the display language; absent when live. */
  lifecycleNote: z.optional(z.string().check(z.maxLength(500))),
  /** Added by the user (`animateImage.customModels`). */
  custom: z.optional(z.boolean()),
});
export type ModelView = z.infer<typeof modelViewSchema>;

export const providerViewSchema = z.object({
  id: shortText,
  label: shortText,
  needsKey: z.boolean(),
  hasKey: z.boolean(),
  models: z.array(modelViewSchema).check(z.minLength(1)),
  /** Refuses an empty prompt (the form says so next to the prompt instead of sending it). */
  needsPrompt: z.optional(z.boolean()),
  /** Takes the camera options (`motion`, `fps`, `loop`): the offline renderer; the form previews its move. */
  camera: z.optional(z.boolean()),
  /** Where jobs go with the current settings (shown under the provider before anything is sent); absent: this computer. */
  endpoint: z.optional(z.string().check(z.maxLength(2000))),
  /** Why jobs cannot be sent yet (e.g. no base URL set), in plain words naming the setting. */
  endpointProblem: z.optional(z.string().check(z.maxLength(2000))),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

/** A price per second of video, as the core's `PriceRule`: `model: '*'` covers every model; `sizes` limits it; 0 is free. */
export const priceSchema = z.object({
  provider: shortText,
  model: shortText,
  usdPerSecond: z.number().check(z.nonnegative()),
  sizes: z.optional(z.array(sizeText)),
  /** Only with (true) or without (false) generated audio. */
  audio: z.optional(z.boolean()),
});
export type Price = z.infer<typeof priceSchema>;

/** Where a picture's subject is, as fractions of its width and height (the shared `Focus`, from the core's saliency). */
const unit = z.number().check(z.minimum(0), z.maximum(1));
export const focusSchema = z.object({ x: unit, y: unit, left: unit, top: unit, right: unit, bottom: unit });

export const imageViewSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(1000)),
  /** Pixel size once EXIF orientation is applied, when the host could read it. */
  width: z.optional(z.int().check(z.positive())),
  height: z.optional(z.int().check(z.positive())),
  /** A small `data:` URI made by the host; absent when no preview could be made. */
  thumbnail: z.optional(z.string().check(z.regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/))),
  /** Why the host could not read it (not an image, damaged, …), in plain words. */
  problem: z.optional(z.string().check(z.maxLength(2000))),
  /** Worth knowing before paying, in plain words (e.g. only an animated WebP's first frame is used). */
  note: z.optional(z.string().check(z.maxLength(2000))),
});
export type ImageView = z.infer<typeof imageViewSchema>;

/** A group of the form's prompt help: phrases (and a template) inserted into the prompt at the caret. */
export const snippetGroupSchema = z.object({
  label: shortText,
  items: z
    .array(z.object({ label: shortText, text: z.string().check(z.minLength(1), z.maxLength(2000)) }))
    .check(z.minLength(1), z.maxLength(30)),
});
export type SnippetGroup = z.infer<typeof snippetGroupSchema>;

/** Every text the webview shows; the host translates them (`vscode.l10n.t`) and sends them in `init`. */
export const webviewStringKeys = [
  'heading',
  'moreImages',
  'thumbnailAlt',
  'noThumbnail',
  'frameCrop',
  'framePad',
  'preset',
  'presetNone',
  'prompt',
  'promptPlaceholder',
  'promptHint',
  'chips',
  'snippets',
  'provider',
  'model',
  'size',
  'duration',
  'secondsUnit',
  'fit',
  'fitCrop',
  'fitPad',
  'costFree',
  'costEstimate',
  'costEstimateMany',
  'costUnknown',
  'keyMissing',
  'setKey',
  'animate',
  'animateMany',
  'cancel',
  'starting',
  'sendsTo',
  'sendsToNoKey',
  'runsHere',
  'promptNeeded',
  'promptTooLong',
  'extrasLegend',
  'negativePrompt',
  'negativePromptPlaceholder',
  'seed',
  'seedPlaceholder',
  'seedInvalid',
  'audio',
  'enhancePrompt',
  'providerDefault',
  'on',
  'off',
  'customModel',
  'fitSmart',
  'framePreview',
  'frameSmart',
  'frameMoving',
  'frameProvider',
  'cameraLegend',
  'motion',
  'motionFromPrompt',
  'fps',
  'fpsUnit',
  'loop',
  'alsoLegend',
  'alsoGif',
  'alsoWebp',
] as const;
export type WebviewStringKey = (typeof webviewStringKeys)[number];
export const webviewStringsSchema = z.record(z.enum(webviewStringKeys), z.string());
export type WebviewStrings = z.infer<typeof webviewStringsSchema>;

// ── host → webview ────────────────────────────────────────────────────────────
export const initMessageSchema = z.object({
  type: z.literal('init'),
  images: z.array(imageViewSchema).check(z.minLength(1), z.maxLength(500)),
  providers: z.array(providerViewSchema).check(z.minLength(1)),
  presets: z.array(presetSchema),
  values: formValuesSchema,
  /** First matching rule wins (the core's `estimateCost`). */
  prices: z.array(priceSchema),
  /** When the prices were checked, e.g. `2026-11`. */
  priceDate: z.string().check(z.maxLength(40)),
  chips: z.array(shortText).check(z.maxLength(50)),
  /** Prompt help beside the chips (optional: an older host sends none). */
  snippets: z.optional(z.array(snippetGroupSchema).check(z.maxLength(10))),
  /** Per preset name, why it cannot run as written (e.g. its model was retired; the text names the successor). */
  presetProblems: z.optional(z.record(z.string().check(z.maxLength(200)), z.string().check(z.maxLength(2000)))),
  strings: webviewStringsSchema,
  /** The camera moves by name, in the display language (optional: an older host sends none). */
  moveLabels: z.optional(z.record(z.enum(MOTIONS), z.string().check(z.maxLength(200)))),
});
export type InitMessage = z.infer<typeof initMessageSchema>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  initMessageSchema,
  /** The host refused the values (bad input, no key, …): shown in the form, which stays open. */
  z.object({ type: z.literal('error'), message: z.string().check(z.maxLength(5000)) }),
  z.object({ type: z.literal('keyStatus'), provider: shortText, hasKey: z.boolean() }),
  z.object({ type: z.literal('busy'), busy: z.boolean() }),
  /**
   * Where the first image's subject is (the core's `estimateFocus` on the picture the renderer reads), sent after
   * `init` so the form opens at once: the preview then frames the move and the smart crop around it.
   */
  z.object({ type: z.literal('focus'), image: z.int().check(z.nonnegative()), focus: focusSchema }),
]);
export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

// ── webview → host ────────────────────────────────────────────────────────────
export const webviewToHostSchema = z.discriminatedUnion('type', [
  /** Sent once the webview listens; the host answers with `init`. */
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('animate'), values: formValuesSchema }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('setKey'), provider: shortText }),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

export function parseHostMessage(data: unknown): HostToWebview | undefined {
  const parsed = hostToWebviewSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

export function parseWebviewMessage(data: unknown): WebviewToHost | undefined {
  const parsed = webviewToHostSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** Replaces `{0}`, `{1}`, … like `vscode.l10n.t` does. */
export function formatText(template: string, ...args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

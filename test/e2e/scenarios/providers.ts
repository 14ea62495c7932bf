// The providers of late 2026 through the real workbench, each against its strict fake (addresses from
// `animateImage.baseUrls`, keys typed into the form's password box): Runway's Veo 3.1 with the model's own fields and
// then between two images, one fal model, a ComfyUI workflow file from `animateImage.comfyui.workflow`, and a fal model
// the catalog does not know, added in `animateImage.customModels`.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ComfyFake } from '../../fakes/comfyuiServer';
import type { FalFake } from '../../fakes/falServer';
import type { RunwayFake } from '../../fakes/runwayServer';
import { clickContextMenu, explorerRow, screenshot, waitForFile } from '../harness';
import { WORKSPACE_IMAGES, listDir, type WorkspaceImage } from '../fixtures';
import { assert, type Suite } from './context';
import {
  openFormFromExplorer,
  quickInput,
  selectValue,
  typePrompt,
  waitForFormClosed,
  waitUntil,
  type Form,
} from './ui';

export interface ProviderFakes {
  runway: RunwayFake;
  fal: FalFake;
  comfy: ComfyFake;
  runwayKey: string;
  falKey: string;
}

/** The fal model id added in the user settings (`animateImage.customModels`) and served by the fake as an extra model. */
export const CUSTOM_FAL_MODEL = 'fal-ai/e2e-motion/v1/image-to-video';
export const CUSTOM_FAL_LABEL = 'E2E Motion';
/** The user's workflow file, relative to the workspace folder as the setting names it. */
export const WORKFLOW_FILE = 'flows/my-wan-i2v.json';

export type ProviderScenario = (suite: Suite, fakes: ProviderFakes) => Promise<string>;

const MENU_BETWEEN = 'Animate between images';

/** Sets the key through the form's "Set API Key…" button, as a user would; the notice must go. */
async function setKeyInForm(page: Page, form: Form, label: string, key: string): Promise<void> {
  const keyRow = form.frame.locator('#key-row');
  await keyRow.waitFor({ state: 'visible', timeout: 5000 });
  const keyText = (await form.frame.locator('#key-text').textContent())?.trim();
  assert(keyText === `${label} needs an API key.`, `key notice reads "${keyText}"`);
  await form.frame.locator('#set-key').click();
  const input = quickInput(page).locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  assert((await input.getAttribute('type')) === 'password', 'the key box is not a password box');
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: 5000 });
  await keyRow.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function options(form: Form, id: string): Promise<Array<{ value: string; label: string }>> {
  return form.frame
    .locator(`#${id} option`)
    .evaluateAll((list) =>
      list.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o.textContent ?? '').trim() })),
    );
}

/** Which of the extra fields the form shows now. */
async function shownExtras(form: Form): Promise<string[]> {
  const shown: string[] = [];
  for (const name of ['negativePrompt', 'seed', 'audio', 'enhancePrompt']) {
    if (await form.frame.locator(`#field-${name}`).isVisible()) shown.push(name);
  }
  return shown;
}

async function endpointLine(form: Form): Promise<string> {
  return (await form.frame.locator('#endpoint').textContent())?.trim() ?? '';
}

/** The MP4 that appears next to `image` after `before` (the workspace listing then). */
async function waitForNewVideo(
  suite: Suite,
  image: WorkspaceImage,
  before: readonly string[],
  timeoutMs = 60_000,
): Promise<string> {
  const stem = image.replace(/\.[^.]+$/, '');
  const name = await waitUntil(
    `a new ${stem}*.mp4 in the workspace`,
    () => listDir(suite.workspace).find((f) => f.startsWith(stem) && f.endsWith('.mp4') && !before.includes(f)),
    timeoutMs,
  );
  const bytes = await waitForFile(join(suite.workspace, name), 30_000);
  await explorerRow(suite.page, name).waitFor({ state: 'visible', timeout: 20_000 });
  return `${name} (${bytes} bytes)`;
}

// ── a. Runway Veo 3.1 in the form: only live models, the model's own fields, all of them sent ─────────────────────
export const runwayVeoForm: ProviderScenario = async (suite, { runway, runwayKey }) => {
  const { page } = suite;
  const image: WorkspaceImage = 'photo.PNG';
  const before = listDir(suite.workspace);
  const form = await openFormFromExplorer(page, image, WORKSPACE_IMAGES[image]);
  await typePrompt(form, 'the camera glides forward through the garden');
  await selectValue(form, 'provider', 'runway');
  await setKeyInForm(page, form, 'Runway', runwayKey);
  const models = (await options(form, 'model')).map((o) => o.value);
  assert(models.includes('veo3.1') && models.includes('veo3.1_fast'), `Runway models offered: ${models.join(', ')}`);
  assert(
    !models.includes('gen3a_turbo') && !models.includes('veo3'),
    `a retired Runway model is offered: ${models.join(', ')}`,
  );
  await selectValue(form, 'model', 'veo3.1');
  const extras = await shownExtras(form);
  assert(extras.join(',') === 'negativePrompt,seed,audio', `fields shown for veo3.1: ${extras.join(', ') || 'none'}`);
  const endpoint = await endpointLine(form);
  assert(endpoint === `Sends the image, the prompt and your key to ${runway.url}`, `the form says "${endpoint}"`);
  await form.frame.locator('#negative-prompt').fill('text, watermark');
  await form.frame.locator('#seed').fill('4242');
  await selectValue(form, 'audio', 'off');
  await selectValue(form, 'size', '1280x720');
  await selectValue(form, 'seconds', '4');
  await screenshot(page, 'e2e-form-runway-veo3.1');
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const task = await waitUntil(
    'the Runway fake to receive the veo3.1 task',
    () => [...runway.tasks.values()].find((t) => t.model === 'veo3.1'),
    20_000,
  );
  assert(
    task.negativePrompt === 'text, watermark' && task.seed === 4242 && task.audio === false,
    `the fake got ${JSON.stringify({ negativePrompt: task.negativePrompt, seed: task.seed, audio: task.audio })}`,
  );
  assert(
    task.ratio === '1280:720' && task.duration === 4,
    `the fake got ratio ${task.ratio}, duration ${task.duration}`,
  );
  const video = await waitForNewVideo(suite, image, before);
  assert(runway.requestsTo('create').length === 1, `${runway.requestsTo('create').length} creates for one Animate`);
  return `veo3.1 offered (no retired model), fields ${extras.join('/')}; the fake got negative prompt, seed 4242, audio off; ${video}`;
};

// ── a (cont.). Animate between images with Runway veo3.1: the fake gets the first and the last frame ──────────────
export const runwayBetween: ProviderScenario = async (suite, { runway }) => {
  const { page } = suite;
  const before = listDir(suite.workspace);
  // Two images selected in the Explorer: photo.PNG, then b.jpeg with Ctrl.
  await explorerRow(page, 'photo.PNG').click();
  await explorerRow(page, 'b.jpeg').click({ modifiers: ['ControlOrMeta'] });
  await clickContextMenu(page, 'b.jpeg', MENU_BETWEEN);
  await pickExact(page, 'Runway');
  await pickExact(page, 'veo3.1');
  await pickExact(page, '1280x720');
  await pickExact(page, '6 s');
  const input = quickInput(page).locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type('the first picture turns into the second');
  await screenshot(page, 'e2e-between-runway-prompt');
  await page.keyboard.press('Enter');
  const task = await waitUntil(
    'the Runway fake to receive a task with two frames',
    () => [...runway.tasks.values()].find((t) => t.images.length === 2),
    20_000,
  );
  const positions = task.images.map((i) => `${i.position}:${i.width}x${i.height}`).join(', ');
  assert(task.model === 'veo3.1' && task.duration === 6, `the fake got ${task.model} for ${task.duration} s`);
  assert(task.images[0]?.position === 'first' && task.images[1]?.position === 'last', `frames sent: ${positions}`);
  const video = await waitForNewVideo(suite, 'photo.PNG', before).catch(() => waitForNewVideo(suite, 'b.jpeg', before));
  return `Runway veo3.1 between photo.PNG and b.jpeg: frames ${positions}; ${video}`;
};

/** Picks the quick pick row whose label is exactly `label` (e.g. "veo3.1", not "veo3.1_fast"). */
async function pickExact(page: Page, label: string): Promise<void> {
  const rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
  const row = await waitUntil(
    `a quick pick row "${label}"`,
    async () => {
      for (const candidate of await rows.all()) {
        const text = ((await candidate.locator('.label-name').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
        if (text === label) return candidate;
      }
      return undefined;
    },
    10_000,
  );
  await row.click();
}

// ── b. one fal model through the workbench ─────────────────────────────────────────────────────────────────────
const FAL_KLING = 'fal-ai/kling-video/v2.6/pro/image-to-video';

export const falModel: ProviderScenario = async (suite, { fal, falKey }) => {
  const { page } = suite;
  const image: WorkspaceImage = 'c.webp';
  const before = listDir(suite.workspace);
  const form = await openFormFromExplorer(page, image, WORKSPACE_IMAGES[image]);
  await typePrompt(form, 'leaves drift across the frame');
  await selectValue(form, 'provider', 'fal');
  await setKeyInForm(page, form, 'fal.ai', falKey);
  await selectValue(form, 'model', FAL_KLING);
  const extras = await shownExtras(form);
  assert(
    extras.join(',') === 'negativePrompt,audio',
    `fields shown for Kling 2.6 Pro on fal: ${extras.join(', ') || 'none'}`,
  );
  const endpoint = await endpointLine(form);
  assert(endpoint === `Sends the image, the prompt and your key to ${fal.url}`, `the form says "${endpoint}"`);
  await selectValue(form, 'audio', 'off');
  const cost = (await form.frame.locator('#cost').textContent())?.trim() ?? '';
  // Kling 2.6 Pro costs $0.07/s without audio and $0.14/s with it: 5 s silent ≈ $0.35.
  assert(cost.startsWith('Estimated cost: about $0.35'), `cost line with audio off: "${cost}"`);
  await screenshot(page, 'e2e-form-fal-kling');
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const job = await waitUntil(
    'the fal fake to queue the Kling request',
    () => [...fal.jobs.values()].find((j) => j.model === FAL_KLING),
    20_000,
  );
  assert(
    job.input.generate_audio === false && typeof job.input.start_image_url === 'string',
    `the fake got ${Object.keys(job.input).join(', ')}`,
  );
  const video = await waitForNewVideo(suite, image, before);
  return `${FAL_KLING}: fields ${extras.join('/')}, "${cost}"; queued with audio off; ${video}`;
};

// ── c. a ComfyUI workflow file from the settings ────────────────────────────────────────────────────────────────
export const comfyWorkflow: ProviderScenario = async (suite, { comfy }) => {
  const { page } = suite;
  const image: WorkspaceImage = 'b.jpeg';
  const before = listDir(suite.workspace);
  const form = await openFormFromExplorer(page, image, WORKSPACE_IMAGES[image]);
  await typePrompt(form, 'a slow dolly in, soft evening light');
  await selectValue(form, 'provider', 'comfyui');
  await selectValue(form, 'model', 'workflow');
  assert(await form.frame.locator('#key-row').isHidden(), 'ComfyUI asks for a key');
  const endpoint = await endpointLine(form);
  // No key goes to ComfyUI, and the line says so.
  assert(endpoint === `Sends the image and the prompt to ${comfy.url}`, `the form says "${endpoint}"`);
  await selectValue(form, 'size', '832x480');
  await screenshot(page, 'e2e-form-comfyui-workflow');
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const prompt = await waitUntil(
    'the ComfyUI fake to queue the workflow',
    () => [...comfy.prompts.values()][0],
    20_000,
  );
  const texts = Object.values(prompt.prompt)
    .map((node) => node.inputs.text)
    .filter((text): text is string => typeof text === 'string');
  assert(texts.includes('a slow dolly in, soft evening light'), `the queued workflow's texts: ${texts.join(' | ')}`);
  assert(comfy.inputs.size === 1, `${comfy.inputs.size} images uploaded`);
  const video = await waitForNewVideo(suite, image, before);
  return `${WORKFLOW_FILE} queued with the typed prompt at ${comfy.url}; ${video}`;
};

// ── d. a custom model from the settings ─────────────────────────────────────────────────────────────────────────
export const customModel: ProviderScenario = async (suite, { fal }) => {
  const { page } = suite;
  const image: WorkspaceImage = 'c.webp';
  const before = listDir(suite.workspace);
  const form = await openFormFromExplorer(page, image, WORKSPACE_IMAGES[image]);
  await typePrompt(form, 'the kite rises');
  await selectValue(form, 'provider', 'fal');
  const offered = await options(form, 'model');
  const mine = offered.find((o) => o.value === CUSTOM_FAL_MODEL);
  assert(
    mine?.label === `${CUSTOM_FAL_LABEL} (${CUSTOM_FAL_MODEL}) (custom)`,
    `the custom model shows as "${mine?.label}"`,
  );
  await selectValue(form, 'model', CUSTOM_FAL_MODEL);
  const extras = await shownExtras(form);
  assert(extras.join(',') === 'seed', `fields shown for the custom model: ${extras.join(', ') || 'none'}`);
  await form.frame.locator('#seed').fill('7');
  await screenshot(page, 'e2e-form-custom-model');
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const job = await waitUntil(
    'the fal fake to queue the custom model',
    () => [...fal.jobs.values()].find((j) => j.model === CUSTOM_FAL_MODEL),
    20_000,
  );
  assert(
    job.input.seed === 7 && job.input.duration === '6',
    `the fake got ${JSON.stringify({ seed: job.input.seed, duration: job.input.duration })}`,
  );
  const video = await waitForNewVideo(suite, image, before);
  return `"${mine.label}" offered with a seed field; queued with seed 7; ${video}`;
};

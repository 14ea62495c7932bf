// The form's motion preview (the offline camera move plays on the thumbnail, and a paid provider's frame stands still),
// "also save as GIF" beside the MP4, and the jobs view's "Save as WebP…" on that video.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Locator, Page } from 'playwright-core';
import { screenshot, waitForFile } from '../harness';
import { WORKSPACE_IMAGES } from '../fixtures';
import { JOBS_VIEW } from './batchRemixHistory';
import { assert, type Scenario } from './context';
import { OPENAI_LABEL } from './remote';
import {
  openFormFromExplorer,
  selectValue,
  typePrompt,
  waitForFormClosed,
  waitForToast,
  waitUntil,
  type Form,
} from './ui';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How many pixels of two same-sized screenshots differ by more than a little (anti-aliasing noise aside). */
async function changedPixels(a: Buffer, b: Buffer): Promise<{ changed: number; total: number }> {
  const [ra, rb] = await Promise.all(
    [a, b].map((png) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })),
  );
  assert(
    ra!.info.width === rb!.info.width && ra!.info.height === rb!.info.height,
    `the two screenshots differ in size (${ra!.info.width}×${ra!.info.height} vs ${rb!.info.width}×${rb!.info.height})`,
  );
  let changed = 0;
  for (let i = 0; i < ra!.data.length; i += 3) {
    const d =
      Math.abs(ra!.data[i]! - rb!.data[i]!) +
      Math.abs(ra!.data[i + 1]! - rb!.data[i + 1]!) +
      Math.abs(ra!.data[i + 2]! - rb!.data[i + 2]!);
    if (d > 24) changed++;
  }
  return { changed, total: ra!.info.width * ra!.info.height };
}

/** The thumbnail region: the picture with its frame and the preview of the video beside it. */
function thumbnailRegion(form: Form): Locator {
  return form.frame.locator('section.preview').first();
}

async function waitForPreviewDrawn(form: Form): Promise<void> {
  await waitUntil(
    'the thumbnail to load and the preview canvas to be drawn',
    async () =>
      (await form.frame
        .locator('#motion-preview')
        .evaluate((c) => (c as HTMLCanvasElement).width > 0 && (c as HTMLCanvasElement).height > 0))
        ? true
        : undefined,
    10_000,
  );
}

// ── the preview moves ─────────────────────────────────────────────────────────
export const formPreviewMoves: Scenario = async ({ page }) => {
  const form = await openFormFromExplorer(page, 'photo.PNG', WORKSPACE_IMAGES['photo.PNG']);
  const { frame } = form;
  try {
    await selectValue(form, 'provider', 'local');
    await selectValue(form, 'seconds', '4');
    await typePrompt(form, 'slow push in on the subject');
    assert(await frame.locator('#camera').isVisible(), 'the camera options are hidden for the local provider');
    const fromPrompt = (await frame.locator('#motion option[value=""]').textContent())?.trim() ?? '';
    assert(/Push in/.test(fromPrompt), `the move list reads "${fromPrompt}", not the prompt's push-in`);
    await waitForPreviewDrawn(form);
    const caption = (await frame.locator('#frame-caption').textContent())?.trim() ?? '';
    assert(/camera move \(Push in/.test(caption), `the frame caption "${caption}" does not name the move`);
    const region = thumbnailRegion(form);
    const first = await region.screenshot();
    await sleep(900);
    const second = await region.screenshot();
    await screenshot(page, 'e2e-form-preview');
    const moving = await changedPixels(first, second);
    assert(
      moving.changed > moving.total * 0.01,
      `the thumbnail region did not move: ${moving.changed} of ${moving.total} pixels changed in 0.9 s`,
    );
    // An explicit move replaces the prompt's, and the preview follows at once.
    await selectValue(form, 'motion', 'orbit');
    const orbit = (await frame.locator('#frame-caption').textContent())?.trim() ?? '';
    assert(/Orbit/.test(orbit), `after choosing Orbit the caption reads "${orbit}"`);
    // A paid provider: the frame it receives, standing still (the motion is the model's).
    await selectValue(form, 'provider', 'openai-videos');
    assert(await frame.locator('#camera').isHidden(), 'the camera options stay for a paid provider');
    await frame.locator('#fit-smart').check();
    const smart = (await frame.locator('#frame-caption').textContent())?.trim() ?? '';
    assert(/around the subject/.test(smart), `the smart-fit caption reads "${smart}"`);
    const receives = (await frame.locator('#preview-caption').textContent())?.trim() ?? '';
    assert(receives.startsWith(OPENAI_LABEL), `the preview caption "${receives}" does not name ${OPENAI_LABEL}`);
    await sleep(300);
    const still1 = await region.screenshot();
    await sleep(900);
    const still2 = await region.screenshot();
    const still = await changedPixels(still1, still2);
    assert(
      still.changed < still.total * 0.002,
      `a paid provider's frame moved: ${still.changed} of ${still.total} pixels changed`,
    );
    return `local push-in: ${moving.changed}/${moving.total} pixels changed in 0.9 s ("${caption}"); orbit chosen; ${OPENAI_LABEL} with smart fit still (${still.changed} changed): "${smart}"`;
  } finally {
    await frame
      .locator('#cancel')
      .click()
      .catch(() => undefined);
    await waitForFormClosed(form).catch(() => undefined);
  }
};

/** Files like `photo.mp4`, `photo-3.mp4` for `photo`. */
function numbered(dir: string, base: string, ext: string): string[] {
  const pattern = new RegExp(`^${base}(-\\d+)?\\.${ext}$`);
  return readdirSync(dir).filter((name) => pattern.test(name));
}

// ── also save as GIF ──────────────────────────────────────────────────────────
export const gifBesideMp4: Scenario = async ({ page, workspace, notes }) => {
  const before = new Set(readdirSync(workspace));
  const form = await openFormFromExplorer(page, 'photo.PNG', WORKSPACE_IMAGES['photo.PNG']);
  const { frame } = form;
  await selectValue(form, 'provider', 'local');
  await selectValue(form, 'size', '854x480');
  await selectValue(form, 'seconds', '2');
  await typePrompt(form, 'slow zoom in');
  await selectValue(form, 'motion', '');
  await frame.locator('#loop').check();
  await frame.locator('#also-gif').check();
  await waitForPreviewDrawn(form);
  await screenshot(page, 'e2e-form-gif');
  await frame.locator('#animate').click();
  await waitForFormClosed(form);
  const video = await waitUntil(
    'a new photo-N.mp4',
    () => numbered(workspace, 'photo', 'mp4').find((name) => !before.has(name)),
    150_000,
  );
  await waitForFile(join(workspace, video), 150_000);
  const gifName = video.replace(/\.mp4$/, '.gif');
  assert(!before.has(gifName), `${gifName} existed before the run`);
  const told = await waitForToast(page, `Saved ${gifName} beside the video.`, 120_000);
  const gifPath = join(workspace, gifName);
  const gif = readFileSync(gifPath);
  assert(gif.subarray(0, 6).toString('latin1') === 'GIF89a', `${gifName} is not a GIF`);
  const meta = await sharp(gif, { animated: true }).metadata();
  assert((meta.pages ?? 1) > 1, `${gifName} has ${meta.pages ?? 1} frame(s)`);
  assert(gif.length < 5 * 1024 * 1024, `${gifName} takes ${gif.length} bytes`);
  assert(
    numbered(workspace, 'photo', 'gif').every((name) => name === gifName || before.has(name)),
    'more than one GIF was written',
  );
  notes.set('local-video', video);
  return `${video} and ${gifName} (${meta.pages} frames, ${meta.width}×${meta.pageHeight ?? meta.height}, ${gif.length} bytes) beside it; "${told}"`;
};

// ── the jobs view: Save as WebP… ──────────────────────────────────────────────
export const jobsViewSaveWebp: Scenario = async ({ page, workspace, notes }) => {
  const video = notes.get('local-video');
  assert(video, 'no local video from the GIF step');
  const webpName = video.replace(/\.mp4$/, '.webp');
  assert(!existsSync(join(workspace, webpName)), `${webpName} exists before the action`);
  const header = page.locator('.pane-header').filter({ hasText: JOBS_VIEW }).first();
  try {
    return await saveWebpFromJobsView(page, workspace, video, webpName);
  } finally {
    // No menu left open (a click would only close it), then collapsed again: later steps need the Explorer's rows.
    const menu = page.locator('.context-view .monaco-menu').first();
    if (await menu.isVisible().catch(() => false)) {
      await page.keyboard.press('Escape').catch(() => undefined);
      await menu.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    }
    if ((await header.getAttribute('aria-expanded').catch(() => null)) === 'true')
      await header.click().catch(() => undefined);
  }
};

async function saveWebpFromJobsView(page: Page, workspace: string, video: string, webpName: string): Promise<string> {
  const row = await jobsRow(page, video);
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor({ state: 'visible', timeout: 10_000 });
  const labels = (await menu.locator('.action-item .action-label').allTextContents()).map((l) => l.trim());
  assert(labels.includes('Save as GIF…'), `the job's menu has no "Save as GIF…" (${labels.join(' | ')})`);
  const item = menu.locator('.action-item .action-label', { hasText: /^\s*Save as WebP…\s*$/ }).first();
  // The menu can re-layout while it opens, so a click may land where the item was: click until the menu closes.
  for (let attempt = 1; ; attempt++) {
    await item.click();
    if (
      await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    assert(attempt < 3, 'clicking "Save as WebP…" did not close the menu');
  }
  const told = await waitForToast(page, `Saved ${webpName} beside the video.`, 120_000);
  const webp = readFileSync(join(workspace, webpName));
  assert(
    webp.subarray(0, 4).toString('latin1') === 'RIFF' && webp.subarray(8, 12).toString('latin1') === 'WEBP',
    `${webpName} is not a WebP`,
  );
  const meta = await sharp(webp, { animated: true }).metadata();
  assert((meta.pages ?? 1) > 1, `${webpName} has ${meta.pages ?? 1} frame(s)`);
  return `right-click ${video} in ${JOBS_VIEW} → "Save as WebP…" → ${webpName} (${meta.pages} frames); "${told}"`;
}

/** The jobs view expanded, and its row for `video`. */
async function jobsRow(page: Page, video: string): Promise<Locator> {
  const header = page.locator('.pane-header').filter({ hasText: JOBS_VIEW }).first();
  await header.waitFor({ state: 'visible', timeout: 10_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const pane = page.locator('.pane').filter({ has: header }).first();
  const row = pane
    .locator('.pane-body .monaco-list-row')
    .filter({ hasText: new RegExp(`^\\s*${video.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  return row;
}

// Scenarios 9–11: a batch of two images from one form, a remix of photo.mp4 through its sidecar, and the
// "Animate Image jobs" view in the Explorer listing what ran. They run while the fake is up and the key is stored.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { clickContextMenu, explorerRow, findInWebviews, screenshot, statusBarText, waitForFile } from '../harness';
import { added, expectH264, listDir, sha256 } from '../fixtures';
import { assert, pace, type Scenario, type Suite } from './context';
import { MENU_ANIMATE, editorTab, quickInput, waitForToast, waitUntil } from './ui';

export const MENU_REMIX = 'Remix video…';
export const JOBS_VIEW = 'Animate Image jobs';

/** A modal dialog (the workbench's own, in code-server): clicks `button` when one shows within `timeoutMs`. */
async function acceptModalIfShown(page: Page, button: string, timeoutMs: number): Promise<string | undefined> {
  const dialog = page.locator('.monaco-dialog-box').first();
  const shown = await dialog.waitFor({ state: 'visible', timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
  if (!shown) return undefined;
  const message = (
    (await dialog
      .locator('.dialog-message-text')
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
  await dialog
    .locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${button}\\s*$`) })
    .first()
    .click();
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  return message;
}

/** New files in the workspace matching `pattern`, waited for until each has a stable size. */
async function waitForNew(
  suite: Suite,
  before: readonly string[],
  pattern: RegExp,
  count: number,
  timeoutMs: number,
): Promise<string[]> {
  const names = await waitUntil(
    `${count} new file(s) matching ${String(pattern)}`,
    () => {
      const found = added(before, listDir(suite.workspace)).filter((n) => pattern.test(n));
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
  );
  for (const name of names) await waitForFile(join(suite.workspace, name), timeoutMs);
  return names;
}

// ── 9. a batch: two images, one form, two jobs ──────────────────────────────────
export const batchTwoImages: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  pace(suite, 4, 1500); // about 6 s per job: long enough to read the aggregated status text
  const before = listDir(workspace);
  const creates = fake.requestsTo('create', 'POST').length;
  // Select b.jpeg, then shift+click c.webp (the rows are next to each other): a range selection of exactly two.
  // A plain click opens b.jpeg in a preview editor; the shift+click only extends the selection.
  await explorerRow(page, 'b.jpeg').click();
  await explorerRow(page, 'c.webp').click({ modifiers: ['Shift'] });
  const selected = await page
    .locator('.explorer-folders-view .monaco-list-row[aria-selected="true"] .label-name')
    .allTextContents()
    .then((names) => names.map((n) => n.trim()).sort());
  assert(selected.join(',') === 'b.jpeg,c.webp', `selected in the explorer: ${selected.join(', ') || 'nothing'}`);
  await clickContextMenu(page, 'c.webp', MENU_ANIMATE);

  // The form for two images: its first image's preview, "2 images in all" and the other's name listed.
  const { frame } = await findInWebviews(page, 'section.preview p.more', 30_000);
  const more = ((await frame.locator('section.preview p.more').textContent()) ?? '').trim();
  assert(more.startsWith('2 images in all'), `the form says "${more}", not that it applies to 2 images`);
  const listed = [
    ((await frame.locator('section.preview').getAttribute('aria-label')) ?? '').trim(),
    ...(await frame.locator('section.preview ul.names li').allTextContents()).map((n) => n.trim()),
  ].sort();
  assert(listed.join(',') === 'b.jpeg,c.webp', `the form lists ${listed.join(', ')}`);
  const tab = editorTab(page, 'Animate 2 images');
  await tab.first().waitFor({ state: 'visible', timeout: 10_000 });
  const button = ((await frame.locator('#animate').textContent()) ?? '').trim();
  assert(button === 'Animate 2 images', `the submit button reads "${button}"`);
  assert(
    (await frame.locator('#provider').inputValue()) === 'openai-videos',
    'the form did not remember OpenAI Videos',
  );
  assert(await frame.locator('#key-row').isHidden(), 'the form asks for a key although one is stored');
  const prompt = 'batch: slow push in';
  const promptBox = frame.locator('#prompt');
  await promptBox.click();
  await promptBox.press('ControlOrMeta+a');
  await promptBox.press('Delete');
  await promptBox.pressSequentially(prompt, { delay: 5 });
  await screenshot(page, 'e2e-batch-form');
  await frame.locator('#animate').click();
  const cost = await acceptModalIfShown(page, 'Start', 3000);
  await tab.first().waitFor({ state: 'detached', timeout: 15_000 });

  const status = await statusBarText(page, /\d+\/2 done/, 30_000);
  await screenshot(page, 'e2e-batch-status');
  const summary = await waitForToast(page, /videos saved/, 60_000);
  await screenshot(page, 'e2e-batch-summary');
  assert(summary.includes('All 2 videos saved'), `the summary reads "${summary}"`);
  const made = (await waitForNew(suite, before, /^[bc](-\d+)?\.mp4$/, 2, 30_000)).sort();
  assert(made.length === 2 && made[0]!.startsWith('b') && made[1]!.startsWith('c'), `new videos: ${made.join(', ')}`);
  const probes: string[] = [];
  for (const name of made) {
    assert(sha256(join(workspace, name)) === suite.servedSha, `${name} differs from the served MP4`);
    probes.push(`${name} ${await expectH264(join(workspace, name), suite.remoteSize.width, suite.remoteSize.height)}`);
  }
  const newCreates = fake.requestsTo('create', 'POST').length - creates;
  assert(newCreates === 2, `${newCreates} creates for a batch of two`);
  for (const name of made) await explorerRow(page, name).waitFor({ state: 'visible', timeout: 20_000 });
  // The local-provider step later animates b.jpeg and expects b.mp4 to be its own, new file.
  for (const name of made.filter((n) => n.startsWith('b'))) {
    rmSync(join(workspace, name), { force: true });
    rmSync(join(workspace, `${name}.json`), { force: true });
    await explorerRow(page, name).waitFor({ state: 'detached', timeout: 20_000 });
  }
  return `${selected.join(' + ')} → "${more}"${cost ? `; confirmed "${cost}"` : ''}; status "${status}"; "${summary}"; ${probes.join('; ')} (b's output removed again for the local step)`;
};

// ── 10. remix photo.mp4 ─────────────────────────────────────────────────────────
export const remixPhoto: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  pace(suite, 2, 500);
  const original = join(workspace, 'photo.mp4');
  const originalSha = suite.notes.get('photo.sha') ?? sha256(original);
  const sidecar = JSON.parse(readFileSync(`${original}.json`, 'utf8')) as { remoteJobId?: string };
  const remoteId = sidecar.remoteJobId ?? '';
  assert(remoteId, 'photo.mp4.json names no remoteJobId');
  const before = listDir(workspace);
  const remixes = fake.requestsTo('remix', 'POST').length;

  await clickContextMenu(page, 'photo.mp4', MENU_REMIX);
  const input = quickInput(page).locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  const title = ((await quickInput(page).locator('.quick-input-title').textContent()) ?? '').trim();
  assert(title === 'Remix photo.mp4', `the prompt box is titled "${title}"`);
  const prompt = 'make it snow';
  await input.pressSequentially(prompt, { delay: 5 });
  await screenshot(page, 'e2e-remix-prompt');
  await input.press('Enter');
  const modal = await acceptModalIfShown(page, 'Remix', 10_000);

  const [made] = await waitForNew(suite, before, /^photo-\d+\.mp4$/, 1, 60_000);
  assert(made, 'no photo-N.mp4 appeared');
  await explorerRow(page, made).waitFor({ state: 'visible', timeout: 20_000 });
  const saved = await waitForToast(page, `Saved ${made}.`, 20_000);
  const calls = fake.requestsTo('remix', 'POST').slice(remixes);
  assert(calls.length === 1, `${calls.length} POSTs to /videos/{id}/remix for one remix`);
  assert(
    calls[0]!.path.endsWith(`/videos/${remoteId}/remix`),
    `the remix went to ${calls[0]!.path}, not photo.mp4's job ${remoteId}`,
  );
  const probe = await expectH264(join(workspace, made), suite.remoteSize.width, suite.remoteSize.height);
  assert(sha256(original) === originalSha, 'photo.mp4 changed during the remix');
  const remixSidecar = JSON.parse(readFileSync(join(workspace, `${made}.json`), 'utf8')) as {
    remixOf?: { video?: string };
  };
  assert(remixSidecar.remixOf?.video === 'photo.mp4', `${made}.json does not say it remixes photo.mp4`);
  return `prompt box "${title}"; ${modal ? `confirmed "${modal}"; ` : 'no cost modal; '}POST ${calls[0]!.path}; "${saved}" ${probe}; photo.mp4 unchanged`;
};

// ── 11. the jobs view ───────────────────────────────────────────────────────────
export const jobsView: Scenario = async ({ page }) => {
  const header = page.locator('.pane-header').filter({ hasText: JOBS_VIEW }).first();
  await header.waitFor({ state: 'visible', timeout: 10_000 });
  const pane = page.locator('.pane').filter({ has: header }).first();
  const expanded = async (): Promise<boolean> => (await header.getAttribute('aria-expanded')) === 'true';
  if (!(await expanded())) await header.click();
  try {
    await waitUntil('the jobs view to expand', async () => ((await expanded()) ? true : undefined), 5000);
    const rows = pane.locator('.pane-body .monaco-list-row');
    let seen: string[] = [];
    const texts = await waitUntil(
      'rows for the remix, the batch, the failed and the cancelled job in the jobs view',
      async () => {
        // Newest first; the list is virtual, so only the rows that fit are rendered (the oldest, photo.mp4, may not).
        seen = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        const has = (pattern: RegExp): boolean => seen.some((t) => pattern.test(t));
        return has(/^photo-\d+\.mp4\s*done/) &&
          has(/^b\.mp4\s*done/) &&
          has(/^c\.mp4\s*done/) &&
          has(/^b\.jpeg\s*failed/) &&
          has(/^c\.webp\s*cancelled/)
          ? seen
          : undefined;
      },
      20_000,
    ).catch(async (error: Error) => {
      await screenshot(page, 'e2e-jobs-view-missing');
      const body = (
        (await pane
          .locator('.pane-body')
          .first()
          .textContent()
          .catch(() => '')) ?? ''
      )
        .replace(/\s+/g, ' ')
        .trim();
      throw new Error(
        `${error.message}; rows: ${seen.join(' | ') || 'none'}; view text: ${body.slice(0, 300) || 'none'}; panes ${await pane.count()}`,
      );
    });
    await screenshot(page, 'e2e-jobs-view');
    return `${texts.length} rows: ${texts.slice(0, 6).join(' | ')}${texts.length > 6 ? ' | …' : ''}`;
  } finally {
    // Collapsed again, so the file rows of later steps keep their room in the Explorer.
    if (await expanded().catch(() => false)) await header.click().catch(() => undefined);
  }
};

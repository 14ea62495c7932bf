// The palette entry with an image preview active, "Clear API key", and scenario 8: the local provider with the fake
// server shut down and no key stored.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explorerRow, runCommand, screenshot, waitForFile } from '../harness';
import { WORKSPACE_IMAGES, expectH264, probeVideo } from '../fixtures';
import { assert, type Scenario } from './context';
import { OPENAI_LABEL } from './remote';
import {
  PALETTE_ANIMATE,
  editorTab,
  openFormFromExplorer,
  pickQuickPick,
  quickInput,
  readJobProgress,
  selectValue,
  statusItem,
  typePrompt,
  waitForForm,
  waitForFormClosed,
  waitForToast,
  waitUntil,
} from './ui';

// ── the palette entry uses the active image preview; Escape in the form cancels ────────────────────────────────
export const paletteWithActivePreview: Scenario = async ({ page }) => {
  await explorerRow(page, 'c.webp').dblclick();
  await editorTab(page, 'c.webp').first().waitFor({ state: 'visible', timeout: 15_000 });
  // The editor title button is contributed for the image preview only (`activeCustomEditorId` when clause).
  const titleButton = page.locator('.editor-actions .action-label[aria-label*="Animate image"]').first();
  await titleButton.waitFor({ state: 'visible', timeout: 15_000 });
  // The preview (itself a webview) holds the keyboard focus, which swallows F1: give it to the explorer, the way a
  // person clicks back into the file list. The preview stays the active editor.
  await explorerRow(page, 'c.webp').click();
  await runCommand(page, PALETTE_ANIMATE);
  let form = await waitForForm(page, 'c.webp', WORKSPACE_IMAGES['c.webp']);
  await screenshot(page, 'e2e-form-from-palette');
  // Escape in the form: webview `cancel` → the host disposes the panel.
  await form.frame.locator('#prompt').press('Escape');
  await waitForFormClosed(form).catch(() => {
    throw new Error('Escape in the form did not close it (no cancel message handled)');
  });
  // The title button of the preview opens the same form; its Cancel button closes it.
  await editorTab(page, 'c.webp').first().click();
  await titleButton.click();
  form = await waitForForm(page, 'c.webp', WORKSPACE_IMAGES['c.webp']);
  await form.frame.locator('#cancel').click();
  await waitForFormClosed(form).catch(() => {
    throw new Error('the Cancel button did not close the form');
  });
  return 'c.webp preview active → palette "Animate image" → form for c.webp → Escape closed it; title button → form → Cancel closed it';
};

// ── Clear API key ───────────────────────────────────────────────────────────────
export const clearApiKey: Scenario = async ({ page }) => {
  await runCommand(page, 'Animate Image: Clear API key');
  const row = quickInput(page)
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: OPENAI_LABEL }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  const description = (
    (await row
      .locator('.label-description')
      .textContent()
      .catch(() => '')) ?? ''
  ).trim();
  assert(
    description === 'key stored',
    `${OPENAI_LABEL} is listed as "${description}", expected "key stored" (the key set in the form)`,
  );
  await pickQuickPick(page, OPENAI_LABEL);
  const message = await waitForToast(page, `API key for ${OPENAI_LABEL} cleared`, 10_000);
  assert(!message.includes('environment'), `a key from the environment is still used: "${message}"`);
  return `"${message}"`;
};

// ── 8. the local provider: no server, no key ────────────────────────────────────
export const localProvider: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  await fake.close(); // nothing is listening any more: the local path must not need it
  const requestsBefore = fake.requests.length;
  const form = await openFormFromExplorer(page, 'b.jpeg', WORKSPACE_IMAGES['b.jpeg']);
  const { frame } = form;
  // Last used provider was OpenAI Videos and its key is gone now: the form says so.
  assert(
    (await frame.locator('#provider').inputValue()) === 'openai-videos',
    'the form did not remember OpenAI Videos',
  );
  await frame.locator('#key-row').waitFor({ state: 'visible', timeout: 5000 });
  await selectValue(form, 'provider', 'local');
  assert(await frame.locator('#key-row').isHidden(), 'the local provider asks for a key');
  const cost = (await frame.locator('#cost').textContent())?.trim() ?? '';
  assert(cost.startsWith('Estimated cost: free'), `cost line "${cost}"`);
  await selectValue(form, 'size', '854x480');
  await selectValue(form, 'seconds', '2');
  await typePrompt(form, 'slow zoom in');
  await screenshot(page, 'e2e-form-local');
  await frame.locator('#animate').click();
  await waitForFormClosed(form);

  // The status bar shows the job while it renders (a very quick render could finish before the next look).
  const target = join(workspace, 'b.mp4');
  const seen = await waitUntil(
    'a status bar item for b.jpeg (or b.mp4)',
    async () =>
      (await statusItem(page, 'b.jpeg').count()) > 0
        ? 'status item seen'
        : existsSync(target)
          ? 'file before any status item'
          : undefined,
    60_000,
  );
  const progress = await readJobProgress(page, 'b.jpeg');
  const bytes = await waitForFile(target, 150_000);
  await explorerRow(page, 'b.mp4').waitFor({ state: 'visible', timeout: 20_000 });
  const saved = await waitForToast(page, 'Saved b.mp4.', 30_000);
  const summary = await expectH264(target, 854, 480);
  const { durationSeconds } = await probeVideo(target);
  assert(Math.abs(durationSeconds - 2) < 0.3, `b.mp4 lasts ${durationSeconds} s, not 2 s`);
  assert(fake.requests.length === requestsBefore, 'the local run sent requests to the (closed) fake');
  assert(existsSync(`${target}.json`), 'no provenance sidecar b.mp4.json');
  const sidecar = readFileSync(`${target}.json`, 'utf8');
  assert(/"local"/.test(sidecar), 'the sidecar does not name the local provider');
  return `"${saved}"; ${bytes} bytes, ${summary}; ${seen}${progress ? ` ("${progress.text}")` : ''}`;
};

/** Every "Animate Image" log file VS Code wrote for this profile. */
export function extensionLogs(userDataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('Animate Image.log')) found.push(path);
    }
  };
  if (existsSync(join(userDataDir, 'logs'))) walk(join(userDataDir, 'logs'));
  return found;
}

// Prompt help in the form (motion chips, the snippet list with its five-part template) and the getting-started
// walkthrough, whose last step animates the bundled sample offline.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, screenshot, waitForFile } from '../harness';
import { WORKSPACE_IMAGES, added, listDir, probeVideo } from '../fixtures';
import { assert, type Scenario } from './context';
import {
  openFormFromExplorer,
  pickQuickPick,
  quickInput,
  typePrompt,
  waitForFormClosed,
  waitForToast,
  waitUntil,
} from './ui';

export const WALKTHROUGH = 'Get started with Animate Image';
const SAMPLE = 'animate-image-sample.jpg';
const SAMPLE_VIDEO = 'animate-image-sample.mp4';

// ── prompt help ─────────────────────────────────────────────────────────────────
export const promptHelp: Scenario = async ({ page, fake }) => {
  const creates = fake.requestsTo('create', 'POST').length;
  const form = await openFormFromExplorer(page, 'photo.PNG', WORKSPACE_IMAGES['photo.PNG']);
  const { frame } = form;
  const prompt = frame.locator('#prompt');
  await typePrompt(form, 'a lake at dawn');
  // A chip appends at the caret, joined with a comma.
  await frame.locator('button.chip', { hasText: 'gentle wind' }).click();
  assert(
    (await prompt.inputValue()) === 'a lake at dawn, gentle wind',
    `after the chip the prompt is "${await prompt.inputValue()}"`,
  );
  // The snippet list: grouped phrases (camera, speed, natural motion) and the template.
  await frame.locator('#snippets > summary').click();
  const groups = (await frame.locator('#snippets .snippet-label').allTextContents()).map((t) => t.trim());
  assert(groups.join('|') === 'Camera moves|Speed|Natural motion|Template', `snippet groups: ${groups.join(', ')}`);
  await frame.locator('button.snippet', { hasText: 'camera orbits around the subject' }).click();
  await frame.locator('button.snippet', { hasText: 'slowly' }).first().click();
  await frame.locator('button.snippet', { hasText: 'Shot, action, timing, light, sound' }).click();
  const text = await prompt.inputValue();
  const lines = text.split('\n');
  assert(
    lines[0] === 'a lake at dawn, gentle wind, camera orbits around the subject, slowly',
    `first line "${lines[0]}"`,
  );
  const parts = lines.slice(1).map((line) => line.split(':')[0]);
  assert(parts.join(',') === 'Shot,Action,Timing,Light,Sound', `the template's lines start with ${parts.join(', ')}`);
  const count = ((await frame.locator('#prompt-count').textContent()) ?? '').trim();
  assert(count.startsWith(`${text.length}/`), `the counter shows "${count}" for ${text.length} characters`);
  await screenshot(page, 'e2e-prompt-help');
  await frame.locator('#cancel').click();
  await waitForFormClosed(form);
  assert(fake.requestsTo('create', 'POST').length === creates, 'prompt help submitted a job');
  return `chip + 2 snippets + template → ${lines.length} lines, ${text.length} characters; groups ${groups.join(', ')}; cancelled, nothing submitted`;
};

// ── the walkthrough ─────────────────────────────────────────────────────────────
export const walkthrough: Scenario = async ({ page, workspace, userDataDir, extensionId }) => {
  // The extension's scratch folder: the walkthrough adds nothing to the user's project.
  const scratch = join(userDataDir, 'User', 'globalStorage', extensionId.toLowerCase(), 'sample');
  const before = listDir(workspace);
  assert(!existsSync(join(workspace, SAMPLE)), `${SAMPLE} exists before the walkthrough`);
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await pickQuickPick(page, WALKTHROUGH);
  await quickInput(page)
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => undefined);
  const steps = page.locator('.getting-started-step');
  await steps.first().waitFor({ state: 'visible', timeout: 15_000 });
  const titles = (await steps.locator('.step-title').allTextContents()).map((t) => t.trim());
  const expected = ['Pick a provider', 'Set its API key', 'Animate the sample'];
  assert(
    expected.every((title) => titles.includes(title)),
    `walkthrough steps: ${titles.join(' | ')}`,
  );
  const sampleStep = steps
    .filter({ has: page.locator('.step-title', { hasText: /^\s*Animate the sample\s*$/ }) })
    .first();
  await sampleStep.locator('.step-title').click();
  const button = sampleStep.locator('.monaco-button, a').filter({ hasText: 'Animate the sample' }).last();
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot(page, 'e2e-walkthrough');
  await button.click();
  // Copied into the scratch folder and animated with the local provider: no key, no network, no cost.
  await waitForFile(join(scratch, SAMPLE), 20_000);
  await waitUntil(
    `${SAMPLE_VIDEO} in the scratch folder`,
    () => (existsSync(join(scratch, SAMPLE_VIDEO)) ? true : undefined),
    120_000,
  );
  const saved = await waitForToast(page, `Saved ${SAMPLE_VIDEO}.`, 120_000);
  const video = await probeVideo(join(scratch, SAMPLE_VIDEO));
  const extra = added(before, listDir(workspace));
  assert(extra.length === 0, `the walkthrough added to the project: ${extra.join(', ')}`);
  // Out of the Explorer's sight, so the video opens by itself.
  await page
    .locator('.tabs-container .tab[role="tab"]')
    .filter({ hasText: SAMPLE_VIDEO })
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  assert(
    video.codec === 'h264' && video.frames > 0 && Math.abs(video.durationSeconds - 4) < 0.3,
    `${SAMPLE_VIDEO}: ${JSON.stringify(video)}`,
  );
  const probe = `h264 ${video.width}x${video.height}, ${video.durationSeconds.toFixed(2)} s`;
  return `steps ${titles.join(' | ')}; "${saved}"; ${probe}; in the scratch folder: ${listDir(scratch).join(', ')}; nothing added to the project; the video opened`;
};

// Scenarios 2–7: the form, status bar progress, the written MP4, a second run, cancel and a failing job, all with
// the OpenAI Videos provider pointed at the in-process fake.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explorerRow, screenshot, waitForFile } from '../harness';
import { WORKSPACE_IMAGES, added, expectH264, listDir, sha256 } from '../fixtures';
import { assert, pace, type Scenario, type Suite } from './context';
import {
  openFormFromExplorer,
  pickQuickPick,
  quickInput,
  quickPickLabels,
  readJobProgress,
  selectValue,
  statusItem,
  toast,
  toastButtons,
  toastTexts,
  typePrompt,
  waitForFormClosed,
  waitForToast,
  waitUntil,
} from './ui';

const PROVIDER = 'openai-videos';
/** The provider's label as the UI shows it. */
export const OPENAI_LABEL = 'OpenAI-compatible video server';

function sizeText(suite: Suite): string {
  return `${suite.remoteSize.width}x${suite.remoteSize.height}`;
}

function fakeJobFor(suite: Suite, prompt: string) {
  return [...suite.fake.jobs.values()].find((job) => job.prompt === prompt);
}

/** Waits for `name` in the explorer tree (the workbench's file watcher saw the new file). */
async function expectExplorerRow(suite: Suite, name: string): Promise<void> {
  await explorerRow(suite.page, name).waitFor({ state: 'visible', timeout: 20_000 });
}

/** The status bar item for `name` is gone (the job ended). */
async function waitForJobItemGone(suite: Suite, name: string, timeoutMs = 20_000): Promise<void> {
  await waitUntil(
    `the status bar item of ${name} to go`,
    async () => ((await statusItem(suite.page, name).count()) === 0 ? true : undefined),
    timeoutMs,
  );
}

// ── 2. the form ─────────────────────────────────────────────────────────────────
export const formOpenAi: Scenario = async (suite) => {
  const { page, fake } = suite;
  pace(suite, 5, 2000); // queued, then 17 % … 83 % two seconds apart: slow enough to watch the status bar
  const form = await openFormFromExplorer(page, 'photo.PNG', WORKSPACE_IMAGES['photo.PNG']);
  const { frame } = form;
  const prompt = 'slow zoom in, gentle wind in the trees';
  suite.notes.set('photo.prompt', prompt);
  await typePrompt(form, prompt);
  const count = (await frame.locator('#prompt-count').textContent())?.trim();
  assert(
    count === `${prompt.length}/4000` || count?.startsWith(`${prompt.length}/`),
    `prompt counter shows "${count}"`,
  );

  // Provider: the fresh profile starts on "local"; switching shows that OpenAI Videos needs a key.
  await selectValue(form, 'provider', PROVIDER);
  const keyRow = frame.locator('#key-row');
  await keyRow.waitFor({ state: 'visible', timeout: 5000 });
  const keyText = (await frame.locator('#key-text').textContent())?.trim();
  assert(keyText === `${OPENAI_LABEL} needs an API key.`, `key notice reads "${keyText}"`);

  // Set API Key… in the form: webview → host `setKey` → password box → host `keyStatus` → the notice goes.
  await frame.locator('#set-key').click();
  const input = quickInput(page).locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  assert(
    (await input.getAttribute('type')) === 'password',
    `the key box is type=${await input.getAttribute('type')}, not password`,
  );
  const title = (await quickInput(page).locator('.quick-input-title').textContent())?.trim();
  assert(title === `API key for ${OPENAI_LABEL}`, `the key box is titled "${title}"`);
  await screenshot(page, 'e2e-key-password-box');
  await page.keyboard.type(suite.apiKey);
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: 5000 });
  await keyRow.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {
    throw new Error(
      'the "needs an API key" notice stayed after the key was saved (no keyStatus message reached the form)',
    );
  });

  // Size and duration: the provider's capabilities drive the choices.
  const sizes = await frame
    .locator('#size option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const seconds = await frame
    .locator('#seconds option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  assert(sizes.includes(sizeText(suite)), `sizes offered: ${sizes.join(', ')}`);
  // The catalog's vLLM-Omni Wan 2.2 model (OpenAI's own Sora 2 is retired and never offered).
  const models = await frame
    .locator('#model option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  assert(
    models[0] === 'Wan-AI/Wan2.2-I2V-A14B-Diffusers' && !models.includes('sora-2'),
    `models offered: ${models.join(', ')}`,
  );
  assert(seconds.join(',') === '5,4,8,10,12', `durations offered: ${seconds.join(', ')}`);
  await selectValue(form, 'seconds', '8');
  await selectValue(form, 'size', sizeText(suite));
  await selectValue(form, 'seconds', String(suite.remoteSeconds));
  assert(await frame.locator('#fit-crop').isChecked(), 'crop is not the chosen fit');
  const caption = (await frame.locator('#frame-caption').textContent())?.trim() ?? '';
  assert(caption.includes(`${suite.remoteSize.width}×${suite.remoteSize.height}`), `frame caption "${caption}"`);
  const endpoint = (await frame.locator('#endpoint').textContent())?.trim() ?? '';
  assert(
    endpoint === `Sends the image, the prompt and your key to ${fake.url}`,
    `the form says "${endpoint}" about where the job goes`,
  );
  const cost = (await frame.locator('#cost').textContent())?.trim() ?? '';
  // A model on the user's own server has no list price: the form says so rather than guess.
  assert(cost === 'Estimated cost: not known for this model; check the provider’s pricing', `cost line "${cost}"`);
  await screenshot(page, 'e2e-form-filled');

  const creates = fake.requestsTo('create', 'POST').length;
  await frame.locator('#animate').click();
  await waitForFormClosed(form);
  await waitUntil(
    'the fake to receive POST /videos',
    () => (fake.requestsTo('create', 'POST').length > creates ? true : undefined),
    20_000,
  );
  return `prompt typed, ${PROVIDER} ${sizeText(suite)} ${suite.remoteSeconds} s, key set through the form; "${cost}"; submitted`;
};

// ── 3. progress in the status bar ───────────────────────────────────────────────
export const statusProgress: Scenario = async (suite) => {
  const { page } = suite;
  const first = await waitUntil(
    'a status bar item "photo.PNG NN% · m:ss"',
    () => readJobProgress(page, 'photo.PNG'),
    30_000,
  );
  const second = await waitUntil(
    `the percentage to move on from ${first.percent}%`,
    async () => {
      const now = await readJobProgress(page, 'photo.PNG');
      return now && now.percent !== first.percent ? now : undefined;
    },
    30_000,
  );
  await screenshot(page, 'e2e-status-progress');
  assert(second.percent > first.percent, `progress went backwards: ${first.percent}% → ${second.percent}%`);
  const aria =
    (await statusItem(page, 'photo.PNG')
      .locator('.statusbar-item-label')
      .getAttribute('aria-label')
      .catch(() => null)) ?? '';
  assert(
    /^photo\.PNG \d+% · \d+:\d\d$/.test(aria),
    `status item aria-label "${aria}" (screen readers get no icon names)`,
  );
  return `"${first.text}" → "${second.text}"`;
};

// ── 4. photo.mp4 ────────────────────────────────────────────────────────────────
export const photoWritten: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  const target = join(workspace, 'photo.mp4');
  const bytes = await waitForFile(target, 60_000);
  await expectExplorerRow(suite, 'photo.mp4');
  const saved = await waitForToast(page, 'Saved photo.mp4.', 20_000);
  const buttons = await toastButtons(toast(page, 'Saved photo.mp4.'));
  assert(
    buttons.includes('Open Video') && buttons.includes('Reveal in Explorer'),
    `toast buttons: ${buttons.join(', ')}`,
  );
  await waitForJobItemGone(suite, 'photo.PNG');

  const sha = sha256(target);
  assert(
    sha === suite.servedSha,
    `photo.mp4 (${bytes} bytes) differs from the served MP4 (${suite.served.length} bytes)`,
  );
  const probe = await expectH264(target, suite.remoteSize.width, suite.remoteSize.height);
  suite.notes.set('photo.sha', sha);

  // The exact-size fit: the 640x480 PNG reached the provider as exactly the chosen size.
  const job = fakeJobFor(suite, suite.notes.get('photo.prompt') ?? '');
  assert(job, 'the fake has no job with the typed prompt');
  assert(
    job.size === sizeText(suite) && job.seconds === String(suite.remoteSeconds),
    `the fake got size ${job.size}, seconds ${job.seconds}`,
  );
  assert(job.input, 'the create request carried no input_reference image');
  assert(
    job.input.width === suite.remoteSize.width && job.input.height === suite.remoteSize.height,
    `input_reference is ${job.input.width}x${job.input.height}, not the requested ${sizeText(suite)}`,
  );
  assert(
    fake.requestsTo('create', 'POST').length === 1,
    `${fake.requestsTo('create', 'POST').length} creates for one Animate`,
  );

  const sidecar = JSON.parse(readFileSync(`${target}.json`, 'utf8')) as unknown;
  assert(typeof sidecar === 'object' && sidecar !== null, 'photo.mp4.json is not a JSON object');
  const extra = added(JSON.parse(suite.notes.get('listing') ?? '[]') as string[], listDir(workspace));
  assert(extra.join(',') === 'photo.mp4,photo.mp4.json', `new files in the workspace: ${extra.join(', ')}`);
  return `"${saved}"; ${bytes} bytes = served sha256; ${probe}; input_reference ${job.input.width}x${job.input.height} ${job.input.contentType}`;
};

// ── 5. the same again: photo-2.mp4, by keyboard ─────────────────────────────────
export const secondRunByKeyboard: Scenario = async (suite) => {
  const { page, workspace } = suite;
  pace(suite, 2, 400);
  const form = await openFormFromExplorer(page, 'photo.PNG', WORKSPACE_IMAGES['photo.PNG']);
  const { frame } = form;
  // The last used values come back (host lastValues → init).
  const remembered = {
    provider: await frame.locator('#provider').inputValue(),
    size: await frame.locator('#size').inputValue(),
    seconds: await frame.locator('#seconds').inputValue(),
  };
  assert(
    remembered.provider === PROVIDER &&
      remembered.size === sizeText(suite) &&
      remembered.seconds === String(suite.remoteSeconds),
    `the form did not remember the last values: ${JSON.stringify(remembered)}`,
  );
  assert(await frame.locator('#key-row').isHidden(), 'the form asks for a key although one is stored');
  await typePrompt(form, 'zoom out, drifting clouds');

  // Keyboard only: Tab from the prompt to the Animate button, then Enter.
  let tabs = 0;
  let focused = '';
  while (tabs < 30 && focused !== 'animate') {
    await page.keyboard.press('Tab');
    tabs++;
    focused = await frame.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');
  }
  assert(focused === 'animate', `Tab never reached the Animate button (${tabs} presses, last focus ${focused})`);
  await screenshot(page, 'e2e-form-keyboard-focus');
  await page.keyboard.press('Enter');
  await waitForFormClosed(form);

  const second = join(workspace, 'photo-2.mp4');
  await waitForFile(second, 60_000);
  await expectExplorerRow(suite, 'photo-2.mp4');
  await waitForToast(page, 'Saved photo-2.mp4.', 20_000);
  assert(sha256(second) === suite.servedSha, 'photo-2.mp4 differs from the served MP4');
  const before = suite.notes.get('photo.sha');
  assert(before && sha256(join(workspace, 'photo.mp4')) === before, 'photo.mp4 changed during the second run');
  await expectH264(second, suite.remoteSize.width, suite.remoteSize.height);
  return `Animate reached after ${tabs} Tab presses; photo-2.mp4 written; photo.mp4 unchanged (sha256 ${before.slice(0, 12)}…)`;
};

// ── 6. cancel from the status bar ───────────────────────────────────────────────
export const cancelFromStatusBar: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  pace(suite, 50, 2000); // about 100 s: only a cancel ends it within this step
  const before = listDir(workspace);
  const form = await openFormFromExplorer(page, 'c.webp', WORKSPACE_IMAGES['c.webp']);
  const prompt = 'pan left, very slowly';
  await typePrompt(form, prompt);
  await form.frame.locator('#animate').click();
  await waitForFormClosed(form);
  const job = await waitUntil('the fake job of c.webp', () => fakeJobFor(suite, prompt), 30_000);
  try {
    const status = await waitUntil(
      'a status bar item "c.webp NN% · m:ss"',
      () => readJobProgress(page, 'c.webp'),
      30_000,
    );
    // The item's text changes every second: 30 clicks in a row must each open the menu (a command that was swapped
    // on every tick lost about one click in sixteen: "command not found").
    const clicks = 30;
    for (let i = 1; i <= clicks; i++) {
      await statusItem(page, 'c.webp').click();
      const opened = await quickInput(page)
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: 'Cancel Job' })
        .first()
        .waitFor({ state: 'visible', timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      const lost = (await toastTexts(page)).find((t) => /command .*not found/i.test(t));
      assert(opened && !lost, `click ${i} of ${clicks} did not open the job menu${lost ? `: "${lost}"` : ''}`);
      await page.keyboard.press('Escape');
      await quickInput(page).waitFor({ state: 'hidden', timeout: 5000 });
      // Land clicks at different points of the 1 s tick.
      await new Promise((resolve) => setTimeout(resolve, 90 + ((i * 137) % 400)));
    }
    await statusItem(page, 'c.webp').click();
    const labels = await quickPickLabels(page);
    for (const label of ['Cancel Job', 'Show Log', 'Reveal Source Image']) {
      assert(labels.includes(label), `the job menu has no "${label}" (has ${labels.join(' | ')})`);
    }
    await screenshot(page, 'e2e-job-menu');
    await pickQuickPick(page, 'Cancel Job');

    await waitUntil(
      `DELETE /videos/${job.id} at the fake`,
      () => (fake.deletedIds.has(job.id) ? true : undefined),
      15_000,
    );
    const message = await waitForToast(page, /Cancelled/, 15_000);
    assert(message.includes('was asked to cancel'), `cancel notice "${message}"`);
    await waitForJobItemGone(suite, 'c.webp');
    const downloads = fake.requestsTo('content', 'GET').filter((r) => r.path.includes(job.id));
    assert(downloads.length === 0, `the cancelled job was downloaded ${downloads.length} time(s)`);
    const extra = added(before, listDir(workspace));
    assert(extra.length === 0, `files appeared after the cancel: ${extra.join(', ')}`);
    assert(!existsSync(join(workspace, 'c.mp4')), 'c.mp4 was written');
    return `${clicks} clicks in a row each opened the job menu; cancelled at "${status.text}"; fake got DELETE ${job.id}; "${message}"; no file written`;
  } finally {
    // Not cancelled through the UI: let the job end as a failure, so it writes nothing into later steps' workspace.
    if (!fake.deletedIds.has(job.id)) job.willFail = true;
  }
};

// ── 7. a failing job ────────────────────────────────────────────────────────────
export const failedJobNotice: Scenario = async (suite) => {
  const { page, workspace, fake } = suite;
  pace(suite, 1, 300);
  const before = listDir(workspace);
  const form = await openFormFromExplorer(page, 'b.jpeg', WORKSPACE_IMAGES['b.jpeg']);
  await typePrompt(form, `a thunderstorm ${fake.options.failWord} rolls in`);
  // The documented shortcut this time (the hint under the prompt says Ctrl+Enter animates).
  await form.frame.locator('#prompt').press('Control+Enter');
  await waitForFormClosed(form);
  const heading = 'Animating b.jpeg failed';
  const message = await waitForToast(page, heading, 30_000);
  const reason = fake.options.failure.message;
  assert(message.includes(reason), `the notice "${message}" does not give the provider's reason "${reason}"`);
  const item = toast(page, heading);
  assert((await item.locator('.codicon-error').count()) > 0, 'the failure is not shown as an error');
  const buttons = await toastButtons(item);
  assert(buttons.includes('Retry') && buttons.includes('Show Log'), `toast buttons: ${buttons.join(', ')}`);
  // The provider accepted this job before failing it: a retry is billed again, and the question says so.
  const retryQuestion = await retryDialogText(page, item);
  assert(/bills again/.test(retryQuestion), `the retry question of an accepted job reads "${retryQuestion}"`);
  await waitForJobItemGone(suite, 'b.jpeg');
  const extra = added(before, listDir(workspace));
  assert(extra.length === 0, `files appeared for a failed job: ${extra.join(', ')}`);
  return `"${message}" [${buttons.join(', ')}]`;
};

/** Clicks Retry on a failure toast and returns the modal's words; declines it (Escape), so nothing is sent. */
export async function retryDialogText(page: Suite['page'], item: ReturnType<typeof toast>): Promise<string> {
  await item
    .locator('.monaco-button')
    .filter({ hasText: /^Retry$/ })
    .first()
    .click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  const words = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  await screenshot(page, 'e2e-retry-question');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  return words;
}

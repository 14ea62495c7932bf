// Where a job goes, and what the form refuses before anything is sent:
// - the endpoint set in the User settings of a code-server (remote) window is the one in use, the Settings UI shows
//   it under User, and an empty default is not shown as an error;
// - the form names the address under the provider, and the log says "sending to <address>" before the job is sent;
// - an empty prompt (for a provider that needs one) and a too-long one are stopped in the form, in words, next to
//   the prompt, and the form stays open.
import type { Frame, Locator, Page } from 'playwright-core';
import { runCommand, screenshot } from '../harness';
import { WORKSPACE_IMAGES } from '../fixtures';
import { assert, type Scenario, type Suite } from './context';
import { OPENAI_LABEL } from './remote';
import { editorTab, openFormFromExplorer, selectValue, typePrompt, waitUntil } from './ui';

const BASE_URL_KEY = 'animateImage.openaiVideos.baseUrl';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The Settings editor filtered to one setting id; returns its row. */
async function openSettingRow(page: Page, key: string): Promise<Locator> {
  await runCommand(page, 'Preferences: Open User Settings');
  const editor = page.locator('.settings-editor');
  await editor.waitFor({ state: 'visible', timeout: 15_000 });
  // The search box has the focus when the editor opens.
  await page.locator('.settings-editor .settings-header .suggest-input-container').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(`@id:${key}`);
  return editor;
}

// ── the User value is the one in use; the Settings UI shows it, with no error for an empty default ────────────────
export const endpointInUserSettings: Scenario = async (suite) => {
  const { page } = suite;
  const editor = await openSettingRow(page, BASE_URL_KEY);
  try {
    return await checkEndpointSetting(suite, editor);
  } finally {
    // Always: the modal would cover the Explorer for every later step.
    await closeSettings(page, editor);
  }
};

async function checkEndpointSetting(suite: Suite, editor: Locator): Promise<string> {
  const { page, fake } = suite;
  const row = editor
    .locator('.setting-item-contents')
    .filter({ hasText: /Base Url/i })
    .first();
  try {
    await row.waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    const empty = (
      (await editor
        .locator('.no-results-message')
        .textContent()
        .catch(() => '')) ?? ''
    ).trim();
    throw new Error(
      `${BASE_URL_KEY} is not listed under User settings (${empty || 'no row'}): a machine-scoped setting is ignored there`,
    );
  }
  const value = await row.locator('input').first().inputValue();
  assert(value === fake.url, `the User tab shows "${value}", not the value in User settings.json (${fake.url})`);
  const invalid = await editor.locator('.setting-item-contents.invalid-input').count();
  assert(invalid === 0, `${invalid} setting(s) shown as invalid`);
  await screenshot(page, 'e2e-settings-endpoint-user');

  // The Remote tab: the same setting at its empty default must not be red ("URI expected").
  const remoteTab = editor
    .locator('.settings-tabs-widget .action-label')
    .filter({ hasText: /Remote/i })
    .first();
  let remote = 'no Remote tab';
  if ((await remoteTab.count()) > 0) {
    await remoteTab.click();
    await sleep(800);
    const remoteRow = editor
      .locator('.setting-item-contents')
      .filter({ hasText: /Base Url/i })
      .first();
    await remoteRow.waitFor({ state: 'visible', timeout: 10_000 });
    const message = (
      (await remoteRow
        .locator('.setting-item-validation-message')
        .textContent()
        .catch(() => '')) ?? ''
    ).trim();
    const red = await editor.locator('.setting-item-contents.invalid-input').count();
    assert(red === 0 && message === '', `the empty default is shown as an error in the Remote tab: "${message}"`);
    await screenshot(page, 'e2e-settings-endpoint-remote');
    remote = 'Remote tab: empty, no error';
  }
  return `User tab shows ${value}; no setting marked invalid; ${remote}`;
}

/** The Settings editor opens as a modal here: close it, or it covers the Explorer for the next steps. */
async function closeSettings(page: Page, editor: Locator): Promise<void> {
  for (let i = 0; i < 3 && (await editor.isVisible().catch(() => false)); i++) {
    await page.keyboard.press('Escape');
    await sleep(300);
  }
  if (await editor.isVisible().catch(() => false))
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
  if (await editor.isVisible().catch(() => false)) {
    await page.locator('.codicon-close:visible, [aria-label^="Close"]:visible').first().click({ timeout: 5000 });
  }
  await editor.waitFor({ state: 'hidden', timeout: 10_000 });
}

// ── the form: the address under the provider, an empty prompt and a too-long one stopped in words ────────────────
export const formSaysWhereAndWhatIsWrong: Scenario = async (suite) => {
  const { page, fake } = suite;
  const creates = fake.requestsTo('create', 'POST').length;
  const form = await openFormFromExplorer(page, 'b.jpeg', WORKSPACE_IMAGES['b.jpeg']);
  const { frame } = form;
  await selectValue(form, 'provider', 'openai-videos');
  const endpoint = ((await frame.locator('#endpoint').textContent()) ?? '').trim();
  assert(
    endpoint === `Sends the image, the prompt and your key to ${fake.url}`,
    `the line under the provider reads "${endpoint}"`,
  );

  // Empty prompt with a provider that needs one: the form stays open and says so next to the prompt.
  await typePrompt(form, '');
  await frame.locator('#animate').click();
  const needed = await waitUntil(
    'the empty-prompt message next to the prompt',
    async () => ((await frame.locator('#prompt-error').textContent()) ?? '').trim() || undefined,
    5000,
  );
  assert(needed === `${OPENAI_LABEL} needs a prompt: describe the motion.`, `the prompt message reads "${needed}"`);
  assert(
    (await frame.locator('#prompt').getAttribute('aria-invalid')) === 'true',
    'the prompt is not marked aria-invalid',
  );
  await screenshot(page, 'e2e-form-prompt-needed');

  // 3000 characters: fine for OpenAI Videos (4000), too long for the local camera move (2000) once switched to it.
  const long = `slow zoom in over the hills, ${'gentle wind in the tall grass, '.repeat(120)}`.slice(0, 3000);
  await frame.locator('#prompt').fill(long);
  const fine = ((await frame.locator('#prompt-error').textContent()) ?? '').trim();
  assert(fine === '', `a 3000-character prompt is refused for OpenAI Videos: "${fine}"`);
  await selectValue(form, 'provider', 'local');
  const tooLong = ((await frame.locator('#prompt-error').textContent()) ?? '').trim();
  assert(
    /^Prompt too long for .+: 3000 of 2000 characters\./.test(tooLong),
    `after switching to local the prompt message reads "${tooLong}"`,
  );
  // Next to the field, in sight: not below the fold.
  const box = await frame.locator('#prompt-error').boundingBox();
  const viewport = page.viewportSize();
  assert(
    box && viewport && box.y + box.height <= viewport.height,
    `the message is out of sight (${JSON.stringify(box)})`,
  );
  const endpointLocal = ((await frame.locator('#endpoint').textContent()) ?? '').trim();
  assert(
    endpointLocal === 'Runs on this computer: nothing is sent.',
    `the line under the local provider reads "${endpointLocal}"`,
  );
  const cut = await labelsCut(form.frame);
  assert(cut.length === 0, `dropdown labels cut: ${cut.join('; ')}`);
  await screenshot(page, 'e2e-form-prompt-too-long');
  await frame.locator('#animate').click();
  await sleep(1000);
  assert((await editorTab(page, 'Animate b.jpeg').count()) > 0, 'the form closed on a too-long prompt');
  assert(fake.requestsTo('create', 'POST').length === creates, 'a job was sent from a form that shows a problem');
  await frame.locator('#cancel').click();
  return `"${endpoint}"; "${needed}"; "${tooLong}"; nothing sent, the form stayed open`;
};

/** Selects whose chosen label is wider than the box can show (the text measured in the select's own font). */
async function labelsCut(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d');
    const cut: string[] = [];
    for (const id of ['provider', 'model']) {
      const select = document.getElementById(id) as HTMLSelectElement | null;
      const label = select?.selectedOptions[0]?.text ?? '';
      if (!select || !canvas) continue;
      const style = getComputedStyle(select);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // What a select shows: its width less the padding and the arrow (about 20 px).
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      const need = canvas.measureText(label).width;
      if (need > room) cut.push(`#${id} "${label}" needs ${Math.ceil(need)} px, has ${Math.floor(room)} px`);
    }
    return cut;
  });
}

// ── the log names the address before the job is sent ────────────────────────────────────────────────────────────
export const logNamesEndpoint: Scenario = async (suite) => {
  const { page, fake } = suite;
  await runCommand(page, 'Animate Image: Show log');
  const lines = page.locator('.part.panel .output-view .view-lines, .part.panel .view-lines');
  await lines.first().waitFor({ state: 'visible', timeout: 10_000 });
  await runCommand(page, 'View: Toggle Maximized Panel').catch(() => undefined);
  const wanted = `sending to ${fake.url}`;
  const seen = await waitUntil(
    `"${wanted}" in the Animate Image output`,
    async () => {
      const text = ((await lines.first().textContent()) ?? '').replace(/\u00a0/g, ' ');
      return text.includes(wanted) ? text : undefined;
    },
    10_000,
  );
  await screenshot(page, 'e2e-log-endpoint');
  await runCommand(page, 'View: Toggle Maximized Panel').catch(() => undefined);
  // Out of the way of the next steps' forms (and their screenshots).
  await runCommand(page, 'View: Hide Panel').catch(() => undefined);
  const line = seen.slice(Math.max(0, seen.indexOf(wanted) - 40), seen.indexOf(wanted) + wanted.length + 30);
  return `the log shows "…${line}…"`;
};

// Animate Image's own pieces of the workbench, on top of the generic harness: the form webview, the job status bar
// item, quick picks, notifications and editor tabs. Every helper waits for a condition; none sleeps blindly.
import type { Frame, Locator, Page } from 'playwright-core';
import { clickContextMenu, findInWebviews, runCommand } from '../harness';

export const MENU_ANIMATE = 'Animate image';
export const MENU_ANIMATE_PRESET = 'Animate image with preset…';
export const PALETTE_ANIMATE = 'Animate Image: Animate image';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes; `what` names the wait in the error. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = ` (last error: ${(error as Error).message.split('\n')[0]})`;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError}`);
    await sleep(everyMs);
  }
}

// ── the form ───────────────────────────────────────────────────────────────────

export interface Form {
  frame: Frame;
  /** The editor tab of the panel, "Animate photo.PNG". */
  tab: Locator;
}

/** The editor tab whose accessible name is exactly `title` (the visible label is split into name and suffix). */
export function editorTab(page: Page, title: string): Locator {
  return page.locator(`.tabs-container .tab[role="tab"][aria-label=${JSON.stringify(title)}]`);
}

/**
 * Waits for the form of `imageName` to be built. The form only exists after the host answered the webview's
 * `ready` with `init`, and `.name` shows the pixel size the host read from the file: both prove the round trip.
 */
export async function waitForForm(
  page: Page,
  imageName: string,
  size: { width: number; height: number },
): Promise<Form> {
  const { frame } = await findInWebviews(page, `section.preview[aria-label="${imageName}"] #thumb`, 30_000);
  const expected = `${imageName} · ${size.width}×${size.height}`;
  const name = (await frame.locator('section.preview p.name').first().textContent())?.trim();
  if (name !== expected)
    throw new Error(`the form shows "${name}", expected "${expected}" (init message from the host)`);
  await frame.locator('#animate').waitFor({ state: 'visible', timeout: 10_000 });
  const tab = editorTab(page, `Animate ${imageName}`);
  // Checked positively here, so waitForFormClosed's "the tab is gone" can never pass on a wrong selector.
  await tab.first().waitFor({ state: 'visible', timeout: 10_000 });
  return { frame, tab };
}

/** Right-click → "Animate image" → the form for that file. */
export async function openFormFromExplorer(
  page: Page,
  imageName: string,
  size: { width: number; height: number },
): Promise<Form> {
  await clickContextMenu(page, imageName, MENU_ANIMATE);
  return waitForForm(page, imageName, size);
}

export async function selectValue(form: Form, id: string, value: string): Promise<void> {
  await form.frame.selectOption(`#${id}`, value);
  const now = await form.frame.locator(`#${id}`).inputValue();
  if (now !== value) throw new Error(`#${id} is "${now}" after choosing "${value}"`);
}

/** Types like a person (key by key) into the prompt, replacing what was there. */
export async function typePrompt(form: Form, text: string): Promise<void> {
  const prompt = form.frame.locator('#prompt');
  // Typed key by key like a person; on a loaded CI machine a keystroke sent to the nested webview frame right after
  // the click can be dropped (CI lost the first letter once), so a second try is allowed, never a third.
  for (let attempt = 1; ; attempt++) {
    await prompt.click();
    await prompt.press('ControlOrMeta+a');
    await prompt.press('Delete');
    await prompt.pressSequentially(text, { delay: 5 });
    const value = await prompt.inputValue();
    if (value === text) return;
    if (attempt === 2) throw new Error(`the prompt holds "${value}" after typing "${text}"`);
  }
}

/** Waits for the panel to close (the host disposes it once the job started, or on Cancel). */
export async function waitForFormClosed(form: Form, timeoutMs = 15_000): Promise<void> {
  await form.tab.first().waitFor({ state: 'detached', timeout: timeoutMs });
}

// ── status bar ─────────────────────────────────────────────────────────────────

export function statusItem(page: Page, text: string): Locator {
  return page.locator('.part.statusbar .statusbar-item').filter({ hasText: text }).first();
}

/** Reads the job item as `{ text, percent }` when its text matches `name NN%`. */
export async function readJobProgress(
  page: Page,
  name: string,
): Promise<{ text: string; percent: number } | undefined> {
  const pattern = new RegExp(`${escapeRegExp(name)}\\s+(\\d{1,3})%\\s+·\\s+\\d+:\\d\\d`);
  for (const item of await page.locator('.part.statusbar .statusbar-item').all()) {
    const text = ((await item.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
    const match = pattern.exec(text);
    if (match) return { text, percent: Number(match[1]) };
  }
  return undefined;
}

// ── quick input, palette ───────────────────────────────────────────────────────

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

export async function quickPickLabels(page: Page): Promise<string[]> {
  const rows = quickInput(page).locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
  return (await rows.locator('.label-name').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
}

/** Clicks the visible quick pick row whose label contains `label`. */
export async function pickQuickPick(page: Page, label: string): Promise<void> {
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

// ── notifications ──────────────────────────────────────────────────────────────

export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text }).first();
}

export async function toastTexts(page: Page): Promise<string[]> {
  return (await page.locator('.notifications-toasts .notification-list-item-message').allTextContents()).map((t) =>
    t.trim(),
  );
}

/** Waits for a notification toast and returns its message text. */
export async function waitForToast(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const item = toast(page, text);
  try {
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(
      `no notification matching ${String(text)} within ${timeoutMs} ms (showing: ${(await toastTexts(page)).join(' | ') || 'none'})`,
    );
  }
  return ((await item.locator('.notification-list-item-message').textContent()) ?? '').trim();
}

/** The buttons of a toast (e.g. "Retry", "Show Log"). */
export async function toastButtons(item: Locator): Promise<string[]> {
  return (await item.locator('.monaco-button').allTextContents()).map((t) => t.trim()).filter(Boolean);
}

/** Empties the notification center, so the next step only sees its own toasts. */
export async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator('.notifications-toasts .notification-list-item').count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notifications-toasts .notification-list-item')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 });
}

/** Best effort between steps: no menu, quick input, dialog, toast or editor left over from a failed step. */
export async function resetUi(page: Page): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const open = await page
      .locator('.context-view .monaco-menu, .quick-input-widget:visible, .monaco-dialog-box')
      .count()
      .catch(() => 0);
    if (open === 0) break;
    await page.keyboard.press('Escape').catch(() => undefined);
    await sleep(150);
  }
  await clearNotifications(page).catch(() => undefined);
  if (
    (await page
      .locator('.tabs-container .tab[role="tab"]')
      .count()
      .catch(() => 0)) > 0
  ) {
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await page
      .locator('.tabs-container .tab[role="tab"]')
      .first()
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(() => undefined);
  }
}

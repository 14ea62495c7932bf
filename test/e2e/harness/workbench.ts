// Drives the code-server workbench with playwright-core and the Debian chromium.
import { chromium, type Browser, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_BIN, ensureArtifactsDir, isolatedHomeEnv, makeTempDir, sanitizeName } from './paths';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface OpenWorkbenchOptions {
  /**
   * Poll the command palette until this command title is listed (the extension's contributions are loaded).
   * Without it the harness waits `warmupMs` after the explorer shows up.
   */
  waitForCommand?: string;
  /** Upper bound for the waitForCommand poll, or the blind warm-up without it. Default 60 s / 15 s. */
  warmupMs?: number;
  /** Default 1280x800. */
  viewport?: { width: number; height: number };
  headless?: boolean;
  /** Browser console and page errors go to test/e2e/artifacts/browser-<name>.log. Default "workbench". */
  name?: string;
}

export interface Workbench {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Milliseconds from navigation until the workbench was usable (measured, for reporting). */
  readyAfterMs: number;
  /** Milliseconds from navigation until `.monaco-workbench` and the explorer rows were visible. */
  timings: { workbenchMs: number; explorerMs: number; readyMs: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** E2E_DEBUG=1 prints what the helpers are waiting for. */
function debug(message: string): void {
  if (process.env.E2E_DEBUG) console.error(`[e2e ${new Date().toISOString().slice(11, 23)}] ${message}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens `folder` in the workbench at `url`, waits for `.monaco-workbench`, the explorer tree and then the
 * warm-up (contributed commands are not ready for ~15 s after the workbench element appears).
 */
export async function openWorkbench(
  url: string,
  folder: string,
  options: OpenWorkbenchOptions = {},
): Promise<Workbench> {
  const homeRoot = makeTempDir('chromium');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_BIN,
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...isolatedHomeEnv(homeRoot) } as Record<string, string>,
  });
  browser.on('disconnected', () => rmSync(homeRoot, { recursive: true, force: true }));
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleLog = createWriteStream(
      join(ensureArtifactsDir(), `browser-${sanitizeName(options.name ?? 'workbench')}.log`),
    );
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    browser.on('disconnected', () => consoleLog.end());
    const target = new URL(url);
    target.searchParams.set('folder', resolve(folder));
    const started = Date.now();
    await page.goto(target.toString(), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: 90_000 });
    const workbenchMs = Date.now() - started;
    await page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    const explorerMs = Date.now() - started;
    if (options.waitForCommand) {
      await waitForCommand(page, options.waitForCommand, options.warmupMs ?? 60_000);
    } else {
      await sleep(options.warmupMs ?? 15_000);
    }
    const readyMs = Date.now() - started;
    return { browser, context, page, readyAfterMs: readyMs, timings: { workbenchMs, explorerMs, readyMs } };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

async function openPalette(page: Page, text: string): Promise<Locator> {
  const widget = quickInput(page);
  if (!(await widget.isVisible())) {
    await page
      .locator('.monaco-workbench')
      .first()
      .click({ position: { x: 5, y: 5 }, force: true })
      .catch(() => undefined);
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout: 10_000 });
  }
  const input = widget.locator('.quick-input-box input').first();
  await input.fill(`>${text}`);
  return widget;
}

async function closePalette(page: Page): Promise<void> {
  if (await quickInput(page).isVisible()) {
    await page.keyboard.press('Escape');
    await quickInput(page)
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }
}

/** Palette rows whose label is exactly `title` (also "Category: title"). */
function paletteRow(widget: Locator, title: string): Locator {
  const exact = new RegExp(`^(?:[^:]+:\\s*)?${escapeRegExp(title)}$`);
  return widget.locator('.quick-input-list .monaco-list-row').filter({
    has: widget.page().locator('.label-name, .monaco-highlighted-label', { hasText: exact }),
  });
}

async function findPaletteRow(page: Page, title: string, timeoutMs: number): Promise<Locator | undefined> {
  const widget = await openPalette(page, title);
  const row = paletteRow(widget, title).first();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await row.isVisible().catch(() => false)) return row;
    await sleep(200);
  }
  return undefined;
}

/** Polls the command palette until `title` is listed. Returns the time it took. */
export async function waitForCommand(page: Page, title: string, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  let attempt = 0;
  while (Date.now() - started < timeoutMs) {
    attempt++;
    const row = await findPaletteRow(page, title, 1500).catch(() => undefined);
    await closePalette(page);
    debug(`palette poll #${attempt} for "${title}": ${row ? 'found' : 'not yet'} after ${Date.now() - started} ms`);
    if (row) return Date.now() - started;
    await sleep(Math.min(1000 * attempt, 3000));
  }
  throw new Error(`command "${title}" did not appear in the command palette within ${timeoutMs} ms`);
}

/** Runs a command through F1 by its exact title ("Title" or "Category: Title"). */
export async function runCommand(page: Page, title: string, timeoutMs = 10_000): Promise<void> {
  const row = await findPaletteRow(page, title, timeoutMs);
  if (!row) {
    await closePalette(page);
    throw new Error(`command "${title}" not found in the command palette`);
  }
  await row.click();
  await quickInput(page)
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => undefined);
}

/** The explorer row of a visible file or folder by its exact name (expand parent folders first). */
export function explorerRow(page: Page, fileName: string): Locator {
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(fileName)}$`) }) })
    .first();
}

/** Waits until the explorer's visible row labels stop changing (e.g. right after a file was created). */
async function waitForExplorerStable(page: Page, timeoutMs = 5000): Promise<void> {
  const rows = page.locator('.explorer-folders-view .monaco-list-row');
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  while (Date.now() < deadline) {
    const current = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).join('\n');
    if (current === previous) return;
    previous = current;
    await sleep(300);
  }
}

async function openContextMenu(page: Page, fileName: string): Promise<Locator> {
  const row = explorerRow(page, fileName);
  const menu = page.locator('.context-view .monaco-menu').first();
  for (let attempt = 1; ; attempt++) {
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await waitForExplorerStable(page);
    await dismissHovers(page);
    // Right-click alone focuses the row (a left click would also open the file in an editor).
    await row.click({ button: 'right' });
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    // When the tree re-renders under the pointer (a file was just created) the menu can belong to another row:
    // the row the workbench used is the one it marks focused/selected.
    const targeted = await row.evaluate(
      (el) => el.classList.contains('focused') || el.getAttribute('aria-selected') === 'true',
    );
    debug(`context menu on ${fileName}: attempt ${attempt}, row focused=${targeted}`);
    if (targeted || attempt >= 3) return menu;
    await closeContextMenu(page);
    await sleep(500);
  }
}

/**
 * After a right-click the pointer rests on the row and the workbench shows a path tooltip there a moment later,
 * which covers the next row down; park the pointer on the title bar and wait for hovers to go.
 */
async function dismissHovers(page: Page): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.mouse.move(Math.round(viewport.width / 2), 2);
  const started = Date.now();
  await page
    .locator('.workbench-hover-container, .monaco-hover:not(.hidden)')
    .first()
    .waitFor({ state: 'hidden', timeout: 3000 })
    .catch(() => undefined);
  debug(`hovers gone after ${Date.now() - started} ms`);
}

async function closeContextMenu(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page
    .locator('.context-view .monaco-menu')
    .first()
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => undefined);
}

async function menuLabels(menu: Locator): Promise<string[]> {
  const labels = await menu.locator('.action-item .action-label:not(.separator)').allTextContents();
  return labels.map((l) => l.trim()).filter((l) => l.length > 0);
}

/**
 * Right-clicks `fileName` in the explorer and returns the context menu labels (then closes the menu with Escape).
 * `screenshotName` saves a screenshot while the menu is open.
 */
export async function contextMenuItems(page: Page, fileName: string, screenshotName?: string): Promise<string[]> {
  const menu = await openContextMenu(page, fileName);
  try {
    if (screenshotName) await screenshot(page, screenshotName);
    return await menuLabels(menu);
  } finally {
    await closeContextMenu(page);
  }
}

/** Right-clicks `fileName` in the explorer and clicks the menu item labelled exactly `label`. */
export async function clickContextMenu(page: Page, fileName: string, label: string): Promise<void> {
  const menu = await openContextMenu(page, fileName);
  const item = menu
    .locator('.action-item .action-label', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
    .first();
  if ((await item.count()) === 0) {
    const labels = await menuLabels(menu);
    await closeContextMenu(page);
    throw new Error(`context menu of ${fileName} has no "${label}" (has: ${labels.join(' | ')})`);
  }
  // The menu can re-layout while it opens (late contributions such as "Open in Integrated Terminal" shift the rows),
  // so a click may land on where the item was: click again until the menu has closed.
  for (let attempt = 1; ; attempt++) {
    await item.click();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    if (attempt >= 3) throw new Error(`clicking "${label}" in the context menu of ${fileName} did not close the menu`);
    debug(`context menu still open after clicking "${label}"; clicking again`);
  }
}

export interface WebviewHit {
  frame: Frame;
  locator: Locator;
}

/** Finds `selector` in any frame (webviews are two iframes deep), polling until `timeoutMs`. */
export async function findInWebviews(page: Page, selector: string, timeoutMs = 20_000): Promise<WebviewHit> {
  const deadline = Date.now() + timeoutMs;
  do {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      const locator = frame.locator(selector).first();
      if (await locator.count().catch(() => 0)) return { frame, locator };
    }
    await sleep(250);
  } while (Date.now() < deadline);
  throw new Error(
    `"${selector}" not found in any webview frame within ${timeoutMs} ms (${page.frames().length} frames)`,
  );
}

/** Text of the first status bar item whose text (or aria-label) matches; polls until `timeoutMs`. */
export async function statusBarText(page: Page, matcher: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const test = (s: string): boolean => (typeof matcher === 'string' ? s.includes(matcher) : matcher.test(s));
  const items = page.locator('.part.statusbar .statusbar-item');
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  do {
    seen = [];
    for (const item of await items.all()) {
      const text = ((await item.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
      const aria =
        (await item
          .locator('.statusbar-item-label')
          .first()
          .getAttribute('aria-label')
          .catch(() => null)) ?? '';
      if (text) seen.push(text);
      if ((text && test(text)) || (aria && test(aria))) return text || aria;
    }
    await sleep(250);
  } while (Date.now() < deadline);
  throw new Error(`no status bar item matches ${String(matcher)} within ${timeoutMs} ms (saw: ${seen.join(' | ')})`);
}

/** Waits until `path` exists and its size has been stable for one poll; returns its size in bytes. */
export async function waitForFile(path: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastSize = -1;
  do {
    try {
      const { size } = statSync(path);
      if (size === lastSize) return size;
      lastSize = size;
    } catch {
      lastSize = -1;
    }
    await sleep(200);
  } while (Date.now() < deadline);
  throw new Error(`${path} did not appear within ${timeoutMs} ms`);
}

/** Saves a PNG of the page into test/e2e/artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ensureArtifactsDir(), `${sanitizeName(name)}.png`);
  await page.screenshot({ path });
  return path;
}

// Proves the real-workbench harness end to end with a throwaway extension:
//   node --import tsx test/e2e/harness.smoke.ts        (after: bash scripts/e2e-setup.sh)
// Exits 0 when every step passes, 1 otherwise. Screenshots and logs go to test/e2e/artifacts/.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS_DIR,
  clickContextMenu,
  contextMenuItems,
  createProfile,
  findInWebviews,
  installVsix,
  listExtensions,
  makeTempDir,
  openWorkbench,
  runCommand,
  screenshot,
  startCodeServer,
  statusBarText,
  waitForFile,
  type CodeServer,
  type Workbench,
} from './harness';
import {
  SMOKE_EXTENSION_ID,
  SMOKE_PALETTE_TITLE,
  SMOKE_TITLE,
  SMOKE_VERSION,
  packageVsix,
  smokeResultName,
  writeSmokeExtension,
} from './smoke/smokeExtension';

// 1x1 transparent PNG.
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}
const results: StepResult[] = [];
const t0 = Date.now();
let page: Page | undefined;
let shot = 0;

async function step(name: string, fn: () => Promise<string | void>): Promise<boolean> {
  const started = Date.now();
  let ok = true;
  let detail = '';
  try {
    detail = (await fn()) ?? '';
  } catch (error) {
    ok = false;
    detail = (error as Error).message.split('\n').slice(0, 6).join('\n      ');
  }
  if (page) {
    const file = await screenshot(page, `smoke-${String(++shot).padStart(2, '0')}-${name}${ok ? '' : '-FAILED'}`).catch(
      () => '',
    );
    if (file) detail += `${detail ? '; ' : ''}screenshot ${file.slice(ARTIFACTS_DIR.length + 1)}`;
  }
  const ms = Date.now() - started;
  results.push({ name, ok, ms, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name} (${(ms / 1000).toFixed(1)} s)${detail ? `\n      ${detail}` : ''}`);
  return ok;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function main(): Promise<number> {
  const homeMarkers = [join(homedir(), '.config', 'code-server'), join(homedir(), '.local', 'share', 'code-server')];
  const homeBefore = homeMarkers.filter((p) => existsSync(p));

  const workspace = makeTempDir('workspace');
  writeFileSync(join(workspace, 'photo.PNG'), PNG_1X1);
  writeFileSync(join(workspace, 'c.jpeg'), PNG_1X1); // content is irrelevant to the when clause
  writeFileSync(join(workspace, 'notes.txt'), 'not an image\n');
  mkdirSync(join(workspace, 'album.png')); // a folder with an image-like name: must not get the item
  const profile = createProfile('smoke');
  const extRoot = makeTempDir('smoke-ext');
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;

  try {
    const proceed =
      (await step('package-and-install-vsix', async () => {
        const extDir = writeSmokeExtension(join(extRoot, 'harness-smoke'));
        const vsix = packageVsix(extDir, join(extDir, '..', `harness-smoke-${SMOKE_VERSION}.vsix`));
        await installVsix(vsix, profile.extensionsDir, { userDataDir: profile.userDataDir });
        const installed = await listExtensions(profile.extensionsDir, profile.userDataDir);
        assert(installed.includes(`${SMOKE_EXTENSION_ID}@${SMOKE_VERSION}`), `not listed: ${installed.join(', ')}`);
        return `installed ${installed.join(', ')}`;
      })) &&
      (await step('start-code-server', async () => {
        server = await startCodeServer({
          workspace,
          extensionsDir: profile.extensionsDir,
          userDataDir: profile.userDataDir,
          userSettings: { 'workbench.colorTheme': 'Default Dark Modern' },
          name: 'smoke',
        });
        return `${server.url} (log ${server.logFile.slice(ARTIFACTS_DIR.length + 1)})`;
      })) &&
      (await step('open-workbench', async () => {
        workbench = await openWorkbench(server!.url, workspace, { waitForCommand: SMOKE_PALETTE_TITLE });
        page = workbench.page;
        const { workbenchMs, explorerMs, readyMs } = workbench.timings;
        const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
        return `.monaco-workbench ${sec(workbenchMs)}, explorer ${sec(explorerMs)}, command in palette ${sec(readyMs)}`;
      }));
    if (!proceed || !page) return 1;
    const p = page;

    await step('status-bar-initial', async () => `"${await statusBarText(p, 'Smoke: idle')}"`);

    await step('context-menu-on-photo.PNG', async () => {
      const labels = await contextMenuItems(p, 'photo.PNG', 'smoke-menu-photo.PNG');
      assert(labels.includes(SMOKE_TITLE), `"${SMOKE_TITLE}" missing: ${labels.join(' | ')}`);
      return `${labels.length} items incl. "${SMOKE_TITLE}"`;
    });
    await step('context-menu-on-c.jpeg', async () => {
      const labels = await contextMenuItems(p, 'c.jpeg');
      assert(labels.includes(SMOKE_TITLE), `"${SMOKE_TITLE}" missing: ${labels.join(' | ')}`);
      return 'present';
    });
    await step('context-menu-absent-on-notes.txt', async () => {
      const labels = await contextMenuItems(p, 'notes.txt', 'smoke-menu-notes.txt');
      assert(labels.length > 0, 'menu was empty');
      assert(!labels.includes(SMOKE_TITLE), `"${SMOKE_TITLE}" unexpectedly present`);
      return `${labels.length} items, "${SMOKE_TITLE}" absent`;
    });
    await step('context-menu-absent-on-folder-album.png', async () => {
      const labels = await contextMenuItems(p, 'album.png');
      assert(labels.length > 0, 'menu was empty');
      assert(!labels.includes(SMOKE_TITLE), `"${SMOKE_TITLE}" unexpectedly present`);
      return 'absent';
    });

    await step('palette-command-webview-click-writes-file', async () => {
      await runCommand(p, SMOKE_PALETTE_TITLE);
      const { locator } = await findInWebviews(p, '#smoke-button[data-source="palette"]');
      await locator.click();
      const target = join(workspace, smokeResultName('palette'));
      const size = await waitForFile(target, 15_000);
      const status = await statusBarText(p, `Smoke: wrote ${smokeResultName('palette')}`);
      return `${size} bytes; status "${status}"`;
    });

    await step('context-menu-click-webview-click-writes-file', async () => {
      await clickContextMenu(p, 'photo.PNG', SMOKE_TITLE);
      const { frame, locator } = await findInWebviews(p, '#smoke-button[data-source="photo.PNG"]');
      await locator.click();
      const target = join(workspace, smokeResultName('photo.PNG'));
      await waitForFile(target, 15_000);
      const written = JSON.parse(readFileSync(target, 'utf8')) as { uri: string | null; node: string };
      assert(written.uri?.endsWith('/photo.PNG'), `command got uri ${written.uri}`);
      await frame.locator('#smoke-status', { hasText: 'written' }).waitFor({ timeout: 10_000 });
      const status = await statusBarText(p, `Smoke: wrote ${smokeResultName('photo.PNG')}`);
      return `uri ${written.uri}; extension host ${written.node}; status "${status}"`;
    });

    await step('home-folder-untouched', async () => {
      const created = homeMarkers.filter((m) => existsSync(m) && !homeBefore.includes(m));
      assert(created.length === 0, `created in the home folder: ${created.join(', ')}`);
      return 'no ~/.config/code-server or ~/.local/share/code-server created';
    });
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await workbench?.browser.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(profile.root, { recursive: true, force: true });
    rmSync(extRoot, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    return 1;
  })
  .then((code) => {
    const failed = results.filter((r) => !r.ok).length;
    console.log(
      `\n${failed === 0 && code === 0 ? 'SMOKE PASSED' : 'SMOKE FAILED'}: ${results.length - failed}/${results.length} steps ` +
        `in ${((Date.now() - t0) / 1000).toFixed(1)} s; artifacts in ${ARTIFACTS_DIR}`,
    );
    process.exit(code);
  });

// A second window: the Chinese display language (zh-cn) in a folder that is not trusted (Restricted Mode). The
// folder's .vscode/settings.json sets an endpoint and a preset, which VS Code must ignore and the extension must say
// so; the menu, the form (with the animated-WebP note) and the notifications speak Chinese; the local provider still
// makes the video.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  REPO_ROOT,
  clickContextMenu,
  contextMenuItems,
  explorerRow,
  findInWebviews,
  runCommand,
  screenshot,
  waitForFile,
} from '../harness';
import { CHINESE_IMAGES, expectH264, listDir } from '../fixtures';
import { assert } from './context';
import { waitForToast, waitUntil } from './ui';

const zh = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<
  string,
  string
>;
const zhManifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<
  string,
  string
>;

/** The Chinese text for an English message, with `{0}`… filled in; fails loudly when the bundle lacks it. */
export function zhText(english: string, ...args: string[]): string {
  const text = zh[english];
  if (text === undefined) throw new Error(`l10n/bundle.l10n.zh-cn.json has no entry for "${english}"`);
  return args.reduce((out, arg, i) => out.replace(`{${i}}`, arg), text);
}

export const ZH_MENU_ANIMATE = zhManifest['command.animate'] ?? '';
export const ZH_PALETTE_ANIMATE = `Animate Image: ${ZH_MENU_ANIMATE}`;

/** A preset in the user's settings: it must be offered, while the untrusted folder's must not. */
export const USER_PRESET = { name: '我的预设', prompt: '缓慢推近' } as const;

export interface ChineseWindow {
  page: Page;
  workspace: string;
}

export async function untrustedNotice({ page }: ChineseWindow): Promise<string> {
  await page
    .locator('.statusbar-item', { hasText: 'Restricted Mode' })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 });
  // Shown at activation, possibly before the toasts were ready: the notification centre keeps it either way.
  await runCommand(page, 'Notifications: Show Notifications');
  const expected = zhText(
    "Animate Image ignores the workspace's {0} because this workspace is not trusted.",
    'animateImage.openaiVideos.baseUrl, animateImage.presets',
  );
  const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: expected }).first();
  await item.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
    const shown = await page.locator('.notification-list-item-message').allTextContents();
    throw new Error(`no notice "${expected}"; notifications: ${shown.join(' | ') || 'none'}`);
  });
  const buttons = (await item.locator('.monaco-button').allTextContents()).map((t) => t.trim());
  assert(buttons.includes(zhText('Manage Workspace Trust')), `the notice's buttons: ${buttons.join(', ')}`);
  await screenshot(page, 'e2e-zh-untrusted-notice');
  await runCommand(page, 'Notifications: Hide Notifications').catch(() => page.keyboard.press('Escape'));
  return `Restricted Mode; "${expected}" [${buttons.join(', ')}]`;
}

export async function chineseFormAnimatedWebp({ page, workspace }: ChineseWindow): Promise<string> {
  const name = '动图.webp';
  const menu = await contextMenuItems(page, name);
  assert(
    menu.includes(ZH_MENU_ANIMATE) && !menu.includes('Animate image'),
    `the Explorer menu offers: ${menu.join(' | ')}`,
  );
  await clickContextMenu(page, name, ZH_MENU_ANIMATE);
  const { frame } = await findInWebviews(page, `section.preview[aria-label="${name}"] #thumb`, 30_000);
  await frame.locator('#animate').waitFor({ state: 'visible', timeout: 10_000 });
  const note = ((await frame.locator('section.preview p.note').textContent()) ?? '').trim();
  assert(
    note === zhText('This is an animated WebP: only its first frame is animated; its other frames are ignored.'),
    `the form's note reads "${note}"`,
  );
  const button = ((await frame.locator('#animate').textContent()) ?? '').trim();
  assert(button === zhText('Animate'), `the Animate button reads "${button}"`);
  const presets = (await frame.locator('#preset option').allTextContents()).map((t) => t.trim());
  assert(presets.includes(USER_PRESET.name), `the user's own preset is missing: ${presets.join(', ')}`);
  assert(!presets.includes('仓库预设'), `the untrusted folder's preset is offered: ${presets.join(', ')}`);
  assert((await frame.locator('#provider').inputValue()) === 'local', 'the form does not start on the local provider');
  const provider = ((await frame.locator('#provider option[value="local"]').textContent()) ?? '').trim();
  assert(provider === zhText('Local camera move (offline)'), `the local provider is labelled "${provider}"`);
  const chip = zhText('slow zoom in');
  await frame.locator('button.chip', { hasText: chip }).first().click();
  assert(
    (await frame.locator('#prompt').inputValue()) === chip,
    `after the chip the prompt is "${await frame.locator('#prompt').inputValue()}"`,
  );
  const size = CHINESE_IMAGES[name];
  const shown = ((await frame.locator('section.preview p.name').textContent()) ?? '').trim();
  assert(shown === `${name} · ${size.width}×${size.height}`, `the form shows "${shown}"`);
  await frame.selectOption('#size', '854x480');
  await frame.selectOption('#seconds', '2');
  await screenshot(page, 'e2e-zh-form');
  await frame.locator('#animate').click();

  const target = join(workspace, '动图.mp4');
  await waitForFile(target, 150_000);
  await explorerRow(page, '动图.mp4').waitFor({ state: 'visible', timeout: 20_000 });
  const saved = await waitForToast(page, zhText('Saved {0}.', '动图.mp4'), 30_000);
  await screenshot(page, 'e2e-zh-saved');
  const probe = await expectH264(target, 854, 480);
  const sidecar = JSON.parse(readFileSync(`${target}.json`, 'utf8')) as { provider?: string; prompt?: string };
  assert(
    sidecar.provider === 'local' && sidecar.prompt === chip,
    `动图.mp4.json: ${JSON.stringify(sidecar).slice(0, 200)}`,
  );
  await waitUntil(
    'the workspace listing',
    () => (listDir(workspace).includes('动图.mp4.json') ? true : undefined),
    5000,
  );
  return `menu "${ZH_MENU_ANIMATE}"; note "${note}"; presets ${presets.join(', ')}; "${saved}" ${probe} from a ${size.width}×${size.height} animated WebP`;
}

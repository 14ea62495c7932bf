import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandId } from '../../../src/extension/commandIds';
import { imageExtnamePattern, isImagePath } from '../../../src/extension/animate/imageFiles';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const menus: Record<string, MenuItem[]> = manifest.contributes.menus;
const explorerItem = menus['explorer/context']?.find((m) => m.command === CommandId.Animate);

/** The regex in the `when` clause as VS Code reads it: `resourceExtname =~ /…/flags`. */
function whenRegex(when: string): RegExp {
  const match = /resourceExtname =~ \/(.+)\/([a-z]*)/.exec(when);
  assert.ok(match, `no resourceExtname regex in: ${when}`);
  return new RegExp(match[1] ?? '', (match[2] ?? '').replace(/[gy]/g, ''));
}

const table: ReadonlyArray<readonly [string, boolean]> = [
  ['a.PNG', true],
  ['b.jpeg', true],
  ['c.JPG', true],
  ['d.webp', true],
  ['e.gif', false],
  ['notes.txt', false],
  ['x.png.txt', false],
  ['photo.Jpeg', true],
  ['f.WebP', true],
  ['g.jpg', true],
  ['h.jpgx', false],
  ['i.xpng', false],
  ['.png', false], // a dotfile named ".png" has no extension
  ['png', false],
  ['j.svg', false],
  ['k.tiff', false],
  ['archive.png.zip', false],
];

describe('explorer menu when clause', () => {
  it('is only for files and uses resourceExtname', () => {
    assert.ok(explorerItem?.when, 'explorer/context has the animate command with a when clause');
    assert.match(explorerItem.when, /^!explorerResourceIsFolder && /);
  });

  it('matches png/jpg/jpeg/webp in any case and nothing else', () => {
    const regex = whenRegex(explorerItem?.when ?? '');
    for (const [name, expected] of table) assert.equal(regex.test(extname(name)), expected, name);
  });

  it('agrees with the extension’s own image filter', () => {
    assert.equal(whenRegex(explorerItem?.when ?? '').source, imageExtnamePattern.source);
    for (const [name, expected] of table) assert.equal(isImagePath(`/some/folder/${name}`), expected, name);
  });

  it('shows the preset command on the same files', () => {
    const preset = menus['explorer/context']?.find((m) => m.command === CommandId.AnimateWithPreset);
    assert.equal(preset?.when, explorerItem?.when);
  });

  it('puts the animate button on the built-in image preview', () => {
    const title = menus['editor/title']?.find((m) => m.command === CommandId.Animate);
    assert.equal(title?.when, 'activeCustomEditorId == imagePreview.previewEditor');
  });
});

describe('contributed commands', () => {
  const commands: Array<{ command: string; title: string; category?: string }> = manifest.contributes.commands;

  it('match the CommandId enum one to one, all in the Animate Image category', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(CommandId).sort());
    for (const c of commands) {
      assert.equal(c.category, 'Animate Image', c.command);
      assert.match(c.title, /^%command\.[A-Za-z]+%$/, c.command);
    }
  });

  it('hide the context-only job menu from the palette', () => {
    assert.ok(menus.commandPalette?.some((m) => m.command === CommandId.JobMenu && m.when === 'false'));
  });

  it('use only menus that exist for these commands', () => {
    const known = new Set(Object.values(CommandId) as string[]);
    for (const items of Object.values(menus))
      for (const item of items) assert.ok(known.has(item.command), item.command);
  });

  it('declares the l10n folder and the icon', () => {
    assert.equal(manifest.l10n, './l10n');
    assert.equal(manifest.icon, 'media/icon.png');
    const png = readFileSync(join(__dirname, '../../../media/icon.png'));
    assert.equal(png.readUInt32BE(16), 128, 'icon width');
    assert.equal(png.readUInt32BE(20), 128, 'icon height');
  });
});

describe('bundles', () => {
  it('are self-contained: no relative require is left for the extension host or node to resolve', () => {
    // A dependency whose entry is UMD (jsonc-parser) once left `require("./impl/format")` in dist/extension.js:
    // unit tests passed, activation failed in the real workbench.
    for (const bundle of ['dist/extension.js', 'dist/cli.js']) {
      const text = readFileSync(join(__dirname, '../../..', bundle), 'utf8');
      const relative = text.match(/\brequire\d*\(\s*["']\.{1,2}\/[^"']*["']\s*\)/g) ?? [];
      assert.deepEqual(relative, [], `${bundle} (npm test builds it first)`);
    }
  });
});

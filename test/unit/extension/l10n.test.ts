import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '../../..');
const readJson = (path: string): Record<string, string> => JSON.parse(readFileSync(join(root, path), 'utf8'));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** What `vscode-l10n-dev export` (the extractor translators use) finds in src: every `l10n.t` literal. */
function exportedStrings(): Record<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'l10n-export-'));
  try {
    const cli = join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js');
    execFileSync(process.execPath, [cli, 'export', '--outDir', out, join(root, 'src')], { cwd: root, stdio: 'pipe' });
    return JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every literal passed to `l10n.t(…)` (or the `t(…)` wrappers) in the extension's, the core's and the CLI's source. */
function hostStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of ['src/extension', 'src/core', 'src/cli'].flatMap((dir) => tsFiles(join(root, dir)))) {
    const source = readFileSync(file, 'utf8');
    assert.doesNotMatch(
      source,
      /\bl10n\.t\(\s*`/,
      `${file}: use a plain string literal in l10n.t so it can be translated`,
    );
    for (const match of source.matchAll(/\bt\(\s*(['"])((?:\\.|(?!\1).)*)\1/g))
      found.add((match[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  return found;
}

/** Every `%key%` used in package.json. */
function manifestKeys(): Set<string> {
  const text = readFileSync(join(root, 'package.json'), 'utf8');
  return new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? ''));
}

describe('l10n', () => {
  const nls = readJson('package.nls.json');
  const zh = readJson('package.nls.zh-cn.json');

  it('package.nls.json and package.nls.zh-cn.json have the same keys', () => {
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(nls).sort());
    for (const [key, value] of Object.entries(zh)) assert.ok(value.trim(), `empty zh-cn text for ${key}`);
  });

  it('every %key% in package.json is defined, and every defined key is used', () => {
    const used = manifestKeys();
    for (const key of used) assert.ok(key in nls, `package.nls.json lacks ${key}`);
    for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json has unused ${key}`);
  });

  it('every l10n.t string of the extension has a zh-cn translation, and none is stale', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const strings = hostStrings();
    assert.ok(strings.size > 50, `found only ${strings.size} strings: is the scan broken?`);
    for (const text of strings) assert.ok(text in bundle, `l10n/bundle.l10n.zh-cn.json lacks: ${text}`);
    for (const text of Object.keys(bundle))
      assert.ok(strings.has(text), `l10n/bundle.l10n.zh-cn.json has a stale entry: ${text}`);
  });

  it('l10n/bundle.l10n.json is what vscode-l10n-dev exports from src (run npm run l10n:export)', () => {
    const exported = exportedStrings();
    assert.ok(Object.keys(exported).length > 250, 'the extractor found too few strings: is it broken?');
    assert.deepEqual(readJson('l10n/bundle.l10n.json'), exported);
    const zh = readJson('l10n/bundle.l10n.zh-cn.json');
    for (const text of Object.keys(exported)) assert.ok(text in zh, `l10n/bundle.l10n.zh-cn.json lacks: ${text}`);
  });

  it('translations keep the placeholders of the English text', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
    for (const [english, chinese] of Object.entries(readJson('l10n/bundle.l10n.zh-cn.json'))) {
      assert.deepEqual(placeholders(chinese), placeholders(english), english);
    }
  });
});

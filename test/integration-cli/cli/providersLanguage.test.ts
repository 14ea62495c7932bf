/**
 * The CLI lists providers in the user's language, while `providers --json` (read by scripts and compared with the
 * docs) is English whatever the locale.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli as run } from '../../helpers/cli';

describe('providers in the display language', () => {
  it('labels are Chinese in the listing under a zh locale; --json stays the English export', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-providers-lang-'));
    const zh = { LANG: 'zh_CN.UTF-8' };
    const [english, chinese, plainZh] = await Promise.all([
      run(['providers', '--json'], { cwd }),
      run(['providers', '--json'], { cwd, env: zh }),
      run(['providers'], { cwd, env: zh }),
    ]);
    for (const result of [english, chinese, plainZh]) assert.equal(result.code, 0, result.stderr);
    assert.equal(chinese.stdout, english.stdout);
    assert.ok(english.stdout.includes('"label": "Kling AI"'), 'the export names Kling AI in English');
    assert.match(plainZh.stdout, /^kling — 可灵 AI（Kling） \(/m);
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { folderWithImage, runCli as run } from '../../helpers/cli';

// The CLI picks its language from LC_ALL, LC_MESSAGES, then LANG (src/cli/locale.ts): its own words too, not only
// the engine's.
describe('animate-image in the locale’s language', () => {
  const animate = ['--image', 'photo.png', '--n-seconds', '2', '--size', '854x480', '--no-sidecar'];

  it('says its progress and what it saved in Chinese under LANG=zh_CN.UTF-8', async () => {
    const dir = await folderWithImage();
    const result = await run(animate, { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^photo\.png: 正在准备图片$/m);
    assert.ok(result.stderr.includes(`photo.png：已保存 ${join(dir, 'photo.mp4')}`), result.stderr);
    assert.equal(result.stdout, `${join(dir, 'photo.mp4')}\n`, 'stdout stays the bare path, for scripts');
  });

  it('says them in English under LANG=C, and LC_ALL wins over LANG', async () => {
    const dir = await folderWithImage();
    const result = await run(animate, { cwd: dir, env: { LANG: 'C' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^photo\.png: preparing image$/m);
    assert.ok(result.stderr.includes(`photo.png: saved ${join(dir, 'photo.mp4')}`), result.stderr);
    const overridden = await run(animate, { cwd: dir, env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' } });
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.ok(overridden.stderr.includes(`photo.png: saved ${join(dir, 'photo-2.mp4')}`), overridden.stderr);
  });

  it('a bad flag is refused in the locale’s language, with the usage hint', async () => {
    const dir = await folderWithImage();
    const zh = await run(['--image', 'photo.png', '--size', 'big'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(zh.code, 2);
    assert.equal(zh.stderr, 'animate-image: --size 的格式应类似 1280x720\n运行 animate-image --help 查看用法。\n');
    const en = await run(['--image', 'photo.png', '--size', 'big'], { cwd: dir, env: { LANG: 'C' } });
    assert.equal(en.stderr, 'animate-image: --size must look like 1280x720\nRun animate-image --help for usage.\n');
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../../../src/core/image/decode';
import { startOpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { photoLikeJpeg } from '../../fixtures/makeImages';
import { parseGif, parseWebp } from '../../helpers/animation';
import { runCli as run } from '../../helpers/cli';

const FIVE_MB = 5 * 1024 * 1024;

/** A folder with cat.png: a noisy, photo-like 1600×900 picture (the hard case for GIF size). */
async function folderWithPhoto(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-also-'));
  await sharp(await photoLikeJpeg(1600, 900))
    .png()
    .toFile(join(dir, 'cat.png'));
  return dir;
}

describe('animate-image --also gif|webp', () => {
  it('--also gif: a valid, looping animated GIF beside the MP4, under 5 MB for a 4 s 480p clip', async () => {
    const dir = await folderWithPhoto();
    const result = await run(['--image', 'cat.png', '--size', '854x480', '--n-seconds', '4', '--also', 'gif'], {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [join(dir, 'cat.mp4'), join(dir, 'cat.gif')]);
    const gif = await readFile(join(dir, 'cat.gif'));
    assert.ok(gif.length < FIVE_MB, `${gif.length} bytes`);
    const info = parseGif(gif);
    assert.ok(info.frames > 1, `${info.frames} frames`);
    assert.ok(info.loops, 'loops forever');
    assert.equal(info.firstFramePixels, info.width * info.height);
    assert.ok(Math.abs(info.width / info.height - 854 / 480) < 0.02, `${info.width}x${info.height}`);
    // The frames last as long as the clip.
    const seconds = info.delays.reduce((sum, d) => sum + d, 0) / 100;
    assert.ok(Math.abs(seconds - 4) < 0.1, `${seconds} s`);
  });

  it('--also webp: an animated WebP (VP8X, ANIM, ANMF frames) beside the MP4, under 5 MB for a 4 s 480p clip', async () => {
    const dir = await folderWithPhoto();
    const result = await run(
      ['--image', 'cat.png', '--size', '854x480', '--n-seconds', '4', '--also', 'webp', '--json'],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
    const line = JSON.parse(result.stdout) as { output: string; also: string[] };
    assert.deepEqual([line.output, line.also], [join(dir, 'cat.mp4'), [join(dir, 'cat.webp')]]);
    const webp = await readFile(join(dir, 'cat.webp'));
    assert.ok(webp.length < FIVE_MB, `${webp.length} bytes`);
    const info = parseWebp(webp);
    assert.ok(info.animated, 'VP8X says animated');
    assert.deepEqual(info.types.slice(0, 2), ['VP8X', 'ANIM']);
    assert.ok(info.types.filter((t) => t === 'ANMF').length > 1, info.types.join(' '));
    assert.ok(Math.abs(info.durations.reduce((a, b) => a + b, 0) - 4000) < 50, 'lasts the clip');
    // libwebp decodes its first frame (the project's own reader re-wraps it as a still).
    const first = await decodeImage(webp);
    assert.deepEqual([first.width, first.height], [info.width, info.height]);
  });

  it('never overwrites: an existing cat.gif stays, the new one takes the next free name', async () => {
    const dir = await folderWithPhoto();
    await writeFile(join(dir, 'cat.gif'), 'mine');
    const result = await run(
      [
        '--image',
        'cat.png',
        '--size',
        '480x854',
        '--n-seconds',
        '2',
        '--also',
        'gif',
        '--loop',
        '--motion',
        'orbit',
        '--fps',
        '30',
      ],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(join(dir, 'cat.gif'), 'utf8'), 'mine');
    assert.deepEqual(result.stdout.trim().split('\n'), [join(dir, 'cat.mp4'), join(dir, 'cat-2.gif')]);
    assert.ok(parseGif(await readFile(join(dir, 'cat-2.gif'))).frames > 1);
    const sidecar = JSON.parse(await readFile(join(dir, 'cat.mp4.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.provider, 'local');
  });

  it('bad values are refused before anything is made', async () => {
    const dir = await folderWithPhoto();
    for (const [flags, message] of [
      [['--also', 'avi'], /--also must be one of: gif, webp/],
      [['--fps', '25'], /--fps must be one of: 24, 30, 60/],
      [['--motion', 'spin'], /--motion must be one of: zoom-in/],
      [['--provider', 'openai-videos', '--motion', 'orbit'], /--motion only apply to the local provider/],
    ] as const) {
      const result = await run(['--image', 'cat.png', ...flags], {
        cwd: dir,
        env: { OPENAI_API_KEY: 'test-key-for-the-fake-only' },
      });
      assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.deepEqual(
      (await readdir(dir)).filter((name) => !name.startsWith('.')),
      ['cat.png'],
    );
  });

  it("a provider's MP4 without ffmpeg: the video is saved, the GIF is not, and the message says ffmpeg is needed", async () => {
    const key = 'test-key-for-the-fake-only';
    const fake = await startOpenAiVideosFake({ apiKey: key, video: { bytes: 50_000 }, runningSteps: 1 });
    try {
      const dir = await folderWithPhoto();
      const noTools = await mkdtemp(join(tmpdir(), 'cli-also-path-'));
      const result = await run(
        [
          '--image',
          'cat.png',
          '--provider',
          'openai-videos',
          '--base-url',
          fake.url,
          '--poll-interval',
          '0.05',
          '--size',
          '1280x720',
          '--prompt',
          'slow zoom in',
          '--also',
          'gif',
        ],
        {
          cwd: dir,
          env: { OPENAI_API_KEY: key, PATH: noTools },
        },
      );
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, `${join(dir, 'cat.mp4')}\n`);
      assert.match(
        result.stderr,
        /GIF was not made: converting openai-videos's MP4 needs ffmpeg, which is not on PATH/,
      );
      assert.equal((await readFile(join(dir, 'cat.mp4'))).length, 50_000);
      assert.deepEqual(
        (await readdir(dir)).filter((name) => name.endsWith('.gif')),
        [],
      );
    } finally {
      await fake.close();
    }
  });
});

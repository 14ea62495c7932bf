import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeOutputPort } from '../../../src/core/output';
import type { RgbaImage } from '../../../src/core/image/rgba';
import { ffmpegFrameSource, probeVideoSize } from '../../../src/core/video/animationFrames';
import { saveAlso } from '../../../src/core/video/alsoSave';
import { renderClip } from '../../../src/core/video/renderClip';
import { parseGif, parseWebp } from '../../helpers/animation';

const FFMPEG = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;

function picture(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      data.set([(x * 255) / width, (y * 255) / height, ((x >> 4) + (y >> 4)) % 2 ? 200 : 40, 255], (y * width + x) * 4);
  }
  return { width, height, data };
}

describe('saveAlso from a video file (the path for other providers)', () => {
  let dir: string;
  let video: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'animate-image-also-'));
    video = join(dir, 'clip.mp4');
    await renderClip({
      source: picture(640, 360),
      motion: 'pan-right',
      width: 320,
      height: 180,
      seconds: 2,
      outPath: video,
      encoder: 'wasm',
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'decodes the MP4 with ffmpeg, streams its frames into a GIF and a WebP beside it',
    { skip: FFMPEG ? false : 'ffmpeg is not installed' },
    async () => {
      const size = await probeVideoSize('ffmpeg', video);
      assert.deepEqual(size, { width: 320, height: 180 });
      const frames = (width: number, height: number, fps: number) =>
        ffmpegFrameSource('ffmpeg', video, width, height, fps);
      const gifPath = await saveAlso({
        format: 'gif',
        videoPath: video,
        ...size,
        fps: 24,
        port: nodeOutputPort,
        frames,
      });
      assert.equal(gifPath, join(dir, 'clip.gif'));
      const gif = parseGif(await readFile(gifPath));
      assert.deepEqual([gif.width, gif.height], [320, 180]);
      assert.ok(Math.abs(gif.frames - 25) <= 1, `${gif.frames} frames for 2 s at 12.5 fps`);
      const webpPath = await saveAlso({
        format: 'webp',
        videoPath: video,
        ...size,
        fps: 24,
        port: nodeOutputPort,
        frames,
      });
      const webp = parseWebp(await readFile(webpPath));
      assert.ok(webp.animated && webp.durations.length > 40, `${webp.durations.length} frames`);
      // Saved again: new names, the first files untouched.
      assert.equal(
        await saveAlso({ format: 'gif', videoPath: video, ...size, fps: 24, port: nodeOutputPort, frames }),
        join(dir, 'clip-2.gif'),
      );
      assert.deepEqual((await readdir(dir)).sort(), ['clip-2.gif', 'clip.gif', 'clip.mp4', 'clip.webp']);
    },
  );

  it('shrinks until the file fits the budget, and says so when nothing fits', async () => {
    const tiny = async () => {
      const image = picture(64, 36);
      return {
        width: 64,
        height: 36,
        sample: async () => [image],
        async *frames() {
          for (let i = 0; i < 10; i++) yield image;
        },
      };
    };
    const sizes: number[] = [];
    await assert.rejects(
      saveAlso({
        format: 'gif',
        videoPath: join(dir, 'never.mp4'),
        width: 640,
        height: 360,
        fps: 24,
        port: nodeOutputPort,
        budgetBytes: 100,
        frames: async (w) => (sizes.push(w), tiny()),
      }),
      /Could not make a GIF under/,
    );
    assert.ok(
      sizes.length > 1 && sizes.every((w, i) => i === 0 || w < sizes[i - 1]!),
      `tried widths ${sizes.join(', ')}`,
    );
    assert.ok(!(await readdir(dir)).includes('never.gif'));
  });
});

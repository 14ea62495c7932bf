import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnimateError } from '../../../src/core/errors';
import type { RgbaImage } from '../../../src/core/image/rgba';
import { cameraWindow } from '../../../src/shared/cameraPath';
import type { EncoderKind } from '../../../src/core/video/encoder';
import { findFfmpeg } from '../../../src/core/video/findFfmpeg';
import { FPS, renderClip } from '../../../src/core/video/renderClip';
import { renderFrameI420 } from '../../../src/core/video/renderFrame';
import { i420Size, matrixForSize } from '../../../src/core/video/yuv';
import { inspectMp4 } from '../../helpers/mp4';

const hasTool = (name: string) => spawnSync(name, ['-version'], { stdio: 'ignore' }).status === 0;
const FFMPEG = hasTool('ffmpeg');
const FFPROBE = hasTool('ffprobe');
const NO_FFMPEG = 'ffmpeg (with ffprobe) is not installed; the ffmpeg checks need it';

const WIDTH = 320;
const HEIGHT = 240;
const SECONDS = 1;

/** Smooth colour fields plus a coarse checkerboard: compresses like a picture, and motion is obvious. */
function picture(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const check = ((x >> 5) + (y >> 5)) % 2 ? 60 : 0;
      data[i] = Math.round((x / width) * 190) + check;
      data[i + 1] = Math.round((y / height) * 190) + check;
      data[i + 2] = 128 + (check ? 60 : -60);
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

function ffprobe(path: string): Record<string, string | number> {
  const result = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_frames',
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height,nb_frames,nb_read_frames,color_space',
      '-of',
      'json',
      path,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as { streams: Array<Record<string, string | number>> };
  assert.equal(parsed.streams.length, 1);
  return parsed.streams[0]!;
}

/** Every frame's luma plane as stored (decoded to yuv420p: asking for gray would rescale to full range). */
function decodeLuma(path: string, width: number, height: number): Uint8Array[] {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, String(result.stderr));
  const frameSize = i420Size(width, height);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + frameSize <= result.stdout.length; offset += frameSize)
    frames.push(result.stdout.subarray(offset, offset + width * height));
  return frames;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('renderClip encoders', () => {
  let dir: string;
  const source = picture(480, 360);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'animate-image-encode-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function checkClip(kind: EncoderKind): Promise<void> {
    const outPath = join(dir, `${kind}.mp4`);
    const progress: number[] = [];
    const result = await renderClip({
      source,
      motion: 'zoom-in',
      width: WIDTH,
      height: HEIGHT,
      seconds: SECONDS,
      outPath,
      encoder: kind,
      onProgress: (done) => progress.push(done),
    });
    assert.equal(result.encoder, kind);
    assert.equal(result.frames, SECONDS * FPS);
    assert.deepEqual(
      progress,
      Array.from({ length: SECONDS * FPS }, (_, i) => i + 1),
    );

    const info = inspectMp4(await readFile(outPath));
    assert.ok(['isom', 'mp42', 'mp41'].includes(info.majorBrand), `brand ${info.majorBrand}`);
    assert.ok(info.topLevel.includes('moov') && info.topLevel.includes('mdat'));
    assert.ok(
      info.topLevel.indexOf('moov') < info.topLevel.indexOf('mdat'),
      `fast start (moov first): ${info.topLevel.join(' ')}`,
    );
    assert.ok(Math.abs(info.durationSeconds - SECONDS) <= 1 / FPS + 1e-9, `duration ${info.durationSeconds}`);
    assert.equal(info.tracks.length, 1);
    const [track] = info.tracks;
    assert.equal(track!.handler, 'vide');
    assert.equal(track!.codec, 'avc1');
    assert.equal(track!.width, WIDTH);
    assert.equal(track!.height, HEIGHT);
    assert.equal(track!.sampleCount, SECONDS * FPS);
    assert.ok(Math.abs(track!.duration / track!.timescale - SECONDS) <= 1 / FPS + 1e-9);

    if (!FFPROBE || !FFMPEG) return;
    const stream = ffprobe(outPath);
    assert.equal(stream.codec_name, 'h264');
    assert.equal(stream.pix_fmt, 'yuv420p');
    assert.equal(stream.width, WIDTH);
    assert.equal(stream.height, HEIGHT);
    assert.equal(Number(stream.nb_read_frames), SECONDS * FPS);
    const frames = decodeLuma(outPath, WIDTH, HEIGHT);
    assert.equal(frames.length, SECONDS * FPS);
    assert.ok(meanAbsDiff(frames[0]!, frames.at(-1)!) > 3, 'first and last frames should differ');
    // The decoded picture is the one we rendered (right matrix, no stray conversion, sane quality).
    const expected = new Uint8Array(i420Size(WIDTH, HEIGHT));
    const matrix = kind === 'ffmpeg' ? 'bt709' : matrixForSize(WIDTH, HEIGHT);
    renderFrameI420(
      source,
      cameraWindow('zoom-in', 0, source.width, source.height, WIDTH, HEIGHT),
      expected,
      WIDTH,
      HEIGHT,
      matrix,
    );
    const error = meanAbsDiff(frames[0]!, expected.subarray(0, WIDTH * HEIGHT));
    assert.ok(error < 3, `first frame luma differs from the render by ${error.toFixed(2)} on average`);
  }

  it('wasm encoder writes a real H.264 MP4 of the right size, length and content', async () => {
    await checkClip('wasm');
  });

  it(
    'ffmpeg encoder writes a real H.264 MP4 of the right size, length and content',
    { skip: FFMPEG && FFPROBE ? false : NO_FFMPEG },
    async () => {
      await checkClip('ffmpeg');
      const stream = ffprobe(join(dir, 'ffmpeg.mp4'));
      assert.equal(stream.color_space, 'bt709', 'tagged with the matrix we converted with');
    },
  );

  it('rounds odd sizes down to even', async () => {
    const outPath = join(dir, 'odd.mp4');
    const result = await renderClip({
      source,
      motion: 'pan-left',
      width: 101,
      height: 77,
      seconds: 0.5,
      outPath,
      encoder: 'wasm',
    });
    assert.deepEqual([result.width, result.height], [100, 76]);
    const [track] = inspectMp4(await readFile(outPath)).tracks;
    assert.deepEqual([track!.width, track!.height], [100, 76]);
  });

  it('abort stops the render and leaves no file', async () => {
    for (const kind of FFMPEG ? (['wasm', 'ffmpeg'] as const) : (['wasm'] as const)) {
      const outPath = join(dir, `aborted-${kind}.mp4`);
      const controller = new AbortController();
      let frames = 0;
      const started = performance.now();
      await assert.rejects(
        renderClip({
          source,
          motion: 'zoom-out',
          width: 640,
          height: 480,
          seconds: 10,
          outPath,
          encoder: kind,
          signal: controller.signal,
          onProgress: (done) => {
            frames = done;
            if (done === 5) controller.abort();
          },
        }),
        (error: unknown) => error instanceof AnimateError && error.kind === 'cancelled',
      );
      assert.ok(frames < 20, `${kind}: kept going for ${frames} frames after the abort`);
      assert.ok(performance.now() - started < 5000, `${kind}: abort took too long`);
      await assert.rejects(stat(outPath), { code: 'ENOENT' });
    }
    // The shared wasm module survives an early stop: the next clip still encodes.
    const next = await renderClip({
      source,
      motion: 'zoom-in',
      width: 64,
      height: 48,
      seconds: 0.25,
      outPath: join(dir, 'after-abort.mp4'),
      encoder: 'wasm',
    });
    assert.equal(next.frames, 6);
  });

  it('auto without a usable ffmpeg falls back to wasm; explicit ffmpeg without one is a bad-input error', async () => {
    const fake = join(dir, 'not-ffmpeg.sh');
    await writeFile(fake, '#!/bin/sh\necho "no encoders here"\n');
    await chmod(fake, 0o755);
    assert.equal(await findFfmpeg(fake), undefined);
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const result = await renderClip({
      source,
      motion: 'zoom-in',
      width: 64,
      height: 48,
      seconds: 0.25,
      outPath: join(dir, 'auto.mp4'),
      encoder: 'auto',
      ffmpegPath: fake,
      log,
    });
    assert.equal(result.encoder, 'wasm');
    assert.match(warnings.join('\n'), /not an ffmpeg with libx264/);
    await assert.rejects(
      renderClip({
        source,
        motion: 'zoom-in',
        width: 64,
        height: 48,
        seconds: 0.25,
        outPath: join(dir, 'explicit.mp4'),
        encoder: 'ffmpeg',
        ffmpegPath: fake,
      }),
      (error: unknown) =>
        error instanceof AnimateError && error.kind === 'bad-input' && /ffmpegPath/.test(error.message),
    );
    await assert.rejects(stat(join(dir, 'explicit.mp4')), { code: 'ENOENT' });
  });

  it('finds ffmpeg on PATH only when it can encode H.264', { skip: FFMPEG ? false : NO_FFMPEG }, async () => {
    assert.ok(await findFfmpeg());
    assert.equal(await findFfmpeg(undefined, { PATH: dir }), undefined);
  });

  it(
    'an ffmpeg that dies mid-clip makes auto retry with wasm',
    { skip: process.platform === 'win32' ? 'needs a shell script' : false },
    async () => {
      // Claims libx264 when probed, then fails on the real job.
      const flaky = join(dir, 'flaky-ffmpeg.sh');
      await writeFile(
        flaky,
        '#!/bin/sh\nif [ "$2" = "-encoders" ]; then echo " V....D libx264  H.264"; exit 0; fi\nhead -c 1000 >/dev/null\necho "simulated crash" >&2\nexit 1\n',
      );
      await chmod(flaky, 0o755);
      const warnings: string[] = [];
      const log = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
      const outPath = join(dir, 'flaky.mp4');
      const result = await renderClip({
        source,
        motion: 'pan-right',
        width: 64,
        height: 48,
        seconds: 0.5,
        outPath,
        encoder: 'auto',
        ffmpegPath: flaky,
        log,
      });
      assert.equal(result.encoder, 'wasm');
      assert.match(warnings.join('\n'), /simulated crash/);
      assert.equal(inspectMp4(await readFile(outPath)).tracks[0]!.sampleCount, 12);
      // With encoder "ffmpeg" the failure is reported instead (as an io error carrying ffmpeg's stderr).
      await assert.rejects(
        renderClip({
          source,
          motion: 'pan-right',
          width: 64,
          height: 48,
          seconds: 0.5,
          outPath: join(dir, 'flaky2.mp4'),
          encoder: 'ffmpeg',
          ffmpegPath: flaky,
        }),
        (error: unknown) =>
          error instanceof AnimateError && error.kind === 'io' && /simulated crash/.test(error.message),
      );
      assert.ok(!(await readdir(dir)).includes('flaky2.mp4'));
    },
  );
});

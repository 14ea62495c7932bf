import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../../../src/core/image/decode';
import { startOpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { photoLikeJpeg } from '../../fixtures/makeImages';
import { run } from './runCli';

const FIVE_MB = 5 * 1024 * 1024;

/** A folder with cat.png: a noisy, photo-like 1600×900 picture (the hard case for GIF size). */
async function folderWithPhoto(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-also-'));
  await sharp(await photoLikeJpeg(1600, 900)).png().toFile(join(dir, 'cat.png'));
  return dir;
}

interface GifInfo {
  width: number;
  height: number;
  frames: number;
  delays: number[];
  loops: boolean;
  firstFramePixels: number;
}

/** Walks every block of a GIF89a file, failing on anything malformed, and LZW-decodes the first frame. */
function parseGif(bytes: Uint8Array): GifInfo {
  assert.equal(Buffer.from(bytes.subarray(0, 6)).toString('latin1'), 'GIF89a');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint16(6, true);
  const height = view.getUint16(8, true);
  const flags = bytes[10]!;
  let at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  const delays: number[] = [];
  let frames = 0;
  let loops = false;
  let firstFramePixels = -1;
  const readSubBlocks = (): Uint8Array => {
    const parts: number[] = [];
    for (;;) {
      const size = bytes[at++];
      assert.ok(size !== undefined, 'truncated sub-blocks');
      if (size === 0) return Uint8Array.from(parts);
      assert.ok(at + size <= bytes.length, 'sub-block past the end');
      parts.push(...bytes.subarray(at, at + size));
      at += size;
    }
  };
  for (;;) {
    const introducer = bytes[at++];
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = bytes[at++];
      const data = readSubBlocks();
      if (label === 0xf9) delays.push(data[1]! | (data[2]! << 8));
      if (label === 0xff && Buffer.from(data.subarray(0, 11)).toString('latin1') === 'NETSCAPE2.0') loops = true;
      continue;
    }
    assert.equal(introducer, 0x2c, `unexpected block 0x${introducer?.toString(16)} at ${at - 1}`);
    const w = view.getUint16(at + 4, true);
    const h = view.getUint16(at + 6, true);
    assert.deepEqual([w, h], [width, height]);
    at += 9;
    const minCodeSize = bytes[at++]!;
    const data = readSubBlocks();
    if (frames === 0) firstFramePixels = lzwDecodeLength(data, minCodeSize);
    frames++;
  }
  assert.equal(at, bytes.length, 'bytes after the trailer');
  return { width, height, frames, delays, loops, firstFramePixels };
}

/** How many pixels an LZW stream decodes to (a broken code stream throws). */
function lzwDecodeLength(data: Uint8Array, minCodeSize: number): number {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let codeSize = minCodeSize + 1;
  let lengths: number[] = [];
  let firstOf: number[] = [];
  const reset = () => {
    lengths = Array.from({ length: end + 1 }, (_, i) => (i < clear ? 1 : 0));
    firstOf = Array.from({ length: end + 1 }, (_, i) => i);
    codeSize = minCodeSize + 1;
  };
  reset();
  let bits = 0;
  let buffer = 0;
  let pos = 0;
  let previous = -1;
  let total = 0;
  for (;;) {
    while (bits < codeSize) {
      assert.ok(pos < data.length, 'LZW stream ends without an end code');
      buffer |= data[pos++]! << bits;
      bits += 8;
    }
    const code = buffer & ((1 << codeSize) - 1);
    buffer >>>= codeSize;
    bits -= codeSize;
    if (code === clear) {
      reset();
      previous = -1;
      continue;
    }
    if (code === end) return total;
    let length: number;
    let first: number;
    if (code < lengths.length) {
      length = lengths[code]!;
      first = firstOf[code]!;
      assert.ok(length > 0, `LZW code ${code} is not defined`);
    } else {
      assert.equal(code, lengths.length, `LZW code ${code} skips ahead`);
      assert.ok(previous >= 0);
      length = lengths[previous]! + 1;
      first = firstOf[previous]!;
    }
    if (previous >= 0 && lengths.length < 4096) {
      lengths.push(lengths[previous]! + 1);
      firstOf.push(firstOf[previous]!);
      if (lengths.length === 1 << codeSize && codeSize < 12) codeSize++;
    }
    void first;
    total += length;
    previous = code;
  }
}

/** Chunk types of a RIFF/WebP file, in order, with the VP8X flags. */
function parseWebp(bytes: Uint8Array): { types: string[]; animated: boolean; width: number; height: number; durations: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'RIFF');
  assert.equal(Buffer.from(bytes.subarray(8, 12)).toString('latin1'), 'WEBP');
  assert.equal(view.getUint32(4, true) + 8, bytes.length, 'RIFF size');
  const types: string[] = [];
  const durations: number[] = [];
  let animated = false;
  let width = 0;
  let height = 0;
  const u24 = (p: number) => bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16);
  for (let pos = 12; pos < bytes.length; ) {
    const type = Buffer.from(bytes.subarray(pos, pos + 4)).toString('latin1');
    const size = view.getUint32(pos + 4, true);
    assert.ok(pos + 8 + size <= bytes.length, `${type} runs past the end`);
    types.push(type);
    if (type === 'VP8X') {
      animated = (bytes[pos + 8]! & 0b10) !== 0;
      width = u24(pos + 12) + 1;
      height = u24(pos + 15) + 1;
    }
    if (type === 'ANMF') {
      assert.deepEqual([u24(pos + 14) + 1, u24(pos + 17) + 1], [width, height], 'frame covers the canvas');
      durations.push(u24(pos + 20));
      const inner = Buffer.from(bytes.subarray(pos + 24, pos + 28)).toString('latin1');
      assert.ok(inner === 'VP8 ' || inner === 'VP8L', `ANMF holds ${inner}`);
    }
    pos += 8 + size + (size & 1);
  }
  return { types, animated, width, height, durations };
}

describe('animate-image --also gif|webp', () => {
  it('--also gif: a valid, looping animated GIF beside the MP4, under 5 MB for a 4 s 480p clip', async () => {
    const dir = await folderWithPhoto();
    const result = await run(['--image', 'cat.png', '--size', '854x480', '--n-seconds', '4', '--also', 'gif'], { cwd: dir });
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
    const result = await run(['--image', 'cat.png', '--size', '854x480', '--n-seconds', '4', '--also', 'webp', '--json'], { cwd: dir });
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
    const result = await run(['--image', 'cat.png', '--size', '480x854', '--n-seconds', '2', '--also', 'gif', '--loop', '--motion', 'orbit', '--fps', '30'], { cwd: dir });
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
      const result = await run(['--image', 'cat.png', ...flags], { cwd: dir, env: { OPENAI_API_KEY: 'test-key-for-the-fake-only' } });
      assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.deepEqual((await readdir(dir)).filter((name) => !name.startsWith('.')), ['cat.png']);
  });

  it("a provider's MP4 without ffmpeg: the video is saved, the GIF is not, and the message says ffmpeg is needed", async () => {
    const key = 'test-key-for-the-fake-only';
    const fake = await startOpenAiVideosFake({ apiKey: key, video: { bytes: 50_000 }, runningSteps: 1 });
    try {
      const dir = await folderWithPhoto();
      const noTools = await mkdtemp(join(tmpdir(), 'cli-also-path-'));
      const result = await run(['--image', 'cat.png', '--provider', 'openai-videos', '--base-url', fake.url, '--poll-interval', '0.05', '--size', '1280x720', '--prompt', 'slow zoom in', '--also', 'gif'], {
        cwd: dir,
        env: { OPENAI_API_KEY: key, PATH: noTools },
      });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, `${join(dir, 'cat.mp4')}\n`);
      assert.match(result.stderr, /GIF was not made: converting openai-videos's MP4 needs ffmpeg, which is not on PATH/);
      assert.equal((await readFile(join(dir, 'cat.mp4'))).length, 50_000);
      assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.gif')), []);
    } finally {
      await fake.close();
    }
  });
});

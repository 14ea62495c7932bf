import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { exactBuffer } from '../../../src/core/image/bytes';
import { decodeJpeg } from '../../../src/core/image/codecs';
import { decodeJpegPixels, JpegError, type JpegOptions } from '../../../src/core/image/jpeg/decoder';
import type { RgbaImage } from '../../../src/core/image/rgba';
import { flatJpeg, photoLikeJpeg, quadrant, rawRgba } from '../../fixtures/makeImages';

const FULL: JpegOptions = { scale: 1, orientation: 1, maxCoefficientBytes: 2 ** 30 };

async function mozjpeg(file: Buffer): Promise<RgbaImage> {
  const { value } = await decodeJpeg(exactBuffer(file));
  return { width: value.width, height: value.height, data: new Uint8Array(value.data.buffer) };
}

/** Mean and largest per-channel difference between two images of one size. */
function difference(a: RgbaImage, b: RgbaImage): { mean: number; max: number } {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / a.data.length, max };
}

describe('our JPEG decoder', () => {
  it('matches mozjpeg on baseline, 4:4:4, progressive, mozjpeg-optimised and grayscale files', async () => {
    // Odd sizes exercise partial blocks and MCUs at the right and bottom edges.
    const base = await photoLikeJpeg(301, 203);
    const files = {
      baseline420: base,
      baseline444: await sharp(base).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer(),
      progressive: await sharp(base).jpeg({ quality: 80, progressive: true }).toBuffer(),
      mozjpeg: await sharp(base).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
      gray: await sharp(base).greyscale().jpeg().toBuffer(),
      grayProgressive: await sharp(base).greyscale().jpeg({ progressive: true }).toBuffer(),
    };
    for (const [name, file] of Object.entries(files)) {
      const { mean, max } = difference(decodeJpegPixels(file, FULL).image, await mozjpeg(file));
      // Only rounding and chroma upsampling differ (libjpeg interpolates chroma, we replicate it).
      assert.ok(mean < 0.2 && max <= 8, `${name}: mean ${mean.toFixed(3)}, max ${max}`);
    }
  });

  it('decodes at 1/2, 1/4 and 1/8 scale, close to the full picture averaged down', async () => {
    const file = await photoLikeJpeg(320, 240);
    for (const scale of [2, 4, 8] as const) {
      const small = decodeJpegPixels(file, { ...FULL, scale }).image;
      assert.deepEqual([small.width, small.height], [320 / scale, 240 / scale]);
      const reference = await sharp(file)
        .resize(320 / scale, 240 / scale, { kernel: 'cubic' })
        .ensureAlpha()
        .raw()
        .toBuffer();
      const { mean } = difference(small, { width: small.width, height: small.height, data: new Uint8Array(reference) });
      assert.ok(mean < 6, `1/${scale}: mean difference ${mean.toFixed(2)}`);
    }
  });

  it('applies every EXIF orientation while writing the pixels', async () => {
    const upright = rawRgba(64, 48, quadrant(64, 48));
    const file = await sharp(upright, { raw: { width: 64, height: 48, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: 95 })
      .toBuffer();
    // Stored as is, each orientation tells the viewer how to turn it: compare with sharp turning the same pixels
    // (through one more lossy save, hence the tolerance; a wrong turn of the quadrants is off by ~100).
    for (const orientation of [2, 3, 4, 5, 6, 7, 8] as const) {
      const ours = decodeJpegPixels(file, { ...FULL, orientation }).image;
      const tagged = await sharp(file).withMetadata({ orientation }).jpeg({ quality: 100 }).toBuffer();
      const { data, info } = await sharp(tagged).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const { mean } = difference(ours, { width: info.width, height: info.height, data: new Uint8Array(data) });
      assert.ok(mean < 8, `orientation ${orientation}: mean difference ${mean.toFixed(2)}`);
    }
  });

  it('refuses a progressive file whose coefficients would not fit in the memory budget', async () => {
    const file = await sharp(await photoLikeJpeg(256, 256))
      .jpeg({ progressive: true })
      .toBuffer();
    assert.throws(
      () => decodeJpegPixels(file, { ...FULL, maxCoefficientBytes: 100_000 }),
      (error: unknown) =>
        error instanceof JpegError && error.problem === 'too-large' && /progressive.*MB/.test(error.message),
    );
    // A single-scan baseline file streams through a row of blocks at a time, whatever its size.
    const baseline = await photoLikeJpeg(256, 256);
    assert.equal(decodeJpegPixels(baseline, { ...FULL, maxCoefficientBytes: 100_000 }).image.width, 256);
  });

  it('tells damaged data from data that stops early', () => {
    const file = flatJpeg(64, 64, (x, y) => [(x * 4) & 255, (y * 4) & 255, 128, 40], 0);
    const cut = file.subarray(0, file.length - 40);
    assert.throws(
      () => decodeJpegPixels(cut, FULL),
      (error: unknown) => error instanceof JpegError && error.problem === 'truncated',
    );
    const scanStart = file.lastIndexOf(Buffer.from([0xff, 0xda]));
    const damaged = Buffer.from(file);
    damaged.fill(0xfe, scanStart + 20, scanStart + 60); // not a valid run of Huffman codes
    assert.throws(
      () => decodeJpegPixels(damaged, FULL),
      (error: unknown) => error instanceof JpegError && error.problem === 'corrupt',
    );
  });
});

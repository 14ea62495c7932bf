import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { AnimateError } from '../../../src/core/errors';
import { decodeImage } from '../../../src/core/image/decode';
import { fitImage } from '../../../src/core/image/fit';
import { decodeJpegPixels } from '../../../src/core/image/jpeg/decoder';
import type { RgbaImage } from '../../../src/core/image/rgba';
import type { Size } from '../../../src/core/types';
import { flatJpeg, photoLikeJpeg } from '../../fixtures/makeImages';

/**
 * A reduced-scale decode must give what the full decode + our resampler gives, to within 40 dB PSNR: a mean
 * error of about two levels in 255, invisible side by side (a quality-90 JPEG save of the same picture differs
 * from it by about as much). Measured: 42–53 dB on these files; a wrong filter, shift or colour costs 10–20 dB.
 */
const MIN_PSNR_DB = 40;

/** Peak signal-to-noise ratio over the colour channels of two images of one size, in dB. */
function psnr(a: RgbaImage, b: RgbaImage): number {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let squares = 0;
  let count = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    const d = a.data[i]! - b.data[i]!;
    squares += d * d;
    count++;
  }
  return squares === 0 ? Infinity : 10 * Math.log10((255 * 255 * count) / squares);
}

/** The full-size decode cover-fitted to `size`: what every JPEG went through before reduced decoding. */
async function fullPath(file: Uint8Array, size: Size): Promise<RgbaImage> {
  return fitImage(await decodeImage(file), size, 'crop');
}

/** Sizes 1/`shrink` of the picture (the shrink factors chosen so that whole blocks fit: no edge rounding). */
function target(image: RgbaImage, shrink: number): Size {
  return { width: Math.round(image.width / shrink), height: Math.round(image.height / shrink) };
}

async function sample(): Promise<Buffer> {
  return readFile('media/sample.jpg'); // a real photo, 1600×900, progressive 4:2:0
}

describe('reduced-scale JPEG decoding', () => {
  it('stays close to the full decode + resample on a real photo: baseline 4:2:0, 4:4:4 and grayscale', async () => {
    const photo = await sample();
    const files = {
      '4:2:0': await sharp(photo).jpeg({ quality: 92 }).toBuffer(),
      '4:4:4': await sharp(photo).jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer(),
      grayscale: await sharp(photo).greyscale().jpeg({ quality: 92 }).toBuffer(),
    };
    for (const [name, file] of Object.entries(files)) {
      const full = await decodeImage(file);
      // 2 and 4 decode at 1/2 and 1/4 exactly; 2.5 and 5 decode at 1/2 and 1/4, then resample the rest.
      for (const [shrink, scale] of [
        [2, 2],
        [2.5, 2],
        [4, 4],
        [5, 4],
      ] as const) {
        const reduced = await decodeImage(file, { shrinkUpTo: shrink });
        // Really decoded smaller (before, a JPEG under 24 megapixels was always decoded whole).
        assert.deepEqual([reduced.width, reduced.height], [1600 / scale, 900 / scale], `${name} 1/${shrink}`);
        const size = target(full, shrink);
        const db = psnr(fitImage(reduced, size, 'crop'), await fullPath(file, size));
        assert.ok(db >= MIN_PSNR_DB, `${name} 1/${shrink}: ${db.toFixed(1)} dB`);
      }
    }
  });

  it('stays close on a generated picture down to 1/8 scale', async () => {
    const file = await photoLikeJpeg(1600, 1200);
    const full = await decodeImage(file);
    for (const [shrink, scale] of [
      [2, 2],
      [4, 4],
      [8, 8],
      [10, 8],
    ] as const) {
      const reduced = await decodeImage(file, { shrinkUpTo: shrink });
      assert.deepEqual([reduced.width, reduced.height], [1600 / scale, 1200 / scale]);
      const size = target(full, shrink);
      const db = psnr(fitImage(reduced, size, 'crop'), await fullPath(file, size));
      assert.ok(db >= MIN_PSNR_DB, `1/${shrink}: ${db.toFixed(1)} dB`);
    }
  });

  it('applies the EXIF orientation to a reduced decode', async () => {
    // Tagged "turn 90° clockwise": the upright picture is 900×1600.
    const file = await sharp(await sample())
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const full = await decodeImage(file);
    assert.deepEqual([full.width, full.height], [900, 1600]);
    const reduced = await decodeImage(file, { shrinkUpTo: 4 });
    assert.deepEqual([reduced.width, reduced.height], [225, 400]);
    const size = target(full, 5);
    const db = psnr(fitImage(reduced, size, 'crop'), await fullPath(file, size));
    assert.ok(db >= MIN_PSNR_DB, `${db.toFixed(1)} dB`);
  });

  it('decodes a progressive file at reduced scale just as closely (used for CMYK and very large files)', async () => {
    const photo = await sample();
    for (const scale of [2, 4] as const) {
      const reduced = decodeJpegPixels(photo, { scale, orientation: 1, maxCoefficientBytes: 2 ** 30 }).image;
      const size = { width: 1600 / scale, height: 900 / scale };
      const db = psnr(reduced, await fullPath(photo, size));
      assert.ok(db >= MIN_PSNR_DB, `progressive 1/${scale}: ${db.toFixed(1)} dB`);
    }
    // Through decodeImage, a progressive file under 24 megapixels goes to mozjpeg whole (faster than ours).
    const viaDecode = await decodeImage(photo, { shrinkUpTo: 2 });
    assert.deepEqual([viaDecode.width, viaDecode.height], [1600, 900]);
  });

  it('gives a cut-short or damaged file the verdict the full decode gives', async () => {
    const file = await photoLikeJpeg(640, 480);
    const outcome = async (bytes: Uint8Array, shrinkUpTo?: number): Promise<string> => {
      try {
        const image = await decodeImage(bytes, shrinkUpTo === undefined ? {} : { shrinkUpTo });
        return `decoded ${image.width}×${image.height}`;
      } catch (error) {
        return error instanceof AnimateError ? `refused: ${String(error.details.code)}` : String(error);
      }
    };
    const cut = file.subarray(0, Math.floor(file.length * 0.6));
    assert.equal(await outcome(cut, 2), 'refused: truncated');
    const scanStart = file.lastIndexOf(Buffer.from([0xff, 0xda]));
    for (const at of [400, 20_000]) {
      const damaged = Buffer.from(file);
      damaged.fill(0xfe, scanStart + at, scanStart + at + 40); // no run of Huffman codes makes sense of this
      const verdict = await outcome(damaged);
      // mozjpeg shows what it can of such a file: a reduced decode must not refuse it instead.
      assert.equal((await outcome(damaged, 4)).split(' ')[0], verdict.split(' ')[0], `damaged at ${at}`);
    }
  });

  it('follows restart markers (cameras write them) at full and reduced scale', async () => {
    // Every 5 MCUs, so restarts fall mid-row and their numbers wrap past RST7; each block a different colour.
    const file = flatJpeg(128, 64, (x, y) => [(x * 2 + 40) & 255, (y * 3 + 60) & 255, (x + y * 2) & 255], undefined, 5);
    assert.ok(file.includes(Buffer.from([0xff, 0xd7])) && file.includes(Buffer.from([0xff, 0xdd])));
    const full = await decodeImage(file); // mozjpeg
    const ours = decodeJpegPixels(file, { scale: 1, orientation: 1, maxCoefficientBytes: 2 ** 30 }).image;
    assert.ok(psnr(ours, full) >= MIN_PSNR_DB, `full scale: ${psnr(ours, full).toFixed(1)} dB`);
    const reduced = await decodeImage(file, { shrinkUpTo: 2 });
    assert.deepEqual([reduced.width, reduced.height], [64, 32]);
    const db = psnr(reduced, await fullPath(file, { width: 64, height: 32 }));
    assert.ok(db >= MIN_PSNR_DB, `1/2: ${db.toFixed(1)} dB`);
  });
});

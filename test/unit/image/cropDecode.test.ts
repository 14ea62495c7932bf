import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage, type DecodeOptions } from '../../../src/core/image/decode';
import { decodeJpegPixels } from '../../../src/core/image/jpeg/decoder';
import { prepareImage, type Decoder } from '../../../src/core/image/prepare';
import type { Region } from '../../../src/core/image/resample';
import type { RgbaImage } from '../../../src/core/image/rgba';
import type { Size } from '../../../src/core/types';
import { photoLikeJpeg } from '../../fixtures/makeImages';

/** 4:3 and large enough that a video-sized fit decodes it at half scale through our own decoder. */
const STORED = { width: 2000, height: 1500 };
const BLACK = 0xff000000; // opaque black as a little-endian RGBA word: what a skipped pixel is left as

let dir: string;
let photo: Buffer;
/** The same pixels stored with each EXIF orientation. */
const turned = new Map<number, Buffer>();
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crop-decode-'));
  photo = await photoLikeJpeg(STORED.width, STORED.height);
  for (const orientation of [2, 3, 4, 5, 6, 7, 8])
    turned.set(orientation, await sharp(photo).withMetadata({ orientation }).jpeg({ quality: 90 }).toBuffer());
});
after(() => rm(dir, { recursive: true, force: true }));

function words(image: RgbaImage): Uint32Array {
  return new Uint32Array(image.data.buffer, image.data.byteOffset, image.width * image.height);
}

/** The decoder prepareImage uses, minus the crop hint: every block decoded, as before the hint existed. */
const wholeDecoder: Decoder = (bytes, options?: DecodeOptions) =>
  decodeImage(bytes, options?.shrinkUpTo === undefined ? {} : { shrinkUpTo: options.shrinkUpTo });

describe('a crop tells the JPEG decoder what it reads', () => {
  it('decodes the region exactly as a whole decode does and leaves blocks well outside it untouched (opaque black), in every orientation', async () => {
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const file = orientation === 1 ? photo : turned.get(orientation)!;
      const whole = await decodeImage(file, { shrinkUpTo: 2 });
      // Upright file pixels: a band right of centre and below the top, so every flip or turn moves it elsewhere.
      const upright = { width: whole.width * 2, height: whole.height * 2 };
      const region: Region = {
        x: upright.width * 0.5,
        y: upright.height * 0.25,
        width: upright.width * 0.3,
        height: upright.height * 0.5,
      };
      const part = await decodeImage(file, { shrinkUpTo: 2, region });
      assert.deepEqual([part.width, part.height], [whole.width, whole.height], `orientation ${orientation}`);
      const a = words(whole);
      const b = words(part);
      // In decoded pixels: the region, and its surroundings beyond a block row or column (8 pixels at half scale).
      const left = region.x / 2;
      const top = region.y / 2;
      const right = left + region.width / 2;
      const bottom = top + region.height / 2;
      let inside = 0;
      let skipped = 0;
      for (let y = 0; y < whole.height; y++) {
        for (let x = 0; x < whole.width; x++) {
          const i = y * whole.width + x;
          if (x >= left && x < right && y >= top && y < bottom) {
            if (a[i] !== b[i]) assert.fail(`orientation ${orientation}: pixel ${x},${y} differs inside the region`);
            inside++;
          } else if (x < left - 16 || x >= right + 16 || y < top - 16 || y >= bottom + 16) {
            // The photo has no black pixel: black here means the block was never transformed.
            if (b[i] !== BLACK) assert.fail(`orientation ${orientation}: pixel ${x},${y} outside was decoded`);
            assert.notEqual(a[i], BLACK);
            skipped++;
          }
        }
      }
      assert.ok(inside > 0 && skipped > whole.width * whole.height * 0.6, `orientation ${orientation}: ${skipped}`);
    }
  });

  it('stops reading after the last row the region needs: data missing below it does not matter, above it does', () => {
    const sos = photo.indexOf(Buffer.from([0xff, 0xda]));
    // The entropy-coded data cut at 70%: the rows of the picture's top half are all there, its bottom rows are not.
    const cut = photo.subarray(0, sos + Math.floor((photo.length - sos) * 0.7));
    const options = { scale: 2, orientation: 1, maxCoefficientBytes: 64 * 1024 * 1024 } as const;
    const top = { x: 0, y: 0, width: STORED.width / 2, height: STORED.height / 2 / 3 };
    const whole = decodeJpegPixels(photo, options).image;
    const part = decodeJpegPixels(cut, { ...options, region: top }).image;
    const rowBytes = whole.width * 4;
    assert.deepEqual(part.data.subarray(0, top.height * rowBytes), whole.data.subarray(0, top.height * rowBytes));
    assert.throws(() => decodeJpegPixels(cut, options), { name: 'JpegError', problem: 'truncated' });
    const bottom = { ...top, y: STORED.height / 2 - top.height };
    assert.throws(() => decodeJpegPixels(cut, { ...options, region: bottom }), { problem: 'truncated' });
  });

  it('prepareImage with the hint writes the very PNG the whole decode gives: 16:9, 9:16 and a turned photo', async () => {
    const cases: [string, Buffer, Size][] = [
      ['landscape', photo, { width: 640, height: 360 }],
      ['portrait', photo, { width: 360, height: 640 }],
      ['orientation 6', turned.get(6)!, { width: 640, height: 360 }],
      ['orientation 7, portrait', turned.get(7)!, { width: 270, height: 480 }],
    ];
    for (const [name, bytes, size] of cases) {
      const path = join(dir, `${name}.jpg`);
      await writeFile(path, bytes);
      let region: Region | undefined;
      // Without `cover` (the planes path, compared by PSNR in coverPlanes.test.ts): the region hint alone.
      const spy: Decoder = (file, options) => {
        region = options?.region;
        return decodeImage(file, {
          ...(options?.shrinkUpTo ? { shrinkUpTo: options.shrinkUpTo } : {}),
          ...(region ? { region } : {}),
        });
      };
      const hinted = await prepareImage(path, { size, fit: 'crop', maxBytes: 64 * 1024 * 1024, decode: spy });
      const whole = await prepareImage(path, { size, fit: 'crop', maxBytes: 64 * 1024 * 1024, decode: wholeDecoder });
      assert.ok(region, `${name}: a crop region was passed`);
      assert.deepEqual(Buffer.from(hinted.bytes), Buffer.from(whole.bytes), name);
    }
  });

  it('gives no region for smart fit (it looks at the whole picture first) or pad, nor when nothing is cut', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, photo);
    const regions: (Region | undefined)[] = [];
    const spy: Decoder = (file, options) => {
      regions.push(options?.region);
      return decodeImage(file, options);
    };
    for (const fit of ['smart', 'pad'] as const)
      await prepareImage(path, { size: { width: 640, height: 360 }, fit, maxBytes: 64 * 1024 * 1024, decode: spy });
    await prepareImage(path, {
      size: { width: 400, height: 300 },
      fit: 'crop',
      maxBytes: 64 * 1024 * 1024,
      decode: spy,
    });
    assert.deepEqual(regions, [undefined, undefined, undefined]);
  });
});

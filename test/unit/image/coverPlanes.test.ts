import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage, type DecodeOptions } from '../../../src/core/image/decode';
import { fitImage } from '../../../src/core/image/fit';
import { prepareImage, type Decoder } from '../../../src/core/image/prepare';
import type { RgbaImage } from '../../../src/core/image/rgba';
import type { Size } from '../../../src/core/types';
import { photoLikeJpeg } from '../../fixtures/makeImages';

/** Large enough that a video-sized fit decodes it at reduced scale through our own decoder. */
const STORED = { width: 2000, height: 1500 };

/** PSNR over R, G and B: how far the planes path may drift from fitting the converted pixels. */
const MIN_PSNR_DB = 40;

function psnr(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  let samples = 0;
  for (let i = 0; i < a.length; i++) {
    if ((i & 3) === 3) continue;
    const d = a[i]! - b[i]!;
    sum += d * d;
    samples++;
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * samples) / sum);
}

/** Today's path: the decoded pixels, then the cover-crop resample. */
async function fittedPixels(file: Buffer, shrinkUpTo: number, size: Size): Promise<RgbaImage> {
  return fitImage(await decodeImage(file, { shrinkUpTo }), size, 'crop');
}

let dir: string;
let photo: Buffer;
let photo444: Buffer;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cover-planes-'));
  photo = await photoLikeJpeg(STORED.width, STORED.height);
  photo444 = await sharp(photo).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
});
after(() => rm(dir, { recursive: true, force: true }));

describe('a cover-crop of a YCbCr JPEG from its planes (resampled before colour conversion)', () => {
  it('comes back from the decoder already at the cover size, within 40 dB of fitting the decoded pixels', async () => {
    const cases: [string, Buffer, Size][] = [
      ['4:2:0, 16:9 at 1/2', photo, { width: 640, height: 360 }],
      ['4:2:0, 9:16 at 1/2', photo, { width: 360, height: 640 }],
      ['4:2:0, odd size at 1/4', photo, { width: 333, height: 217 }],
      ['4:2:0, 16:9 at 1/8', photo, { width: 160, height: 90 }],
      ['4:4:4, 16:9 at 1/2', photo444, { width: 640, height: 360 }],
    ];
    for (const [name, file, size] of cases) {
      const shrinkUpTo = Math.min(STORED.width / size.width, STORED.height / size.height);
      const covered = await decodeImage(file, { shrinkUpTo, cover: size });
      // Without `cover` the decoder hands over the whole reduced picture: this size means the planes path ran.
      assert.deepEqual([covered.width, covered.height], [size.width, size.height], name);
      const expected = await fittedPixels(file, shrinkUpTo, size);
      const quality = psnr(covered.data, expected.data);
      assert.ok(quality >= MIN_PSNR_DB, `${name}: ${quality.toFixed(1)} dB`);
      for (let i = 3; i < covered.data.length; i += 4) if (covered.data[i] !== 255) assert.fail(`${name}: not opaque`);
    }
  });

  it('is not taken for an EXIF-turned or greyscale JPEG, nor when the fit enlarges: those decode to pixels as before', async () => {
    const turned = await sharp(photo).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer();
    const grey = await sharp(photo).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
    const size = { width: 640, height: 360 };
    const cases: [string, Buffer, DecodeOptions, Size][] = [
      ['orientation 6', turned, { shrinkUpTo: 2.3, cover: size }, { width: 750, height: 1000 }],
      ['greyscale', grey, { shrinkUpTo: 3.1, cover: size }, { width: 1000, height: 750 }],
      // At 1/2 the centred 16:9 crop is 1000×563, smaller than the cover: an enlargement stays bilinear.
      ['enlarging', photo, { shrinkUpTo: 2, cover: { width: 1600, height: 900 } }, { width: 1000, height: 750 }],
    ];
    for (const [name, file, options, decoded] of cases) {
      const image = await decodeImage(file, options);
      assert.deepEqual([image.width, image.height], [decoded.width, decoded.height], name);
      const plain = await decodeImage(file, { shrinkUpTo: options.shrinkUpTo! });
      assert.deepEqual(Buffer.from(image.data), Buffer.from(plain.data), name);
    }
  });

  it('is what prepareImage uses for a crop (not smart or pad), its PNG within 40 dB of the decoded-pixels path', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, photo);
    const size = { width: 640, height: 360 };
    const covers = new Map<string, Size | undefined>();
    for (const fit of ['crop', 'smart', 'pad'] as const) {
      const spy: Decoder = (file, options) => {
        covers.set(fit, options?.cover);
        return decodeImage(file, options);
      };
      await prepareImage(path, { size, fit, maxBytes: 64 * 1024 * 1024, decode: spy });
    }
    assert.deepEqual(
      [...covers],
      [
        ['crop', size],
        ['smart', undefined],
        ['pad', undefined],
      ],
    );
    const withoutCover: Decoder = (file, options) => {
      const { cover: _cover, ...rest } = options ?? {};
      return decodeImage(file, rest);
    };
    const planes = await prepareImage(path, { size, fit: 'crop', maxBytes: 64 * 1024 * 1024 });
    const pixels = await prepareImage(path, { size, fit: 'crop', maxBytes: 64 * 1024 * 1024, decode: withoutCover });
    const raw = (png: Uint8Array): Promise<Buffer> => sharp(png).ensureAlpha().raw().toBuffer();
    const quality = psnr(await raw(planes.bytes), await raw(pixels.bytes));
    assert.ok(quality >= MIN_PSNR_DB && quality < Infinity, `${quality.toFixed(1)} dB`);
  });
});

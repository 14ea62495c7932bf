import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeImage } from '../../../src/core/image/decode';
import { prepareImage, readImageRgba } from '../../../src/core/image/prepare';
import {
  assertPixel,
  BLUE,
  makeImages,
  photoLikeJpeg,
  RED,
  rejectsBadInput,
  WHITE,
  type ImageSet,
} from '../../fixtures/makeImages';

const MB = 1024 * 1024;

let images: ImageSet;
let photo: string;
before(async () => {
  images = await makeImages();
  photo = join(images.dir, 'photo.jpeg');
  await writeFile(photo, await photoLikeJpeg(1300, 800));
});
after(() => images.cleanup());

describe('prepareImage', () => {
  it('converts a CMYK JPEG to RGB and says so in its notes', async () => {
    // 400×300 to 100×75: a quarter on each axis, which our JPEG decoder does while decoding.
    const prepared = await prepareImage(images.cmykJpeg, {
      size: { width: 100, height: 75 },
      fit: 'crop',
      maxBytes: MB,
    });
    assert.deepEqual([prepared.width, prepared.height], [100, 75]);
    assert.ok(
      prepared.notes?.some((note) => /CMYK.*converted to RGB/.test(note)),
      `notes: ${prepared.notes?.join(' | ')}`,
    );
    const back = await decodeImage(prepared.bytes);
    assertPixel(back, 5, 5, RED, 30);
    assertPixel(back, 95, 70, WHITE, 8);
  });

  it('adds no colour note for an RGB JPEG', async () => {
    const prepared = await prepareImage(images.jpeg, { size: { width: 100, height: 75 }, fit: 'crop', maxBytes: MB });
    assert.equal(prepared.notes, undefined);
  });

  it('produces a PNG of exactly the requested size', async () => {
    const prepared = await prepareImage(images.halves, {
      size: { width: 1280, height: 720 },
      fit: 'crop',
      maxBytes: 20 * MB,
    });
    assert.equal(prepared.mime, 'image/png');
    assert.deepEqual([prepared.width, prepared.height], [1280, 720]);
    assert.equal(prepared.fileName, 'halves.png');
    assert.ok(isAbsolute(prepared.sourcePath) && prepared.sourcePath.endsWith('halves.png'));
    const back = await decodeImage(prepared.bytes);
    assert.deepEqual([back.width, back.height], [1280, 720]);
    assertPixel(back, 10, 360, RED);
    assertPixel(back, 1270, 360, BLUE);
  });

  it('pads to a portrait size', async () => {
    const prepared = await prepareImage(images.white, {
      size: { width: 720, height: 1280 },
      fit: 'pad',
      maxBytes: 20 * MB,
    });
    const back = await decodeImage(prepared.bytes);
    assert.deepEqual([back.width, back.height], [720, 1280]);
    assertPixel(back, 360, 10, [0, 0, 0, 255]);
    assertPixel(back, 360, 640, WHITE);
  });

  it('makes transparent pixels opaque on the background colour', async () => {
    const size = { width: 200, height: 100 };
    const onWhite = await decodeImage(
      (await prepareImage(images.transparentLeft, { size, fit: 'crop', maxBytes: MB })).bytes,
    );
    assertPixel(onWhite, 10, 50, WHITE);
    assertPixel(onWhite, 190, 50, [0, 255, 0, 255]);
    const onGrey = await decodeImage(
      (
        await prepareImage(images.transparentLeft, {
          size,
          fit: 'crop',
          maxBytes: MB,
          background: { r: 50, g: 50, b: 50 },
        })
      ).bytes,
    );
    assertPixel(onGrey, 10, 50, [50, 50, 50, 255]);
  });

  it('turns an EXIF-rotated JPEG upright before fitting', async () => {
    const prepared = await prepareImage(images.jpegOrientation6, {
      size: { width: 400, height: 300 },
      fit: 'crop',
      maxBytes: MB,
    });
    const back = await decodeImage(prepared.bytes);
    assertPixel(back, 10, 10, RED, 8);
    assertPixel(back, 10, 290, BLUE, 8);
  });

  it('falls back to JPEG when the PNG is over the limit, and says so in the name', async () => {
    const png = await prepareImage(photo, { size: { width: 1280, height: 720 }, fit: 'crop', maxBytes: 20 * MB });
    const limit = Math.floor(png.bytes.length / 3);
    const prepared = await prepareImage(photo, { size: { width: 1280, height: 720 }, fit: 'crop', maxBytes: limit });
    assert.equal(prepared.mime, 'image/jpeg');
    assert.equal(prepared.fileName, 'photo.jpg');
    assert.ok(prepared.bytes.length <= limit, `${prepared.bytes.length} B fits in ${limit} B`);
    const back = await decodeImage(prepared.bytes);
    assert.deepEqual([back.width, back.height], [1280, 720]);
  });

  it('encodes JPEG when asked to', async () => {
    const prepared = await prepareImage(images.halves, {
      size: { width: 640, height: 360 },
      fit: 'crop',
      maxBytes: MB,
      format: 'jpeg',
    });
    assert.equal(prepared.mime, 'image/jpeg');
    assert.equal((await decodeImage(prepared.bytes)).width, 640);
  });

  it('refuses when even a low-quality JPEG is too big', async () => {
    await rejectsBadInput(
      prepareImage(photo, { size: { width: 1280, height: 720 }, fit: 'crop', maxBytes: 5000 }),
      'too-large',
      /^Even as a JPEG at quality 50 .* over the provider's limit of 5 KB/,
    );
  });

  it('notes that only one picture of an animated WebP or APNG is animated, and nothing for still images', async () => {
    const options = { size: { width: 1280, height: 720 }, fit: 'crop' as const, maxBytes: 20 * MB };
    const webp = await prepareImage(images.animatedWebp, options);
    assert.equal(webp.notes?.length, 1);
    assert.match(webp.notes[0]!, /animated WebP: only its first frame is animated/);
    const firstFrame = await decodeImage(webp.bytes);
    assertPixel(firstFrame, 640, 360, RED);
    const apng = await prepareImage(images.animatedPng, options);
    assert.match(apng.notes?.[0] ?? '', /animated PNG: only its still default image is animated/);
    for (const still of [images.rgbPng, images.webp, images.jpeg])
      assert.equal((await prepareImage(still, options)).notes, undefined, still);
  });

  it('explains every input error', async () => {
    const size = { width: 1280, height: 720 };
    await rejectsBadInput(
      prepareImage(images.empty, { size, fit: 'crop', maxBytes: MB }),
      'empty',
      /^The file is empty/,
    );
    await rejectsBadInput(
      prepareImage(images.truncatedJpeg, { size, fit: 'crop', maxBytes: MB }),
      'truncated',
      /^The JPEG file is truncated/,
    );
    await rejectsBadInput(
      prepareImage(images.bombPng, { size, fit: 'crop', maxBytes: MB }),
      'too-large',
      /^The image is 30000×30000/,
    );
    await rejectsBadInput(
      prepareImage(images.randomBytes, { size, fit: 'crop', maxBytes: MB }),
      'unknown-format',
      /^The file is not a PNG, JPEG or WebP/,
    );
    await rejectsBadInput(
      prepareImage(join(images.dir, 'missing.png'), { size, fit: 'crop', maxBytes: MB }),
      'not-found',
      /Image not found: .*missing\.png/,
    );
    const folder = join(images.dir, 'folder.png');
    await mkdir(folder);
    await rejectsBadInput(
      prepareImage(folder, { size, fit: 'crop', maxBytes: MB }),
      'unsupported',
      /folder, not a file/,
    );
  });
});

describe('readImageRgba', () => {
  it('gives the upright source pixels', async () => {
    const image = await readImageRgba(images.jpegOrientation6);
    assert.deepEqual([image.width, image.height], [400, 300]);
    assertPixel(image, 390, 290, WHITE, 8);
  });

  it('checks the file like prepareImage does', async () => {
    await rejectsBadInput(readImageRgba(images.truncatedJpeg), 'truncated', /truncated/);
  });

  it('decodes a CMYK JPEG for the offline renderer', async () => {
    const image = await readImageRgba(images.cmykJpeg);
    assert.deepEqual([image.width, image.height], [400, 300]);
    assertPixel(image, 10, 10, RED, 30);
  });
});

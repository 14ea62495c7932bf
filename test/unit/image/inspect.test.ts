import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { readExifOrientation } from '../../../src/core/image/exif';
import { inspectImage, MAX_PIXELS } from '../../../src/core/image/inspect';
import {
  jpegHeaderClaiming,
  makeImages,
  pngHeaderClaiming,
  rejectsBadInput,
  type ImageSet,
} from '../../fixtures/makeImages';

describe('inspectImage', () => {
  let images: ImageSet;
  before(async () => {
    images = await makeImages();
  });
  after(() => images.cleanup());
  const inspect = async (path: string) => inspectImage(await readFile(path));

  it('reads format, size, colour type and bit depth of every PNG flavour', async () => {
    assert.deepEqual(
      { ...(await inspect(images.rgbPng)) },
      {
        format: 'png',
        mime: 'image/png',
        width: 400,
        height: 300,
        uprightWidth: 400,
        uprightHeight: 300,
        orientation: 1,
        animated: false,
        hasAlpha: false,
        bitDepth: 8,
        colorType: 'rgb',
      },
    );
    assert.equal((await inspect(images.rgbaPng)).colorType, 'rgba');
    assert.equal((await inspect(images.rgbaPng)).hasAlpha, true);
    assert.equal((await inspect(images.png16)).bitDepth, 16);
    assert.equal((await inspect(images.grayPng)).colorType, 'gray');
    const palette = await inspect(images.palettePng);
    assert.equal(palette.colorType, 'palette');
    assert.equal(palette.hasAlpha, true, 'a tRNS chunk makes a palette image transparent');
  });

  it('reads JPEG size, colour space and EXIF orientation', async () => {
    const plain = await inspect(images.jpeg);
    assert.equal(plain.format, 'jpeg');
    assert.equal(plain.mime, 'image/jpeg');
    assert.equal(plain.orientation, 1);
    const turned = await inspect(images.jpegOrientation6);
    assert.equal(turned.orientation, 6);
    assert.deepEqual([turned.width, turned.height, turned.uprightWidth, turned.uprightHeight], [300, 400, 400, 300]);
    assert.equal((await inspect(images.cmykJpeg)).colorType, 'cmyk');
  });

  it('reads lossy, lossless and animated WebP headers', async () => {
    const lossy = await inspect(images.webp);
    assert.deepEqual(
      [lossy.format, lossy.width, lossy.height, lossy.hasAlpha, lossy.animated],
      ['webp', 400, 300, true, false],
    );
    const lossless = await inspect(images.webpLossless);
    assert.deepEqual([lossless.width, lossless.height], [400, 300]);
    const animated = await inspect(images.animatedWebp);
    assert.deepEqual([animated.width, animated.height, animated.animated], [64, 48, true]);
  });

  it('goes by the bytes, not the file name', async () => {
    assert.equal((await inspect(images.pngNamedJpg)).format, 'png');
  });

  it('refuses an empty file', async () => {
    await rejectsBadInput(inspect(images.empty), 'empty', /empty \(0 bytes\)/);
  });

  it('refuses other formats and names the common ones', async () => {
    await rejectsBadInput(inspect(images.randomBytes), 'unknown-format', /not a PNG, JPEG or WebP image\. Convert it/);
    await rejectsBadInput(
      () => inspectImage(Buffer.from('GIF89a\x01\x00\x01\x00')),
      'unknown-format',
      /looks like a GIF image/,
    );
    await rejectsBadInput(() => inspectImage(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0')), 'unknown-format', /HEIC/);
    await rejectsBadInput(
      () => inspectImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
      'unknown-format',
      /SVG/,
    );
  });

  it('refuses headers that stop early', async () => {
    const png = await readFile(images.rgbPng);
    const jpeg = await readFile(images.jpeg);
    const webp = await readFile(images.webp);
    await rejectsBadInput(() => inspectImage(png.subarray(0, 5)), 'truncated', /PNG file is truncated/);
    await rejectsBadInput(() => inspectImage(png.subarray(0, 20)), 'truncated', /PNG file is truncated/);
    await rejectsBadInput(() => inspectImage(jpeg.subarray(0, 10)), 'truncated', /JPEG file is truncated/);
    await rejectsBadInput(() => inspectImage(webp.subarray(0, 16)), 'truncated', /WebP file is truncated/);
  });

  it('refuses a decompression bomb from its header alone, instantly', () => {
    const bomb = pngHeaderClaiming(30000, 30000);
    const started = performance.now();
    assert.throws(() => inspectImage(bomb), /30000×30000 \(900 megapixels\); the limit is 100 megapixels/);
    assert.ok(performance.now() - started < 50);
    assert.throws(() => inspectImage(jpegHeaderClaiming(20000, 20000)), /400 megapixels/);
  });

  it('puts the pixel limit exactly at MAX_PIXELS', () => {
    assert.equal(MAX_PIXELS, 100_000_000);
    assert.equal(inspectImage(pngHeaderClaiming(10000, 10000)).width, 10000);
    assert.throws(() => inspectImage(pngHeaderClaiming(10001, 10000)), /limit is 100 megapixels/);
  });

  it('refuses a zero size and impossible PNG colour types', () => {
    assert.throws(() => inspectImage(pngHeaderClaiming(0, 10)), /size of 0×10/);
    const odd = pngHeaderClaiming(10, 10);
    odd[24] = 3; // bit depth 3 does not exist
    assert.throws(() => inspectImage(odd), /bit depth 3 is not valid/);
  });
});

describe('readExifOrientation', () => {
  function exif(order: 'II' | 'MM', orientation: number): Uint8Array {
    const little = order === 'II';
    const tiff = Buffer.alloc(8 + 2 + 12 + 4);
    tiff.write(order, 0, 'latin1');
    const u16 = (value: number, at: number) => (little ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at));
    const u32 = (value: number, at: number) => (little ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at));
    u16(42, 2);
    u32(8, 4);
    u16(1, 8); // one entry
    u16(0x0112, 10);
    u16(3, 12); // SHORT
    u32(1, 14);
    u16(orientation, 18);
    return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  }

  it('reads both byte orders', () => {
    assert.equal(readExifOrientation(exif('II', 8)), 8);
    assert.equal(readExifOrientation(exif('MM', 3)), 3);
  });

  it('falls back to upright for anything broken', () => {
    assert.equal(readExifOrientation(exif('II', 9)), 1);
    assert.equal(readExifOrientation(exif('MM', 6).subarray(0, 20)), 1);
    assert.equal(readExifOrientation(Buffer.from('Exif\0\0XX garbage garbage', 'latin1')), 1);
  });
});

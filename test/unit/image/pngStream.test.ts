import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage, MAX_INTERLACED_PNG_PIXELS } from '../../../src/core/image/decode';
import { decodePngShrunk } from '../../../src/core/image/pngStream';
import { pngHeaderClaiming } from '../../fixtures/makeImages';
import { assertPixel, BLUE, makeImages, rawRgba, RED, rejectsBadInput, type ImageSet } from '../../fixtures/makeImages';

describe('streamed PNG decoding', () => {
  let images: ImageSet;
  before(async () => {
    images = await makeImages();
  });
  after(() => images.cleanup());

  it('gives the same pixels as the WebAssembly decoder for every colour type and depth', async () => {
    const ramp = rawRgba(37, 9, (x, y) => [x * 7, y * 28, 255 - x * 7, 255]);
    const low = (depth: 1 | 2 | 4) =>
      sharp(ramp, { raw: { width: 37, height: 9, channels: 4 } })
        .png({ palette: true, colours: 2 ** depth, dither: 0 })
        .toBuffer();
    const files: Record<string, Buffer> = {
      rgb: await readFile(images.rgbPng),
      rgba: await readFile(images.rgbaPng),
      rgb16: await readFile(images.png16),
      gray: await readFile(images.grayPng),
      palette: await readFile(images.palettePng),
      transparentLeft: await readFile(images.transparentLeft),
      palette1bit: await low(1),
      palette4bit: await low(4),
      gray16: await sharp(await readFile(images.png16))
        .greyscale()
        .toColourspace('grey16')
        .png()
        .toBuffer(),
      grayAlpha: await sharp(await readFile(images.rgbaPng))
        .greyscale()
        .png()
        .toBuffer(),
    };
    for (const [name, file] of Object.entries(files)) {
      const wasm = await decodeImage(file);
      const streamed = await decodePngShrunk(file, 1);
      assert.deepEqual([streamed.width, streamed.height], [wasm.width, wasm.height], name);
      assert.ok(Buffer.from(streamed.data).equals(Buffer.from(wasm.data)), `${name}: pixels differ`);
    }
  });

  it('averages blocks as rows arrive, weighting colour by alpha', async () => {
    const halves = await decodePngShrunk(await readFile(images.halves), 4); // 1000×1000, red | blue
    assert.deepEqual([halves.width, halves.height], [250, 250]);
    assertPixel(halves, 10, 100, RED);
    assertPixel(halves, 240, 100, BLUE);
    // 200×100: invisible red on the left, green on the right; 3 does not divide 200, so the last column is partial.
    const mixed = await decodePngShrunk(await readFile(images.transparentLeft), 3);
    assert.deepEqual([mixed.width, mixed.height], [67, 34]);
    assertPixel(mixed, 10, 10, [0, 0, 0, 0]);
    assertPixel(mixed, 33, 10, [0, 255, 0, 170], 1); // one invisible column of three: still pure green, 2/3 opaque
    assertPixel(mixed, 66, 33, [0, 255, 0, 255]);
  });

  it('refuses cut-short pixel data as truncated', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    // Keep the chunk structure intact but drop most of the compressed rows.
    const idat = png.indexOf('IDAT') - 4;
    const cut = Buffer.from(png.subarray(0, idat + 8 + 2000));
    cut.writeUInt32BE(2000, idat);
    const withEnd = Buffer.concat([cut, Buffer.alloc(4), png.subarray(png.length - 12)]);
    await rejectsBadInput(decodePngShrunk(withEnd, 1), 'truncated', /pixel data stops early/);
  });

  it('is what decodeImage uses for a large PNG, shrinking it as far as the caller allows', async () => {
    const big = await sharp({ create: { width: 6000, height: 4200, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const image = await decodeImage(big, { shrinkUpTo: 4.7 });
    assert.deepEqual([image.width, image.height], [1500, 1050]);
    assertPixel(image, 700, 500, RED);
  });

  it('refuses a huge interlaced PNG, which cannot be streamed, and says why', async () => {
    const side = Math.ceil(Math.sqrt(MAX_INTERLACED_PNG_PIXELS)) + 1;
    await rejectsBadInput(
      decodeImage(pngHeaderClaiming(side, side, true)),
      'too-large',
      /interlaced PNGs over 40 megapixels are refused.*without interlacing/,
    );
  });
});

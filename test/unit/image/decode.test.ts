import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../../../src/core/image/decode';
import {
  assertPixel,
  BLUE,
  flatJpeg,
  GREEN,
  makeImages,
  pixel,
  RED,
  rejectsBadInput,
  toYcc,
  WHITE,
  type ImageSet,
} from '../../fixtures/makeImages';

describe('decodeImage', () => {
  let images: ImageSet;
  before(async () => {
    images = await makeImages();
  });
  after(() => images.cleanup());
  const decode = async (path: string) => decodeImage(await readFile(path));

  // The gradient fixture: R follows x, G follows y, B is 128, the left quarter is half transparent.
  const topLeft = [0, 0, 128, 128] as const;
  const bottomRight = [255, 255, 128, 255] as const;

  it('decodes RGB, RGBA, 16-bit and interlaced PNGs to exact 8-bit RGBA', async () => {
    for (const path of [images.rgbaPng, images.png16, images.interlacedPng]) {
      const image = await decode(path);
      assert.deepEqual([image.width, image.height, image.data.length], [400, 300, 400 * 300 * 4]);
      assertPixel(image, 0, 0, topLeft);
      assertPixel(image, 399, 299, bottomRight);
      assertPixel(image, 200, 150, [128, 128, 128, 255], 1);
    }
    const rgb = await decode(images.rgbPng);
    assertPixel(rgb, 0, 0, [0, 0, 128, 255]);
  });

  it('expands grayscale and palette PNGs', async () => {
    const gray = await decode(images.grayPng);
    const [r, g, b, a] = pixel(gray, 399, 150);
    assert.ok(r === g && g === b && a === 255, 'grey stays grey');
    assert.ok(r > pixel(gray, 0, 150)[0], 'and keeps its gradient');
    const palette = await decode(images.palettePng);
    assertPixel(palette, 0, 0, topLeft, 24); // 64 colours: approximate
    assertPixel(palette, 399, 299, bottomRight, 24);
    assert.equal(pixel(palette, 0, 0)[3], 128, 'palette transparency (tRNS) survives');
  });

  it('decodes a JPEG', async () => {
    const image = await decode(images.jpeg);
    assert.deepEqual([image.width, image.height], [400, 300]);
    assertPixel(image, 10, 10, RED, 8);
    assertPixel(image, 390, 290, WHITE, 8);
  });

  it('applies EXIF orientation so the pixels come out upright', async () => {
    // Stored sideways as 300×400; orientation 6 turns it back into the 400×300 quadrant picture.
    const image = await decode(images.jpegOrientation6);
    assert.deepEqual([image.width, image.height], [400, 300]);
    assertPixel(image, 10, 10, RED, 8);
    assertPixel(image, 390, 10, GREEN, 8);
    assertPixel(image, 10, 290, BLUE, 8);
    assertPixel(image, 390, 290, WHITE, 8);
  });

  it('converts a CMYK JPEG (Adobe, inverted) to RGB instead of refusing it, and not as a negative', async () => {
    // Written through a CMYK colour profile and read back with the plain formula: close, not exact, and pure
    // green and blue are outside what CMYK inks print. A negative would turn red cyan and white black.
    const image = await decode(images.cmykJpeg);
    assert.deepEqual([image.width, image.height], [400, 300]);
    assertPixel(image, 10, 10, RED, 30);
    assertPixel(image, 390, 290, WHITE, 8);
    const [r, g, b] = pixel(image, 390, 10);
    assert.ok(g > 200 && g > r && b < 40, `green quadrant is green: ${[r, g, b].join(', ')}`);
    const [r2, g2, b2] = pixel(image, 10, 290);
    assert.ok(b2 > 200 && b2 > g2 && g2 > r2, `blue quadrant is blue: ${[r2, g2, b2].join(', ')}`);
  });

  it('reads Adobe inverted CMYK, YCCK and plain CMYK to the colours their inks make', async () => {
    const red = [0, 255, 255, 0]; // C, M, Y, K ink: magenta + yellow
    const grey = [0, 0, 0, 128]; // half black
    const inverted = (ink: readonly number[]) => ink.map((v) => 255 - v);
    // YCCK stores the (inverted) C, M, Y as the YCbCr of their complements, and K as is.
    const ycck = (ink: readonly number[]) => {
      const [c, m, y, k] = inverted(ink) as [number, number, number, number];
      return [...toYcc([255 - c, 255 - m, 255 - y]), k];
    };
    const files = {
      adobeCmyk: flatJpeg(32, 16, (x) => inverted(x < 16 ? red : grey), 0),
      adobeYcck: flatJpeg(32, 16, (x) => ycck(x < 16 ? red : grey), 2),
      plainCmyk: flatJpeg(32, 16, (x) => (x < 16 ? red : grey)),
    };
    for (const [name, file] of Object.entries(files)) {
      const image = await decodeImage(file);
      assert.deepEqual([image.width, image.height], [32, 16], name);
      assertPixel(image, 4, 8, RED, 2);
      assertPixel(image, 28, 8, [127, 127, 127, 255], 2);
    }
  });

  it('refuses a cut-short CMYK JPEG as truncated', async () => {
    const whole = await readFile(images.cmykJpeg);
    await rejectsBadInput(decodeImage(whole.subarray(0, Math.floor(whole.length * 0.6))), 'truncated', /truncated/);
  });

  it('decodes lossy and lossless WebP, with alpha', async () => {
    const lossless = await decode(images.webpLossless);
    assertPixel(lossless, 0, 0, topLeft);
    assertPixel(lossless, 399, 299, bottomRight);
    const lossy = await decode(images.webp);
    assert.deepEqual([lossy.width, lossy.height], [400, 300]);
    assertPixel(lossy, 5, 150, [5, 128, 128, 128], 12);
    assertPixel(lossy, 395, 150, [252, 128, 128, 255], 12);
  });

  it('takes the first frame of an animated WebP', async () => {
    const image = await decode(images.animatedWebp);
    assert.deepEqual([image.width, image.height], [64, 48]);
    assertPixel(image, 32, 24, RED);
  });

  it('decodes by content: a PNG named .jpg', async () => {
    const image = await decode(images.pngNamedJpg);
    assertPixel(image, 10, 10, RED);
    assertPixel(image, 390, 10, GREEN);
  });

  it('refuses empty, unknown and oversized files before decoding', async () => {
    await rejectsBadInput(decode(images.empty), 'empty', /empty/);
    await rejectsBadInput(decode(images.randomBytes), 'unknown-format', /not a PNG, JPEG or WebP image/);
    const started = performance.now();
    await rejectsBadInput(decode(images.bombPng), 'too-large', /30000×30000/);
    assert.ok(performance.now() - started < 100, 'no attempt to decode 900 megapixels');
  });

  it('names truncation in PNG, JPEG and WebP', async () => {
    await rejectsBadInput(decode(images.truncatedPng), 'truncated', /PNG file is truncated/);
    await rejectsBadInput(decode(images.truncatedJpeg), 'truncated', /JPEG file is truncated/);
    const webp = await readFile(images.webpLossless);
    await rejectsBadInput(decodeImage(webp.subarray(0, webp.length - 20)), 'truncated', /WebP file is truncated/);
  });

  it('accepts a complete JPEG that only lacks its end marker', async () => {
    const jpeg = await readFile(images.jpeg);
    const image = await decodeImage(jpeg.subarray(0, jpeg.length - 2));
    assertPixel(image, 390, 290, WHITE, 8);
  });

  it('reports damaged pixel data as corrupt, quoting the decoder', async () => {
    const png = Buffer.from(await readFile(images.rgbPng));
    const data = png.indexOf('IDAT') + 4;
    png.fill(0xff, data + 2, data + 200); // keeps the chunk layout, ruins the compressed stream
    await rejectsBadInput(decodeImage(png), 'corrupt', /PNG file is damaged/);
    const jpeg = Buffer.from(await readFile(images.jpeg));
    jpeg[jpeg.indexOf(Buffer.from([0xff, 0xc4])) + 4] = 0xff; // a Huffman table index that cannot exist
    await rejectsBadInput(decodeImage(jpeg), 'corrupt', /JPEG file is damaged and cannot be decoded \(Bogus DHT index/);
  });

  it('keeps concurrent decodes and their errors apart', async () => {
    const good = await readFile(images.jpeg);
    const bad = await readFile(images.truncatedJpeg);
    const results = await Promise.allSettled([decodeImage(good), decodeImage(bad), decodeImage(good)]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });

  it('keeps working after a big image made it renew the decoder (to release wasm memory)', async () => {
    const big = await sharp({ create: { width: 4400, height: 4000, channels: 3, background: { r: 0, g: 0, b: 255 } } })
      .jpeg()
      .toBuffer();
    for (let round = 0; round < 2; round++) {
      const image = await decodeImage(big);
      assert.deepEqual([image.width, image.height], [4400, 4000]);
      assertPixel(image, 4399, 3999, BLUE, 8);
      assertPixel(await decode(images.jpeg), 10, 10, RED, 8);
    }
  });

  it('decodes a view into a larger buffer (as Node hands out small files)', async () => {
    const png = await readFile(images.pngNamedJpg);
    const pool = Buffer.alloc(png.length + 100, 0xaa);
    png.copy(pool, 37);
    const image = await decodeImage(pool.subarray(37, 37 + png.length));
    assertPixel(image, 390, 290, WHITE);
  });
});

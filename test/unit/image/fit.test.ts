import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { decodeImage } from '../../../src/core/image/decode';
import { fitImage, flattenAlpha } from '../../../src/core/image/fit';
import type { RgbaImage } from '../../../src/core/image/rgba';
import {
  assertPixel,
  BLUE,
  GREEN,
  makeImages,
  pixel,
  rawRgba,
  RED,
  WHITE,
  type ImageSet,
  type Rgba,
} from '../../fixtures/makeImages';

const BLACK: Rgba = [0, 0, 0, 255];

function synthetic(width: number, height: number, colour: (x: number, y: number) => Rgba): RgbaImage {
  return { width, height, data: new Uint8Array(rawRgba(width, height, colour)) };
}

describe('fitImage', () => {
  let images: ImageSet;
  let halves: RgbaImage;
  before(async () => {
    images = await makeImages();
    halves = await decodeImage(await readFile(images.halves));
  });
  after(() => images.cleanup());

  it('cover-crops to the exact size, landscape and portrait', () => {
    const wide = fitImage(halves, { width: 1280, height: 720 }, 'crop');
    assert.deepEqual([wide.width, wide.height, wide.data.length], [1280, 720, 1280 * 720 * 4]);
    // Only top and bottom are cut, so the red/blue edge stays in the middle.
    assertPixel(wide, 10, 360, RED);
    assertPixel(wide, 638, 0, RED);
    assertPixel(wide, 641, 719, BLUE);
    assertPixel(wide, 1270, 360, BLUE);
    const tall = fitImage(halves, { width: 720, height: 1280 }, 'crop');
    assert.deepEqual([tall.width, tall.height], [720, 1280]);
    assertPixel(tall, 0, 640, RED);
    assertPixel(tall, 358, 10, RED);
    assertPixel(tall, 361, 1270, BLUE);
    assertPixel(tall, 719, 640, BLUE);
  });

  it('keeps the centre when cropping', async () => {
    const thirds = await decodeImage(await readFile(images.thirds));
    const square = fitImage(thirds, { width: 720, height: 720 }, 'crop');
    for (const [x, y] of [
      [0, 0],
      [719, 0],
      [0, 719],
      [719, 719],
      [360, 360],
    ] as const)
      assertPixel(square, x, y, GREEN);
  });

  it('letterboxes and pillarboxes with black bars', async () => {
    const white = await decodeImage(await readFile(images.white));
    const wide = fitImage(white, { width: 1280, height: 720 }, 'pad');
    assert.deepEqual([wide.width, wide.height], [1280, 720]);
    for (const [x, y] of [
      [0, 0],
      [279, 360],
      [1000, 360],
      [1279, 719],
    ] as const)
      assertPixel(wide, x, y, BLACK);
    for (const [x, y] of [
      [280, 0],
      [640, 360],
      [999, 719],
    ] as const)
      assertPixel(wide, x, y, WHITE);
    const tall = fitImage(white, { width: 720, height: 1280 }, 'pad');
    assert.deepEqual([tall.width, tall.height], [720, 1280]);
    for (const [x, y] of [
      [360, 0],
      [360, 279],
      [0, 1000],
      [719, 1279],
    ] as const)
      assertPixel(tall, x, y, BLACK);
    for (const [x, y] of [
      [0, 280],
      [360, 640],
      [719, 999],
    ] as const)
      assertPixel(tall, x, y, WHITE);
  });

  it('keeps flat colour exactly flat', () => {
    const flat = synthetic(1234, 567, () => [37, 99, 201, 255]);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 97, height: 61 },
      { width: 400, height: 180 },
      { width: 600, height: 250 },
      { width: 3000, height: 2000 },
    ]) {
      const fitted = fitImage(flat, size, 'crop');
      for (let i = 0; i < fitted.data.length; i += 4) {
        if (
          fitted.data[i] !== 37 ||
          fitted.data[i + 1] !== 99 ||
          fitted.data[i + 2] !== 201 ||
          fitted.data[i + 3] !== 255
        ) {
          assert.fail(
            `pixel ${i / 4} of ${size.width}×${size.height} is ${[...fitted.data.subarray(i, i + 4)].join(',')}`,
          );
        }
      }
    }
  });

  it('averages areas when shrinking a lot (no aliasing)', () => {
    // One-pixel checkerboard: point sampling would give pure black/white patterns; averaging gives grey.
    const checker = synthetic(2000, 2000, (x, y) => ((x + y) % 2 === 0 ? WHITE : BLACK));
    for (const side of [100, 37, 600, 731]) {
      const small = fitImage(checker, { width: side, height: side }, 'crop');
      // An area of s×s pixels holds at most one pixel more of one colour than the other: ±128/s² around grey.
      const scale = 2000 / side;
      const allowed = Math.max(3, 160 / (scale * scale));
      let worst = 0;
      for (let i = 0; i < small.data.length; i += 4) worst = Math.max(worst, Math.abs(small.data[i]! - 127.5));
      assert.ok(
        worst <= allowed,
        `${side}×${side}: a pixel is ${worst} away from mid grey (allowed ${allowed.toFixed(1)})`,
      );
    }
  });

  it('interpolates smoothly when enlarging', () => {
    const two = synthetic(2, 1, (x) => (x === 0 ? BLACK : WHITE));
    const wide = fitImage(two, { width: 200, height: 100 }, 'crop');
    let previous = -1;
    for (let x = 0; x < 200; x++) {
      const [r] = pixel(wide, x, 50);
      assert.ok(r >= previous, `brightness never drops along the ramp (x=${x})`);
      previous = r;
    }
    assertPixel(wide, 0, 50, BLACK);
    assertPixel(wide, 199, 50, WHITE);
    assertPixel(wide, 100, 50, [128, 128, 128, 255], 3);
  });

  it('does not bleed the colour of transparent pixels into the edges', async () => {
    // Left half: fully transparent but holding red values; right half opaque green.
    const image = await decodeImage(await readFile(images.transparentLeft));
    for (const size of [
      { width: 67, height: 33 },
      { width: 500, height: 250 },
    ]) {
      const fitted = fitImage(image, size, 'crop');
      for (let i = 0; i < fitted.data.length; i += 4) {
        if (fitted.data[i + 3]! > 0) assert.ok(fitted.data[i]! <= 2, `pixel ${i / 4}: red ${fitted.data[i]} leaked in`);
      }
    }
  });

  it('returns the same pixels for the same size, and refuses sizes that are not whole pixels', () => {
    assert.equal(fitImage(halves, { width: 1000, height: 1000 }, 'pad'), halves);
    assert.throws(() => fitImage(halves, { width: 0, height: 720 }, 'crop'), RangeError);
    assert.throws(() => fitImage(halves, { width: 12.5, height: 720 }, 'crop'), RangeError);
  });
});

describe('flattenAlpha', () => {
  it('composites onto the background and makes every pixel opaque', () => {
    const image = synthetic(
      3,
      1,
      (x) =>
        [
          [255, 0, 0, 0],
          [0, 0, 255, 128],
          [0, 255, 0, 255],
        ][x] as unknown as Rgba,
    );
    const onWhite = flattenAlpha(image, { r: 255, g: 255, b: 255 });
    assertPixel(onWhite, 0, 0, WHITE);
    assertPixel(onWhite, 1, 0, [127, 127, 255, 255], 1);
    assertPixel(onWhite, 2, 0, GREEN);
    const onBlack = flattenAlpha(image, { r: 0, g: 0, b: 0 });
    assertPixel(onBlack, 0, 0, BLACK);
    assertPixel(onBlack, 1, 0, [0, 0, 128, 255], 1);
  });

  it('leaves an opaque image as it is', () => {
    const opaque = synthetic(2, 2, () => BLUE);
    assert.deepEqual(flattenAlpha(opaque, { r: 9, g: 9, b: 9 }).data, opaque.data);
  });
});

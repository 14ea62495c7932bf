import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeImage } from '../../../src/core/image/decode';
import { encodeImage } from '../../../src/core/image/encode';
import { inspectImage } from '../../../src/core/image/inspect';
import type { RgbaImage } from '../../../src/core/image/rgba';
import { assertPixel, rawRgba, RED, WHITE } from '../../fixtures/makeImages';

const gradient: RgbaImage = {
  width: 160,
  height: 90,
  data: new Uint8Array(rawRgba(160, 90, (x, y) => [x, y * 2, 255 - x, x < 80 ? 200 : 255])),
};

describe('encodeImage', () => {
  it('writes PNG losslessly, alpha included', async () => {
    const png = await encodeImage(gradient, 'png');
    assert.equal(inspectImage(png).format, 'png');
    assert.equal(png[25], 6, 'IHDR colour type: RGBA');
    const back = await decodeImage(png);
    assert.deepEqual([back.width, back.height], [160, 90]);
    assert.deepEqual(back.data, gradient.data);
  });

  it('writes an opaque picture as an RGB PNG (colour type 2), losslessly, readable by another decoder', async () => {
    const opaque: RgbaImage = {
      width: 161,
      height: 91,
      data: new Uint8Array(rawRgba(161, 91, (x, y) => [x, (y * 7) % 256, (x * y) % 256, 255])),
    };
    const png = await encodeImage(opaque, 'png');
    assert.equal(png[25], 2, 'IHDR colour type: RGB');
    assert.deepEqual((await decodeImage(png)).data, opaque.data);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [161, 91, 3]);
    assert.deepEqual(
      new Uint8Array(data),
      opaque.data.filter((_, i) => i % 4 !== 3),
    );
  });

  it('writes JPEG whose size follows the quality', async () => {
    const opaque: RgbaImage = {
      ...gradient,
      data: new Uint8Array(rawRgba(160, 90, (x, y) => [x, y * 2, (x * y) % 256, 255])),
    };
    const fine = await encodeImage(opaque, 'jpeg', 95);
    const coarse = await encodeImage(opaque, 'jpeg', 30);
    assert.equal(inspectImage(fine).format, 'jpeg');
    assert.ok(coarse.length < fine.length, `quality 30 (${coarse.length} B) is smaller than 95 (${fine.length} B)`);
    const back = await decodeImage(fine);
    assert.deepEqual([back.width, back.height], [160, 90]);
    assertPixel(back, 40, 20, [40, 40, 32, 255], 12);
  });

  it('encodes pixels that are a view into a larger buffer', async () => {
    const pool = new Uint8Array(100 + 4 * 4 * 4).fill(7);
    const data = pool.subarray(100);
    data.set(rawRgba(4, 4, (x) => (x < 2 ? RED : WHITE)));
    const back = await decodeImage(await encodeImage({ width: 4, height: 4, data }, 'png'));
    assertPixel(back, 0, 0, RED);
    assertPixel(back, 3, 3, WHITE);
  });

  it('refuses a buffer of the wrong length and an impossible quality', async () => {
    await assert.rejects(encodeImage({ width: 10, height: 10, data: new Uint8Array(10) }, 'png'), RangeError);
    await assert.rejects(encodeImage(gradient, 'jpeg', 0), RangeError);
    await assert.rejects(encodeImage(gradient, 'jpeg', 101), RangeError);
  });
});

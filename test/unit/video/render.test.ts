import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbaImage } from '../../../src/core/image/rgba';
import {
  MAX_ZOOM,
  cameraWindow,
  coverWindow,
  easeInOut,
  frameProgress,
  type CropWindow,
} from '../../../src/shared/cameraPath';
import { downscaleArea } from '../../../src/core/video/downscale';
import { MOTIONS, type Motion } from '../../../src/shared/motion';
import { renderFrame, renderFrameI420 } from '../../../src/core/video/renderFrame';
import { prepareRenderSource } from '../../../src/core/video/renderSource';
import { i420Size, rgbaToI420 } from '../../../src/core/video/yuv';

function image(
  width: number,
  height: number,
  colour: (x: number, y: number) => [number, number, number, number],
): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** Red grows to the right, green grows downwards, blue is a checkerboard (detail for zooms). */
function gradient(width: number, height: number): RgbaImage {
  return image(width, height, (x, y) => [
    Math.round((x * 255) / (width - 1)),
    Math.round((y * 255) / (height - 1)),
    ((x >> 3) + (y >> 3)) % 2 ? 200 : 40,
    255,
  ]);
}

function render(source: RgbaImage, motion: Motion, t: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  renderFrame(source, cameraWindow(motion, t, source.width, source.height, width, height), out, width, height);
  return out;
}

/** Mean of one channel over the whole frame. */
function channelMean(rgba: Uint8Array, channel: number): number {
  let sum = 0;
  for (let i = channel; i < rgba.length; i += 4) sum += rgba[i]!;
  return sum / (rgba.length / 4);
}

function assertInside(window: CropWindow, width: number, height: number, label: string): void {
  const epsilon = 1e-9;
  assert.ok(window.x >= -epsilon && window.y >= -epsilon, `${label}: window starts outside: ${JSON.stringify(window)}`);
  assert.ok(window.x + window.width <= width + epsilon, `${label}: window too wide: ${JSON.stringify(window)}`);
  assert.ok(window.y + window.height <= height + epsilon, `${label}: window too tall: ${JSON.stringify(window)}`);
}

describe('camera path', () => {
  it('eases in and out', () => {
    assert.equal(easeInOut(0), 0);
    assert.equal(easeInOut(1), 1);
    assert.ok(Math.abs(easeInOut(0.5) - 0.5) < 1e-12);
    // Slow at both ends: the first and last steps are much smaller than a middle one.
    const step = 0.05;
    assert.ok(easeInOut(step) < 0.25 * (easeInOut(0.5 + step / 2) - easeInOut(0.5 - step / 2)));
    assert.ok(1 - easeInOut(1 - step) < 0.25 * (easeInOut(0.5 + step / 2) - easeInOut(0.5 - step / 2)));
  });

  it('frame progress runs from exactly 0 to exactly 1', () => {
    assert.equal(frameProgress(0, 96), 0);
    assert.equal(frameProgress(95, 96), 1);
    assert.equal(frameProgress(0, 1), 0);
  });

  it('cover window has the output aspect and fills one side of the source', () => {
    const wide = coverWindow(1920, 1080, 720, 1280);
    assert.equal(wide.height, 1080);
    assert.ok(Math.abs(wide.width / wide.height - 720 / 1280) < 1e-9);
    const tall = coverWindow(1000, 3000, 1280, 720);
    assert.equal(tall.width, 1000);
    assert.ok(Math.abs(tall.width / tall.height - 1280 / 720) < 1e-9);
  });

  const sources = [
    [1920, 1080],
    [1000, 1000],
    [3000, 1000],
    [600, 2000],
    [320, 240],
  ] as const;
  const outputs = [
    [1280, 720],
    [720, 1280],
    [1024, 1024],
  ] as const;
  for (const motion of MOTIONS) {
    it(`${motion}: window stays inside the source, keeps the output aspect and moves`, () => {
      for (const [sw, sh] of sources) {
        for (const [ow, oh] of outputs) {
          let previous: CropWindow | undefined;
          for (let i = 0; i <= 48; i++) {
            const window = cameraWindow(motion, i / 48, sw, sh, ow, oh);
            assertInside(window, sw, sh, `${motion} ${sw}x${sh}→${ow}x${oh} t=${i / 48}`);
            assert.ok(Math.abs(window.width / window.height - ow / oh) < 1e-9, 'aspect kept');
            previous = window;
          }
          const first = cameraWindow(motion, 0, sw, sh, ow, oh);
          assert.notDeepEqual(first, previous, `${motion} ${sw}x${sh}→${ow}x${oh} does not move`);
        }
      }
    });
  }

  it('zoom-in ends MAX_ZOOM tighter and zoom-out is its reverse', () => {
    const start = cameraWindow('zoom-in', 0, 1920, 1080, 1280, 720);
    const end = cameraWindow('zoom-in', 1, 1920, 1080, 1280, 720);
    assert.ok(Math.abs(start.width / end.width - MAX_ZOOM) < 1e-9);
    assert.deepEqual(cameraWindow('zoom-out', 0, 1920, 1080, 1280, 720), end);
    assert.deepEqual(cameraWindow('zoom-out', 1, 1920, 1080, 1280, 720), start);
  });
});

describe('renderFrame', () => {
  const source = gradient(480, 360);
  const width = 160;
  const height = 120;

  for (const motion of MOTIONS) {
    it(`${motion}: first and last frames differ`, () => {
      const first = render(source, motion, 0, width, height);
      const last = render(source, motion, 1, width, height);
      let differing = 0;
      for (let i = 0; i < first.length; i++) if (first[i] !== last[i]) differing++;
      assert.ok(differing > first.length / 10, `only ${differing} bytes differ`);
    });
  }

  it('pan-left looks further left: the picture slides right, so the left (dark red) part grows', () => {
    const first = render(source, 'pan-left', 0, width, height);
    const last = render(source, 'pan-left', 1, width, height);
    assert.ok(
      channelMean(last, 0) < channelMean(first, 0) - 5,
      `red mean ${channelMean(first, 0)} → ${channelMean(last, 0)}`,
    );
    // Content moves right on screen: a column's value at the end is what was further left at the start.
    const column = (rgba: Uint8Array, x: number) => rgba[(height / 2) * width * 4 + x * 4]!;
    assert.ok(column(last, width / 2) < column(first, width / 2));
  });

  it('pan-right, pan-up and pan-down move the right way too', () => {
    const red = (m: Motion, t: number) => channelMean(render(source, m, t, width, height), 0);
    const green = (m: Motion, t: number) => channelMean(render(source, m, t, width, height), 1);
    assert.ok(red('pan-right', 1) > red('pan-right', 0) + 5);
    assert.ok(green('pan-up', 1) < green('pan-up', 0) - 5, 'tilt up looks at the top (low green)');
    assert.ok(green('pan-down', 1) > green('pan-down', 0) + 5);
  });

  it('zoom keeps the centre and magnifies: the red spread across the frame shrinks', () => {
    const spread = (rgba: Uint8Array) => {
      const row = (height / 2) * width * 4;
      return rgba[row + (width - 1) * 4]! - rgba[row]!;
    };
    const wide = render(source, 'zoom-in', 0, width, height);
    const tight = render(source, 'zoom-in', 1, width, height);
    assert.ok(spread(tight) < spread(wide));
    assert.ok(Math.abs(channelMean(tight, 0) - channelMean(wide, 0)) < 2, 'centred');
  });

  it('maps a same-size window 1:1 and writes opaque alpha', () => {
    const small = gradient(64, 48);
    const out = new Uint8Array(64 * 48 * 4);
    renderFrame(small, { x: 0, y: 0, width: 64, height: 48 }, out, 64, 48);
    for (let i = 0; i < out.length; i++) assert.equal(out[i], i % 4 === 3 ? 255 : small.data[i], `byte ${i}`);
  });

  it('interpolates between pixels', () => {
    const twoPixels = image(2, 1, (x) => (x === 0 ? [0, 0, 0, 255] : [200, 100, 50, 255]));
    const out = new Uint8Array(4 * 4);
    renderFrame(twoPixels, { x: 0, y: 0, width: 2, height: 1 }, out, 4, 1);
    // Centres of 4 outputs over 2 inputs sit at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    assert.deepEqual([...out.subarray(0, 3)], [0, 0, 0]);
    assert.deepEqual([...out.subarray(4, 7)], [50, 25, 13]);
    assert.deepEqual([...out.subarray(8, 11)], [150, 75, 38]);
    assert.deepEqual([...out.subarray(12, 15)], [200, 100, 50]);
  });

  it('works from an unaligned pixel buffer (a pooled Buffer slice)', () => {
    const backing = new Uint8Array(source.data.length + 1);
    backing.set(source.data, 1);
    const unaligned = { width: source.width, height: source.height, data: backing.subarray(1) };
    assert.deepEqual(render(unaligned, 'zoom-in', 0.3, width, height), render(source, 'zoom-in', 0.3, width, height));
  });

  it('renderFrameI420 equals renderFrame followed by rgbaToI420', () => {
    for (const matrix of ['bt601', 'bt709'] as const) {
      const window = cameraWindow('pan-right', 0.4, source.width, source.height, width, height);
      const rgba = new Uint8Array(width * height * 4);
      renderFrame(source, window, rgba, width, height);
      const expected = new Uint8Array(i420Size(width, height));
      rgbaToI420(rgba, width, height, expected, matrix);
      const actual = new Uint8Array(i420Size(width, height));
      renderFrameI420(source, window, actual, width, height, matrix);
      assert.deepEqual(actual, expected);
    }
  });
});

describe('yuv', () => {
  it('converts reference colours to limited-range Y′CbCr', () => {
    const colours: Array<[number, number, number]> = [
      [0, 0, 0],
      [255, 255, 255],
      [255, 0, 0],
      [128, 128, 128],
    ];
    // [Y, Cb, Cr] from the BT.601 / BT.709 definitions (8-bit, limited range).
    const expected = {
      bt601: [
        [16, 128, 128],
        [235, 128, 128],
        [81, 90, 240],
        [126, 128, 128],
      ],
      bt709: [
        [16, 128, 128],
        [235, 128, 128],
        [63, 102, 240],
        [126, 128, 128],
      ],
    } as const;
    for (const matrix of ['bt601', 'bt709'] as const) {
      colours.forEach((rgb, k) => {
        const frame = image(2, 2, () => [...rgb, 255]);
        const out = new Uint8Array(i420Size(2, 2));
        rgbaToI420(frame.data, 2, 2, out, matrix);
        assert.deepEqual([out[0], out[4], out[5]], expected[matrix][k], `${matrix} ${rgb.join(',')}`);
      });
    }
  });
});

describe('render source', () => {
  it('area downscale averages exactly', () => {
    const checker = image(4, 2, (x) => (x % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255]));
    const half = downscaleArea(checker, 2, 1);
    assert.deepEqual([...half.data], [128, 128, 128, 255, 128, 128, 128, 255]);
    const third = downscaleArea(
      image(3, 1, (x) => [x * 90, 0, 0, 255]),
      2,
      1,
    );
    // Output 0 covers source [0, 1.5): (0 + 0.5·90) / 1.5 = 30; output 1 covers [1.5, 3): (0.5·90 + 180) / 1.5 = 150.
    assert.deepEqual([third.data[0], third.data[4]], [30, 150]);
  });

  it('keeps sources that are not much larger than the output, shrinks huge ones so the tightest framing is ~1:1', () => {
    const modest = gradient(480, 270);
    assert.equal(prepareRenderSource(modest, 320, 180), modest);
    const huge = gradient(1600, 900);
    const prepared = prepareRenderSource(huge, 320, 180);
    assert.equal(prepared.width, Math.round(320 * MAX_ZOOM));
    assert.equal(prepared.height, Math.round(180 * MAX_ZOOM));
  });

  it('flattens transparency over white (like the image preparation for providers)', () => {
    const clear = image(4, 4, () => [255, 0, 0, 0]);
    const prepared = prepareRenderSource(clear, 4, 4);
    assert.deepEqual([...prepared.data.subarray(0, 4)], [255, 255, 255, 255]);
  });
});

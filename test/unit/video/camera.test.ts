import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbaImage } from '../../../src/core/image/rgba';
import { CENTRE_FOCUS } from '../../../src/shared/focus';
import { MAX_ZOOM, SUBJECT_ZOOM, cameraWindow, maxZoomOf } from '../../../src/shared/cameraPath';
import { frameCount, frameExposures, type CameraMove } from '../../../src/core/video/clipPlan';
import { ExposureRenderer } from '../../../src/core/video/motionBlur';
import { MOTIONS } from '../../../src/shared/motion';
import { renderClip } from '../../../src/core/video/renderClip';
import { renderFrame } from '../../../src/core/video/renderFrame';
import { prepareRenderSource } from '../../../src/core/video/renderSource';
import { inspectMp4 } from '../../helpers/mp4';

/**
 * Squares over smooth gradients: any motion or blur shows, horizontal and vertical detail are alike, and
 * no two places look the same (a plain checkerboard shifted by one square would look unmoved).
 */
function checkerboard(width: number, height: number, cell = 6): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const on = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0;
      const gx = Math.round((x / width) * 120);
      const gy = Math.round((y / height) * 120);
      data.set(on ? [120 + gx, 60 + gy, 40, 255] : [gx, gy, 150, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Energy of the differences between horizontal (dx) or vertical (dy) neighbours of the red channel (blur lowers it). */
function detail(rgba: Uint8Array, width: number, height: number, axis: 'x' | 'y'): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y + 1 < height; y++) {
    for (let x = 0; x + 1 < width; x++) {
      const i = (y * width + x) * 4;
      const j = axis === 'x' ? i + 4 : i + width * 4;
      sum += (rgba[i]! - rgba[j]!) ** 2;
      n++;
    }
  }
  return sum / n;
}

const W = 240;
const H = 136;
const source = checkerboard(960, 540, 12);
/**
 * A panorama (pans travel far across it, fast enough to blur) of vertical plus horizontal stripes, added: a
 * horizontal blur softens the vertical stripes and leaves the horizontal ones exactly as they were.
 */
const panorama = ((width: number, height: number, cell: number): RgbaImage => {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const level = 40 + (Math.floor(x / cell) % 2) * 90 + (Math.floor(y / cell) % 2) * 90;
      data.set([level, level, 255 - level, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
})(2400, 540, 8);

function renderAt(move: CameraMove, index: number, frames: number, image = source): Uint8Array {
  const out = new Uint8Array(W * H * 4);
  new ExposureRenderer(W, H).renderRgba(
    image,
    frameExposures(move, index, frames, image.width, image.height, W, H),
    out,
  );
  return out;
}

describe('camera: loop', () => {
  for (const motion of MOTIONS) {
    it(`${motion} with loop: the last frame is next to the first (the clip closes on itself)`, () => {
      const frames = frameCount(3, 24);
      const move: CameraMove = { motion, fps: 24, loop: true, focus: CENTRE_FOCUS };
      const first = renderAt(move, 0, frames);
      const last = renderAt(move, frames - 1, frames);
      const middle = renderAt(move, Math.floor(frames / 2), frames);
      const closing = meanAbsDiff(first, last);
      // Seamless: going from the last frame back to the first is no bigger a step than the clip's own steps.
      let largestStep = 0;
      let previous = first;
      for (let i = 1; i < frames; i++) {
        const frame = renderAt(move, i, frames);
        largestStep = Math.max(largestStep, meanAbsDiff(previous, frame));
        previous = frame;
      }
      assert.ok(
        closing <= largestStep * 1.05 + 0.5,
        `${motion}: last vs first differ by ${closing.toFixed(2)}, the largest step is ${largestStep.toFixed(2)}`,
      );
      assert.ok(
        meanAbsDiff(first, middle) > closing + 5,
        `${motion}: the loop does not move (${meanAbsDiff(first, middle).toFixed(2)})`,
      );
      // The frame after the last is exactly the first again.
      const after = frameExposures(move, frames, frames, source.width, source.height, W, H)[0]!;
      const start = frameExposures(move, 0, frames, source.width, source.height, W, H)[0]!;
      for (const key of ['x', 'y', 'width', 'height'] as const)
        assert.ok(Math.abs(after[key] - start[key]) < 1e-6, `${motion}: ${key} ${after[key]} vs ${start[key]}`);
      if (motion === 'orbit') return;
      // Without loop the same move ends far from where it began.
      const open: CameraMove = { ...move, loop: false };
      assert.ok(
        meanAbsDiff(renderAt(open, 0, frames), renderAt(open, frames - 1, frames)) > 3 * closing + 5,
        `${motion} without loop should not close`,
      );
    });
  }
});

describe('camera: motion blur', () => {
  it('a fast pan blurs along its motion: horizontal detail drops, vertical detail stays', () => {
    // Big enough that the pan's peak speed is ~6 px a frame (the blur is half that, as with a 180° shutter).
    const W = 640;
    const H = 360;
    const frames = frameCount(2, 24);
    const move: CameraMove = { motion: 'pan-right', fps: 24, loop: false, focus: CENTRE_FOCUS };
    const index = Math.floor(frames / 2);
    const windows = frameExposures(move, index, frames, panorama.width, panorama.height, W, H);
    assert.ok(windows.length >= 2, `only ${windows.length} exposures at full speed`);
    const blurred = new Uint8Array(W * H * 4);
    new ExposureRenderer(W, H).renderRgba(panorama, windows, blurred);
    const sharp = new Uint8Array(W * H * 4);
    renderFrame(
      panorama,
      cameraWindow('pan-right', index / (frames - 1), panorama.width, panorama.height, W, H),
      sharp,
      W,
      H,
    );
    assert.ok(
      meanAbsDiff(blurred, sharp) > 2,
      `blurred frame too close to the sharp one (${meanAbsDiff(blurred, sharp).toFixed(2)})`,
    );
    const dx = detail(blurred, W, H, 'x') / detail(sharp, W, H, 'x');
    const dy = detail(blurred, W, H, 'y') / detail(sharp, W, H, 'y');
    assert.ok(dx < 0.85, `horizontal detail kept ${(dx * 100).toFixed(0)}%`);
    assert.ok(dy > 0.95, `vertical detail kept only ${(dy * 100).toFixed(0)}%`);
  });

  it('blur grows with speed: none at rest, most at the fastest point, less at 60 fps', () => {
    const frames = frameCount(2, 24);
    const move: CameraMove = { motion: 'pan-right', fps: 24, loop: false, focus: CENTRE_FOCUS };
    const count = (m: CameraMove, i: number, n: number) =>
      frameExposures(m, i, n, panorama.width, panorama.height, W, H).length;
    assert.equal(count(move, 0, frames), 1, 'the camera starts at rest: no blur');
    const middle = count(move, Math.floor(frames / 2), frames);
    assert.ok(middle > count(move, Math.floor(frames / 6), frames), 'faster in the middle, more exposures');
    const fast = { ...move, fps: 60 };
    const frames60 = frameCount(2, 60);
    assert.ok(count(fast, Math.floor(frames60 / 2), frames60) < middle, 'a shorter shutter at 60 fps blurs less');
    // A gentle zoom over a long clip is slow enough to stay sharp.
    assert.equal(count({ ...move, motion: 'zoom-in' }, 120, 240), 1);
  });
});

describe('camera: frame rate', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'animate-image-fps-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const fps of [24, 30, 60] as const) {
    it(`${fps} fps: a 2 s clip has ${2 * fps} frames and lasts 2 s`, async () => {
      const outPath = join(dir, `clip-${fps}.mp4`);
      const result = await renderClip({
        source: checkerboard(320, 180, 16),
        motion: 'zoom-in',
        width: 96,
        height: 64,
        seconds: 2,
        fps,
        outPath,
        encoder: 'wasm',
      });
      assert.equal(result.frames, 2 * fps);
      const info = inspectMp4(await readFile(outPath));
      assert.equal(info.tracks[0]!.sampleCount, 2 * fps);
      assert.ok(Math.abs(info.durationSeconds - 2) <= 1 / fps + 1e-9, `duration ${info.durationSeconds}`);
    });
  }
});

describe('camera: no shimmer', () => {
  it('the source is pre-filtered for the tightest framing of the move: closer moves keep more detail, never more than ~1.5 source pixels per output pixel', () => {
    const big = checkerboard(4000, 2250, 3);
    for (const motion of ['zoom-in', 'push-in'] as const) {
      const prepared = prepareRenderSource(big, 640, 360, undefined, maxZoomOf(motion));
      const expected = motion === 'push-in' ? SUBJECT_ZOOM : MAX_ZOOM;
      assert.equal(prepared.width, Math.round(640 * expected), motion);
      // The widest framing of the move samples at most 1.5:1 (bilinear's clean limit); the tightest is ~1:1.
      const widest = cameraWindow(motion, 0, prepared.width, prepared.height, 640, 360);
      assert.ok(widest.width / 640 <= 1.5, `${motion}: ${widest.width / 640} source px per output px`);
    }
  });
});

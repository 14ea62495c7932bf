import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitImage } from '../../../src/core/image/fit';
import type { RgbaImage } from '../../../src/core/image/rgba';
import { estimateFocus } from '../../../src/core/image/saliency';
import { cameraWindow, type CropWindow } from '../../../src/shared/cameraPath';
import { frameExposures, frameCount } from '../../../src/core/video/clipPlan';
import { ExposureRenderer } from '../../../src/core/video/motionBlur';
import type { Motion } from '../../../src/shared/motion';

interface Subject {
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
}

/**
 * A flat, slightly noisy background (a wall, a sky) with one saturated, textured disc: the kind of picture
 * where a centred crop cuts the subject out. The subject is pure orange/purple squares, so it can be counted.
 */
function offCentre(
  width: number,
  height: number,
  subject: Subject,
  background: readonly [number, number, number] = [150, 160, 170],
): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 7) - 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inside = (x - subject.cx) ** 2 + (y - subject.cy) ** 2 <= subject.radius ** 2;
      if (inside) {
        const check = ((x >> 3) + (y >> 3)) % 2 === 0;
        data.set(check ? [255, 120, 0] : [140, 0, 200], i);
      } else {
        const n = noise();
        data.set([background[0] + n, background[1] + n, background[2] + n], i);
      }
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Pixels that belong to the subject (strongly orange or purple), never to the grey background. */
function subjectPixels(rgba: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 90) count++;
  }
  return count;
}

function contains(window: CropWindow, subject: Subject): boolean {
  return (
    window.x <= subject.cx - subject.radius + 1 &&
    window.y <= subject.cy - subject.radius + 1 &&
    window.x + window.width >= subject.cx + subject.radius - 1 &&
    window.y + window.height >= subject.cy + subject.radius - 1
  );
}

// A held-out set: subjects at the left third, the right edge, the top, and a tall picture's bottom.
const cases = [
  {
    name: 'wide, subject at the left third',
    width: 1600,
    height: 600,
    subject: { cx: 230, cy: 300, radius: 80 },
    out: [320, 180],
  },
  {
    name: 'wide, subject near the right edge',
    width: 1800,
    height: 700,
    subject: { cx: 1600, cy: 420, radius: 110 },
    out: [320, 180],
  },
  {
    name: 'square source, square output, subject top-left',
    width: 900,
    height: 900,
    subject: { cx: 170, cy: 160, radius: 70 },
    out: [256, 256],
  },
  {
    name: 'tall, subject at the bottom, landscape output',
    width: 600,
    height: 1500,
    subject: { cx: 320, cy: 1280, radius: 90 },
    out: [320, 180],
  },
] as const;

const moves: readonly Motion[] = [
  'zoom-in',
  'zoom-out',
  'pan-left',
  'pan-right',
  'pan-up',
  'pan-down',
  'push-in',
  'reveal',
  'orbit',
];

describe('subject-aware framing', () => {
  for (const c of cases) {
    const image = offCentre(c.width, c.height, c.subject);
    const [ow, oh] = c.out;

    it(`${c.name}: the focus estimate lands on the subject`, () => {
      const focus = estimateFocus(image);
      assert.ok(
        Math.abs(focus.x * c.width - c.subject.cx) < c.subject.radius / 2,
        `focus x ${focus.x * c.width} vs ${c.subject.cx}`,
      );
      assert.ok(
        Math.abs(focus.y * c.height - c.subject.cy) < c.subject.radius / 2,
        `focus y ${focus.y * c.height} vs ${c.subject.cy}`,
      );
    });

    it(`${c.name}: a centred camera loses the subject (the old behaviour)`, () => {
      const lost = moves.some((motion) =>
        [0, 0.5, 1].some((t) => !contains(cameraWindow(motion, t, c.width, c.height, ow, oh), c.subject)),
      );
      assert.ok(lost, 'the centre framing already holds the subject: the case proves nothing');
    });

    for (const loop of [false, true]) {
      it(`${c.name}: the subject is inside every rendered frame of every move${loop ? ' (loop)' : ''}`, () => {
        const focus = estimateFocus(image);
        const renderer = new ExposureRenderer(ow, oh);
        const frame = new Uint8Array(ow * oh * 4);
        const frames = frameCount(2, 24);
        for (const motion of moves) {
          let fewest = Infinity;
          for (let i = 0; i < frames; i++) {
            const windows = frameExposures({ motion, fps: 24, loop, focus }, i, frames, c.width, c.height, ow, oh);
            for (const window of windows)
              assert.ok(
                contains(window, c.subject),
                `${motion} frame ${i}: window ${JSON.stringify(window)} cuts the subject`,
              );
            if (i % 6 === 0 || i === frames - 1) {
              renderer.renderRgba(image, windows, frame);
              const scale = ow / windows[0]!.width;
              const expected = Math.PI * (c.subject.radius * scale) ** 2;
              fewest = Math.min(fewest, subjectPixels(frame) / expected);
            }
          }
          assert.ok(fewest > 0.9, `${motion}: only ${(fewest * 100).toFixed(0)}% of the subject in some frame`);
        }
      });
    }

    // A square picture fitted to a square frame is not cropped at all: nothing to choose.
    if (c.width / c.height === ow / oh) continue;
    it(`${c.name}: fit "smart" keeps the subject that fit "crop" cuts`, () => {
      const crop = fitImage(image, { width: ow, height: oh }, 'crop');
      const smart = fitImage(image, { width: ow, height: oh }, 'smart');
      const scale = Math.max(ow / c.width, oh / c.height);
      const whole = Math.PI * (c.subject.radius * scale) ** 2;
      assert.ok(
        subjectPixels(smart.data) > 0.95 * whole,
        `smart shows ${subjectPixels(smart.data)} of ${whole.toFixed(0)} subject pixels`,
      );
      assert.ok(
        subjectPixels(crop.data) < 0.9 * whole,
        `crop shows ${subjectPixels(crop.data)} of ${whole.toFixed(0)}: the case proves nothing`,
      );
    });
  }

  it('a flat or evenly textured picture keeps the centre', () => {
    const flat: RgbaImage = { width: 200, height: 100, data: new Uint8Array(200 * 100 * 4).fill(128) };
    const focus = estimateFocus(flat);
    assert.deepEqual([focus.x, focus.y], [0.5, 0.5]);
    const checker = offCentre(400, 200, { cx: -100, cy: -100, radius: 1 });
    for (let y = 0; y < 200; y++)
      for (let x = 0; x < 400; x++)
        if (((x >> 2) + (y >> 2)) % 2) checker.data.fill(20, (y * 400 + x) * 4, (y * 400 + x) * 4 + 3);
    const busy = estimateFocus(checker);
    assert.ok(Math.abs(busy.x - 0.5) < 0.1 && Math.abs(busy.y - 0.5) < 0.1, JSON.stringify(busy));
  });
});

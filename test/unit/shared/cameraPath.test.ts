import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cameraWindow, frameProgress } from '../../../src/shared/cameraPath';
import type { Focus } from '../../../src/shared/focus';
import { chooseMotion, isMotion, MOTIONS } from '../../../src/shared/motion';
import { frameExposures } from '../../../src/core/video/clipPlan';

/**
 * The camera path moved from src/core/video to src/shared (the form's preview runs it too). The golden file holds
 * the windows the renderer's own code computed before the move (generatedBy), so any drift in the shared copy shows.
 */
interface Golden {
  readonly frames: number;
  readonly focuses: ReadonlyArray<Focus | null>;
  readonly cases: ReadonlyArray<
    [string, boolean, number, number, number, number, number, ReadonlyArray<readonly [number, number, number, number]>]
  >;
  readonly motions: ReadonlyArray<readonly [string, string]>;
}

const golden = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'cameraPath.golden.json'), 'utf8'),
) as Golden;

describe('shared camera path', () => {
  it('gives the windows the renderer computed before the move, for every move, loop and focus', () => {
    // Every move is covered, with and without a loop, so a move added later needs its own golden values.
    assert.deepEqual(new Set(golden.cases.map(([motion]) => motion)), new Set(MOTIONS));
    assert.equal(golden.cases.length, MOTIONS.length * 2 * 3 * 2 * 2);
    for (const [motion, loop, focusIndex, sw, sh, ow, oh, windows] of golden.cases) {
      assert.ok(isMotion(motion));
      const focus = golden.focuses[focusIndex];
      windows.forEach((expected, i) => {
        const w = cameraWindow(motion, frameProgress(i, golden.frames, loop), sw, sh, ow, oh, {
          ...(focus ? { focus } : {}),
          loop,
        });
        const label = `${motion}${loop ? ' loop' : ''} focus ${focusIndex} ${sw}x${sh}→${ow}x${oh} frame ${i}`;
        [w.x, w.y, w.width, w.height].forEach((value, k) =>
          assert.ok(Math.abs(value - expected[k]!) < 1e-5, `${label}: ${value} ≠ ${expected[k]}`),
        );
      });
    }
  });

  it('reads the same move from the same prompt words as before the move', () => {
    for (const [prompt, motion] of golden.motions) assert.equal(chooseMotion(prompt), motion, prompt);
  });

  it('is the path the renderer films: a still frame is exactly the shared window', () => {
    const focus: Focus = { x: 0.2, y: 0.4, left: 0.1, top: 0.25, right: 0.32, bottom: 0.6 };
    const move = { motion: 'push-in' as const, fps: 24, loop: false, focus };
    // The first frame of an eased move is at rest: one exposure, the shared window itself.
    const [first, ...more] = frameExposures(move, 0, 96, 4000, 3000, 1280, 720);
    assert.equal(more.length, 0);
    assert.deepEqual(first, cameraWindow('push-in', 0, 4000, 3000, 1280, 720, { focus, loop: false }));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MOTION, chooseMotion, isMotion, type Motion } from '../../../src/shared/motion';

describe('chooseMotion', () => {
  const table: ReadonlyArray<readonly [string, Motion]> = [
    // English
    ['slow zoom in on the cat', 'zoom-in'],
    ['Zooming into the window', 'zoom-in'],
    ['gentle push-in', 'push-in'],
    ['dolly in towards the face', 'push-in'],
    ['focus on the face', 'push-in'],
    ['slow reveal of the valley', 'reveal'],
    ['camera orbits the statue', 'orbit'],
    ['an arc shot around the car', 'orbit'],
    ['circling around the tower', 'orbit'],
    ['a circle of friends', DEFAULT_MOTION],
    ['zoom out to reveal the city', 'zoom-out'],
    ['camera pulls back slowly', 'zoom-out'],
    ['pull out, wide shot', 'zoom-out'],
    ['pan left across the beach', 'pan-left'],
    ['the camera pans to the left', 'pan-left'],
    ['pan right', 'pan-right'],
    ['Panning towards the right side', 'pan-right'],
    ['tilt up to the sky', 'pan-up'],
    ['pan up the tower', 'pan-up'],
    ['tilt down to the street', 'pan-down'],
    ['TILT DOWN', 'pan-down'],
    // Chinese
    ['镜头缓慢推近', 'zoom-in'],
    ['镜头推进到人物脸部', 'push-in'],
    ['特写花朵', 'push-in'],
    ['慢慢揭示远处的城堡', 'reveal'],
    ['镜头环绕雕像', 'orbit'],
    ['镜头拉远，展示全景', 'zoom-out'],
    ['镜头左摇', 'pan-left'],
    ['镜头向左移动', 'pan-left'],
    ['镜头右摇', 'pan-right'],
    ['向右平移', 'pan-right'],
    ['镜头上摇看到天空', 'pan-up'],
    ['下摇到地面', 'pan-down'],
    // The first move named wins.
    ['zoom out, then pan left', 'zoom-out'],
    ['pan left and then zoom in', 'pan-left'],
    // Default: gentle zoom-in.
    ['', DEFAULT_MOTION],
    ['a cat sleeping in the sun', DEFAULT_MOTION],
    ['the cat moves back and forth', DEFAULT_MOTION],
    ['Japan left a mark', DEFAULT_MOTION],
    ['一只猫在睡觉', DEFAULT_MOTION],
  ];
  for (const [prompt, expected] of table) {
    it(`${JSON.stringify(prompt)} → ${expected}`, () => {
      assert.equal(chooseMotion(prompt), expected);
    });
  }

  it('defaults to a gentle zoom-in', () => {
    assert.equal(DEFAULT_MOTION, 'zoom-in');
  });

  it('isMotion guards the names', () => {
    assert.ok(isMotion('pan-up'));
    assert.ok(!isMotion('spin'));
  });
});

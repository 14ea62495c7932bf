import { cameraWindow, frameProgress, type CropWindow } from '../../shared/cameraPath';
import type { Focus } from '../../shared/focus';
import type { Motion } from '../../shared/motion';

/** Frame rates the renderer offers: film, video, and smooth. */
export const FPS_CHOICES = [24, 30, 60] as const;
export type Fps = (typeof FPS_CHOICES)[number];
export const DEFAULT_FPS: Fps = 24;

/** A 180° shutter, as film cameras use: each frame is exposed for half the time between frames. */
const SHUTTER = 0.5;

/** Sub-frame samples are spread so neighbours are at most this many output pixels apart (smooth streaks). */
const BLUR_STEP_PX = 1;
/** The blur never takes more than this many samples per frame (render time grows with it). */
const MAX_EXPOSURES = 8;

/** Everything that decides where the camera looks in each frame of a clip. */
export interface CameraMove {
  readonly motion: Motion;
  readonly fps: number;
  readonly loop: boolean;
  readonly focus?: Focus;
}

export function frameCount(seconds: number, fps: number): number {
  return Math.max(1, Math.round(seconds * fps));
}

/**
 * The camera windows whose average is frame `index` (motion blur): one when the camera is (nearly) still,
 * more when it moves fast — as many as the shutter's travel in output pixels, so the blur is proportional to speed.
 */
export function frameExposures(
  move: CameraMove,
  index: number,
  frames: number,
  sourceWidth: number,
  sourceHeight: number,
  outWidth: number,
  outHeight: number,
): CropWindow[] {
  const at = (t: number): CropWindow =>
    cameraWindow(move.motion, t, sourceWidth, sourceHeight, outWidth, outHeight, {
      ...(move.focus ? { focus: move.focus } : {}),
      loop: move.loop,
    });
  const t = frameProgress(index, frames, move.loop);
  const centre = at(t);
  if (frames < 2) return [centre];
  const step = move.loop ? 1 / frames : 1 / (frames - 1);
  const clampT = (value: number): number => (move.loop ? value : Math.min(1, Math.max(0, value)));
  // A loop's progress wraps (t = 1 is t = 0), so the shutter of the first frame may open in the last one's time.
  const wrap = (value: number): number => (move.loop ? value - Math.floor(value) : value);
  const open = at(wrap(clampT(t - (step * SHUTTER) / 2)));
  const close = at(wrap(clampT(t + (step * SHUTTER) / 2)));
  const travel = travelPx(open, close, outWidth);
  const count = Math.min(MAX_EXPOSURES, Math.ceil(travel / BLUR_STEP_PX));
  if (count <= 1) return [centre];
  const windows: CropWindow[] = [];
  for (let k = 0; k < count; k++) {
    const offset = ((k + 0.5) / count - 0.5) * step * SHUTTER;
    windows.push(at(wrap(clampT(t + offset))));
  }
  return windows;
}

/** How far the picture moves on screen between two windows: the largest shift of any corner, in output pixels. */
export function travelPx(a: CropWindow, b: CropWindow, outWidth: number): number {
  const scale = outWidth / Math.min(a.width, b.width);
  const left = Math.abs(a.x - b.x);
  const top = Math.abs(a.y - b.y);
  const right = Math.abs(a.x + a.width - (b.x + b.width));
  const bottom = Math.abs(a.y + a.height - (b.y + b.height));
  return Math.max(left, top, right, bottom) * scale;
}

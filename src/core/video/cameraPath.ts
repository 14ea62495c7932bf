import type { Motion } from './motion';

/** The part of the source a frame shows, in source pixels (fractional: moves are sub-pixel smooth). */
export interface CropWindow {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * How much tighter the closest framing is than the widest one. 15% reads as a deliberate camera move
 * without a crash-zoom feel, and is the headroom pans travel in when the source has the output's aspect.
 */
export const MAX_ZOOM = 1.15;

/** Pans never travel more than this share of the window, so a panorama is not whipped across in 4 s. */
const MAX_PAN_TRAVEL = 0.3;

/** Ease-in-out (sine): the camera starts and stops at rest, which is what makes a move look filmed. */
export function easeInOut(t: number): number {
  const clamped = Math.min(1, Math.max(0, t));
  return 0.5 - 0.5 * Math.cos(Math.PI * clamped);
}

/** The largest window with the output's aspect that fits in the source (cover-crop: never a border). */
export function coverWindow(sourceWidth: number, sourceHeight: number, outWidth: number, outHeight: number): CropWindow {
  const outAspect = outWidth / outHeight;
  const width = Math.min(sourceWidth, sourceHeight * outAspect);
  const height = width / outAspect;
  return { x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width, height };
}

/**
 * Where the camera looks at `t` (0 = first frame, 1 = last frame). The window always keeps the output's
 * aspect and stays inside the source, so sampling it never needs padding.
 */
export function cameraWindow(motion: Motion, t: number, sourceWidth: number, sourceHeight: number, outWidth: number, outHeight: number): CropWindow {
  const cover = coverWindow(sourceWidth, sourceHeight, outWidth, outHeight);
  const e = easeInOut(t);
  switch (motion) {
    case 'zoom-in':
    case 'zoom-out': {
      // Zoom is perceived multiplicatively, so interpolate the scale exponentially for an even pace.
      const progress = motion === 'zoom-in' ? e : 1 - e;
      const scale = Math.pow(MAX_ZOOM, progress);
      return centered(cover, scale, sourceWidth, sourceHeight);
    }
    case 'pan-left':
    case 'pan-right':
    case 'pan-up':
    case 'pan-down': {
      const window = centered(cover, MAX_ZOOM, sourceWidth, sourceHeight);
      const horizontal = motion === 'pan-left' || motion === 'pan-right';
      const slack = horizontal ? sourceWidth - window.width : sourceHeight - window.height;
      const travel = Math.min(slack, (horizontal ? window.width : window.height) * MAX_PAN_TRAVEL);
      const start = slack / 2 - travel / 2;
      // Panning left means looking further left: the window moves toward x = 0 (content slides right).
      const towardOrigin = motion === 'pan-left' || motion === 'pan-up';
      const offset = towardOrigin ? start + travel * (1 - e) : start + travel * e;
      return horizontal ? { ...window, x: offset } : { ...window, y: offset };
    }
  }
}

function centered(cover: CropWindow, scale: number, sourceWidth: number, sourceHeight: number): CropWindow {
  const width = cover.width / scale;
  const height = cover.height / scale;
  return { x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width, height };
}

/** Animation progress of frame `index` of `count`: the first frame is t = 0 and the last is exactly t = 1. */
export function frameProgress(index: number, count: number): number {
  return count > 1 ? index / (count - 1) : 0;
}

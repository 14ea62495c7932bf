// Where the camera looks in each frame: pure math, shared by the local renderer (src/core/video) and the form's
// motion preview (the webview), so the preview plays exactly the move the renderer films.
import { CENTRE_FOCUS, placeWindow, type Focus } from './focus';
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

/** Push-in and reveal go this much closer, onto the subject: a move about the subject, not a breath. */
export const SUBJECT_ZOOM = 1.45;

/** Pans never travel more than this share of the window, so a panorama is not whipped across in 4 s. */
const MAX_PAN_TRAVEL = 0.3;

/** The orbit's arc, as a share of the window: wide enough to read as a move around, small enough to keep the subject. */
const ORBIT_RADIUS = 0.06;

/** How the camera is pointed: at the picture's subject, and whether the clip must loop seamlessly. */
export interface CameraOptions {
  /** What the frame is kept on (default: the centre). */
  readonly focus?: Focus;
  /** Seamless loop: the move goes there and back (the orbit closes its circle), so the frame after the last is the first. */
  readonly loop?: boolean;
}

/** Ease-in-out (sine): the camera starts and stops at rest, which is what makes a move look filmed. */
export function easeInOut(t: number): number {
  const clamped = Math.min(1, Math.max(0, t));
  return 0.5 - 0.5 * Math.cos(Math.PI * clamped);
}

/** The largest window with the output's aspect that fits in the source (cover-crop: never a border). */
export function coverWindow(
  sourceWidth: number,
  sourceHeight: number,
  outWidth: number,
  outHeight: number,
): CropWindow {
  const outAspect = outWidth / outHeight;
  const width = Math.min(sourceWidth, sourceHeight * outAspect);
  const height = width / outAspect;
  return { x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width, height };
}

/** The tightest framing a move reaches, relative to the cover window (the renderer keeps detail for it). */
export function maxZoomOf(motion: Motion): number {
  return motion === 'push-in' || motion === 'reveal' ? SUBJECT_ZOOM : MAX_ZOOM;
}

/**
 * Where the camera looks at `t` (0 = first frame, 1 = last frame). The window always keeps the output's
 * aspect and stays inside the source, so sampling it never needs padding; it keeps `focus` in view wherever
 * the source allows.
 */
export function cameraWindow(
  motion: Motion,
  t: number,
  sourceWidth: number,
  sourceHeight: number,
  outWidth: number,
  outHeight: number,
  options: CameraOptions = {},
): CropWindow {
  const focus = options.focus ?? CENTRE_FOCUS;
  const cover = coverWindow(sourceWidth, sourceHeight, outWidth, outHeight);
  // A loop plays the move forward in the first half and back in the second (ping-pong), eased at both turns.
  const progress = options.loop && motion !== 'orbit' ? 1 - Math.abs(1 - 2 * t) : t;
  const e = easeInOut(progress);
  const framed = (scale: number): CropWindow => {
    const width = cover.width / scale;
    const height = cover.height / scale;
    return { ...placeWindow(focus, width, height, sourceWidth, sourceHeight), width, height };
  };
  switch (motion) {
    case 'zoom-in':
    case 'zoom-out':
    case 'push-in':
    case 'reveal': {
      // Zoom is perceived multiplicatively, so interpolate the scale exponentially for an even pace.
      const inward = motion === 'zoom-in' || motion === 'push-in';
      const closest =
        motion === 'zoom-in' || motion === 'zoom-out' ? MAX_ZOOM : subjectZoom(focus, cover, sourceWidth, sourceHeight);
      return framed(Math.pow(closest, inward ? e : 1 - e));
    }
    case 'pan-left':
    case 'pan-right':
    case 'pan-up':
    case 'pan-down': {
      const window = framed(MAX_ZOOM);
      const horizontal = motion === 'pan-left' || motion === 'pan-right';
      const span = horizontal ? window.width : window.height;
      const total = horizontal ? sourceWidth : sourceHeight;
      // Positions whose window still holds the focus box, within the source; the pan travels inside them.
      const boxLow = (horizontal ? focus.left : focus.top) * total;
      const boxHigh = (horizontal ? focus.right : focus.bottom) * total;
      const slack = total - span;
      const fits = boxHigh - boxLow <= span;
      const lowest = fits ? Math.max(0, boxHigh - span) : 0;
      const highest = fits ? Math.min(slack, boxLow) : slack;
      const travel = Math.min(highest - lowest, span * MAX_PAN_TRAVEL);
      const centre = horizontal ? window.x : window.y;
      const start = Math.min(highest - travel, Math.max(lowest, centre - travel / 2));
      // Panning left means looking further left: the window moves toward x = 0 (content slides right).
      const towardOrigin = motion === 'pan-left' || motion === 'pan-up';
      const offset = towardOrigin ? start + travel * (1 - e) : start + travel * e;
      return horizontal ? { ...window, x: offset } : { ...window, y: offset };
    }
    case 'orbit': {
      // An arc around the subject: the window circles it (a full, constant-speed circle when looping,
      // else an eased half-circle), with a slight push at the far side for a sense of depth.
      const angle = options.loop ? 2 * Math.PI * t : Math.PI * (e - 0.5);
      const scale = MAX_ZOOM * (1 + 0.04 * (options.loop ? (1 - Math.cos(angle)) / 2 : Math.cos(angle)));
      const window = framed(scale);
      const dx = Math.sin(angle) * window.width * ORBIT_RADIUS;
      const dy = (options.loop ? 1 - Math.cos(angle) : Math.cos(angle)) * window.height * ORBIT_RADIUS * 0.5;
      return {
        ...window,
        x: Math.min(sourceWidth - window.width, Math.max(0, window.x + dx)),
        y: Math.min(sourceHeight - window.height, Math.max(0, window.y + dy)),
      };
    }
  }
}

/** Push-in goes up to SUBJECT_ZOOM, but never so close that the subject's box no longer fits the frame. */
function subjectZoom(focus: Focus, cover: CropWindow, sourceWidth: number, sourceHeight: number): number {
  const boxWidth = Math.max(1e-9, (focus.right - focus.left) * sourceWidth);
  const boxHeight = Math.max(1e-9, (focus.bottom - focus.top) * sourceHeight);
  return Math.max(MAX_ZOOM, Math.min(SUBJECT_ZOOM, cover.width / boxWidth, cover.height / boxHeight));
}

/**
 * Animation progress of frame `index` of `count`: the first frame is t = 0 and the last is exactly t = 1. In a
 * loop the last frame stops one step short of t = 1, which is the first frame again: the loop never shows a frame twice.
 */
export function frameProgress(index: number, count: number, loop = false): number {
  if (loop) return count > 0 ? index / count : 0;
  return count > 1 ? index / (count - 1) : 0;
}

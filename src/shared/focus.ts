// What a picture is about and where a window goes to keep it in view. Pure geometry, shared by the renderer
// (src/core) and the form's preview (the webview), so both frame the same way.

/** The part of a picture that matters, as fractions of its width and height (0..1). */
export interface Focus {
  /** Centre of the salient mass. */
  readonly x: number;
  readonly y: number;
  /** Box around the salient mass (its 2nd to 98th percentiles on each axis, plus a margin). */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The whole picture, centred: what a flat or uniformly busy image gets (nothing stands out). */
export const CENTRE_FOCUS: Focus = { x: 0.5, y: 0.5, left: 0, top: 0, right: 1, bottom: 1 };

/**
 * Places a `width`×`height` window over a `sourceWidth`×`sourceHeight` picture so it holds the focus box,
 * centred on the focus as far as the picture's edges allow. Returns the window's top-left corner.
 */
export function placeWindow(
  focus: Focus,
  width: number,
  height: number,
  sourceWidth: number,
  sourceHeight: number,
): { x: number; y: number } {
  return {
    x: placeAxis(focus.x, focus.left, focus.right, width, sourceWidth),
    y: placeAxis(focus.y, focus.top, focus.bottom, height, sourceHeight),
  };
}

function placeAxis(centre: number, low: number, high: number, span: number, total: number): number {
  const slack = total - span;
  if (slack <= 0) return slack / 2;
  // Centre on the focus; if the box fits, shift just enough to keep all of it in view.
  let start = centre * total - span / 2;
  const boxLow = low * total;
  const boxHigh = high * total;
  if (boxHigh - boxLow <= span) {
    start = Math.min(start, boxLow);
    start = Math.max(start, boxHigh - span);
  }
  return Math.min(slack, Math.max(0, start));
}

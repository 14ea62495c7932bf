/**
 * How a JPEG's components map to colour, decided the way libjpeg does: the Adobe APP14 transform flag first,
 * then JFIF, then the component ids.
 */
export type ColourModel = 'gray' | 'ycc' | 'rgb' | 'cmyk' | 'ycck';

export interface Adobe {
  /** 0: no transform (RGB or CMYK), 1: YCbCr, 2: YCCK. */
  readonly transform: number;
}

export function colourModel(components: readonly number[], adobe: Adobe | undefined, jfif: boolean): ColourModel {
  switch (components.length) {
    case 1:
      return 'gray';
    case 3:
      if (jfif) return 'ycc';
      if (adobe) return adobe.transform === 0 ? 'rgb' : 'ycc';
      return components[0] === 0x52 && components[1] === 0x47 && components[2] === 0x42 ? 'rgb' : 'ycc'; // ids 'R','G','B'
    default:
      return adobe?.transform === 2 ? 'ycck' : 'cmyk';
  }
}

// JFIF YCbCr → RGB (full range), in 16-bit fixed point as libjpeg's jdcolor.c.
const RED_CR = new Int32Array(256);
const BLUE_CB = new Int32Array(256);
const GREEN_CR = new Int32Array(256);
const GREEN_CB = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  RED_CR[i] = Math.round(1.402 * x);
  BLUE_CB[i] = Math.round(1.772 * x);
  GREEN_CR[i] = Math.round(-0.714136286 * x * 65536);
  GREEN_CB[i] = Math.round(-0.344136286 * x * 65536) + 32768;
}

/** Writes one pixel of YCbCr as RGB into a clamped array. */
export function yccToRgb(out: Uint8ClampedArray, at: number, y: number, cb: number, cr: number): void {
  out[at] = y + RED_CR[cr]!;
  out[at + 1] = y + ((GREEN_CB[cb]! + GREEN_CR[cr]!) >> 16);
  out[at + 2] = y + BLUE_CB[cb]!;
}

/** The samples of one component for one output row: `plane[start + map[x]]` is the sample of pixel x. */
export interface RowSamples {
  readonly plane: Uint8ClampedArray;
  readonly start: number;
  readonly map: Int32Array;
  /** When `map[x]` is simply `x >> shift` (0: one sample a pixel, 1: one for two, as 4:2:x chroma); else -1. */
  readonly shift: number;
}

/**
 * Writes pixels `left`..`right` (end exclusive) of a row of YCbCr as opaque RGBA, the first at byte `at` of `out`
 * and each next `step` bytes on (the EXIF orientation decides the direction). A whole row per call, the tables in
 * locals, and the clamped array doing the clamping as it stores: this is the hot loop of a reduced decode.
 */
export function yccRowToRgba(
  out: Uint8ClampedArray,
  at: number,
  step: number,
  left: number,
  right: number,
  luma: RowSamples,
  blue: RowSamples,
  red: RowSamples,
): void {
  if (luma.shift === 0 && blue.shift === red.shift && (blue.shift === 0 || blue.shift === 1)) {
    if (blue.shift === 1) pairedChroma(out, at, step, left, right, luma, blue, red);
    else unmapped(out, at, step, left, right, luma, blue, red);
    return;
  }
  const redCr = RED_CR;
  const blueCb = BLUE_CB;
  const greenCr = GREEN_CR;
  const greenCb = GREEN_CB;
  const { plane: yPlane, start: yStart, map: yMap } = luma;
  const { plane: bPlane, start: bStart, map: bMap } = blue;
  const { plane: rPlane, start: rStart, map: rMap } = red;
  for (let x = left; x < right; x++, at += step) {
    const y = yPlane[yStart + yMap[x]!]!;
    const cb = bPlane[bStart + bMap[x]!]!;
    const cr = rPlane[rStart + rMap[x]!]!;
    out[at] = y + redCr[cr]!;
    out[at + 1] = y + ((greenCb[cb]! + greenCr[cr]!) >> 16);
    out[at + 2] = y + blueCb[cb]!;
    out[at + 3] = 255;
  }
}

/** One sample of each component a pixel (4:4:4, or 4:2:0 at 1/4 and 1/8 scale): no column map to look up. */
function unmapped(
  out: Uint8ClampedArray,
  at: number,
  step: number,
  left: number,
  right: number,
  luma: RowSamples,
  blue: RowSamples,
  red: RowSamples,
): void {
  const redCr = RED_CR;
  const blueCb = BLUE_CB;
  const greenCr = GREEN_CR;
  const greenCb = GREEN_CB;
  const yPlane = luma.plane;
  const bPlane = blue.plane;
  const rPlane = red.plane;
  const yOffset = luma.start;
  const bOffset = blue.start;
  const rOffset = red.start;
  for (let x = left; x < right; x++, at += step) {
    const y = yPlane[yOffset + x]!;
    const cb = bPlane[bOffset + x]!;
    const cr = rPlane[rOffset + x]!;
    out[at] = y + redCr[cr]!;
    out[at + 1] = y + ((greenCb[cb]! + greenCr[cr]!) >> 16);
    out[at + 2] = y + blueCb[cb]!;
    out[at + 3] = 255;
  }
}

function yccPixel(out: Uint8ClampedArray, at: number, y: number, cb: number, cr: number): void {
  yccToRgb(out, at, y, cb, cr);
  out[at + 3] = 255;
}

/**
 * Chroma at half the luma's width (4:2:0 and 4:2:2 at full and half scale): each pair of pixels shares one chroma
 * sample, so its three colour terms are looked up once for both (libjpeg's merged upsampling does the same).
 */
function pairedChroma(
  out: Uint8ClampedArray,
  at: number,
  step: number,
  left: number,
  right: number,
  luma: RowSamples,
  blue: RowSamples,
  red: RowSamples,
): void {
  const redCr = RED_CR;
  const blueCb = BLUE_CB;
  const greenCr = GREEN_CR;
  const greenCb = GREEN_CB;
  const yPlane = luma.plane;
  const bPlane = blue.plane;
  const rPlane = red.plane;
  const yOffset = luma.start;
  const bOffset = blue.start;
  const rOffset = red.start;
  let x = left;
  // An odd left edge starts on the second pixel of a pair, an odd right edge ends on the first of one.
  if ((x & 1) === 1 && x < right) {
    yccPixel(out, at, yPlane[yOffset + x]!, bPlane[bOffset + (x >> 1)]!, rPlane[rOffset + (x >> 1)]!);
    at += step;
    x++;
  }
  for (; x + 1 < right; x += 2) {
    const cb = bPlane[bOffset + (x >> 1)]!;
    const cr = rPlane[rOffset + (x >> 1)]!;
    const r = redCr[cr]!;
    const g = (greenCb[cb]! + greenCr[cr]!) >> 16;
    const b = blueCb[cb]!;
    const y0 = yPlane[yOffset + x]!;
    out[at] = y0 + r;
    out[at + 1] = y0 + g;
    out[at + 2] = y0 + b;
    out[at + 3] = 255;
    at += step;
    const y1 = yPlane[yOffset + x + 1]!;
    out[at] = y1 + r;
    out[at + 1] = y1 + g;
    out[at + 2] = y1 + b;
    out[at + 3] = 255;
    at += step;
  }
  if (x < right) yccPixel(out, at, yPlane[yOffset + x]!, bPlane[bOffset + (x >> 1)]!, rPlane[rOffset + (x >> 1)]!);
}

/**
 * Naive CMYK → RGB (no colour profile): each ink darkens its complementary primary, black darkens all three.
 * `inverted` is Adobe's convention (Photoshop writes 255 for no ink); files without the Adobe marker store
 * plain ink amounts.
 */
export function cmykToRgb(
  out: Uint8ClampedArray,
  at: number,
  c: number,
  m: number,
  y: number,
  k: number,
  inverted: boolean,
): void {
  if (inverted) {
    out[at] = (c * k) / 255;
    out[at + 1] = (m * k) / 255;
    out[at + 2] = (y * k) / 255;
  } else {
    const white = 255 - k;
    out[at] = ((255 - c) * white) / 255;
    out[at + 1] = ((255 - m) * white) / 255;
    out[at + 2] = ((255 - y) * white) / 255;
  }
}

const scratch = new Uint8ClampedArray(3);

/** YCCK (Adobe transform 2): the C, M and Y inks coded as YCbCr of their complements, K as is (libjpeg's ycck_cmyk_convert). */
export function ycckToRgb(
  out: Uint8ClampedArray,
  at: number,
  y: number,
  cb: number,
  cr: number,
  k: number,
  inverted: boolean,
): void {
  yccToRgb(scratch, 0, y, cb, cr);
  cmykToRgb(out, at, 255 - scratch[0]!, 255 - scratch[1]!, 255 - scratch[2]!, k, inverted);
}

/**
 * Opaque RGBA from three whole planes of the same size (one sample of each a pixel), as `yccRowToRgba`: into `out`
 * (default a new array) from byte `start`; returns all of `out` as bytes.
 */
export function yccPlanesToRgba(
  luma: Uint8Array,
  blue: Uint8Array,
  red: Uint8Array,
  out: Uint8ClampedArray<ArrayBufferLike> = new Uint8ClampedArray(luma.length * 4),
  start = 0,
): Uint8Array {
  const redCr = RED_CR;
  const blueCb = BLUE_CB;
  const greenCr = GREEN_CR;
  const greenCb = GREEN_CB;
  for (let i = 0, at = start; i < luma.length; i++, at += 4) {
    const y = luma[i]!;
    const cb = blue[i]!;
    const cr = red[i]!;
    out[at] = y + redCr[cr]!;
    out[at + 1] = y + ((greenCb[cb]! + greenCr[cr]!) >> 16);
    out[at + 2] = y + blueCb[cb]!;
    out[at + 3] = 255;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

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
}

/** 0..255 clamping of `v + CLAMP_OFFSET` for every sum YCbCr → RGB can produce (-227..480). */
const CLAMP_OFFSET = 256;
const CLAMP = new Uint8Array(1024);
for (let i = 0; i < CLAMP.length; i++) CLAMP[i] = Math.max(0, Math.min(255, i - CLAMP_OFFSET));
const OPAQUE = 0xff000000;

/**
 * Writes pixels `left`..`right` (end exclusive) of a row of YCbCr as opaque RGBA words (little-endian: R in the
 * low byte), the first at word `at` and each next `step` words on (the EXIF orientation decides the direction). A whole row per call, the
 * tables in locals and one store per pixel: this is the hot loop of a reduced decode.
 */
export function yccRowToRgba(
  out: Uint32Array,
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
  const clamp = CLAMP;
  const { plane: yPlane, start: yStart, map: yMap } = luma;
  const { plane: bPlane, start: bStart, map: bMap } = blue;
  const { plane: rPlane, start: rStart, map: rMap } = red;
  for (let x = left; x < right; x++, at += step) {
    const y = yPlane[yStart + yMap[x]!]! + CLAMP_OFFSET;
    const cb = bPlane[bStart + bMap[x]!]!;
    const cr = rPlane[rStart + rMap[x]!]!;
    out[at] =
      clamp[y + redCr[cr]!]! |
      (clamp[y + ((greenCb[cb]! + greenCr[cr]!) >> 16)]! << 8) |
      (clamp[y + blueCb[cb]!]! << 16) |
      OPAQUE;
  }
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

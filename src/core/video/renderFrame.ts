import type { RgbaImage } from '../image/rgba';
import type { CropWindow } from '../../shared/cameraPath';
import { i420Size, lumaChromaCoefficients, rgbaToI420, type ColorMatrix } from './yuv';

/** Byte order decides where each channel sits in a pixel read as one 32-bit word. */
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;
const ALPHA_BITS = LITTLE_ENDIAN ? 0xff000000 | 0 : 0x000000ff;

/*
 * Bilinear sampling on 32-bit words, two channels per multiply (0x00ff00ff lanes), with 7-bit weights so
 * every intermediate stays a small int32 (V8 falls back to doubles past 2^31): 1/128 px steps are finer
 * than the eye can follow, and this is much faster than per-byte maths, which matters because it runs on
 * the caller's thread for every pixel of every frame.
 */

/** Samples `window` of `source` into `out` (RGBA, outWidth × outHeight). Alpha is written opaque (video has none). */
export function renderFrame(
  source: RgbaImage,
  window: CropWindow,
  out: Uint8Array,
  outWidth: number,
  outHeight: number,
): void {
  if (out.length < outWidth * outHeight * 4)
    throw new RangeError(`frame buffer too small for ${outWidth}x${outHeight}`);
  const src = words(source.data);
  const dst = words(out);
  const columns = axisTaps(window.x, window.width, outWidth, source.width);
  const rows = axisTaps(window.y, window.height, outHeight, source.height);
  let o = 0;
  for (let oy = 0; oy < outHeight; oy++) {
    const rowA = rows.first[oy]! * source.width;
    const rowB = rows.second[oy]! * source.width;
    const fy = rows.weight[oy]!;
    for (let ox = 0; ox < outWidth; ox++) {
      dst[o++] =
        bilinear(src, rowA, rowB, fy, columns.first[ox]!, columns.second[ox]!, columns.weight[ox]!) | ALPHA_BITS;
    }
  }
}

/** A band of output rows `[from, to)`, both even: lets a caller render a frame in pieces and yield in between. */
export interface RowBand {
  readonly from: number;
  readonly to: number;
}

/**
 * Same picture as `renderFrame`, written straight as I420 (the encoders' native input): converting while
 * sampling avoids a full RGBA frame pass, and the result is 2.7x smaller to hand over. With `band`, only
 * those rows (and their chroma) are written.
 */
export function renderFrameI420(
  source: RgbaImage,
  window: CropWindow,
  out: Uint8Array,
  outWidth: number,
  outHeight: number,
  matrix: ColorMatrix,
  band?: RowBand,
): void {
  if (outWidth % 2 !== 0 || outHeight % 2 !== 0) throw new RangeError('I420 needs even width and height');
  if (out.length < i420Size(outWidth, outHeight))
    throw new RangeError(`frame buffer too small for ${outWidth}x${outHeight}`);
  const from = band?.from ?? 0;
  const to = Math.min(outHeight, band?.to ?? outHeight);
  if (from % 2 !== 0 || to % 2 !== 0) throw new RangeError('row bands must start and end on even rows');
  if (!LITTLE_ENDIAN) {
    // The lane maths below assumes R in the low byte; big-endian hosts (no VS Code platform) take the plain route.
    const rgba = new Uint8Array(outWidth * outHeight * 4);
    renderFrame(source, window, rgba, outWidth, outHeight);
    rgbaToI420(rgba, outWidth, outHeight, out, matrix);
    return;
  }
  const [yr, yg, yb, ur, ug, ub, vr, vg, vb] = lumaChromaCoefficients(matrix);
  const src = words(source.data);
  const columns = axisTaps(window.x, window.width, outWidth, source.width);
  const rows = axisTaps(window.y, window.height, outHeight, source.height);
  const chromaWidth = outWidth >> 1;
  const uBase = outWidth * outHeight;
  const vBase = uBase + chromaWidth * (outHeight >> 1);
  const lumaOffset = (16 << 16) + 32768;
  const chromaOffset = (128 << 18) + (1 << 17);
  const first = columns.first;
  const second = columns.second;
  const weight = columns.weight;
  for (let oy = from; oy < to; oy += 2) {
    const topA = rows.first[oy]! * source.width;
    const topB = rows.second[oy]! * source.width;
    const topF = rows.weight[oy]!;
    const botA = rows.first[oy + 1]! * source.width;
    const botB = rows.second[oy + 1]! * source.width;
    const botF = rows.weight[oy + 1]!;
    let y0 = oy * outWidth;
    let chroma = (oy >> 1) * chromaWidth;
    for (let ox = 0; ox < outWidth; ox += 2) {
      // Per 2x2 block: four samples, four lumas, and lane sums (R|B and G|A, ≤ 4·255 per lane) for chroma.
      // `bilinear` is inlined by hand here: keeping the even/odd lanes apart instead of packing and
      // unpacking a word measured ~25% faster, and this loop is most of the render time.
      let sumEven = 0;
      let sumOdd = 0;
      for (let k = 0; k < 2; k++) {
        const c0 = first[ox + k]!;
        const c1 = second[ox + k]!;
        const fx = weight[ox + k]!;
        const gx = 128 - fx;
        let p00 = src[topA + c0]!;
        let p01 = src[topA + c1]!;
        let p10 = src[topB + c0]!;
        let p11 = src[topB + c1]!;
        let upperEven = (((p00 & 0xff00ff) * gx + (p01 & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        let upperOdd = ((((p00 >> 8) & 0xff00ff) * gx + ((p01 >> 8) & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        let lowerEven = (((p10 & 0xff00ff) * gx + (p11 & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        let lowerOdd = ((((p10 >> 8) & 0xff00ff) * gx + ((p11 >> 8) & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        let even = ((upperEven * (128 - topF) + lowerEven * topF + 0x400040) >> 7) & 0xff00ff;
        let odd = ((upperOdd * (128 - topF) + lowerOdd * topF + 0x400040) >> 7) & 0xff00ff;
        out[y0 + k] = (yr * (even & 0xff) + yg * (odd & 0xff) + yb * (even >> 16) + lumaOffset) >> 16;
        sumEven += even;
        sumOdd += odd;

        p00 = src[botA + c0]!;
        p01 = src[botA + c1]!;
        p10 = src[botB + c0]!;
        p11 = src[botB + c1]!;
        upperEven = (((p00 & 0xff00ff) * gx + (p01 & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        upperOdd = ((((p00 >> 8) & 0xff00ff) * gx + ((p01 >> 8) & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        lowerEven = (((p10 & 0xff00ff) * gx + (p11 & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        lowerOdd = ((((p10 >> 8) & 0xff00ff) * gx + ((p11 >> 8) & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
        even = ((upperEven * (128 - botF) + lowerEven * botF + 0x400040) >> 7) & 0xff00ff;
        odd = ((upperOdd * (128 - botF) + lowerOdd * botF + 0x400040) >> 7) & 0xff00ff;
        out[y0 + outWidth + k] = (yr * (even & 0xff) + yg * (odd & 0xff) + yb * (even >> 16) + lumaOffset) >> 16;
        sumEven += even;
        sumOdd += odd;
      }
      const r = sumEven & 0xffff;
      const g = sumOdd & 0xffff;
      const b = sumEven >> 16;
      out[uBase + chroma] = (ur * r + ug * g + ub * b + chromaOffset) >> 18;
      out[vBase + chroma] = (vr * r + vg * g + vb * b + chromaOffset) >> 18;
      y0 += 2;
      chroma++;
    }
  }
}

/** One bilinear sample as a packed pixel word (alpha lane is the interpolated source alpha). */
function bilinear(src: Int32Array, rowA: number, rowB: number, fy: number, c0: number, c1: number, fx: number): number {
  const gx = 128 - fx;
  const gy = 128 - fy;
  const p00 = src[rowA + c0]!;
  const p01 = src[rowA + c1]!;
  const p10 = src[rowB + c0]!;
  const p11 = src[rowB + c1]!;
  // Lanes hold ≤ 0xff·128 each, so two channels share one multiply without spilling; +0x40 rounds.
  const topEven = (((p00 & 0xff00ff) * gx + (p01 & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
  const topOdd = ((((p00 >> 8) & 0xff00ff) * gx + ((p01 >> 8) & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
  const bottomEven = (((p10 & 0xff00ff) * gx + (p11 & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
  const bottomOdd = ((((p10 >> 8) & 0xff00ff) * gx + ((p11 >> 8) & 0xff00ff) * fx + 0x400040) >> 7) & 0xff00ff;
  const even = ((topEven * gy + bottomEven * fy + 0x400040) >> 7) & 0xff00ff;
  const odd = ((topOdd * gy + bottomOdd * fy + 0x400040) >> 7) & 0xff00ff;
  return even | (odd << 8);
}

/** A 32-bit view of RGBA bytes; copies only when the bytes are not 4-byte aligned (e.g. a pooled Buffer slice). */
function words(bytes: Uint8Array): Int32Array {
  if (bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
  return new Int32Array(bytes.slice().buffer);
}

interface AxisTaps {
  /** Left/top source index of each output pixel. */
  readonly first: Int32Array;
  /** Right/bottom neighbour (clamped at the edge). */
  readonly second: Int32Array;
  /** Weight of `second` in 1/128ths. */
  readonly weight: Int32Array;
}

/** Per output pixel, the two source pixels it blends, computed once per frame instead of per pixel. */
function axisTaps(start: number, span: number, outCount: number, sourceCount: number): AxisTaps {
  const first = new Int32Array(outCount);
  const second = new Int32Array(outCount);
  const weight = new Int32Array(outCount);
  const step = span / outCount;
  const last = sourceCount - 1;
  for (let i = 0; i < outCount; i++) {
    // Pixel centres: output pixel i covers [start + i·step, start + (i+1)·step) in source space.
    const position = Math.min(last, Math.max(0, start + (i + 0.5) * step - 0.5));
    const index = Math.floor(position);
    first[i] = index;
    second[i] = Math.min(last, index + 1);
    weight[i] = Math.round((position - index) * 128);
  }
  return { first, second, weight };
}

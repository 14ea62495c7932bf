import type { RgbaImage } from './rgba';
import { shrinkBlocks } from './shrink';

/** A rectangle of the source in pixels; fractional, because a centred crop rarely lands on whole pixels. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Weights are 14-bit fixed point: integer maths is faster than floats here and exact enough for 8-bit output. */
const SHIFT = 14;
const ONE = 1 << SHIFT;
const HALF = 1 << (SHIFT - 1);

/** For each output pixel along one axis: the first source pixel it reads and how much each one counts. */
interface Taps {
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** `stride` weights per output pixel, summing to ONE. */
  readonly weights: Int32Array;
  readonly stride: number;
}

/**
 * Resamples `region` of `image` to `width`×`height`, separably (columns, then rows). Shrinking averages the
 * area each output pixel covers (no aliasing however large the ratio); enlarging is bilinear.
 * Transparent pixels are premultiplied first so their (invisible) colour cannot bleed into the edges.
 */
export function resample(image: RgbaImage, region: Region, width: number, height: number): RgbaImage {
  const translucent = hasTransparency(image);
  let source: RgbaImage = translucent ? { ...image, data: premultiply(image) } : image;
  let area = region;
  // Large reductions: average whole blocks first, leaving a factor between 1 and 2 for the weighted pass.
  const kx = blockSize(region.width / width);
  const ky = blockSize(region.height / height);
  if (kx * ky > 1) {
    const x = Math.floor(region.x / kx);
    const y = Math.floor(region.y / ky);
    const columns = Math.min(Math.ceil((region.x + region.width) / kx), Math.floor(image.width / kx)) - x;
    const rows = Math.min(Math.ceil((region.y + region.height) / ky), Math.floor(image.height / ky)) - y;
    source = shrinkBlocks(source, { kx, ky, x, y, columns, rows });
    const left = region.x / kx - x;
    const top = region.y / ky - y;
    area = {
      x: left,
      y: top,
      width: Math.min(region.width / kx, columns - left),
      height: Math.min(region.height / ky, rows - top),
    };
  }
  const across = axisTaps(source.width, area.x, area.width, width);
  const down = axisTaps(source.height, area.y, area.height, height);

  // Columns first: that pass reads whole contiguous lines (fast), and leaves the gathering pass only the
  // output rows to do. Only the source columns some output pixel reads are carried through.
  const firstColumn = across.first[0] ?? 0;
  const lastColumn = (across.first[width - 1] ?? 0) + (across.count[width - 1] ?? 1);
  if (!translucent) {
    // Opaque: whole pixels as words, alpha left out of the sums (a quarter less work, a quarter of the loads).
    const columns = verticalOpaque(words(source.data), source.width, firstColumn, lastColumn, down, height);
    return {
      width,
      height,
      data: horizontalOpaque(columns, lastColumn - firstColumn, firstColumn, height, across, width),
    };
  }
  const columns = vertical(source.data, source.width, firstColumn, lastColumn, down, height);
  const data = horizontal(columns, lastColumn - firstColumn, firstColumn, height, across, width);
  unpremultiply(data);
  return { width, height, data };
}

/** RGBA bytes as little-endian words (R in the low byte), copied first if they do not start on a word. */
function words(data: Uint8Array): Uint32Array {
  const aligned = data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
}

/** The block edge for a reduction by `scale` on one axis: whole pixels only, at most 8 (see MAX_BLOCK_PIXELS). */
function blockSize(scale: number): number {
  return scale >= 2 ? Math.min(8, Math.floor(scale)) : 1;
}

/** `area`: average the area under each output pixel even when enlarging (samples that stand for larger pixels). */
function axisTaps(sourceSize: number, start: number, span: number, size: number, area = false): Taps {
  const scale = span / size; // source pixels per output pixel
  const averaged = area || scale > 1;
  const stride = averaged ? Math.ceil(scale) + 2 : 2;
  const first = new Int32Array(size);
  const count = new Int32Array(size);
  const weights = new Int32Array(size * stride);
  const raw = new Float64Array(stride);
  for (let i = 0; i < size; i++) {
    let lo: number;
    let n = 0;
    if (averaged) {
      // Area average: each source pixel counts by how much of it lies under this output pixel.
      const from = start + i * scale;
      const to = from + scale;
      lo = Math.max(0, Math.floor(from));
      const hi = Math.min(sourceSize, Math.ceil(to));
      for (let j = lo; j < hi && n < stride; j++) raw[n++] = Math.max(0, Math.min(to, j + 1) - Math.max(from, j));
    } else {
      // Bilinear: the two source pixel centres either side of this output pixel's centre.
      const centre = start + (i + 0.5) * scale - 0.5;
      const left = Math.floor(centre);
      const t = centre - left;
      lo = Math.min(Math.max(left, 0), sourceSize - 1);
      const hi = Math.min(Math.max(left + 1, 0), sourceSize - 1);
      raw[n++] = hi === lo ? 1 : 1 - t;
      if (hi !== lo) raw[n++] = t;
    }
    normalise(raw, n, weights, i * stride);
    first[i] = lo;
    count[i] = n;
  }
  return { first, count, weights, stride };
}

/**
 * Resamples `region` of one 8-bit plane (`stride` bytes a row, `sourceWidth`×`sourceHeight` samples that count) to
 * `width`×`height` by area averaging on both axes, also where it enlarges: for JPEG chroma planes, whose samples
 * each stand for a block of pixels, that is exactly what averaging the same area of the upsampled picture gives.
 * The weights are worked out once; the returned function gives output rows `fromRow`..`toRow` (end exclusive), the
 * same bytes as those rows of the whole.
 */
export function planeResampler(
  plane: Uint8Array,
  stride: number,
  sourceWidth: number,
  sourceHeight: number,
  region: Region,
  width: number,
  height: number,
): (fromRow: number, toRow: number) => Uint8Array {
  const across = axisTaps(sourceWidth, region.x, region.width, width, true);
  const down = axisTaps(sourceHeight, region.y, region.height, height, true);
  return (fromRow, toRow) => resamplePlaneRows(plane, stride, across, down, width, fromRow, toRow);
}

function resamplePlaneRows(
  plane: Uint8Array,
  stride: number,
  across: Taps,
  down: Taps,
  width: number,
  fromRow: number,
  toRow: number,
): Uint8Array {
  const firstColumn = across.first[0] ?? 0;
  const lastColumn = (across.first[width - 1] ?? 0) + (across.count[width - 1] ?? 1);
  const line = lastColumn - firstColumn;
  const rows = toRow - fromRow;
  // Columns first, as `resample`: whole contiguous source lines, then the output rows only. Up to three taps
  // (every reduction by less than 2, and every enlargement) in one pass each, without a running sum.
  const columns = new Uint8Array(rows * line);
  const sum = new Int32Array(line);
  for (let y = fromRow; y < toRow; y++) {
    const w = down.stride * y;
    const n = down.count[y]!;
    const at = (y - fromRow) * line;
    const from = down.first[y]! * stride + firstColumn;
    const w0 = down.weights[w]!;
    const w1 = n > 1 ? down.weights[w + 1]! : 0;
    const w2 = n > 2 ? down.weights[w + 2]! : 0;
    if (n === 1) {
      columns.set(plane.subarray(from, from + line), at);
    } else if (n === 2) {
      const next = from + stride;
      for (let i = 0; i < line; i++) columns[at + i] = (HALF + plane[from + i]! * w0 + plane[next + i]! * w1) >> SHIFT;
    } else if (n === 3) {
      const next = from + stride;
      const last = next + stride;
      for (let i = 0; i < line; i++)
        columns[at + i] = (HALF + plane[from + i]! * w0 + plane[next + i]! * w1 + plane[last + i]! * w2) >> SHIFT;
    } else {
      sum.fill(HALF);
      for (let k = 0; k < n; k++) {
        const weight = down.weights[w + k]!;
        const row = from + k * stride;
        for (let i = 0; i < line; i++) sum[i]! += plane[row + i]! * weight;
      }
      for (let i = 0; i < line; i++) columns[at + i] = sum[i]! >> SHIFT;
    }
  }
  const out = new Uint8Array(width * rows);
  const { first, count, weights, stride: taps } = across;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const row = y * line - firstColumn;
    for (let x = 0; x < width; x++) {
      const p = row + first[x]!;
      const w = x * taps;
      const n = count[x]!;
      if (n === 3) {
        out[o++] =
          (HALF + columns[p]! * weights[w]! + columns[p + 1]! * weights[w + 1]! + columns[p + 2]! * weights[w + 2]!) >>
          SHIFT;
      } else if (n === 2) {
        out[o++] = (HALF + columns[p]! * weights[w]! + columns[p + 1]! * weights[w + 1]!) >> SHIFT;
      } else {
        let value = HALF;
        for (let k = 0; k < n; k++) value += columns[p + k]! * weights[w + k]!;
        out[o++] = value >> SHIFT;
      }
    }
  }
  return out;
}

/** Scales float weights to integers that sum to exactly ONE, so flat areas stay exactly flat. */
function normalise(raw: Float64Array, n: number, out: Int32Array, at: number): void {
  let total = 0;
  for (let k = 0; k < n; k++) total += raw[k] ?? 0;
  let sum = 0;
  let biggest = 0;
  for (let k = 0; k < n; k++) {
    const w = Math.round(((raw[k] ?? 0) / total) * ONE);
    out[at + k] = w;
    sum += w;
    if (w > (out[at + biggest] ?? 0)) biggest = k;
  }
  out[at + biggest] = (out[at + biggest] ?? 0) + ONE - sum;
}

/** Resamples every column of `source` (only columns `firstColumn`..`lastColumn`) down to `height` rows. */
function vertical(
  source: Uint8Array,
  sourceWidth: number,
  firstColumn: number,
  lastColumn: number,
  taps: Taps,
  height: number,
): Uint8Array {
  const sourceLine = sourceWidth * 4;
  const line = (lastColumn - firstColumn) * 4;
  const out = new Uint8Array(height * line);
  const sum = new Int32Array(line);
  const { first, count, weights, stride } = taps;
  for (let y = 0; y < height; y++) {
    const at = y * line;
    const w = y * stride;
    const from = first[y]! * sourceLine + firstColumn * 4;
    // Weights are non-negative and sum to ONE, so every result is already within 0..255.
    if (count[y] === 2) {
      // The common case once blocks have done the bulk of a reduction (and always when enlarging): one pass.
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const next = from + sourceLine;
      for (let i = 0; i < line; i++) out[at + i] = (HALF + source[from + i]! * w0 + source[next + i]! * w1) >> SHIFT;
      continue;
    }
    if (count[y] === 3) {
      // A reduction by less than 2 (e.g. after a half-scale JPEG decode): one pass too, not four.
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      const next = from + sourceLine;
      const last = next + sourceLine;
      for (let i = 0; i < line; i++)
        out[at + i] = (HALF + source[from + i]! * w0 + source[next + i]! * w1 + source[last + i]! * w2) >> SHIFT;
      continue;
    }
    sum.fill(HALF);
    for (let k = 0; k < count[y]!; k++) {
      const weight = weights[w + k]!;
      const row = from + k * sourceLine;
      for (let i = 0; i < line; i++) sum[i]! += source[row + i]! * weight;
    }
    for (let i = 0; i < line; i++) out[at + i] = sum[i]! >> SHIFT;
  }
  return out;
}

/** Resamples each row of `rows` (which start at source column `offset`) to `width` pixels. */
function horizontal(
  rows: Uint8Array,
  rowWidth: number,
  offset: number,
  height: number,
  taps: Taps,
  width: number,
): Uint8Array {
  const out = new Uint8Array(height * width * 4);
  const { first, count, weights, stride } = taps;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const row = y * rowWidth * 4;
    for (let x = 0; x < width; x++) {
      let p = row + (first[x]! - offset) * 4;
      let w = x * stride;
      if (count[x] === 2) {
        const k0 = weights[w]!;
        const k1 = weights[w + 1]!;
        out[o++] = (HALF + rows[p]! * k0 + rows[p + 4]! * k1) >> SHIFT;
        out[o++] = (HALF + rows[p + 1]! * k0 + rows[p + 5]! * k1) >> SHIFT;
        out[o++] = (HALF + rows[p + 2]! * k0 + rows[p + 6]! * k1) >> SHIFT;
        out[o++] = (HALF + rows[p + 3]! * k0 + rows[p + 7]! * k1) >> SHIFT;
        continue;
      }
      if (count[x] === 3) {
        const k0 = weights[w]!;
        const k1 = weights[w + 1]!;
        const k2 = weights[w + 2]!;
        out[o++] = (HALF + rows[p]! * k0 + rows[p + 4]! * k1 + rows[p + 8]! * k2) >> SHIFT;
        out[o++] = (HALF + rows[p + 1]! * k0 + rows[p + 5]! * k1 + rows[p + 9]! * k2) >> SHIFT;
        out[o++] = (HALF + rows[p + 2]! * k0 + rows[p + 6]! * k1 + rows[p + 10]! * k2) >> SHIFT;
        out[o++] = (HALF + rows[p + 3]! * k0 + rows[p + 7]! * k1 + rows[p + 11]! * k2) >> SHIFT;
        continue;
      }
      const end = w + count[x]!;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      let a = HALF;
      for (; w < end; w++, p += 4) {
        const k = weights[w]!;
        r += rows[p]! * k;
        g += rows[p + 1]! * k;
        b += rows[p + 2]! * k;
        a += rows[p + 3]! * k;
      }
      out[o++] = r >> SHIFT;
      out[o++] = g >> SHIFT;
      out[o++] = b >> SHIFT;
      out[o++] = a >> SHIFT;
    }
  }
  return out;
}

const OPAQUE = 0xff000000;

/** `vertical` for opaque pixels as words: only R, G and B are weighed; alpha stays 255. */
function verticalOpaque(
  source: Uint32Array,
  sourceWidth: number,
  firstColumn: number,
  lastColumn: number,
  taps: Taps,
  height: number,
): Uint32Array {
  const line = lastColumn - firstColumn;
  const out = new Uint32Array(height * line);
  const red = new Int32Array(line);
  const green = new Int32Array(line);
  const blue = new Int32Array(line);
  const { first, count, weights, stride } = taps;
  for (let y = 0; y < height; y++) {
    const at = y * line;
    const w = y * stride;
    const from = first[y]! * sourceWidth + firstColumn;
    if (count[y] === 2) {
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const next = from + sourceWidth;
      for (let i = 0; i < line; i++) {
        const a = source[from + i]!;
        const b = source[next + i]!;
        out[at + i] =
          ((HALF + (a & 0xff) * w0 + (b & 0xff) * w1) >> SHIFT) |
          (((HALF + ((a >>> 8) & 0xff) * w0 + ((b >>> 8) & 0xff) * w1) >> SHIFT) << 8) |
          (((HALF + ((a >>> 16) & 0xff) * w0 + ((b >>> 16) & 0xff) * w1) >> SHIFT) << 16) |
          OPAQUE;
      }
      continue;
    }
    if (count[y] === 3) {
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      const next = from + sourceWidth;
      const last = next + sourceWidth;
      for (let i = 0; i < line; i++) {
        const a = source[from + i]!;
        const b = source[next + i]!;
        const c = source[last + i]!;
        out[at + i] =
          ((HALF + (a & 0xff) * w0 + (b & 0xff) * w1 + (c & 0xff) * w2) >> SHIFT) |
          (((HALF + ((a >>> 8) & 0xff) * w0 + ((b >>> 8) & 0xff) * w1 + ((c >>> 8) & 0xff) * w2) >> SHIFT) << 8) |
          (((HALF + ((a >>> 16) & 0xff) * w0 + ((b >>> 16) & 0xff) * w1 + ((c >>> 16) & 0xff) * w2) >> SHIFT) << 16) |
          OPAQUE;
      }
      continue;
    }
    red.fill(HALF);
    green.fill(HALF);
    blue.fill(HALF);
    for (let k = 0; k < count[y]!; k++) {
      const weight = weights[w + k]!;
      const row = from + k * sourceWidth;
      for (let i = 0; i < line; i++) {
        const v = source[row + i]!;
        red[i]! += (v & 0xff) * weight;
        green[i]! += ((v >>> 8) & 0xff) * weight;
        blue[i]! += ((v >>> 16) & 0xff) * weight;
      }
    }
    for (let i = 0; i < line; i++)
      out[at + i] = (red[i]! >> SHIFT) | ((green[i]! >> SHIFT) << 8) | ((blue[i]! >> SHIFT) << 16) | OPAQUE;
  }
  return out;
}

/** `horizontal` for opaque pixels as words (see `verticalOpaque`); the result as RGBA bytes. */
function horizontalOpaque(
  rows: Uint32Array,
  rowWidth: number,
  offset: number,
  height: number,
  taps: Taps,
  width: number,
): Uint8Array {
  const out = new Uint32Array(height * width);
  const { first, count, weights, stride } = taps;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const row = y * rowWidth - offset;
    for (let x = 0; x < width; x++) {
      let p = row + first[x]!;
      let w = x * stride;
      const n = count[x]!;
      if (n === 2) {
        const k0 = weights[w]!;
        const k1 = weights[w + 1]!;
        const a = rows[p]!;
        const b = rows[p + 1]!;
        out[o++] =
          ((HALF + (a & 0xff) * k0 + (b & 0xff) * k1) >> SHIFT) |
          (((HALF + ((a >>> 8) & 0xff) * k0 + ((b >>> 8) & 0xff) * k1) >> SHIFT) << 8) |
          (((HALF + ((a >>> 16) & 0xff) * k0 + ((b >>> 16) & 0xff) * k1) >> SHIFT) << 16) |
          OPAQUE;
        continue;
      }
      if (n === 3) {
        const k0 = weights[w]!;
        const k1 = weights[w + 1]!;
        const k2 = weights[w + 2]!;
        const a = rows[p]!;
        const b = rows[p + 1]!;
        const c = rows[p + 2]!;
        out[o++] =
          ((HALF + (a & 0xff) * k0 + (b & 0xff) * k1 + (c & 0xff) * k2) >> SHIFT) |
          (((HALF + ((a >>> 8) & 0xff) * k0 + ((b >>> 8) & 0xff) * k1 + ((c >>> 8) & 0xff) * k2) >> SHIFT) << 8) |
          (((HALF + ((a >>> 16) & 0xff) * k0 + ((b >>> 16) & 0xff) * k1 + ((c >>> 16) & 0xff) * k2) >> SHIFT) << 16) |
          OPAQUE;
        continue;
      }
      const end = w + n;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (; w < end; w++, p++) {
        const k = weights[w]!;
        const v = rows[p]!;
        r += (v & 0xff) * k;
        g += ((v >>> 8) & 0xff) * k;
        b += ((v >>> 16) & 0xff) * k;
      }
      out[o++] = (r >> SHIFT) | ((g >> SHIFT) << 8) | ((b >> SHIFT) << 16) | OPAQUE;
    }
  }
  return new Uint8Array(out.buffer);
}

export function hasTransparency(image: RgbaImage): boolean {
  const { data } = image;
  if (data.byteOffset % 4 !== 0) {
    for (let i = 3; i < data.length; i += 4) if (data[i]! !== 255) return true;
    return false;
  }
  // Four pixels per test: the AND of their words keeps alpha 255 only if all four are opaque (~3× faster).
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
  const end = words.length - (words.length % 4);
  for (let i = 0; i < end; i += 4)
    if ((words[i]! & words[i + 1]! & words[i + 2]! & words[i + 3]!) >>> 24 !== 255) return true;
  for (let i = end; i < words.length; i++) if (words[i]! >>> 24 !== 255) return true;
  return false;
}

function premultiply(image: RgbaImage): Uint8Array {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    if (a === 255) continue;
    data[i] = (data[i]! * a + 127) / 255;
    data[i + 1] = (data[i + 1]! * a + 127) / 255;
    data[i + 2] = (data[i + 2]! * a + 127) / 255;
  }
  return data;
}

function unpremultiply(data: Uint8Array): void {
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    if (a === 255) continue;
    if (a === 0) {
      data[i] = data[i + 1] = data[i + 2] = 0;
      continue;
    }
    data[i] = Math.min(255, (data[i]! * 255 + (a >> 1)) / a);
    data[i + 1] = Math.min(255, (data[i + 1]! * 255 + (a >> 1)) / a);
    data[i + 2] = Math.min(255, (data[i + 2]! * 255 + (a >> 1)) / a);
  }
}

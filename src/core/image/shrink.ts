import type { RgbaImage } from './rgba';

/** Blocks of up to 64 pixels keep every packed sum below 2^30, where V8 still does plain integer maths. */
export const MAX_BLOCK_PIXELS = 64;

/** A run of whole `kx`×`ky` blocks of the source, by block index. */
export interface Blocks {
  readonly kx: number;
  readonly ky: number;
  readonly x: number;
  readonly y: number;
  readonly columns: number;
  readonly rows: number;
}

/**
 * Averages each `kx`×`ky` block of pixels into one. This cheap box filter does most of a large reduction
 * (the way libvips shrinks before it resamples), so the weighted resampler only handles the last, small factor.
 * Two channels travel packed in each 32-bit integer (R+B, G+A: 16 bits per lane), halving the work.
 */
export function shrinkBlocks(image: RgbaImage, blocks: Blocks): RgbaImage {
  const { kx, ky, x, y, columns, rows } = blocks;
  const count = kx * ky;
  if (count > MAX_BLOCK_PIXELS) throw new RangeError(`shrinkBlocks: ${kx}×${ky} blocks are too large`);
  const pixels = aligned(image.data);
  const source = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2);
  const out = new Uint8Array(columns * rows * 4);
  const redBlue = new Int32Array(columns);
  const greenAlpha = new Int32Array(columns);
  const half = count >> 1;
  let o = 0;
  for (let row = 0; row < rows; row++) {
    redBlue.fill(0);
    greenAlpha.fill(0);
    for (let line = 0; line < ky; line++) {
      let p = ((y + row) * ky + line) * image.width + x * kx;
      if (kx === 2) {
        // Unrolled for the usual block widths: the loop overhead is a good part of the cost otherwise.
        for (let column = 0; column < columns; column++, p += 2) {
          const v0 = source[p]!; // little-endian RGBA: R | G << 8 | B << 16 | A << 24
          const v1 = source[p + 1]!;
          redBlue[column]! += (v0 & 0xff00ff) + (v1 & 0xff00ff);
          greenAlpha[column]! += ((v0 >>> 8) & 0xff00ff) + ((v1 >>> 8) & 0xff00ff);
        }
      } else if (kx === 3) {
        for (let column = 0; column < columns; column++, p += 3) {
          const v0 = source[p]!;
          const v1 = source[p + 1]!;
          const v2 = source[p + 2]!;
          redBlue[column]! += (v0 & 0xff00ff) + (v1 & 0xff00ff) + (v2 & 0xff00ff);
          greenAlpha[column]! += ((v0 >>> 8) & 0xff00ff) + ((v1 >>> 8) & 0xff00ff) + ((v2 >>> 8) & 0xff00ff);
        }
      } else {
        for (let column = 0; column < columns; column++) {
          let rb = 0;
          let ga = 0;
          for (let i = 0; i < kx; i++) {
            const v = source[p++]!;
            rb += v & 0xff00ff;
            ga += (v >>> 8) & 0xff00ff;
          }
          redBlue[column]! += rb;
          greenAlpha[column]! += ga;
        }
      }
    }
    for (let column = 0; column < columns; column++) {
      const rb = redBlue[column]!;
      const ga = greenAlpha[column]!;
      out[o++] = ((rb & 0xffff) + half) / count;
      out[o++] = ((ga & 0xffff) + half) / count;
      out[o++] = ((rb >>> 16) + half) / count;
      out[o++] = ((ga >>> 16) + half) / count;
    }
  }
  return { width: columns, height: rows, data: out };
}

/** A Uint32Array view needs a 4-byte-aligned start. */
function aligned(data: Uint8Array): Uint8Array {
  return data.byteOffset % 4 === 0 ? data : new Uint8Array(data);
}

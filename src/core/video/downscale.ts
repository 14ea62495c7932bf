import type { RgbaImage } from '../image/rgba';

/**
 * Shrinks an image by area averaging (each output pixel is the exact mean of the source area it covers).
 * Bilinear sampling alone would skip pixels when shrinking a lot, which shimmers in a moving camera.
 * Streams one output row at a time, so extra memory is one float row of the source.
 */
export function downscaleArea(source: RgbaImage, width: number, height: number): RgbaImage {
  if (width > source.width || height > source.height) throw new RangeError('downscaleArea only shrinks');
  const src = source.data;
  const stride = source.width * 4;
  const columns = areaTaps(source.width, width);
  const rows = areaTaps(source.height, height);
  const accumulator = new Float32Array(stride);
  const out = new Uint8Array(width * height * 4);
  for (let oy = 0; oy < height; oy++) {
    // Vertical pass: weighted sum of the source rows this output row covers.
    accumulator.fill(0);
    for (let k = rows.start[oy]!; k < rows.start[oy + 1]!; k++) {
      const base = rows.index[k]! * stride;
      const w = rows.weight[k]!;
      for (let i = 0; i < stride; i++) accumulator[i]! += src[base + i]! * w;
    }
    // Horizontal pass over the accumulated row.
    let o = oy * width * 4;
    for (let ox = 0; ox < width; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = columns.start[ox]!; k < columns.start[ox + 1]!; k++) {
        const c = columns.index[k]! * 4;
        const w = columns.weight[k]!;
        r += accumulator[c]! * w;
        g += accumulator[c + 1]! * w;
        b += accumulator[c + 2]! * w;
        a += accumulator[c + 3]! * w;
      }
      out[o++] = Math.round(r);
      out[o++] = Math.round(g);
      out[o++] = Math.round(b);
      out[o++] = Math.round(a);
    }
  }
  return { width, height, data: out };
}

interface AreaTaps {
  /** Taps of output pixel i are `start[i] .. start[i+1]-1`. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  /** Share of the output pixel each source pixel covers; sums to 1 per output pixel. */
  readonly weight: Float32Array;
}

function areaTaps(sourceCount: number, outCount: number): AreaTaps {
  const scale = sourceCount / outCount;
  const start = new Int32Array(outCount + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < outCount; i++) {
    start[i] = index.length;
    const from = i * scale;
    const to = Math.min(sourceCount, (i + 1) * scale);
    for (let s = Math.floor(from); s < to; s++) {
      const covered = Math.min(to, s + 1) - Math.max(from, s);
      if (covered <= 1e-9) continue;
      index.push(s);
      weight.push(covered / scale);
    }
  }
  start[outCount] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/**
 * RGB → Y'CbCr 4:2:0 (I420: full Y plane, then quarter-size Cb and Cr planes), limited range.
 * Done here rather than in the encoders so both get the same colours, and ffmpeg gets 2.7x fewer bytes
 * through the pipe and skips its own (single-threaded) conversion.
 */
export type ColorMatrix = 'bt601' | 'bt709';

/**
 * The matrix players assume for an untagged stream of this size (HD → BT.709, SD → BT.601, as mpv and VLC
 * guess). The wasm encoder cannot tag its output, so matching the guess is what keeps colours right there.
 */
export function matrixForSize(width: number, height: number): ColorMatrix {
  return width >= 1280 || height > 576 ? 'bt709' : 'bt601';
}

// 16.16 fixed-point coefficients (Kr/Kb of each standard, scaled to 219 luma / 224 chroma levels).
const COEFFICIENTS: Record<ColorMatrix, readonly number[]> = {
  bt601: fixed([0.256788, 0.504129, 0.097906, -0.148223, -0.290993, 0.439216, 0.439216, -0.367788, -0.071427]),
  bt709: fixed([0.182586, 0.614231, 0.062007, -0.100644, -0.338572, 0.439216, 0.439216, -0.398942, -0.040274]),
};

function fixed(values: number[]): number[] {
  return values.map((v) => Math.round(v * 65536));
}

/** [yr, yg, yb, ur, ug, ub, vr, vg, vb] in 16.16 fixed point. */
export function lumaChromaCoefficients(
  matrix: ColorMatrix,
): [number, number, number, number, number, number, number, number, number] {
  return COEFFICIENTS[matrix] as [number, number, number, number, number, number, number, number, number];
}

export function i420Size(width: number, height: number): number {
  return width * height + 2 * (width / 2) * (height / 2);
}

/** Converts an RGBA frame (even width and height) into `out` (I420, `i420Size` bytes). Alpha is ignored. */
export function rgbaToI420(
  rgba: Uint8Array,
  width: number,
  height: number,
  out: Uint8Array,
  matrix: ColorMatrix,
): void {
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError('I420 needs even width and height');
  if (out.length < i420Size(width, height)) throw new RangeError('I420 buffer too small');
  const [yr, yg, yb, ur, ug, ub, vr, vg, vb] = lumaChromaCoefficients(matrix);
  const chromaWidth = width / 2;
  const uBase = width * height;
  const vBase = uBase + chromaWidth * (height / 2);
  const stride = width * 4;
  const lumaOffset = (16 << 16) + 32768;
  for (let y = 0; y < height; y += 2) {
    let top = y * stride;
    let yTop = y * width;
    let chroma = (y / 2) * chromaWidth;
    for (let x = 0; x < width; x += 2) {
      const bottom = top + stride;
      const r0 = rgba[top]!,
        g0 = rgba[top + 1]!,
        b0 = rgba[top + 2]!;
      const r1 = rgba[top + 4]!,
        g1 = rgba[top + 5]!,
        b1 = rgba[top + 6]!;
      const r2 = rgba[bottom]!,
        g2 = rgba[bottom + 1]!,
        b2 = rgba[bottom + 2]!;
      const r3 = rgba[bottom + 4]!,
        g3 = rgba[bottom + 5]!,
        b3 = rgba[bottom + 6]!;
      out[yTop] = (yr * r0 + yg * g0 + yb * b0 + lumaOffset) >> 16;
      out[yTop + 1] = (yr * r1 + yg * g1 + yb * b1 + lumaOffset) >> 16;
      out[yTop + width] = (yr * r2 + yg * g2 + yb * b2 + lumaOffset) >> 16;
      out[yTop + width + 1] = (yr * r3 + yg * g3 + yb * b3 + lumaOffset) >> 16;
      // Chroma of the 2x2 block from its mean colour (sum of four, so shift by 2 more).
      const r = r0 + r1 + r2 + r3;
      const g = g0 + g1 + g2 + g3;
      const b = b0 + b1 + b2 + b3;
      out[uBase + chroma] = (ur * r + ug * g + ub * b + (128 << 18) + (1 << 17)) >> 18;
      out[vBase + chroma] = (vr * r + vg * g + vb * b + (128 << 18) + (1 << 17)) >> 18;
      top += 8;
      yTop += 2;
      chroma++;
    }
  }
}

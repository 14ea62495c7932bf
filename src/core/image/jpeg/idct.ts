/**
 * Inverse DCT of one block to `size`×`size` samples (8, 4, 2 or 1): libjpeg's scaled decoding. A smaller size
 * evaluates the block's low frequencies at the centres of larger cells, so decoding at 1/2, 1/4 or 1/8
 * scale costs a fraction of the full transform and never holds the full-size picture.
 */
export type IdctSize = 1 | 2 | 4 | 8;

/** basis[size][x * size + u]: weight of frequency u at output sample x (C(0) = 1/√2 folded in). */
const BASIS = new Map<number, Float32Array>(
  ([1, 2, 4, 8] as const).map((size) => {
    const basis = new Float32Array(size * size);
    for (let x = 0; x < size; x++) {
      for (let u = 0; u < size; u++)
        basis[x * size + u] = 0.5 * (u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / (2 * size));
    }
    return [size, basis];
  }),
);

const work = new Float32Array(64);
const columns = new Uint8Array(8);

/**
 * Dequantises the block at `coefficients[offset]` with `quantisation` (both natural order) and writes its
 * `size`×`size` samples, level-shifted and clamped to 0..255, into `out` at `at` with row pitch `stride`.
 */
export function inverseDct(
  coefficients: Int16Array,
  offset: number,
  quantisation: Uint16Array,
  size: IdctSize,
  out: Uint8Array,
  at: number,
  stride: number,
): void {
  if (size === 8) {
    inverseDct8(coefficients, offset, quantisation, out, at, stride);
    return;
  }
  if (size === 1) {
    out[at] = clamp((coefficients[offset]! * quantisation[0]!) / 8 + 128);
    return;
  }
  const basis = BASIS.get(size)!;
  // Columns: for each horizontal frequency u, the vertical transform of its first `size` coefficients.
  // Photos leave most high frequencies zero: all-zero columns are skipped in both passes.
  let active = 0;
  for (let u = 0; u < size; u++) {
    let nonZero = false;
    for (let v = 1; v < size; v++) {
      if (coefficients[offset + v * 8 + u] !== 0) {
        nonZero = true;
        break;
      }
    }
    const dc = coefficients[offset + u]! * quantisation[u]!;
    if (!nonZero) {
      if (dc === 0) continue;
      const value = dc * basis[0]!; // basis[y * size] is the same for every y
      for (let y = 0; y < size; y++) work[y * 8 + u] = value;
    } else {
      for (let y = 0; y < size; y++) {
        let sum = dc * basis[y * size]!;
        for (let v = 1; v < size; v++)
          sum += coefficients[offset + v * 8 + u]! * quantisation[v * 8 + u]! * basis[y * size + v]!;
        work[y * 8 + u] = sum;
      }
    }
    columns[active++] = u;
  }
  // Rows.
  for (let y = 0; y < size; y++) {
    const row = y * 8;
    const line = at + y * stride;
    if (active === 1 && columns[0] === 0) {
      out.fill(clamp(128 + work[row]! * basis[0]!), line, line + size);
      continue;
    }
    for (let x = 0; x < size; x++) {
      let sum = 128;
      for (let i = 0; i < active; i++) {
        const u = columns[i]!;
        sum += work[row + u]! * basis[x * size + u]!;
      }
      out[line + x] = clamp(sum);
    }
  }
}

// Full-size blocks: the integer Loeffler–Ligtenberg–Moschytz transform of libjpeg's jidctint.c (12-bit
// constants), several times faster than the generic sums above.
const C0_541 = 2217; // 0.5411961 × 4096
const C1_847 = -7568; // -1.847759065
const C0_765 = 3135; // 0.765366865
const C1_175 = 4816; // 1.175875602
const C0_298 = 1223; // 0.298631336
const C2_053 = 8410; // 2.053119869
const C3_072 = 12586; // 3.072711026
const C1_501 = 6149; // 1.501321110
const C0_899 = -3685; // -0.899976223
const C2_562 = -10497; // -2.562915447
const C1_961 = -8034; // -1.961570560
const C0_390 = -1597; // -0.390180644

const columnsOut = new Int32Array(64);
/** One 1-D pass: eight inputs to the even (x0..x3) and odd (t0..t3) halves, written to `half`. */
const half = new Int32Array(8);

function pass(s0: number, s1: number, s2: number, s3: number, s4: number, s5: number, s6: number, s7: number): void {
  const p1 = (s2 + s6) * C0_541;
  const e2 = p1 + s6 * C1_847;
  const e3 = p1 + s2 * C0_765;
  const e0 = (s0 + s4) * 4096;
  const e1 = (s0 - s4) * 4096;
  half[0] = e0 + e3;
  half[3] = e0 - e3;
  half[1] = e1 + e2;
  half[2] = e1 - e2;
  const q3 = s7 + s3;
  const q4 = s5 + s1;
  const q5 = (q3 + q4) * C1_175;
  const q1 = q5 + (s7 + s1) * C0_899;
  const q2 = q5 + (s5 + s3) * C2_562;
  const r3 = q3 * C1_961;
  const r4 = q4 * C0_390;
  half[7] = s1 * C1_501 + q1 + r4; // t3
  half[6] = s3 * C3_072 + q2 + r3; // t2
  half[5] = s5 * C2_053 + q2 + r4; // t1
  half[4] = s7 * C0_298 + q1 + r3; // t0
}

function inverseDct8(c: Int16Array, o: number, q: Uint16Array, out: Uint8Array, at: number, stride: number): void {
  const v = columnsOut;
  for (let i = 0; i < 8; i++) {
    const d = o + i;
    if (
      c[d + 8] === 0 &&
      c[d + 16] === 0 &&
      c[d + 24] === 0 &&
      c[d + 32] === 0 &&
      c[d + 40] === 0 &&
      c[d + 48] === 0 &&
      c[d + 56] === 0
    ) {
      const dc = c[d]! * q[i]! * 4;
      v[i] = v[i + 8] = v[i + 16] = v[i + 24] = v[i + 32] = v[i + 40] = v[i + 48] = v[i + 56] = dc;
      continue;
    }
    pass(
      c[d]! * q[i]!,
      c[d + 8]! * q[i + 8]!,
      c[d + 16]! * q[i + 16]!,
      c[d + 24]! * q[i + 24]!,
      c[d + 32]! * q[i + 32]!,
      c[d + 40]! * q[i + 40]!,
      c[d + 48]! * q[i + 48]!,
      c[d + 56]! * q[i + 56]!,
    );
    // Back down from 12 fraction bits, keeping 2 for the second pass.
    const x0 = half[0]! + 512;
    const x1 = half[1]! + 512;
    const x2 = half[2]! + 512;
    const x3 = half[3]! + 512;
    v[i] = (x0 + half[7]!) >> 10;
    v[i + 56] = (x0 - half[7]!) >> 10;
    v[i + 8] = (x1 + half[6]!) >> 10;
    v[i + 48] = (x1 - half[6]!) >> 10;
    v[i + 16] = (x2 + half[5]!) >> 10;
    v[i + 40] = (x2 - half[5]!) >> 10;
    v[i + 24] = (x3 + half[4]!) >> 10;
    v[i + 32] = (x3 - half[4]!) >> 10;
  }
  for (let row = 0; row < 8; row++) {
    const r = row * 8;
    pass(v[r]!, v[r + 1]!, v[r + 2]!, v[r + 3]!, v[r + 4]!, v[r + 5]!, v[r + 6]!, v[r + 7]!);
    // 12 + 2 fraction bits and the two passes' factor of 8: 17 bits to drop, rounded, plus the level shift.
    const bias = 65536 + (128 << 17);
    const x0 = half[0]! + bias;
    const x1 = half[1]! + bias;
    const x2 = half[2]! + bias;
    const x3 = half[3]! + bias;
    const line = at + row * stride;
    out[line] = clampInt((x0 + half[7]!) >> 17);
    out[line + 7] = clampInt((x0 - half[7]!) >> 17);
    out[line + 1] = clampInt((x1 + half[6]!) >> 17);
    out[line + 6] = clampInt((x1 - half[6]!) >> 17);
    out[line + 2] = clampInt((x2 + half[5]!) >> 17);
    out[line + 5] = clampInt((x2 - half[5]!) >> 17);
    out[line + 3] = clampInt((x3 + half[4]!) >> 17);
    out[line + 4] = clampInt((x3 - half[4]!) >> 17);
  }
}

function clampInt(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

function clamp(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}

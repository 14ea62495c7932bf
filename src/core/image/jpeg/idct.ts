/**
 * Inverse DCT of one block to `size`×`size` samples (8, 4, 2 or 1): libjpeg's scaled decoding. A smaller size
 * evaluates the block's lowest `size`×`size` frequencies at the centres of larger cells (the higher ones would
 * only alias at that scale), so decoding at 1/2, 1/4 or 1/8 scale costs a fraction of the full transform and
 * never holds the full-size picture.
 */
export type IdctSize = 1 | 2 | 4 | 8;

/**
 * Dequantises the block at `coefficients[offset]` with `quantisation` (both natural order) and writes its
 * `size`×`size` samples, level-shifted, into `out` at `at` with row pitch `stride` (the clamped array rounds
 * and clamps them to 0..255 itself, cheaper than doing it by hand).
 */
export function inverseDct(
  coefficients: Int16Array,
  offset: number,
  quantisation: Uint16Array,
  size: IdctSize,
  out: Uint8ClampedArray,
  at: number,
  stride: number,
): void {
  switch (size) {
    case 8:
      inverseDct8(coefficients, offset, quantisation, out, at, stride);
      return;
    case 4:
      inverseDct4(coefficients, offset, quantisation, out, at, stride);
      return;
    case 2:
      inverseDct2(coefficients, offset, quantisation, out, at, stride);
      return;
    case 1:
      out[at] = (coefficients[offset]! * quantisation[0]!) / 8 + 128;
  }
}

// The 4-point transform, per axis: 0.5·C(u)·cos((2x+1)uπ/8), split into even (u = 0, 2) and odd (u = 1, 3) halves.
const EVEN = 0.5 * Math.SQRT1_2; // u = 0 (C(0) = 1/√2) and u = 2 (cos π/4) weigh the same
const ODD_1 = 0.5 * Math.cos(Math.PI / 8);
const ODD_3 = 0.5 * Math.cos((3 * Math.PI) / 8);
const rows4 = new Float64Array(16);

function inverseDct4(
  c: Int16Array,
  o: number,
  q: Uint16Array,
  out: Uint8ClampedArray,
  at: number,
  stride: number,
): void {
  // Rows of coefficients first (photos leave most of rows 1..3 zero), then each output column.
  let rowsUsed = 0;
  for (let v = 0; v < 4; v++) {
    const d = o + v * 8;
    const f1 = c[d + 1]! * q[v * 8 + 1]!;
    const f2 = c[d + 2]! * q[v * 8 + 2]!;
    const f3 = c[d + 3]! * q[v * 8 + 3]!;
    const f0 = c[d]! * q[v * 8]!;
    const r = v * 4;
    if (f1 === 0 && f2 === 0 && f3 === 0) {
      const dc = f0 * EVEN;
      rows4[r] = rows4[r + 1] = rows4[r + 2] = rows4[r + 3] = dc;
      if (f0 !== 0) rowsUsed = v + 1;
      continue;
    }
    const e0 = (f0 + f2) * EVEN;
    const e1 = (f0 - f2) * EVEN;
    const o0 = f1 * ODD_1 + f3 * ODD_3;
    const o1 = f1 * ODD_3 - f3 * ODD_1;
    rows4[r] = e0 + o0;
    rows4[r + 1] = e1 + o1;
    rows4[r + 2] = e1 - o1;
    rows4[r + 3] = e0 - o0;
    rowsUsed = v + 1;
  }
  for (let x = 0; x < 4; x++) {
    const f0 = rows4[x]!;
    if (rowsUsed <= 1) {
      const value = f0 * EVEN + 128;
      out[at + x] = out[at + stride + x] = out[at + 2 * stride + x] = out[at + 3 * stride + x] = value;
      continue;
    }
    const f1 = rows4[4 + x]!;
    const f2 = rows4[8 + x]!;
    const f3 = rows4[12 + x]!;
    const e0 = (f0 + f2) * EVEN + 128;
    const e1 = (f0 - f2) * EVEN + 128;
    const o0 = f1 * ODD_1 + f3 * ODD_3;
    const o1 = f1 * ODD_3 - f3 * ODD_1;
    out[at + x] = e0 + o0;
    out[at + stride + x] = e1 + o1;
    out[at + 2 * stride + x] = e1 - o1;
    out[at + 3 * stride + x] = e0 - o0;
  }
}

function inverseDct2(
  c: Int16Array,
  o: number,
  q: Uint16Array,
  out: Uint8ClampedArray,
  at: number,
  stride: number,
): void {
  // The 2-point transform weighs both frequencies 0.5/√2 per axis: 1/8 over the two axes.
  const f00 = c[o]! * q[0]!;
  const f01 = c[o + 1]! * q[1]!;
  const f10 = c[o + 8]! * q[8]!;
  const f11 = c[o + 9]! * q[9]!;
  const top = f00 + f10;
  const bottom = f00 - f10;
  out[at] = (top + f01 + f11) / 8 + 128;
  out[at + 1] = (top - f01 - f11) / 8 + 128;
  out[at + stride] = (bottom + f01 - f11) / 8 + 128;
  out[at + stride + 1] = (bottom - f01 + f11) / 8 + 128;
}

// Full-size blocks: the integer Loeffler–Ligtenberg–Moschytz transform of libjpeg's jidctint.c (12-bit
// constants), several times faster than the plain sums of the smaller sizes.
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

function inverseDct8(
  c: Int16Array,
  o: number,
  q: Uint16Array,
  out: Uint8ClampedArray,
  at: number,
  stride: number,
): void {
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
    out[line] = (x0 + half[7]!) >> 17;
    out[line + 7] = (x0 - half[7]!) >> 17;
    out[line + 1] = (x1 + half[6]!) >> 17;
    out[line + 6] = (x1 - half[6]!) >> 17;
    out[line + 2] = (x2 + half[5]!) >> 17;
    out[line + 5] = (x2 - half[5]!) >> 17;
    out[line + 3] = (x3 + half[4]!) >> 17;
    out[line + 4] = (x3 - half[4]!) >> 17;
  }
}

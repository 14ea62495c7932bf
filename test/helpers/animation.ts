/** Readers for the animated GIF and WebP files the CLI writes: every block walked, anything malformed fails. */
import assert from 'node:assert/strict';

export interface GifInfo {
  width: number;
  height: number;
  frames: number;
  delays: number[];
  loops: boolean;
  firstFramePixels: number;
}

/** Walks every block of a GIF89a file, failing on anything malformed, and LZW-decodes the first frame. */
export function parseGif(bytes: Uint8Array): GifInfo {
  assert.equal(Buffer.from(bytes.subarray(0, 6)).toString('latin1'), 'GIF89a');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint16(6, true);
  const height = view.getUint16(8, true);
  const flags = bytes[10]!;
  let at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  const delays: number[] = [];
  let frames = 0;
  let loops = false;
  let firstFramePixels = -1;
  const readSubBlocks = (): Uint8Array => {
    const parts: number[] = [];
    for (;;) {
      const size = bytes[at++];
      assert.ok(size !== undefined, 'truncated sub-blocks');
      if (size === 0) return Uint8Array.from(parts);
      assert.ok(at + size <= bytes.length, 'sub-block past the end');
      parts.push(...bytes.subarray(at, at + size));
      at += size;
    }
  };
  for (;;) {
    const introducer = bytes[at++];
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = bytes[at++];
      const data = readSubBlocks();
      if (label === 0xf9) delays.push(data[1]! | (data[2]! << 8));
      if (label === 0xff && Buffer.from(data.subarray(0, 11)).toString('latin1') === 'NETSCAPE2.0') loops = true;
      continue;
    }
    assert.equal(introducer, 0x2c, `unexpected block 0x${introducer?.toString(16)} at ${at - 1}`);
    const w = view.getUint16(at + 4, true);
    const h = view.getUint16(at + 6, true);
    assert.deepEqual([w, h], [width, height]);
    at += 9;
    const minCodeSize = bytes[at++]!;
    const data = readSubBlocks();
    if (frames === 0) firstFramePixels = lzwDecodeLength(data, minCodeSize);
    frames++;
  }
  assert.equal(at, bytes.length, 'bytes after the trailer');
  return { width, height, frames, delays, loops, firstFramePixels };
}

/** How many pixels an LZW stream decodes to (a broken code stream throws). */
function lzwDecodeLength(data: Uint8Array, minCodeSize: number): number {
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let codeSize = minCodeSize + 1;
  let lengths: number[] = [];
  let firstOf: number[] = [];
  const reset = () => {
    lengths = Array.from({ length: end + 1 }, (_, i) => (i < clear ? 1 : 0));
    firstOf = Array.from({ length: end + 1 }, (_, i) => i);
    codeSize = minCodeSize + 1;
  };
  reset();
  let bits = 0;
  let buffer = 0;
  let pos = 0;
  let previous = -1;
  let total = 0;
  for (;;) {
    while (bits < codeSize) {
      assert.ok(pos < data.length, 'LZW stream ends without an end code');
      buffer |= data[pos++]! << bits;
      bits += 8;
    }
    const code = buffer & ((1 << codeSize) - 1);
    buffer >>>= codeSize;
    bits -= codeSize;
    if (code === clear) {
      reset();
      previous = -1;
      continue;
    }
    if (code === end) return total;
    let length: number;
    let first: number;
    if (code < lengths.length) {
      length = lengths[code]!;
      first = firstOf[code]!;
      assert.ok(length > 0, `LZW code ${code} is not defined`);
    } else {
      assert.equal(code, lengths.length, `LZW code ${code} skips ahead`);
      assert.ok(previous >= 0);
      length = lengths[previous]! + 1;
      first = firstOf[previous]!;
    }
    if (previous >= 0 && lengths.length < 4096) {
      lengths.push(lengths[previous]! + 1);
      firstOf.push(firstOf[previous]!);
      if (lengths.length === 1 << codeSize && codeSize < 12) codeSize++;
    }
    void first;
    total += length;
    previous = code;
  }
}

/** Chunk types of a RIFF/WebP file, in order, with the VP8X flags. */
export function parseWebp(bytes: Uint8Array): {
  types: string[];
  animated: boolean;
  width: number;
  height: number;
  durations: number[];
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'RIFF');
  assert.equal(Buffer.from(bytes.subarray(8, 12)).toString('latin1'), 'WEBP');
  assert.equal(view.getUint32(4, true) + 8, bytes.length, 'RIFF size');
  const types: string[] = [];
  const durations: number[] = [];
  let animated = false;
  let width = 0;
  let height = 0;
  const u24 = (p: number) => bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16);
  for (let pos = 12; pos < bytes.length;) {
    const type = Buffer.from(bytes.subarray(pos, pos + 4)).toString('latin1');
    const size = view.getUint32(pos + 4, true);
    assert.ok(pos + 8 + size <= bytes.length, `${type} runs past the end`);
    types.push(type);
    if (type === 'VP8X') {
      animated = (bytes[pos + 8]! & 0b10) !== 0;
      width = u24(pos + 12) + 1;
      height = u24(pos + 15) + 1;
    }
    if (type === 'ANMF') {
      assert.deepEqual([u24(pos + 14) + 1, u24(pos + 17) + 1], [width, height], 'frame covers the canvas');
      durations.push(u24(pos + 20));
      const inner = Buffer.from(bytes.subarray(pos + 24, pos + 28)).toString('latin1');
      assert.ok(inner === 'VP8 ' || inner === 'VP8L', `ANMF holds ${inner}`);
    }
    pos += 8 + size + (size & 1);
  }
  return { types, animated, width, height, durations };
}

import type { BitReader } from './bitReader';

/** A Huffman table as one 16-bit lookup: entry = code length << 8 | symbol (0 = no such code). */
export type HuffmanTable = Uint16Array;

export function buildHuffmanTable(counts: Uint8Array, symbols: Uint8Array): HuffmanTable {
  const table = new Uint16Array(1 << 16);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < counts[length - 1]!; i++) {
      const shift = 16 - length;
      const from = code << shift;
      const to = (code + 1) << shift;
      if (to > table.length) throw new HuffmanError('a Huffman table has more codes than fit in 16 bits');
      table.fill((length << 8) | symbols[k++]!, from, to);
      code++;
    }
    code <<= 1;
  }
  return table;
}

/**
 * A Huffman table with the coefficient's value folded in: for each FAST_BITS of lookahead whose code and extra
 * bits both fit, entry = value << 9 | run << 5 | bits used (AC value 0: end of block, or 16 zeros when run is
 * 15; DC symbols have no run, and value 0 is an unchanged DC); 0 where they do not fit. One lookup and one skip
 * per coefficient instead of two of each (libjpeg-turbo's jdhuff.c does the same with 9 bits).
 */
export type FastTable = Int32Array;

export function buildFastTable(table: HuffmanTable): FastTable {
  const fast = new Int32Array(1 << FAST_BITS);
  const unused = 16 - FAST_BITS;
  for (let peek = 0; peek < fast.length; peek++) {
    const entry = table[peek << unused]!;
    if (entry === 0) continue;
    const length = entry >> 8;
    const rs = entry & 0xff;
    const s = rs & 15;
    const run = rs >> 4;
    if (length + s > FAST_BITS) continue;
    let value = 0;
    if (s > 0) {
      const bits = (peek >> (FAST_BITS - length - s)) & ((1 << s) - 1);
      value = bits < 1 << (s - 1) ? bits - (1 << s) + 1 : bits;
    }
    fast[peek] = (value << 9) | (run << 5) | (length + s);
  }
  return fast;
}

/** Bits of lookahead a fast table covers: 2^12 entries (16 KB) stay in the CPU's first-level cache. */
export const FAST_BITS = 12;

export function decodeHuffman(reader: BitReader, table: HuffmanTable): number {
  const entry = table[reader.peek16()]!;
  if (entry === 0) throw new HuffmanError('a Huffman code is not in its table');
  reader.skip(entry >> 8);
  return entry & 0xff;
}

/** The entropy-coded data makes no sense: the file is damaged. */
export class HuffmanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HuffmanError';
  }
}

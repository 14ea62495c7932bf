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

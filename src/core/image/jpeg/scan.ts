import type { BitReader } from './bitReader';
import { decodeHuffman, FAST_BITS, HuffmanError, type FastTable, type HuffmanTable } from './huffman';

// Module constants, not the import itself, in the hot loop (a bundler may turn imports into property reads).
const LOOKAHEAD = FAST_BITS;
const FAST_MASK = (1 << FAST_BITS) - 1;

/** Position in natural (row-major) order of the k-th coefficient in zigzag order. */
export const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
]);

/** What a block decoder needs of the component it is decoding. */
export interface ScanComponent {
  dcTable: HuffmanTable | undefined;
  acTable: HuffmanTable | undefined;
  /** `dcTable` and `acTable` with values folded in (see FastTable); set for sequential scans only. */
  dcFast: FastTable | undefined;
  acFast: FastTable | undefined;
  /** DC prediction, reset at the start of each scan and restart interval. */
  dcPredictor: number;
}

/** The part of a scan header that shapes its blocks: spectral band Ss..Se and successive-approximation bits. */
export interface ScanBand {
  readonly start: number;
  readonly end: number;
  readonly high: number;
  readonly low: number;
}

/** Decodes one 8×8 block of a scan into `coefficients` (natural order, not dequantised) at `offset`. */
export type BlockDecoder = (
  reader: BitReader,
  component: ScanComponent,
  coefficients: Int16Array,
  offset: number,
) => void;

function table(found: HuffmanTable | undefined): HuffmanTable {
  if (!found) throw new HuffmanError('a scan uses a Huffman table the file never defines');
  return found;
}

/** Picks the block decoder for a scan; `eob` carries the end-of-band run of progressive AC scans between blocks. */
export function blockDecoder(progressive: boolean, band: ScanBand, eob: { run: number }): BlockDecoder {
  if (!progressive) return decodeBaseline;
  const { start, end, high, low } = band;
  if (start === 0) {
    return high === 0
      ? (reader, component, coefficients, offset) => {
          const size = decodeHuffman(reader, table(component.dcTable));
          component.dcPredictor += reader.receiveExtend(size);
          coefficients[offset] = component.dcPredictor * (1 << low);
        }
      : (reader, _component, coefficients, offset) => {
          if (reader.bit()) coefficients[offset]! |= 1 << low;
        };
  }
  return high === 0 ? acFirst(start, end, low, eob) : acRefine(start, end, low, eob);
}

const decodeBaseline: BlockDecoder = (reader, component, coefficients, offset) => {
  const dcFast = component.dcFast;
  const fast = component.acFast;
  if (!dcFast || !fast) throw new HuffmanError('a scan uses a Huffman table the file never defines');
  if (reader.count < 16) reader.fill();
  // A DC symbol is its difference's bit count: the same folding gives the difference (0 for an empty one).
  const dc = dcFast[(reader.buffer >>> (reader.count - LOOKAHEAD)) & FAST_MASK]!;
  if (dc !== 0) {
    reader.skip(dc & 31);
    component.dcPredictor += dc >> 9;
  } else {
    const size = decodeHuffman(reader, table(component.dcTable));
    component.dcPredictor += reader.receiveExtend(size);
  }
  coefficients[offset] = component.dcPredictor;
  // The hottest loop of a decode: the reader's bit buffer lives in locals, handed back only to refill, for
  // the rare long code, and at the end (where running into padding is noted, as `skip` would have).
  let buffer = reader.buffer;
  let count = reader.count;
  for (let k = 1; k < 64;) {
    if (count < 16) {
      reader.buffer = buffer;
      reader.count = count;
      reader.fill();
      buffer = reader.buffer;
      count = reader.count;
    }
    const entry = fast[(buffer >>> (count - LOOKAHEAD)) & FAST_MASK]!;
    let run: number;
    let value: number;
    if (entry !== 0) {
      count -= entry & 31;
      run = (entry >> 5) & 15;
      value = entry >> 9;
      if (value === 0) {
        if (run < 15) break; // end of block
        k += 16;
        continue;
      }
    } else {
      // A long code with many extra bits: read the two apart.
      reader.buffer = buffer;
      reader.count = count;
      if (count < reader.padding) reader.overrun = true; // a bad code there is data running short
      const rs = decodeHuffman(reader, table(component.acTable));
      const s = rs & 15;
      run = rs >> 4;
      value = s === 0 ? 0 : reader.receiveExtend(s);
      buffer = reader.buffer;
      count = reader.count;
      if (s === 0) {
        if (run < 15) break;
        k += 16;
        continue;
      }
    }
    k += run;
    if (k > 63) {
      reader.count = count;
      if (count < reader.padding) reader.overrun = true;
      throw new HuffmanError('a block has more than 64 coefficients');
    }
    coefficients[offset + ZIGZAG[k]!] = value;
    k++;
  }
  reader.buffer = buffer;
  reader.count = count;
  if (count < reader.padding) reader.overrun = true;
};

function acFirst(start: number, end: number, low: number, eob: { run: number }): BlockDecoder {
  return (reader, component, coefficients, offset) => {
    if (eob.run > 0) {
      eob.run--;
      return;
    }
    const ac = table(component.acTable);
    for (let k = start; k <= end;) {
      const rs = decodeHuffman(reader, ac);
      const s = rs & 15;
      const r = rs >> 4;
      if (s === 0) {
        if (r < 15) {
          eob.run = (1 << r) - 1 + reader.bits(r);
          break;
        }
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) throw new HuffmanError('a block has more than 64 coefficients');
      coefficients[offset + ZIGZAG[k]!] = reader.receiveExtend(s) * (1 << low);
      k++;
    }
  };
}

/** Successive approximation of AC coefficients (libjpeg's decode_mcu_AC_refine). */
function acRefine(start: number, end: number, low: number, eob: { run: number }): BlockDecoder {
  const plus = 1 << low;
  const minus = -1 << low;
  const refine = (reader: BitReader, coefficients: Int16Array, at: number): void => {
    const value = coefficients[at]!;
    if (reader.bit() && (value & plus) === 0) coefficients[at] = value >= 0 ? value + plus : value + minus;
  };
  return (reader, component, coefficients, offset) => {
    let k = start;
    if (eob.run === 0) {
      const ac = table(component.acTable);
      for (; k <= end; k++) {
        const rs = decodeHuffman(reader, ac);
        let s = rs & 15;
        let r = rs >> 4;
        if (s !== 0) {
          s = reader.bit() ? plus : minus;
        } else if (r !== 15) {
          eob.run = (1 << r) + reader.bits(r);
          break;
        }
        // Skip r zero-history coefficients (refining the non-zero ones passed), then place the new one.
        while (k <= end) {
          const at = offset + ZIGZAG[k]!;
          if (coefficients[at] !== 0) refine(reader, coefficients, at);
          else if (--r < 0) break;
          k++;
        }
        if (s !== 0 && k <= end) coefficients[offset + ZIGZAG[k]!] = s;
      }
    }
    if (eob.run > 0) {
      for (; k <= end; k++) {
        const at = offset + ZIGZAG[k]!;
        if (coefficients[at] !== 0) refine(reader, coefficients, at);
      }
      eob.run--;
    }
  };
}

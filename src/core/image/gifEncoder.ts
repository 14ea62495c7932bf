import type { RgbaImage } from './rgba';

/** A GIF colour table: up to 256 RGB colours, packed as r, g, b bytes. */
export interface Palette {
  readonly colours: Uint8Array;
  readonly size: number;
}

/** The histogram works on 5 bits per channel: 32k cells, enough to tell apart what 256 colours can. */
const BITS = 5;
const SHIFT = 8 - BITS;
const LEVELS = 1 << BITS;

/**
 * A 256-colour palette for a set of frames, by median cut: the colour cube of the sampled pixels is split
 * again and again at the median of its widest channel, and each box gives its mean colour. One palette for the
 * whole clip: a camera move over one picture keeps the same colours, and a global table keeps the file small.
 */
export function medianCutPalette(samples: readonly RgbaImage[], maxColours = 256): Palette {
  const histogram = new Uint32Array(LEVELS * LEVELS * LEVELS);
  for (const image of samples) {
    const data = image.data;
    // Every other pixel is plenty to find the colours.
    for (let i = 0; i < data.length; i += 8) histogram[key(data[i]!, data[i + 1]!, data[i + 2]!)]!++;
  }
  const cells: number[] = [];
  for (let c = 0; c < histogram.length; c++) if (histogram[c]! > 0) cells.push(c);
  if (cells.length === 0) cells.push(0);
  let boxes: number[][] = [cells];
  while (boxes.length < maxColours) {
    // Split the box with the most pixels times its widest range (large, varied regions get more colours).
    let best = -1;
    let bestScore = 0;
    for (let b = 0; b < boxes.length; b++) {
      const box = boxes[b]!;
      if (box.length < 2) continue;
      const score = weight(box, histogram) * widest(box).range;
      if (score > bestScore) {
        bestScore = score;
        best = b;
      }
    }
    if (best < 0) break;
    const box = boxes[best]!;
    const { channel } = widest(box);
    box.sort((a, b) => channelOf(a, channel) - channelOf(b, channel));
    const half = weight(box, histogram) / 2;
    let running = 0;
    let cut = 1;
    for (let i = 0; i < box.length - 1; i++) {
      running += histogram[box[i]!]!;
      if (running >= half) {
        cut = i + 1;
        break;
      }
    }
    boxes = [...boxes.slice(0, best), box.slice(0, cut), box.slice(cut), ...boxes.slice(best + 1)];
  }
  const colours = new Uint8Array(256 * 3);
  boxes.forEach((box, index) => {
    let r = 0;
    let g = 0;
    let b = 0;
    let n = 0;
    for (const c of box) {
      const count = histogram[c]! || 1;
      r += (channelOf(c, 0) + 0.5) * count;
      g += (channelOf(c, 1) + 0.5) * count;
      b += (channelOf(c, 2) + 0.5) * count;
      n += count;
    }
    colours[index * 3] = Math.round((r / n) * (1 << SHIFT));
    colours[index * 3 + 1] = Math.round((g / n) * (1 << SHIFT));
    colours[index * 3 + 2] = Math.round((b / n) * (1 << SHIFT));
  });
  return { colours, size: boxes.length };
}

function key(r: number, g: number, b: number): number {
  return ((r >> SHIFT) << (2 * BITS)) | ((g >> SHIFT) << BITS) | (b >> SHIFT);
}

function channelOf(cell: number, channel: number): number {
  return (cell >> ((2 - channel) * BITS)) & (LEVELS - 1);
}

function weight(box: readonly number[], histogram: Uint32Array): number {
  let sum = 0;
  for (const c of box) sum += histogram[c]!;
  return sum;
}

function widest(box: readonly number[]): { channel: number; range: number } {
  let best = { channel: 0, range: -1 };
  for (let channel = 0; channel < 3; channel++) {
    let low = LEVELS;
    let high = -1;
    for (const c of box) {
      const v = channelOf(c, channel);
      if (v < low) low = v;
      if (v > high) high = v;
    }
    if (high - low > best.range) best = { channel, range: high - low };
  }
  return best;
}

/** 8×8 Bayer matrix: ordered dithering is fixed to the screen, so it does not crawl over a moving picture. */
const BAYER = [
  0, 32, 8, 40, 2, 34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26, 12, 44, 4, 36, 14, 46, 6, 38, 60, 28, 52, 20, 62, 30, 54,
  22, 3, 35, 11, 43, 1, 33, 9, 41, 51, 19, 59, 27, 49, 17, 57, 25, 15, 47, 7, 39, 13, 45, 5, 37, 63, 31, 55, 23, 61, 29,
  53, 21,
];
/** How far the dither pushes each channel (±): about one step between neighbouring palette colours. */
const DITHER_AMPLITUDE = 14;

/** Maps frames to a palette, remembering each colour's nearest entry (a clip reuses the same colours). */
export class PaletteMapper {
  private readonly nearest = new Int16Array(LEVELS * LEVELS * LEVELS).fill(-1);

  constructor(private readonly palette: Palette) {}

  /** Palette indices of `image`, with ordered dithering. */
  map(image: RgbaImage): Uint8Array {
    const { width, height, data } = image;
    const out = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const d = ((BAYER[((y & 7) << 3) | (x & 7)]! + 0.5) / 64 - 0.5) * 2 * DITHER_AMPLITUDE;
        const r = clamp(data[i]! + d);
        const g = clamp(data[i + 1]! + d);
        const b = clamp(data[i + 2]! + d);
        out[y * width + x] = this.lookup(key(r, g, b));
      }
    }
    return out;
  }

  private lookup(cell: number): number {
    const known = this.nearest[cell]!;
    if (known >= 0) return known;
    const r = (channelOf(cell, 0) << SHIFT) + (1 << (SHIFT - 1));
    const g = (channelOf(cell, 1) << SHIFT) + (1 << (SHIFT - 1));
    const b = (channelOf(cell, 2) << SHIFT) + (1 << (SHIFT - 1));
    const colours = this.palette.colours;
    let best = 0;
    let bestDistance = Infinity;
    for (let p = 0; p < this.palette.size; p++) {
      // Weighted like the eye: green differences show most, blue least.
      const dr = colours[p * 3]! - r;
      const dg = colours[p * 3 + 1]! - g;
      const db = colours[p * 3 + 2]! - b;
      const distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = p;
      }
    }
    this.nearest[cell] = best;
    return best;
  }
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value | 0;
}

/** Writes an animated GIF (GIF89a, global palette, loops forever) frame by frame; `finish` returns the file. */
export class GifWriter {
  private readonly parts: Uint8Array[] = [];
  private bytes = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    palette: Palette,
  ) {
    const header = new Uint8Array(13 + 256 * 3 + 19);
    header.set(ascii('GIF89a'));
    const view = new DataView(header.buffer);
    view.setUint16(6, width, true);
    view.setUint16(8, height, true);
    header[10] = 0xf7; // global colour table, 8 bits colour resolution, 256 entries
    header.set(palette.colours.subarray(0, 256 * 3), 13);
    // NETSCAPE2.0 application extension: loop forever.
    header.set([0x21, 0xff, 0x0b, ...ascii('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00], 13 + 256 * 3);
    this.push(header);
  }

  /** Size so far, to stop early when a budget is exceeded. */
  get size(): number {
    return this.bytes;
  }

  /** Adds a frame of palette indices shown for `delayCs` hundredths of a second. */
  addFrame(indices: Uint8Array, delayCs: number): void {
    const control = new Uint8Array([0x21, 0xf9, 0x04, 0x00, delayCs & 0xff, delayCs >> 8, 0x00, 0x00]);
    const descriptor = new Uint8Array(10);
    descriptor[0] = 0x2c;
    const view = new DataView(descriptor.buffer);
    view.setUint16(5, this.width, true);
    view.setUint16(7, this.height, true);
    this.push(control);
    this.push(descriptor);
    this.push(new Uint8Array([8])); // LZW minimum code size
    this.push(subBlocks(lzw(indices)));
  }

  finish(): Uint8Array {
    this.push(new Uint8Array([0x3b]));
    const out = new Uint8Array(this.bytes);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  private push(part: Uint8Array): void {
    this.parts.push(part);
    this.bytes += part.length;
  }
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/** Data split into GIF sub-blocks (≤ 255 bytes each, length-prefixed), closed by an empty block. */
function subBlocks(data: Uint8Array): Uint8Array {
  const blocks = Math.ceil(data.length / 255);
  const out = new Uint8Array(data.length + blocks + 1);
  let at = 0;
  for (let i = 0; i < data.length; i += 255) {
    const chunk = data.subarray(i, Math.min(data.length, i + 255));
    out[at++] = chunk.length;
    out.set(chunk, at);
    at += chunk.length;
  }
  out[at] = 0;
  return out;
}

const CLEAR = 256;
const END = 257;
const MAX_CODE = 4095;
/** Dictionary: code of (prefix code, next byte), or -1; 4096 prefixes × 256 bytes. */
const table = new Int16Array(4096 * 256);

/** GIF's variable-width LZW (8-bit symbols, codes up to 12 bits, least significant bit first). */
export function lzw(indices: Uint8Array): Uint8Array {
  const out: number[] = [];
  let bitBuffer = 0;
  let bitCount = 0;
  let codeSize = 9;
  const emit = (code: number): void => {
    bitBuffer |= code << bitCount;
    bitCount += codeSize;
    while (bitCount >= 8) {
      out.push(bitBuffer & 0xff);
      bitBuffer >>>= 8;
      bitCount -= 8;
    }
  };
  table.fill(-1);
  let next = END + 1;
  emit(CLEAR);
  if (indices.length === 0) {
    emit(END);
    if (bitCount > 0) out.push(bitBuffer & 0xff);
    return Uint8Array.from(out);
  }
  let prefix = indices[0]!;
  for (let i = 1; i < indices.length; i++) {
    const symbol = indices[i]!;
    const slot = prefix * 256 + symbol;
    const found = table[slot]!;
    if (found >= 0) {
      prefix = found;
      continue;
    }
    emit(prefix);
    if (next <= MAX_CODE) {
      table[slot] = next;
      // The decoder widens its codes one step later than it adds them, hence `>` rather than `>=`.
      if (next > (1 << codeSize) - 1 && codeSize < 12) codeSize++;
      next++;
    } else {
      // Dictionary full: start over (a fresh table adapts to the rest of the frame).
      emit(CLEAR);
      table.fill(-1);
      codeSize = 9;
      next = END + 1;
    }
    prefix = symbol;
  }
  emit(prefix);
  emit(END);
  if (bitCount > 0) out.push(bitBuffer & 0xff);
  return Uint8Array.from(out);
}

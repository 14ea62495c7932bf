import * as l10n from '@vscode/l10n';
import { Readable } from 'node:stream';
import { createInflate } from 'node:zlib';
import { ascii, dataView } from './bytes';
import { imageError } from './imageError';
import type { RgbaImage } from './rgba';

/**
 * Decodes a non-interlaced PNG row by row with Node's zlib, box-averaging every `shrink`×`shrink` block of pixels
 * as the rows arrive: the full-size picture (and the wasm decoder's second copy of it) never exists, so a
 * 100-megapixel PNG costs about its shrunk size. 16-bit samples keep their high byte, as the wasm decoder does.
 * The chunk structure must already have been checked (checkPngChunks).
 */
export async function decodePngShrunk(bytes: Uint8Array, shrink: number): Promise<RgbaImage> {
  const view = dataView(bytes);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24]!;
  const colour = bytes[25]!;
  if (bytes[28] !== 0) throw new RangeError('decodePngShrunk: interlaced PNGs are decoded whole');
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colour]!;
  const bitsPerPixel = channels * depth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);

  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const data: Uint8Array[] = [];
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const length = view.getUint32(pos);
    const type = ascii(bytes, pos + 4, 4);
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  if (colour === 3 && !palette)
    throw imageError('corrupt', l10n.t('The PNG file is damaged: its palette (PLTE) is missing. Re-export the image.'));

  const toRgba = rgbaConverter(colour, depth, width, palette, transparency);
  const out = new BoxShrinker(width, height, shrink);
  const rgba = new Uint8Array(width * 4);
  let previous = new Uint8Array(rowBytes);
  let current = new Uint8Array(rowBytes);
  let filter = -1;
  let filled = 0;
  let rows = 0;
  try {
    for await (const chunk of Readable.from(data).pipe(createInflate()) as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length && rows < height;) {
        if (filter < 0) {
          filter = chunk[i++]!;
          continue;
        }
        const take = Math.min(rowBytes - filled, chunk.length - i);
        current.set(chunk.subarray(i, i + take), filled);
        filled += take;
        i += take;
        if (filled < rowBytes) continue;
        unfilter(filter, current, previous, bpp);
        toRgba(current, rgba);
        out.addRow(rgba);
        [previous, current] = [current, previous];
        filter = -1;
        filled = 0;
        rows++;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') throw truncated(); // zlib: "unexpected end of file"
    throw imageError(
      'corrupt',
      l10n.t('The PNG file is damaged and cannot be decoded ({0}). Re-export the image.', (error as Error).message),
      error,
    );
  }
  if (rows < height) throw truncated();
  return out.image();
}

function truncated(): Error {
  return imageError(
    'truncated',
    l10n.t(
      'The PNG file is truncated: its pixel data stops early. The download or copy was probably cut short; get the file again.',
    ),
  );
}

function unfilter(filter: number, row: Uint8Array, above: Uint8Array, bpp: number): void {
  const n = row.length;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = row[i]! + row[i - bpp]!;
      return;
    case 2:
      for (let i = 0; i < n; i++) row[i] = row[i]! + above[i]!;
      return;
    case 3:
      for (let i = 0; i < n; i++) row[i] = row[i]! + (((i >= bpp ? row[i - bpp]! : 0) + above[i]!) >> 1);
      return;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = above[i]!;
        const c = i >= bpp ? above[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] = row[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    default:
      throw new Error(`unknown row filter ${filter}`);
  }
}

/** Expands one unfiltered row of any PNG colour type and depth to 8-bit RGBA. */
function rgbaConverter(
  colour: number,
  depth: number,
  width: number,
  palette?: Uint8Array,
  transparency?: Uint8Array,
): (row: Uint8Array, out: Uint8Array) => void {
  const wide = depth === 16;
  const step = wide ? 2 : 1;
  const max = (1 << depth) - 1;
  const sample = (row: Uint8Array, index: number): number => {
    if (depth >= 8) return row[index * step]!; // the high byte of a 16-bit sample
    const bit = index * depth;
    return (row[bit >> 3]! >> (8 - depth - (bit & 7))) & max;
  };
  const raw = (row: Uint8Array, index: number): number =>
    wide ? (row[index * 2]! << 8) | row[index * 2 + 1]! : sample(row, index);
  const key = (i: number): number =>
    transparency && transparency.length >= 2 * (i + 1) ? (transparency[2 * i]! << 8) | transparency[2 * i + 1]! : -1;
  switch (colour) {
    case 0: {
      const transparent = key(0);
      return (row, out) => {
        for (let x = 0; x < width; x++) {
          const v = depth >= 8 ? sample(row, x) : Math.round((sample(row, x) * 255) / max);
          out[x * 4] = out[x * 4 + 1] = out[x * 4 + 2] = v;
          out[x * 4 + 3] = raw(row, x) === transparent ? 0 : 255;
        }
      };
    }
    case 2: {
      const [r, g, b] = [key(0), key(1), key(2)];
      return (row, out) => {
        for (let x = 0; x < width; x++) {
          out[x * 4] = sample(row, x * 3);
          out[x * 4 + 1] = sample(row, x * 3 + 1);
          out[x * 4 + 2] = sample(row, x * 3 + 2);
          out[x * 4 + 3] = raw(row, x * 3) === r && raw(row, x * 3 + 1) === g && raw(row, x * 3 + 2) === b ? 0 : 255;
        }
      };
    }
    case 3:
      return (row, out) => {
        for (let x = 0; x < width; x++) {
          const i = sample(row, x);
          out[x * 4] = palette![i * 3] ?? 0;
          out[x * 4 + 1] = palette![i * 3 + 1] ?? 0;
          out[x * 4 + 2] = palette![i * 3 + 2] ?? 0;
          out[x * 4 + 3] = transparency?.[i] ?? 255;
        }
      };
    case 4:
      return (row, out) => {
        for (let x = 0; x < width; x++) {
          out[x * 4] = out[x * 4 + 1] = out[x * 4 + 2] = sample(row, x * 2);
          out[x * 4 + 3] = sample(row, x * 2 + 1);
        }
      };
    default:
      return (row, out) => {
        for (let x = 0; x < width * 4; x++) out[x] = sample(row, x);
      };
  }
}

/** Averages `k`×`k` blocks of incoming rows, weighting colour by alpha so invisible pixels do not bleed in. */
class BoxShrinker {
  private readonly columns: number;
  private readonly out: Uint8Array;
  private readonly sums: Float64Array;
  private rowsIn = 0;
  private rowsOut = 0;

  constructor(
    private readonly width: number,
    height: number,
    private readonly k: number,
  ) {
    this.columns = Math.ceil(width / k);
    this.out = new Uint8Array(this.columns * Math.ceil(height / k) * 4);
    this.sums = new Float64Array(this.columns * 4);
  }

  addRow(rgba: Uint8Array): void {
    const { k, sums, width } = this;
    if (k === 1) {
      this.out.set(rgba, this.rowsOut++ * width * 4);
      return;
    }
    for (let x = 0; x < width; x++) {
      const a = rgba[x * 4 + 3]!;
      const s = ((x / k) | 0) * 4;
      sums[s] = sums[s]! + rgba[x * 4]! * a;
      sums[s + 1] = sums[s + 1]! + rgba[x * 4 + 1]! * a;
      sums[s + 2] = sums[s + 2]! + rgba[x * 4 + 2]! * a;
      sums[s + 3] = sums[s + 3]! + a;
    }
    if (++this.rowsIn === k) this.flush();
  }

  private flush(): void {
    const { sums, k, width, columns } = this;
    const at = this.rowsOut * columns * 4;
    for (let c = 0; c < columns; c++) {
      const count = Math.min(k, width - c * k) * this.rowsIn;
      const alpha = sums[c * 4 + 3]!;
      for (let i = 0; i < 3; i++) this.out[at + c * 4 + i] = alpha === 0 ? 0 : Math.round(sums[c * 4 + i]! / alpha);
      this.out[at + c * 4 + 3] = Math.round(alpha / count);
    }
    sums.fill(0);
    this.rowsIn = 0;
    this.rowsOut++;
  }

  image(): RgbaImage {
    if (this.rowsIn > 0) this.flush();
    return { width: this.columns, height: this.out.length / (this.columns * 4), data: this.out };
  }
}

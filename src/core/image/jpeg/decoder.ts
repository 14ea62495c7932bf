import type { Orientation } from '../exif';
import type { RgbaImage } from '../rgba';
import { BitReader } from './bitReader';
import { cmykToRgb, colourModel, yccRowToRgba, ycckToRgb, type Adobe, type ColourModel } from './colour';
import { mcuRowCoefficients, transformBlockRows, type BlockRows } from './blockRows';
import { buildFastTable, buildHuffmanTable, HuffmanError, type FastTable, type HuffmanTable } from './huffman';
import { shareWith } from './helperJobs';
import type { JpegHelper } from './helperThread';
import type { IdctSize } from './idct';
import { blockDecoder, ZIGZAG, type ScanComponent } from './scan';
import type { SharedWork } from './sharedWork';

/**
 * A JPEG decoder in TypeScript, for what the WebAssembly one (mozjpeg, fixed to RGBA output) cannot do:
 * CMYK and YCCK pictures, decoding at 1/2, 1/4 or 1/8 scale, and holding little more than the output.
 * A single-scan baseline file (what cameras write) is decoded one row of blocks at a time; a progressive
 * one needs all its coefficients (2 bytes per sample) until its last scan. Huffman coding only: arithmetic-
 * coded files go to mozjpeg.
 */
export interface JpegOptions {
  /** Output is 1/scale of the stored size on each axis (rounded up). */
  readonly scale: 1 | 2 | 4 | 8;
  /** EXIF orientation to apply while writing the pixels (no second buffer). */
  readonly orientation: Orientation;
  /** Most coefficient memory a multi-scan file may take, in bytes. */
  readonly maxCoefficientBytes: number;
  /**
   * Stop with 'unsupported' at a progressive frame header, before any real work: for callers with a faster
   * decoder for those (ours decodes their many passes bit by bit, several times slower than baseline).
   */
  readonly refuseProgressive?: boolean;
  /**
   * Only this part of the upright output (output pixels, after `orientation`) is needed: blocks and pixels wholly
   * outside it skip the inverse DCT and colour conversion and are left opaque black. Their entropy-coded data is
   * still read (it is one sequential bit stream), except after the region's last row, where a single-scan file's
   * decoding stops. Default: everything.
   */
  readonly region?: PixelRect;
  /**
   * A second thread for the inverse DCT while this one reads the entropy-coded data: used for a single-scan YCbCr
   * file decoded to planes (`decodeJpegPlanesOrPixels`).
   */
  readonly helper?: JpegHelper;
}

/** A rectangle of whole pixels. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface JpegResult {
  readonly image: RgbaImage;
  readonly colourModel: ColourModel;
}

/**
 * One component's samples after the inverse DCT, before upsampling or colour conversion, in stored orientation.
 * Sample (i, j) covers output pixels [i / perPixelX, (i + 1) / perPixelX) across and likewise down.
 */
export interface SamplePlane {
  readonly data: Uint8Array;
  /** Bytes from one row to the next (the plane is padded to whole blocks). */
  readonly stride: number;
  /** Samples that cover the picture, across and down. */
  readonly width: number;
  readonly height: number;
  /** Samples per output pixel: 1 for luma, 1/2 for 4:2:0 chroma at half scale. */
  readonly perPixelX: number;
  readonly perPixelY: number;
}

/** A YCbCr picture at 1/scale as its three planes; `width`×`height` is its size in output pixels. */
export interface YccPlanes {
  readonly width: number;
  readonly height: number;
  readonly luma: SamplePlane;
  readonly blue: SamplePlane;
  readonly red: SamplePlane;
}

export type JpegProblem = 'truncated' | 'corrupt' | 'unsupported' | 'too-large';

export class JpegError extends Error {
  constructor(
    readonly problem: JpegProblem,
    message: string,
  ) {
    super(message);
    this.name = 'JpegError';
  }
}

interface Component extends ScanComponent {
  readonly id: number;
  h: number;
  v: number;
  readonly quantisationId: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Block rows held: one MCU row when streaming, every row otherwise. */
  heldRows: number;
  coefficients: Int16Array;
  /** Samples of the current MCU row after the inverse DCT. */
  plane: Uint8ClampedArray;
  planeWidth: number;
  /** Samples a block becomes: the output's block size, larger for a subsampled component when it can be. */
  idctSize: IdctSize;
  /** The component's plane rows per output row (1, or 1/2 etc. for subsampled chroma). */
  rowDensity: number;
  /** For each output column, the plane column it reads (chroma upsampling by replication). */
  columnMap: Int32Array;
  /** `columnMap[x]` is `x >> columnShift` (0 or 1), or -1 when it is not that simple. */
  columnShift: number;
}

interface Frame {
  readonly progressive: boolean;
  readonly width: number;
  readonly height: number;
  readonly components: Component[];
  readonly hMax: number;
  readonly vMax: number;
  readonly mcusPerLine: number;
  readonly mcusPerColumn: number;
}

export function decodeJpegPixels(data: Uint8Array, options: JpegOptions): JpegResult {
  const result = new Decoder(data, options, false).decode();
  if ('image' in result) return result;
  throw new Error('unreachable: planes are only made when asked for');
}

/**
 * `decodeJpegPixels`, except that a YCbCr picture in its stored orientation comes back as its planes (for a caller
 * that resamples before converting colour, so it converts only the pixels it keeps); any other comes back as pixels.
 */
export function decodeJpegPlanesOrPixels(data: Uint8Array, options: JpegOptions): JpegResult | YccPlanes {
  return new Decoder(data, options, options.orientation === 1).decode();
}

class Decoder {
  private readonly quantisation: (Uint16Array | undefined)[] = [];
  private readonly dcTables: (HuffmanTable | undefined)[] = [];
  private readonly acTables: (HuffmanTable | undefined)[] = [];
  /** Built on first use by a sequential scan (progressive files may define a table for every scan). */
  private readonly fastTables = new Map<HuffmanTable, FastTable>();
  private restartInterval = 0;
  private adobe: Adobe | undefined;
  private jfif = false;
  private frame: Frame | undefined;
  private streaming = false;
  private output: Output | undefined;
  private scans = 0;
  /** A single-scan file stopped after the last row the region needs: nothing later in the file is read. */
  private finishedEarly = false;

  constructor(
    private readonly data: Uint8Array,
    private readonly options: JpegOptions,
    private readonly planesWanted: boolean,
  ) {}

  decode(): JpegResult | YccPlanes {
    try {
      return this.decodeSegments();
    } finally {
      this.output?.stopSharing();
    }
  }

  private decodeSegments(): JpegResult | YccPlanes {
    const data = this.data;
    let pos = 2;
    for (;;) {
      while (pos < data.length && data[pos] !== 0xff) pos++; // junk between segments: skip, as libjpeg does
      while (data[pos] === 0xff) pos++;
      if (pos >= data.length) break; // no end marker: fine if every scan was complete
      const marker = data[pos++]!;
      if (marker === 0xd9) break;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
      if (pos + 2 > data.length) throw truncated();
      const end = pos + ((data[pos]! << 8) | data[pos + 1]!);
      if (end > data.length) throw truncated();
      const segment = data.subarray(pos + 2, end);
      pos = end;
      switch (marker) {
        case 0xc0:
        case 0xc1:
        case 0xc2:
          this.readFrame(segment, marker === 0xc2);
          break;
        case 0xc4:
          this.readHuffmanTables(segment);
          break;
        case 0xdb:
          this.readQuantisationTables(segment);
          break;
        case 0xdd:
          this.restartInterval = (segment[0]! << 8) | segment[1]!;
          break;
        case 0xe0:
          if (ascii(segment, 0, 5) === 'JFIF\0') this.jfif = true;
          break;
        case 0xee:
          if (ascii(segment, 0, 5) === 'Adobe' && segment.length >= 12) this.adobe = { transform: segment[11]! };
          break;
        case 0xda:
          pos = this.readScan(segment, pos);
          if (this.finishedEarly) return this.result();
          break;
        default:
          if (marker >= 0xc3 && marker <= 0xcf && marker !== 0xc8 && marker !== 0xcc) {
            throw new JpegError(
              'unsupported',
              'this kind of JPEG coding (lossless, hierarchical or arithmetic) is not supported',
            );
          }
      }
    }
    if (!this.frame || !this.output || this.scans === 0) throw truncated();
    if (!this.streaming) for (let row = 0; row < this.frame.mcusPerColumn; row++) this.output.writeMcuRow(row);
    return this.result();
  }

  private result(): JpegResult | YccPlanes {
    const output = this.output!;
    output.finishRows();
    return output.planes ? output.yccPlanes() : { image: output.image(), colourModel: output.model };
  }

  private readFrame(segment: Uint8Array, progressive: boolean): void {
    if (this.frame) throw corrupt('it has two frame headers');
    if (progressive && this.options.refuseProgressive) throw new JpegError('unsupported', 'it is progressive');
    if (segment.length < 6) throw truncated();
    if (segment[0] !== 8) throw new JpegError('unsupported', `${segment[0]}-bit samples are not supported`);
    const height = (segment[1]! << 8) | segment[2]!;
    const width = (segment[3]! << 8) | segment[4]!;
    const count = segment[5]!;
    if (count !== 1 && count !== 3 && count !== 4)
      throw new JpegError('unsupported', `${count} colour components are not supported`);
    if (segment.length < 6 + count * 3) throw truncated();
    const components: Component[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + i * 3;
      const h = count === 1 ? 1 : segment[at + 1]! >> 4; // one component: its sampling factors mean nothing
      const v = count === 1 ? 1 : segment[at + 1]! & 15;
      if (h < 1 || h > 4 || v < 1 || v > 4) throw corrupt('a component has impossible sampling factors');
      components.push({
        id: segment[at]!,
        h,
        v,
        quantisationId: segment[at + 2]! & 3,
        blocksPerLine: 0,
        blocksPerColumn: 0,
        heldRows: 0,
        coefficients: new Int16Array(0),
        plane: new Uint8ClampedArray(0),
        planeWidth: 0,
        idctSize: 8,
        rowDensity: 1,
        columnMap: new Int32Array(0),
        columnShift: -1,
        dcTable: undefined,
        acTable: undefined,
        dcFast: undefined,
        acFast: undefined,
        dcPredictor: 0,
      });
    }
    const hMax = Math.max(...components.map((c) => c.h));
    const vMax = Math.max(...components.map((c) => c.v));
    const mcusPerLine = Math.ceil(width / (8 * hMax));
    const mcusPerColumn = Math.ceil(height / (8 * vMax));
    for (const c of components) {
      c.blocksPerLine = mcusPerLine * c.h;
      c.blocksPerColumn = mcusPerColumn * c.v;
    }
    this.frame = { progressive, width, height, components, hMax, vMax, mcusPerLine, mcusPerColumn };
  }

  private readHuffmanTables(segment: Uint8Array): void {
    let at = 0;
    while (at < segment.length) {
      const kind = segment[at]! >> 4;
      const id = segment[at]! & 3;
      if (at + 17 > segment.length) throw truncated();
      const counts = segment.subarray(at + 1, at + 17);
      const total = counts.reduce((sum, n) => sum + n, 0);
      if (at + 17 + total > segment.length) throw truncated();
      const table = buildHuffmanTable(counts, segment.subarray(at + 17, at + 17 + total));
      (kind === 0 ? this.dcTables : this.acTables)[id] = table;
      at += 17 + total;
    }
  }

  private readQuantisationTables(segment: Uint8Array): void {
    let at = 0;
    while (at < segment.length) {
      const wide = segment[at]! >> 4 !== 0;
      const id = segment[at]! & 3;
      at++;
      const table = new Uint16Array(64);
      for (let k = 0; k < 64; k++) {
        table[ZIGZAG[k]!] = wide ? (segment[at + 2 * k]! << 8) | segment[at + 2 * k + 1]! : segment[at + k]!;
      }
      this.quantisation[id] = table;
      at += wide ? 128 : 64;
    }
  }

  /** Decodes one scan; returns where the next marker search starts. */
  private readScan(segment: Uint8Array, from: number): number {
    const frame = this.frame;
    if (!frame) throw corrupt('the image data starts before the frame header');
    const count = segment[0]!;
    const components: Component[] = [];
    for (let i = 0; i < count; i++) {
      const component = frame.components.find((c) => c.id === segment[1 + i * 2]);
      if (!component) throw corrupt('a scan names a component the frame does not have');
      component.dcTable = this.dcTables[segment[2 + i * 2]! >> 4];
      component.acTable = this.acTables[segment[2 + i * 2]! & 15];
      component.dcFast = frame.progressive ? undefined : this.fastTable(component.dcTable);
      component.acFast = frame.progressive ? undefined : this.fastTable(component.acTable);
      component.dcPredictor = 0;
      components.push(component);
    }
    const at = 1 + count * 2;
    const band = {
      start: segment[at]!,
      end: segment[at + 1]!,
      high: segment[at + 2]! >> 4,
      low: segment[at + 2]! & 15,
    };
    // A scan with every component of a sequential file is all of its data: another one is a damaged file.
    if (this.streaming) throw corrupt('it has a second scan after one that held the whole picture');
    if (this.scans === 0) this.allocate(frame, !frame.progressive && count === frame.components.length);
    this.scans++;
    const eob = { run: 0 };
    const decodeBlock = blockDecoder(frame.progressive, band, eob);
    const reader = new BitReader(this.data, from);
    const interval = this.restartInterval;
    let mcu = 0;
    const restartIfDue = (): void => {
      if (interval > 0 && mcu > 0 && mcu % interval === 0) {
        reader.restart();
        for (const c of components) c.dcPredictor = 0;
        eob.run = 0;
      }
      mcu++;
    };
    try {
      if (count === 1) {
        // Non-interleaved: the component's own blocks, only those covering its samples.
        const c = components[0]!;
        const columns = Math.ceil(Math.ceil((frame.width * c.h) / frame.hMax) / 8);
        const rows = Math.ceil(Math.ceil((frame.height * c.v) / frame.vMax) / 8);
        for (let row = 0; row < rows; row++) {
          if (this.streaming && row % c.heldRows === 0) this.output!.startMcuRow(row / c.heldRows);
          for (let column = 0; column < columns; column++) {
            restartIfDue();
            decodeBlock(reader, c, c.coefficients, blockOffset(c, row, column));
          }
          if (this.streaming && (row + 1) % c.heldRows === 0) {
            const mcuRow = (row + 1) / c.heldRows - 1;
            this.output!.writeMcuRow(mcuRow);
            if (this.regionEndsAt(mcuRow)) break;
          }
        }
      } else {
        for (let mcuRow = 0; mcuRow < frame.mcusPerColumn; mcuRow++) {
          // A row that will not be transformed keeps the previous one's leftovers: it is never read.
          if (this.streaming) this.output!.startMcuRow(mcuRow);
          for (let mcuColumn = 0; mcuColumn < frame.mcusPerLine; mcuColumn++) {
            if (interval > 0) restartIfDue();
            for (let i = 0; i < count; i++) {
              const c = components[i]!;
              // Block offsets without blockOffset's division: a streamed MCU row always starts at held row 0.
              const firstRow = this.streaming ? 0 : mcuRow * c.v;
              for (let v = 0; v < c.v; v++) {
                let offset = ((firstRow + v) * c.blocksPerLine + mcuColumn * c.h) * 64;
                for (let h = 0; h < c.h; h++, offset += 64) decodeBlock(reader, c, c.coefficients, offset);
              }
            }
          }
          if (this.streaming) {
            this.output!.writeMcuRow(mcuRow);
            if (this.regionEndsAt(mcuRow)) break;
          }
        }
      }
    } catch (error) {
      if (error instanceof HuffmanError)
        throw reader.overrun ? truncated() : corrupt(`its image data is damaged (${error.message})`);
      throw error;
    }
    if (reader.overrun) throw truncated();
    return reader.position;
  }

  /** After this MCU row of a streamed scan, whether the region needs no more (then the decode stops). */
  private regionEndsAt(mcuRow: number): boolean {
    this.finishedEarly = mcuRow + 1 < this.frame!.mcusPerColumn && !this.output!.needsRowsFrom(mcuRow + 1);
    return this.finishedEarly;
  }

  private fastTable(table: HuffmanTable | undefined): FastTable | undefined {
    if (!table) return undefined;
    let fast = this.fastTables.get(table);
    if (!fast) {
      fast = buildFastTable(table);
      this.fastTables.set(table, fast);
    }
    return fast;
  }

  private allocate(frame: Frame, streaming: boolean): void {
    this.streaming = streaming;
    const total = frame.components.reduce((sum, c) => sum + c.blocksPerLine * c.blocksPerColumn * 128, 0);
    if (!streaming && total > this.options.maxCoefficientBytes) {
      throw new JpegError(
        'too-large',
        `it is stored in several passes (progressive), which needs ${Math.ceil(total / 2 ** 20)} MB to decode`,
      );
    }
    for (const c of frame.components) {
      c.heldRows = streaming ? c.v : c.blocksPerColumn;
      c.coefficients = new Int16Array(c.blocksPerLine * c.heldRows * 64);
    }
    const model = colourModel(
      frame.components.map((c) => c.id),
      this.adobe,
      this.jfif,
    );
    const planes = this.planesWanted && model === 'ycc';
    const helper = planes ? this.options.helper : undefined;
    this.output = new Output(
      frame,
      model,
      this.adobe !== undefined,
      this.quantisation,
      this.options,
      planes,
      helper,
      streaming,
    );
  }
}

function blockOffset(c: Component, row: number, column: number): number {
  return ((row % c.heldRows) * c.blocksPerLine + column) * 64;
}

/** Turns rows of blocks into RGBA pixels at the chosen scale, placed where the EXIF orientation puts them. */
class Output {
  private readonly size: IdctSize;
  private readonly width: number;
  private readonly height: number;
  private readonly pixels: Uint8ClampedArray;
  /** The same pixels as little-endian RGBA words (the x86 and ARM byte order), to fill with one value. */
  private readonly words: Uint32Array;
  private readonly quantisation: Uint16Array[];
  /** The stored pixels written (output pixels, end exclusive): all of them, or what `options.region` needs. */
  private readonly left: number;
  private readonly right: number;
  private readonly top: number;
  private readonly bottom: number;
  /** Per component, what its inverse DCT needs (the block columns those pixels read among it). */
  private readonly blockRows: BlockRows[];
  /** The MCU rows holding those pixels (end exclusive). */
  private readonly firstMcuRow: number;
  private readonly endMcuRow: number;
  /** With a helper thread: MCU row k after `firstMcuRow` is work item k, its coefficients in `ring` slot k % RING_ROWS. */
  private readonly sharing: { readonly work: SharedWork; readonly ring: Int16Array[] } | undefined;

  constructor(
    private readonly frame: Frame,
    readonly model: ColourModel,
    private readonly inverted: boolean,
    tables: readonly (Uint16Array | undefined)[],
    private readonly options: JpegOptions,
    /** Keep every component's samples whole (`yccPlanes`) instead of writing pixels. */
    readonly planes: boolean,
    /**
     * Planes in shared memory, for the helper to resample from; with `streaming`, it also shares the inverse DCT.
     */
    helper: JpegHelper | undefined,
    streaming: boolean,
  ) {
    this.size = (8 / options.scale) as IdctSize;
    this.width = Math.ceil(frame.width / options.scale);
    this.height = Math.ceil(frame.height / options.scale);
    this.pixels = new Uint8ClampedArray(planes ? 0 : this.width * this.height * 4);
    this.words = new Uint32Array(this.pixels.buffer);
    this.quantisation = frame.components.map((c) => {
      const table = tables[c.quantisationId];
      if (!table) throw corrupt('it uses a quantisation table it never defines');
      return table;
    });
    for (const c of frame.components) {
      // As libjpeg does: a component subsampled alike on both axes is decoded that much larger (4:2:0 chroma at
      // quarter scale: 4×4 blocks), so it arrives at the output's resolution instead of being blown up. Not into
      // full 8×8 blocks: at half scale that transform costs more time than it buys quality (~1 dB).
      const subsampling = frame.hMax / c.h;
      const even = subsampling === frame.vMax / c.v && (subsampling === 2 || subsampling === 4);
      c.idctSize = (even && this.size < 4 ? Math.min(4, this.size * subsampling) : this.size) as IdctSize;
      const grow = c.idctSize / this.size;
      c.rowDensity = (grow * c.v) / frame.vMax;
      c.planeWidth = c.blocksPerLine * c.idctSize;
      const samples = c.planeWidth * (planes ? c.blocksPerColumn : c.v) * c.idctSize;
      c.plane = helper ? new Uint8ClampedArray(new SharedArrayBuffer(samples)) : new Uint8ClampedArray(samples);
      c.columnMap = new Int32Array(this.width);
      for (let x = 0; x < this.width; x++) c.columnMap[x] = Math.floor((x * grow * c.h) / frame.hMax);
      c.columnShift = [0, 1].find((shift) => c.columnMap.every((sample, x) => sample === x >> shift)) ?? -1;
    }
    const stored = storedRect(options.region, options.orientation, this.width, this.height);
    this.left = stored.x;
    this.right = stored.x + stored.width;
    this.top = stored.y;
    this.bottom = stored.y + stored.height;
    this.blockRows = frame.components.map((c, i) => ({
      v: c.v,
      idctSize: c.idctSize,
      blocksPerLine: c.blocksPerLine,
      planeWidth: c.planeWidth,
      firstColumn: this.right <= this.left ? 0 : Math.floor(c.columnMap[this.left]! / c.idctSize),
      endColumn:
        this.right <= this.left
          ? 0
          : Math.min(c.blocksPerLine, Math.floor(c.columnMap[this.right - 1]! / c.idctSize) + 1),
      quantisation: this.quantisation[i]!,
      plane: c.plane,
    }));
    const mcuHeight = frame.vMax * this.size;
    const written = this.bottom > this.top;
    this.firstMcuRow = written ? Math.floor(this.top / mcuHeight) : 0;
    this.endMcuRow = written ? Math.min(frame.mcusPerColumn, Math.ceil(this.bottom / mcuHeight)) : 0;
    this.sharing = helper && streaming && this.endMcuRow > this.firstMcuRow ? this.shareRows(helper) : undefined;
    // What is skipped stays opaque black, so nothing downstream takes the picture for a transparent one.
    if (!planes && stored.width * stored.height < this.width * this.height) this.words.fill(OPAQUE_BLACK);
  }

  /** Hands the inverse DCT of the MCU rows to shared work: coefficients decoded here, transformed by either thread. */
  private shareRows(helper: JpegHelper): { work: SharedWork; ring: Int16Array[] } {
    const ring = this.frame.components.map(
      (c) => new Int16Array(new SharedArrayBuffer(RING_ROWS * mcuRowCoefficients(c) * Int16Array.BYTES_PER_ELEMENT)),
    );
    const work = shareWith(helper, this.endMcuRow - this.firstMcuRow, (state) => ({
      kind: 'rows',
      work: state,
      components: this.blockRows,
      ring,
      ringRows: RING_ROWS,
      firstRow: this.firstMcuRow,
    }));
    return { work, ring };
  }

  /** Whether any pixel of this MCU row is written (else its blocks need no inverse DCT). */
  needsMcuRow(mcuRow: number): boolean {
    return mcuRow >= this.firstMcuRow && mcuRow < this.endMcuRow;
  }

  /**
   * Before a streamed MCU row is decoded: zeroes the coefficients it is decoded into, or with a helper, points them
   * at the next ring slot once the row that held it has been transformed (which zeroes it). A row that will not be
   * transformed keeps the previous one's leftovers: it is never read. (Rows before the first one transformed go to
   * the decoder's own array; none come after the last, as the decode stops there.)
   */
  startMcuRow(mcuRow: number): void {
    if (!this.needsMcuRow(mcuRow)) return;
    const components = this.frame.components;
    if (!this.sharing) {
      for (const c of components) c.coefficients.fill(0);
      return;
    }
    const item = mcuRow - this.firstMcuRow;
    if (item >= RING_ROWS) this.sharing.work.finishUpTo(item - RING_ROWS);
    const slot = item % RING_ROWS;
    components.forEach((c, i) => {
      const length = mcuRowCoefficients(c);
      c.coefficients = this.sharing!.ring[i]!.subarray(slot * length, (slot + 1) * length);
    });
  }

  /** Once every MCU row is decoded: every row transformed (by whichever thread), the helper released. */
  finishRows(): void {
    if (!this.sharing) return;
    this.sharing.work.finishUpTo(this.endMcuRow - this.firstMcuRow - 1);
    this.sharing.work.close();
  }

  /** The helper stops waiting for rows (also when the decode failed part-way). */
  stopSharing(): void {
    this.sharing?.work.close();
  }

  /** Whether any pixel of this MCU row or a later one is written. */
  needsRowsFrom(mcuRow: number): boolean {
    return mcuRow < this.endMcuRow;
  }

  writeMcuRow(mcuRow: number): void {
    if (!this.needsMcuRow(mcuRow)) return;
    if (this.sharing) {
      // In groups: each hand-over may wake the helper, which costs more than a row's inverse DCT.
      const decoded = mcuRow - this.firstMcuRow + 1;
      if (decoded % PUBLISH_ROWS === 0) this.sharing.work.publish(decoded);
      return;
    }
    const { frame, size } = this;
    frame.components.forEach((c, i) => {
      // Planes kept whole take every block row where it lies; otherwise the plane holds this MCU row only.
      const firstRow = mcuRow * c.v;
      transformBlockRows(this.blockRows[i]!, c.coefficients, blockOffset(c, firstRow, 0), this.planes ? firstRow : 0);
    });
    if (this.planes) return;
    const top = mcuRow * frame.vMax * size;
    const from = Math.max(0, this.top - top);
    const lines = Math.min(frame.vMax * size, this.bottom - top);
    for (let line = from; line < lines; line++) this.writeLine(top + line, line);
  }

  private writeLine(y: number, line: number): void {
    const { frame, pixels, model, inverted } = this;
    const [first, second, third, fourth] = frame.components.map((c) => ({
      plane: c.plane,
      start: Math.floor(line * c.rowDensity) * c.planeWidth,
      map: c.columnMap,
      shift: c.columnShift,
    }));
    const { base, step } = this.placement(y);
    const { left, right } = this;
    if (model === 'ycc') {
      yccRowToRgba(pixels, base + left * step, step, left, right, first!, second!, third!);
      return;
    }
    let at = base + left * step;
    const a = first!;
    for (let x = left; x < right; x++, at += step) {
      const p0 = a.plane[a.start + a.map[x]!]!;
      switch (model) {
        case 'gray':
          pixels[at] = pixels[at + 1] = pixels[at + 2] = p0;
          break;
        case 'rgb':
          pixels[at] = p0;
          pixels[at + 1] = second!.plane[second!.start + second!.map[x]!]!;
          pixels[at + 2] = third!.plane[third!.start + third!.map[x]!]!;
          break;
        case 'cmyk':
        case 'ycck': {
          const p1 = second!.plane[second!.start + second!.map[x]!]!;
          const p2 = third!.plane[third!.start + third!.map[x]!]!;
          const p3 = fourth!.plane[fourth!.start + fourth!.map[x]!]!;
          if (model === 'cmyk') cmykToRgb(pixels, at, p0, p1, p2, p3, inverted);
          else ycckToRgb(pixels, at, p0, p1, p2, p3, inverted);
        }
      }
      pixels[at + 3] = 255;
    }
  }

  /** Where stored pixel (0, y) goes in the upright picture, and how far each next pixel of the row is from it. */
  private placement(y: number): { base: number; step: number } {
    const { width: w, height: h } = this;
    switch (this.options.orientation) {
      case 1:
        return { base: y * w * 4, step: 4 };
      case 2:
        return { base: (y * w + w - 1) * 4, step: -4 };
      case 3:
        return { base: ((h - 1 - y) * w + w - 1) * 4, step: -4 };
      case 4:
        return { base: (h - 1 - y) * w * 4, step: 4 };
      case 5:
        return { base: y * 4, step: h * 4 };
      case 6:
        return { base: (h - 1 - y) * 4, step: h * 4 };
      case 7:
        return { base: ((w - 1) * h + h - 1 - y) * 4, step: -h * 4 };
      case 8:
        return { base: ((w - 1) * h + y) * 4, step: -h * 4 };
    }
  }

  /** The luma and chroma samples kept whole (`planes`); samples of skipped blocks are left 0. */
  yccPlanes(): YccPlanes {
    const [luma, blue, red] = this.frame.components.map((c): SamplePlane => {
      const perPixelX = (c.idctSize / this.size) * (c.h / this.frame.hMax);
      const perPixelY = c.rowDensity;
      return {
        data: new Uint8Array(c.plane.buffer, c.plane.byteOffset, c.plane.length),
        stride: c.planeWidth,
        width: Math.ceil(this.width * perPixelX),
        height: Math.ceil(this.height * perPixelY),
        perPixelX,
        perPixelY,
      };
    });
    return { width: this.width, height: this.height, luma: luma!, blue: blue!, red: red! };
  }

  image(): RgbaImage {
    const turned = this.options.orientation >= 5;
    return {
      width: turned ? this.height : this.width,
      height: turned ? this.width : this.height,
      data: new Uint8Array(this.pixels.buffer, 0, this.pixels.length),
    };
  }
}

const OPAQUE_BLACK = 0xff000000;

/** MCU rows of coefficients the helper thread may be behind by before this thread transforms rows itself. */
const RING_ROWS = 16;
/** MCU rows handed to the helper at a time. */
const PUBLISH_ROWS = 4;

/**
 * The stored pixels (x along a stored row, y down the stored rows) that make up `region` of the upright picture
 * `orientation` turns them into; `width`×`height` is the stored size. The whole picture when there is no region.
 */
function storedRect(region: PixelRect | undefined, orientation: Orientation, width: number, height: number): PixelRect {
  if (!region) return { x: 0, y: 0, width, height };
  const turned = orientation >= 5;
  // Clipped to the upright picture first, so that the mirror images below stay inside the stored one.
  const uprightWidth = turned ? height : width;
  const uprightHeight = turned ? width : height;
  const x0 = Math.max(0, Math.min(uprightWidth, region.x));
  const x1 = Math.max(x0, Math.min(uprightWidth, region.x + region.width));
  const y0 = Math.max(0, Math.min(uprightHeight, region.y));
  const y1 = Math.max(y0, Math.min(uprightHeight, region.y + region.height));
  // Upright columns [x0, x1) and rows [y0, y1), back through the flip or turn (see `placement`).
  const across = (from: number, to: number, size: number, mirrored: boolean): [number, number] =>
    mirrored ? [size - to, size - from] : [from, to];
  let sx: [number, number];
  let sy: [number, number];
  switch (orientation) {
    case 1:
    case 2:
    case 3:
    case 4:
      sx = across(x0, x1, width, orientation === 2 || orientation === 3);
      sy = across(y0, y1, height, orientation === 3 || orientation === 4);
      break;
    default:
      // Turned: upright columns are stored rows, upright rows are stored columns.
      sy = across(x0, x1, height, orientation === 6 || orientation === 7);
      sx = across(y0, y1, width, orientation === 7 || orientation === 8);
  }
  return { x: sx[0], y: sy[0], width: sx[1] - sx[0], height: sy[1] - sy[0] };
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

function truncated(): JpegError {
  return new JpegError('truncated', 'its data stops early');
}

function corrupt(why: string): JpegError {
  return new JpegError('corrupt', why);
}

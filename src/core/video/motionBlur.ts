import type { RgbaImage } from '../image/rgba';
import type { CropWindow } from '../../shared/cameraPath';
import { renderFrame, renderFrameI420, type RowBand } from './renderFrame';
import { i420Size, type ColorMatrix } from './yuv';

/**
 * Renders the average of several camera windows (a frame's exposures): a camera moving during the shutter
 * smears the picture along its motion, which is what makes a fast move look filmed instead of strobing.
 * Scratch buffers are kept between frames; a single window renders straight into the output.
 */
export class ExposureRenderer {
  private scratch: Uint8Array | undefined;
  private sums: Uint16Array | undefined;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** I420 rows `band` of the average of `windows` into `out`. */
  renderI420(
    source: RgbaImage,
    windows: readonly CropWindow[],
    out: Uint8Array,
    matrix: ColorMatrix,
    band: RowBand,
  ): void {
    const { width, height } = this;
    if (windows.length === 1) {
      renderFrameI420(source, windows[0]!, out, width, height, matrix, band);
      return;
    }
    const size = i420Size(width, height);
    this.scratch ??= new Uint8Array(size);
    this.sums ??= new Uint16Array(size);
    const scratch = this.scratch;
    const sums = this.sums;
    const from = band.from;
    const to = Math.min(height, band.to);
    // The bytes this band owns: its luma rows, and the matching rows of both chroma planes.
    const chromaWidth = width >> 1;
    const uBase = width * height;
    const vBase = uBase + chromaWidth * (height >> 1);
    const ranges: Array<readonly [number, number]> = [
      [from * width, to * width],
      [uBase + (from >> 1) * chromaWidth, uBase + (to >> 1) * chromaWidth],
      [vBase + (from >> 1) * chromaWidth, vBase + (to >> 1) * chromaWidth],
    ];
    for (const [a, b] of ranges) sums.fill(0, a, b);
    for (const window of windows) {
      renderFrameI420(source, window, scratch, width, height, matrix, band);
      for (const [a, b] of ranges) for (let i = a; i < b; i++) sums[i]! += scratch[i]!;
    }
    const n = windows.length;
    const half = n >> 1;
    for (const [a, b] of ranges) for (let i = a; i < b; i++) out[i] = (sums[i]! + half) / n;
  }

  /** The whole frame as RGBA (for GIF/WebP). */
  renderRgba(source: RgbaImage, windows: readonly CropWindow[], out: Uint8Array): void {
    const { width, height } = this;
    if (windows.length === 1) {
      renderFrame(source, windows[0]!, out, width, height);
      return;
    }
    const size = width * height * 4;
    const scratch = this.scratch && this.scratch.length >= size ? this.scratch : (this.scratch = new Uint8Array(size));
    const sums = this.sums && this.sums.length >= size ? this.sums : (this.sums = new Uint16Array(size));
    sums.fill(0, 0, size);
    for (const window of windows) {
      renderFrame(source, window, scratch, width, height);
      for (let i = 0; i < size; i++) sums[i]! += scratch[i]!;
    }
    const n = windows.length;
    const half = n >> 1;
    for (let i = 0; i < size; i++) out[i] = (sums[i]! + half) / n;
  }
}

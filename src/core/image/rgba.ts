/** Decoded pixels, 8-bit RGBA, row-major, no padding: `data.length === width * height * 4`. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

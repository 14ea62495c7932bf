/** Solid-colour test images, really encoded: the fakes read image headers and check types and sizes. */
import sharp from 'sharp';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface SolidImageOptions {
  readonly background: sharp.Color;
  readonly format?: ImageFormat;
  readonly channels?: 3 | 4;
  /** Encoder options, e.g. `{ lossless: true }` for WebP. */
  readonly encoder?: Parameters<sharp.Sharp['toFormat']>[1];
}

export function solidImage(
  width: number,
  height: number,
  { background, format = 'png', channels = 3, encoder }: SolidImageOptions,
): Promise<Buffer> {
  return sharp({ create: { width, height, channels, background } }).toFormat(format, encoder).toBuffer();
}

import { encodeJpeg, type CodecPixels } from './codecs';
import { writePng } from './pngWriter';
import type { RgbaImage } from './rgba';

export type EncodeFormat = 'png' | 'jpeg';

/** JPEG quality when none is given: visually lossless for a reference frame, still much smaller than PNG. */
export const DEFAULT_JPEG_QUALITY = 90;

/**
 * Encodes RGBA pixels as PNG (lossless; RGB when every pixel is opaque, else RGBA) or JPEG (quality 1-100; alpha
 * is dropped, so flatten first).
 */
export async function encodeImage(
  image: RgbaImage,
  format: EncodeFormat,
  quality = DEFAULT_JPEG_QUALITY,
): Promise<Uint8Array> {
  if (image.data.length !== image.width * image.height * 4) {
    throw new RangeError(
      `encodeImage: ${image.width}×${image.height} RGBA needs ${image.width * image.height * 4} bytes, got ${image.data.length}`,
    );
  }
  if (format === 'png') return writePng(image);
  if (!Number.isFinite(quality) || quality < 1 || quality > 100)
    throw new RangeError(`encodeImage: JPEG quality must be 1-100, got ${quality}`);
  return new Uint8Array(await encodeJpeg(asCodecPixels(image), Math.round(quality)));
}

/** The codecs read `data.buffer` whole, so the pixels must own their buffer exactly (no offset, no pool). */
export function asCodecPixels(image: RgbaImage): CodecPixels {
  const { data } = image;
  const owned = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data); // a copy (Buffer#slice would be a view)
  const clamped = new Uint8ClampedArray(owned.buffer, 0, owned.byteLength);
  return { data: clamped, width: image.width, height: image.height };
}

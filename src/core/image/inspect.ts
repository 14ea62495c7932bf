import * as l10n from '@vscode/l10n';
import type { ImageMime } from '../types';
import { readExifOrientation, swapsAxes, type Orientation } from './exif';
import { ascii, dataView, readUint24, startsWith } from './bytes';
import { imageError } from './imageError';
import { otherFormatName } from './sniff';

export type ImageFormat = 'png' | 'jpeg' | 'webp';
export type ColorType = 'gray' | 'gray-alpha' | 'palette' | 'rgb' | 'rgba' | 'cmyk';

/** What the file header says, read without decoding any pixels. */
export interface ImageInfo {
  readonly format: ImageFormat;
  readonly mime: ImageMime;
  /** Size as stored in the file (before EXIF orientation). */
  readonly width: number;
  readonly height: number;
  /** EXIF orientation of a JPEG; always 1 for PNG and WebP. */
  readonly orientation: Orientation;
  /** Size once the orientation is applied: the size `decodeImage` returns. */
  readonly uprightWidth: number;
  readonly uprightHeight: number;
  /** Animated WebP (its first frame is used) or APNG (its still default image is used). */
  readonly animated: boolean;
  /** The file may contain transparent pixels (alpha channel or a transparent palette entry). */
  readonly hasAlpha: boolean;
  /** Bits per sample: PNG 1-16, JPEG 8 or 12, WebP 8. */
  readonly bitDepth: number;
  readonly colorType: ColorType;
}

/** What each format's reader finds; the rest of ImageInfo follows from it. */
type HeaderFacts = Omit<ImageInfo, 'uprightWidth' | 'uprightHeight' | 'mime'>;

/**
 * Largest image we agree to decode. Decoded pixels take 4 bytes each (plus a copy while fitting), so
 * 100 megapixels is already ~0.8 GB; a hostile header can claim far more for a few bytes of file.
 */
export const MAX_PIXELS = 100_000_000;

/** How formats are spelled in messages. */
export const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Identifies the image by its magic bytes (never the file extension) and reads its header. */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  if (bytes.length === 0)
    throw imageError(
      'empty',
      l10n.t('The file is empty (0 bytes): it is not an image. Pick the original picture again.'),
    );
  if (startsWith(bytes, PNG_SIGNATURE)) return checked(inspectPng(bytes));
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return checked(inspectJpeg(bytes));
  if (ascii(bytes, 0, 4) === 'RIFF' && (bytes.length < 12 || ascii(bytes, 8, 4) === 'WEBP'))
    return checked(inspectWebp(bytes));
  if (bytes.length < PNG_SIGNATURE.length && startsWith(PNG_SIGNATURE, [...bytes])) throw truncated('PNG');
  if (bytes.length < 3 && startsWith([0xff, 0xd8], [...bytes])) throw truncated('JPEG');
  const other = otherFormatName(bytes);
  throw imageError(
    'unknown-format',
    other
      ? l10n.t(
          'The file is not a PNG, JPEG or WebP image (it looks like {0}). Convert it to PNG or JPEG and try again.',
          other,
        )
      : l10n.t('The file is not a PNG, JPEG or WebP image. Convert it to PNG or JPEG and try again.'),
  );
}

function inspectPng(bytes: Uint8Array): HeaderFacts {
  // Signature, then the IHDR chunk: length, type, 13 bytes of data.
  if (bytes.length < 8 + 8 + 13) throw truncated('PNG');
  const view = dataView(bytes);
  if (view.getUint32(8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR')
    throw corrupt('PNG', l10n.t('its first chunk is not a valid IHDR header'));
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const colorCode = bytes[25] ?? 0;
  const allowedDepths: Record<number, readonly number[]> = {
    0: [1, 2, 4, 8, 16],
    2: [8, 16],
    3: [1, 2, 4, 8],
    4: [8, 16],
    6: [8, 16],
  };
  if (!allowedDepths[colorCode]?.includes(bitDepth))
    throw corrupt('PNG', l10n.t('colour type {0} with bit depth {1} is not valid', colorCode, bitDepth));
  const colorType = ({ 0: 'gray', 2: 'rgb', 3: 'palette', 4: 'gray-alpha', 6: 'rgba' } as const)[
    colorCode as 0 | 2 | 3 | 4 | 6
  ];
  const extras = scanPngAncillary(bytes, view);
  return {
    format: 'png',
    width,
    height,
    orientation: 1,
    animated: extras.animated,
    hasAlpha: colorCode === 4 || colorCode === 6 || extras.transparency,
    bitDepth,
    colorType,
  };
}

/** Chunks that matter come before the pixel data: tRNS (transparency) and acTL (APNG). */
function scanPngAncillary(bytes: Uint8Array, view: DataView): { transparency: boolean; animated: boolean } {
  const found = { transparency: false, animated: false };
  let pos = 8 + 8 + 13 + 4;
  while (pos + 8 <= bytes.length) {
    const type = ascii(bytes, pos + 4, 4);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'tRNS') found.transparency = true;
    if (type === 'acTL') found.animated = true;
    pos += 12 + view.getUint32(pos);
  }
  return found;
}

const SOF_SUPPORTED = new Set([0xc0, 0xc1, 0xc2, 0xc9, 0xca]); // baseline, extended, progressive (Huffman or arithmetic)
const SOF_UNSUPPORTED = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xcb, 0xcd, 0xce, 0xcf]); // lossless and hierarchical

function inspectJpeg(bytes: Uint8Array): HeaderFacts {
  const view = dataView(bytes);
  let orientation: Orientation = 1;
  let sawExif = false;
  let pos = 2;
  for (;;) {
    if (pos >= bytes.length) throw truncated('JPEG');
    if (bytes[pos] !== 0xff) throw corrupt('JPEG', l10n.t('a header segment is damaged (no marker at byte {0})', pos));
    while (bytes[pos] === 0xff) pos++; // markers may be padded with any number of 0xFF bytes
    if (pos >= bytes.length) throw truncated('JPEG');
    const marker = bytes[pos++] ?? 0;
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length field
    if (marker === 0xd9 || marker === 0xda)
      throw corrupt('JPEG', l10n.t('the image data starts before the frame header that gives its size'));
    if (pos + 2 > bytes.length) throw truncated('JPEG');
    const end = pos + view.getUint16(pos);
    if (end < pos + 2) throw corrupt('JPEG', l10n.t('a header segment at byte {0} has an impossible length', pos));
    if (SOF_SUPPORTED.has(marker) || SOF_UNSUPPORTED.has(marker)) {
      if (pos + 8 > bytes.length) throw truncated('JPEG');
      if (SOF_UNSUPPORTED.has(marker)) {
        throw imageError(
          'unsupported',
          l10n.t(
            'This JPEG uses lossless or hierarchical coding, which is not supported. Re-save it as a normal JPEG or PNG.',
          ),
        );
      }
      const bitDepth = bytes[pos + 2] ?? 0;
      const height = view.getUint16(pos + 3);
      const width = view.getUint16(pos + 5);
      const components = bytes[pos + 7] ?? 0;
      if (height === 0)
        throw imageError(
          'unsupported',
          l10n.t('This JPEG does not state its height in the header (DNL marker), which is not supported. Re-save it.'),
        );
      const colorType = ({ 1: 'gray', 3: 'rgb', 4: 'cmyk' } as const)[components as 1 | 3 | 4];
      if (!colorType)
        throw imageError(
          'unsupported',
          l10n.t(
            'This JPEG has {0} colour components; only grayscale, RGB (YCbCr) and CMYK exist in practice.',
            components,
          ),
        );
      return { format: 'jpeg', width, height, orientation, animated: false, hasAlpha: false, bitDepth, colorType };
    }
    if (marker === 0xe1 && !sawExif && end <= bytes.length && ascii(bytes, pos + 2, 4) === 'Exif') {
      sawExif = true; // the first EXIF block is the one that describes this picture (later ones belong to thumbnails)
      orientation = readExifOrientation(bytes.subarray(pos + 2, end));
    }
    pos = end;
  }
}

function inspectWebp(bytes: Uint8Array): HeaderFacts {
  // RIFF header (12 bytes), then the first chunk header (8 bytes) and its payload.
  if (bytes.length < 20) throw truncated('WebP');
  const view = dataView(bytes);
  const chunk = ascii(bytes, 12, 4);
  const at = 20;
  const common = { format: 'webp', orientation: 1, bitDepth: 8 } as const;
  if (chunk === 'VP8X') {
    if (bytes.length < at + 10) throw truncated('WebP');
    const flags = bytes[at] ?? 0;
    const hasAlpha = (flags & 0x10) !== 0;
    return {
      ...common,
      width: readUint24(bytes, at + 4) + 1,
      height: readUint24(bytes, at + 7) + 1,
      animated: (flags & 0x02) !== 0,
      hasAlpha,
      colorType: hasAlpha ? 'rgba' : 'rgb',
    };
  }
  if (chunk === 'VP8 ') {
    if (bytes.length < at + 10) throw truncated('WebP');
    if (bytes[at + 3] !== 0x9d || bytes[at + 4] !== 0x01 || bytes[at + 5] !== 0x2a)
      throw corrupt('WebP', l10n.t('the lossy frame header has no start code'));
    // The top two bits of each dimension are an upscaling hint, not part of the size.
    return {
      ...common,
      width: view.getUint16(at + 6, true) & 0x3fff,
      height: view.getUint16(at + 8, true) & 0x3fff,
      animated: false,
      hasAlpha: false,
      colorType: 'rgb',
    };
  }
  if (chunk === 'VP8L') {
    if (bytes.length < at + 5) throw truncated('WebP');
    if (bytes[at] !== 0x2f) throw corrupt('WebP', l10n.t('the lossless header has no signature'));
    const bits = view.getUint32(at + 1, true);
    const hasAlpha = ((bits >>> 28) & 1) === 1;
    return {
      ...common,
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      animated: false,
      hasAlpha,
      colorType: hasAlpha ? 'rgba' : 'rgb',
    };
  }
  throw corrupt('WebP', l10n.t('it starts with an unknown "{0}" chunk instead of image data', chunk));
}

/** Shared checks: a real size, and not a decompression bomb (refused before a single pixel is allocated). */
function checked(info: HeaderFacts): ImageInfo {
  if (info.width === 0 || info.height === 0)
    throw corrupt(FORMAT_NAMES[info.format], l10n.t('its header gives a size of {0}×{1}', info.width, info.height));
  const pixels = info.width * info.height;
  if (pixels > MAX_PIXELS) {
    throw imageError(
      'too-large',
      l10n.t(
        'The image is {0}×{1} ({2} megapixels); the limit is {3} megapixels. Scale it down and try again.',
        info.width,
        info.height,
        Math.round(pixels / 1e6),
        MAX_PIXELS / 1e6,
      ),
    );
  }
  const swap = swapsAxes(info.orientation);
  return {
    ...info,
    mime: `image/${info.format}`,
    uprightWidth: swap ? info.height : info.width,
    uprightHeight: swap ? info.width : info.height,
  };
}

function truncated(format: string): Error {
  return imageError(
    'truncated',
    l10n.t(
      'The {0} file is truncated: it ends inside its header. The download or copy was probably cut short; get the file again.',
      format,
    ),
  );
}

function corrupt(format: string, why: string): Error {
  return imageError(
    'corrupt',
    l10n.t('The {0} file is damaged: {1}. Re-export or re-download the image.', format, why),
  );
}

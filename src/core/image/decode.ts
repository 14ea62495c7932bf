import { exactBuffer } from './bytes';
import { CodecError, decodeJpeg, decodePng, decodeWebp, type CodecResult } from './codecs';
import { imageError } from './imageError';
import { FORMAT_NAMES, inspectImage, type ImageInfo } from './inspect';
import { checkPngChunks } from './pngChunks';
import type { RgbaImage } from './rgba';
import { checkWebpLength, firstWebpFrame } from './webpContainer';

/**
 * Decodes a PNG, JPEG or WebP (found by its bytes, not its name) to upright 8-bit RGBA.
 * The header is checked first, so an empty, unknown, truncated or oversized file never reaches a decoder.
 */
export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  const info = inspectImage(bytes);
  const image = await decodeChecked(bytes, info);
  // Either axis order passes: the JPEG decoder reads EXIF itself, and refusing a good picture because two
  // EXIF readers disagree on an odd file would be worse than showing it turned.
  const sameSize = image.width === info.uprightWidth && image.height === info.uprightHeight;
  const turned = image.width === info.uprightHeight && image.height === info.uprightWidth;
  if (!sameSize && !turned) {
    throw imageError(
      'corrupt',
      `The ${FORMAT_NAMES[info.format]} file is damaged: its header says ${info.uprightWidth}×${info.uprightHeight} but its pixels are ${image.width}×${image.height}. Re-export the image.`,
    );
  }
  return image;
}

async function decodeChecked(bytes: Uint8Array, info: ImageInfo): Promise<RgbaImage> {
  switch (info.format) {
    case 'png':
      checkPngChunks(bytes);
      return toRgba(await attempt('PNG', () => decodePng(exactBuffer(bytes))));
    case 'jpeg':
      return decodeJpegChecked(bytes, info);
    case 'webp':
      checkWebpLength(bytes);
      return info.animated ? decodeFirstWebpFrame(bytes, info) : toRgba(await attempt('WebP', () => decodeWebp(exactBuffer(bytes))));
  }
}

async function decodeJpegChecked(bytes: Uint8Array, info: ImageInfo): Promise<RgbaImage> {
  if (info.colorType === 'cmyk') {
    throw imageError(
      'unsupported',
      'This JPEG uses the CMYK colour space (made for printing), which is not supported. Convert it to RGB in an image editor, or save it as PNG, and try again.',
    );
  }
  if (info.bitDepth !== 8) {
    throw imageError('unsupported', `This JPEG has ${info.bitDepth}-bit samples; only 8-bit JPEGs are supported. Save it as an 8-bit JPEG or PNG.`);
  }
  const result = await attempt('JPEG', () => decodeJpeg(exactBuffer(bytes)));
  if (!result.messages.some(isPrematureEnd)) return toRgba(result);
  // libjpeg only warns when the data runs out (and paints the rest flat), so a cut-short file must be refused
  // here. The same warning comes from a complete picture that merely lacks its end marker; with the marker
  // added, such a file decodes cleanly while a cut-short one still reports its scan ending early.
  const completed = new Uint8Array(bytes.length + 2);
  completed.set(bytes);
  completed.set(END_OF_IMAGE, bytes.length);
  const retry = await attempt('JPEG', () => decodeJpeg(completed.buffer));
  if (retry.messages.some(isPrematureEnd)) throw truncated('JPEG');
  return toRgba(retry);
}

const END_OF_IMAGE = [0xff, 0xd9];

/** Animated WebP: the first frame, placed where it belongs on the (otherwise transparent) canvas. */
async function decodeFirstWebpFrame(bytes: Uint8Array, info: ImageInfo): Promise<RgbaImage> {
  const frame = firstWebpFrame(bytes);
  const pixels = toRgba(await attempt('WebP', () => decodeWebp(exactBuffer(frame.file))));
  if (frame.x === 0 && frame.y === 0 && pixels.width === info.width && pixels.height === info.height) return pixels;
  const data = new Uint8Array(info.width * info.height * 4);
  const rows = Math.min(pixels.height, info.height - frame.y);
  const columns = Math.min(pixels.width, info.width - frame.x);
  for (let row = 0; row < rows; row++) {
    const from = row * pixels.width * 4;
    data.set(pixels.data.subarray(from, from + columns * 4), ((frame.y + row) * info.width + frame.x) * 4);
  }
  return { width: info.width, height: info.height, data };
}

/** Runs a decoder, turning its failure into a bad-input error that quotes what the decoder said. */
async function attempt(format: string, decode: () => Promise<CodecResult<ImageData>>): Promise<CodecResult<ImageData>> {
  try {
    return await decode();
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    if (isPrematureEnd(error.message)) throw truncated(format, error);
    throw imageError('corrupt', `The ${format} file is damaged and cannot be decoded (${describe(error.message)}). Re-export or re-download the image.`, error);
  }
}

function isPrematureEnd(message: string): boolean {
  return /premature end/i.test(message);
}

/** Decoder wording made readable: drop Emscripten's exit noise and the wasm-bindgen placeholder. */
function describe(message: string): string {
  const words = message
    .split('; ')
    .filter((part) => !/^Program terminated with exit/.test(part) && !/unwrap_throw/.test(part))
    .join('; ');
  return words || 'the decoder gave no reason';
}

function truncated(format: string, cause?: unknown): Error {
  return imageError('truncated', `The ${format} file is truncated: its pixel data stops early. The download or copy was probably cut short; get the file again.`, cause);
}

function toRgba({ value }: CodecResult<ImageData>): RgbaImage {
  const { data, width, height } = value;
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

import * as l10n from '@vscode/l10n';
import { exactBuffer } from './bytes';
import { CodecError, decodeJpeg, decodePng, decodeWebp, type CodecPixels, type CodecResult } from './codecs';
import { imageError } from './imageError';
import { FORMAT_NAMES, inspectImage, type ImageInfo } from './inspect';
import {
  decodeJpegPixels,
  decodeJpegPlanesOrPixels,
  JpegError,
  type JpegOptions,
  type PixelRect,
} from './jpeg/decoder';
import { centredCrop } from './fit';
import { checkPngChunks } from './pngChunks';
import { decodePngShrunk } from './pngStream';
import type { Region } from './resample';
import type { RgbaImage } from './rgba';
import type { Size } from '../types';
import { coverFromPlanes } from './jpeg/coverPlanes';
import { withJpegHelper } from './jpeg/helperThread';
import { checkWebpLength, firstWebpFrame } from './webpContainer';

export interface DecodeOptions {
  /**
   * The caller will shrink the picture by at least this factor on each axis, so the decoder may hand it over
   * already shrunk by up to this much (JPEG: 1/2, 1/4 or 1/8 straight from the compressed data). Default 1.
   */
  readonly shrinkUpTo?: number;
  /**
   * The caller reads only this part of the upright picture (in the file's pixels): the decoder may leave pixels
   * outside it opaque black, skipping their work (JPEG through our decoder: the inverse DCT and colour conversion
   * of the blocks wholly outside). Default: the whole picture.
   */
  readonly region?: Region;
  /**
   * The caller will cover-crop the picture to this size (centred, as `fitImage`'s 'crop'): the decoder may hand
   * it over already so (JPEG through our decoder, YCbCr in stored orientation, shrinking: its planes are resampled
   * before colour conversion, so only the kept pixels are converted). Otherwise ignored.
   */
  readonly cover?: Size;
}

/**
 * Decodes a PNG, JPEG or WebP (found by its bytes, not its name) to upright 8-bit RGBA.
 * The header is checked first, so an empty, unknown, truncated or oversized file never reaches a decoder.
 * The result may be smaller than the file's size by a whole factor up to `options.shrinkUpTo`.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RgbaImage> {
  const info = inspectImage(bytes);
  const { image, scale, covered } = await decodeChecked(bytes, info, options);
  if (!covered) checkSize(info, scale, image);
  return image;
}

/** Refuses pixels whose size is not the header's (at 1/`scale`). */
function checkSize(info: ImageInfo, scale: number, image: Size): void {
  const width = Math.ceil(info.uprightWidth / scale);
  const height = Math.ceil(info.uprightHeight / scale);
  // Either axis order passes: the JPEG decoder reads EXIF itself, and refusing a good picture because two
  // EXIF readers disagree on an odd file would be worse than showing it turned.
  const sameSize = image.width === width && image.height === height;
  const turned = image.width === height && image.height === width;
  if (!sameSize && !turned) {
    throw imageError(
      'corrupt',
      l10n.t(
        'The {0} file is damaged: its header says {1}×{2} but its pixels are {3}×{4}. Re-export the image.',
        FORMAT_NAMES[info.format],
        info.uprightWidth,
        info.uprightHeight,
        image.width,
        image.height,
      ),
    );
  }
}

/** The decoded pixels and the factor by which they are smaller than the file's size. */
interface Decoded {
  readonly image: RgbaImage;
  readonly scale: number;
  /** Already cover-cropped to `DecodeOptions.cover` (its size checked against the header before resampling). */
  readonly covered?: boolean;
}

async function decodeChecked(bytes: Uint8Array, info: ImageInfo, options: DecodeOptions): Promise<Decoded> {
  switch (info.format) {
    case 'png':
      checkPngChunks(bytes);
      return decodePngChecked(bytes, info, options.shrinkUpTo ?? 1);
    case 'jpeg':
      return decodeJpegChecked(bytes, info, options);
    case 'webp':
      checkWebpLength(bytes);
      return full(
        info.animated
          ? await decodeFirstWebpFrame(bytes, info)
          : toRgba(await attempt('WebP', () => decodeWebp(exactBuffer(bytes)))),
      );
  }
}

/** Above this size a PNG is streamed through zlib (see pngStream.ts) rather than decoded whole in WebAssembly. */
export const LARGE_PNG_PIXELS = 24_000_000;

/**
 * Interlaced PNGs cannot be streamed row by row; the wasm decoder needs ~11 bytes a pixel for them, so above
 * this size they would break the 600 MB peak-memory bound.
 */
export const MAX_INTERLACED_PNG_PIXELS = 40_000_000;

async function decodePngChecked(bytes: Uint8Array, info: ImageInfo, shrinkUpTo: number): Promise<Decoded> {
  const pixels = info.width * info.height;
  if (pixels > LARGE_PNG_PIXELS) {
    const interlaced = bytes[28] === 1;
    if (!interlaced) {
      const shrink = Math.max(1, Math.floor(shrinkUpTo));
      return { image: await decodePngShrunk(bytes, shrink), scale: shrink };
    }
    if (pixels > MAX_INTERLACED_PNG_PIXELS) {
      throw imageError(
        'too-large',
        l10n.t(
          'This interlaced PNG is {0}×{1} ({2} megapixels); interlaced PNGs over {3} megapixels are refused because they must be decoded whole (about 11 bytes of memory a pixel). Save it without interlacing, or scale it down, and try again.',
          info.width,
          info.height,
          Math.round(pixels / 1e6),
          MAX_INTERLACED_PNG_PIXELS / 1e6,
        ),
      );
    }
  }
  return full(toRgba(await attempt('PNG', () => decodePng(exactBuffer(bytes)))));
}

function full(image: RgbaImage): Decoded {
  return { image, scale: 1 };
}

/**
 * Above this size a JPEG goes to our own decoder: mozjpeg's WebAssembly holds the whole RGBA picture in its
 * memory and hands over a copy (two full pictures at once, 8+ bytes a pixel), ours writes straight into one.
 */
export const LARGE_JPEG_PIXELS = 24_000_000;

/**
 * What a decode may take besides the process itself (~100 MB with the codecs loaded), so that the largest
 * accepted image stays under 600 MB of peak memory: a multi-pass (progressive) JPEG must keep every DCT
 * coefficient (2 bytes a sample) until its last pass, and is refused if that and its output do not fit.
 */
export const JPEG_DECODE_BUDGET_BYTES = 440 * 1024 * 1024;

async function decodeJpegChecked(bytes: Uint8Array, info: ImageInfo, options: DecodeOptions): Promise<Decoded> {
  if (info.bitDepth !== 8) {
    throw imageError(
      'unsupported',
      l10n.t(
        'This JPEG has {0}-bit samples; only 8-bit JPEGs are supported. Save it as an 8-bit JPEG or PNG.',
        info.bitDepth,
      ),
    );
  }
  const shrinkUpTo = options.shrinkUpTo ?? 1;
  const scale = shrinkUpTo >= 8 ? 8 : shrinkUpTo >= 4 ? 4 : shrinkUpTo >= 2 ? 2 : 1;
  const needsOurs = info.colorType === 'cmyk' || info.width * info.height > LARGE_JPEG_PIXELS;
  // A reduced decode of a baseline JPEG skips most of the inverse DCT and colour work and hands the resampler
  // a smaller picture: faster than mozjpeg's full-size decode (see bench/imageFit.ts). Progressive ones are
  // faster in mozjpeg, whose entropy decoding is compiled.
  if (needsOurs || scale > 1) {
    const ours = decodeJpegOurselves(
      bytes,
      info,
      scale,
      !needsOurs,
      options.region,
      coverable(info, scale, options.cover),
    );
    if (ours) return ours;
  }
  return full(await decodeJpegWasm(bytes));
}

/**
 * A decode to planes at least this large (output pixels × 4) shares its inverse DCT and resampling with a helper
 * thread; below it, handing work over costs about what it saves.
 */
const SHARED_DECODE_BYTES = 4 * 1_000_000;

/**
 * Our decoder; undefined for the rare coding it lacks (arithmetic), which mozjpeg then decodes, and when
 * `optional` (a speed-up, not needed for the colour model or the memory bound) for a progressive file or
 * any failure.
 */
function decodeJpegOurselves(
  bytes: Uint8Array,
  info: ImageInfo,
  scale: 1 | 2 | 4 | 8,
  optional: boolean,
  region: Region | undefined,
  cover: Size | undefined,
): Decoded | undefined {
  const outputBytes = Math.ceil(info.width / scale) * Math.ceil(info.height / scale) * 4;
  try {
    const options: JpegOptions = {
      scale,
      orientation: info.orientation,
      maxCoefficientBytes: JPEG_DECODE_BUDGET_BYTES - outputBytes,
      refuseProgressive: optional,
      ...(region ? { region: outputPixels(region, scale) } : {}),
    };
    if (!cover) return { image: decodeJpegPixels(bytes, options).image, scale };
    return withJpegHelper(outputBytes >= SHARED_DECODE_BYTES, (helper): Decoded => {
      const result = decodeJpegPlanesOrPixels(bytes, helper ? { ...options, helper } : options);
      if ('image' in result) return { image: result.image, scale };
      checkSize(info, scale, result);
      return { image: coverFromPlanes(result, cover, helper), scale, covered: true };
    });
  } catch (error) {
    if (!(error instanceof JpegError)) throw error;
    // Only a speed-up here: a file it cannot read goes to mozjpeg, whose verdict (a damaged file it can still
    // show, or its wording of the problem) the full-size path has always given.
    if (optional) return undefined;
    switch (error.problem) {
      case 'truncated':
        throw truncated('JPEG', error);
      case 'too-large':
        throw imageError(
          'too-large',
          l10n.t(
            'This {0}×{1} JPEG is too large to decode within the memory limit: {2}. Save it as a baseline (non-progressive) JPEG, or scale it down, and try again.',
            info.width,
            info.height,
            error.message,
          ),
          error,
        );
      case 'unsupported':
        if (info.colorType !== 'cmyk') return undefined;
        throw imageError(
          'unsupported',
          l10n.t(
            'This CMYK JPEG cannot be decoded: {0}. Convert it to RGB, or save it as PNG, and try again.',
            error.message,
          ),
          error,
        );
      case 'corrupt':
        throw damaged('JPEG', error.message, error);
    }
  }
}

/**
 * `cover` when a decode at 1/`scale` can be cover-cropped from its planes: stored upright (the planes are in stored
 * orientation) and shrinking on both axes (area averaging; an enlargement is bilinear in `resample`).
 */
function coverable(info: ImageInfo, scale: number, cover: Size | undefined): Size | undefined {
  if (!cover || info.orientation !== 1) return undefined;
  const picture = { width: Math.ceil(info.width / scale), height: Math.ceil(info.height / scale) };
  const crop = centredCrop(picture, cover);
  return crop.width >= cover.width && crop.height >= cover.height ? cover : undefined;
}

/** The whole output pixels (at 1/`scale`) that cover `region` of the file's pixels. */
function outputPixels(region: Region, scale: number): PixelRect {
  const x = Math.floor(region.x / scale);
  const y = Math.floor(region.y / scale);
  return {
    x,
    y,
    width: Math.ceil((region.x + region.width) / scale) - x,
    height: Math.ceil((region.y + region.height) / scale) - y,
  };
}

async function decodeJpegWasm(bytes: Uint8Array): Promise<RgbaImage> {
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
async function attempt(
  format: string,
  decode: () => Promise<CodecResult<CodecPixels>>,
): Promise<CodecResult<CodecPixels>> {
  try {
    return await decode();
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    if (isPrematureEnd(error.message)) throw truncated(format, error);
    throw damaged(format, describe(error.message), error);
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
  return imageError(
    'truncated',
    l10n.t(
      'The {0} file is truncated: its pixel data stops early. The download or copy was probably cut short; get the file again.',
      format,
    ),
    cause,
  );
}

/** `why` is the decoder's own wording (English, as the decoders give it). */
function damaged(format: string, why: string, cause: unknown): Error {
  return imageError(
    'corrupt',
    l10n.t('The {0} file is damaged and cannot be decoded ({1}). Re-export or re-download the image.', format, why),
    cause,
  );
}

function toRgba({ value }: CodecResult<CodecPixels>): RgbaImage {
  const { data, width, height } = value;
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

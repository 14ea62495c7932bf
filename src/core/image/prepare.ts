import * as l10n from '@vscode/l10n';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { AnimateError } from '../errors';
import type { ImageMime, Size } from '../types';
import { animationNote } from './animationNote';
import { colourNote } from './colourNote';
import { decodeImage } from './decode';
import { encodeImage, type EncodeFormat } from './encode';
import { centredCrop, fitImage, flattenAlpha, type FitMode, type Rgb } from './fit';
import { imageError } from './imageError';
import { inspectImage, type ImageInfo } from './inspect';
import type { Region } from './resample';
import type { RgbaImage } from './rgba';

/**
 * An image ready for a provider. For an upload (`prepareImage`): fitted to the requested size, opaque and encoded.
 * For a renderer that films from the source (`prepareSource`): `pixels` holds the decoded picture and `bytes` the
 * file as read (nothing encoded).
 */
export interface PreparedImage {
  readonly bytes: Uint8Array;
  readonly mime: ImageMime;
  /** Size of `bytes`. */
  readonly width: number;
  readonly height: number;
  /** The upright source pixels, decoded once (`prepareSource` only). */
  readonly pixels?: RgbaImage;
  readonly fileName: string;
  /** Absolute path of the original file, for providers that can read it themselves. */
  readonly sourcePath: string;
  /** Worth telling the user (e.g. only the first frame of an animated WebP is used). */
  readonly notes?: readonly string[];
}

export interface PrepareOptions {
  /** The provider's exact input size. */
  readonly size: Size;
  readonly fit: FitMode;
  /** Largest encoded image the provider accepts. */
  readonly maxBytes: number;
  /** Preferred encoding (default PNG: lossless); PNG falls back to JPEG when it is too big. */
  readonly format?: EncodeFormat;
  /** Colour shown through transparent pixels (default white, like most viewers and documents). */
  readonly background?: Rgb;
  /** The decoder (tests count its calls). */
  readonly decode?: Decoder;
}

export type Decoder = typeof decodeImage;

/** No real photo comes near this; a bigger "image" is a mistake, and reading it whole would hurt. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Falling JPEG qualities tried when the image is over the byte limit; below 50 artefacts become obvious. */
const JPEG_QUALITIES = [90, 80, 70, 60, 50] as const;

const WHITE: Rgb = { r: 255, g: 255, b: 255 };

/**
 * Reads an image file and makes it what a provider accepts: exactly `size` pixels, opaque, PNG (or JPEG
 * when PNG is over `maxBytes`). Every problem with the file is a `bad-input` error; messages do not repeat
 * the file name (the CLI and the form already show it next to them), except "not found", which shows the path.
 */
export async function prepareImage(path: string, options: PrepareOptions): Promise<PreparedImage> {
  if (!(options.maxBytes > 0)) throw new RangeError(`prepareImage: maxBytes must be positive, got ${options.maxBytes}`);
  const file = await readImageFile(path);
  const info = inspectImage(file);
  const notes = notesOf(info);
  // Decoded no larger than the fit needs (JPEG: straight from the DCT), so a huge photo never sits in memory whole.
  const decode = options.decode ?? decodeImage;
  const shrinkUpTo = fitShrink(info, options.size, options.fit);
  const region = options.fit === 'crop' ? cropRegion(info, options.size, shrinkUpTo) : undefined;
  // A cover-crop may come back already fitted (see DecodeOptions.cover); fitImage then leaves it as it is.
  const crop = options.fit === 'crop' ? { cover: options.size, ...(region ? { region } : {}) } : {};
  const image = await decode(file, { shrinkUpTo, ...crop });
  const fitted = flattenAlpha(fitImage(image, options.size, options.fit), options.background ?? WHITE);
  const { bytes, format } = await encodeWithin(fitted, options.format ?? 'png', options.maxBytes);
  return {
    bytes,
    mime: format === 'png' ? 'image/png' : 'image/jpeg',
    width: fitted.width,
    height: fitted.height,
    fileName: `${basename(path, extname(path))}.${format === 'png' ? 'png' : 'jpg'}`,
    sourcePath: resolve(path),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** How much `fitImage` will shrink the picture on each axis (crop and smart cover the frame, pad fits inside it). */
function fitShrink(info: ImageInfo, size: Size, fit: FitMode): number {
  const across = info.uprightWidth / size.width;
  const down = info.uprightHeight / size.height;
  return fit === 'pad' ? Math.max(across, down) : Math.min(across, down);
}

/**
 * How far outside its crop, in decoded pixels, the resampler may read: its blocks (up to 8 pixels, aligned to the
 * picture's corner), one neighbour more, and the rounding between the file's size and a reduced decode's.
 */
const RESAMPLE_REACH = 16;

/**
 * What a centred crop reads of the upright picture (file pixels), so the decoder may skip the rest; undefined
 * when it reads everything. Smart fit has none: it chooses its crop after looking at the whole picture.
 */
function cropRegion(info: ImageInfo, size: Size, shrinkUpTo: number): Region | undefined {
  const picture = { width: info.uprightWidth, height: info.uprightHeight };
  const crop = centredCrop(picture, size);
  const reach = RESAMPLE_REACH * Math.max(1, shrinkUpTo);
  const x = Math.max(0, Math.floor(crop.x - reach));
  const y = Math.max(0, Math.floor(crop.y - reach));
  const right = Math.min(picture.width, Math.ceil(crop.x + crop.width + reach));
  const bottom = Math.min(picture.height, Math.ceil(crop.y + crop.height + reach));
  if (x === 0 && y === 0 && right === picture.width && bottom === picture.height) return undefined;
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * The offline renderer films at most 3840 pixels wide with at most 1.15× zoom, and shrinks any larger source
 * first: a short side above this much is never seen, so such pictures are decoded smaller (JPEG only).
 */
export const RENDER_SOURCE_SHORT_SIDE = 4416;

/**
 * Reads, checks and decodes an image file for the offline renderer, which films from the upright source pixels:
 * the one decode of a local job, done before the job starts so a bad file is refused before anything runs.
 */
export async function prepareSource(path: string, decode: Decoder = decodeImage): Promise<PreparedImage> {
  const file = await readImageFile(path);
  const info = inspectImage(file);
  const notes = notesOf(info);
  const pixels = await decode(file, { shrinkUpTo: renderShrink(info) });
  return {
    bytes: file,
    mime: info.mime,
    width: info.uprightWidth,
    height: info.uprightHeight,
    pixels,
    fileName: basename(path),
    sourcePath: resolve(path),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Reads, checks and decodes an image file to upright RGBA at the renderer's size (GIF/WebP frames filmed again). */
export async function readImageRgba(path: string): Promise<RgbaImage> {
  const file = await readImageFile(path);
  return decodeImage(file, { shrinkUpTo: renderShrink(inspectImage(file)) });
}

function renderShrink(info: ImageInfo): number {
  return Math.min(info.width, info.height) / RENDER_SOURCE_SHORT_SIDE;
}

function notesOf(info: ImageInfo): string[] {
  return [animationNote(info), colourNote(info)].filter((note) => note !== undefined);
}

async function encodeWithin(
  image: RgbaImage,
  preferred: EncodeFormat,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; format: EncodeFormat }> {
  if (preferred === 'png') {
    const png = await encodeImage(image, 'png');
    if (png.length <= maxBytes) return { bytes: png, format: 'png' };
  }
  let smallest = Infinity;
  for (const quality of JPEG_QUALITIES) {
    const jpeg = await encodeImage(image, 'jpeg', quality);
    if (jpeg.length <= maxBytes) return { bytes: jpeg, format: 'jpeg' };
    smallest = Math.min(smallest, jpeg.length);
  }
  throw imageError(
    'too-large',
    l10n.t(
      "Even as a JPEG at quality {0} the {1}×{2} image takes {3}, over the provider's limit of {4}. Choose a smaller output size, or simplify the picture.",
      String(JPEG_QUALITIES.at(-1)),
      image.width,
      image.height,
      formatBytes(smallest),
      formatBytes(maxBytes),
    ),
  );
}

async function readImageFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw imageError('unsupported', l10n.t('This is a folder, not a file. Pick an image file (PNG, JPEG or WebP).'));
    if (info.size > MAX_FILE_BYTES) {
      throw imageError(
        'too-large',
        l10n.t(
          'The file is {0}; images over {1} are refused. Scale it down and try again.',
          formatBytes(info.size),
          formatBytes(MAX_FILE_BYTES),
        ),
      );
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof AnimateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new AnimateError('bad-input', l10n.t('Image not found: {0}', path), { code: 'not-found', cause: error });
    throw new AnimateError('io', l10n.t('Could not read {0}: {1}', path, (error as Error).message), {
      code,
      cause: error,
    });
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

import type { Size } from '../types';
import { hasTransparency, resample, type Region } from './resample';
import type { RgbaImage } from './rgba';
import { placeWindow } from '../../shared/focus';
import { estimateFocus } from './saliency';

/**
 * `crop`: fill the frame, cutting the overflow evenly from both sides. `smart`: fill the frame, cutting around
 * what the picture is about (see `estimateFocus`). `pad`: show everything, with black bars.
 */
export type FitMode = 'crop' | 'smart' | 'pad';

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/**
 * Makes the image exactly `size`, as providers require (a request whose reference image differs by one
 * pixel is rejected), keeping the aspect ratio: centred cover-crop by default, a cover-crop around the subject, or letterbox/pillarbox.
 */
export function fitImage(image: RgbaImage, size: Size, mode: FitMode = 'crop'): RgbaImage {
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`fitImage: size must be whole pixels ≥ 1, got ${width}×${height}`);
  }
  if (image.width === width && image.height === height) return image;
  if (mode === 'crop') return resample(image, centredCrop(image, size), width, height);
  if (mode === 'smart') {
    const { width: spanX, height: spanY } = centredCrop(image, size);
    const corner = placeWindow(estimateFocus(image), spanX, spanY, image.width, image.height);
    return resample(image, { ...corner, width: spanX, height: spanY }, width, height);
  }
  const scale = Math.min(width / image.width, height / image.height);
  const innerWidth = Math.min(width, Math.max(1, Math.round(image.width * scale)));
  const innerHeight = Math.min(height, Math.max(1, Math.round(image.height * scale)));
  const inner = resample(image, { x: 0, y: 0, width: image.width, height: image.height }, innerWidth, innerHeight);
  return placeOnBlack(inner, width, height);
}

/** The part of a `picture`-sized image that `crop` shows in a frame of `size`: as large as fits, centred. */
export function centredCrop(picture: Size, size: Size): Region {
  const scale = Math.max(size.width / picture.width, size.height / picture.height);
  const width = size.width / scale;
  const height = size.height / scale;
  return { x: (picture.width - width) / 2, y: (picture.height - height) / 2, width, height };
}

function placeOnBlack(inner: RgbaImage, width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255; // opaque black bars
  const left = (width - inner.width) >> 1;
  const top = (height - inner.height) >> 1;
  const line = inner.width * 4;
  for (let row = 0; row < inner.height; row++) {
    data.set(inner.data.subarray(row * line, (row + 1) * line), ((top + row) * width + left) * 4);
  }
  return { width, height, data };
}

/**
 * Composites the image over a solid colour, leaving every pixel opaque: providers want RGB, and an
 * encoder that drops alpha would otherwise expose whatever colour the transparent pixels happen to hold.
 */
export function flattenAlpha(image: RgbaImage, background: Rgb): RgbaImage {
  if (!hasTransparency(image)) return image;
  const source = image.data;
  const data = new Uint8Array(source.length);
  const { r, g, b } = background;
  for (let i = 0; i < source.length; i += 4) {
    const a = source[i + 3]!;
    const rest = 255 - a;
    data[i] = (source[i]! * a + r * rest + 127) / 255;
    data[i + 1] = (source[i + 1]! * a + g * rest + 127) / 255;
    data[i + 2] = (source[i + 2]! * a + b * rest + 127) / 255;
    data[i + 3] = 255;
  }
  return { width: image.width, height: image.height, data };
}

import { flattenAlpha, type Rgb } from '../image/fit';
import type { RgbaImage } from '../image/rgba';
import { MAX_ZOOM, coverWindow } from '../../shared/cameraPath';
import { downscaleArea } from './downscale';

/**
 * Beyond this many source pixels per output pixel the source is shrunk first: bilinear sampling is
 * clean up to about 1.5:1 but skips pixels (shimmer in a moving camera) beyond that.
 */
const MAX_SAMPLING_RATIO = 1.5;

/** Same default as the image preparation for AI providers, so a transparent PNG looks alike everywhere. */
const WHITE: Rgb = { r: 255, g: 255, b: 255 };

/**
 * Gets a decoded image ready to be filmed: transparency flattened (video has no alpha), and very large
 * images shrunk by area averaging so the tightest framing (`maxZoom` × the cover window) maps about 1:1 onto
 * the output: every frame then samples a pre-filtered source at most ~1.5:1, which is what keeps fine detail
 * from shimmering as the camera moves.
 */
export function prepareRenderSource(
  image: RgbaImage,
  outWidth: number,
  outHeight: number,
  background: Rgb = WHITE,
  maxZoom = MAX_ZOOM,
): RgbaImage {
  const flat = aligned(flattenAlpha(image, background));
  const cover = coverWindow(flat.width, flat.height, outWidth, outHeight);
  const ratio = cover.width / outWidth;
  if (ratio <= MAX_SAMPLING_RATIO) return flat;
  const factor = maxZoom / ratio;
  const width = Math.max(1, Math.min(flat.width, Math.round(flat.width * factor)));
  const height = Math.max(1, Math.min(flat.height, Math.round(flat.height * factor)));
  return downscaleArea(flat, width, height);
}

/** The renderer reads pixels as 32-bit words; an unaligned buffer (a pooled Buffer slice) would be copied per frame. */
function aligned(image: RgbaImage): RgbaImage {
  if (image.data.byteOffset % 4 === 0) return image;
  return { width: image.width, height: image.height, data: image.data.slice() };
}

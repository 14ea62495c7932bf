import type { Size } from '../../types';
import { centredCrop } from '../fit';
import { resamplePlane } from '../resample';
import { yccPlanesToRgba } from './colour';
import type { SamplePlane, YccPlanes } from './decoder';

/**
 * Output rows `fromRow`..`toRow` (end exclusive) of what `fitImage(pixels, size, 'crop')` gives for the pixels
 * these planes make, written as RGBA into `out` (the whole picture's array), computed the other way round: each
 * plane is resampled straight to `size` (chroma from its subsampled samples, which also stands in for upsampling
 * them), then only the kept pixels are converted to RGB. Colour conversion is linear but for its clamping, so the
 * two orders agree within rounding (see test/unit/image/coverPlanes.test.ts).
 */
export function coverRows(planes: YccPlanes, size: Size, fromRow: number, toRow: number, out: Uint8ClampedArray): void {
  const crop = centredCrop(planes, size);
  const fit = (plane: SamplePlane): Uint8Array =>
    resamplePlane(
      plane.data,
      plane.stride,
      plane.width,
      plane.height,
      {
        x: crop.x * plane.perPixelX,
        y: crop.y * plane.perPixelY,
        width: crop.width * plane.perPixelX,
        height: crop.height * plane.perPixelY,
      },
      size.width,
      size.height,
      fromRow,
      toRow,
    );
  yccPlanesToRgba(fit(planes.luma), fit(planes.blue), fit(planes.red), out, fromRow * size.width * 4);
}

import type { Size } from '../../types';
import { centredCrop } from '../fit';
import { planeResampler } from '../resample';
import { yccPlanesToRgba } from './colour';
import type { SamplePlane, YccPlanes } from './decoder';

/**
 * What `fitImage(pixels, size, 'crop')` gives for the pixels these planes make, computed the other way round: each
 * plane is resampled straight to `size` (chroma from its subsampled samples, which also stands in for upsampling
 * them), then only the kept pixels are converted to RGB. Colour conversion is linear but for its clamping, so the
 * two orders agree within rounding (see test/unit/image/coverPlanes.test.ts). The returned function writes output
 * rows `fromRow`..`toRow` (end exclusive) as RGBA into `out`, the whole picture's array.
 */
export function coverRows(
  planes: YccPlanes,
  size: Size,
): (fromRow: number, toRow: number, out: Uint8ClampedArray) => void {
  const crop = centredCrop(planes, size);
  const resampler = (plane: SamplePlane): ((fromRow: number, toRow: number) => Uint8Array) =>
    planeResampler(
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
    );
  const [luma, blue, red] = [resampler(planes.luma), resampler(planes.blue), resampler(planes.red)];
  return (fromRow, toRow, out) =>
    yccPlanesToRgba(luma(fromRow, toRow), blue(fromRow, toRow), red(fromRow, toRow), out, fromRow * size.width * 4);
}

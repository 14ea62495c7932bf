import type { Size } from '../../types';
import { centredCrop } from '../fit';
import { resamplePlane } from '../resample';
import type { RgbaImage } from '../rgba';
import { yccPlanesToRgba } from './colour';
import type { SamplePlane, YccPlanes } from './decoder';

/**
 * What `fitImage(pixels, size, 'crop')` gives for the pixels these planes make, computed the other way round:
 * each plane is resampled straight to `size` (chroma from its subsampled samples, which also stands in for
 * upsampling them), then only the kept pixels are converted to RGB. Colour conversion is linear but for its
 * clamping, so the two orders agree within rounding (see test/unit/image/coverPlanes.test.ts).
 */
export function coverFromPlanes(planes: YccPlanes, size: Size): RgbaImage {
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
    );
  return {
    width: size.width,
    height: size.height,
    data: yccPlanesToRgba(fit(planes.luma), fit(planes.blue), fit(planes.red)),
  };
}

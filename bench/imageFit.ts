// Image preparation speed: read a 12-megapixel JPEG, cover-crop it to 1280×720, encode PNG: `prepareImage`, what
// every provider's request goes through (a reduced-scale decode, our resampler, the WebAssembly PNG encoder),
// against sharp (native libvips, which also decodes at reduced scale) doing the same work on the same file.
import sharp from 'sharp';
import { prepareImage } from '../src/core/image/prepare';
import { photoLikeJpeg } from '../test/fixtures/makeImages';
import { compareOnFile, runStandalone, type BenchResult } from './result';

const SOURCE = { width: 4000, height: 3000 };
const TARGET = { width: 1280, height: 720 };
const RUNS = 7;
const MAX_RATIO = 2;
const MAX_MS = 400;

async function ours(path: string): Promise<number> {
  const prepared = await prepareImage(path, { size: TARGET, fit: 'crop', maxBytes: 64 * 1024 * 1024 });
  if (prepared.mime !== 'image/png') throw new Error(`expected a PNG, got ${prepared.mime}`);
  return prepared.bytes.length;
}

async function reference(path: string): Promise<number> {
  const png = await sharp(path).resize(TARGET.width, TARGET.height, { fit: 'cover' }).png().toBuffer();
  return png.length;
}

export async function benchImageFit(): Promise<BenchResult> {
  const jpeg = await photoLikeJpeg(SOURCE.width, SOURCE.height);
  const { ours_ms, reference_ms, ratio } = await compareOnFile(jpeg, 'photo.jpg', RUNS, ours, reference);
  return {
    name: `image prepare: ${(jpeg.length / 1e6).toFixed(1)} MB ${SOURCE.width}×${SOURCE.height} JPEG → cover ${TARGET.width}×${TARGET.height} PNG`,
    reference: `sharp ${sharp.versions.sharp ?? ''} (libvips ${sharp.versions.vips})`.replace('  ', ' '),
    ours_ms,
    reference_ms,
    ratio,
    target: `ratio ≤ ${MAX_RATIO} and ours ≤ ${MAX_MS} ms`,
    pass: ratio <= MAX_RATIO && ours_ms <= MAX_MS,
  };
}

if (require.main === module) runStandalone(benchImageFit);

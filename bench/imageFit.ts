// Image preparation speed: decode a 12-megapixel JPEG, cover-crop it to 1280×720, encode PNG. Ours (WebAssembly
// codecs + our resampler) against sharp (native libvips) doing the same work on the same bytes in the same run.
import sharp from 'sharp';
import { decodeImage } from '../src/core/image/decode';
import { encodeImage } from '../src/core/image/encode';
import { fitImage } from '../src/core/image/fit';
import { photoLikeJpeg } from '../test/fixtures/makeImages';
import { median, type BenchResult } from './result';

const SOURCE = { width: 4000, height: 3000 };
const TARGET = { width: 1280, height: 720 };
const RUNS = 7;
const MAX_RATIO = 3;
const MAX_MS = 400;

async function ours(jpeg: Uint8Array): Promise<number> {
  const image = await decodeImage(jpeg);
  const png = await encodeImage(fitImage(image, TARGET, 'crop'), 'png');
  return png.length;
}

async function reference(jpeg: Uint8Array): Promise<number> {
  const png = await sharp(jpeg).resize(TARGET.width, TARGET.height, { fit: 'cover' }).png().toBuffer();
  return png.length;
}

async function time(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export async function benchImageFit(): Promise<BenchResult> {
  const jpeg = await photoLikeJpeg(SOURCE.width, SOURCE.height);
  // Warm-up: compiles the wasm modules and lets V8 optimise the hot loops, as in a long-lived extension host.
  await ours(jpeg);
  await reference(jpeg);
  const oursMs: number[] = [];
  const referenceMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so a busy moment on the machine hits both sides alike.
    oursMs.push(await time(() => ours(jpeg)));
    referenceMs.push(await time(() => reference(jpeg)));
  }
  const ours_ms = Math.round(median(oursMs));
  const reference_ms = Math.round(median(referenceMs));
  const ratio = Math.round((ours_ms / reference_ms) * 100) / 100;
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

if (require.main === module) {
  benchImageFit().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

// Local render speed: a 4 s 1280×720 zoom-in from a 1920×1080 photo-like JPEG, decode included. Our two
// encoder paths (WebAssembly H.264, and frames piped into an installed ffmpeg) each against ffmpeg doing the
// whole job natively (zoompan + libx264 ultrafast) on the same file in the same run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageRgba } from '../src/core/image/prepare';
import type { EncoderKind } from '../src/core/video/encoder';
import { findFfmpeg } from '../src/core/video/findFfmpeg';
import { FPS, renderClip } from '../src/core/video/renderClip';
import { photoLikeJpeg } from '../test/fixtures/makeImages';
import { ffmpegVersion, runFfmpeg } from './ffmpegProcess';
import { interleavedMedians, type BenchResult } from './result';

const SOURCE = { width: 1920, height: 1080 };
const OUTPUT = { width: 1280, height: 720 };
const SECONDS = 4;
const RUNS = 3;
const TARGETS: Record<EncoderKind, number> = { ffmpeg: 2, wasm: 6 };

async function ours(imagePath: string, outPath: string, encoder: EncoderKind): Promise<void> {
  const source = await readImageRgba(imagePath);
  const result = await renderClip({ source, motion: 'zoom-in', ...OUTPUT, seconds: SECONDS, outPath, encoder });
  if (result.encoder !== encoder) throw new Error(`expected the ${encoder} encoder, got ${result.encoder}`);
}

/** ffmpeg's own Ken Burns: zoompan to 1.15× over the clip, centred, then the fastest x264 preset. */
function reference(ffmpeg: string, imagePath: string, outPath: string): Promise<void> {
  const frames = SECONDS * FPS;
  const zoompan = `zoompan=z='min(zoom+${(0.15 / frames).toFixed(5)},1.15)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=${frames}:s=${OUTPUT.width}x${OUTPUT.height}:fps=${FPS}`;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    imagePath,
    '-vf',
    zoompan,
    '-frames:v',
    String(frames),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    outPath,
  ];
  return runFfmpeg(ffmpeg, args);
}

export async function benchLocalRender(): Promise<BenchResult[]> {
  const ffmpeg = await findFfmpeg();
  if (!ffmpeg) {
    console.log(
      'local render bench skipped: no ffmpeg with libx264 on PATH (it is the reference, and our fast path). Install ffmpeg to run it.',
    );
    return [];
  }
  const version = ffmpegVersion(ffmpeg);
  const dir = await mkdtemp(join(tmpdir(), 'animate-image-bench-'));
  try {
    const imagePath = join(dir, 'source.jpg');
    await writeFile(imagePath, await photoLikeJpeg(SOURCE.width, SOURCE.height));
    const out = (name: string) => join(dir, `${name}.mp4`);
    const medians = await interleavedMedians(RUNS, {
      reference: () => reference(ffmpeg, imagePath, out('ref')),
      ffmpeg: () => ours(imagePath, out('ffmpeg'), 'ffmpeg'),
      wasm: () => ours(imagePath, out('wasm'), 'wasm'),
    });
    const reference_ms = medians.reference;
    return (['ffmpeg', 'wasm'] as const).map((kind): BenchResult => {
      const ours_ms = medians[kind];
      const ratio = Math.round((ours_ms / reference_ms) * 100) / 100;
      return {
        name: `local render (${kind === 'wasm' ? 'WebAssembly encoder' : 'frames piped to ffmpeg'}): ${SECONDS} s ${OUTPUT.width}×${OUTPUT.height} zoom-in from a ${SOURCE.width}×${SOURCE.height} JPEG`,
        reference: `ffmpeg ${version} zoompan + libx264 ultrafast`,
        ours_ms,
        reference_ms,
        ratio,
        target: `ratio ≤ ${TARGETS[kind]}`,
        pass: ratio <= TARGETS[kind],
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchLocalRender().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

// The ffmpeg the benchmarks measure against: run to completion, its version for the reference's name, and our
// encoder paths timed against it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Size } from '../src/core/types';
import type { EncoderKind } from '../src/core/video/encoder';
import { findFfmpeg } from '../src/core/video/findFfmpeg';
import { photoLikeJpeg } from '../test/fixtures/makeImages';
import { interleavedMedians } from './result';

/** Runs ffmpeg with these arguments; rejects with its stderr when it fails. */
function runFfmpeg(ffmpeg: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`reference ffmpeg exited with ${code}: ${stderr}`)),
    );
  });
}

function ffmpegVersion(ffmpeg: string): string {
  return /ffmpeg version (\S+)/.exec(spawnSync(ffmpeg, ['-version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
}

/** Encodes `frames` frames of a still with libx264: `filter` shapes them (scale, zoompan, rate), then our settings. */
export function stillToX264(
  ffmpeg: string,
  imagePath: string,
  filter: readonly string[],
  frames: number,
  preset: string,
  outPath: string,
): Promise<void> {
  return runFfmpeg(ffmpeg, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    imagePath,
    ...filter,
    '-frames:v',
    String(frames),
    '-c:v',
    'libx264',
    '-preset',
    preset,
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    outPath,
  ]);
}

export interface EncoderComparison {
  /** The reference ffmpeg's version, for the reference's name. */
  readonly version: string;
  readonly reference_ms: number;
  readonly ours_ms: Readonly<Record<EncoderKind, number>>;
}

/**
 * Our two encoder paths (frames piped to ffmpeg, WebAssembly) against an ffmpeg `reference`, all on one photo-like
 * JPEG of `source` size in a temporary folder (removed afterwards), as `interleavedMedians`; undefined (and said
 * why) when no ffmpeg with libx264 is installed, since it is the reference and one of our paths.
 */
export async function compareEncoderPaths(
  bench: string,
  source: Size,
  runs: number,
  ours: (imagePath: string, outPath: string, encoder: EncoderKind) => Promise<void>,
  reference: (ffmpeg: string, imagePath: string, outPath: string) => Promise<void>,
): Promise<EncoderComparison | undefined> {
  const ffmpeg = await findFfmpeg();
  if (!ffmpeg) {
    console.log(
      `${bench} bench skipped: no ffmpeg with libx264 on PATH (it is the reference, and one of our paths). Install ffmpeg to run it.`,
    );
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'animate-image-bench-'));
  try {
    const imagePath = join(dir, 'photo.jpg');
    await writeFile(imagePath, await photoLikeJpeg(source.width, source.height));
    const out = (name: string) => join(dir, `${name}.mp4`);
    const { reference: reference_ms, ...ours_ms } = await interleavedMedians(runs, {
      reference: () => reference(ffmpeg, imagePath, out('ref')),
      ffmpeg: () => ours(imagePath, out('ffmpeg'), 'ffmpeg'),
      wasm: () => ours(imagePath, out('wasm'), 'wasm'),
    });
    return { version: ffmpegVersion(ffmpeg), reference_ms, ours_ms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

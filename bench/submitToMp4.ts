// Submit to MP4 with the local provider: a 4 s 1280×720 clip from a 12-megapixel JPEG through `startJob`, as
// the CLI and the extension run it (prepare, submit, poll, download, save beside the source), once with each
// encoder (WebAssembly, and frames piped into an installed ffmpeg). Against ffmpeg alone turning the same still
// into the same number of frames of that size (decode, cover-scale, repeat, libx264 with our preset) in the same
// run: the least work any still-to-video tool does, with no camera move. The still is repeated with the `loop`
// filter rather than `-loop 1`, which re-decodes the 12-megapixel file for every frame (15 s instead of 1 s).
import { rm, stat } from 'node:fs/promises';
import { startJob } from '../src/core/jobs/runner';
import { MemoryJobStore } from '../src/core/jobs/store';
import { nodeOutputPort } from '../src/core/output';
import { createLocalProvider, LOCAL_MODEL } from '../src/core/providers/local';
import { silentLogger } from '../src/core/types';
import { FFMPEG_PRESET } from '../src/core/video/ffmpegEncoder';
import { FPS } from '../src/core/video/renderClip';
import { compareEncoderPaths, stillToX264 } from './ffmpegProcess';
import { ratioOf, runStandalone, type BenchResult } from './result';

const SOURCE = { width: 4000, height: 3000 };
const OUTPUT = { width: 1280, height: 720 };
const SECONDS = 4;
const RUNS = 3;
/**
 * Ours also renders a camera move, and the runner prepares the image for the request before the renderer
 * decodes it again: bench/localRender.ts's targets (2 and 6) plus one for that.
 */
const TARGETS = { ffmpeg: 3, wasm: 7 } as const;
type Encoder = keyof typeof TARGETS;

async function ours(imagePath: string, outPath: string, encoder: Encoder): Promise<void> {
  const deps = {
    provider: createLocalProvider({ log: silentLogger, options: { encoder } }),
    store: new MemoryJobStore(),
    output: nodeOutputPort,
    log: silentLogger,
  };
  const request = {
    image: imagePath,
    prompt: 'slow zoom in',
    provider: 'local',
    model: LOCAL_MODEL,
    size: OUTPUT,
    seconds: SECONDS,
    fit: 'crop' as const,
    output: outPath,
  };
  const outcome = await startJob(deps, request, { provenance: 'off' });
  if (outcome.kind !== 'succeeded') throw new Error(`local job did not finish: ${outcome.kind}`);
  if (!((await stat(outcome.output)).size > 0)) throw new Error('local job wrote an empty MP4');
  await rm(outcome.output);
}

/** ffmpeg's plain still-to-video: decode and cover-scale once, encode the same frames with our x264 settings. */
function reference(ffmpeg: string, imagePath: string, outPath: string): Promise<void> {
  const { width, height } = OUTPUT;
  const frames = SECONDS * FPS;
  const filter = [
    '-vf',
    `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},loop=loop=${frames - 1}:size=1:start=0,setpts=N/${FPS}/TB`,
    '-r',
    String(FPS),
  ];
  return stillToX264(ffmpeg, imagePath, filter, frames, FFMPEG_PRESET, outPath);
}

export async function benchSubmitToMp4(): Promise<BenchResult[]> {
  const measured = await compareEncoderPaths('submit-to-MP4', SOURCE, RUNS, ours, reference);
  if (!measured) return [];
  const { version, reference_ms } = measured;
  const frames = SECONDS * FPS;
  return (['ffmpeg', 'wasm'] as const).map((kind): BenchResult => {
    const ours_ms = measured.ours_ms[kind];
    const ratio = ratioOf(ours_ms, reference_ms);
    return {
      name: `submit → MP4, local (${kind === 'wasm' ? 'WebAssembly encoder' : 'frames piped to ffmpeg'}): ${SECONDS} s ${OUTPUT.width}×${OUTPUT.height} zoom-in from a ${SOURCE.width}×${SOURCE.height} JPEG`,
      reference: `ffmpeg ${version} still → ${frames} frames, libx264 ${FFMPEG_PRESET}`,
      ours_ms,
      reference_ms,
      ratio,
      target: `ratio ≤ ${TARGETS[kind]}`,
      pass: ratio <= TARGETS[kind],
    };
  });
}

if (require.main === module) runStandalone(benchSubmitToMp4);

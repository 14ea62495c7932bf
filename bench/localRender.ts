// Local render speed: a 4 s 1280×720 zoom-in from a 1920×1080 photo-like JPEG, decode included. Our two
// encoder paths (WebAssembly H.264, and frames piped into an installed ffmpeg) each against ffmpeg doing the
// whole job natively (zoompan + libx264 ultrafast) on the same file in the same run.
import { readImageRgba } from '../src/core/image/prepare';
import type { EncoderKind } from '../src/core/video/encoder';
import { FPS, renderClip } from '../src/core/video/renderClip';
import { compareEncoderPaths, stillToX264 } from './ffmpegProcess';
import { ratioOf, runStandalone, type BenchResult } from './result';

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
  return stillToX264(ffmpeg, imagePath, ['-vf', zoompan], frames, 'ultrafast', outPath);
}

export async function benchLocalRender(): Promise<BenchResult[]> {
  const measured = await compareEncoderPaths('local render', SOURCE, RUNS, ours, reference);
  if (!measured) return [];
  const { version, reference_ms } = measured;
  return (['ffmpeg', 'wasm'] as const).map((kind): BenchResult => {
    const ours_ms = measured.ours_ms[kind];
    const ratio = ratioOf(ours_ms, reference_ms);
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
}

if (require.main === module) runStandalone(benchLocalRender);

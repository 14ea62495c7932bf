// `--also gif`: making the GIF of a 4 s 854×480 local clip (rendering its frames again at GIF size, median-cut
// palette, ordered dither, LZW), against ffmpeg making a GIF of the same clip's MP4 (palettegen + paletteuse,
// Bayer dither) at the same size and frame rate, in the same run. Our file size is checked against the 5 MB budget.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageRgba } from '../src/core/image/prepare';
import { nodeOutputPort } from '../src/core/output';
import { localFrameSource } from '../src/core/video/animationFrames';
import { ANIMATION_BUDGET_BYTES, saveAlso } from '../src/core/video/alsoSave';
import { findAnyFfmpeg } from '../src/core/video/findFfmpeg';
import { renderClip } from '../src/core/video/renderClip';
import { photoLikeJpeg } from '../test/fixtures/makeImages';
import { median, ratioOf, runStandalone, type BenchResult } from './result';

const OUTPUT = { width: 854, height: 480 };
const SECONDS = 4;
const RUNS = 3;
const TARGET = 3;

export async function benchAnimationSave(): Promise<BenchResult[]> {
  const ffmpeg = await findAnyFfmpeg();
  if (!ffmpeg) {
    console.log('GIF bench skipped: no ffmpeg on PATH (it is the reference). Install ffmpeg to run it.');
    return [];
  }
  const dir = await mkdtemp(join(tmpdir(), 'animate-image-bench-gif-'));
  try {
    const imagePath = join(dir, 'cat.jpg');
    await writeFile(imagePath, await photoLikeJpeg(1920, 1080));
    const videoPath = join(dir, 'cat.mp4');
    await renderClip({
      source: await readImageRgba(imagePath),
      motion: 'zoom-in',
      ...OUTPUT,
      seconds: SECONDS,
      outPath: videoPath,
      encoder: 'wasm',
    });
    let size = 0;
    const ours = async (): Promise<void> => {
      const path = await saveAlso({
        format: 'gif',
        videoPath,
        ...OUTPUT,
        fps: 24,
        port: nodeOutputPort,
        frames: (width, height, fps) =>
          localFrameSource({ imagePath, motion: 'zoom-in', seconds: SECONDS, loop: false }, width, height, fps),
      });
      size = (await stat(path)).size;
      await rm(path);
    };
    const reference = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const filter = 'fps=12.5,scale=640:360:flags=area,split[a][b];[a]palettegen[p];[b][p]paletteuse=dither=bayer';
        const child = spawn(
          ffmpeg,
          ['-hide_banner', '-loglevel', 'error', '-y', '-i', videoPath, '-vf', filter, join(dir, 'ref.gif')],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        child.once('error', reject);
        child.once('close', (code) =>
          code === 0 ? resolve() : reject(new Error(`reference ffmpeg exited with ${code}`)),
        );
      });
    await ours(); // warm-up: V8 optimises the hot loops
    const samples = { ours: [] as number[], reference: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      let start = performance.now();
      await reference();
      samples.reference.push(performance.now() - start);
      start = performance.now();
      await ours();
      samples.ours.push(performance.now() - start);
    }
    const ours_ms = Math.round(median(samples.ours));
    const reference_ms = Math.round(median(samples.reference));
    const ratio = ratioOf(ours_ms, reference_ms);
    return [
      {
        name: `--also gif: ${SECONDS} s ${OUTPUT.width}×${OUTPUT.height} local clip → GIF (${(size / 1024 / 1024).toFixed(1)} MB)`,
        reference: 'ffmpeg palettegen + paletteuse (bayer) from the MP4',
        ours_ms,
        reference_ms,
        ratio,
        target: `ratio ≤ ${TARGET} and file ≤ 5 MB`,
        pass: ratio <= TARGET && size <= ANIMATION_BUDGET_BYTES,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchAnimationSave);

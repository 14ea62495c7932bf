// Peak memory for the largest images we accept: a 100-megapixel PNG (highly compressible, the decompression-bomb
// shape) and a 100-megapixel photo-like JPEG, each prepared for a 1280×720 provider in a fresh process. Target:
// under 600 MB. Reference: the peak of a process that only loads the codecs, measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { MAX_PIXELS } from '../src/core/image/inspect';
import { ratioOf, runStandalone, type BenchResult } from './result';

const TARGET_MB = 600;
const SIDE = Math.floor(Math.sqrt(MAX_PIXELS)); // 10000×10000

function peakRssMb(...args: string[]): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'memoryChild.ts'), ...args], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`memory child ${args.join(' ')} failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { peakRssMb: number }).peakRssMb;
}

export async function benchMemory(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'animate-image-bench-memory-'));
  try {
    const png = join(dir, 'largest.png');
    const jpeg = join(dir, 'largest.jpg');
    // Colour fields: a few hundred KB of PNG that inflate to 400 MB of pixels.
    await sharp({ create: { width: SIDE, height: SIDE, channels: 3, background: '#336699' } })
      .composite([
        {
          input: { create: { width: SIDE / 2, height: SIDE / 2, channels: 3, background: '#cc8844' } },
          left: SIDE / 4,
          top: SIDE / 4,
        },
      ])
      .png()
      .toFile(png);
    // Camera-like: sensor noise, baseline 4:2:0 at quality 85.
    await sharp({
      create: {
        width: SIDE,
        height: SIDE,
        channels: 3,
        background: '#886644',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg({ quality: 85 })
      .toFile(jpeg);
    const reference = peakRssMb('codecs');
    return [
      ['PNG', png],
      ['JPEG', jpeg],
    ].map(([format, path]) => {
      const ours = peakRssMb('prepare', path!);
      return {
        name: `peak RSS (MB): prepare a ${SIDE}×${SIDE} (${MAX_PIXELS / 1e6} MP, the limit) ${format} for 1280×720, fresh process`,
        reference: 'peak RSS of a process that only loads the codecs',
        ours_ms: ours,
        reference_ms: reference,
        ratio: ratioOf(ours, reference),
        target: `ours < ${TARGET_MB} MB`,
        pass: ours < TARGET_MB,
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchMemory);

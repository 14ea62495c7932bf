/** `npm run bench`: every benchmark, each against a reference measured in the same run, as one table of ratios. */
import { benchActivation } from './activation';
import { benchAnimationSave } from './animationSave';
import { benchDownload } from './download';
import { benchFormReady } from './formReady';
import { benchImageFit } from './imageFit';
import { benchLocalRender } from './localRender';
import { benchMemory } from './memory';
import { benchPolling } from './polling';
import type { BenchResult } from './result';
import { benchSubmitToMp4 } from './submitToMp4';

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  for (const bench of [
    benchActivation,
    benchImageFit,
    benchFormReady,
    benchMemory,
    benchLocalRender,
    benchSubmitToMp4,
    benchAnimationSave,
    benchPolling,
    benchDownload,
  ]) {
    const out = await bench();
    results.push(...(Array.isArray(out) ? out : [out]));
  }
  console.table(
    results.map((r) => ({
      benchmark: r.name,
      reference: r.reference,
      ours: round(r.ours_ms),
      ref: round(r.reference_ms),
      ratio: `${round(r.ratio)}×`,
      target: r.target,
      met: r.pass ? 'yes' : 'NO',
    })),
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

void main();

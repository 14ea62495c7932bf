import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One benchmark's outcome: our time against a reference tool measured in the same run, on the same machine. */
export interface BenchResult {
  readonly name: string;
  /** What we are compared with (tool and version). */
  readonly reference: string;
  readonly ours_ms: number;
  readonly reference_ms: number;
  /** ours_ms / reference_ms: above 1 means slower than the reference. */
  readonly ratio: number;
  /** The goal in words, e.g. "ratio ≤ 3 and ours ≤ 400 ms". */
  readonly target: string;
  readonly pass: boolean;
}

/** ours / reference to two decimals: above 1 means slower (or bigger) than the reference. */
export function ratioOf(ours: number, reference: number): number {
  return Math.round((ours / reference) * 100) / 100;
}

/** Runs one benchmark when its file is run directly (`node --import tsx bench/x.ts`) and prints its result. */
export function runStandalone(bench: () => Promise<unknown>): void {
  bench().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/** Median of the samples (robust against the odd slow run caused by GC or a busy machine). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall-clock milliseconds of one run of `task`. */
export async function time(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

/** Warm-up rounds before measuring: V8 reaches its optimised code for the decoders only after a few runs. */
const WARM_UP_ROUNDS = 3;

/**
 * Runs every task `WARM_UP_ROUNDS` times to warm up (WebAssembly loaded, V8 optimised, as in a long-lived host), then
 * `runs` rounds in which every task runs once, interleaved so a busy moment on the machine hits every side alike; the
 * median time of each, in whole milliseconds.
 */
export async function interleavedMedians<Name extends string>(
  runs: number,
  tasks: Readonly<Record<Name, () => Promise<unknown>>>,
): Promise<Record<Name, number>> {
  const names = Object.keys(tasks) as Name[];
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const name of names) await tasks[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let run = 0; run < runs; run++) for (const name of names) samples[name].push(await time(tasks[name]));
  return Object.fromEntries(names.map((name) => [name, Math.round(median(samples[name]))])) as Record<Name, number>;
}

/**
 * `interleavedMedians` of `ours` against `reference`, both run on `file` written to a temporary folder (removed
 * afterwards), with their ratio to two decimals.
 */
export async function compareOnFile(
  file: Uint8Array,
  name: string,
  runs: number,
  ours: (path: string) => Promise<unknown>,
  reference: (path: string) => Promise<unknown>,
): Promise<{ ours_ms: number; reference_ms: number; ratio: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'animate-image-bench-'));
  try {
    const path = join(dir, name);
    await writeFile(path, file);
    const { ours_ms, reference_ms } = await interleavedMedians(runs, {
      ours_ms: () => ours(path),
      reference_ms: () => reference(path),
    });
    return { ours_ms, reference_ms, ratio: ratioOf(ours_ms, reference_ms) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

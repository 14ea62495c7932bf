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

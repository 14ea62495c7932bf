import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HelperJob } from './helperJobs';
import { StalledHelperError } from './sharedWork';

/**
 * A second thread that takes a share of a large JPEG decode (see sharedWork.ts: the decoding thread waits only for
 * an item the helper has claimed).
 */
export interface JpegHelper {
  post(job: HelperJob): void;
  /** How long one claimed item may take before the helper is taken for stuck (default `STALL_MS`). */
  readonly stallMs?: number;
}

/** An idle helper thread is stopped after this long (it holds its own heap, ~10 MB). */
const IDLE_MS = 30_000;

let worker: Worker | undefined;
let unavailable = false;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * The helper thread, started on first use and kept while decodes keep coming; undefined on a one-core machine or
 * when it cannot be started (the decode then runs on this thread alone, as fast as before).
 */
export function jpegHelper(): JpegHelper | undefined {
  if (unavailable || typeof SharedArrayBuffer !== 'function' || availableParallelism() < 2) return undefined;
  if (!worker) {
    try {
      const started = startWorker();
      started.unref(); // never what keeps a CLI run alive
      started.on('error', () => {
        unavailable = true;
        if (worker === started) worker = undefined;
      });
      started.on('exit', () => {
        if (worker === started) worker = undefined;
      });
      worker = started;
    } catch {
      unavailable = true;
      return undefined;
    }
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopWorker, IDLE_MS).unref();
  const current = worker;
  return { post: (job) => current.postMessage(job) };
}

/**
 * Runs `work` with the helper thread when `wanted` (and there can be one), else alone. A helper that stalls is not
 * used again in this process, and `work` runs again alone: what it had done is incomplete, never wrong output.
 */
export function withJpegHelper<T>(wanted: boolean, work: (helper: JpegHelper | undefined) => T): T {
  const helper = wanted ? jpegHelper() : undefined;
  if (!helper) return work(undefined);
  try {
    return work(helper);
  } catch (error) {
    if (!(error instanceof StalledHelperError)) throw error;
    unavailable = true;
    stopWorker();
    return work(undefined);
  }
}

function stopWorker(): void {
  const stopping = worker;
  worker = undefined; // at once: the next decode must not be handed a thread on its way out
  void stopping?.terminate();
}

/**
 * The helper's entry is the bundle beside the engine or CLI bundle (dist/); running from source (tests, benchmarks),
 * it is the source file, which the worker can only load after registering the TypeScript loader this process uses.
 */
function startWorker(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'jpegHelper.js'));
  const entry = join(__dirname, 'helperThreadMain.ts');
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true });
}

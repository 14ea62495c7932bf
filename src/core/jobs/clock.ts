import { setTimeout as delay } from 'node:timers/promises';

/** Time as the runner sees it; tests and benchmarks pass a virtual one to simulate long jobs quickly. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

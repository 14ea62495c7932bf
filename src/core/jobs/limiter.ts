// Runs at most `limit` tasks at once; the rest wait in order. Pure, unit-tested.

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * `limit` is a number, or a function read each time a slot is taken or freed (the extension's
 * `animateImage.concurrency` setting): a lower limit lets running tasks finish and starts fewer; a higher one
 * starts waiting tasks as running ones end. A function's value is rounded down and kept at 1 or more.
 */
export function createLimiter(limit: number | (() => number)): Limiter {
  if (typeof limit === 'number' && (!Number.isInteger(limit) || limit < 1))
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const current = typeof limit === 'number' ? () => limit : () => Math.max(1, Math.floor(limit()) || 1);
  let active = 0;
  const waiting: Array<() => void> = [];
  const startWaiting = () => {
    while (waiting.length > 0 && active < current()) {
      active++;
      waiting.shift()?.();
    }
  };
  return async (task) => {
    if (active < current() && waiting.length === 0) active++;
    else {
      const turn = new Promise<void>((resolve) => waiting.push(resolve)); // a finishing task hands its slot over
      startWaiting(); // …or a raised limit has a free slot already
      await turn;
    }
    try {
      return await task();
    } finally {
      active--;
      startWaiting();
    }
  };
}

import { notStartedError } from './notStarted';
import { createLimiter } from './limiter';

/**
 * Runs `task` over `items` with at most `limit` running at once; one failure never stops the others. Once `signal`
 * is aborted, items whose turn had not come yet are not started: they reject with a `not-started` error.
 */
export function runBatch<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<PromiseSettledResult<R>[]> {
  const limited = createLimiter(Math.max(1, limit));
  return Promise.allSettled(
    items.map((item, index) =>
      limited(async () => {
        if (signal?.aborted) throw notStartedError();
        return task(item, index);
      }),
    ),
  );
}

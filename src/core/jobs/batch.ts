import { createLimiter } from './limiter';

/** Runs `task` over `items` with at most `limit` running at once; one failure never stops the others. */
export function runBatch<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const limited = createLimiter(Math.max(1, limit));
  return Promise.allSettled(items.map((item, index) => limited(() => task(item, index))));
}

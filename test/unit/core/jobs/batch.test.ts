import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { runBatch } from '../../../../src/core/jobs/batch';

describe('runBatch', () => {
  it('never exceeds the concurrency limit and keeps results in input order', async () => {
    let running = 0;
    let peak = 0;
    const durations = [30, 5, 20, 1, 15, 2, 8];
    const finished: number[] = [];
    const results = await runBatch(durations, 3, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await delay(ms);
      running--;
      finished.push(index);
      return ms * 2;
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : -1)),
      durations.map((d) => d * 2),
    );
    assert.notDeepEqual(finished, [0, 1, 2, 3, 4, 5, 6], 'short jobs finish before long ones');
  });

  it('isolates failures: the others still run', async () => {
    const results = await runBatch([1, 2, 3, 4], 2, async (n) => {
      if (n === 2) throw new Error('boom');
      return n;
    });
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
  });

  it('handles an empty batch', async () => {
    assert.deepEqual(await runBatch([], 3, async () => 1), []);
  });
});

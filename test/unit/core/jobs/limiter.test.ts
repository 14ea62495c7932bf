import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLimiter } from '../../../../src/core/jobs/limiter';

describe('limiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 + (i % 3) * 3));
      running--;
      done.push(i);
      return i;
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => limit(task(i))));
    assert.deepEqual(results, [...Array(10).keys()]);
    assert.equal(peak, 3);
    assert.equal(done.length, 10);
  });

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1);
    await assert.rejects(
      limit(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limit(async () => 'next'), 'next');
  });

  it('keeps the limit when a new task arrives while a slot is handed over', async () => {
    const limit = createLimiter(1);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
    };
    const first = limit(task);
    const second = limit(task);
    await first;
    const third = limit(task); // arrives right when the slot passes from first to second
    await Promise.all([second, third]);
    assert.equal(peak, 1);
  });

  it('refuses a bad limit', () => {
    assert.throws(() => createLimiter(0), RangeError);
  });
});

describe('limiter with a changing limit (the animateImage.concurrency setting)', () => {
  it('reads the limit as slots are taken and freed', async () => {
    let limitNow = 2;
    const limit = createLimiter(() => limitNow);
    let running = 0;
    const peaks: number[] = [];
    const gates: Array<() => void> = [];
    const task = () =>
      limit(async () => {
        running++;
        peaks.push(running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
      });
    const all = Array.from({ length: 6 }, task);
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 2, 'two start with a limit of 2');
    limitNow = 4;
    gates.shift()?.(); // one ends: the raised limit lets three more start
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 4);
    limitNow = 1;
    for (let i = 0; i < 3; i++) gates.shift()?.();
    await new Promise((r) => setImmediate(r));
    assert.equal(running, 1, 'a lowered limit starts no more until running ones end');
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    assert.equal(Math.max(...peaks), 4);
    assert.equal(peaks.length, 6, 'every task ran');
  });

  it('never goes below one slot', async () => {
    const limit = createLimiter(() => 0);
    assert.equal(await limit(async () => 'ran'), 'ran');
  });
});

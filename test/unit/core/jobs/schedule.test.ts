import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, nextPollDelay } from '../../../../src/core/jobs/schedule';

describe('poll schedule', () => {
  it('starts quick and settles at 20 s', () => {
    assert.equal(nextPollDelay(0), 2_000);
    assert.equal(nextPollDelay(30_000), 10_000);
    assert.equal(nextPollDelay(10 * 60_000), 20_000);
  });

  it('a fixed interval wins but never undercuts a server hint; hints are clamped', () => {
    assert.equal(nextPollDelay(0, { fixedMs: 5_000, hintMs: 100 }), 5_000);
    assert.equal(nextPollDelay(0, { fixedMs: 1_000, hintMs: 6_000 }), 6_000, 'never faster than the provider allows');
    assert.equal(nextPollDelay(0, { hintMs: 3_000 }), 3_000);
    assert.equal(nextPollDelay(0, { hintMs: 1 }), 500);
    assert.equal(nextPollDelay(0, { hintMs: 10 * 60_000 }), 60_000);
  });

  it('a 10-minute job costs at most 40 status requests and is noticed within 30 s', () => {
    let elapsed = 0;
    let requests = 0;
    const jobEndsAt = 10 * 60_000;
    while (elapsed < jobEndsAt) {
      requests++;
      elapsed += nextPollDelay(elapsed);
    }
    requests++;
    assert.ok(requests <= 40, `${requests} requests`);
    assert.ok(elapsed - jobEndsAt <= 30_000, `noticed ${elapsed - jobEndsAt} ms late`);
  });

  it('backoff honours Retry-After and otherwise grows with jitter up to a minute', () => {
    assert.equal(backoffDelay(0, 1_500), 1_500);
    assert.equal(backoffDelay(3, 0), 0);
    assert.equal(
      backoffDelay(0, undefined, () => 0.5),
      1_000,
    );
    assert.equal(
      backoffDelay(2, undefined, () => 0),
      3_000,
    );
    assert.equal(
      backoffDelay(2, undefined, () => 1),
      5_000,
    );
    assert.equal(
      backoffDelay(20, undefined, () => 0.5),
      60_000,
    );
  });
});

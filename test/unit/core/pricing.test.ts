import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateCost, formatCost } from '../../../src/core/pricing';

describe('cost estimate', () => {
  it('prices per second by provider, model and size', () => {
    assert.deepEqual(estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 8 }), {
      usd: 0.8,
      usdPerSecond: 0.1,
    });
    assert.equal(
      estimateCost({ provider: 'openai-videos', model: 'sora-2-pro', size: '1280x720', seconds: 4 })?.usd,
      1.2,
    );
    // The price of the large Sora 2 Pro sizes is unconfirmed: no estimate rather than a guess.
    assert.equal(
      estimateCost({ provider: 'openai-videos', model: 'sora-2-pro', size: '1792x1024', seconds: 12 }),
      undefined,
    );
    assert.equal(estimateCost({ provider: 'local', model: 'camera-move', size: '1280x720', seconds: 10 })?.usd, 0);
    assert.equal(
      estimateCost({ provider: 'dashscope', model: 'wan2.2-i2v-plus', size: '1920x1080', seconds: 5 }),
      undefined,
    );
  });

  it('user overrides win over the table', () => {
    const overrides = [{ provider: 'openai-videos', model: 'sora-2', usdPerSecond: 0.12 }];
    assert.equal(
      estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 10 }, overrides)?.usd,
      1.2,
    );
  });

  it('formats single jobs, batches and free renders', () => {
    const estimate = estimateCost({ provider: 'openai-videos', model: 'sora-2', size: '1280x720', seconds: 8 });
    assert.equal(formatCost(estimate), '≈ $0.80');
    assert.equal(formatCost(estimate, 10, { seconds: 8, model: 'sora-2' }), '10 × 8 s × sora-2 ≈ $8.00');
    assert.equal(formatCost({ usd: 0, usdPerSecond: 0 }), 'free');
    assert.equal(formatCost(undefined), 'no price known');
  });
});

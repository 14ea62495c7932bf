import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFree, priceTable } from '../../../../src/extension/cost/priceTable';

describe('pricing hook', () => {
  it('treats only a zero price as free (an unknown price is not free)', () => {
    const job = { size: '1280x720', seconds: 4 };
    assert.equal(isFree({ ...job, provider: 'local', model: 'anything' }), true);
    assert.equal(isFree({ ...job, provider: 'openai-videos', model: 'sora-2' }), false);
    assert.equal(isFree({ ...job, provider: 'dashscope', model: 'wan2.6-i2v' }), false);
  });

  it('sends the whole core table to the form', () => {
    assert.ok(priceTable().length > 1);
    assert.ok(priceTable().every((p) => p.usdPerSecond >= 0));
  });
});

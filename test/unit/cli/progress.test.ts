import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEvent } from '../../../src/cli/progress';

describe('CLI progress lines', () => {
  it('names the submit stage, so a rate limit at submit is not shown under "preparing image"', () => {
    assert.equal(describeEvent({ type: 'preparing' }), 'preparing image');
    assert.equal(describeEvent({ type: 'submitting', attempt: 1 }), 'submitting');
    assert.equal(describeEvent({ type: 'submitting', attempt: 2 }), 'submitting (attempt 2)');
  });
});

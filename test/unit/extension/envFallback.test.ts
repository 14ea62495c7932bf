import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEnvFallback, envFallbackState } from '../../../src/extension/envFallback';

describe('Set API key: the environment fallback', () => {
  it('says for each variable whether it is set (blank counts as not set), never its value', () => {
    const states = envFallbackState(['OPENAI_API_KEY', 'SORA_KEY', 'EMPTY_KEY'], { OPENAI_API_KEY: 'e2e-value-not-shown', EMPTY_KEY: '  ' });
    assert.deepEqual(states, [
      { name: 'OPENAI_API_KEY', set: true },
      { name: 'SORA_KEY', set: false },
      { name: 'EMPTY_KEY', set: false },
    ]);
    const text = describeEnvFallback(states, { set: '{0} (set)', notSet: '{0} (not set)' });
    assert.equal(text, 'OPENAI_API_KEY (set), SORA_KEY (not set), EMPTY_KEY (not set)');
    assert.doesNotMatch(text, /e2e-value-not-shown/);
  });
});

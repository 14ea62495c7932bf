import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatElapsed } from '../../../src/core/types';

describe('formatElapsed', () => {
  it('formats a job age as m:ss, and as h:mm:ss past one hour', () => {
    assert.equal(formatElapsed(0), '0:00');
    assert.equal(formatElapsed(999), '0:00');
    assert.equal(formatElapsed(72_000), '1:12');
    assert.equal(formatElapsed(725_000), '12:05');
    assert.equal(formatElapsed(3_599_000), '59:59');
    assert.equal(formatElapsed(3_600_000), '1:00:00');
    assert.equal(formatElapsed(3_723_000), '1:02:03');
    assert.equal(formatElapsed(26 * 3_600_000 + 5_000), '26:00:05');
    assert.equal(formatElapsed(-5_000), '0:00');
  });
});

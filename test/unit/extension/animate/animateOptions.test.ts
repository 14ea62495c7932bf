import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnimateOptions } from '../../../../src/extension/animate/animateOptions';

describe('animate command options', () => {
  it('accepts the documented test options', () => {
    const parsed = parseAnimateOptions({
      prompt: 'slow zoom in',
      provider: 'local',
      seconds: 2,
      size: '854x480',
      skipForm: true,
    });
    assert.deepEqual(parsed, {
      ok: true,
      options: { prompt: 'slow zoom in', provider: 'local', seconds: 2, size: '854x480', skipForm: true },
    });
    assert.deepEqual(parseAnimateOptions(undefined), { ok: true, options: {} });
  });

  it('rejects unknown fields (there is no output path) and bad values, naming the field', () => {
    const output = parseAnimateOptions({ output: '/tmp/x.mp4' });
    assert.equal(output.ok, false);
    const seconds = parseAnimateOptions({ seconds: 'two' });
    assert.ok(!seconds.ok && seconds.message.startsWith('seconds'));
    assert.equal(parseAnimateOptions({ size: '854 by 480' }).ok, false);
    assert.equal(parseAnimateOptions('skipForm').ok, false);
  });
});

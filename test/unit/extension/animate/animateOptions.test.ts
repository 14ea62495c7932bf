import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnimateOptions } from '../../../../src/extension/animate/animateOptions';
import { MOTIONS } from '../../../../src/shared/motion';
import { fpsValues } from '../../../../src/shared/protocol';

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

  it('takes the local camera options and "also save as", with the form’s values', () => {
    const parsed = parseAnimateOptions({
      provider: 'local',
      motion: 'orbit',
      fps: 60,
      loop: true,
      also: ['gif', 'webp'],
      skipForm: true,
    });
    assert.deepEqual(parsed, {
      ok: true,
      options: { provider: 'local', motion: 'orbit', fps: 60, loop: true, also: ['gif', 'webp'], skipForm: true },
    });
    for (const motion of MOTIONS) assert.ok(parseAnimateOptions({ motion }).ok, motion);
    for (const fps of fpsValues) assert.ok(parseAnimateOptions({ fps }).ok, String(fps));
  });

  it('refuses a bad camera or also value with the field and the values it takes', () => {
    const message = (raw: unknown): string => {
      const parsed = parseAnimateOptions(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      return parsed.ok ? '' : parsed.message;
    };
    assert.match(message({ fps: 25 }), /^fps: .*24.*30.*60/);
    assert.match(message({ fps: '30' }), /^fps: .*24.*30.*60/);
    assert.match(message({ motion: 'spin' }), /^motion: .*zoom-in.*orbit/);
    assert.match(message({ also: ['mp4'] }), /^also\.0: .*gif.*webp/);
    assert.match(message({ also: 'gif' }), /^also: .*array/);
    assert.match(message({ loop: 'yes' }), /^loop: .*boolean/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../src/core/errors';
import { resolveRequest } from '../../../src/core/request';
import { scriptedInfo } from '../../helpers/scriptedProvider';

const badInput = (pattern: RegExp) => (error: unknown) =>
  error instanceof AnimateError && error.kind === 'bad-input' && pattern.test(error.message);

describe('resolveRequest', () => {
  it('fills defaults from the model and makes paths absolute', () => {
    const resolved = resolveRequest({ image: 'cat.png', prompt: '  zoom in  ' }, scriptedInfo, '/work');
    assert.deepEqual(resolved, {
      image: '/work/cat.png',
      prompt: 'zoom in',
      provider: 'scripted',
      model: 'm1',
      size: { width: 64, height: 48 },
      seconds: 4,
      fit: 'crop',
    });
  });

  it('refuses what the model cannot do, listing what it can', () => {
    assert.throws(() => resolveRequest({ image: 'a.png', size: '1920x1080' }, scriptedInfo), badInput(/Sizes: 64x48/));
    assert.throws(() => resolveRequest({ image: 'a.png', seconds: 9 }, scriptedInfo), badInput(/Durations: 4 s/));
    assert.throws(
      () => resolveRequest({ image: 'a.png', model: 'nope' }, scriptedInfo),
      badInput(/no model "nope".*m1/),
    );
    assert.throws(
      () => resolveRequest({ image: 'a.png', prompt: 'x'.repeat(101) }, scriptedInfo),
      badInput(/101 characters.*at most 100/),
    );
    assert.throws(
      () => resolveRequest({ image: 'a.png', lastFrame: 'b.png' }, scriptedInfo),
      badInput(/between two images/),
    );
    assert.throws(() => resolveRequest({ image: 'a.png', size: 'big' }, scriptedInfo), badInput(/size must look like/));
    assert.throws(() => resolveRequest({ image: '' }, scriptedInfo), badInput(/image path is required/));
  });

  it('accepts any Azure deployment name with the first model as template', () => {
    const azure = { ...scriptedInfo, id: 'azure-openai', anyModelId: true };
    assert.equal(resolveRequest({ image: 'a.png', model: 'my-sora' }, azure).model, 'my-sora');
  });
});

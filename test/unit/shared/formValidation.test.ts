import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { needsPrompt, promptProblem } from '../../../src/shared/formValidation';
import type { ModelView, ProviderView } from '../../../src/shared/protocol';

const words = {
  promptNeeded: '{0} needs a prompt: describe the motion.',
  promptTooLong: 'Prompt too long for {0}: {1} of {2} characters.',
};
const local: ModelView = {
  id: 'camera-move',
  label: 'Local camera move',
  sizes: ['1280x720'],
  seconds: [4],
  maxPromptLength: 2000,
};
const sora: ModelView = { id: 'sora-2', label: 'Sora 2', sizes: ['1280x720'], seconds: [4], maxPromptLength: 4000 };
const localProvider: ProviderView = { id: 'local', label: 'Local', needsKey: false, hasKey: false, models: [local] };
const openai: ProviderView = {
  id: 'openai-videos',
  label: 'OpenAI Videos',
  needsKey: true,
  hasKey: true,
  models: [sora],
  needsPrompt: true,
};

describe('form validation against the chosen provider and model', () => {
  it('asks for a prompt in words when the provider needs one, not when it does not', () => {
    assert.equal(
      promptProblem({ prompt: '  ' }, openai, sora, words),
      'OpenAI Videos needs a prompt: describe the motion.',
    );
    assert.equal(promptProblem({ prompt: '' }, localProvider, local, words), undefined);
    assert.equal(needsPrompt('openai-videos'), true);
    assert.equal(needsPrompt('local'), false);
  });

  it('names the model, the length and the limit of a too-long prompt', () => {
    const prompt = 'x'.repeat(3000);
    assert.equal(promptProblem({ prompt }, openai, sora, words), undefined);
    // The same prompt after switching to a stricter model.
    assert.equal(
      promptProblem({ prompt }, localProvider, local, words),
      'Prompt too long for Local camera move: 3000 of 2000 characters.',
    );
    assert.equal(promptProblem({ prompt: 'x'.repeat(2000) }, localProvider, local, words), undefined);
  });
});

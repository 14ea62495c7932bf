import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEnvFallback, envFallbackState, keyFromEnv } from '../../../../src/extension/keys/envFallback';
import {
  joinKeyParts,
  keyPartProblem,
  keyParts,
  keyProviders,
  keySource,
} from '../../../../src/extension/keys/keySources';

describe('Set API key: the environment fallback', () => {
  it('says for each variable whether it is set (blank counts as not set), never its value', () => {
    const states = envFallbackState(['OPENAI_API_KEY', 'SORA_KEY', 'EMPTY_KEY'], {
      OPENAI_API_KEY: 'e2e-value-not-shown',
      EMPTY_KEY: '  ',
    });
    assert.deepEqual(states, [
      { name: 'OPENAI_API_KEY', set: true },
      { name: 'SORA_KEY', set: false },
      { name: 'EMPTY_KEY', set: false },
    ]);
    const text = describeEnvFallback(states, { set: '{0} (set)', notSet: '{0} (not set)' });
    assert.equal(text, 'OPENAI_API_KEY (set), SORA_KEY (not set), EMPTY_KEY (not set)');
    assert.doesNotMatch(text, /e2e-value-not-shown/);
  });

  it('takes the first variable that is set for a one-part key', () => {
    const names = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'];
    assert.deepEqual(keyFromEnv('veo', names, { GEMINI_API_KEY: ' ', GOOGLE_API_KEY: ' g-key ' }), {
      key: 'g-key',
      from: ['GOOGLE_API_KEY'],
    });
    assert.deepEqual(keyFromEnv('veo', names, { GEMINI_API_KEY: 'a', GOOGLE_API_KEY: 'b' }), {
      key: 'a',
      from: ['GEMINI_API_KEY'],
    });
    assert.equal(keyFromEnv('veo', names, {}), undefined);
  });

  it("joins Kling's access key and secret key, as the provider expects them, and never sends one alone", () => {
    const names = ['KLING_ACCESS_KEY', 'KLING_SECRET_KEY'];
    assert.deepEqual(keyFromEnv('kling', names, { KLING_ACCESS_KEY: ' ak-1 ', KLING_SECRET_KEY: 'sk-2' }), {
      key: 'ak-1:sk-2',
      from: names,
    });
    // Only one of the two: no key (the access key alone would be rejected, or worse, sent as the whole secret), and
    // the one to add is named.
    assert.deepEqual(keyFromEnv('kling', names, { KLING_ACCESS_KEY: 'ak-1' }), { missing: ['KLING_SECRET_KEY'] });
    assert.deepEqual(keyFromEnv('kling', names, { KLING_SECRET_KEY: 'sk-2', KLING_ACCESS_KEY: '  ' }), {
      missing: ['KLING_ACCESS_KEY'],
    });
    assert.equal(keyFromEnv('kling', names, {}), undefined);
  });
});

describe('Set API key: where keys come from', () => {
  it('tells where to get the key for every provider that needs one, the new ones included', () => {
    const needing = keyProviders();
    for (const id of [
      'fal',
      'openrouter',
      'kling',
      'minimax',
      'ark',
      'runway',
      'veo',
      'dashscope',
      'azure-openai',
      'openai-videos',
    ]) {
      assert.ok(
        needing.some((info) => info.id === id),
        `${id} should be offered by Set API key`,
      );
    }
    for (const info of needing) {
      const source = keySource(info.id);
      assert.ok(source, `no key source for ${info.id}`);
      if ('url' in source) assert.match(source.url, /^https:\/\/[a-z0-9.-]+\//, info.id);
    }
    assert.deepEqual(keySource('openai-videos'), { setting: 'animateImage.openaiVideos.baseUrl' });
    assert.ok(
      !needing.some((info) => ['local', 'comfyui', 'aog'].includes(info.id)),
      'providers without a key are not offered',
    );
  });

  it('asks Kling for its access key and then its secret key, and stores them joined', () => {
    const parts = keyParts('kling');
    assert.deepEqual(
      parts?.map((p) => [p.id, p.env]),
      [
        ['access', 'KLING_ACCESS_KEY'],
        ['secret', 'KLING_SECRET_KEY'],
      ],
    );
    assert.equal(keyParts('fal'), undefined);
    assert.equal(joinKeyParts('kling', ['ak', 'sk']), 'ak:sk');
    const [access, secret] = parts ?? [];
    assert.ok(access && secret);
    assert.equal(keyPartProblem('kling', access, '  '), 'empty');
    // The separator in the access key would split the stored secret in the wrong place.
    assert.equal(keyPartProblem('kling', access, 'ak:x'), 'separator');
    assert.equal(keyPartProblem('kling', secret, 'sk:with:colons'), undefined);
    assert.equal(keyPartProblem('kling', access, 'ak'), undefined);
  });
});

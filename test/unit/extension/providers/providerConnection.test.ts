import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionFor, endpointOf } from '../../../../src/extension/providers/providerConnection';
import { defaultSettings } from '../../../../src/extension/settings/settingsSchema';

describe('provider connection from settings', () => {
  const settings = defaultSettings(['local', 'openai-videos', 'azure-openai']);

  it('passes the encoder to local and the base URL to OpenAI when set', () => {
    assert.deepEqual(connectionFor({ ...settings, localEncoder: 'wasm' }, 'local'), {
      ok: true,
      connection: { options: { encoder: 'wasm' } },
    });
    assert.deepEqual(connectionFor({ ...settings, openaiVideosBaseUrl: 'http://127.0.0.1:9/v1' }, 'openai-videos'), {
      ok: true,
      connection: { baseUrl: 'http://127.0.0.1:9/v1' },
    });
  });

  it('refuses OpenAI Videos without a base URL instead of sending to api.openai.com, naming the setting', () => {
    const missing = connectionFor(settings, 'openai-videos');
    assert.ok(!missing.ok, 'an empty base URL must not fall back to the default host');
    assert.equal(missing.setting, 'animateImage.openaiVideos.baseUrl');
    assert.match(missing.message, /set animateImage\.openaiVideos\.baseUrl/);
    assert.doesNotMatch(missing.message, /api\.openai\.com/);
  });

  it('names the address a job goes to: the base URL, else the provider default, none for local', () => {
    assert.equal(
      endpointOf({ baseUrl: 'http://127.0.0.1:9/v1' }, 'https://api.example.com/v1'),
      'http://127.0.0.1:9/v1',
    );
    assert.equal(endpointOf({}, 'https://api.example.com/v1'), 'https://api.example.com/v1');
    assert.equal(endpointOf({ options: {} }, undefined), undefined);
  });

  it('keeps a set OpenAI base URL', () => {
    assert.deepEqual(connectionFor({ ...settings, openaiVideosBaseUrl: 'http://127.0.0.1:9/v1' }, 'openai-videos'), {
      ok: true,
      connection: { baseUrl: 'http://127.0.0.1:9/v1' },
    });
  });

  it('needs the Azure endpoint and names the setting', () => {
    const missing = connectionFor(settings, 'azure-openai');
    assert.ok(!missing.ok && missing.setting === 'animateImage.azureOpenai.endpoint');
    assert.deepEqual(
      connectionFor({ ...settings, azureOpenaiEndpoint: 'https://res.openai.azure.com/' }, 'azure-openai'),
      {
        ok: true,
        connection: { baseUrl: 'https://res.openai.azure.com/openai/v1/' },
      },
    );
    assert.deepEqual(
      connectionFor({ ...settings, azureOpenaiEndpoint: 'https://res.openai.azure.com' }, 'azure-sora-jobs'),
      {
        ok: true,
        connection: { baseUrl: 'https://res.openai.azure.com' },
      },
    );
    assert.equal(connectionFor(settings, 'azure-sora-jobs').ok, false);
  });
});

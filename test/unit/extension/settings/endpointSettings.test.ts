import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { providerIds } from '../../../../src/core/providers/registry';
import { withEndpointSettings } from '../../../../src/extension/settings/endpointSettings';
import { connectionFor } from '../../../../src/extension/providers/providerConnection';
import { parseSettings } from '../../../../src/extension/settings/settingsSchema';

const settingsOf = (raw: Record<string, unknown>) => parseSettings((key) => raw[key], providerIds).settings;
const connection = (raw: Record<string, unknown>, id: string, folder?: string) => {
  const settings = settingsOf(raw);
  return withEndpointSettings(settings, id, connectionFor(settings, id), folder);
};

describe('endpoint settings', () => {
  it('send each listed provider to its animateImage.baseUrls address, the others to their default', () => {
    const raw = { baseUrls: { fal: 'http://127.0.0.1:9001', ark: 'https://ark.cn-beijing.volces.com' } };
    assert.deepEqual(connection(raw, 'fal'), { ok: true, connection: { baseUrl: 'http://127.0.0.1:9001' } });
    assert.deepEqual(connection(raw, 'ark'), {
      ok: true,
      connection: { baseUrl: 'https://ark.cn-beijing.volces.com' },
    });
    assert.deepEqual(connection(raw, 'runway'), { ok: true, connection: {} });
  });

  it('keep the older settings of OpenAI-compatible servers and Azure working, and their refusal when unset', () => {
    assert.deepEqual(connection({ 'openaiVideos.baseUrl': 'http://127.0.0.1:8000/v1' }, 'openai-videos'), {
      ok: true,
      connection: { baseUrl: 'http://127.0.0.1:8000/v1' },
    });
    const refused = connection({}, 'azure-openai');
    assert.equal(refused.ok, false);
  });

  it('pass the ComfyUI workflow file as the provider option, a relative path from the workspace folder', () => {
    const folder = join('/home', 'me', 'project');
    assert.deepEqual(
      connection(
        { 'comfyui.workflow': 'flows/wan.json', baseUrls: { comfyui: 'http://10.0.0.5:8188' } },
        'comfyui',
        folder,
      ),
      {
        ok: true,
        connection: { baseUrl: 'http://10.0.0.5:8188', options: { workflow: join(folder, 'flows/wan.json') } },
      },
    );
    assert.deepEqual(connection({ 'comfyui.workflow': '/srv/flow.json' }, 'comfyui', folder), {
      ok: true,
      connection: { options: { workflow: '/srv/flow.json' } },
    });
    assert.deepEqual(connection({ 'comfyui.workflow': '/srv/flow.json' }, 'fal', folder), { ok: true, connection: {} });
  });
});

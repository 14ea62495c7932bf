import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { customModelProviders } from '../../../../src/core/providers/catalog';
import { providerIds } from '../../../../src/core/providers/registry';
import {
  baseUrlProviders,
  defaultSettings,
  parseSettings,
  settingKeys,
} from '../../../../src/extension/settings/settingsSchema';
import { MOTIONS } from '../../../../src/shared/motion';
import { alsoFormatValues, fitModeValues, fpsValues, presetSchema } from '../../../../src/shared/protocol';

const ids = ['local', 'openai-videos', 'azure-openai'];
const from = (values: Record<string, unknown>) => (key: string) => values[key];
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; enum?: unknown[]; scope?: string; format?: string }> =
  manifest.contributes.configuration.properties;

describe('settings', () => {
  it('gives the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings(() => undefined, ids);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      defaultProvider: 'local',
      defaultModel: '',
      presets: [],
      openaiVideosBaseUrl: '',
      azureOpenaiEndpoint: '',
      localEncoder: 'auto',
      maxWaitMinutes: 30,
      pollIntervalSeconds: 0,
      concurrency: 3,
      confirmCostAboveUsd: 1,
      agentBudgetUsd: 0,
      provenance: 'beside',
      customModels: [],
      baseUrls: {},
      comfyuiWorkflow: '',
    });
  });

  it('reads valid values', () => {
    const { settings, problems } = parseSettings(
      from({
        defaultProvider: 'azure-openai',
        defaultModel: 'my-sora',
        'azureOpenai.endpoint': 'https://res.openai.azure.com',
        'openaiVideos.baseUrl': 'http://127.0.0.1:8080/v1',
        'local.encoder': 'wasm',
        maxWaitMinutes: 5,
        pollIntervalSeconds: 2.5,
        presets: [{ name: 'Calm', prompt: 'gentle wind', seconds: 4, fit: 'pad' }],
      }),
      ids,
    );
    assert.deepEqual(problems, []);
    assert.equal(settings.defaultProvider, 'azure-openai');
    assert.equal(settings.azureOpenaiEndpoint, 'https://res.openai.azure.com');
    assert.equal(settings.pollIntervalSeconds, 2.5);
    assert.deepEqual(settings.presets, [{ name: 'Calm', prompt: 'gentle wind', seconds: 4, fit: 'pad' }]);
  });

  it('names each bad setting and falls back to its default', () => {
    const { settings, problems } = parseSettings(
      from({
        defaultProvider: 'sora-the-best',
        maxWaitMinutes: -3,
        pollIntervalSeconds: 'fast',
        'local.encoder': 'gpu',
        'openaiVideos.baseUrl': 'ftp://example',
        'azureOpenai.endpoint': 'not a url',
        concurrency: 9,
        confirmCostAboveUsd: -1,
      }),
      ids,
    );
    const named = problems.map((p) => p.setting).sort();
    assert.deepEqual(named, [
      'animateImage.azureOpenai.endpoint',
      'animateImage.concurrency',
      'animateImage.confirmCostAboveUsd',
      'animateImage.defaultProvider',
      'animateImage.local.encoder',
      'animateImage.maxWaitMinutes',
      'animateImage.openaiVideos.baseUrl',
      'animateImage.pollIntervalSeconds',
    ]);
    assert.match(
      problems.find((p) => p.setting === 'animateImage.defaultProvider')?.message ?? '',
      /local, openai-videos, azure-openai/,
    );
    assert.deepEqual(settings, defaultSettings(ids));
  });

  it('drops only the bad presets, naming index and name', () => {
    const { settings, problems } = parseSettings(
      from({
        presets: [
          { name: 'Good', size: '1280x720' },
          { name: 'Typo', sise: '1280x720' },
          { name: 'Bad size', size: 'big' },
          { prompt: 'no name' },
          { name: 'Good', prompt: 'duplicate name: first wins' },
        ],
      }),
      ids,
    );
    assert.deepEqual(settings.presets, [{ name: 'Good', size: '1280x720' }]);
    assert.deepEqual(
      problems.map((p) => p.setting),
      ['animateImage.presets[1] ("Typo")', 'animateImage.presets[2] ("Bad size")', 'animateImage.presets[3]'],
    );
    assert.match(problems[0]?.message ?? '', /sise/);
  });

  it('reads the camera options and "also save as" of a preset, and drops one with a bad value, naming the values', () => {
    const { settings, problems } = parseSettings(
      from({
        presets: [
          { name: 'Orbit loop', provider: 'local', motion: 'orbit', fps: 60, loop: true, also: ['gif'] },
          { name: 'PAL', fps: 25 },
          { name: 'Spin', motion: 'spin' },
          { name: 'As MOV', also: ['mov'] },
        ],
      }),
      ids,
    );
    assert.deepEqual(settings.presets, [
      { name: 'Orbit loop', provider: 'local', motion: 'orbit', fps: 60, loop: true, also: ['gif'] },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.setting, p.message]),
      [
        ['animateImage.presets[1] ("PAL")', 'fps: Invalid option: expected one of 24|30|60'],
        [
          'animateImage.presets[2] ("Spin")',
          `motion: Invalid option: expected one of ${MOTIONS.map((m) => `"${m}"`).join('|')}`,
        ],
        ['animateImage.presets[3] ("As MOV")', 'also.0: Invalid option: expected one of "gif"|"webp"'],
      ],
    );
  });

  it('declares in package.json exactly the preset fields the zod schema reads, with the same values', () => {
    const preset = (
      properties['animateImage.presets'] as unknown as {
        items: { properties: Record<string, { enum?: unknown[]; items?: { enum?: unknown[] }; type: string }> };
      }
    ).items.properties;
    assert.deepEqual(Object.keys(preset).sort(), Object.keys(presetSchema.shape).sort());
    assert.deepEqual(preset.fit?.enum, [...fitModeValues]);
    assert.deepEqual(preset.motion?.enum, [...MOTIONS]);
    assert.deepEqual(preset.fps?.enum, [...fpsValues]);
    assert.equal(preset.loop?.type, 'boolean');
    assert.deepEqual(preset.also?.items?.enum, [...alsoFormatValues]);
  });

  it('rejects a presets value that is not a list', () => {
    const { settings, problems } = parseSettings(from({ presets: { name: 'x' } }), ids);
    assert.deepEqual(settings.presets, []);
    assert.equal(problems[0]?.setting, 'animateImage.presets');
  });
});

describe('custom models, base URLs and the ComfyUI workflow', () => {
  const model = { provider: 'fal', id: 'fal-ai/acme/i2v', sizes: ['1280x720'], seconds: [5] };

  it('reads custom models and drops only a bad entry, naming its index and id', () => {
    const { settings, problems } = parseSettings(
      from({
        customModels: [
          model,
          { provider: 'fal', id: 'fal-ai/broken', sizes: ['wide'], seconds: [5] },
          { provider: 'kling', id: 'kling-v9', sizes: ['1280x720'], seconds: [5] },
          { ...model, label: 'twice' },
          { ...model, id: 'fal-ai/other', colour: 'red' },
        ],
      }),
      ids,
    );
    assert.deepEqual(settings.customModels, [model]);
    assert.deepEqual(
      problems.map((p) => p.setting),
      [
        'animateImage.customModels[1] ("fal-ai/broken")',
        'animateImage.customModels[2] ("kling-v9")',
        'animateImage.customModels[3] ("fal-ai/acme/i2v")',
        'animateImage.customModels[4] ("fal-ai/other")',
      ],
    );
    assert.match(problems[0]?.message ?? '', /sizes\.0: a size looks like 1280x720/);
    assert.match(problems[1]?.message ?? '', /provider/);
    assert.match(problems[2]?.message ?? '', /listed twice/);
    assert.match(problems[3]?.message ?? '', /colour/);
    assert.equal(
      parseSettings(from({ customModels: { fal: model } }), ids).problems[0]?.message,
      'must be a list of models',
    );
  });

  it('reads base URLs per provider; a bad one (not http, a key in it, an unknown provider) falls back alone', () => {
    const { settings, problems } = parseSettings(
      from({
        baseUrls: {
          comfyui: ' http://192.168.1.20:8188 ',
          fal: 'https://user:pw@queue.fal.run',
          runway: 'https://api.dev.runwayml.com/?api_key=abc',
          kling: 'ftp://kling',
          'openai-videos': 'https://gateway.example.com/v1',
          ark: 'https://ark.cn-beijing.volces.com',
        },
      }),
      ids,
    );
    assert.deepEqual(settings.baseUrls, {
      comfyui: 'http://192.168.1.20:8188',
      ark: 'https://ark.cn-beijing.volces.com',
    });
    const byKey = Object.fromEntries(problems.map((p) => [p.setting, p.message]));
    assert.match(byKey['animateImage.baseUrls.fal'] ?? '', /must not contain a user name or password/);
    assert.match(
      byKey['animateImage.baseUrls.runway'] ?? '',
      /must not contain a credential in its query \("api_key=…"\)/,
    );
    assert.doesNotMatch(JSON.stringify(problems), /abc|pw@/, 'a problem never repeats the credential');
    assert.match(byKey['animateImage.baseUrls.kling'] ?? '', /http\(s\) URL/);
    assert.match(byKey['animateImage.baseUrls.openai-videos'] ?? '', /openaiVideos|one of: fal/);
    assert.equal(parseSettings(from({ baseUrls: 'http://x' }), ids).problems[0]?.setting, 'animateImage.baseUrls');
  });

  it('reads the ComfyUI workflow path', () => {
    assert.equal(
      parseSettings(from({ 'comfyui.workflow': ' flows/wan.json ' }), ids).settings.comfyuiWorkflow,
      'flows/wan.json',
    );
  });
});

describe('settings in package.json', () => {
  it('declares the custom model entry and the base URL providers as the code checks them, restricted in untrusted workspaces', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    for (const key of ['animateImage.baseUrls', 'animateImage.comfyui.workflow', 'animateImage.customModels']) {
      assert.ok(trust.restrictedConfigurations.includes(key), key);
    }
    for (const key of ['animateImage.baseUrls', 'animateImage.comfyui.workflow'])
      assert.equal(properties[key]?.scope, 'window', key);
    const urls = properties['animateImage.baseUrls'] as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(urls.properties), [...baseUrlProviders]);
    const custom = properties['animateImage.customModels'] as {
      items: { properties: { provider: { enum: string[] }; extras: { items: { enum: string[] } } } };
    };
    assert.deepEqual(custom.items.properties.provider.enum, [...customModelProviders]);
    assert.deepEqual(custom.items.properties.extras.items.enum, ['negativePrompt', 'seed', 'audio', 'enhancePrompt']);
  });

  it('declares exactly the settings the extension reads, with the same defaults', () => {
    assert.deepEqual(Object.keys(properties).sort(), settingKeys.map((k) => `animateImage.${k}`).sort());
    const defaults = defaultSettings(ids);
    assert.equal(properties['animateImage.defaultProvider']?.default, defaults.defaultProvider);
    assert.equal(properties['animateImage.maxWaitMinutes']?.default, defaults.maxWaitMinutes);
    assert.equal(properties['animateImage.pollIntervalSeconds']?.default, defaults.pollIntervalSeconds);
    assert.equal(properties['animateImage.local.encoder']?.default, defaults.localEncoder);
    assert.equal(properties['animateImage.concurrency']?.default, defaults.concurrency);
    assert.equal(properties['animateImage.confirmCostAboveUsd']?.default, defaults.confirmCostAboveUsd);
    const concurrency = properties['animateImage.concurrency'] as { minimum?: number; maximum?: number };
    assert.deepEqual([concurrency.minimum, concurrency.maximum], [1, 8]);
  });

  it('reads the batch settings', () => {
    const { settings, problems } = parseSettings(from({ concurrency: 8, confirmCostAboveUsd: 0 }), ids);
    assert.deepEqual(problems, []);
    assert.equal(settings.concurrency, 8);
    assert.equal(settings.confirmCostAboveUsd, 0);
    assert.equal(parseSettings(from({ concurrency: 2.5 }), ids).settings.concurrency, 3);
  });

  it('reads the agent budget: 0 by default, only from the user settings, a bad value falls back to 0', () => {
    assert.equal(properties['animateImage.agentBudgetUsd']?.default, defaultSettings(ids).agentBudgetUsd);
    assert.equal(defaultSettings(ids).agentBudgetUsd, 0);
    // A folder's .vscode/settings.json must never raise what an agent may spend.
    assert.equal(properties['animateImage.agentBudgetUsd']?.scope, 'application');
    assert.equal(parseSettings(from({ agentBudgetUsd: 2.5 }), ids).settings.agentBudgetUsd, 2.5);
    const bad = parseSettings(from({ agentBudgetUsd: -1 }), ids);
    assert.equal(bad.settings.agentBudgetUsd, 0);
    assert.equal(bad.problems[0]?.setting, 'animateImage.agentBudgetUsd');
  });

  it('reads where provenance goes, falling back to beside the video', () => {
    assert.equal(parseSettings(from({ provenance: 'folder' }), ids).settings.provenance, 'folder');
    assert.equal(parseSettings(from({ provenance: 'off' }), ids).settings.provenance, 'off');
    const bad = parseSettings(from({ provenance: 'elsewhere' }), ids);
    assert.equal(bad.settings.provenance, 'beside');
    assert.equal(bad.problems[0]?.setting, 'animateImage.provenance');
  });

  it('gives endpoint settings the window scope (User, Remote and trusted Workspace values apply) and restricts them in untrusted workspaces', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    for (const key of ['animateImage.openaiVideos.baseUrl', 'animateImage.azureOpenai.endpoint']) {
      // machine / machine-overridable values in the local User settings are dropped in remote windows (code-server).
      assert.equal(properties[key]?.scope, 'window', key);
      // An empty default must not show as an error ("URI expected"): the URL is checked in code (settingsSchema.ts).
      assert.equal(properties[key]?.format, undefined, key);
      assert.ok(trust.restrictedConfigurations.includes(key), key);
    }
  });

  it('offers exactly the registry providers', () => {
    assert.deepEqual(properties['animateImage.defaultProvider']?.enum, [...providerIds]);
    const presetProvider = (
      properties['animateImage.presets'] as { items: { properties: { provider: { enum: string[] } } } }
    ).items.properties.provider;
    assert.deepEqual(presetProvider.enum, [...providerIds]);
  });
});

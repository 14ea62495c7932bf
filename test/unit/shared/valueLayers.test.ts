import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findPreset,
  fitToCapabilities,
  mergeValues,
  presetLayer,
  type ProviderChoices,
  type ValueLayer,
} from '../../../src/shared/valueLayers';
import { settingsLayer } from '../../../src/extension/form/formModel';
import { defaultSettings } from '../../../src/extension/settings/settingsSchema';

const providers: ProviderChoices[] = [
  {
    id: 'local',
    models: [
      { id: 'camera', label: 'Camera', sizes: ['1280x720', '854x480'], seconds: [4, 2, 8], maxPromptLength: 1000 },
    ],
  },
  {
    id: 'openai-videos',
    models: [
      { id: 'sora-2', label: 'Sora 2', sizes: ['1280x720', '720x1280'], seconds: [4, 8, 12], maxPromptLength: 1000 },
      {
        id: 'sora-2-pro',
        label: 'Sora 2 Pro',
        sizes: ['1792x1024', '1280x720'],
        seconds: [4, 8, 12],
        maxPromptLength: 1000,
      },
    ],
  },
];

describe('mergeValues', () => {
  it('lets later layers win field by field, ignoring undefined', () => {
    const merged = mergeValues([
      { provider: 'openai-videos', model: 'sora-2', size: '720x1280', prompt: 'old' },
      { prompt: 'new', size: undefined },
      undefined,
      { seconds: 8 },
    ]);
    assert.deepEqual(merged, {
      provider: 'openai-videos',
      model: 'sora-2',
      size: '720x1280',
      seconds: 8,
      prompt: 'new',
    });
  });

  it('drops the previous provider’s model, size and duration when a layer switches provider', () => {
    const merged = mergeValues([
      { provider: 'openai-videos', model: 'sora-2-pro', size: '1792x1024', seconds: 12, prompt: 'p', fit: 'pad' },
      { provider: 'local' },
    ]);
    assert.deepEqual(merged, { provider: 'local', prompt: 'p', fit: 'pad' });
  });

  it('keeps a model given in the same layer as the new provider', () => {
    const merged = mergeValues([
      { provider: 'local', size: '854x480' },
      { provider: 'openai-videos', model: 'sora-2' },
    ]);
    assert.deepEqual(merged, { provider: 'openai-videos', model: 'sora-2' });
  });

  it('keeps everything when a layer names the same provider again', () => {
    const merged = mergeValues([
      { provider: 'openai-videos', model: 'sora-2', size: '720x1280' },
      { provider: 'openai-videos', prompt: 'x' },
    ]);
    assert.deepEqual(merged, { provider: 'openai-videos', model: 'sora-2', size: '720x1280', prompt: 'x' });
  });
});

describe('preset layers', () => {
  it('turns a preset into values that remember its name', () => {
    assert.deepEqual(presetLayer({ name: 'Calm', prompt: 'gentle wind', seconds: 4 }), {
      prompt: 'gentle wind',
      seconds: 4,
      preset: 'Calm',
    });
  });

  it('settings give the default provider, and the default model only when set', () => {
    const settings = defaultSettings(['local', 'openai-videos']);
    assert.deepEqual(settingsLayer(settings), { provider: 'local' });
    assert.deepEqual(settingsLayer({ ...settings, defaultProvider: 'openai-videos', defaultModel: 'sora-2-pro' }), {
      provider: 'openai-videos',
      model: 'sora-2-pro',
    });
  });

  it('a preset for another provider does not inherit the default model', () => {
    const settings = {
      ...defaultSettings(['local', 'openai-videos']),
      defaultProvider: 'openai-videos',
      defaultModel: 'sora-2-pro',
    };
    const merged = mergeValues([
      settingsLayer(settings),
      presetLayer({ name: 'Offline', provider: 'local', seconds: 2 }),
    ]);
    assert.deepEqual(merged, { provider: 'local', seconds: 2, preset: 'Offline' });
  });

  it('finds presets by name', () => {
    const presets = [{ name: 'A' }, { name: 'B', prompt: 'b' }];
    assert.deepEqual(findPreset(presets, 'B'), { name: 'B', prompt: 'b' });
    assert.equal(findPreset(presets, 'C'), undefined);
    assert.equal(findPreset(presets, undefined), undefined);
  });
});

describe('fitToCapabilities', () => {
  it('fills every field from the provider’s first choices', () => {
    assert.deepEqual(fitToCapabilities({}, providers), {
      prompt: '',
      provider: 'local',
      model: 'camera',
      size: '1280x720',
      seconds: 4,
      fit: 'crop',
    });
  });

  it('keeps allowed values and snaps the rest', () => {
    assert.deepEqual(
      fitToCapabilities(
        { provider: 'openai-videos', model: 'sora-2-pro', size: '1792x1024', seconds: 12, fit: 'pad', preset: 'P' },
        providers,
      ),
      {
        prompt: '',
        provider: 'openai-videos',
        model: 'sora-2-pro',
        size: '1792x1024',
        seconds: 12,
        fit: 'pad',
        preset: 'P',
      },
    );
    assert.deepEqual(
      fitToCapabilities({ provider: 'openai-videos', model: 'sora-2', size: '1792x1024', seconds: 5 }, providers),
      {
        prompt: '',
        provider: 'openai-videos',
        model: 'sora-2',
        size: '1280x720',
        seconds: 4,
        fit: 'crop',
      },
    );
    assert.equal(fitToCapabilities({ provider: 'gone', model: 'x' }, providers).provider, 'local');
  });
});

describe('camera options and also-save', () => {
  const camera = providers.map((p) => (p.id === 'local' ? { ...p, camera: true } : p));
  const chosen: ValueLayer = { motion: 'orbit', fps: 60, loop: true, also: ['gif'] };

  it('keeps motion, fps and loop for the provider that films the move, and also-save for any', () => {
    const local = fitToCapabilities({ provider: 'local', ...chosen }, camera);
    assert.deepEqual([local.motion, local.fps, local.loop, local.also], ['orbit', 60, true, ['gif']]);
    const paid = fitToCapabilities({ provider: 'openai-videos', ...chosen }, camera);
    assert.deepEqual([paid.motion, paid.fps, paid.loop, paid.also], [undefined, undefined, undefined, ['gif']]);
    assert.ok(!('motion' in paid) && !('fps' in paid) && !('loop' in paid), 'no undefined keys');
  });

  it('drops an empty also-save list and repeats in it', () => {
    assert.ok(!('also' in fitToCapabilities({ provider: 'local', also: [] }, camera)));
    assert.deepEqual(fitToCapabilities({ provider: 'local', also: ['gif', 'webp', 'gif'] }, camera).also, [
      'gif',
      'webp',
    ]);
  });

  it('come from a preset picked in the form: the camera for the local provider, also-save for any', () => {
    const picked = (provider: string) =>
      fitToCapabilities(
        mergeValues([
          { provider: 'local', model: 'camera', prompt: 'before' },
          presetLayer({ name: 'Loop', provider, ...chosen }),
        ]),
        camera,
      );
    const local = picked('local');
    assert.deepEqual(
      [local.motion, local.fps, local.loop, local.also, local.preset],
      ['orbit', 60, true, ['gif'], 'Loop'],
    );
    const paid = picked('openai-videos');
    assert.ok(!('motion' in paid) && !('fps' in paid) && !('loop' in paid));
    assert.deepEqual(paid.also, ['gif']);
  });
});

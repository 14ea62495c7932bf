import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allProviderInfos, providerInfo } from '../../../../src/core/providers/registry';
import { presetProblems, retiredPresetModel, retiredPresetText } from '../../../../src/extension/presets/presetCheck';

/** Like vscode.l10n.t with no translation loaded. */
const t = (message: string, ...args: Array<string | number>): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

describe('presets naming a retired model', () => {
  it('say which model was retired, when, and name its successor', () => {
    const found = retiredPresetModel(
      { name: 'Old Runway', provider: 'runway', model: 'gen3a_turbo' },
      allProviderInfos(),
      'local',
    );
    assert.ok(found);
    assert.equal(
      retiredPresetText(found, t),
      'Preset "Old Runway" uses Runway model gen3a_turbo, which the provider retired on 2026-07-30. Change the preset\'s model to its successor, gen4_turbo.',
    );
  });

  it('use the default provider when the preset names none, and say when no date was published', () => {
    const found = retiredPresetModel({ name: 'Veo 2', model: 'veo3' }, allProviderInfos(), 'runway');
    assert.ok(found, 'runway veo3 is retired');
    assert.match(retiredPresetText(found, t), /retired \(no date published\)\. .*successor, veo3\.1\./);
  });

  it('leave live models, presets without a model and custom models that reuse a retired id alone', () => {
    const infos = allProviderInfos();
    assert.equal(
      retiredPresetModel({ name: 'ok', provider: 'runway', model: 'gen4_turbo' }, infos, 'local'),
      undefined,
    );
    assert.equal(retiredPresetModel({ name: 'no model', provider: 'runway' }, infos, 'local'), undefined);
    const withCustom = [
      providerInfo('runway', [{ provider: 'runway', id: 'gen3a_turbo', sizes: ['1280x768'], seconds: [5] }]),
    ];
    assert.equal(
      retiredPresetModel({ name: 'mine', provider: 'runway', model: 'gen3a_turbo' }, withCustom, 'local'),
      undefined,
    );
  });

  it('are listed by name for the form', () => {
    const problems = presetProblems(
      [
        { name: 'Old', provider: 'runway', model: 'gen3a_turbo' },
        { name: 'Fine', provider: 'local' },
      ],
      allProviderInfos(),
      'local',
      t,
    );
    assert.deepEqual(Object.keys(problems), ['Old']);
    assert.match(problems.Old ?? '', /gen4_turbo/);
  });
});

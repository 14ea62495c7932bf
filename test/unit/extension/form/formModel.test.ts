// What the form offers: live models only, a deprecated one with its date and successor, each model's extra fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogModel } from '../../../../src/core/providers/catalog';
import type { ProviderInfo } from '../../../../src/core/providers/provider';
import { allProviderInfos, providerInfo } from '../../../../src/core/providers/registry';
import { providerViews } from '../../../../src/extension/form/formModel';
import { fitToCapabilities } from '../../../../src/shared/valueLayers';

describe('the form offers', () => {
  it('no retired model, even when the last used values or a preset name one', () => {
    const views = providerViews(
      allProviderInfos(),
      [
        { provider: 'runway', model: 'gen3a_turbo' },
        { provider: 'runway', model: 'veo3' },
      ],
      () => true,
    );
    const runway = views.find((p) => p.id === 'runway');
    const ids = runway?.models.map((m) => m.id) ?? [];
    assert.ok(ids.includes('veo3.1') && ids.includes('gen4_turbo'), ids.join(', '));
    assert.ok(!ids.includes('gen3a_turbo') && !ids.includes('veo3'), ids.join(', '));
    for (const info of allProviderInfos()) {
      const retired = new Set((info.retiredModels ?? []).map((m) => m.id));
      const offered = views.find((v) => v.id === info.id)?.models ?? [];
      assert.ok(!offered.some((m) => retired.has(m.id)), `${info.id} offers a retired model`);
    }
  });

  it("each model's extra fields as the catalog lists them", () => {
    const runway = providerViews([providerInfo('runway')], [], () => true)[0];
    assert.deepEqual(
      runway?.models
        .find((m) => m.id === 'veo3.1')
        ?.extras?.slice()
        .sort(),
      ['audio', 'negativePrompt', 'seed'],
    );
    const local = providerViews([providerInfo('local')], [], () => true)[0];
    assert.equal(local?.models[0]?.extras, undefined, 'the local renderer takes no extras: no fields');
  });

  it('a deprecated model with the date it shuts down and its successor', () => {
    const base = providerInfo('runway').models.find((m) => m.id === 'gen4_turbo') as CatalogModel;
    const deprecated: CatalogModel = {
      ...base,
      lifecycle: { state: 'deprecated', date: '2027-01-31', successor: 'gen4.5' },
    };
    const info: ProviderInfo = { ...providerInfo('runway'), models: [deprecated] };
    const view = providerViews([info], [], () => true)[0]?.models[0];
    assert.equal(view?.lifecycleNote, 'Deprecated by the provider; shuts down on 2027-01-31. Successor: gen4.5.');
    assert.equal(providerViews([providerInfo('runway')], [], () => true)[0]?.models[0]?.lifecycleNote, undefined);
  });

  it('keeps an extra only while the chosen model takes it', () => {
    const views = providerViews([providerInfo('runway')], [], () => true);
    const extras = { negativePrompt: 'text, blur', seed: 5, audio: false, enhancePrompt: true };
    const veo = fitToCapabilities({ provider: 'runway', model: 'veo3.1', ...extras }, views);
    assert.deepEqual([veo.negativePrompt, veo.seed, veo.audio, veo.enhancePrompt], ['text, blur', 5, false, undefined]);
    const gen4 = fitToCapabilities({ provider: 'runway', model: 'gen4_turbo', ...extras }, views);
    assert.deepEqual([gen4.negativePrompt, gen4.seed, gen4.audio], [undefined, 5, undefined]);
  });
});

/** The model catalog as data: lifecycle, extras, custom models, prices and the export, read without any provider built. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../src/core/errors';
import { customModelPriceRules, estimateCost } from '../../../src/core/pricing';
import {
  customModelSchema,
  parseCustomModels,
  type CatalogModel,
  type CustomModel,
} from '../../../src/core/providers/catalog';
import { describeCheck } from '../../../src/core/providers/connectionCheck';
import {
  allProviderInfos,
  catalogExport,
  providerCatalog,
  providerIds,
  providerInfo,
} from '../../../src/core/providers/registry';
import { findModel, resolveRequest } from '../../../src/core/request';

const badInput = (pattern: RegExp) => (error: unknown) =>
  error instanceof AnimateError && error.kind === 'bad-input' && pattern.test(error.message);

const customRunway: CustomModel = {
  provider: 'runway',
  id: 'seedance2',
  label: 'Seedance 2 (via Runway)',
  sizes: ['1280x720', '720x1280'],
  seconds: [5, 10],
  lastFrame: true,
  extras: ['seed', 'audio'],
  pricePerSecondUsd: 0.2,
};

describe('model catalog', () => {
  it('dates every model and names its official source', () => {
    for (const id of providerIds) {
      for (const model of providerCatalog(id).models as readonly CatalogModel[]) {
        assert.match(model.checked, /^\d{4}-\d{2}-\d{2}$/, `${id}/${model.id} checked`);
        if (id !== 'local') assert.match(model.source, /^https:\/\//, `${id}/${model.id} source`);
        if (model.lifecycle.state === 'deprecated')
          assert.ok(model.lifecycle.date, `${id}/${model.id} deprecation date`);
      }
    }
  });

  it('never offers a retired model for a new job, but still finds it to resume one', () => {
    const runway = providerInfo('runway');
    assert.ok(!runway.models.some((m) => m.id === 'gen3a_turbo'));
    assert.equal(findModel(runway, 'gen3a_turbo').id, 'gen3a_turbo');
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'runway', model: 'gen3a_turbo' }, runway),
      badInput(/gen3a_turbo was retired by the provider on 2026-07-30.*successor is gen4_turbo/),
    );
    const veo = providerInfo('veo');
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'veo', model: 'veo-3.0-generate-001' }, veo),
      badInput(/veo-3.0-generate-001 was retired by the provider on 2026-06-30/),
    );
  });

  it('leaves out of pickers the providers with nothing to offer, until the user adds a model that still answers', () => {
    const offered = allProviderInfos().map((info) => info.id);
    assert.ok(
      offered.includes('runway') &&
        offered.includes('dashscope') &&
        offered.includes('local') &&
        offered.includes('openai-videos'),
    );
    for (const gone of ['veo', 'azure-openai', 'azure-sora-jobs']) assert.ok(!offered.includes(gone), gone);
    const gateway: CustomModel = {
      provider: 'veo',
      id: 'veo-3.1-generate-preview',
      sizes: ['1280x720'],
      seconds: [8],
      lastFrame: true,
      extras: ['negativePrompt'],
    };
    const withGateway = allProviderInfos([gateway]).find((info) => info.id === 'veo');
    assert.deepEqual(
      withGateway?.models.map((m) => m.id),
      ['veo-3.1-generate-preview'],
    );
    // The custom entry replaces the retired catalog one: the user says their gateway still serves it.
    const resolved = resolveRequest(
      { image: 'a.png', lastFrame: 'b.png', provider: 'veo', negativePrompt: 'blur' },
      withGateway ?? providerInfo('veo'),
    );
    assert.equal(resolved.model, 'veo-3.1-generate-preview');
    assert.deepEqual(resolved.extras, { negativePrompt: 'blur' });
    assert.match(resolved.warnings?.join(' ') ?? '', /retired by the provider on 2026-10-22/);
  });

  it('says why a retired service has no model, and how to keep using it', () => {
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'veo' }, providerInfo('veo')),
      badInput(/retired by the provider on 2026-10-22.*Runway serves Veo 3.1.*customModels/),
    );
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'azure-openai' }, providerInfo('azure-openai')),
      badInput(/retired.*2026-10-15.*DeploymentNotFound/),
    );
  });

  it('takes an Azure deployment name as it is, warning that the service is retired', () => {
    const resolved = resolveRequest(
      { image: 'a.png', provider: 'azure-openai', model: 'sora-2' },
      providerInfo('azure-openai'),
    );
    assert.equal(resolved.model, 'sora-2');
    assert.match(
      resolved.warnings?.join(' ') ?? '',
      /retired by the provider on 2026-10-15; this works only while your endpoint still answers/,
    );
  });

  it('refuses an extra the model cannot honour, naming the models that can', () => {
    const runway = providerInfo('runway');
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'runway', model: 'gen4_turbo', negativePrompt: 'blur' }, runway),
      badInput(
        /gen4_turbo\) cannot take a negative prompt \(negativePrompt\)\. Models of Runway that take it: veo3\.1, veo3\.1_fast\./,
      ),
    );
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'runway', model: 'gen4.5', audio: false }, runway),
      badInput(/cannot take switching audio.*veo3\.1, veo3\.1_fast/),
    );
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'local', seed: 3 }, providerInfo('local')),
      badInput(/No model of Local camera move \(offline\) takes it/),
    );
    assert.throws(
      () =>
        resolveRequest(
          { image: 'a.png', provider: 'dashscope', model: 'wan2.7-i2v', audio: false },
          providerInfo('dashscope'),
        ),
      badInput(/wan2\.7-i2v\) cannot take switching audio.*wan2\.6-i2v, wan2\.6-i2v-flash, wan2\.5-i2v-preview/),
    );
    assert.throws(() => resolveRequest({ image: 'a.png', seed: -1 }, providerInfo('local')), badInput(/seed/));
  });

  it('keeps the extras a model takes, in the resolved request', () => {
    const resolved = resolveRequest(
      {
        image: 'a.png',
        lastFrame: 'b.png',
        provider: 'runway',
        model: 'veo3.1_fast',
        negativePrompt: ' text ',
        seed: 7,
        audio: false,
        seconds: 4,
      },
      providerInfo('runway'),
    );
    assert.deepEqual(resolved.extras, { negativePrompt: 'text', seed: 7, audio: false });
    assert.equal(resolved.seconds, 4);
    assert.equal(resolveRequest({ image: 'a.png', provider: 'runway' }, providerInfo('runway')).extras, undefined);
  });

  it('needs a last frame for a first-and-last-frame model', () => {
    assert.throws(
      () =>
        resolveRequest(
          { image: 'a.png', provider: 'dashscope', model: 'wanx2.1-kf2v-plus' },
          providerInfo('dashscope'),
        ),
      badInput(/between two images only/),
    );
  });

  it('names the last-frame models when a first-frame model is given two images', () => {
    assert.throws(
      () =>
        resolveRequest(
          { image: 'a.png', lastFrame: 'b.png', provider: 'runway', model: 'gen4_turbo' },
          providerInfo('runway'),
        ),
      badInput(/models of Runway that take a last frame: veo3\.1, veo3\.1_fast/),
    );
  });

  it('accepts a custom model for providers whose API takes any id, with the capabilities the user gave', () => {
    const custom = parseCustomModels([customRunway]);
    const info = providerInfo('runway', custom);
    const resolved = resolveRequest(
      { image: 'a.png', lastFrame: 'b.png', provider: 'runway', model: 'seedance2', seconds: 10, audio: true },
      info,
    );
    assert.equal(resolved.model, 'seedance2');
    assert.deepEqual(resolved.extras, { audio: true });
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'runway', model: 'seedance2', negativePrompt: 'x' }, info),
      badInput(/seedance2\) cannot take a negative prompt/),
    );
    assert.throws(
      () => resolveRequest({ image: 'a.png', provider: 'runway', model: 'seedance3' }, providerInfo('runway')),
      badInput(/no model "seedance3".*animateImage\.customModels/),
    );
  });

  it('refuses custom models for providers that take only their own, and says which entry is wrong', () => {
    assert.throws(
      () => parseCustomModels([{ ...customRunway, provider: 'aog' }]),
      badInput(/customModels\[0\]\.provider/),
    );
    assert.throws(
      () => parseCustomModels([{ ...customRunway, sizes: ['big'] }]),
      badInput(/customModels\[0\]\.sizes\[0\]: a size looks like 1280x720/),
    );
    assert.equal(
      customModelSchema.safeParse({ provider: 'dashscope', id: 'wan2.8-i2v', sizes: ['1280x720'], seconds: [5] })
        .success,
      true,
    );
  });

  it('prices from the catalog, from custom models, and by audio where a rule says so', () => {
    assert.deepEqual(estimateCost({ provider: 'local', model: 'camera-move', size: '1280x720', seconds: 4 }), {
      usd: 0,
      usdPerSecond: 0,
    });
    // Unconfirmed prices are not in the catalog: no estimate rather than a guess.
    assert.equal(estimateCost({ provider: 'runway', model: 'veo3.1', size: '1280x720', seconds: 8 }), undefined);
    const rules = customModelPriceRules([customRunway]);
    assert.deepEqual(estimateCost({ provider: 'runway', model: 'seedance2', size: '1280x720', seconds: 10 }, rules), {
      usd: 2,
      usdPerSecond: 0.2,
    });
    const byAudio = [
      { provider: 'runway', model: 'veo3.1', usdPerSecond: 0.4, audio: true },
      { provider: 'runway', model: 'veo3.1', usdPerSecond: 0.2, audio: false },
    ];
    assert.equal(
      estimateCost({ provider: 'runway', model: 'veo3.1', size: '1280x720', seconds: 8, audio: false }, byAudio)?.usd,
      1.6,
    );
    assert.equal(
      estimateCost({ provider: 'runway', model: 'veo3.1', size: '1280x720', seconds: 8, audio: true }, byAudio)?.usd,
      3.2,
    );
    assert.equal(
      estimateCost({ provider: 'runway', model: 'veo3.1', size: '1280x720', seconds: 8 }, byAudio)?.usd,
      3.2,
      'the default (audio on) is priced',
    );
  });

  it('exports every provider with its models as plain JSON, custom ones marked', () => {
    const exported = JSON.parse(JSON.stringify(catalogExport([customRunway]))) as ReturnType<typeof catalogExport>;
    assert.deepEqual(
      exported.map((p) => p.id),
      providerIds,
    );
    const runway = exported.find((p) => p.id === 'runway');
    const veo31 = runway?.models.find((m) => m.id === 'veo3.1');
    assert.deepEqual(
      veo31 && {
        id: veo31.id,
        lifecycle: veo31.lifecycle,
        sizes: veo31.sizes,
        seconds: veo31.seconds,
        lastFrame: veo31.lastFrame,
        extras: veo31.extras,
        checked: veo31.checked,
      },
      {
        id: 'veo3.1',
        lifecycle: 'live',
        sizes: ['1280x720', '720x1280', '1920x1080', '1080x1920'],
        seconds: [8, 4, 6],
        lastFrame: true,
        extras: ['negativePrompt', 'seed', 'audio'],
        checked: '2026-11-30',
      },
    );
    const gen3 = runway?.models.find((m) => m.id === 'gen3a_turbo');
    assert.deepEqual([gen3?.lifecycle, gen3?.lifecycleDate, gen3?.successor], ['retired', '2026-07-30', 'gen4_turbo']);
    assert.equal(runway?.models.find((m) => m.id === 'seedance2')?.custom, true);
    const veo = exported.find((p) => p.id === 'veo');
    assert.deepEqual([veo?.lifecycle, veo?.lifecycleDate], ['retired', '2026-10-22']);
    assert.equal(
      exported.find((p) => p.id === 'openai-videos')?.defaultBaseUrl,
      undefined,
      'no default host for OpenAI-compatible servers',
    );
  });
});

describe('connection check report', () => {
  it('says in one line what was found, never more than was checked', () => {
    assert.equal(
      describeCheck({
        provider: 'runway',
        model: 'veo3.1',
        endpoint: 'api.dev.runwayml.com/v1/organization',
        reachable: true,
        keyAccepted: true,
        modelAvailable: false,
        ok: false,
        problem: "veo3.1 is not among the models of this key's tier",
      }),
      "runway/veo3.1 at api.dev.runwayml.com/v1/organization: reachable, key accepted, model NOT available — veo3.1 is not among the models of this key's tier",
    );
    assert.equal(
      describeCheck({
        provider: 'aog',
        endpoint: '127.0.0.1:16688/health',
        reachable: false,
        ok: false,
        problem: 'AOG is not running',
      }),
      'aog at 127.0.0.1:16688/health: not reachable — AOG is not running',
    );
  });
});

// animateImage.customModels and animateImage.baseUrls from the settings value to a finished video: the same steps the
// extension takes (parseSettings → providerInfo with the custom models → the form's provider views → resolveRequest →
// the connection with the base URL → the provider), against the strict fal fake.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startJob } from '../../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../../src/core/output';
import { allProviderInfos, createProvider, providerIds, providerInfo } from '../../../../src/core/providers/registry';
import { resolveRequest } from '../../../../src/core/request';
import { withEndpointSettings } from '../../../../src/extension/settings/endpointSettings';
import { initialValues, providerViews } from '../../../../src/extension/form/formModel';
import { connectionFor } from '../../../../src/extension/providers/providerConnection';
import { parseSettings } from '../../../../src/extension/settings/settingsSchema';
import { startFalFake } from '../../../fakes/falServer';
import { generatedVideoBytes } from '../../../fakes/video';
import { solidImage } from '../../../helpers/images';
import { recordingLogger } from '../../../helpers/providerHarness';
import { TickingClock } from '../../../helpers/scriptedProvider';

const CUSTOM = 'fal-ai/acme-motion/v1/image-to-video';
const KEY = 'fal-fake-key-0123456789:abcdef';

describe('a custom model from settings', () => {
  it('appears in the form with its own fields and runs against the fake at the address from animateImage.baseUrls', async () => {
    const fake = await startFalFake({
      apiKey: KEY,
      queueAhead: 0,
      extraModels: {
        [CUSTOM]: { image: 'image_url', fields: { duration: ['6'], seed: 'integer', end_image_url: 'image' } },
      },
    });
    try {
      const raw: Record<string, unknown> = {
        defaultProvider: 'fal',
        baseUrls: { fal: fake.url },
        customModels: [
          {
            provider: 'fal',
            id: CUSTOM,
            label: 'Acme Motion',
            sizes: ['1280x720'],
            seconds: [6],
            lastFrame: true,
            extras: ['seed'],
          },
        ],
      };
      const { settings, problems } = parseSettings((key) => raw[key], providerIds);
      assert.deepEqual(problems, []);

      // The form: the custom model is offered, marked, with only the seed field.
      const views = providerViews(allProviderInfos(settings.customModels), [], () => true);
      const fal = views.find((p) => p.id === 'fal');
      const model = fal?.models.find((m) => m.id === CUSTOM);
      assert.deepEqual(
        model && {
          label: model.label,
          sizes: model.sizes,
          seconds: model.seconds,
          extras: model.extras,
          custom: model.custom,
        },
        {
          label: 'Acme Motion',
          sizes: ['1280x720'],
          seconds: [6],
          extras: ['seed'],
          custom: true,
        },
      );
      const values = initialValues(
        { settings, args: { provider: 'fal', model: CUSTOM, seed: 77, prompt: 'the kite rises' } },
        views,
      );
      assert.equal(values.model, CUSTOM);
      assert.equal(values.seed, 77);

      // Submit: the request the host builds from those values, the connection from the settings.
      const dir = await mkdtemp(join(tmpdir(), 'custom-model-'));
      await writeFile(join(dir, 'kite.png'), await solidImage(320, 180, { background: '#3366aa' }));
      const info = providerInfo('fal', settings.customModels);
      const request = resolveRequest(
        {
          image: join(dir, 'kite.png'),
          prompt: values.prompt,
          provider: 'fal',
          model: values.model,
          size: values.size,
          seconds: values.seconds,
          seed: values.seed,
        },
        info,
      );
      const connection = withEndpointSettings(settings, 'fal', connectionFor(settings, 'fal'));
      assert.ok(connection.ok);
      assert.equal(connection.connection.baseUrl, fake.url);
      const provider = createProvider('fal', {
        ...connection.connection,
        apiKey: KEY,
        customModels: settings.customModels,
        log: recordingLogger([]),
      });
      const outcome = await startJob(
        // Virtual time: fal's poll interval passes without the test waiting it.
        {
          provider,
          store: new MemoryJobStore(),
          output: nodeOutputPort,
          log: recordingLogger([]),
          clock: new TickingClock(),
        },
        request,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'kite.mp4'));
      assert.deepEqual(await readFile(join(dir, 'kite.mp4')), generatedVideoBytes(50_000));
      const submits = fake.requestsTo('submit');
      assert.equal(submits.length, 1);
      assert.equal(submits[0]?.path, `/${CUSTOM}`);
      const body = submits[0]?.json as Record<string, unknown>;
      assert.equal(body.seed, 77);
      assert.equal(body.duration, '6');
    } finally {
      await fake.close();
    }
  });

  it('is refused with the models that can when it is given an extra it does not list', () => {
    const { settings } = parseSettings(
      (key) =>
        key === 'customModels'
          ? [{ provider: 'runway', id: 'gen5_preview', sizes: ['1280x720'], seconds: [5] }]
          : undefined,
      providerIds,
    );
    const info = providerInfo('runway', settings.customModels);
    assert.ok(info.models.some((m) => m.id === 'gen5_preview'));
    assert.throws(
      () =>
        resolveRequest(
          { image: '/tmp/x.png', provider: 'runway', model: 'gen5_preview', negativePrompt: 'blur' },
          info,
        ),
      /cannot take a negative prompt.*veo3\.1/s,
    );
  });
});

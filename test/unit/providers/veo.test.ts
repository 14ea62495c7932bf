import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomModel } from '../../../src/core/providers/catalog';
import type { PreparedRequest, RemoteJob } from '../../../src/core/providers/provider';
import type { ImageMime } from '../../../src/core/types';
import { createVeoProvider } from '../../../src/core/providers/veo';
import { startVeoFake } from '../../fakes/veoServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage, type ImageFormat } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'AIzaSECRET-veo-0123456789abcdef';

/**
 * Google shut every Veo model of the Gemini API down; the provider now reaches a gateway that still serves the REST
 * shape, with the models the user declares (custom models). Most tests run that way; a few against Google as it is.
 */
const GATEWAY_MODELS: CustomModel[] = [
  {
    provider: 'veo',
    id: 'veo-3.1-generate-preview',
    sizes: ['1280x720', '720x1280', '1920x1080', '1080x1920'],
    seconds: [8, 4, 6],
    lastFrame: true,
    extras: ['negativePrompt'],
  },
  { provider: 'veo', id: 'veo-2.0-generate-001', sizes: ['1280x720', '720x1280'], seconds: [5, 6, 7, 8] },
];
const harness = keyedHarness(KEY, startVeoFake);
const { rejection } = harness;
const withGoogle = harness.withFake;
const withFake: typeof harness.withFake = (options, fn, ctx = {}) =>
  harness.withFake({ servedModels: GATEWAY_MODELS.map((m) => m.id), ...options }, fn, {
    customModels: GATEWAY_MODELS,
    ...ctx,
  });

async function image(width: number, height: number, format: ImageFormat = 'png'): Promise<Uint8Array> {
  return new Uint8Array(await solidImage(width, height, { format, background: { r: 20, g: 120, b: 90 } }));
}

let smallPng: Uint8Array | undefined;

async function request(
  overrides: Partial<PreparedRequest> & { bytes?: Uint8Array; mime?: ImageMime } = {},
): Promise<PreparedRequest> {
  smallPng ??= await image(320, 180);
  return {
    prompt: overrides.prompt ?? 'waves roll in, camera pans right',
    model: overrides.model ?? 'veo-3.1-generate-preview',
    size: overrides.size ?? { width: 1280, height: 720 },
    seconds: overrides.seconds ?? 8,
    image: {
      bytes: overrides.bytes ?? smallPng,
      mime: overrides.mime ?? 'image/png',
      width: 320,
      height: 180,
      fileName: 'sea.png',
      sourcePath: '/tmp/sea.png',
    },
    ...(overrides.lastFrame ? { lastFrame: overrides.lastFrame } : {}),
    ...(overrides.extras ? { extras: overrides.extras } : {}),
  };
}

interface CreateBody {
  instances: {
    prompt?: string;
    image: { bytesBase64Encoded: string; mimeType: string };
    lastFrame?: { bytesBase64Encoded: string; mimeType: string };
  }[];
  parameters: Record<string, unknown>;
}

describe('veo provider: capabilities', () => {
  it('offers no model of its own: Google retired them all; they stay known to resume old jobs', () => {
    const { info } = createVeoProvider({ log: recordingLogger([]) });
    assert.equal(info.id, 'veo');
    assert.equal(info.label, 'Google Veo (Gemini API) — retired by Google');
    assert.deepEqual(info.keyEnv, ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    assert.equal(info.defaultBaseUrl, 'https://generativelanguage.googleapis.com/v1beta');
    assert.deepEqual(info.models, []);
    assert.deepEqual(info.lifecycle, { state: 'retired', date: '2026-10-22', successor: 'gemini-omni-1.1-flash' });
    assert.deepEqual(
      info.retiredModels?.map((m) => m.id),
      [
        'veo-3.1-generate-preview',
        'veo-3.1-fast-generate-preview',
        'veo-3.1-lite-generate-preview',
        'veo-3.0-generate-001',
        'veo-2.0-generate-001',
      ],
    );
    for (const m of info.retiredModels ?? []) {
      assert.deepEqual([m.progress, m.cancel, m.remix], [false, false, false], m.id);
      assert.equal(m.maxImageBytes, 20_000_000);
    }
    const gateway = createVeoProvider({ log: recordingLogger([]), customModels: GATEWAY_MODELS });
    assert.deepEqual(
      gateway.info.models.map((m) => [m.id, m.lastFrame]),
      [
        ['veo-3.1-generate-preview', true],
        ['veo-2.0-generate-001', false],
      ],
    );
  });
});

describe('veo provider vs the fake', () => {
  it('submits, polls to done, and downloads with the key (following the redirect)', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      const job = await provider.submit(await request({ size: { width: 1080, height: 1920 } }), signal());
      assert.equal(job.provider, 'veo');
      assert.match(job.id, /^models\/veo-3\.1-generate-preview\/operations\/[0-9a-f]+$/);
      assert.deepEqual(job.data, { size: '1080x1920', seconds: '8' });

      const create = fake.requestsTo('create')[0];
      assert.equal(create?.path, '/v1beta/models/veo-3.1-generate-preview:predictLongRunning');
      assert.equal(create?.headers['x-goog-api-key'], KEY);
      assert.equal(create?.headers['authorization'], undefined);
      const body = create?.json as CreateBody;
      assert.equal(body.instances.length, 1);
      assert.equal(body.instances[0]?.prompt, 'waves roll in, camera pans right');
      assert.equal(body.instances[0]?.image.mimeType, 'image/png');
      assert.ok(
        Buffer.from(body.instances[0]?.image.bytesBase64Encoded ?? '', 'base64').equals(Buffer.from(smallPng ?? [])),
      );
      assert.deepEqual(body.parameters, {
        aspectRatio: '9:16',
        durationSeconds: 8,
        resolution: '1080p',
        sampleCount: 1,
      });

      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['running', 'running', 'running', 'succeeded'],
      );
      assert.equal(statuses[0]?.state === 'running' && statuses[0].progress, undefined);
      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.match(done.job.data?.videoUri ?? '', /\/v1beta\/files\/[0-9a-f]+:download\?alt=media$/);
      assert.ok(fake.requestsTo('operation').every((r) => r.headers['x-goog-api-key'] === KEY));

      const bytes = await collect(await provider.download(done.job, signal()));
      assert.ok(bytes.equals(generatedVideoBytes(50_000)));
      const file = fake.requestsTo('file')[0];
      assert.equal(file?.headers['x-goog-api-key'], KEY);
      assert.equal(file?.status, 302);
      assert.equal(fake.requestsTo('media')[0]?.status, 200);
    });
  });

  it('sends veo-2 without resolution, with its own duration; 720p for veo 3 landscape', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      await provider.submit(
        await request({
          model: 'veo-2.0-generate-001',
          seconds: 6,
          mime: 'image/jpeg',
          bytes: await image(320, 180, 'jpeg'),
        }),
        signal(),
      );
      await provider.submit(await request({ model: 'veo-3.1-generate-preview' }), signal());
      const [v2, v31] = fake.requestsTo('create').map((r) => r.json as CreateBody);
      assert.deepEqual(v2?.parameters, { aspectRatio: '16:9', durationSeconds: 6, sampleCount: 1 });
      assert.equal(v2?.instances[0]?.image.mimeType, 'image/jpeg');
      assert.deepEqual(v31?.parameters, {
        aspectRatio: '16:9',
        durationSeconds: 8,
        resolution: '720p',
        sampleCount: 1,
      });
      assert.ok(fake.requestsTo('create').every((r) => r.status === 200));
    });
  });

  it('checks sizes, durations and the last frame locally', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      const size = await rejection(
        provider.submit(
          await request({ model: 'veo-2.0-generate-001', size: { width: 1920, height: 1080 }, seconds: 8 }),
          signal(),
        ),
      );
      assert.equal(size.kind, 'bad-input');
      assert.match(size.message, /veo-2\.0-generate-001 makes videos of 1280x720, 720x1280, not 1920x1080/);
      const seconds = await rejection(provider.submit(await request({ seconds: 5 }), signal()));
      assert.match(seconds.message, /8, 4, 6 seconds, not 5/);
      const req = await request({ model: 'veo-2.0-generate-001', seconds: 5 });
      const last = await rejection(provider.submit({ ...req, lastFrame: req.image }, signal()));
      assert.match(
        last.message,
        /veo-2\.0-generate-001 takes a first frame only; to animate between two images use veo-3\.1-generate-preview/,
      );
      const extra = await rejection(provider.submit({ ...req, extras: { negativePrompt: 'blur' } }, signal()));
      assert.match(extra.message, /cannot take negativePrompt/);
      const seed = await rejection(provider.submit(await request({ extras: { seed: 4 } }), signal()));
      assert.match(seed.message, /cannot take seed/);
      assert.equal(fake.requests.length, 0);
    });
  });

  it("reports Google's safety filter with its reasons", async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createVeoProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'SAFETY_FILTER test' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'RAI_MEDIA_FILTERED');
      assert.match(last.reason, /^Google's safety filter removed the video: We encountered an issue with the image\./);
    });
  });

  it('reports a done operation with an error', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createVeoProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'OPERATION_ERROR' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, '13');
      assert.match(last.reason, /Video generation failed due to an internal error/);
    });
  });

  it('maps a wrong key (401, or 400 API_KEY_INVALID) and a missing key to auth, never showing the key', async () => {
    const wrong = 'AIzaWRONG-0123456789abcdef';
    for (const badKeyStyle of ['unauthenticated', 'api-key-invalid'] as const) {
      await withFake({ badKeyStyle }, async ({ ctx }) => {
        const error = await rejection(createVeoProvider({ ...ctx, apiKey: wrong }).submit(await request(), signal()));
        assert.equal(error.kind, 'auth', badKeyStyle);
        assert.equal(error.details.status, badKeyStyle === 'unauthenticated' ? 401 : 400);
        assert.match(error.message, /Set a valid Gemini API key with GEMINI_API_KEY or GOOGLE_API_KEY/);
        assert.ok(!error.message.includes(wrong));
      });
    }
    await withFake({}, async ({ fake, ctx }) => {
      const error = await rejection(createVeoProvider({ ...ctx, apiKey: undefined }).submit(await request(), signal()));
      assert.equal(error.kind, 'auth');
      assert.equal(fake.requests.length, 0);
    });
  });

  it('maps 429 to rate-limit with retryAfterMs from Retry-After or RetryInfo', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('operation', { kind: 'rate-limit', retryAfter: '12' });
      fake.failNext('operation', { kind: 'rate-limit', retryDelay: '31s' });
      const header = await rejection(provider.poll(job, signal()));
      assert.equal(header.kind, 'rate-limit');
      assert.equal(header.details.retryAfterMs, 12_000);
      assert.equal(header.details.code, 'RESOURCE_EXHAUSTED');
      const info = await rejection(provider.poll(job, signal()));
      assert.equal(info.kind, 'rate-limit');
      assert.equal(info.details.retryAfterMs, 31_000);
      assert.match(info.message, /Retry in 31 s\./);
    });
  });

  it('maps 5xx to provider with the status, and INVALID_ARGUMENT on submit to bad-input', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      fake.failNext('create', {
        kind: 'status',
        status: 503,
        message: 'The model is overloaded. Please try again later.',
      });
      const busy = await rejection(provider.submit(await request(), signal()));
      assert.equal(busy.kind, 'provider');
      assert.equal(busy.details.status, 503);
      assert.match(busy.message, /server error \(503\): The model is overloaded/);
      assert.equal(fake.operations.size, 0);
      const wrongType = await rejection(provider.submit(await request({ mime: 'image/jpeg' }), signal()));
      assert.equal(wrongType.kind, 'bad-input');
      assert.equal(wrongType.details.code, 'INVALID_ARGUMENT');
      assert.match(wrongType.message, /mimeType says image\/jpeg/);
    });
  });

  it('explains an unknown model (404) on submit', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', {
        kind: 'status',
        status: 404,
        message: 'models/veo-3.0-generate-001 is not found for API version v1beta',
      });
      const error = await rejection(createVeoProvider(ctx).submit(await request(), signal()));
      assert.equal(error.kind, 'provider');
      assert.match(error.message, /available to this key/);
    });
  });

  it('gives clear errors for malformed replies; an unreadable 2xx submit is submit-unknown', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('operation', { kind: 'invalid-json' });
      const broken = await rejection(provider.poll(job, signal()));
      assert.equal(broken.kind, 'provider');
      assert.match(broken.message, /not JSON/);
      fake.failNext('operation', { kind: 'missing-fields', body: { done: 'yes' } });
      const odd = await rejection(provider.poll(job, signal()));
      assert.equal(odd.kind, 'provider');
      assert.match(odd.message, /unexpected reply \(done:/);
      fake.failNext('create', { kind: 'missing-fields' });
      const unknown = await rejection(provider.submit(await request(), signal()));
      assert.equal(unknown.kind, 'submit-unknown');
      fake.failNext('create', { kind: 'missing-fields', body: { name: '../../evil?x=1' } });
      const badName = await rejection(provider.submit(await request(), signal()));
      assert.equal(badName.kind, 'submit-unknown');
    });
  });

  it('does not send the key to a video host other than the API', async () => {
    await withFake({}, async ({ ctx }) => {
      const lines: string[] = [];
      const provider = createVeoProvider({ ...ctx, log: recordingLogger(lines) });
      const other = await startVeoFake({ apiKey: 'other' });
      try {
        const job: RemoteJob = {
          provider: 'veo',
          id: 'models/veo-3.0-generate-001/operations/x',
          model: 'veo-3.0-generate-001',
          data: { videoUri: `${other.url}/files/abc:download?alt=media` },
        };
        const error = await rejection(provider.download(job, signal()));
        assert.equal(error.kind, 'auth'); // the other host wants a key: none was sent
        assert.equal(other.requests[0]?.headers['x-goog-api-key'], undefined);
        assert.ok(lines.some((line) => /downloading without the API key/.test(line)));
      } finally {
        await other.close();
      }
    });
  });
  it('turns an abort during submit into cancelled, warning that the job may exist', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(createVeoProvider(ctx).submit(await request(), controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.match(error.message, /may already have been created at Google/);
    });
  });
});

describe('veo fake contract', () => {
  it('refuses parameters the Gemini API rejects and a missing key', async () => {
    await withFake({}, async ({ fake }) => {
      const png = Buffer.from(await image(320, 180)).toString('base64');
      const post = (body: unknown, headers: Record<string, string> = { 'x-goog-api-key': KEY }) =>
        fetch(`${fake.url}/models/veo-2.0-generate-001:predictLongRunning`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const instance = { prompt: 'x', image: { bytesBase64Encoded: png, mimeType: 'image/png' } };
      const seed = await post({ instances: [instance], parameters: { seed: 1 } });
      assert.equal(seed.status, 400);
      assert.equal(((await seed.json()) as { error: { status: string } }).error.status, 'INVALID_ARGUMENT');
      const resolution = await post({ instances: [instance], parameters: { resolution: '720p' } });
      assert.equal(resolution.status, 400);
      const noKey = await post({ instances: [instance] }, {});
      assert.equal(noKey.status, 403);
      assert.equal(((await noKey.json()) as { error: { status: string } }).error.status, 'PERMISSION_DENIED');
      const ok = await post({ instances: [instance], parameters: { durationSeconds: 5 } });
      assert.equal(ok.status, 200);
    });
    // Google today: veo-3.0-generate-001 (and every other Veo id) is shut down.
    await withGoogle({}, async ({ fake }) => {
      const png = Buffer.from(await image(320, 180)).toString('base64');
      const gone = await fetch(`${fake.url}/models/veo-3.0-generate-001:predictLongRunning`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
        body: JSON.stringify({
          instances: [{ prompt: 'x', image: { bytesBase64Encoded: png, mimeType: 'image/png' } }],
        }),
      });
      assert.equal(gone.status, 404);
      assert.match(
        ((await gone.json()) as { error: { message: string; status: string } }).error.message,
        /no longer available/,
      );
    });
  });
});

describe('veo provider: Veo 3.1 between two images, and Google as it is today', () => {
  it('sends the last frame as instances[0].lastFrame and the negative prompt as parameters.negativePrompt', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      const last = await image(320, 180, 'jpeg');
      const req = await request({ seconds: 4, extras: { negativePrompt: 'text, watermark' } });
      const job = await provider.submit(
        { ...req, lastFrame: { ...req.image, bytes: last, mime: 'image/jpeg', fileName: 'end.jpg' } },
        signal(),
      );
      const body = fake.requestsTo('create')[0]?.json as CreateBody;
      assert.equal(body.instances[0]?.lastFrame?.mimeType, 'image/jpeg');
      assert.ok(
        Buffer.from(body.instances[0]?.lastFrame?.bytesBase64Encoded ?? '', 'base64').equals(Buffer.from(last)),
      );
      assert.deepEqual(body.parameters, {
        aspectRatio: '16:9',
        durationSeconds: 4,
        resolution: '720p',
        negativePrompt: 'text, watermark',
        sampleCount: 1,
      });
      const operation = fake.operations.get(job.id);
      assert.equal(operation?.lastFrame?.mimeType, 'image/jpeg');
      assert.equal(operation?.negativePrompt, 'text, watermark');
      assert.equal((await pollUntilDone(provider, job)).at(-1)?.state, 'succeeded');
    });
  });

  it("refuses a retired model before sending anything, and reports Google's 404 for a model it no longer serves", async () => {
    await withGoogle({}, async ({ fake, ctx }) => {
      const retired = await rejection(createVeoProvider(ctx).submit(await request(), signal()));
      assert.equal(retired.kind, 'bad-input');
      assert.match(retired.message, /retired by the provider on 2026-10-22.*Runway serves Veo 3\.1/);
      assert.equal(fake.requests.length, 0);
      // A user who declares the model anyway (e.g. a gateway URL typo) hears it from Google: shut down.
      const gone = await rejection(
        createVeoProvider({ ...ctx, customModels: GATEWAY_MODELS }).submit(await request(), signal()),
      );
      assert.equal(gone.details.status, 404);
      assert.match(gone.message, /no longer available/);
    });
  });

  it('resumes an operation submitted before the shutdown (poll and download never check the lifecycle)', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const job = await createVeoProvider(ctx).submit(await request(), signal());
      // Polled by a provider that knows no custom model: the catalog's retired entry is enough to follow the job.
      const plain = createVeoProvider({ ...ctx, customModels: [] });
      const done = (await pollUntilDone(plain, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.ok((await collect(await plain.download(done.job, signal()))).length > 0);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('checks key and model with GET /models/{model}, creating nothing', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createVeoProvider(ctx);
      const ok = await provider.check?.('veo-3.1-generate-preview', signal());
      assert.deepEqual(ok && [ok.reachable, ok.keyAccepted, ok.modelAvailable, ok.ok], [true, true, true, true]);
      const listed = await provider.check?.(undefined, signal());
      assert.equal(listed?.ok, true);
      const bad = await createVeoProvider({ ...ctx, apiKey: 'AIza-wrong-key-000000' }).check?.(
        'veo-3.1-generate-preview',
        signal(),
      );
      assert.deepEqual(bad && [bad.reachable, bad.keyAccepted, bad.ok], [true, false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
    });
    await withGoogle({ badKeyStyle: 'api-key-invalid' }, async ({ fake, ctx }) => {
      const gone = await createVeoProvider(ctx).check?.('veo-3.0-generate-001', signal());
      assert.deepEqual(gone && [gone.reachable, gone.keyAccepted, gone.modelAvailable, gone.ok], [
        true,
        true,
        false,
        false,
      ]);
      assert.match(gone?.problem ?? '', /does not offer veo-3\.0-generate-001.*retired by the provider on 2026-06-30/);
      const bad = await createVeoProvider({ ...ctx, apiKey: 'AIza-wrong-key-000000' }).check?.(undefined, signal());
      assert.deepEqual(bad && [bad.keyAccepted, bad.ok], [false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
    });
    const down = await createVeoProvider({
      log: recordingLogger([]),
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1beta`,
    }).check?.(undefined, signal());
    assert.deepEqual(down && [down.reachable, down.ok], [false, false]);
  });
});

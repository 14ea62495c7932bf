import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { createOpenRouterProvider, OPENROUTER_POLL_INTERVAL_MS, sizeOf } from '../../../src/core/providers/openrouter';
import type { PreparedRequest, ProviderContext, RemoteJob } from '../../../src/core/providers/provider';
import type { PreparedImage } from '../../../src/core/image/prepare';
import { providerInfo } from '../../../src/core/providers/registry';
import { resolveRequest } from '../../../src/core/request';
import { startOpenRouterFake, type OpenRouterFake } from '../../fakes/openrouterServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { TickingClock } from '../../helpers/scriptedProvider';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'sk-or-v1-SECRET-0123456789abcdef';
const { withFake, rejection } = keyedHarness(KEY, startOpenRouterFake);
const WAN = 'alibaba/wan-2.7';
const wanCustom = {
  provider: 'openrouter' as const,
  id: WAN,
  sizes: ['1280x720', '1080x1920'],
  seconds: [5, 10],
  lastFrame: true,
  extras: ['seed' as const, 'audio' as const],
};

let png: Uint8Array | undefined;
async function image(): Promise<PreparedImage> {
  png ??= new Uint8Array(await solidImage(320, 180, { background: '#993366' }));
  return { bytes: png, mime: 'image/png', width: 320, height: 180, fileName: 'cat.png', sourcePath: '/tmp/cat.png' };
}

async function request(overrides: Partial<PreparedRequest> = {}): Promise<PreparedRequest> {
  return {
    prompt: 'waves roll in',
    model: 'google/veo-3.1',
    size: { width: 1280, height: 720 },
    seconds: 8,
    image: await image(),
    ...overrides,
  };
}

function created(fake: OpenRouterFake, index = 0): Record<string, unknown> {
  const body = fake.requestsTo('create')[index]?.json;
  assert.ok(body, 'no create recorded');
  return body as Record<string, unknown>;
}

const withWan = (ctx: ProviderContext): ProviderContext => ({ ...ctx, customModels: [wanCustom] });

describe('openrouter provider: catalog and discovery', () => {
  it('ships only the docs-confirmed fallback model and reads OPENROUTER_API_KEY', () => {
    const info = providerInfo('openrouter');
    assert.deepEqual(info.keyEnv, ['OPENROUTER_API_KEY']);
    assert.equal(info.defaultBaseUrl, 'https://openrouter.ai/api/v1');
    assert.deepEqual(
      info.models.map((m) => m.id),
      ['google/veo-3.1'],
    );
    assert.equal(sizeOf('720p', '16:9'), '1280x720');
    assert.equal(sizeOf('1080p', '9:16'), '1080x1920');
    assert.equal(sizeOf('4k', '16:9'), '3840x2160');
    assert.equal(sizeOf('720p', '1:1'), '720x720');
  });

  it('discovers what each model really takes from GET /videos/models, leaving out models that cannot start from an image', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const models = await createOpenRouterProvider(ctx).discoverModels(signal());
      assert.deepEqual(
        models.map((m) => m.id),
        ['google/veo-3.1', WAN],
      );
      const veo = models[0];
      assert.deepEqual(veo?.sizes, ['1280x720', '1920x1080']);
      assert.deepEqual(veo?.seconds, [4, 6, 8]);
      assert.equal(veo?.lastFrame, true);
      assert.deepEqual(veo?.extras, ['audio']);
      assert.deepEqual(veo?.prices, [{ usdPerSecond: 0.4 }]);
      const wan = models[1];
      assert.deepEqual(wan?.sizes, ['1280x720', '720x1280', '1920x1080', '1080x1920']);
      assert.deepEqual(wan?.extras, ['seed', 'audio']);
      assert.deepEqual(wan?.prices, [
        { usdPerSecond: 0.1, sizes: ['1280x720', '720x1280'] },
        { usdPerSecond: 0.15, sizes: ['1920x1080', '1080x1920'] },
      ]);
      assert.match(wan?.source ?? '', /\/videos\/models$/);
      assert.equal(fake.requestsTo('models')[0]?.headers.authorization, `Bearer ${KEY}`);
      assert.equal(fake.requestsTo('create').length, 0);
    });
  });
});

describe('openrouter provider vs the fake', () => {
  it('submits once with frame_images, polls by id on the base URL and downloads /content with the key', async () => {
    await withFake({ runningSteps: 2 }, async ({ fake, ctx }) => {
      const provider = createOpenRouterProvider(ctx);
      const job = await provider.submit(
        await request({ lastFrame: await image(), extras: { audio: false } }),
        signal(),
      );
      assert.equal(job.id.startsWith('job-'), true);
      const body = created(fake);
      assert.equal(body.model, 'google/veo-3.1');
      assert.equal(body.duration, 8);
      assert.equal(body.size, '1280x720');
      assert.equal(body.generate_audio, false);
      const frames = body.frame_images as { type: string; image_url: { url: string }; frame_type: string }[];
      assert.deepEqual(
        frames.map((f) => [f.type, f.frame_type]),
        [
          ['image_url', 'first_frame'],
          ['image_url', 'last_frame'],
        ],
      );
      assert.match(frames[0]?.image_url.url ?? '', /^data:image\/png;base64,/);
      assert.equal(fake.requestsTo('create')[0]?.status, 202);

      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'succeeded'],
      );
      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.equal(done.job.data?.costUsd, '0.8');
      const bytes = await collect(await provider.download(done.job, signal()));
      assert.ok(bytes.equals(generatedVideoBytes(50_000)));
      const content = fake.requestsTo('content')[0];
      assert.equal(content?.headers.authorization, `Bearer ${KEY}`);
      assert.equal(content?.query.index, '0');
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('sends a custom (discovered) model its resolution and aspect ratio, seed and audio', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenRouterProvider(withWan(ctx));
      await provider.submit(
        await request({
          model: WAN,
          size: { width: 1080, height: 1920 },
          seconds: 10,
          extras: { seed: 5, audio: true },
        }),
        signal(),
      );
      const body = created(fake);
      assert.deepEqual(
        [body.resolution, body.aspect_ratio, body.size, body.seed, body.generate_audio, body.duration],
        ['1080p', '9:16', undefined, 5, true, 10],
      );
      assert.equal(fake.requestsTo('create')[0]?.status, 202);
    });
  });

  it('refuses what the model cannot take before sending; the fake refuses it too', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenRouterProvider(ctx);
      assert.match(
        (await rejection(provider.submit(await request({ seconds: 5 }), signal()))).message,
        /8 seconds, not 5/,
      );
      assert.match(
        (await rejection(provider.submit(await request({ extras: { seed: 1 } }), signal()))).message,
        /cannot take seed/,
      );
      assert.match(
        (await rejection(provider.submit(await request({ size: { width: 720, height: 1280 } }), signal()))).message,
        /not 720x1280/,
      );
      assert.equal(fake.requests.length, 0);
      const direct = await fetch(`${fake.url}/videos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'google/veo-3.1', prompt: 'x', duration: 5 }),
      });
      assert.equal(direct.status, 400);
      assert.match(
        ((await direct.json()) as { error: { message: string } }).error.message,
        /duration 5 is not supported/,
      );
    });
  });

  it('reports a failed job (moderation) with the provider error verbatim', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createOpenRouterProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK now' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'failed');
      assert.match(last.reason, /content moderation flagged the prompt/);
    });
  });

  it('maps a bad key to auth without leaking it, 402 to a credits message, 429 with Retry-After to a rate limit (sent once)', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const wrong = 'sk-or-v1-wrong-abcdef0123456789';
      const auth = await rejection(
        createOpenRouterProvider({ ...ctx, apiKey: wrong }).submit(await request(), signal()),
      );
      assert.equal(auth.kind, 'auth');
      assert.match(auth.message, /OPENROUTER_API_KEY/);
      assert.ok(!auth.message.includes(wrong));
      const provider = createOpenRouterProvider(ctx);
      fake.failNext('create', { kind: 'status', status: 402, message: 'Insufficient credits' });
      const credits = await rejection(provider.submit(await request(), signal()));
      assert.match(credits.message, /more credits.*Insufficient credits/);
      fake.failNext('create', { kind: 'rate-limit', retryAfter: '20' });
      const limited = await rejection(provider.submit(await request(), signal()));
      assert.equal(limited.kind, 'rate-limit');
      assert.equal(limited.details.retryAfterMs, 20_000);
      assert.equal(fake.requestsTo('create').length, 3);
      assert.equal(fake.jobs.size, 0);
      fake.failNext('create', { kind: 'drop' });
      assert.equal((await rejection(provider.submit(await request(), signal()))).kind, 'submit-unknown');
      assert.equal(fake.requestsTo('create').length, 4);
    });
  });

  it('resumes after a restart by the job id alone (a new provider instance)', async () => {
    await withFake({}, async ({ ctx }) => {
      const job = await createOpenRouterProvider(ctx).submit(await request(), signal());
      const stored = JSON.parse(JSON.stringify(job)) as RemoteJob;
      const restarted = createOpenRouterProvider({ ...ctx, log: recordingLogger([]) });
      const done = (await pollUntilDone(restarted, stored)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.ok((await collect(await restarted.download(done.job, signal()))).equals(generatedVideoBytes(50_000)));
    });
  });

  it('an expired job says so plainly, and its content is gone', async () => {
    let now = Date.now();
    await withFake({ now: () => now }, async ({ ctx }) => {
      const provider = createOpenRouterProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      now += 25 * 3600_000;
      const error = await rejection(provider.download(done.job, signal()));
      assert.equal(error.details.status, 404);
      assert.match(error.message, /expire/);
      const later = await provider.poll(job, signal());
      assert.ok(later.state === 'failed' && later.code === 'expired');
      assert.match(later.reason, /must be made again/);
    });
  });

  it('runs end to end through the job runner and saves the MP4 next to the image', async () => {
    await withFake({}, async ({ ctx }) => {
      const dir = await mkdtemp(join(tmpdir(), 'openrouter-test-'));
      await writeFile(join(dir, 'sea.png'), await solidImage(320, 180, { background: '#224488' }));
      // Virtual time: the runner waits the provider's own interval between polls without the test waiting it.
      const clock = new TickingClock();
      const provider = createOpenRouterProvider(ctx);
      const resolved = resolveRequest(
        { image: join(dir, 'sea.png'), prompt: 'waves', provider: 'openrouter', size: '1280x720' },
        provider.info,
      );
      const outcome = await startJob(
        { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: recordingLogger([]), clock },
        resolved,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'sea.mp4'));
      assert.deepEqual(await readFile(join(dir, 'sea.mp4')), generatedVideoBytes(50_000));
      assert.ok(
        clock.sleeps.length > 0 && clock.sleeps.every((ms) => ms === OPENROUTER_POLL_INTERVAL_MS),
        `polled every ${clock.sleeps.join(', ')} ms`,
      );
    });
  });
});

describe('openrouter check()', () => {
  it('proves the key with GET /key and the model with the model list, creating nothing', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const ok = await createOpenRouterProvider(ctx).check?.(WAN, signal());
      assert.deepEqual([ok?.ok, ok?.keyAccepted, ok?.modelAvailable], [true, true, true]);
      const textOnly = await createOpenRouterProvider(ctx).check?.('example/text-only', signal());
      assert.equal(textOnly?.modelAvailable, false);
      assert.match(textOnly?.problem ?? '', /no image-to-video model "example\/text-only"/);
      const badKey = await createOpenRouterProvider({ ...ctx, apiKey: 'sk-or-v1-bad-0123456789abcdef' }).check?.(
        undefined,
        signal(),
      );
      assert.deepEqual([badKey?.reachable, badKey?.keyAccepted, badKey?.ok], [true, false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
    });
    const down = await createOpenRouterProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}/api/v1`,
      log: recordingLogger([]),
    }).check?.(undefined, signal());
    assert.deepEqual([down?.reachable, down?.ok], [false, false]);
  });
});

describe('openrouter fake contract', () => {
  it('lists models without a key, but needs the key for /key, status and content', async () => {
    await withFake({ runningSteps: 0 }, async ({ fake, ctx }) => {
      assert.equal((await fetch(`${fake.url}/videos/models`)).status, 200);
      assert.equal((await fetch(`${fake.url}/key`)).status, 401);
      const job = await createOpenRouterProvider(ctx).submit(await request(), signal());
      assert.equal((await fetch(`${fake.url}/videos/${job.id}`)).status, 401);
      const headers = { authorization: `Bearer ${KEY}` };
      assert.equal(
        (await fetch(`${fake.url}/videos/${job.id}/content?index=0`, { headers })).status,
        404,
        'not before completion',
      );
      const poll = async () =>
        (await (await fetch(`${fake.url}/videos/${job.id}`, { headers })).json()) as {
          status: string;
          unsigned_urls: string[];
        };
      assert.equal((await poll()).status, 'pending');
      const done = await poll();
      assert.equal(done.status, 'completed');
      assert.equal((await fetch(done.unsigned_urls[0] ?? '')).status, 401);
      assert.equal((await fetch(done.unsigned_urls[0] ?? '', { headers })).status, 200);
    });
  });

  it('turns an abort during submit into cancelled, warning that the job may exist', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(createOpenRouterProvider(ctx).submit(await request(), controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.match(error.message, /may already have been created at OpenRouter/);
    });
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { createFalProvider, FAL_POLL_INTERVAL_MS, falAppOf } from '../../../src/core/providers/fal';
import { providerInfo } from '../../../src/core/providers/registry';
import type { PreparedRequest, RemoteJob } from '../../../src/core/providers/provider';
import type { PreparedImage } from '../../../src/core/image/prepare';
import { estimateCost } from '../../../src/core/pricing';
import { resolveRequest } from '../../../src/core/request';
import { startFalFake, type FalFake } from '../../fakes/falServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { TickingClock } from '../../helpers/scriptedProvider';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'fal-SECRET-key-0123456789:abcdef0123';
const { withFake, rejection } = keyedHarness(KEY, startFalFake);

const KLING = 'fal-ai/kling-video/v2.6/pro/image-to-video';
const HAILUO = 'fal-ai/minimax/hailuo-02/standard/image-to-video';
const SEEDANCE = 'fal-ai/bytedance/seedance/v1.5/pro/image-to-video';
const VEO = 'fal-ai/veo3.1/image-to-video';
const LTX = 'fal-ai/ltx-2/image-to-video';

let png: Uint8Array | undefined;
async function image(): Promise<PreparedImage> {
  png ??= new Uint8Array(await solidImage(320, 180, { background: '#336699' }));
  return { bytes: png, mime: 'image/png', width: 320, height: 180, fileName: 'cat.png', sourcePath: '/tmp/cat.png' };
}

async function request(overrides: Partial<PreparedRequest> = {}): Promise<PreparedRequest> {
  return {
    prompt: 'the cat turns its head',
    model: KLING,
    size: { width: 1920, height: 1080 },
    seconds: 5,
    image: await image(),
    ...overrides,
  };
}

function submitted(fake: FalFake, index = 0): Record<string, unknown> {
  const body = fake.requestsTo('submit')[index]?.json;
  assert.ok(body, 'no submit recorded');
  return body as Record<string, unknown>;
}

describe('fal provider: catalog', () => {
  it('lists the popular image-to-video models with their own fields, FAL_KEY and the queue base URL', () => {
    const info = providerInfo('fal');
    assert.deepEqual(info.keyEnv, ['FAL_KEY']);
    assert.equal(info.defaultBaseUrl, 'https://queue.fal.run');
    assert.deepEqual(
      info.models.map((m) => m.id),
      [KLING, HAILUO, SEEDANCE, 'fal-ai/wan-25-preview/image-to-video', VEO, LTX],
    );
    assert.deepEqual(
      info.models.filter((m) => m.lastFrame).map((m) => m.id),
      [HAILUO, SEEDANCE],
    );
    assert.equal(falAppOf(KLING), 'fal-ai/kling-video');
    assert.throws(() => falAppOf('veo3'), /not a fal model id/);
  });

  it("prices Kling with audio by default (fal's default), without audio when switched off, and Hailuo per resolution", () => {
    const job = { provider: 'fal', model: KLING, size: '1920x1080', seconds: 10 };
    assert.equal(estimateCost(job)?.usd, 1.4);
    assert.equal(estimateCost({ ...job, audio: false })?.usd, 0.7);
    assert.equal(estimateCost({ provider: 'fal', model: HAILUO, size: '910x512', seconds: 6 })?.usdPerSecond, 0.017);
    assert.equal(
      estimateCost({ provider: 'fal', model: VEO, size: '1280x720', seconds: 8 }),
      undefined,
      'no published price, no guess',
    );
  });

  it('accepts custom models from settings', () => {
    const info = providerInfo('fal', [
      {
        provider: 'fal',
        id: 'fal-ai/some-new/i2v',
        sizes: ['1280x720'],
        seconds: [5],
        lastFrame: true,
        extras: ['seed'],
      },
    ]);
    assert.ok(info.models.some((m) => m.id === 'fal-ai/some-new/i2v' && m.lastFrame));
  });
});

describe('fal provider vs the fake queue', () => {
  it('submits once, reports the queue position, follows the app-level URLs and downloads without the key', async () => {
    await withFake({ queueAhead: 2, runningSteps: 1 }, async ({ fake, ctx }) => {
      const provider = createFalProvider(ctx);
      const job = await provider.submit(await request({ extras: { negativePrompt: 'blur', audio: false } }), signal());
      assert.equal(fake.requestsTo('submit').length, 1);
      const submit = fake.requestsTo('submit')[0];
      assert.equal(submit?.path, `/${KLING}`);
      assert.equal(submit?.headers.authorization, `Key ${KEY}`);
      const body = submitted(fake);
      assert.equal(body.duration, '5');
      assert.match(String(body.start_image_url), /^data:image\/png;base64,iVBOR/);
      assert.equal(body.negative_prompt, 'blur');
      assert.equal(body.generate_audio, false);
      assert.equal(body.image_url, undefined);
      assert.equal(job.data?.statusUrl, `${fake.url}/fal-ai/kling-video/requests/${job.id}/status`);

      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => (s.state === 'queued' ? `queued ${s.queuePosition}` : s.state)),
        ['queued 1', 'queued 0', 'running', 'succeeded'],
      );
      for (const poll of fake.requestsTo('status'))
        assert.equal(poll.path, `/fal-ai/kling-video/requests/${job.id}/status`);
      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      const bytes = await collect(await provider.download(done.job, signal()));
      assert.ok(bytes.equals(generatedVideoBytes(50_000)));
      assert.equal(fake.requestsTo('download')[0]?.headers.authorization, undefined);
      assert.equal(fake.requestsTo('submit').length, 1);
    });
  });

  it("sends each model's own fields: Veo '8s' with resolution and aspect, LTX a number, Hailuo the last frame and prompt optimizer, Seedance a seed", async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createFalProvider(ctx);
      await provider.submit(
        await request({
          model: VEO,
          size: { width: 1080, height: 1920 },
          seconds: 8,
          extras: { seed: 7, audio: true },
        }),
        signal(),
      );
      assert.deepEqual(
        { ...submitted(fake, 0), image_url: 'x' },
        {
          prompt: 'the cat turns its head',
          image_url: 'x',
          duration: '8s',
          resolution: '1080p',
          aspect_ratio: '9:16',
          seed: 7,
          generate_audio: true,
        },
      );
      await provider.submit(await request({ model: LTX, size: { width: 2560, height: 1440 }, seconds: 10 }), signal());
      assert.equal(submitted(fake, 1).duration, 10);
      assert.equal(submitted(fake, 1).resolution, '1440p');
      await provider.submit(
        await request({
          model: HAILUO,
          size: { width: 910, height: 512 },
          seconds: 6,
          lastFrame: await image(),
          extras: { enhancePrompt: false },
        }),
        signal(),
      );
      const hailuo = submitted(fake, 2);
      assert.equal(hailuo.resolution, '512P');
      assert.equal(hailuo.duration, '6');
      assert.equal(hailuo.prompt_optimizer, false);
      assert.match(String(hailuo.end_image_url), /^data:image\/png;base64,/);
      await provider.submit(
        await request({
          model: SEEDANCE,
          size: { width: 1280, height: 720 },
          seconds: 12,
          lastFrame: await image(),
          extras: { seed: 3 },
        }),
        signal(),
      );
      assert.deepEqual(
        [
          submitted(fake, 3).aspect_ratio,
          submitted(fake, 3).resolution,
          submitted(fake, 3).duration,
          submitted(fake, 3).seed,
        ],
        ['16:9', '720p', '12', 3],
      );
      assert.ok(fake.requestsTo('submit').every((r) => r.status === 200));
    });
  });

  it('refuses what the model cannot take before sending anything; the fake refuses it too', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createFalProvider(ctx);
      const last = await rejection(provider.submit(await request({ lastFrame: await image() }), signal()));
      assert.equal(last.kind, 'bad-input');
      assert.match(last.message, /first frame only; to animate between two images use .*hailuo/);
      const seed = await rejection(provider.submit(await request({ extras: { seed: 1 } }), signal()));
      assert.match(seed.message, /cannot take seed/);
      const seconds = await rejection(provider.submit(await request({ seconds: 8 }), signal()));
      assert.match(seconds.message, /5, 10 seconds, not 8/);
      assert.equal(fake.requests.length, 0);
      const direct = await fetch(`${fake.url}/${KLING}`, {
        method: 'POST',
        headers: { authorization: `Key ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          prompt: 'x',
          start_image_url: `data:image/png;base64,${Buffer.from((await image()).bytes).toString('base64')}`,
          seed: 1,
        }),
      });
      assert.equal(direct.status, 422);
      assert.equal(((await direct.json()) as { detail: { type: string }[] }).detail[0]?.type, 'extra_forbidden');
    });
  });

  it('reports a content-policy refusal of the finished request as a failed job in plain words', async () => {
    await withFake({ queueAhead: 0 }, async ({ ctx }) => {
      const provider = createFalProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK here' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'content_policy_violation');
      assert.match(last.reason, /content checker/);
      assert.match(last.reason, /Change the prompt or the image/);
    });
  });

  it('maps a bad key to auth without leaking it, and a missing key fails before any request', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const wrong = 'fal-wrong-key-abcdef0123456789';
      const error = await rejection(createFalProvider({ ...ctx, apiKey: wrong }).submit(await request(), signal()));
      assert.equal(error.kind, 'auth');
      assert.equal(error.details.status, 401);
      assert.match(error.message, /FAL_KEY/);
      assert.ok(!error.message.includes(wrong));
      const count = fake.requests.length;
      const none = await rejection(createFalProvider({ ...ctx, apiKey: undefined }).submit(await request(), signal()));
      assert.equal(none.kind, 'auth');
      assert.equal(fake.requests.length, count);
    });
  });

  it('a 429 with Retry-After on submit is a rate limit with the wait, sent once (nothing queued)', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('submit', { kind: 'rate-limit', retryAfter: '12' });
      const error = await rejection(createFalProvider(ctx).submit(await request(), signal()));
      assert.equal(error.kind, 'rate-limit');
      assert.equal(error.details.retryAfterMs, 12_000);
      assert.equal(fake.requestsTo('submit').length, 1);
      assert.equal(fake.jobs.size, 0);
    });
  });

  it('a dropped connection or a 504 on submit is never retried and says the request may exist', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createFalProvider(ctx);
      fake.failNext('submit', { kind: 'drop' });
      const dropped = await rejection(provider.submit(await request(), signal()));
      assert.equal(dropped.kind, 'submit-unknown');
      assert.equal(fake.requestsTo('submit').length, 1);
      assert.equal(fake.jobs.size, 1, 'the dropped submit did queue a request');
      fake.failNext('submit', {
        kind: 'status',
        status: 504,
        detail: 'Request timed out',
        errorType: 'request_timeout',
      });
      const gateway = await rejection(provider.submit(await request(), signal()));
      assert.match(gateway.message, /check the provider before retrying/);
      assert.equal(fake.requestsTo('submit').length, 2);
      fake.failNext('submit', { kind: 'missing-fields' });
      assert.equal((await rejection(provider.submit(await request(), signal()))).kind, 'submit-unknown');
    });
  });

  it('cancels a queued request with PUT cancel_url; a completed one cannot be cancelled', async () => {
    await withFake({ queueAhead: 3 }, async ({ fake, ctx }) => {
      const provider = createFalProvider(ctx);
      const job = await provider.submit(await request(), signal());
      await provider.cancel?.(job);
      const cancel = fake.requestsTo('cancel', 'PUT')[0];
      assert.equal(cancel?.path, `/fal-ai/kling-video/requests/${job.id}/cancel`);
      assert.equal(cancel?.status, 202);
      const after = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(after?.state === 'failed');
      assert.equal(after.code, 'client_cancelled');
      assert.match(after.reason, /was cancelled/);

      const other = await provider.submit(await request(), signal());
      await pollUntilDone(provider, other);
      const late = await rejection(provider.cancel?.(other) ?? Promise.resolve());
      assert.equal(late.kind, 'provider');
      assert.match(late.message, /already completed/);
    });
  });

  it('resumes after a restart from the stored job alone, and from its id and model when no URLs were kept', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const first = await createFalProvider(ctx).submit(
        await request({ model: VEO, size: { width: 1280, height: 720 }, seconds: 4 }),
        signal(),
      );
      const stored: RemoteJob = JSON.parse(JSON.stringify(first)) as RemoteJob;
      const restarted = createFalProvider({ ...ctx, log: recordingLogger([]) });
      const done = (await pollUntilDone(restarted, stored)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.ok((await collect(await restarted.download(done.job, signal()))).equals(generatedVideoBytes(50_000)));

      const second = await createFalProvider(ctx).submit(await request(), signal());
      const bare: RemoteJob = { provider: 'fal', id: second.id, model: second.model };
      const end = (await pollUntilDone(createFalProvider(ctx), bare)).at(-1);
      assert.equal(end?.state, 'succeeded');
      assert.ok(fake.requestsTo('status').every((r) => r.path.startsWith('/fal-ai/') && r.path.endsWith('/status')));
    });
  });

  it('never follows a queue URL to another host with the key: it follows the request by its id instead', async () => {
    await withFake({ urlOrigin: 'http://attacker.invalid:1' }, async ({ fake, ctx, lines }) => {
      const provider = createFalProvider(ctx);
      const job = await provider.submit(await request(), signal());
      assert.equal(job.data?.statusUrl, undefined);
      assert.equal(job.data?.cancelUrl, undefined);
      assert.ok(lines.some((l) => /ignoring 3 queue URL\(s\) outside/.test(l)));
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.equal(done?.state, 'succeeded');
      assert.ok(fake.requestsTo('status').length > 0);
      const tampered = await pollUntilDone(provider, {
        ...job,
        data: { statusUrl: 'http://attacker.invalid:1/x/status' },
      });
      assert.equal(tampered.at(-1)?.state, 'succeeded');
    });
  });

  it('an expired media link is a clear error and the job stays resumable', async () => {
    let now = Date.now();
    await withFake({ now: () => now, queueAhead: 0 }, async ({ ctx }) => {
      const provider = createFalProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      now += 8 * 24 * 3600_000;
      const error = await rejection(provider.download(done.job, signal()));
      assert.equal(error.details.status, 404);
      assert.match(error.message, /limited time/);
      assert.equal((await provider.poll(job, signal())).state, 'succeeded', 'the request itself still answers');
    });
  });

  it('runs a custom fal model from settings with the common field names', async () => {
    const custom = 'fal-ai/new-model/v1/image-to-video';
    const extraModels = {
      [custom]: {
        image: 'image_url',
        fields: { duration: ['5'], seed: 'integer' as const, end_image_url: 'image' as const },
      },
    };
    await withFake({ extraModels, queueAhead: 0 }, async ({ fake, ctx }) => {
      const provider = createFalProvider({
        ...ctx,
        customModels: [
          { provider: 'fal', id: custom, sizes: ['1280x720'], seconds: [5], lastFrame: true, extras: ['seed'] },
        ],
      });
      const job = await provider.submit(
        await request({
          model: custom,
          size: { width: 1280, height: 720 },
          lastFrame: await image(),
          extras: { seed: 9 },
        }),
        signal(),
      );
      const body = submitted(fake);
      assert.deepEqual(Object.keys(body).sort(), ['duration', 'end_image_url', 'image_url', 'prompt', 'seed']);
      assert.equal((await pollUntilDone(provider, job)).at(-1)?.state, 'succeeded');
      assert.equal(fake.requestsTo('status')[0]?.path, `/fal-ai/new-model/requests/${job.id}/status`);
    });
  });

  it('runs end to end through the job runner and saves the MP4 next to the image', async () => {
    await withFake({ queueAhead: 1 }, async ({ ctx }) => {
      const dir = await mkdtemp(join(tmpdir(), 'fal-test-'));
      await writeFile(join(dir, 'field.png'), await solidImage(320, 180, { background: '#228844' }));
      // Virtual time: the runner waits the provider's own interval between polls without the test waiting it.
      const clock = new TickingClock();
      const provider = createFalProvider(ctx);
      const resolved = resolveRequest(
        { image: join(dir, 'field.png'), prompt: 'wind', provider: 'fal', model: VEO, size: '1280x720', seconds: 4 },
        provider.info,
      );
      const outcome = await startJob(
        { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: recordingLogger([]), clock },
        resolved,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'field.mp4'));
      assert.deepEqual(await readFile(join(dir, 'field.mp4')), generatedVideoBytes(50_000));
      assert.ok(
        clock.sleeps.length > 0 && clock.sleeps.every((ms) => ms === FAL_POLL_INTERVAL_MS),
        `polled every ${clock.sleeps.join(', ')} ms`,
      );
    });
  });
});

describe('fal check()', () => {
  it('reports reachable, key accepted, and an unknown model, without queuing anything', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const ok = await createFalProvider(ctx).check?.(KLING, signal());
      assert.equal(ok?.ok, true);
      assert.equal(ok?.keyAccepted, true);
      const unknown = await createFalProvider(ctx).check?.('fal-ai/nope/image-to-video', signal());
      assert.equal(unknown?.modelAvailable, false);
      assert.equal(unknown?.ok, false);
      const badKey = await createFalProvider({ ...ctx, apiKey: 'fal-wrong-abcdef0123456789' }).check?.(
        undefined,
        signal(),
      );
      assert.equal(badKey?.keyAccepted, false);
      assert.equal(badKey?.reachable, true);
      assert.equal(fake.requestsTo('submit').length, 0);
      assert.equal(fake.jobs.size, 0);
    });
    const down = await createFalProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      log: recordingLogger([]),
    }).check?.(undefined, signal());
    assert.equal(down?.reachable, false);
    assert.equal(down?.ok, false);
  });
});

describe('fal fake contract', () => {
  it('answers status, result and cancel only under {owner}/{app}, not the full model path, and serves the CDN file without a key', async () => {
    await withFake({ queueAhead: 0, runningSteps: 0 }, async ({ fake, ctx }) => {
      const job = await createFalProvider(ctx).submit(await request(), signal());
      const headers = { authorization: `Key ${KEY}` };
      assert.equal((await fetch(`${fake.url}/${KLING}/requests/${job.id}/status`, { headers })).status, 404);
      assert.equal((await fetch(`${fake.url}/fal-ai/kling-video/requests/${job.id}/status`, { headers })).status, 200);
      const result = (await (await fetch(`${fake.url}/fal-ai/kling-video/requests/${job.id}`, { headers })).json()) as {
        video: { url: string };
      };
      assert.equal((await fetch(result.video.url, { headers })).status, 400, 'the CDN refuses the key');
      assert.equal((await fetch(result.video.url)).status, 200);
      assert.equal((await fetch(`${fake.url}/fal-ai/kling-video/requests/${job.id}/status`)).status, 401);
    });
  });

  it('turns an abort during submit into cancelled, warning that the request may exist', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('submit', { kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(createFalProvider(ctx).submit(await request(), controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.match(error.message, /may already have been created at fal/);
    });
  });
});

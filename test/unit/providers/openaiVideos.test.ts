import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import { AnimateError, isAbortError } from '../../../src/core/errors';
import { useTranslations } from '../../../src/core/language';
import {
  connectionFailure,
  httpFailure,
  parseRetryAfterMs,
  redactSecrets,
  wasNeverSent,
} from '../../../src/core/providers/httpErrors';
import { createOpenAiVideosProvider, type OpenAiVideosVariant } from '../../../src/core/providers/openaiVideos';
import type { PreparedRequest, RemoteJob } from '../../../src/core/providers/provider';
import type { ImageMime } from '../../../src/core/types';
import { SERVED_I2V_MODEL, startOpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage, type ImageFormat } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'sk-test-SECRET-0123456789abcdef';

const { withFake, rejection } = keyedHarness(KEY, startOpenAiVideosFake);

async function image(width: number, height: number, format: ImageFormat = 'png'): Promise<Uint8Array> {
  return new Uint8Array(await solidImage(width, height, { format, background: { r: 40, g: 90, b: 160 } }));
}

async function request(
  overrides: Partial<PreparedRequest> & { bytes?: Uint8Array; mime?: ImageMime; imageSize?: [number, number] } = {},
): Promise<PreparedRequest> {
  const size = overrides.size ?? { width: 1280, height: 720 };
  const [w, h] = overrides.imageSize ?? [size.width, size.height];
  const bytes = overrides.bytes ?? (await image(w, h));
  return {
    prompt: overrides.prompt ?? 'slow push-in, leaves moving in the wind',
    model: overrides.model ?? SERVED_I2V_MODEL,
    size,
    seconds: overrides.seconds ?? 8,
    image: {
      bytes,
      mime: overrides.mime ?? 'image/png',
      width: w,
      height: h,
      fileName: 'cat.png',
      sourcePath: '/tmp/cat.png',
    },
  };
}

describe('openai videos provider: info and options', () => {
  it('describes an OpenAI-compatible server (no default host) and the retired Azure Sora 2', () => {
    const openai = createOpenAiVideosProvider({ log: recordingLogger([]) });
    assert.equal(openai.info.id, 'openai-videos');
    assert.equal(openai.info.label, 'OpenAI-compatible video server');
    assert.deepEqual(openai.info.keyEnv, ['OPENAI_API_KEY']);
    assert.equal(openai.info.needsKey, true);
    assert.equal(openai.info.defaultBaseUrl, undefined);
    assert.equal(openai.info.anyModelId, true);
    const [served] = openai.info.models;
    assert.equal(served?.id, SERVED_I2V_MODEL);
    assert.deepEqual(served?.seconds, [5, 4, 8, 10, 12]);
    assert.equal(served?.lastFrame, false);
    assert.equal(served?.cancel && served.remix && served.progress, true);
    // Sora 2 is kept only to resume old jobs: never offered.
    assert.deepEqual(
      openai.info.retiredModels?.map((m) => m.id),
      ['sora-2', 'sora-2-pro'],
    );

    const azure = createOpenAiVideosProvider(
      { log: recordingLogger([]), options: { deployment: 'my-sora' } },
      'azure-openai',
    );
    assert.equal(azure.info.id, 'azure-openai');
    assert.equal(azure.info.label, 'Azure OpenAI Sora 2 (v1 route) — retired by Microsoft');
    assert.deepEqual(azure.info.lifecycle, { state: 'retired', date: '2026-10-15' });
    assert.deepEqual(azure.info.keyEnv, ['AZURE_OPENAI_API_KEY']);
    assert.equal(azure.info.models[0]?.id, 'my-sora');
    assert.deepEqual(azure.info.models[0]?.sizes, ['1280x720', '720x1280']);
    assert.deepEqual(createOpenAiVideosProvider({ log: recordingLogger([]) }, 'azure-openai').info.models, []);
  });

  it('rejects bad options with a message naming the option', () => {
    assert.throws(
      () => createOpenAiVideosProvider({ log: recordingLogger([]), options: { timeoutMs: 'soon' } }),
      (error: unknown) =>
        error instanceof AnimateError && error.kind === 'bad-input' && /timeoutMs/.test(error.message),
    );
  });

  it('needs a key and a base URL before any request, naming where to set the URL (never a default host)', async () => {
    const noKey = createOpenAiVideosProvider({ log: recordingLogger([]), baseUrl: 'http://127.0.0.1:9/v1' });
    assert.equal((await rejection(noKey.submit(await request(), signal()))).kind, 'auth');
    const noUrl = await rejection(
      createOpenAiVideosProvider({ log: recordingLogger([]), apiKey: KEY }).submit(await request(), signal()),
    );
    assert.equal(noUrl.kind, 'bad-input');
    assert.match(
      noUrl.message,
      /no base URL.*--base-url or OPENAI_BASE_URL.*animateImage\.openaiVideos\.baseUrl.*shut its own Videos API down on 2026-09-24/,
    );
    const azure = createOpenAiVideosProvider({ log: recordingLogger([]), apiKey: KEY }, 'azure-openai');
    const error = await rejection(azure.submit(await request(), signal()));
    assert.equal(error.kind, 'bad-input');
    assert.match(error.message, /openai\.azure\.com\/openai\/v1/);
  });

  it('checks the request locally before paying for a round trip', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const wrongSize = await rejection(provider.submit(await request({ imageSize: [1000, 700] }), signal()));
      assert.equal(wrongSize.kind, 'bad-input');
      assert.match(wrongSize.message, /1000x700/);
      assert.match(wrongSize.message, /1280x720/);
      const size = await rejection(provider.submit(await request({ size: { width: 1792, height: 1024 } }), signal()));
      assert.match(size.message, /Diffusers makes videos of 1280x720, 720x1280, 832x480, 480x832/);
      const seconds = await rejection(provider.submit(await request({ seconds: 6 }), signal()));
      assert.match(seconds.message, /5, 4, 8, 10, 12/);
      const sora = await rejection(provider.submit(await request({ model: 'sora-2' }), signal()));
      assert.equal(sora.kind, 'bad-input');
      assert.match(sora.message, /sora-2 is retired by the provider on 2026-09-24/);
      const prompt = await rejection(provider.submit(await request({ prompt: 'x'.repeat(4001) }), signal()));
      assert.match(prompt.message, /4000/);
      assert.equal(fake.requests.length, 0);
    });
  });
});

describe('openai videos provider vs the fake', () => {
  it('submits, reports rising progress, and downloads the exact bytes', async () => {
    await withFake({}, async ({ fake, ctx, lines }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      assert.equal(job.provider, 'openai-videos');
      assert.match(job.id, /^video_[0-9a-f]{32}$/);
      assert.equal(job.model, SERVED_I2V_MODEL);
      assert.deepEqual(job.data, { size: '1280x720', seconds: '8' });

      const create = fake.requestsTo('create')[0];
      assert.ok(create);
      assert.equal(create.headers['authorization'], `Bearer ${KEY}`);
      assert.equal(create.headers['api-key'], undefined);
      assert.equal(create.body.kind, 'multipart');
      if (create.body.kind === 'multipart') {
        assert.deepEqual(create.body.fields, {
          prompt: 'slow push-in, leaves moving in the wind',
          model: SERVED_I2V_MODEL,
          seconds: '8',
          size: '1280x720',
        });
        assert.equal(create.body.files[0]?.field, 'input_reference');
        assert.equal(create.body.files[0]?.contentType, 'image/png');
        assert.equal(create.body.files[0]?.filename, 'cat.png');
      }
      assert.equal(create.status, 200);

      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['running', 'running', 'running', 'succeeded'],
      );
      const progress = statuses.flatMap((s) => (s.state === 'running' && s.progress !== undefined ? [s.progress] : []));
      assert.deepEqual(progress, [25, 50, 75]);

      const bytes = await collect(await provider.download(job, signal()));
      assert.ok(bytes.equals(generatedVideoBytes(100_000)));
      assert.equal(fake.requestsTo('content')[0]?.query['variant'], 'video');
      assert.ok(lines.some((line) => line.includes(job.id)));
    });
  });

  it('downloads a given body and reports queued for a slow queue', async () => {
    const video = Buffer.from('not really an mp4, but exact bytes');
    await withFake({ video, pollsPerStep: 2 }, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request({ size: { width: 720, height: 1280 }, seconds: 4 }), signal());
      const statuses = await pollUntilDone(provider, job);
      assert.equal(statuses[0]?.state, 'queued');
      assert.equal(statuses.at(-1)?.state, 'succeeded');
      assert.ok((await collect(await provider.download(job, signal()))).equals(video));
    });
  });

  it('maps the exact-size 400 to bad-input naming the size', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      // The metadata says 1280x720 (passes the local check) but the PNG really is 640x360.
      const req = await request({ bytes: await image(640, 360) });
      const error = await rejection(provider.submit(req, signal()));
      assert.equal(error.kind, 'bad-input');
      assert.equal(error.details.status, 400);
      assert.match(error.message, /Inpaint image must match the requested width and height/);
      assert.match(error.message, /1280x720/);
      assert.match(error.details.requestId ?? '', /^req_/);
    });
  });

  it('sends JPEG and WebP with their own content type', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      await provider.submit(await request({ bytes: await image(1280, 720, 'jpeg'), mime: 'image/jpeg' }), signal());
      await provider.submit(await request({ bytes: await image(1280, 720, 'webp'), mime: 'image/webp' }), signal());
      const types = fake
        .requestsTo('create')
        .map((r) => (r.body.kind === 'multipart' ? r.body.files[0]?.contentType : undefined));
      assert.deepEqual(types, ['image/jpeg', 'image/webp']);
    });
  });

  it('reports a moderation failure in plain words with its code', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'a scene with MODERATION_BLOCK in it' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.equal(last?.state, 'failed');
      if (last?.state === 'failed') {
        assert.match(last.reason, /Your request was blocked by our moderation system\./);
        assert.match(last.reason, /moderation_blocked/);
        assert.equal(last.code, 'moderation_blocked');
      }
    });
  });

  it("words the failure in the display language, with the server's own reason as it sent it", async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'a scene with MODERATION_BLOCK in it' }), signal());
      useTranslations(zhCn);
      try {
        const last = (await pollUntilDone(provider, job)).at(-1);
        assert.deepEqual(last, {
          state: 'failed',
          reason:
            'OpenAI 兼容的视频服务器 未能完成任务：Your request was blocked by our moderation system. (moderation_blocked)',
          code: 'moderation_blocked',
        });
      } finally {
        useTranslations({});
      }
    });
  });

  it('treats an unknown status (e.g. "cancelled") as failed with a clear reason', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const fakeJob = fake.jobs.get(job.id);
      assert.ok(fakeJob);
      fakeJob.forceStatus = 'cancelled';
      const status = await provider.poll(job, signal());
      assert.equal(status.state, 'failed');
      if (status.state === 'failed') {
        assert.match(status.reason, /"cancelled"/);
        assert.equal(status.code, 'cancelled');
      }
    });
  });

  it('maps a rejected key to auth without ever showing the key', async () => {
    await withFake({}, async ({ ctx }) => {
      const wrong = 'sk-wrong-key-0123456789abcdef';
      const provider = createOpenAiVideosProvider({ ...ctx, apiKey: wrong });
      const error = await rejection(provider.submit(await request(), signal()));
      assert.equal(error.kind, 'auth');
      assert.equal(error.details.status, 401);
      assert.match(
        error.message,
        /The API key was rejected by 127\.0\.0\.1:\d+ \(401 invalid_api_key\)\. Set a valid key with OPENAI_API_KEY/,
      );
      assert.ok(!error.message.includes(wrong));
    });
  });

  it('redacts the key even when a server echoes it in full', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('retrieve', { kind: 'status', status: 403, message: `Key ${KEY} may not use this model` });
      fake.failNext('retrieve', { kind: 'status', status: 401, message: `Key ${KEY} is wrong` });
      const provider = createOpenAiVideosProvider(ctx);
      const job: RemoteJob = { provider: 'openai-videos', id: 'video_abc', model: 'sora-2' };
      const forbidden = await rejection(provider.poll(job, signal()));
      assert.equal(forbidden.kind, 'auth');
      assert.match(forbidden.message, /\[redacted\] may not use this model/);
      assert.ok(!String((forbidden.cause as Error | undefined)?.message).includes(KEY));
      const unauthorized = await rejection(provider.poll(job, signal()));
      assert.equal(unauthorized.kind, 'auth');
      assert.ok(!String((unauthorized.cause as Error | undefined)?.message).includes(KEY));
    });
  });

  it('maps 429 to rate-limit with retryAfterMs from retry-after-ms, retry-after seconds or an HTTP date', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('retrieve', { kind: 'rate-limit', retryAfterMs: 1500 });
      fake.failNext('retrieve', { kind: 'rate-limit', retryAfter: '3' });
      fake.failNext('retrieve', {
        kind: 'rate-limit',
        retryAfter: new Date(Date.now() + 60_000).toUTCString(),
        code: 'insufficient_quota',
      });
      const first = await rejection(provider.poll(job, signal()));
      assert.equal(first.kind, 'rate-limit');
      assert.equal(first.details.retryAfterMs, 1500);
      assert.equal(first.details.code, 'rate_limit_exceeded');
      const second = await rejection(provider.poll(job, signal()));
      assert.equal(second.details.retryAfterMs, 3000);
      const third = await rejection(provider.poll(job, signal()));
      assert.ok((third.details.retryAfterMs ?? 0) > 50_000 && (third.details.retryAfterMs ?? 0) <= 60_000);
      assert.match(third.message, /out of quota/);
      // the next poll is answered normally: the SDK did not retry on its own
      assert.equal((await provider.poll(job, signal())).state, 'running');
      assert.equal(fake.requestsTo('retrieve').length, 4);
    });
  });

  it('maps 500 to provider with the status and never retries a submit', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', {
        kind: 'status',
        status: 500,
        message: 'The server had an error while processing your request.',
      });
      const provider = createOpenAiVideosProvider(ctx);
      const error = await rejection(provider.submit(await request(), signal()));
      assert.equal(error.kind, 'provider');
      assert.equal(error.details.status, 500);
      assert.match(error.message, /server error \(500\): The server had an error/);
      assert.equal(fake.requestsTo('create').length, 1);
      assert.equal(fake.jobs.size, 0);
    });
  });

  it('explains a 404 on submit as a wrong base URL or deployment', async () => {
    await withFake({ basePath: '/openai/v1' }, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider({ ...ctx, baseUrl: fake.url.replace('/openai/v1', '/v1') });
      const error = await rejection(provider.submit(await request(), signal()));
      assert.equal(error.kind, 'provider');
      assert.equal(error.details.status, 404);
      assert.match(error.message, /Check the base URL/);
    });
  });

  it('gives clear errors for non-JSON, invalid JSON and incomplete replies', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('retrieve', { kind: 'non-json' });
      fake.failNext('retrieve', { kind: 'invalid-json' });
      fake.failNext('retrieve', { kind: 'missing-fields' });
      fake.failNext('retrieve', { kind: 'non-json', status: 502, body: '<html><h1>502 Bad Gateway</h1></html>' });
      const html = await rejection(provider.poll(job, signal()));
      assert.equal(html.kind, 'provider');
      assert.match(html.message, /not JSON \(content-type text\/html/);
      const broken = await rejection(provider.poll(job, signal()));
      assert.equal(broken.kind, 'provider');
      assert.match(broken.message, /not valid JSON/);
      const partial = await rejection(provider.poll(job, signal()));
      assert.equal(partial.kind, 'provider');
      assert.match(partial.message, /not a video object \(bad or missing: id, status\)/);
      const gateway = await rejection(provider.poll(job, signal()));
      assert.equal(gateway.kind, 'provider');
      assert.match(gateway.message, /\(502\): 502 Bad Gateway/);
    });
  });

  it('calls an unreadable 2xx submit reply submit-unknown (a job may exist)', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'missing-fields' });
      const error = await rejection(createOpenAiVideosProvider(ctx).submit(await request(), signal()));
      assert.equal(error.kind, 'submit-unknown');
      assert.match(error.message, /a retry is a new paid job/);
    });
  });

  it('maps a dropped connection after submit to submit-unknown (the job was created)', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'drop' });
      const error = await rejection(createOpenAiVideosProvider(ctx).submit(await request(), signal()));
      assert.equal(error.kind, 'submit-unknown');
      assert.match(
        error.message,
        /may have been created; check the provider before retrying — a retry is a new paid job/,
      );
      assert.equal(fake.jobs.size, 1);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('maps a refused connection to network (nothing was sent, on submit too)', async () => {
    const port = await closedPort();
    const provider = createOpenAiVideosProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${port}/v1`,
      log: recordingLogger([]),
    });
    const error = await rejection(provider.submit(await request(), signal()));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /ECONNREFUSED/);
    const pollError = await rejection(
      provider.poll({ provider: 'openai-videos', id: 'video_x', model: 'sora-2' }, signal()),
    );
    assert.equal(pollError.kind, 'network');
  });

  it('times out a silent server per the timeoutMs option', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('retrieve', { kind: 'hang' });
      const provider = createOpenAiVideosProvider({ ...ctx, options: { timeoutMs: 1000 } });
      const started = Date.now();
      const error = await rejection(
        provider.poll({ provider: 'openai-videos', id: 'video_x', model: 'sora-2' }, signal()),
      );
      assert.equal(error.kind, 'network');
      assert.match(error.message, /no answer within 1 s/);
      assert.ok(Date.now() - started < 5000);
    });
  });

  it('aborts a hanging request when the signal fires', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('retrieve', { kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const error = await rejection(provider.poll(job, controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.ok(isAbortError(error));
      assert.ok(Date.now() - started < 2000);
    });
  });

  it('aborts a download mid-stream', async () => {
    await withFake({ video: { bytes: 64 * 1024 * 1024 }, runningSteps: 0 }, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      assert.equal((await provider.poll(job, signal())).state, 'succeeded');
      const controller = new AbortController();
      const stream = await provider.download(job, controller.signal);
      let received = 0;
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) {
            received += (chunk as Uint8Array).length;
            if (received > 1024 * 1024) controller.abort();
          }
        })(),
      );
      assert.ok(received < 64 * 1024 * 1024);
    });
  });

  it('leaves no abort listeners behind on a long-lived job signal', async () => {
    await withFake({ pollsPerStep: 20 }, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const jobSignal = new AbortController().signal;
      const job = await provider.submit(await request(), jobSignal);
      for (let i = 0; i < 15; i += 1) await provider.poll(job, jobSignal);
      assert.equal(getEventListeners(jobSignal, 'abort').length, 0);
    });
    await withFake({ runningSteps: 0 }, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const jobSignal = new AbortController().signal;
      const job = await provider.submit(await request(), jobSignal);
      await provider.poll(job, jobSignal);
      const stream = await provider.download(job, jobSignal);
      assert.equal(getEventListeners(jobSignal, 'abort').length, 1, 'hooked while the body streams');
      await collect(stream);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(getEventListeners(jobSignal, 'abort').length, 0);
    });
  });

  it('surfaces openai-poll-after-ms as pollAfterMs', async () => {
    await withFake({ pollAfterMs: 1500 }, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const status = await provider.poll(job, signal());
      assert.equal(status.state, 'running');
      if (status.state === 'running') assert.equal(status.pollAfterMs, 1500);
      delete fake.options.pollAfterMs;
      const next = await provider.poll(job, signal());
      assert.ok(next.state === 'running' && next.pollAfterMs === undefined);
    });
  });

  it('cancels by deleting the video on the server', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      await provider.cancel?.(job);
      assert.ok(fake.deletedIds.has(job.id));
      const deletes = fake.requestsTo('delete', 'DELETE');
      assert.equal(deletes.length, 1);
      assert.equal(deletes[0]?.path, `/v1/videos/${job.id}`);
      assert.equal(deletes[0]?.status, 200);
      await provider.cancel?.(job); // already gone: nothing to do
      const poll = await rejection(provider.poll(job, signal()));
      assert.equal(poll.details.status, 404);
      assert.match(poll.message, /deleted or expired/);
    });
  });

  it('surfaces a refused delete', async () => {
    await withFake({ deleteRunning: 'reject' }, async ({ ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const error = await rejection(provider.cancel?.(job) ?? Promise.resolve());
      assert.equal(error.kind, 'provider');
      assert.match(error.message, /cannot be deleted/);
    });
  });

  it('explains a download before completion and a wrong content type', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const early = await rejection(provider.download(job, signal()));
      assert.equal(early.kind, 'provider');
      assert.equal(early.details.status, 404);
      assert.match(early.message, /Video is not ready yet/);
      await pollUntilDone(provider, job);
      fake.failNext('content', { kind: 'non-json', contentType: 'text/html; charset=utf-8' });
      const wrongType = await rejection(provider.download(job, signal()));
      assert.equal(wrongType.kind, 'provider');
      assert.match(wrongType.message, /text\/html; charset=utf-8 instead of a video\/mp4/);
    });
  });

  it('remixes a completed video', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const early = await rejection(provider.remix(job, 'now at night', signal()));
      assert.equal(early.kind, 'bad-input');
      await pollUntilDone(provider, job);
      const remixed = await provider.remix(job, 'now at night', signal());
      assert.notEqual(remixed.id, job.id);
      assert.equal(fake.videoJson(remixed.id)?.['remixed_from_video_id'], job.id);
    });
  });

  it('azure variant sends the api-key header and no Bearer, to the /openai/v1 route', async () => {
    await withFake(
      { auth: 'api-key', basePath: '/openai/v1', deployments: { 'my-sora': 'sora-2' } },
      async ({ fake, ctx, lines }) => {
        const baseUrl = `${fake.url}/?api-version=preview`;
        const provider = createOpenAiVideosProvider(
          { ...ctx, baseUrl, options: { deployment: 'my-sora' } },
          'azure-openai',
        );
        const job = await provider.submit(
          await request({ model: 'my-sora', size: { width: 720, height: 1280 } }),
          signal(),
        );
        assert.equal(job.provider, 'azure-openai');
        assert.equal(job.model, 'my-sora');
        await pollUntilDone(provider, job);
        assert.ok((await collect(await provider.download(job, signal()))).length > 0);
        for (const recorded of fake.requests) {
          assert.equal(recorded.headers['api-key'], KEY);
          assert.equal(recorded.headers['authorization'], undefined);
          assert.ok(recorded.path.startsWith('/openai/v1/videos'));
          assert.equal(recorded.query['api-version'], 'preview');
        }
        assert.ok(!lines.some((line) => line.startsWith('warn')), lines.join('\n'));
      },
    );
  });

  it('can send api-key to an OpenAI-shaped gateway, and Bearer to Azure when asked', async () => {
    for (const [variant, authHeader, expect] of [
      ['openai', 'api-key', 'api-key'],
      ['azure-openai', 'bearer', 'bearer'],
    ] as const) {
      await withFake({ auth: expect }, async ({ fake, ctx }) => {
        const provider = createOpenAiVideosProvider(
          { ...ctx, options: { authHeader } },
          variant as OpenAiVideosVariant,
        );
        await provider.submit(await request(), signal());
        const headers = fake.requestsTo('create')[0]?.headers ?? {};
        assert.equal(headers['api-key'] !== undefined, expect === 'api-key');
        assert.equal(headers['authorization'] !== undefined, expect === 'bearer');
      });
    }
  });

  it('does not pick up OpenAI settings from the environment', async () => {
    const saved = {
      org: process.env['OPENAI_ORG_ID'],
      project: process.env['OPENAI_PROJECT_ID'],
      admin: process.env['OPENAI_ADMIN_KEY'],
    };
    process.env['OPENAI_ORG_ID'] = 'org-from-env';
    process.env['OPENAI_PROJECT_ID'] = 'proj-from-env';
    process.env['OPENAI_ADMIN_KEY'] = 'admin-from-env';
    try {
      await withFake({}, async ({ fake, ctx }) => {
        await createOpenAiVideosProvider(ctx).submit(await request(), signal());
        await createOpenAiVideosProvider({ ...ctx, options: { organization: 'org-1', project: 'proj-1' } }).submit(
          await request(),
          signal(),
        );
        const [plain, configured] = fake.requestsTo('create');
        assert.equal(plain?.headers['openai-organization'], undefined);
        assert.equal(plain?.headers['openai-project'], undefined);
        assert.equal(plain?.headers['authorization'], `Bearer ${KEY}`);
        assert.equal(configured?.headers['openai-organization'], 'org-1');
        assert.equal(configured?.headers['openai-project'], 'proj-1');
      });
    } finally {
      for (const [name, value] of [
        ['OPENAI_ORG_ID', saved.org],
        ['OPENAI_PROJECT_ID', saved.project],
        ['OPENAI_ADMIN_KEY', saved.admin],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('httpErrors helpers', () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
  const context = { host: 'api.example', operation: 'submit' as const, keyHint: 'Set OPENAI_API_KEY.', secrets: [KEY] };

  it('parses Retry-After in its three forms and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfterMs(headers({ 'retry-after-ms': '12.5', 'retry-after': '9' }), now), 13);
    assert.equal(parseRetryAfterMs(headers({ 'retry-after': '2' }), now), 2000);
    assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now), 30_000);
    assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now), 0);
    assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(parseRetryAfterMs(headers({}), now), undefined);
  });

  it('redacts secrets and keeps the rest', () => {
    assert.equal(redactSecrets(`a ${KEY} b ${KEY}`, [KEY]), 'a [redacted] b [redacted]');
  });

  it('tells a refused connection (never sent) from a broken one', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    const happyEyeballs = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ENETUNREACH' })]),
    });
    assert.equal(wasNeverSent(refused), true);
    assert.equal(wasNeverSent(happyEyeballs), true);
    assert.equal(wasNeverSent(reset), false);
    assert.equal(connectionFailure(refused, context, { timedOut: false }).kind, 'network');
    assert.equal(connectionFailure(reset, context, { timedOut: false }).kind, 'submit-unknown');
    assert.equal(connectionFailure(reset, { ...context, operation: 'poll' }, { timedOut: false }).kind, 'network');
    assert.equal(
      connectionFailure(new Error('timeout'), context, { timedOut: true, timeoutMs: 5000 }).kind,
      'submit-unknown',
    );
  });

  it('maps statuses to kinds', () => {
    const kind = (status: number, operation: 'submit' | 'poll' = 'submit') =>
      httpFailure({ status }, { ...context, operation }).kind;
    assert.equal(kind(400), 'bad-input');
    assert.equal(kind(400, 'poll'), 'provider');
    assert.equal(kind(401), 'auth');
    assert.equal(kind(403), 'auth');
    assert.equal(kind(404), 'provider');
    assert.equal(kind(413), 'bad-input');
    assert.equal(kind(429), 'rate-limit');
    assert.equal(kind(500), 'provider');
    assert.equal(kind(418), 'provider');
    assert.match(httpFailure({ status: 504 }, context).message, /can hide a job that was created/);
    const leaky = httpFailure({ status: 401, message: `bad key ${KEY}` }, context);
    assert.ok(!leaky.message.includes(KEY));
  });
});

describe('openai-compatible provider: check without paying', () => {
  it('reports reachable, key accepted and model served from GET /models, creating nothing', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const ok = await provider.check?.(SERVED_I2V_MODEL, signal());
      assert.deepEqual(ok && [ok.reachable, ok.keyAccepted, ok.modelAvailable, ok.ok, ok.problem], [
        true,
        true,
        true,
        true,
        undefined,
      ]);
      const unknown = await provider.check?.('sora-2', signal());
      assert.deepEqual(unknown && [unknown.reachable, unknown.keyAccepted, unknown.modelAvailable, unknown.ok], [
        true,
        true,
        false,
        false,
      ]);
      assert.match(unknown?.problem ?? '', /does not serve sora-2; it serves Wan-AI\/Wan2\.2-I2V-A14B-Diffusers/);
      const bad = await createOpenAiVideosProvider({ ...ctx, apiKey: 'sk-wrong-0000' }).check?.(undefined, signal());
      assert.deepEqual(bad && [bad.reachable, bad.keyAccepted, bad.ok], [true, false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
      assert.ok(fake.requests.every((r) => r.method === 'GET' && r.path === '/v1/models'));
    });
  });

  it('checks an Azure v1 route with GET /models, giving no model verdict (deployments are not listed there)', async () => {
    await withFake(
      { auth: 'api-key', basePath: '/openai/v1', deployments: { 'my-sora': 'sora-2' } },
      async ({ fake, ctx }) => {
        const azure = createOpenAiVideosProvider({ ...ctx, options: { deployment: 'my-sora' } }, 'azure-openai');
        const result = await azure.check?.('my-sora', signal());
        assert.deepEqual(result && [result.reachable, result.keyAccepted, result.modelAvailable, result.ok], [
          true,
          true,
          undefined,
          true,
        ]);
        assert.equal(fake.requests[0]?.path, '/openai/v1/models');
        assert.equal(fake.requests[0]?.headers['api-key'], KEY);
      },
    );
  });

  it('reports a server that is down, and a missing base URL, as not reachable with what to do', async () => {
    const port = await closedPort();
    const down = await createOpenAiVideosProvider({
      log: recordingLogger([]),
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${port}/v1`,
    }).check?.(undefined, signal());
    assert.deepEqual(down && [down.reachable, down.ok], [false, false]);
    assert.match(down?.problem ?? '', /127\.0\.0\.1/);
    const noUrl = await createOpenAiVideosProvider({ log: recordingLogger([]), apiKey: KEY }).check?.(
      undefined,
      signal(),
    );
    assert.deepEqual(noUrl && [noUrl.reachable, noUrl.ok], [false, false]);
    assert.match(noUrl?.problem ?? '', /OPENAI_BASE_URL/);
  });
});

describe('openai-compatible provider: vLLM-Omni extras', () => {
  it('sends negative_prompt and seed in the multipart create, and refuses them for a model without them', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createOpenAiVideosProvider(ctx);
      const job = await provider.submit(
        { ...(await request()), extras: { negativePrompt: 'text, watermark', seed: 7 } },
        signal(),
      );
      const stored = fake.jobs.get(job.id);
      assert.deepEqual([stored?.negativePrompt, stored?.seed], ['text, watermark', 7]);
      const azure = createOpenAiVideosProvider({ ...ctx, options: { deployment: 'my-sora' } }, 'azure-openai');
      const refused = await rejection(
        azure.submit({ ...(await request({ model: 'my-sora' })), extras: { seed: 7 } }, signal()),
      );
      assert.equal(refused.kind, 'bad-input');
      assert.match(refused.message, /cannot take seed/);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });
});

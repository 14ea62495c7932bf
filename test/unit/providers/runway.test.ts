import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import { useTranslations } from '../../../src/core/language';
import type { PreparedRequest } from '../../../src/core/providers/provider';
import type { ImageMime } from '../../../src/core/types';
import type { PreparedImage } from '../../../src/core/image/prepare';
import { createRunwayProvider, runwayProgressPercent } from '../../../src/core/providers/runway';
import { startRunwayFake } from '../../fakes/runwayServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage, type ImageFormat } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'key_SECRET_runway_0123456789abcdef';

const { withFake, rejection } = keyedHarness(KEY, startRunwayFake);

async function image(
  width: number,
  height: number,
  format: ImageFormat = 'jpeg',
  color = { r: 250, g: 200, b: 10 },
): Promise<Uint8Array> {
  return new Uint8Array(await solidImage(width, height, { format, background: color }));
}

function prepared(bytes: Uint8Array, mime: ImageMime, name: string): PreparedImage {
  return { bytes, mime, width: 320, height: 180, fileName: name, sourcePath: `/tmp/${name}` };
}

let first: Uint8Array | undefined;

async function request(
  overrides: Partial<PreparedRequest> & { bytes?: Uint8Array; mime?: ImageMime } = {},
): Promise<PreparedRequest> {
  first ??= await image(320, 180);
  return {
    prompt: overrides.prompt ?? 'the dog runs toward the camera',
    model: overrides.model ?? 'gen4_turbo',
    size: overrides.size ?? { width: 1280, height: 720 },
    seconds: overrides.seconds ?? 5,
    image: prepared(overrides.bytes ?? first, overrides.mime ?? 'image/jpeg', 'dog.jpg'),
    ...(overrides.lastFrame ? { lastFrame: overrides.lastFrame } : {}),
    ...(overrides.extras ? { extras: overrides.extras } : {}),
  };
}

describe('runway provider: capabilities', () => {
  it('offers the live models with their ratios, durations and extras; gen3a_turbo and veo3 only to resume', () => {
    const { info } = createRunwayProvider({ log: recordingLogger([]) });
    assert.equal(info.id, 'runway');
    assert.deepEqual(info.keyEnv, ['RUNWAYML_API_SECRET']);
    assert.equal(info.defaultBaseUrl, 'https://api.dev.runwayml.com');
    assert.deepEqual(
      info.models.map((m) => [m.id, m.lastFrame, m.seconds]),
      [
        ['gen4_turbo', false, [5, 10]],
        ['gen4.5', false, [5, 2, 3, 4, 6, 7, 8, 9, 10]],
        ['veo3.1', true, [8, 4, 6]],
        ['veo3.1_fast', true, [8, 4, 6]],
      ],
    );
    const [gen4, , veo] = info.models;
    assert.deepEqual(gen4?.sizes, ['1280x720', '720x1280', '1104x832', '832x1104', '960x960', '1584x672']);
    assert.deepEqual(veo?.sizes, ['1280x720', '720x1280', '1920x1080', '1080x1920']);
    assert.deepEqual(
      info.retiredModels?.map((m) => m.id),
      ['gen3a_turbo', 'veo3'],
    );
    for (const m of info.models) {
      assert.deepEqual([m.progress, m.cancel, m.remix], [true, true, false]);
      assert.equal(m.maxPromptLength, 1000);
      assert.equal(m.maxImageBytes, 3_700_000);
    }
  });

  it('reads progress as a fraction, or as a percentage when above 1', () => {
    assert.equal(runwayProgressPercent(0.25), 25);
    assert.equal(runwayProgressPercent(1), 100);
    assert.equal(runwayProgressPercent(42), 42);
    assert.equal(runwayProgressPercent(140), 100);
    assert.equal(runwayProgressPercent(-0.5), 0);
    assert.equal(runwayProgressPercent(null), undefined);
    assert.equal(runwayProgressPercent(Number.NaN), undefined);
  });
});

describe('runway provider vs the fake', () => {
  it('submits, reports queued then rising progress every ≥ 5 s, and downloads the output without the key', async () => {
    await withFake({ throttleFirst: true }, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request({ size: { width: 1584, height: 672 }, seconds: 10 }), signal());
      assert.equal(job.provider, 'runway');
      assert.match(job.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(job.data, { size: '1584x672', seconds: '10' });

      const create = fake.requestsTo('create')[0];
      assert.equal(create?.headers['authorization'], `Bearer ${KEY}`);
      assert.equal(create?.headers['x-runway-version'], '2024-11-06');
      const body = create?.json as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['duration', 'model', 'promptImage', 'promptText', 'ratio']);
      assert.equal(body.model, 'gen4_turbo');
      assert.equal(body.ratio, '1584:672');
      assert.equal(body.duration, 10);
      assert.equal(body.promptText, 'the dog runs toward the camera');
      assert.match(String(body.promptImage), /^data:image\/jpeg;base64,\/9j\//);

      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'running', 'succeeded'],
      );
      const progress = statuses.flatMap((s) => (s.state === 'running' && s.progress !== undefined ? [s.progress] : []));
      assert.deepEqual(progress, [25, 50, 75]);
      for (const status of statuses) {
        if (status.state === 'queued' || status.state === 'running')
          assert.ok((status.pollAfterMs ?? 0) >= 5000, 'polls faster than Runway allows');
      }
      assert.ok(fake.requestsTo('task').every((r) => r.headers['x-runway-version'] === '2024-11-06'));

      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      const bytes = await collect(await provider.download(done.job, signal()));
      assert.ok(bytes.equals(generatedVideoBytes(50_000)));
      const download = fake.requestsTo('download')[0];
      assert.equal(download?.status, 200);
      assert.equal(download?.headers['authorization'], undefined);
    });
  });

  it('takes progress reported as a percentage', async () => {
    await withFake({ progressScale: 'percent', runningSteps: 1 }, async ({ ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => (s.state === 'running' ? s.progress : s.state)),
        ['queued', 50, 'succeeded'],
      );
    });
  });

  it('sends first and last frames as a promptImage array for veo3.1, with seed, audio and negative prompt in their own fields', async () => {
    await withFake({}, async ({ fake, ctx, lines }) => {
      const provider = createRunwayProvider(ctx);
      const last = prepared(await image(320, 180, 'png', { r: 10, g: 10, b: 200 }), 'image/png', 'end.png');
      await provider.submit(
        await request({
          model: 'veo3.1',
          size: { width: 720, height: 1280 },
          seconds: 6,
          lastFrame: last,
          extras: { seed: 42, audio: false, negativePrompt: 'blur' },
        }),
        signal(),
      );
      const body = fake.requestsTo('create')[0]?.json as {
        promptImage: { uri: string; position: string }[];
        ratio: string;
        seed: number;
        audio: boolean;
        negativePrompt: string;
      };
      assert.equal(fake.requestsTo('create')[0]?.status, 200);
      assert.equal(body.ratio, '720:1280');
      assert.deepEqual([body.seed, body.audio, body.negativePrompt], [42, false, 'blur']);
      assert.ok(Array.isArray(body.promptImage));
      assert.deepEqual(
        body.promptImage.map((p) => p.position),
        ['first', 'last'],
      );
      assert.match(body.promptImage[0]?.uri ?? '', /^data:image\/jpeg;base64,/);
      assert.match(body.promptImage[1]?.uri ?? '', /^data:image\/png;base64,iVBOR/);
      const task = [...fake.tasks.values()][0];
      assert.deepEqual(
        task?.images.map((i) => [i.position, i.type]),
        [
          ['first', 'image/jpeg'],
          ['last', 'image/png'],
        ],
      );
      assert.deepEqual([task?.duration, task?.seed, task?.audio, task?.negativePrompt], [6, 42, false, 'blur']);
      assert.ok(
        lines.some((line) => /estimates at most 240 credits/.test(line)),
        lines.join('\n'),
      );
    });
  });

  it('sends gen4.5 with its required prompt and any whole 2–10 s, and a custom seedance2 between two images', async () => {
    const seedance = {
      provider: 'runway' as const,
      id: 'seedance2_fast',
      sizes: ['1280x720', '720x1280'],
      seconds: [5, 10],
      lastFrame: true,
      extras: ['seed' as const, 'audio' as const],
    };
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createRunwayProvider({ ...ctx, customModels: [seedance] });
      await provider.submit(await request({ model: 'gen4.5', seconds: 3, extras: { seed: 1 } }), signal());
      const req = await request({ model: 'seedance2_fast', seconds: 10, extras: { audio: true } });
      await provider.submit({ ...req, lastFrame: req.image }, signal());
      const [gen45, seed2] = fake.requestsTo('create');
      assert.deepEqual([gen45?.status, seed2?.status], [200, 200]);
      assert.deepEqual((gen45?.json as { duration: number; seed: number }).duration, 3);
      assert.equal((seed2?.json as { audio: boolean }).audio, true);
      const noPrompt = await rejection(provider.submit(await request({ model: 'gen4.5', prompt: '  ' }), signal()));
      assert.match(noPrompt.message, /gen4\.5 needs a prompt/);
      assert.equal(fake.requestsTo('create').length, 2);
    });
  });

  it('refuses the retired gen3a_turbo before sending; the real API no longer takes it either', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const error = await rejection(
        createRunwayProvider(ctx).submit(
          await request({ model: 'gen3a_turbo', size: { width: 1280, height: 768 } }),
          signal(),
        ),
      );
      assert.equal(error.kind, 'bad-input');
      assert.equal(fake.requests.length, 0);
      const raw = await fetch(`${fake.url}/v1/image_to_video`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'x-runway-version': '2024-11-06',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          model: 'gen3a_turbo',
          promptImage: 'https://example.com/a.jpg',
          ratio: '1280:768',
          duration: 5,
        }),
      });
      assert.equal(raw.status, 400);
      assert.match(JSON.stringify(await raw.json()), /Invalid enum value.*received 'gen3a_turbo'/);
    });
  });

  it('refuses a last frame for gen4_turbo, sizes and durations it cannot make, and big images, before sending', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const req = await request();
      const last = await rejection(provider.submit({ ...req, lastFrame: req.image }, signal()));
      assert.equal(last.kind, 'bad-input');
      assert.match(
        last.message,
        /gen4_turbo takes a first frame only; to animate between two images use veo3\.1, veo3\.1_fast/,
      );
      const size = await rejection(provider.submit(await request({ size: { width: 1280, height: 768 } }), signal()));
      assert.match(size.message, /not 1280x768/);
      const seconds = await rejection(provider.submit(await request({ seconds: 8 }), signal()));
      assert.match(seconds.message, /5, 10 seconds, not 8/);
      const extra = await rejection(provider.submit(await request({ extras: { negativePrompt: 'x' } }), signal()));
      assert.match(extra.message, /cannot take negativePrompt/);
      const big = await rejection(provider.submit(await request({ bytes: new Uint8Array(3_700_001) }), signal()));
      assert.match(big.message, /data URIs of at most 5 MB/);
      assert.match(big.message, /under 3\.7 MB/);
      assert.equal(fake.requests.length, 0);
    });
  });

  it('cancels with DELETE /v1/tasks/{id}; the task then reads CANCELLED', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request(), signal());
      await provider.poll(job, signal());
      assert.ok(provider.cancel);
      await provider.cancel(job);
      const del = fake.requestsTo('delete')[0];
      assert.equal(del?.path, `/v1/tasks/${job.id}`);
      assert.equal(del?.status, 204);
      assert.equal(del?.headers['x-runway-version'], '2024-11-06');
      const status = await provider.poll(job, signal());
      assert.ok(status.state === 'failed');
      assert.equal(status.code, 'CANCELLED');
      // A finished task is deleted; cancelling it again (404) is not an error.
      await provider.cancel(job);
      await provider.cancel(job);
      assert.deepEqual(
        fake.requestsTo('delete').map((r) => r.status),
        [204, 204, 404],
      );
    });
  });

  it('reports a moderation failure with its failureCode in plain words', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'SAFETY.INPUT.TEXT');
      assert.match(
        last.reason,
        /content moderation rejected the job: Your input did not pass our content moderation\. \(SAFETY\.INPUT\.TEXT\)/,
      );
    });
    await withFake(
      { failure: { failure: 'An unexpected error occurred.', failureCode: 'INTERNAL.BAD_OUTPUT.CODE01' } },
      async ({ ctx }) => {
        const provider = createRunwayProvider(ctx);
        const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
        const last = (await pollUntilDone(provider, job)).at(-1);
        assert.ok(last?.state === 'failed');
        assert.equal(
          last.reason,
          'Runway failed the task: An unexpected error occurred. (INTERNAL.BAD_OUTPUT.CODE01).',
        );
      },
    );
  });

  it("says a moderation failure and a refused size in the display language; the server's reason stays as sent", async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
      useTranslations(zhCn);
      try {
        const last = (await pollUntilDone(provider, job)).at(-1);
        assert.ok(last?.state === 'failed');
        assert.equal(
          last.reason,
          'Runway 的内容审核拒绝了该任务: Your input did not pass our content moderation.（SAFETY.INPUT.TEXT）。请修改提示词或图片。',
        );
        const size = await rejection(provider.submit(await request({ size: { width: 1280, height: 768 } }), signal()));
        assert.equal(
          size.message,
          'gen4_turbo 生成的视频尺寸为 1280x720, 720x1280, 1104x832, 832x1104, 960x960, 1584x672，不支持 1280x768。',
        );
      } finally {
        useTranslations({});
      }
    });
  });

  it('maps 401 to auth without the key; a missing key fails before any request', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const wrong = 'key_WRONG_0123456789abcdef';
      const error = await rejection(createRunwayProvider({ ...ctx, apiKey: wrong }).submit(await request(), signal()));
      assert.equal(error.kind, 'auth');
      assert.equal(error.details.status, 401);
      assert.match(error.message, /Set a valid API secret with RUNWAYML_API_SECRET/);
      assert.ok(!error.message.includes(wrong));
      const count = fake.requests.length;
      const none = await rejection(
        createRunwayProvider({ ...ctx, apiKey: undefined }).poll(
          { provider: 'runway', id: 'x', model: 'gen4_turbo' },
          signal(),
        ),
      );
      assert.equal(none.kind, 'auth');
      assert.equal(fake.requests.length, count);
    });
  });

  it('maps 429 with Retry-After to rate-limit, and 5xx to provider', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('task', { kind: 'rate-limit', retryAfter: '9' });
      const limited = await rejection(provider.poll(job, signal()));
      assert.equal(limited.kind, 'rate-limit');
      assert.equal(limited.details.retryAfterMs, 9000);
      assert.match(limited.message, /concurrency limit/);
      fake.failNext('create', { kind: 'status', status: 502, message: 'Bad gateway' });
      const gateway = await rejection(provider.submit(await request(), signal()));
      assert.equal(gateway.kind, 'provider');
      assert.equal(gateway.details.status, 502);
      assert.match(gateway.message, /can hide a job that was created/);
    });
  });

  it("shows the fake's validation issues on a 400", async () => {
    await withFake({}, async ({ ctx }) => {
      // The request says PNG but the bytes are JPEG: the fake refuses the data URI.
      const error = await rejection(createRunwayProvider(ctx).submit(await request({ mime: 'image/png' }), signal()));
      assert.equal(error.kind, 'bad-input');
      assert.match(
        error.message,
        /Validation of body failed; promptImage: The data URI says image\/png but the image is image\/jpeg/,
      );
    });
  });

  it('gives clear errors for malformed replies; an unreadable 2xx submit is submit-unknown', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('task', { kind: 'non-json' });
      const html = await rejection(provider.poll(job, signal()));
      assert.equal(html.kind, 'provider');
      assert.match(html.message, /not JSON/);
      fake.failNext('task', { kind: 'missing-fields' });
      const partial = await rejection(provider.poll(job, signal()));
      assert.match(partial.message, /unexpected reply \(status:/);
      fake.failNext('create', { kind: 'invalid-json' });
      const unknown = await rejection(provider.submit(await request(), signal()));
      assert.equal(unknown.kind, 'submit-unknown');
      assert.match(unknown.message, /a retry is a new paid task/);
    });
  });
  it('turns an abort during submit into cancelled, warning that the job may exist', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(createRunwayProvider(ctx).submit(await request(), controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.match(error.message, /may already have been created at Runway/);
    });
  });
});

describe('runway fake contract', () => {
  it('requires X-Runway-Version and refuses a last frame for gen4_turbo', async () => {
    await withFake({}, async ({ fake }) => {
      const dataUri = `data:image/jpeg;base64,${Buffer.from(await image(320, 180)).toString('base64')}`;
      const post = (body: unknown, headers: Record<string, string>) =>
        fetch(`${fake.url}/v1/image_to_video`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
          body: JSON.stringify(body),
        });
      const noVersion = await post({ model: 'gen4_turbo', promptImage: dataUri, ratio: '1280:720' }, {});
      assert.equal(noVersion.status, 400);
      assert.match(((await noVersion.json()) as { error: string }).error, /X-Runway-Version/);
      const lastFrame = await post(
        {
          model: 'gen4_turbo',
          ratio: '1280:720',
          promptImage: [
            { uri: dataUri, position: 'first' },
            { uri: dataUri, position: 'last' },
          ],
        },
        { 'x-runway-version': '2024-11-06' },
      );
      assert.equal(lastFrame.status, 400);
      assert.equal(fake.tasks.size, 0);
    });
  });

  it('can refuse status checks closer together than 5 s', async () => {
    let now = 1_000_000;
    await withFake({ minPollIntervalMs: 5000, now: () => now }, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const first = await provider.poll(job, signal());
      now += (first.state === 'queued' || first.state === 'running' ? first.pollAfterMs : 0) ?? 0;
      await provider.poll(job, signal());
      assert.equal(fake.tooFastPolls, 0);
      const tooSoon = await rejection(provider.poll(job, signal()));
      assert.equal(tooSoon.kind, 'rate-limit');
      assert.equal(fake.tooFastPolls, 1);
    });
  });
});

describe('runway provider: check without paying', () => {
  it('reads GET /v1/organization: key, the tier models and the credits left, creating nothing', async () => {
    await withFake({ tierModels: ['gen4_turbo', 'veo3.1'] }, async ({ fake, ctx }) => {
      const provider = createRunwayProvider(ctx);
      const ok = await provider.check?.('veo3.1', signal());
      assert.deepEqual(ok && [ok.reachable, ok.keyAccepted, ok.modelAvailable, ok.ok, ok.endpoint], [
        true,
        true,
        true,
        true,
        `${new URL(fake.url).host}/v1/organization`,
      ]);
      const missing = await provider.check?.('gen4.5', signal());
      assert.deepEqual(missing && [missing.modelAvailable, missing.ok], [false, false]);
      assert.match(
        missing?.problem ?? '',
        /gen4\.5 is not among the models of this key's tier \(gen4_turbo, veo3\.1\)/,
      );
      const bad = await createRunwayProvider({ ...ctx, apiKey: 'key_wrong_000000000' }).check?.(undefined, signal());
      assert.deepEqual(bad && [bad.reachable, bad.keyAccepted, bad.ok], [true, false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
      assert.ok(
        fake.requests.every((r) => r.route === 'organization' && r.headers['x-runway-version'] === '2024-11-06'),
      );
    });
    await withFake({ creditBalance: 0 }, async ({ ctx }) => {
      const broke = await createRunwayProvider(ctx).check?.(undefined, signal());
      assert.deepEqual(broke && [broke.keyAccepted, broke.ok], [true, false]);
      assert.match(broke?.problem ?? '', /no credits left/);
    });
    const down = await createRunwayProvider({
      log: recordingLogger([]),
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
    }).check?.(undefined, signal());
    assert.deepEqual(down && [down.reachable, down.ok], [false, false]);
  });
});

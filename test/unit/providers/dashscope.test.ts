import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import { prepareImage } from '../../../src/core/image/prepare';
import { useTranslations } from '../../../src/core/language';
import { createDashScopeProvider, wanTierFor } from '../../../src/core/providers/dashscope';
import type { PreparedRequest } from '../../../src/core/providers/provider';
import { findModel } from '../../../src/core/request';
import type { ImageMime } from '../../../src/core/types';
import { startDashScopeFake, type DashScopeFake } from '../../fakes/dashscopeServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage, type ImageFormat } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'sk-dashscope-SECRET-0123456789abcdef';

const { withFake, rejection } = keyedHarness(KEY, startDashScopeFake);

async function image(
  width: number,
  height: number,
  format: ImageFormat = 'jpeg',
  channels: 3 | 4 = 3,
): Promise<Uint8Array> {
  const background = channels === 4 ? { r: 200, g: 80, b: 40, alpha: 0.5 } : { r: 200, g: 80, b: 40 };
  return new Uint8Array(await solidImage(width, height, { format, channels, background }));
}

let smallJpeg: Uint8Array | undefined;

async function request(
  overrides: Partial<PreparedRequest> & { bytes?: Uint8Array; mime?: ImageMime; imageSize?: [number, number] } = {},
): Promise<PreparedRequest> {
  const [w, h] = overrides.imageSize ?? [480, 360];
  smallJpeg ??= await image(480, 360);
  const bytes = overrides.bytes ?? smallJpeg;
  return {
    prompt: overrides.prompt ?? 'the cat slowly turns its head',
    model: overrides.model ?? 'wan2.2-i2v-flash',
    size: overrides.size ?? { width: 1280, height: 720 },
    seconds: overrides.seconds ?? 5,
    image: {
      bytes,
      mime: overrides.mime ?? 'image/jpeg',
      width: w,
      height: h,
      fileName: 'cat.jpg',
      sourcePath: '/tmp/cat.jpg',
    },
    ...(overrides.lastFrame ? { lastFrame: overrides.lastFrame } : {}),
    ...(overrides.extras ? { extras: overrides.extras } : {}),
  };
}

function createBody(
  fake: DashScopeFake,
  index = 0,
): { model: string; input: Record<string, string>; parameters: Record<string, unknown> } {
  const body = fake.requestsTo('create')[index]?.json;
  assert.ok(body, 'no create request recorded');
  return body as { model: string; input: Record<string, string>; parameters: Record<string, unknown> };
}

describe('dashscope provider: capabilities', () => {
  it('offers WxH sizes per allowed tier (default tier first) and per-model durations and limits', () => {
    const { info } = createDashScopeProvider({ log: recordingLogger([]) });
    assert.equal(info.id, 'dashscope');
    assert.deepEqual(info.keyEnv, ['DASHSCOPE_API_KEY']);
    assert.equal(info.defaultBaseUrl, 'https://dashscope.aliyuncs.com/api/v1');
    const model = (id: string) => {
      const found = info.models.find((m) => m.id === id);
      assert.ok(found, id);
      return found;
    };
    assert.deepEqual(model('wan2.2-i2v-flash').sizes, [
      '1280x720',
      '720x1280',
      '854x480',
      '480x854',
      '1920x1080',
      '1080x1920',
    ]);
    assert.deepEqual(model('wan2.2-i2v-plus').sizes, ['1920x1080', '1080x1920', '854x480', '480x854']);
    assert.deepEqual(model('wan2.5-i2v-preview').sizes.slice(0, 2), ['1920x1080', '1080x1920']);
    assert.deepEqual(model('wan2.6-i2v').sizes, ['1920x1080', '1080x1920', '1280x720', '720x1280']);
    assert.deepEqual(model('wanx2.1-i2v-turbo').sizes, ['1280x720', '720x1280', '854x480', '480x854']);
    assert.deepEqual(model('wanx2.1-i2v-plus').sizes, ['1280x720', '720x1280']);
    assert.deepEqual(model('wan2.2-i2v-plus').seconds, [5]);
    assert.deepEqual(model('wan2.5-i2v-preview').seconds, [5, 10]);
    assert.deepEqual(model('wan2.6-i2v').seconds, [5, 10, 15]);
    assert.deepEqual(
      [...model('wan2.6-i2v-flash').seconds].sort((a, b) => a - b),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    );
    assert.deepEqual([...model('wanx2.1-i2v-turbo').seconds].sort(), [3, 4, 5]);
    assert.equal(model('wanx2.1-i2v-turbo').seconds[0], 5);
    assert.equal(model('wan2.2-i2v-flash').maxPromptLength, 800);
    assert.equal(model('wan2.6-i2v').maxPromptLength, 1500);
    assert.deepEqual(model('wan2.7-i2v').seconds, [5, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(model('wan2.7-i2v').sizes, ['1920x1080', '1080x1920', '1280x720', '720x1280']);
    assert.deepEqual(model('wanx2.1-kf2v-plus').sizes, ['1280x720', '720x1280']);
    for (const m of info.models) {
      // 10 MB for every model (not 20 MB for 2.5/2.6); PENDING tasks can be cancelled.
      assert.equal(m.maxImageBytes, 10_000_000, m.id);
      const between = m.id === 'wan2.7-i2v' || m.id === 'wanx2.1-kf2v-plus';
      assert.deepEqual(
        [m.progress, m.cancel, m.lastFrame, m.remix, m.imageInput],
        [false, true, between, false, undefined],
        m.id,
      );
    }
  });

  it('maps sizes to tiers per model', () => {
    assert.equal(wanTierFor('wan2.2-i2v-flash', '720x1280'), '720P');
    assert.equal(wanTierFor('wan2.2-i2v-flash', '480x854'), '480P');
    assert.equal(wanTierFor('wan2.2-i2v-plus', '1080x1920'), '1080P');
    assert.equal(wanTierFor('wan2.2-i2v-plus', '1280x720'), undefined);
    assert.equal(wanTierFor('wan2.6-i2v', '854x480'), undefined);
    assert.equal(wanTierFor('nope', '1280x720'), undefined);
  });
});

describe('dashscope provider vs the fake', () => {
  it('sends every offered size as its tier, with duration only where the model can change it', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      let index = 0;
      for (const model of provider.info.models) {
        for (const size of model.sizes) {
          const [width, height] = size.split('x').map(Number) as [number, number];
          const seconds = model.seconds[model.seconds.length - 1] ?? 5;
          const req = await request({ model: model.id, size: { width, height }, seconds });
          await provider.submit(model.id === 'wanx2.1-kf2v-plus' ? { ...req, lastFrame: req.image } : req, signal());
          const body = createBody(fake, index++);
          assert.equal(body.model, model.id);
          assert.equal(body.parameters.resolution, wanTierFor(model.id, size), `${model.id} ${size}`);
          const changeable = model.seconds.length > 1;
          assert.equal(body.parameters.duration, changeable ? seconds : undefined, `${model.id} duration`);
        }
      }
      assert.ok(fake.requestsTo('create').every((r) => r.status === 200));
    });
  });

  it('refuses a tier the model does not allow before sending, and the fake refuses it too', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const error = await rejection(
        provider.submit(await request({ model: 'wan2.2-i2v-plus', size: { width: 1280, height: 720 } }), signal()),
      );
      assert.equal(error.kind, 'bad-input');
      assert.match(
        error.message,
        /wan2\.2-i2v-plus makes videos of 1920x1080, 1080x1920, 854x480, 480x854 \(tiers 1080P, 480P\), not 1280x720/,
      );
      const seconds = await rejection(
        provider.submit(await request({ model: 'wan2.2-i2v-flash', seconds: 10 }), signal()),
      );
      assert.match(seconds.message, /5 seconds, not 10/);
      assert.equal(fake.requests.length, 0);

      const dataUri = `data:image/jpeg;base64,${Buffer.from(await image(480, 360)).toString('base64')}`;
      const response = await fetch(`${fake.url}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'x-dashscope-async': 'enable', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'wan2.2-i2v-plus',
          input: { img_url: dataUri },
          parameters: { resolution: '720P' },
        }),
      });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { code: string; message: string };
      assert.equal(body.code, 'InvalidParameter');
      assert.match(body.message, /720P/);
    });
  });

  it('runs a task: PENDING → queued, RUNNING → running every 15 s, SUCCEEDED → the link, downloaded without the key', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(
        await request({ model: 'wan2.5-i2v-preview', size: { width: 720, height: 1280 }, seconds: 10 }),
        signal(),
      );
      assert.equal(job.provider, 'dashscope');
      assert.equal(job.model, 'wan2.5-i2v-preview');
      assert.deepEqual(job.data, { size: '720x1280', seconds: '10', resolution: '720P' });

      const create = fake.requestsTo('create')[0];
      assert.equal(create?.headers['authorization'], `Bearer ${KEY}`);
      assert.equal(create?.headers['x-dashscope-async'], 'enable');
      const body = createBody(fake);
      assert.equal(body.input.prompt, 'the cat slowly turns its head');
      assert.match(body.input.img_url ?? '', /^data:image\/jpeg;base64,\/9j\//);
      assert.deepEqual(body.parameters, { resolution: '720P', duration: 10, prompt_extend: true, watermark: false });

      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'succeeded'],
      );
      assert.equal(statuses[0]?.state === 'queued' && statuses[0].pollAfterMs, undefined);
      assert.equal(statuses[1]?.state === 'running' && statuses[1].pollAfterMs, 15_000);
      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      const finished = done.job;
      assert.match(finished.data?.videoUrl ?? '', /\/oss\/.+\.mp4\?Expires=\d+&/);
      for (const poll of fake.requestsTo('task')) {
        assert.equal(poll.headers['authorization'], `Bearer ${KEY}`);
        assert.equal(poll.headers['x-dashscope-async'], undefined);
      }

      const bytes = await collect(await provider.download(finished, signal()));
      assert.ok(bytes.equals(generatedVideoBytes(50_000)));
      const download = fake.requestsTo('download')[0];
      assert.equal(download?.status, 200);
      assert.equal(download?.headers['authorization'], undefined);
    });
  });

  it('can turn prompt_extend off and omits an empty prompt', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider({ ...ctx, options: { promptExtend: false } });
      await provider.submit(await request({ prompt: '  ' }), signal());
      const body = createBody(fake);
      assert.equal(body.input.prompt, undefined);
      assert.equal(body.parameters.prompt_extend, false);
    });
  });

  it('sends a prepared PNG as it was prepared: RGB (colour type 2), which the API takes; the fake refuses alpha PNGs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashscope-png-'));
    try {
      await withFake({}, async ({ fake, ctx }) => {
        const rgba = await image(480, 360, 'png', 4);
        const direct = await fetch(`${fake.url}/services/aigc/video-generation/video-synthesis`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${KEY}`,
            'x-dashscope-async': 'enable',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            model: 'wan2.2-i2v-flash',
            input: { img_url: `data:image/png;base64,${Buffer.from(rgba).toString('base64')}` },
          }),
        });
        assert.equal(direct.status, 400);
        assert.match(((await direct.json()) as { message: string }).message, /alpha/);

        const provider = createDashScopeProvider(ctx);
        const model = findModel(provider.info, 'wan2.2-i2v-flash');
        // A half-transparent source and an opaque one: both are flattened, so both are written as RGB.
        for (const [name, bytes] of [
          ['transparent.png', rgba],
          ['opaque.png', await image(480, 360, 'png')],
        ] as const) {
          const path = join(dir, name);
          await writeFile(path, bytes);
          const prepared = await prepareImage(path, {
            size: { width: 480, height: 360 },
            fit: 'crop',
            maxBytes: model.maxImageBytes,
          });
          assert.equal(prepared.mime, 'image/png');
          assert.equal(prepared.bytes[25], 2, `${name}: IHDR colour type`);
          await provider.submit(await request({ bytes: prepared.bytes, mime: 'image/png' }), signal());
          const sent = createBody(fake, fake.requestsTo('create').length - 1).input.img_url ?? '';
          // Byte for byte what prepareImage encoded: DashScope encodes nothing again.
          assert.equal(sent, `data:image/png;base64,${Buffer.from(prepared.bytes).toString('base64')}`, name);
          assert.equal(fake.requestsTo('create').at(-1)?.status, 200);
        }
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports output moderation (FAILED DataInspectionFailed) in plain words', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK please' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'DataInspectionFailed');
      assert.match(last.reason, /content moderation/);
      assert.match(last.reason, /Output data may contain inappropriate content\. Change the prompt/);
      assert.doesNotMatch(last.reason, /\.\./, 'no double full stop (issue #11)');
    });
  });

  it('reports input moderation (400 DataInspectionFailed on create) as bad input', async () => {
    await withFake({}, async ({ ctx }) => {
      const error = await rejection(
        createDashScopeProvider(ctx).submit(await request({ prompt: 'INPUT_BLOCK' }), signal()),
      );
      assert.equal(error.kind, 'bad-input');
      assert.equal(error.details.code, 'DataInspectionFailed');
      assert.match(error.message, /Input data may contain inappropriate content/);
      assert.match(error.message, /content moderation/);
      assert.match(error.message, /request [0-9a-f-]{36}/);
    });
  });

  it('reports other FAILED codes, CANCELED and UNKNOWN', async () => {
    await withFake(
      { failure: { code: 'InvalidParameter', message: 'The size is not match xxxxxx' } },
      async ({ fake, ctx }) => {
        const provider = createDashScopeProvider(ctx);
        const failing = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
        const last = (await pollUntilDone(provider, failing)).at(-1);
        assert.ok(last?.state === 'failed');
        assert.equal(last.reason, 'DashScope failed the task: The size is not match xxxxxx (InvalidParameter).');

        const cancelled = await provider.submit(await request(), signal());
        const task = fake.tasks.get(cancelled.id);
        assert.ok(task);
        task.forceStatus = 'CANCELED';
        const status = await provider.poll(cancelled, signal());
        assert.ok(status.state === 'failed');
        assert.equal(status.code, 'CANCELED');

        const unknown = await provider.poll(
          { provider: 'dashscope', id: 'af6efbc0-4bef-4194-8246-000000000000', model: 'wan2.2-i2v-flash' },
          signal(),
        );
        assert.ok(unknown.state === 'failed');
        assert.equal(unknown.code, 'UNKNOWN');
        assert.match(unknown.reason, /the task expired or does not exist \(DashScope keeps tasks 24 h\)/);
      },
    );
  });

  it('a task older than 24 h is UNKNOWN, and an expired link is explained', async () => {
    let now = Date.now();
    await withFake({ now: () => now }, async ({ ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      now += 25 * 3600_000;
      const error = await rejection(provider.download(done.job, signal()));
      assert.equal(error.kind, 'provider');
      assert.equal(error.details.status, 403);
      assert.match(error.message, /expires 24 h after the task finished/);
      const later = await provider.poll(job, signal());
      assert.ok(later.state === 'failed' && later.code === 'UNKNOWN');
    });
  });

  it('maps 401 to auth without the key, and a missing key fails before any request', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const wrong = 'sk-wrong-0123456789abcdef';
      const error = await rejection(
        createDashScopeProvider({ ...ctx, apiKey: wrong }).submit(await request(), signal()),
      );
      assert.equal(error.kind, 'auth');
      assert.equal(error.details.status, 401);
      assert.equal(error.details.code, 'InvalidApiKey');
      assert.match(
        error.message,
        /rejected by 127\.0\.0\.1:\d+ \(401 InvalidApiKey\)\. Set a valid key with DASHSCOPE_API_KEY/,
      );
      assert.match(error.message, /region/);
      assert.ok(!error.message.includes(wrong));
      const count = fake.requests.length;
      const none = await rejection(
        createDashScopeProvider({ ...ctx, apiKey: undefined }).poll(
          { provider: 'dashscope', id: 'x', model: 'wan2.2-i2v-flash' },
          signal(),
        ),
      );
      assert.equal(none.kind, 'auth');
      assert.equal(fake.requests.length, count);
    });
  });

  it('maps 403 Arrearage to auth with the reason, 404 ModelNotFound to provider', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      fake.failNext('create', {
        kind: 'status',
        status: 403,
        code: 'Arrearage',
        message: 'Access denied, please make sure your account is in good standing.',
      });
      const arrears = await rejection(provider.submit(await request(), signal()));
      assert.equal(arrears.kind, 'auth');
      assert.match(arrears.message, /overdue payment/);
      fake.failNext('create', { kind: 'status', status: 404, code: 'ModelNotFound', message: 'Model not exist.' });
      const missing = await rejection(provider.submit(await request(), signal()));
      assert.equal(missing.kind, 'provider');
      assert.equal(missing.details.code, 'ModelNotFound');
      assert.match(missing.message, /Model not exist\..*not offered in this region/);
    });
  });

  it('maps 429 Throttling with Retry-After to rate-limit with retryAfterMs', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('task', { kind: 'rate-limit', retryAfter: '7' });
      const error = await rejection(provider.poll(job, signal()));
      assert.equal(error.kind, 'rate-limit');
      assert.equal(error.details.retryAfterMs, 7000);
      assert.equal(error.details.code, 'Throttling.RateQuota');
      fake.failNext('create', {
        kind: 'rate-limit',
        code: 'Throttling.AllocationQuota',
        message: 'Allocated quota exceeded.',
      });
      const quota = await rejection(provider.submit(await request(), signal()));
      assert.equal(quota.kind, 'rate-limit');
      assert.equal(quota.details.retryAfterMs, undefined);
      assert.match(quota.message, /quota is used up/);
    });
  });

  it('maps 500 InternalError to provider with its status', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      fake.failNext('task', {
        kind: 'status',
        status: 500,
        code: 'InternalError',
        message: 'An internal error has occured, please try again later.',
      });
      const error = await rejection(
        provider.poll({ provider: 'dashscope', id: 'x', model: 'wan2.2-i2v-flash' }, signal()),
      );
      assert.equal(error.kind, 'provider');
      assert.equal(error.details.status, 500);
      assert.match(error.message, /server error \(500\): An internal error/);
    });
  });

  it('gives clear errors for malformed replies; an unreadable 2xx submit is submit-unknown', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('task', { kind: 'invalid-json' });
      const broken = await rejection(provider.poll(job, signal()));
      assert.equal(broken.kind, 'provider');
      assert.match(broken.message, /not JSON/);
      fake.failNext('task', { kind: 'missing-fields' });
      const partial = await rejection(provider.poll(job, signal()));
      assert.equal(partial.kind, 'provider');
      assert.match(partial.message, /unexpected reply \(output:/);
      fake.failNext('create', { kind: 'missing-fields' });
      const unknown = await rejection(provider.submit(await request(), signal()));
      assert.equal(unknown.kind, 'submit-unknown');
      assert.match(unknown.message, /a retry is a new paid task/);
      fake.failNext('create', { kind: 'drop' });
      const dropped = await rejection(provider.submit(await request(), signal()));
      assert.equal(dropped.kind, 'submit-unknown');
    });
  });

  it('checks prompt length, image size and the base URL locally', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const prompt = await rejection(provider.submit(await request({ prompt: 'x'.repeat(801) }), signal()));
      assert.match(prompt.message, /801 characters; wan2\.2-i2v-flash takes at most 800/);
      const tiny = await rejection(provider.submit(await request({ imageSize: [320, 240] }), signal()));
      assert.match(tiny.message, /between 360 and 2000/);
      const wide = await rejection(provider.submit(await request({ imageSize: [2048, 1152] }), signal()));
      assert.match(wide.message, /2048x1152; DashScope needs each side between 360 and 2000 pixels/);
      const big = await rejection(provider.submit(await request({ bytes: new Uint8Array(10_000_001) }), signal()));
      assert.match(big.message, /at most 10 MB/);
      assert.equal(fake.requests.length, 0);
      const badUrl = await rejection(
        createDashScopeProvider({ ...ctx, baseUrl: 'ftp://example.com' }).submit(await request(), signal()),
      );
      assert.equal(badUrl.kind, 'bad-input');
    });
  });
  it('speaks the display language (zh-CN): a refusal, a failed task and a local check, the server keeping its own words', async () => {
    useTranslations(zhCn);
    try {
      await withFake(
        { failure: { code: 'InvalidParameter', message: 'The size is not match xxxxxx' } },
        async ({ fake, ctx }) => {
          const provider = createDashScopeProvider(ctx);
          const prompt = await rejection(provider.submit(await request({ prompt: 'x'.repeat(801) }), signal()));
          assert.equal(prompt.message, '提示词有 801 个字符；wan2.2-i2v-flash 最多接受 800 个。');

          fake.failNext('create', {
            kind: 'status',
            status: 403,
            code: 'Arrearage',
            message: 'Access denied, please make sure your account is in good standing.',
          });
          const arrears = await rejection(provider.submit(await request(), signal()));
          assert.equal(arrears.kind, 'auth');
          assert.match(arrears.message, /拒绝了请求（403）/);
          assert.match(
            arrears.message,
            /Access denied, please make sure your account is in good standing\. \(阿里云账号已欠费；请在控制台中结清\)/,
          );

          const failing = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
          const last = (await pollUntilDone(provider, failing)).at(-1);
          assert.ok(last?.state === 'failed');
          assert.equal(last.reason, 'DashScope 任务失败：The size is not match xxxxxx（InvalidParameter）。');
        },
      );
    } finally {
      useTranslations({});
    }
    const english = await rejection(
      createDashScopeProvider({ log: recordingLogger([]), apiKey: KEY }).submit(
        await request({ prompt: 'x'.repeat(801) }),
        signal(),
      ),
    );
    assert.equal(english.message, 'The prompt has 801 characters; wan2.2-i2v-flash takes at most 800.');
  });

  it('turns an abort during submit into cancelled, warning that the job may exist', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(createDashScopeProvider(ctx).submit(await request(), controller.signal));
      assert.equal(error.kind, 'cancelled');
      assert.match(error.message, /may already have been created at DashScope/);
    });
  });
});

describe('dashscope fake contract', () => {
  it('refuses a create without X-DashScope-Async: enable', async () => {
    const fake = await startDashScopeFake({ apiKey: KEY });
    try {
      const dataUri = `data:image/jpeg;base64,${Buffer.from(await image(480, 360)).toString('base64')}`;
      const response = await fetch(`${fake.url}/services/aigc/video-generation/video-synthesis`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'wan2.2-i2v-flash', input: { img_url: dataUri } }),
      });
      assert.equal(response.status, 403);
      const body = (await response.json()) as { code: string; message: string; request_id: string };
      assert.equal(body.code, 'AccessDenied');
      assert.equal(body.message, 'current user api does not support synchronous calls');
      assert.equal(fake.tasks.size, 0);
    } finally {
      await fake.close();
    }
  });

  it('refuses an Authorization header on the signed download link, like OSS', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job?.data?.videoUrl);
      const response = await fetch(done.job.data.videoUrl, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(response.status, 400);
      assert.match(await response.text(), /InvalidArgument/);
      assert.equal(fake.requestsTo('download').length, 1);
    });
  });
});

describe('dashscope provider: Wan 2.7, first-and-last-frame models, extras, cancel and check', () => {
  async function lastFrameOf(req: PreparedRequest): Promise<PreparedRequest> {
    return {
      ...req,
      lastFrame: { ...req.image, bytes: await image(480, 360, 'png'), mime: 'image/png', fileName: 'end.png' },
    };
  }

  it('sends wan2.7 images as input.media first_frame/last_frame, with negative prompt, seed and prompt_extend', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const req = await request({
        model: 'wan2.7-i2v',
        seconds: 7,
        extras: { negativePrompt: 'blurry', seed: 12, enhancePrompt: false },
      });
      const job = await provider.submit(await lastFrameOf(req), signal());
      const body = fake.requestsTo('create')[0]?.json as {
        input: { media: { type: string; url: string }[]; negative_prompt: string; img_url?: string };
        parameters: Record<string, unknown>;
      };
      assert.deepEqual(
        body.input.media.map((m) => [m.type, m.url.slice(0, 22)]),
        [
          ['first_frame', 'data:image/jpeg;base64'],
          ['last_frame', 'data:image/png;base64,'],
        ],
      );
      assert.equal(body.input.img_url, undefined);
      assert.equal(body.input.negative_prompt, 'blurry');
      assert.deepEqual(body.parameters, {
        resolution: '720P',
        duration: 7,
        prompt_extend: false,
        seed: 12,
        watermark: false,
      });
      const task = fake.tasks.get(job.id);
      assert.deepEqual([task?.lastFrame?.type, task?.negativePrompt, task?.seed], ['image/png', 'blurry', 12]);
      assert.equal((await pollUntilDone(provider, job)).at(-1)?.state, 'succeeded');
    });
  });

  it('sends a kf2v model both frames as first_frame_url/last_frame_url, and switches audio off on wan2.6', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      await provider.submit(await lastFrameOf(await request({ model: 'wanx2.1-kf2v-plus' })), signal());
      await provider.submit(
        await request({ model: 'wan2.6-i2v-flash', seconds: 10, extras: { audio: false } }),
        signal(),
      );
      const [kf2v, silent] = fake.requestsTo('create');
      assert.deepEqual([kf2v?.status, silent?.status], [200, 200]);
      const kf = kf2v?.json as { input: Record<string, string>; parameters: Record<string, unknown> };
      assert.deepEqual(Object.keys(kf.input).sort(), ['first_frame_url', 'last_frame_url', 'prompt']);
      assert.equal(kf.parameters.duration, undefined);
      assert.equal((silent?.json as { parameters: { audio: boolean } }).parameters.audio, false);
      const noLast = await rejection(provider.submit(await request({ model: 'wanx2.1-kf2v-plus' }), signal()));
      assert.match(noLast.message, /give a last frame too/);
      const noAudio = await rejection(
        provider.submit(await request({ model: 'wan2.7-i2v', extras: { audio: false } }), signal()),
      );
      assert.match(noAudio.message, /cannot take audio/);
      assert.equal(fake.requestsTo('create').length, 2);
    });
  });

  it('the fake refuses what DashScope refuses: a 12 MB image, a side over 2000 px, wan2.7 without media', async () => {
    await withFake({}, async ({ fake }) => {
      const post = (body: unknown) =>
        fetch(`${fake.url}/services/aigc/video-generation/video-synthesis`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${KEY}`,
            'x-dashscope-async': 'enable',
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
      const jpeg = Buffer.from(await image(480, 360));
      const padded = Buffer.concat([jpeg, Buffer.alloc(12_000_000 - jpeg.length)]);
      const big = await post({
        model: 'wan2.6-i2v',
        input: { img_url: `data:image/jpeg;base64,${padded.toString('base64')}` },
      });
      assert.equal(big.status, 400);
      assert.match(((await big.json()) as { message: string }).message, /too large.*10MB/);
      const wide = await post({
        model: 'wan2.6-i2v',
        input: { img_url: `data:image/jpeg;base64,${Buffer.from(await image(2100, 1000)).toString('base64')}` },
      });
      assert.equal(wide.status, 400);
      assert.match(((await wide.json()) as { message: string }).message, /\[360, 2000\]/);
      const noMedia = await post({
        model: 'wan2.7-i2v',
        input: { img_url: `data:image/jpeg;base64,${jpeg.toString('base64')}` },
      });
      assert.equal(noMedia.status, 400);
    });
  });

  it('cancels a PENDING task with POST /tasks/{id}/cancel, and says plainly that a running one goes on', async () => {
    await withFake({ pollsPerStep: 2 }, async ({ fake, ctx }) => {
      const provider = createDashScopeProvider(ctx);
      const queued = await provider.submit(await request(), signal());
      assert.ok(provider.cancel);
      await provider.cancel(queued);
      assert.equal(fake.requestsTo('cancel')[0]?.path, `/api/v1/tasks/${queued.id}/cancel`);
      assert.deepEqual(await provider.poll(queued, signal()), {
        state: 'failed',
        reason: `DashScope task ${queued.id} was cancelled.`,
        code: 'CANCELED',
      });
      const running = await provider.submit(await request(), signal());
      await provider.poll(running, signal());
      await provider.poll(running, signal());
      const refused = await rejection(provider.cancel(running));
      assert.equal(refused.kind, 'provider');
      assert.match(
        refused.message,
        /cancels only tasks still waiting in the queue; a task already running finishes and is billed/,
      );
    });
  });

  it('keeps a SUSPENDED task (queued, asked again later) and says so in the log', async () => {
    await withFake({}, async ({ fake, ctx, lines }) => {
      const provider = createDashScopeProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const task = fake.tasks.get(job.id);
      assert.ok(task);
      task.forceStatus = 'SUSPENDED';
      assert.deepEqual(await provider.poll(job, signal()), { state: 'queued', pollAfterMs: 15_000 });
      assert.ok(lines.some((line) => /SUSPENDED/.test(line)));
    });
  });

  it('checks key and region with GET /tasks/{an id never issued}, creating nothing', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const ok = await createDashScopeProvider(ctx).check?.('wan2.7-i2v', signal());
      assert.deepEqual(ok && [ok.reachable, ok.keyAccepted, ok.modelAvailable, ok.ok], [true, true, undefined, true]);
      const unknown = await createDashScopeProvider(ctx).check?.('wan9-i2v', signal());
      assert.deepEqual(unknown && [unknown.modelAvailable, unknown.ok], [false, false]);
      const bad = await createDashScopeProvider({ ...ctx, apiKey: 'sk-wrong-000000' }).check?.(undefined, signal());
      assert.deepEqual(bad && [bad.reachable, bad.keyAccepted, bad.ok], [true, false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
      assert.ok(fake.requests.every((r) => r.route === 'task'));
    });
    const down = await createDashScopeProvider({
      log: recordingLogger([]),
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}/api/v1`,
    }).check?.(undefined, signal());
    assert.deepEqual(down && [down.reachable, down.ok], [false, false]);
  });
});

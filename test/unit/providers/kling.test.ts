import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeCancel, followJob, startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { createKlingProvider, klingKeyFromParts, klingToken } from '../../../src/core/providers/kling';
import { type PreparedRequest } from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { type PreparedImage } from '../../../src/core/image/prepare';
import { resolveRequest } from '../../../src/core/request';
import { startKlingFake, type KlingFake, type KlingFakeOptions } from '../../fakes/klingServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const ACCESS = 'AK-kling-access-0123456789';
const SECRET = 'SK-kling-SECRET-abcdef0123456789';
const KEY = `${ACCESS}:${SECRET}`;

/** The fake takes the two keys; the harness hands the provider their joined form. */
const { withFake, rejection } = keyedHarness(KEY, (overrides: Partial<KlingFakeOptions> & { apiKey?: string }) => {
  const { apiKey, ...rest } = overrides;
  void apiKey;
  return startKlingFake({ accessKey: ACCESS, secretKey: SECRET, ...rest });
});

let jpeg: Uint8Array | undefined;

async function prepared(width = 640, height = 360): Promise<PreparedImage> {
  jpeg ??= new Uint8Array(await solidImage(640, 360, { format: 'jpeg', background: { r: 30, g: 120, b: 200 } }));
  return {
    bytes:
      width === 640 && height === 360
        ? jpeg
        : new Uint8Array(await solidImage(width, height, { format: 'jpeg', background: '#336699' })),
    mime: 'image/jpeg',
    width,
    height,
    fileName: 'sea.jpg',
    sourcePath: '/tmp/sea.jpg',
  };
}

async function request(overrides: Partial<PreparedRequest> = {}): Promise<PreparedRequest> {
  return {
    prompt: 'waves roll in slowly',
    model: 'kling-v2-1',
    size: { width: 1280, height: 720 },
    seconds: 5,
    image: await prepared(),
    ...overrides,
  };
}

function createBody(fake: KlingFake, index = 0): Record<string, unknown> {
  const body = fake.requestsTo('create')[index]?.json;
  assert.ok(body, 'no create request recorded');
  return body as Record<string, unknown>;
}

async function folderWithImage(name = 'sea.png'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kling-'));
  await writeFile(join(dir, name), await solidImage(1600, 900, { background: '#2266aa' }));
  return dir;
}

describe('kling provider: capabilities and keys', () => {
  it('offers each model at the sizes of its modes (720p std, 1080p pro), 5 or 10 s, no cancel', () => {
    const { info } = createKlingProvider({ log: recordingLogger([]) });
    assert.equal(info.id, 'kling');
    assert.deepEqual(info.keyEnv, ['KLING_ACCESS_KEY', 'KLING_SECRET_KEY']);
    assert.equal(info.defaultBaseUrl, 'https://api-singapore.klingai.com');
    const model = (id: string) => info.models.find((m) => m.id === id);
    assert.deepEqual(model('kling-v2-6')?.sizes, ['1920x1080', '1080x1920', '1080x1080']);
    assert.deepEqual(model('kling-v2-1')?.sizes, [
      '1280x720',
      '720x1280',
      '720x720',
      '1920x1080',
      '1080x1920',
      '1080x1080',
    ]);
    for (const m of info.models) {
      assert.deepEqual(m.seconds, [5, 10]);
      assert.equal(m.cancel, false);
      assert.equal(m.lastFrame, true);
    }
  });

  it('signs an HS256 token with iss = access key, valid from 5 s ago for 30 minutes', () => {
    const token = klingToken(ACCESS, SECRET, 1_800_000_000_000);
    const [head, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown);
    assert.deepEqual(head, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(payload, { iss: ACCESS, exp: 1_800_001_800, nbf: 1_799_999_995 });
    assert.ok(!token.includes(SECRET));
  });

  it('joins the two environment keys, and says which one is missing', () => {
    assert.equal(klingKeyFromParts(' AK1 ', 'SK1'), 'AK1:SK1');
    assert.throws(() => klingKeyFromParts(undefined, ''), /needs two keys: set KLING_ACCESS_KEY and KLING_SECRET_KEY/);
    assert.throws(() => klingKeyFromParts('AK1', undefined), /set KLING_SECRET_KEY too/);
    assert.throws(() => klingKeyFromParts('', 'SK1'), /set KLING_ACCESS_KEY too/);
  });
});

describe('kling provider vs the fake', () => {
  it('runs a job through the runner to an MP4 on disk, the size choosing the mode', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createKlingProvider(ctx);
      const dir = await folderWithImage();
      const resolved = resolveRequest(
        {
          image: join(dir, 'sea.png'),
          prompt: 'waves',
          provider: 'kling',
          model: 'kling-v2-1',
          size: '1920x1080',
          seconds: 10,
        },
        provider.info,
      );
      const outcome = await startJob(
        { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger },
        resolved,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'sea.mp4'));
      assert.deepEqual(await readFile(join(dir, 'sea.mp4')), generatedVideoBytes(50_000));

      const body = createBody(fake);
      assert.deepEqual(Object.keys(body).sort(), ['duration', 'image', 'mode', 'model_name', 'prompt']);
      assert.deepEqual([body.model_name, body.mode, body.duration, body.prompt], ['kling-v2-1', 'pro', '10', 'waves']);
      assert.match(String(body.image), /^iVBOR/, 'bare base64 of the PNG, no data: prefix');
      const task = [...fake.tasks.values()][0];
      assert.deepEqual([task?.image.width, task?.image.height], [1920, 1080]);
      for (const r of fake.requests.filter((q) => q.route !== 'download'))
        assert.match(r.headers['authorization'] ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      assert.equal(
        fake.requestsTo('download')[0]?.headers['authorization'],
        undefined,
        'the CDN link is fetched without the token',
      );
    });
  });

  it('reports submitted → queued, processing → running, succeed → the link', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createKlingProvider(ctx);
      const job = await provider.submit(await request(), signal());
      assert.match(job.id, /^\d+$/);
      assert.deepEqual(job.data, { size: '1280x720', seconds: '5', mode: 'std' });
      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'succeeded'],
      );
      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded');
      assert.match(done.job?.data?.videoUrl ?? '', /\/kcdn\/\d+\/output\.mp4$/);
    });
  });

  it('sends a last frame as image_tail in pro mode, and refuses it in std mode before sending', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createKlingProvider(ctx);
      const last = await prepared(640, 360);
      await provider.submit(
        await request({
          model: 'kling-v2-6',
          size: { width: 1080, height: 1080 },
          lastFrame: last,
          extras: { audio: false, negativePrompt: 'people' },
        }),
        signal(),
      );
      const body = createBody(fake);
      assert.equal(body.image_tail, Buffer.from(last.bytes).toString('base64'));
      assert.deepEqual([body.mode, body.sound, body.negative_prompt], ['pro', 'off', 'people']);
      assert.equal(fake.requestsTo('create')[0]?.status, 200);

      const refused = await rejection(provider.submit(await request({ lastFrame: last }), signal()));
      assert.equal(refused.kind, 'bad-input');
      assert.match(
        refused.message,
        /kling-v2-1 takes a last frame only in pro mode \(sizes 1920x1080, 1080x1920, 1080x1080\), not at 1280x720/,
      );
      const audio = await rejection(provider.submit(await request({ extras: { audio: true } }), signal()));
      assert.match(audio.message, /cannot take audio/);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('sends cfg_scale only to Kling 1.x, and refuses it for 2.x', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createKlingProvider({ ...ctx, options: { cfgScale: 0.7 } });
      await provider.submit(await request({ model: 'kling-v1-6' }), signal());
      assert.equal(createBody(fake).cfg_scale, 0.7);
      const error = await rejection(provider.submit(await request(), signal()));
      assert.match(error.message, /kling-v2-1 does not take cfgScale/);
    });
  });

  it('reports risk control as moderation: at create (400 1301) and on a failed task', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createKlingProvider(ctx);
      const blocked = await rejection(provider.submit(await request({ prompt: 'INPUT_BLOCK' }), signal()));
      assert.equal(blocked.kind, 'bad-input');
      assert.equal(blocked.details.code, '1301');
      assert.match(blocked.message, /content safety check blocked the prompt or the image/);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'moderation');
      assert.match(
        last.reason,
        /content safety check stopped the task: Failure to pass the risk control system\. Change the prompt/,
      );
    });
  });

  it('maps a wrong secret key to auth (1000) without either key in the message; a wrong clock to 1004 with advice', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const wrong = await rejection(
        createKlingProvider({ ...ctx, apiKey: `${ACCESS}:SK-wrong-secret-0000000000` }).submit(
          await request(),
          signal(),
        ),
      );
      assert.equal(wrong.kind, 'auth');
      assert.equal(wrong.details.code, '1000');
      assert.match(wrong.message, /rejected .* \(401 1000\)\. Set KLING_ACCESS_KEY and KLING_SECRET_KEY/);
      assert.ok(!wrong.message.includes(ACCESS) && !wrong.message.includes(SECRET));
      assert.equal(fake.tasks.size, 0);

      fake.options.now = () => Date.now() + 3600_000;
      const expired = await rejection(
        createKlingProvider(ctx).poll({ provider: 'kling', id: '1', model: 'kling-v2-1' }, signal()),
      );
      assert.equal(expired.details.code, '1004');
      assert.match(expired.message, /clock/);

      const count = fake.requests.length;
      const halfKey = await rejection(
        createKlingProvider({ ...ctx, apiKey: ACCESS }).submit(await request(), signal()),
      );
      assert.equal(halfKey.kind, 'auth');
      assert.match(halfKey.message, /must be ACCESS_KEY:SECRET_KEY/);
      assert.equal(fake.requests.length, count, 'nothing sent without both keys');
    });
  });

  it('maps 429 1303 with Retry-After to rate-limit in plain words; 1102 says the resource pack is used up', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createKlingProvider(ctx);
      fake.failNext('create', { kind: 'rate-limit', code: 1303, retryAfter: '12' });
      const busy = await rejection(provider.submit(await request(), signal()));
      assert.equal(busy.kind, 'rate-limit');
      assert.equal(busy.details.retryAfterMs, 12_000);
      assert.match(busy.message, /too many tasks at once .* wait until one finishes.*Retry in 12 s/);
      fake.failNext('create', { kind: 'rate-limit', code: 1102 });
      const broke = await rejection(provider.submit(await request(), signal()));
      assert.match(broke.message, /resource pack is used up or expired; buy a resource pack/);
      assert.equal(fake.tasks.size, 0);
    });
  });

  it('cannot cancel: the provider has no cancel and the runner says the job may still be billed', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createKlingProvider(ctx);
      assert.equal(provider.cancel, undefined);
      assert.match(
        describeCancel(provider),
        /Kling AI cannot cancel jobs: the remote job may still finish and be billed/,
      );
    });
  });

  it('resumes a job after a restart: a new provider follows the stored task id to the MP4', async () => {
    await withFake({ pollsPerStep: 3 }, async ({ fake, ctx }) => {
      const dir = await folderWithImage();
      const store = new MemoryJobStore();
      const first = createKlingProvider(ctx);
      const resolved = resolveRequest(
        {
          image: join(dir, 'sea.png'),
          prompt: 'waves',
          provider: 'kling',
          model: 'kling-v2-5-turbo',
          size: '720x1280',
        },
        first.info,
      );
      const waiting = await startJob({ provider: first, store, output: nodeOutputPort, log: silentLogger }, resolved, {
        pollIntervalMs: 10,
        maxWaitMs: 1,
      });
      assert.equal(waiting.kind, 'waiting');
      const [record] = await store.list();
      assert.ok(record);

      const second = createKlingProvider({ ...ctx, log: recordingLogger([]) });
      const outcome = await followJob({ provider: second, store, output: nodeOutputPort, log: silentLogger }, record, {
        pollIntervalMs: 10,
      });
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'sea.mp4'));
      assert.equal(fake.requestsTo('create').length, 1, 'resuming never submits again');
      assert.ok(fake.requestsTo('task').every((r) => r.path === `/v1/videos/image2video/${record.remote.id}`));
    });
  });

  it('explains a link gone after Kling’s 30-day retention', async () => {
    let now = Date.now();
    await withFake({ now: () => now }, async ({ ctx }) => {
      const provider = createKlingProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.equal((await collect(await provider.download(done.job, signal()))).length, 50_000);
      now += 31 * 24 * 3600_000;
      const error = await rejection(provider.download(done.job, signal()));
      assert.equal(error.details.status, 404);
      assert.match(error.message, /Kling clears generated videos 30 days after they were made/);
    });
  });

  it('check(): reachable with the keys accepted, a wrong key, an unknown model, a server down — and never a create', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const ok = await createKlingProvider(ctx).check?.('kling-v2-6', signal());
      assert.deepEqual(ok, {
        provider: 'kling',
        model: 'kling-v2-6',
        endpoint: `${new URL(fake.url).host}/v1/videos/image2video`,
        reachable: true,
        keyAccepted: true,
        ok: true,
      });
      assert.deepEqual(fake.requestsTo('list')[0]?.query, { pageNum: '1', pageSize: '1' });
      const bad = await createKlingProvider({ ...ctx, apiKey: `${ACCESS}:nope-nope-nope` }).check?.(
        undefined,
        signal(),
      );
      assert.deepEqual([bad?.reachable, bad?.keyAccepted, bad?.ok], [true, false, false]);
      const unknown = await createKlingProvider(ctx).check?.('kling-v9', signal());
      assert.deepEqual([unknown?.modelAvailable, unknown?.ok], [false, false]);
      assert.match(unknown?.problem ?? '', /kling-v9 is not a Kling model/);
      assert.equal(fake.requestsTo('create').length, 0);
    });
    const down = await createKlingProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      log: silentLogger,
    }).check?.(undefined, signal());
    assert.deepEqual([down?.reachable, down?.ok], [false, false]);
  });

  it('turns an unreadable 2xx create into submit-unknown, never a silent retry', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      fake.failNext('create', { kind: 'missing-fields' });
      const error = await rejection(createKlingProvider(ctx).submit(await request(), signal()));
      assert.equal(error.kind, 'submit-unknown');
      assert.match(error.message, /a retry is a new paid task/);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });
});

describe('kling fake contract', () => {
  it('refuses a data: prefix, an unknown model and a token signed with another secret', async () => {
    const fake = await startKlingFake({ accessKey: ACCESS, secretKey: SECRET });
    try {
      const post = async (body: unknown, secret = SECRET) => {
        const response = await fetch(`${fake.url}/v1/videos/image2video`, {
          method: 'POST',
          headers: { authorization: `Bearer ${klingToken(ACCESS, secret)}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { code: number; message: string } };
      };
      const image = Buffer.from((await prepared()).bytes).toString('base64');
      const prefixed = await post({ model_name: 'kling-v2-1', image: `data:image/jpeg;base64,${image}` });
      assert.deepEqual([prefixed.status, prefixed.body.code], [400, 1201]);
      assert.match(prefixed.body.message, /do not add a prefix/);
      const unknown = await post({ model_name: 'kling-v0', image });
      assert.deepEqual([unknown.status, unknown.body.code], [404, 1203]);
      const forged = await post({ model_name: 'kling-v2-1', image }, 'another-secret');
      assert.deepEqual([forged.status, forged.body.code], [401, 1000]);
      const tailInStd = await post({ model_name: 'kling-v2-1', mode: 'std', image, image_tail: image });
      assert.deepEqual([tailInStd.status, tailInStd.body.code], [400, 1201]);
      assert.equal(fake.tasks.size, 0);
    } finally {
      await fake.close();
    }
  });
});

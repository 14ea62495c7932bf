import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { followJob, startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { ARK_REGION_BASE_URLS, createArkProvider } from '../../../src/core/providers/ark';
import { type PreparedRequest } from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { type PreparedImage } from '../../../src/core/image/prepare';
import { resolveRequest } from '../../../src/core/request';
import { startArkFake, type ArkFake } from '../../fakes/arkServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'ark-SECRET-0123456789abcdef0123';

const { withFake, rejection } = keyedHarness(KEY, startArkFake);

let jpeg: Uint8Array | undefined;

async function prepared(): Promise<PreparedImage> {
  jpeg ??= new Uint8Array(await solidImage(640, 360, { format: 'jpeg', background: '#22aa88' }));
  return {
    bytes: jpeg,
    mime: 'image/jpeg',
    width: 640,
    height: 360,
    fileName: 'lake.jpg',
    sourcePath: '/tmp/lake.jpg',
  };
}

async function request(overrides: Partial<PreparedRequest> = {}): Promise<PreparedRequest> {
  return {
    prompt: 'mist rises from the lake',
    model: 'seedance-1-5-pro-251215',
    size: { width: 1280, height: 720 },
    seconds: 5,
    image: await prepared(),
    ...overrides,
  };
}

function createBody(fake: ArkFake, index = 0): Record<string, unknown> {
  const body = fake.requestsTo('create')[index]?.json;
  assert.ok(body, 'no create request recorded');
  return body as Record<string, unknown>;
}

async function folderWithImage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ark-'));
  await writeFile(join(dir, 'lake.png'), await solidImage(1600, 900, { background: '#3399bb' }));
  return dir;
}

describe('ark provider: capabilities', () => {
  it('offers each Seedance family under its BytePlus id and its Volcengine doubao- id, sizes per resolution and ratio', () => {
    const { info } = createArkProvider({ log: recordingLogger([]) });
    assert.deepEqual(info.keyEnv, ['ARK_API_KEY']);
    assert.equal(info.defaultBaseUrl, ARK_REGION_BASE_URLS.byteplus);
    const ids = info.models.map((m) => m.id);
    assert.ok(ids.includes('dreamina-seedance-2-0-260128') && ids.includes('doubao-seedance-2-0-260128'));
    const pro15 = info.models.find((m) => m.id === 'seedance-1-5-pro-251215');
    assert.deepEqual(pro15?.sizes, [
      '1280x720',
      '720x1280',
      '960x960',
      '864x480',
      '480x864',
      '640x640',
      '1920x1080',
      '1080x1920',
      '1440x1440',
    ]);
    assert.deepEqual(
      [...(pro15?.seconds ?? [])].sort((a, b) => a - b),
      [4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    assert.equal(info.models.find((m) => m.id === 'seedance-1-0-pro-fast-251015')?.lastFrame, false);
    assert.ok(info.models.every((m) => m.cancel));
  });
});

describe('ark provider vs the fake', () => {
  it('runs a job through the runner to an MP4 on disk; the video link is fetched without the key', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createArkProvider(ctx);
      const dir = await folderWithImage();
      const resolved = resolveRequest(
        {
          image: join(dir, 'lake.png'),
          prompt: 'mist',
          provider: 'ark',
          model: 'dreamina-seedance-2-0-260128',
          size: '720x1280',
          seconds: 8,
        },
        provider.info,
      );
      const outcome = await startJob(
        { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger },
        resolved,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'lake.mp4'));
      assert.deepEqual(await readFile(join(dir, 'lake.mp4')), generatedVideoBytes(50_000));
      const body = createBody(fake);
      assert.deepEqual(
        [body.model, body.resolution, body.ratio, body.duration, body.watermark],
        ['dreamina-seedance-2-0-260128', '720p', '9:16', 8, false],
      );
      const content = body.content as { type: string; text?: string; role?: string; image_url?: { url: string } }[];
      assert.deepEqual(
        content.map((c) => c.role ?? c.type),
        ['text', 'first_frame'],
      );
      assert.match(content[1]?.image_url?.url ?? '', /^data:image\/png;base64,/);
      assert.equal(fake.requestsTo('create')[0]?.headers['authorization'], `Bearer ${KEY}`);
      assert.equal(fake.requestsTo('download')[0]?.headers['authorization'], undefined);
    });
  });

  it('sends first and last frame roles, seed and generate_audio where the model takes them', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createArkProvider(ctx);
      const last = await prepared();
      const job = await provider.submit(
        await request({ lastFrame: last, extras: { seed: 42, audio: false } }),
        signal(),
      );
      const body = createBody(fake);
      assert.deepEqual(
        (body.content as { role?: string; type: string }[]).map((c) => c.role ?? c.type),
        ['text', 'first_frame', 'last_frame'],
      );
      assert.deepEqual([body.seed, body.generate_audio, body.ratio, body.resolution], [42, false, '16:9', '720p']);
      assert.deepEqual(fake.tasks.get(job.id)?.roles, ['first_frame', 'last_frame']);
      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'succeeded'],
      );

      const noTail = await rejection(
        provider.submit(await request({ model: 'seedance-1-0-pro-fast-251015', lastFrame: last }), signal()),
      );
      assert.match(
        noTail.message,
        /seedance-1-0-pro-fast-251015 animates from a first frame only; to animate between two images use dreamina-seedance-2-0-260128 or /,
      );
      const noAudio = await rejection(
        provider.submit(await request({ model: 'seedance-1-0-pro-250528', extras: { audio: true } }), signal()),
      );
      assert.match(noAudio.message, /cannot take audio/);
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('reports moderation: input text refused at create, output flagged on the task', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createArkProvider(ctx);
      const input = await rejection(provider.submit(await request({ prompt: 'INPUT_BLOCK' }), signal()));
      assert.equal(input.kind, 'bad-input');
      assert.equal(input.details.code, 'InputTextSensitiveContentDetected');
      assert.match(input.message, /content check flagged the prompt, the image or the result/);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'moderation');
      assert.match(
        last.reason,
        /content check stopped the task: .*sensitive information \(OutputVideoSensitiveContentDetected\)\. Change the prompt/,
      );
    });
  });

  it('maps a bad key to auth with the region hint, a model of the other region to a 404 that says so', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const bad = await rejection(
        createArkProvider({ ...ctx, apiKey: 'ark-wrong-000000000000' }).submit(await request(), signal()),
      );
      assert.equal(bad.kind, 'auth');
      assert.match(bad.message, /Set a valid key with ARK_API_KEY .* belong to one platform/);
      const otherRegion = await rejection(
        createArkProvider(ctx).submit(await request({ model: 'doubao-seedance-1-5-pro-251215' }), signal()),
      );
      assert.equal(otherRegion.details.status, 404);
      assert.match(otherRegion.message, /BytePlus ids .* differ from Volcengine ones/);
      assert.equal(fake.tasks.size, 0);
    });
  });

  it('works against a Volcengine region with doubao- ids', async () => {
    await withFake({ region: 'volcengine' }, async ({ fake, ctx }) => {
      const provider = createArkProvider(ctx);
      const job = await provider.submit(
        await request({ model: 'doubao-seedance-1-0-pro-250528', size: { width: 1920, height: 1080 }, seconds: 10 }),
        signal(),
      );
      assert.deepEqual([createBody(fake).resolution, createBody(fake).duration], ['1080p', 10]);
      assert.equal((await pollUntilDone(provider, job)).at(-1)?.state, 'succeeded');
    });
  });

  it('maps 429 with Retry-After to rate-limit', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createArkProvider(ctx);
      fake.failNext('create', { kind: 'rate-limit', retryAfter: '20' });
      const error = await rejection(provider.submit(await request(), signal()));
      assert.equal(error.kind, 'rate-limit');
      assert.equal(error.details.retryAfterMs, 20_000);
      assert.match(error.message, /too many requests; wait a little/);
      assert.equal(fake.tasks.size, 0);
    });
  });

  it('cancels a queued task with DELETE; a running one is refused in plain words; a finished one is never deleted', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createArkProvider(ctx);
      const queued = await provider.submit(await request(), signal());
      await provider.cancel?.(queued);
      assert.equal(fake.requestsTo('delete').length, 1);
      const after = await provider.poll(queued, signal());
      assert.ok(after.state === 'failed' && after.code === 'cancelled');

      const running = await provider.submit(await request(), signal());
      await provider.poll(running, signal());
      await provider.poll(running, signal());
      const refused = await rejection(provider.cancel?.(running) ?? Promise.resolve());
      assert.match(refused.message, /already running and will finish and be billed/);

      const finished = await provider.submit(await request(), signal());
      await pollUntilDone(provider, finished);
      await provider.cancel?.(finished);
      assert.equal(fake.requestsTo('delete').length, 1, 'DELETE would erase the finished task: never sent');
      assert.ok(fake.tasks.has(finished.id));
    });
  });

  it('says so plainly when the task started between the status read and the DELETE', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createArkProvider(ctx);
      const job = await provider.submit(await request(), signal());
      fake.failNext('delete', {
        kind: 'status',
        status: 409,
        code: 'OperationDenied.InvalidState',
        message: 'The task is running.',
      });
      const error = await rejection(provider.cancel?.(job) ?? Promise.resolve());
      assert.equal(error.kind, 'provider');
      assert.match(
        error.message,
        /Ark did not cancel task cgt-.*: it cancels only queued tasks, and a running one finishes and is billed/,
      );
    });
  });

  it('resumes a job after a restart by its cgt- id', async () => {
    await withFake({ pollsPerStep: 3 }, async ({ fake, ctx }) => {
      const dir = await folderWithImage();
      const store = new MemoryJobStore();
      const first = createArkProvider(ctx);
      const resolved = resolveRequest(
        {
          image: join(dir, 'lake.png'),
          prompt: 'mist',
          provider: 'ark',
          model: 'seedance-1-0-pro-fast-251015',
          size: '864x480',
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
      assert.match(record.remote.id, /^cgt-\d{14}-[0-9a-f]{6}$/);
      const outcome = await followJob(
        { provider: createArkProvider({ ...ctx }), store, output: nodeOutputPort, log: silentLogger },
        record,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'lake.mp4'));
      assert.equal(fake.requestsTo('create').length, 1);
    });
  });

  it('explains a video link past its 24 hours', async () => {
    let now = Date.now();
    await withFake({ now: () => now }, async ({ ctx }) => {
      const provider = createArkProvider(ctx);
      const job = await provider.submit(await request(), signal());
      await pollUntilDone(provider, job);
      assert.equal((await collect(await provider.download(job, signal()))).length, 50_000);
      now += 25 * 3600_000;
      const error = await rejection(provider.download(job, signal()));
      assert.equal(error.details.status, 403);
      assert.match(error.message, /Ark video links last about 24 hours/);
    });
  });

  it('check(): key accepted, bad key, unknown model, server down — creating nothing', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const ok = await createArkProvider(ctx).check?.('dreamina-seedance-2-0-fast-260128', signal());
      assert.deepEqual([ok?.reachable, ok?.keyAccepted, ok?.ok], [true, true, true]);
      assert.deepEqual(fake.requestsTo('list')[0]?.query, { page_num: '1', page_size: '1' });
      const bad = await createArkProvider({ ...ctx, apiKey: 'ark-nope-00000000' }).check?.(undefined, signal());
      assert.deepEqual([bad?.reachable, bad?.keyAccepted, bad?.ok], [true, false, false]);
      const unknown = await createArkProvider(ctx).check?.('seedance-9', signal());
      assert.deepEqual([unknown?.modelAvailable, unknown?.ok], [false, false]);
      assert.equal(fake.requestsTo('create').length, 0);
    });
    const down = await createArkProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}/api/v3`,
      log: silentLogger,
    }).check?.(undefined, signal());
    assert.deepEqual([down?.reachable, down?.ok], [false, false]);
  });
});

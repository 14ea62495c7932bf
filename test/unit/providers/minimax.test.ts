import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { followJob, startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { createMiniMaxProvider } from '../../../src/core/providers/minimax';
import { type PreparedRequest } from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { type PreparedImage } from '../../../src/core/image/prepare';
import { resolveRequest } from '../../../src/core/request';
import { startMiniMaxFake, type MiniMaxFake } from '../../fakes/minimaxServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { collect, keyedHarness, pollUntilDone, recordingLogger, signal } from '../../helpers/providerHarness';

const KEY = 'sk-api-minimax-SECRET-0123456789abcdef';

const { withFake, rejection } = keyedHarness(KEY, startMiniMaxFake);

let jpeg: Uint8Array | undefined;

async function prepared(): Promise<PreparedImage> {
  jpeg ??= new Uint8Array(await solidImage(640, 360, { format: 'jpeg', background: '#aa5522' }));
  return {
    bytes: jpeg,
    mime: 'image/jpeg',
    width: 640,
    height: 360,
    fileName: 'dune.jpg',
    sourcePath: '/tmp/dune.jpg',
  };
}

async function request(overrides: Partial<PreparedRequest> = {}): Promise<PreparedRequest> {
  return {
    prompt: 'sand drifts over the dune',
    model: 'MiniMax-Hailuo-2.3',
    size: { width: 1366, height: 768 },
    seconds: 6,
    image: await prepared(),
    ...overrides,
  };
}

function createBody(fake: MiniMaxFake, route: 'create' | 'create-v2' = 'create', index = 0): Record<string, unknown> {
  const body = fake.requestsTo(route)[index]?.json;
  assert.ok(body, `no ${route} request recorded`);
  return body as Record<string, unknown>;
}

async function folderWithImage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'minimax-'));
  await writeFile(join(dir, 'dune.png'), await solidImage(1600, 900, { background: '#cc8844' }));
  return dir;
}

describe('minimax provider: capabilities', () => {
  it('offers Hailuo (V1) at 768P/1080P for 6 or 10 s, Hailuo-02 with a last frame, and H3 (V2) at 2K for 4–15 s', () => {
    const { info } = createMiniMaxProvider({ log: recordingLogger([]) });
    assert.deepEqual(info.keyEnv, ['MINIMAX_API_KEY']);
    assert.equal(info.defaultBaseUrl, 'https://api.minimax.io');
    const model = (id: string) => info.models.find((m) => m.id === id);
    assert.deepEqual(model('MiniMax-Hailuo-2.3')?.sizes, ['1366x768', '768x1366', '1920x1080', '1080x1920']);
    assert.deepEqual(model('MiniMax-Hailuo-2.3')?.seconds, [6, 10]);
    assert.equal(model('MiniMax-Hailuo-2.3')?.lastFrame, false);
    assert.equal(model('MiniMax-Hailuo-02')?.lastFrame, true);
    assert.deepEqual(model('MiniMax-H3')?.sizes, ['2560x1440', '1440x2560']);
    assert.deepEqual(
      [...(model('MiniMax-H3')?.seconds ?? [])].sort((a, b) => a - b),
      [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    );
    assert.deepEqual([model('MiniMax-H3')?.cancel, model('MiniMax-Hailuo-2.3')?.cancel], [true, false]);
  });
});

describe('minimax provider vs the fake (V1 Hailuo)', () => {
  it('runs a job through the runner: create → query → files/retrieve → the MP4 on disk, the key never sent to the file host', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const dir = await folderWithImage();
      const resolved = resolveRequest(
        {
          image: join(dir, 'dune.png'),
          prompt: 'wind',
          provider: 'minimax',
          model: 'MiniMax-Hailuo-2.3',
          size: '1366x768',
          seconds: 10,
        },
        provider.info,
      );
      const outcome = await startJob(
        { provider, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger },
        resolved,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'dune.mp4'));
      assert.deepEqual(await readFile(join(dir, 'dune.mp4')), generatedVideoBytes(50_000));
      const body = createBody(fake);
      assert.deepEqual(
        [body.model, body.prompt, body.duration, body.resolution],
        ['MiniMax-Hailuo-2.3', 'wind', 10, '768P'],
      );
      assert.match(String(body.first_frame_image), /^data:image\/png;base64,iVBOR/);
      assert.equal(fake.requestsTo('file').length, 1);
      assert.equal(fake.requestsTo('download')[0]?.status, 200);
      assert.equal(fake.requestsTo('download')[0]?.headers['authorization'], undefined);
      assert.ok(
        outcome.kind === 'succeeded' && !JSON.stringify(outcome.record.remote).includes('mmfiles'),
        'the short-lived link is never stored',
      );
    });
  });

  it('reports Queueing → queued, Processing → running, Success → the file id', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const job = await provider.submit(await request({ extras: { enhancePrompt: false } }), signal());
      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'succeeded'],
      );
      const done = statuses.at(-1);
      assert.ok(done?.state === 'succeeded');
      assert.match(done.job?.data?.fileId ?? '', /^\d+$/);
      assert.equal(done.job?.data?.videoUrl, undefined);
    });
  });

  it('sends prompt_optimizer only when asked, and a last frame to Hailuo-02 only', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      await provider.submit(await request({ extras: { enhancePrompt: false } }), signal());
      assert.equal(createBody(fake).prompt_optimizer, false);
      const last = await prepared();
      await provider.submit(
        await request({ model: 'MiniMax-Hailuo-02', size: { width: 912, height: 512 }, lastFrame: last }),
        signal(),
      );
      const body = createBody(fake, 'create', 1);
      assert.equal(body.resolution, '512P');
      assert.match(String(body.last_frame_image), /^data:image\/jpeg;base64,/);
      assert.equal(fake.requestsTo('create')[1]?.status, 200);
      assert.deepEqual(
        [...fake.tasks.values()][1]?.images.map((i) => i.role),
        ['first_frame', 'last_frame'],
      );

      const refused = await rejection(provider.submit(await request({ lastFrame: last }), signal()));
      assert.match(
        refused.message,
        /MiniMax-Hailuo-2.3 animates from a first frame only; to animate between two images use MiniMax-Hailuo-02 or MiniMax-H3/,
      );
      const long = await rejection(
        provider.submit(await request({ size: { width: 1920, height: 1080 }, seconds: 10 }), signal()),
      );
      assert.match(long.message, /10 s clips only at 1366x768 or 768x1366/);
      assert.equal(fake.requestsTo('create').length, 2);
    });
  });

  it('puts base_resp codes on HTTP 200 in plain words: 1026 flagged input, 1004 bad key, 1002 rate limit, 1008 balance', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const flagged = await rejection(provider.submit(await request({ prompt: 'INPUT_BLOCK' }), signal()));
      assert.equal(flagged.kind, 'bad-input');
      assert.equal(flagged.details.code, '1026');
      assert.match(flagged.message, /content check flagged the prompt or the image/);

      const wrong = await rejection(
        createMiniMaxProvider({ ...ctx, apiKey: 'sk-api-wrong-0000000000' }).submit(await request(), signal()),
      );
      assert.equal(wrong.kind, 'auth');
      assert.match(wrong.message, /rejected .* \(1004\)\. Set a valid key with MINIMAX_API_KEY/);

      fake.failNext('create', { kind: 'base-resp', code: 1002, message: 'rate limit' });
      const slow = await rejection(provider.submit(await request(), signal()));
      assert.equal(slow.kind, 'rate-limit');
      assert.match(slow.message, /wait a little and try again/);
      fake.failNext('create', { kind: 'base-resp', code: 1008, message: 'insufficient balance' });
      const broke = await rejection(provider.submit(await request(), signal()));
      assert.match(broke.message, /balance is too low; top it up/);
      assert.equal(fake.tasks.size, 0);
    });
  });

  it('reports a task withheld by output moderation (Fail, 1027) as moderation', async () => {
    await withFake({}, async ({ ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const job = await provider.submit(await request({ prompt: 'MODERATION_BLOCK' }), signal());
      const last = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(last?.state === 'failed');
      assert.equal(last.code, 'moderation');
      assert.match(
        last.reason,
        /content check stopped the task: output new_sensitive\. Change the prompt or the image/,
      );
    });
  });

  it('asks for a fresh link on each download: a link handed out 10 hours ago is dead, the job still downloads', async () => {
    let now = Date.now();
    await withFake({ now: () => now }, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      assert.equal((await collect(await provider.download(done.job, signal()))).length, 50_000);
      const oldLink = fake.requestsTo('download')[0];
      assert.ok(oldLink);
      now += 10 * 3600_000;
      const stale = await fetch(`${fake.url}${oldLink.path}?${new URLSearchParams(oldLink.query).toString()}`);
      assert.equal(stale.status, 403, 'the old link has expired');
      assert.equal((await collect(await provider.download(done.job, signal()))).length, 50_000);
      assert.equal(fake.requestsTo('file').length, 2);
    });
  });

  it('explains a link refused even when fresh, and keeps the job resumable', async () => {
    await withFake({ linkTtlMs: -1 }, async ({ ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const done = (await pollUntilDone(provider, job)).at(-1);
      assert.ok(done?.state === 'succeeded' && done.job);
      const error = await rejection(provider.download(done.job, signal()));
      assert.equal(error.details.status, 403);
      assert.match(error.message, /MiniMax download links last only hours; a fresh one is asked for on each try/);
    });
  });

  it('resumes a job after a restart: a new provider follows the stored task id', async () => {
    await withFake({ pollsPerStep: 3 }, async ({ fake, ctx }) => {
      const dir = await folderWithImage();
      const store = new MemoryJobStore();
      const first = createMiniMaxProvider(ctx);
      const resolved = resolveRequest(
        {
          image: join(dir, 'dune.png'),
          prompt: 'wind',
          provider: 'minimax',
          model: 'MiniMax-Hailuo-2.3-Fast',
          size: '768x1366',
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
      const outcome = await followJob(
        { provider: createMiniMaxProvider({ ...ctx }), store, output: nodeOutputPort, log: silentLogger },
        record,
        { pollIntervalMs: 10 },
      );
      assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'dune.mp4'));
      assert.equal(fake.requestsTo('create').length, 1);
      assert.ok(fake.requestsTo('query').every((r) => r.query.task_id === record.remote.id));
    });
  });

  it('cannot cancel a V1 task, and says it will be billed', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const job = await provider.submit(await request(), signal());
      const error = await rejection(provider.cancel?.(job) ?? Promise.resolve());
      assert.match(error.message, /cannot cancel MiniMax-Hailuo-2.3 tasks .* will finish and be billed/);
      assert.equal(fake.requestsTo('delete-v2').length, 0);
    });
  });
});

describe('minimax provider vs the fake (V2 MiniMax-H3)', () => {
  it('sends content with first and last frame roles, 2K, adaptive ratio, and downloads task.content.url read afresh', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const last = await prepared();
      const job = await provider.submit(
        await request({ model: 'MiniMax-H3', size: { width: 2560, height: 1440 }, seconds: 12, lastFrame: last }),
        signal(),
      );
      const body = createBody(fake, 'create-v2');
      assert.deepEqual([body.model, body.resolution, body.duration, body.ratio], ['MiniMax-H3', '2K', 12, 'adaptive']);
      const content = body.content as { type: string; role?: string; text?: string }[];
      assert.deepEqual(
        content.map((c) => c.role ?? c.type),
        ['text', 'first_frame', 'last_frame'],
      );
      assert.equal(content[0]?.text, 'sand drifts over the dune');
      const statuses = await pollUntilDone(provider, job);
      assert.deepEqual(
        statuses.map((s) => s.state),
        ['queued', 'running', 'running', 'succeeded'],
      );
      assert.equal((await collect(await provider.download(job, signal()))).length, 50_000);
      assert.equal(fake.requestsTo('query-v2').length, 5, 'the link is read again right before the download');
    });
  });

  it('needs a prompt for H3, and maps 422 sensitive content and 429 with Retry-After', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const empty = await rejection(
        provider.submit(
          await request({ model: 'MiniMax-H3', size: { width: 2560, height: 1440 }, seconds: 5, prompt: ' ' }),
          signal(),
        ),
      );
      assert.match(empty.message, /MiniMax-H3 needs a prompt/);
      const flagged = await rejection(
        provider.submit(
          await request({
            model: 'MiniMax-H3',
            size: { width: 2560, height: 1440 },
            seconds: 5,
            prompt: 'INPUT_BLOCK',
          }),
          signal(),
        ),
      );
      assert.equal(flagged.kind, 'bad-input');
      assert.match(flagged.message, /\(422\): input contains sensitive content/);
      fake.failNext('create-v2', { kind: 'rate-limit', retryAfter: '9' });
      const slow = await rejection(
        provider.submit(
          await request({ model: 'MiniMax-H3', size: { width: 2560, height: 1440 }, seconds: 5 }),
          signal(),
        ),
      );
      assert.equal(slow.kind, 'rate-limit');
      assert.equal(slow.details.retryAfterMs, 9000);
      assert.equal(fake.tasks.size, 0);
    });
  });

  it('cancels a queued H3 task with DELETE (no charge) and refuses a running one in plain words', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const provider = createMiniMaxProvider(ctx);
      const queued = await provider.submit(
        await request({ model: 'MiniMax-H3', size: { width: 1440, height: 2560 }, seconds: 5 }),
        signal(),
      );
      await provider.cancel?.(queued);
      assert.equal(fake.requestsTo('delete-v2')[0]?.path, `/v2/video_generation/${queued.id}`);
      const after = await provider.poll(queued, signal());
      assert.ok(after.state === 'failed' && after.code === 'cancelled');

      const running = await provider.submit(
        await request({ model: 'MiniMax-H3', size: { width: 1440, height: 2560 }, seconds: 5 }),
        signal(),
      );
      await provider.poll(running, signal());
      const error = await rejection(provider.cancel?.(running) ?? Promise.resolve());
      assert.match(error.message, /cancels only tasks still queued; a running task finishes and is billed/);
    });
  });
});

describe('minimax check()', () => {
  it('reports reachable with the key accepted, a bad key, an unknown model and a server down, creating nothing', async () => {
    await withFake({}, async ({ fake, ctx }) => {
      const ok = await createMiniMaxProvider(ctx).check?.('MiniMax-H3', signal());
      assert.deepEqual([ok?.reachable, ok?.keyAccepted, ok?.ok], [true, true, true]);
      const bad = await createMiniMaxProvider({ ...ctx, apiKey: 'sk-api-nope-000000000' }).check?.(undefined, signal());
      assert.deepEqual([bad?.reachable, bad?.keyAccepted, bad?.ok], [true, false, false]);
      const unknown = await createMiniMaxProvider(ctx).check?.('video-01', signal());
      assert.deepEqual([unknown?.modelAvailable, unknown?.ok], [false, false]);
      assert.equal(fake.requestsTo('create').length + fake.requestsTo('create-v2').length, 0);
    });
    const down = await createMiniMaxProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      log: silentLogger,
    }).check?.(undefined, signal());
    assert.deepEqual([down?.reachable, down?.ok], [false, false]);
  });
});

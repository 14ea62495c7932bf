/**
 * Fault injection against the OpenAI Videos fake through the real provider and runner: every failure a paid job
 * can meet must end with the job kept (or clearly finished), never a second submit, never a partial file.
 * Prints a fault → outcome table at the end.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AnimateError } from '../../../src/core/errors';
import { FileJobStore } from '../../../src/core/jobs/fileStore';
import { followJob, startJob, type RunnerDeps } from '../../../src/core/jobs/runner';
import { nodeOutputPort } from '../../../src/core/output';
import { silentLogger } from '../../../src/core/providers/provider';
import { createProvider } from '../../../src/core/providers/registry';
import { resolveRequest, type ResolvedRequest } from '../../../src/core/request';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { VirtualClock } from '../../helpers/scriptedProvider';

const key = 'faults-suite-key';
const videoBytes = 30_000;
const outcomes: { fault: string; outcome: string }[] = [];

describe('fault injection (OpenAI Videos fake, real provider and runner)', () => {
  let fake: OpenAiVideosFake;
  before(async () => {
    fake = await startOpenAiVideosFake({ apiKey: key, runningSteps: 2, video: { bytes: videoBytes } });
  });
  after(async () => {
    await fake.close();
    console.log('\nfault → outcome');
    console.table(outcomes);
  });

  async function setup(): Promise<{ dir: string; deps: RunnerDeps; store: FileJobStore; request: ResolvedRequest }> {
    fake.clearFaults();
    const dir = await mkdtemp(join(tmpdir(), 'faults-'));
    const image = join(dir, 'cat.png');
    await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#884422' } }).png().toFile(image);
    const provider = createProvider('openai-videos', { apiKey: key, baseUrl: fake.url, log: silentLogger });
    const store = new FileJobStore(join(dir, 'state', 'jobs.json'));
    const deps: RunnerDeps = { provider, store, output: nodeOutputPort, log: silentLogger, clock: new VirtualClock(), endpoint: fake.url };
    const request = resolveRequest({ image, prompt: 'slow zoom in', provider: 'openai-videos', size: '1280x720' }, provider.info);
    return { dir, deps, store, request };
  }

  const videos = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort();
  const creates = () => fake.requestsTo('create', 'POST').length;
  const note = (fault: string, outcome: string) => outcomes.push({ fault, outcome });

  for (const [fault, inject] of [
    ['429 with retry-after-ms on status checks', () => fake.failNext('retrieve', { kind: 'rate-limit', retryAfterMs: 1500 }, 2)],
    ['500 on status checks', () => fake.failNext('retrieve', { kind: 'status', status: 500 }, 2)],
    ['network drop on a status check', () => fake.failNext('retrieve', { kind: 'drop' }, 1)],
    ['download cut off (connection dropped)', () => fake.failNext('content', { kind: 'drop' }, 1)],
    ['503 on download', () => fake.failNext('content', { kind: 'status', status: 503 }, 1)],
  ] as const) {
    it(`recovers from ${fault} without resubmitting`, async () => {
      const { dir, deps, request } = await setup();
      const before = creates();
      inject();
      const outcome = await startJob(deps, request, { pollIntervalMs: 10 });
      assert.equal(outcome.kind, 'succeeded');
      assert.deepEqual(await readFile(join(dir, 'cat.mp4')), generatedVideoBytes(videoBytes));
      assert.equal(creates(), before + 1);
      note(fault, 'retried with backoff; video saved; one submit');
    });
  }

  it('a download that is an HTML page is refused and nothing is written; the job stays resumable', async () => {
    const { dir, deps, store, request } = await setup();
    fake.failNext('content', { kind: 'non-json', status: 200, body: '<html><body>Bad gateway</body></html>', contentType: 'video/mp4' }, 1);
    await assert.rejects(startJob(deps, request, { pollIntervalMs: 10 }), /not an MP4/);
    assert.deepEqual(await videos(dir), []);
    const [record] = await store.list();
    assert.equal(record?.state, 'waiting');
    const resumed = await followJob(deps, record!, { pollIntervalMs: 10 });
    assert.equal(resumed.kind, 'succeeded');
    note('download is an HTML page', 'refused, nothing written, resumed later');
  });

  it('max wait keeps the job; a fresh runner (reload) resumes it from the store with one submit in all', async () => {
    const { dir, deps, request } = await setup();
    const before = creates();
    fake.options.pollsPerStep = 1000;
    const outcome = await startJob(deps, request, { pollIntervalMs: 1_000, maxWaitMs: 5_000 });
    assert.equal(outcome.kind, 'waiting');
    fake.options.pollsPerStep = 1;
    const reloadedStore = new FileJobStore(join(dir, 'state', 'jobs.json'));
    const record = await reloadedStore.get(outcome.record.id);
    assert.equal(record?.state, 'waiting');
    assert.equal(record?.endpoint, fake.url);
    const provider = createProvider('openai-videos', { apiKey: key, baseUrl: record!.endpoint, log: silentLogger });
    const resumed = await followJob({ ...deps, provider, store: reloadedStore }, record!, { pollIntervalMs: 10 });
    assert.equal(resumed.kind, 'succeeded');
    assert.equal(creates(), before + 1);
    assert.deepEqual(await videos(dir), ['cat.mp4']);
    note('max wait, then reload', 'job kept; resumed from the store; one submit');
  });

  it('cancel reaches the server as DELETE and writes nothing', async () => {
    const { dir, deps, store, request } = await setup();
    fake.options.pollsPerStep = 1000;
    const controller = new AbortController();
    try {
      await assert.rejects(
        startJob(deps, request, { signal: controller.signal, onAbort: 'cancel', pollIntervalMs: 10, onEvent: (e) => e.type === 'status' && controller.abort() }),
        (e: unknown) => e instanceof AnimateError && e.kind === 'cancelled',
      );
    } finally {
      fake.options.pollsPerStep = 1;
    }
    const [record] = await store.list();
    assert.ok(record && fake.deletedIds.has(record.remote.id));
    assert.equal(record.state, 'cancelled');
    assert.deepEqual(await videos(dir), []);
    note('user cancels', 'DELETE sent; record cancelled; nothing written');
  });

  it('a submit whose connection drops is "may have been created", never retried', async () => {
    const { dir, deps, store, request } = await setup();
    const before = creates();
    fake.failNext('create', { kind: 'drop' }, 1);
    await assert.rejects(startJob(deps, request), (e: unknown) => e instanceof AnimateError && e.kind === 'submit-unknown' && /may have been created/.test(e.message));
    assert.equal(creates(), before + 1, 'exactly one create request reached the server');
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await videos(dir), []);
    note('connection drops during submit', 'reported as "may have been created"; not retried');
  });

  it('a rejected key while polling stops with an auth error and keeps the job', async () => {
    const { deps, store, request } = await setup();
    fake.failNext('retrieve', { kind: 'status', status: 401, code: 'invalid_api_key', message: `Incorrect API key provided: ${key}` }, 1);
    await assert.rejects(startJob(deps, request, { pollIntervalMs: 10 }), (e: unknown) => e instanceof AnimateError && e.kind === 'auth' && !e.message.includes(key));
    assert.equal((await store.list())[0]?.state, 'waiting');
    note('key rejected mid-job (401)', 'auth error without the key; job kept for resume');
  });

  it('a status reply that is not JSON is a clear error; the job stays resumable', async () => {
    const { store, deps, request } = await setup();
    fake.failNext('retrieve', { kind: 'non-json', status: 200, body: 'upstream timeout' }, 1);
    await assert.rejects(startJob(deps, request, { pollIntervalMs: 10 }), (e: unknown) => e instanceof AnimateError && e.kind === 'provider');
    assert.equal((await store.list())[0]?.state, 'waiting');
    note('status reply is not JSON', 'clear provider error; job kept');
  });

  it('the target folder disappears during the job: the paid video is kept and the message says where', async () => {
    const { dir, deps, request } = await setup();
    const target = join(dir, 'out', 'cat.mp4');
    const run = startJob(deps, { ...request, output: target }, { pollIntervalMs: 10 });
    const error = await run.then(
      () => assert.fail('expected an io error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AnimateError && error.kind === 'io');
    const kept = /kept at (\S+\.mp4)/.exec(error.message)?.[1];
    assert.ok(kept);
    assert.deepEqual(await readFile(kept), generatedVideoBytes(videoBytes));
    await rm(kept, { force: true });
    note('target folder gone', 'video kept in a temp folder; path in the message');
  });

  it('an existing video is never overwritten', async () => {
    const { dir, deps, request } = await setup();
    await startJob(deps, request, { pollIntervalMs: 10 });
    const first = await readFile(join(dir, 'cat.mp4'));
    await startJob(deps, request, { pollIntervalMs: 10 });
    assert.deepEqual(await videos(dir), ['cat-2.mp4', 'cat.mp4']);
    assert.deepEqual(await readFile(join(dir, 'cat.mp4')), first);
    note('target name taken', 'saved as cat-2.mp4; first file untouched');
  });
});

/**
 * Fault injection against the OpenAI Videos fake through the real provider and runner: every failure a paid job
 * can meet must end with the job kept (or clearly finished), never a second submit, never a partial file.
 * Prints a fault → outcome table at the end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AnimateError, jobWasCreated, NOT_STARTED } from '../../../src/core/errors';
import { runBatch } from '../../../src/core/jobs/batch';
import { systemClock } from '../../../src/core/jobs/clock';
import { FileJobStore } from '../../../src/core/jobs/fileStore';
import { followJob, startJob, type RunnerDeps } from '../../../src/core/jobs/runner';
import { nodeOutputPort } from '../../../src/core/output';
import { silentLogger } from '../../../src/core/types';
import { createProvider } from '../../../src/core/providers/registry';
import { resolveRequest, type ResolvedRequest } from '../../../src/core/request';
import { generatedVideoBytes, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { closedPort } from '../../helpers/closedPort';
import { TickingClock, VirtualClock } from '../../helpers/scriptedProvider';

// A temp root of this file's own: other test files run at the same time and make animate-image-* folders too.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'fault-suite-'));

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
    await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#884422' } })
      .png()
      .toFile(image);
    const provider = createProvider('openai-videos', { apiKey: key, baseUrl: fake.url, log: silentLogger });
    const store = new FileJobStore(join(dir, 'state', 'jobs.json'));
    const deps: RunnerDeps = {
      provider,
      store,
      output: nodeOutputPort,
      log: silentLogger,
      clock: new VirtualClock(),
      endpoint: fake.url,
    };
    const request = resolveRequest(
      { image, prompt: 'slow zoom in', provider: 'openai-videos', size: '1280x720' },
      provider.info,
    );
    return { dir, deps, store, request };
  }

  const videos = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort();
  const creates = () => fake.requestsTo('create', 'POST').length;
  /** Creates the fake accepted (answered 200): each is a paid job. */
  const accepted = () => fake.requestsTo('create', 'POST').filter((r) => r.status === 200).length;
  const downloads = () => fake.requestsTo('content', 'GET').length;
  const tempFolders = async () => new Set((await readdir(tmpdir())).filter((n) => n.startsWith('animate-image-')));
  const note = (fault: string, outcome: string) => outcomes.push({ fault, outcome });

  for (const [fault, inject] of [
    [
      '429 with retry-after-ms on status checks',
      () => fake.failNext('retrieve', { kind: 'rate-limit', retryAfterMs: 1500 }, 2),
    ],
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

  for (const [fault, inject] of [
    ['download cut halfway (with content-length)', () => fake.failNext('content', { kind: 'cut' }, 1)],
    [
      'download cut halfway (chunked, no content-length)',
      () => fake.failNext('content', { kind: 'cut', contentLength: false }, 1),
    ],
    [
      'download is an HTML page',
      () =>
        fake.failNext(
          'content',
          { kind: 'non-json', status: 200, body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' },
          1,
        ),
    ],
    [
      'download is an empty body',
      () => fake.failNext('content', { kind: 'non-json', status: 200, body: '', contentType: 'video/mp4' }, 1),
    ],
    [
      'download is HTML labelled video/mp4',
      () =>
        fake.failNext(
          'content',
          { kind: 'non-json', status: 200, body: '<html><body>Bad gateway</body></html>', contentType: 'video/mp4' },
          1,
        ),
    ],
  ] as const) {
    it(`a ${fault} is fetched again from scratch: one create, two downloads, one whole file`, async () => {
      const { dir, deps, request } = await setup();
      const before = { creates: creates(), downloads: downloads() };
      inject();
      const outcome = await startJob(deps, request, { pollIntervalMs: 10 });
      assert.equal(outcome.kind, 'succeeded');
      assert.deepEqual(await readFile(join(dir, 'cat.mp4')), generatedVideoBytes(videoBytes));
      assert.equal(creates(), before.creates + 1);
      assert.equal(downloads(), before.downloads + 2);
      assert.deepEqual(await videos(dir), ['cat.mp4']);
      note(fault, 'downloaded again from scratch; whole MP4 saved; one create');
    });
  }

  it('a download cut every time: says the job finished and how to fetch it; the record stays resumable; resume saves it', async () => {
    const { dir, deps, store, request } = await setup();
    const tempBefore = await tempFolders();
    const before = { creates: creates(), downloads: downloads() };
    fake.failNext('content', { kind: 'cut' }, 3);
    const error = await startJob(deps, request, { pollIntervalMs: 10 }).then(
      () => assert.fail('expected the download to fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AnimateError && error.kind === 'network', String(error));
    const [record] = await store.list();
    assert.ok(record);
    assert.match(
      error.message,
      new RegExp(
        `^The job finished at ${createProvider('openai-videos', { apiKey: key, baseUrl: fake.url, log: silentLogger }).info.label}, but its video could not be downloaded \\(3 attempts\\): The download broke off after \\d+ bytes \\(the connection closed early: other side closed\\)\\. It is paid for and kept: resume job ${record.id} to fetch it \\(CLI: animate-image resume ${record.id}; editor: the Animate Image jobs view\\)\\.$`,
      ),
    );
    assert.doesNotMatch(error.message, /^terminated$/);
    assert.equal(jobWasCreated(error), 'yes');
    assert.equal(record.state, 'waiting');
    assert.equal(downloads(), before.downloads + 3);
    assert.deepEqual(await videos(dir), []);
    assert.deepEqual(
      [...(await tempFolders())].filter((n) => !tempBefore.has(n)),
      [],
      'no animate-image-* folder left',
    );
    const resumed = await followJob(deps, record, { pollIntervalMs: 10 });
    assert.equal(resumed.kind, 'succeeded');
    assert.deepEqual(await readFile(join(dir, 'cat.mp4')), generatedVideoBytes(videoBytes));
    assert.equal(creates(), before.creates + 1);
    note(
      'download cut 3 times in a row',
      '"finished at the provider, resume job <id>"; record waiting; resume saves it; one create',
    );
  });

  it('429 on create (twice): waits for retry-after-ms and submits again; one job accepted, one video', async () => {
    const { dir, deps, store, request } = await setup();
    const before = { creates: creates(), accepted: accepted() };
    fake.failNext('create', { kind: 'rate-limit', retryAfterMs: 1_500 }, 2);
    const outcome = await startJob(deps, request, { pollIntervalMs: 10 });
    assert.equal(outcome.kind, 'succeeded');
    assert.equal(creates(), before.creates + 3);
    assert.equal(accepted(), before.accepted + 1);
    assert.equal((await store.list()).length, 1);
    assert.deepEqual(await videos(dir), ['cat.mp4']);
    note('429 on create (x2)', 'waited Retry-After, submitted again; 1 job accepted; 1 video');
  });

  it('503 with Retry-After on create is retried; 503 without it is not (the job may not be proven absent)', async () => {
    const { dir, deps, request } = await setup();
    const before = { creates: creates(), accepted: accepted() };
    fake.failNext('create', { kind: 'status', status: 503, headers: { 'retry-after': '2' } }, 1);
    assert.equal((await startJob(deps, request, { pollIntervalMs: 10 })).kind, 'succeeded');
    assert.equal(creates(), before.creates + 2);
    assert.equal(accepted(), before.accepted + 1);
    assert.deepEqual(await videos(dir), ['cat.mp4']);
    fake.failNext('create', { kind: 'status', status: 503 }, 1);
    await assert.rejects(
      startJob(deps, request, { pollIntervalMs: 10 }),
      (e: unknown) =>
        e instanceof AnimateError && e.kind === 'provider' && /^Could not submit the job: .*\(503\)/.test(e.message),
    );
    assert.equal(creates(), before.creates + 3);
    note('503 + Retry-After on create', 'waited, submitted again; 1 job');
    note('503 without Retry-After on create', 'not retried; "Could not submit the job"');
  });

  it('429 on every create: rate-limit error with "try again in N s", 4 attempts, nothing accepted, nothing recorded', async () => {
    const { dir, deps, store, request } = await setup();
    const before = { creates: creates(), accepted: accepted() };
    fake.failNext('create', { kind: 'rate-limit', retryAfter: '20' }, 10);
    await assert.rejects(startJob(deps, request, { pollIntervalMs: 10 }), (e: unknown) => {
      assert.ok(e instanceof AnimateError);
      assert.equal(e.kind, 'rate-limit');
      assert.match(
        e.message,
        /^Could not submit the job \(4 attempts\): .*rate-limiting requests \(429\).*Nothing was created; try again in 2[0-4] s\.$/,
      );
      assert.equal(jobWasCreated(e), 'no');
      return true;
    });
    assert.equal(creates(), before.creates + 4);
    assert.equal(accepted(), before.accepted);
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await videos(dir), []);
    note('429 on every create', 'kind rate-limit after 4 attempts, "try again in N s"; nothing created');
  });

  it('a refused connection on create says nothing was sent (never "may have been created")', async () => {
    const { dir, deps, store, request } = await setup();
    const refused = createProvider('openai-videos', {
      apiKey: key,
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
      log: silentLogger,
    });
    const clock = new VirtualClock();
    await assert.rejects(startJob({ ...deps, provider: refused, clock }, request), (e: unknown) => {
      assert.ok(e instanceof AnimateError);
      assert.equal(e.kind, 'network');
      assert.match(e.message, /ECONNREFUSED.*Nothing was sent, so no job was created/);
      assert.doesNotMatch(e.message, /may have been created/);
      assert.equal(jobWasCreated(e), 'no');
      return true;
    });
    assert.equal(clock.sleeps.length, 3, 'a refused connection sent nothing: tried 4 times');
    const badPort = createProvider('openai-videos', {
      apiKey: key,
      baseUrl: 'http://127.0.0.1:1/v1',
      log: silentLogger,
    });
    await assert.rejects(startJob({ ...deps, provider: badPort }, request), (e: unknown) => {
      assert.ok(e instanceof AnimateError && e.kind === 'network', String(e));
      assert.match(e.message, /fetch refuses to connect to this port.*Nothing was sent, so no job was created/);
      return true;
    });
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await videos(dir), []);
    note('connection refused on create', 'network error "nothing was sent"; retried, never "may have been created"');
    note('--base-url port 1 (fetch bad port)', 'network error "nothing was sent", not retried');
  });

  it('a damaged jobs.json is kept aside as jobs.json.corrupt-<time> and a new list started, before the create', async () => {
    const { dir, deps, store, request } = await setup();
    await mkdir(join(dir, 'state'), { recursive: true });
    await writeFile(store.path, '{"version":1,"jobs":[{"id":"x"');
    const warnings: string[] = [];
    const notes: string[] = [];
    const outcome = await startJob(
      { ...deps, log: { ...silentLogger, warn: (m: string) => warnings.push(m) } },
      request,
      {
        pollIntervalMs: 10,
        onEvent: (e) => e.type === 'note' && notes.push(e.message),
      },
    );
    assert.equal(outcome.kind, 'succeeded');
    const aside = (await readdir(join(dir, 'state'))).filter((n) => n.startsWith('jobs.json.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(await readFile(join(dir, 'state', aside[0]!), 'utf8'), '{"version":1,"jobs":[{"id":"x"');
    assert.match(
      warnings[0] ?? '',
      /jobs\.json was damaged: it is kept as .*jobs\.json\.corrupt-.* and a new list was started/,
    );
    assert.deepEqual(notes, warnings.slice(0, 1));
    assert.equal((await store.list()).length, 1, 'the new job is on record');
    note('damaged jobs.json', 'moved aside as jobs.json.corrupt-<time> with a warning; job recorded and saved');
  });

  it('a state path that is a file: clear io error before any create', async () => {
    const { dir, deps, request } = await setup();
    await writeFile(join(dir, 'state'), 'not a folder');
    const before = creates();
    await assert.rejects(startJob(deps, request), (e: unknown) => {
      assert.ok(e instanceof AnimateError && e.kind === 'io', String(e));
      assert.match(
        e.message,
        /^The job list .*jobs\.json cannot be written \(.*\), so a paid job could not be recorded: nothing was submitted\./,
      );
      assert.equal(jobWasCreated(e), 'no');
      return true;
    });
    assert.equal(creates(), before, 'no create was sent');
    note('state path is a file', 'io error before any create; nothing submitted');
  });

  it('two followers of one job (two stores on one file, as two processes): one download, one file', async () => {
    const { dir, deps, store, request } = await setup();
    fake.options.pollsPerStep = 1000;
    const first = await startJob(deps, request, { pollIntervalMs: 1_000, maxWaitMs: 1_500 });
    fake.options.pollsPerStep = 1;
    assert.equal(first.kind, 'waiting');
    const before = downloads();
    const other = new FileJobStore(store.path);
    const record = (await store.get(first.record.id))!;
    const [a, b] = await Promise.all([
      followJob({ ...deps, clock: new VirtualClock() }, record, { pollIntervalMs: 10 }),
      followJob({ ...deps, store: other, clock: new TickingClock() }, record, { pollIntervalMs: 10 }),
    ]);
    assert.equal(a.kind === 'succeeded' && a.output, join(dir, 'cat.mp4'));
    assert.equal(b.kind === 'succeeded' && b.output, join(dir, 'cat.mp4'));
    assert.equal(downloads(), before + 1);
    assert.deepEqual(await videos(dir), ['cat.mp4']);
    assert.deepEqual(await readdir(`${store.path}.leases`), [], 'the lease is released');
    note('two followers of one job', 'the second waits for the first; 1 download; cat.mp4 only');
  });

  it('a stale lease (its holder is gone) is taken over', async () => {
    const { dir, deps, store, request } = await setup();
    fake.options.pollsPerStep = 1000;
    const first = await startJob(deps, request, { pollIntervalMs: 1_000, maxWaitMs: 1_500 });
    fake.options.pollsPerStep = 1;
    await mkdir(`${store.path}.leases`, { recursive: true });
    await writeFile(
      join(`${store.path}.leases`, `${first.record.id}.lease`),
      JSON.stringify({ host: hostname(), pid: 2 ** 22 + 7, token: 'gone' }),
    );
    const resumed = await followJob(deps, first.record, { pollIntervalMs: 10 });
    assert.equal(resumed.kind, 'succeeded');
    assert.deepEqual(await videos(dir), ['cat.mp4']);
    note('lease left by a crashed follower', 'taken over at once; video saved');
  });

  it('a 12-image batch whose first 4 creates get 429 ends with 12 videos and exactly 12 accepted creates', async () => {
    const { dir, deps, request } = await setup();
    const images = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const image = join(dir, `img${i}.png`);
        await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#224488' } })
          .png()
          .toFile(image);
        return { ...request, image };
      }),
    );
    const before = { creates: creates(), accepted: accepted() };
    fake.failNext('create', { kind: 'rate-limit', retryAfterMs: 200 }, 4);
    // Real time (short waits): the 4 refused creates go out together, as they would from a real batch.
    const results = await runBatch(images, 4, (r) =>
      startJob({ ...deps, clock: systemClock }, r, { pollIntervalMs: 10 }),
    );
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value.kind : String(r.reason))),
      Array.from({ length: 12 }, () => 'succeeded'),
    );
    assert.equal(accepted(), before.accepted + 12);
    assert.equal(creates(), before.creates + 16);
    assert.equal((await videos(dir)).length, 12);
    note('12-image batch, first 4 creates 429', '12 videos; 12 accepted creates (16 requests)');
  });

  it('a batch stopped before every image was submitted reports the others as "not started"', async () => {
    const { dir, deps, request } = await setup();
    fake.options.pollsPerStep = 1000;
    const images = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const image = join(dir, `img${i}.png`);
        await sharp({ create: { width: 1000, height: 800, channels: 3, background: '#224488' } })
          .png()
          .toFile(image);
        return { ...request, image };
      }),
    );
    const before = accepted();
    const controller = new AbortController();
    let submitted = 0;
    try {
      const results = await runBatch(
        images,
        2,
        (r) =>
          startJob({ ...deps, clock: new TickingClock() }, r, {
            signal: controller.signal,
            onAbort: 'detach',
            pollIntervalMs: 1_000,
            onEvent: (e) => e.type === 'submitted' && ++submitted === 2 && controller.abort(),
          }),
        controller.signal,
      );
      const reasons = results.map((r) =>
        r.status === 'rejected' && r.reason instanceof AnimateError
          ? (r.reason.details.code ?? r.reason.kind)
          : r.status,
      );
      assert.deepEqual(reasons, ['cancelled', 'cancelled', NOT_STARTED, NOT_STARTED, NOT_STARTED, NOT_STARTED]);
      const notStarted = results[2];
      assert.ok(notStarted?.status === 'rejected' && notStarted.reason instanceof Error);
      assert.match(notStarted.reason.message, /^Not started: /);
      assert.doesNotMatch(notStarted.reason.message, /aborted/);
    } finally {
      fake.options.pollsPerStep = 1;
    }
    assert.equal(accepted(), before + 2);
    note('batch stopped (Ctrl-C) after 2 of 6 submits', '2 kept for resume, 4 "not started"; 2 creates');
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
        startJob(deps, request, {
          signal: controller.signal,
          onAbort: 'cancel',
          pollIntervalMs: 10,
          onEvent: (e) => e.type === 'status' && controller.abort(),
        }),
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
    await assert.rejects(
      startJob(deps, request),
      (e: unknown) =>
        e instanceof AnimateError && e.kind === 'submit-unknown' && /may have been created/.test(e.message),
    );
    assert.equal(creates(), before + 1, 'exactly one create request reached the server');
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await videos(dir), []);
    note('connection drops during submit', 'reported as "may have been created"; not retried');
  });

  it('a rejected key while polling stops with an auth error and keeps the job', async () => {
    const { deps, store, request } = await setup();
    fake.failNext(
      'retrieve',
      { kind: 'status', status: 401, code: 'invalid_api_key', message: `Incorrect API key provided: ${key}` },
      1,
    );
    await assert.rejects(
      startJob(deps, request, { pollIntervalMs: 10 }),
      (e: unknown) => e instanceof AnimateError && e.kind === 'auth' && !e.message.includes(key),
    );
    assert.equal((await store.list())[0]?.state, 'waiting');
    note('key rejected mid-job (401)', 'auth error without the key; job kept for resume');
  });

  it('a status reply that is not JSON is a clear error; the job stays resumable', async () => {
    const { store, deps, request } = await setup();
    fake.failNext('retrieve', { kind: 'non-json', status: 200, body: 'upstream timeout' }, 1);
    await assert.rejects(
      startJob(deps, request, { pollIntervalMs: 10 }),
      (e: unknown) => e instanceof AnimateError && e.kind === 'provider',
    );
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
    const kept = error.details.keptPath;
    assert.ok(kept && error.message.includes(`kept at ${kept}`), error.message);
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

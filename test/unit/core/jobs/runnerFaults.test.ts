/**
 * The runner's money rules in isolation (scripted provider, virtual clock): a create is sent again only when the
 * provider proved nothing was made; a broken download is fetched again from scratch and, when it keeps failing, the
 * paid job stays resumable; one follower per job.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, mock } from 'node:test';
import { AnimateError, jobWasCreated, NOT_STARTED } from '../../../../src/core/errors';
import { createDelay, provedNotCreated } from '../../../../src/core/jobs/createRetry';
import { followJob, startJob, type JobEvent } from '../../../../src/core/jobs/runner';
import { fakeMp4, ScriptedProvider, TickingClock, VirtualClock } from '../../../helpers/scriptedProvider';
import { runnerSetup as setup, runnerWorkspace, scriptedRequest as request } from '../../../helpers/runnerSetup';

const workspace = () => runnerWorkspace('runner-faults-');

const rateLimited = (retryAfterMs?: number, code = 'rate_limit_exceeded') =>
  new AnimateError(
    'rate-limit',
    `api.test is rate-limiting requests (429). No job was created.${retryAfterMs ? ` Retry in ${Math.ceil(retryAfterMs / 1000)} s.` : ''}`,
    {
      status: 429,
      code,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    },
  );
const count = (provider: ScriptedProvider, call: string) => provider.calls.filter((c) => c === call).length;

/** The `animate-image-*` folders in the temp dir right now. */
// A temp root of this file's own: other test files run at the same time and make animate-image-* folders too.
process.env.TMPDIR = fs.mkdtempSync(join(tmpdir(), 'runner-faults-'));
const tempFolders = async () => new Set((await readdir(tmpdir())).filter((n) => n.startsWith('animate-image-')));

describe('create retries', () => {
  it('a 429 on create waits for Retry-After (with jitter) and submits again: one job', async () => {
    const { dir, image } = await workspace();
    const { provider, store, clock, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(rateLimited(3_000), rateLimited(3_000));
    const events: JobEvent[] = [];
    const outcome = await startJob(deps, request(image), { onEvent: (e) => events.push(e) });
    assert.equal(outcome.kind, 'succeeded');
    assert.equal(count(provider, 'submit'), 3);
    assert.equal(provider.submitted.length, 1, 'one accepted create');
    assert.equal((await store.list()).length, 1);
    for (const slept of clock.sleeps.slice(0, 2)) assert.ok(slept >= 3_000 && slept <= 3_600, `waited ${slept} ms`);
    assert.deepEqual(
      events.filter((e) => e.type === 'submitting').map((e) => (e.type === 'submitting' ? e.attempt : 0)),
      [1, 2, 3],
    );
    assert.deepEqual(await readFile(join(dir, 'cat.mp4')), fakeMp4());
  });

  it('a rate limit that outlasts the retries is kind rate-limit, says "try again in N s", and nothing was created', async () => {
    const { dir, image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(...Array.from({ length: 10 }, () => rateLimited(5_000)));
    await assert.rejects(startJob(deps, request(image)), (error: unknown) => {
      assert.ok(error instanceof AnimateError);
      assert.equal(error.kind, 'rate-limit');
      assert.match(
        error.message,
        /^Could not submit the job \(4 attempts\): api\.test is rate-limiting requests \(429\)\. No job was created\. Nothing was created; try again in [56] s\.$/,
      );
      assert.equal(error.details.stage, 'submit');
      assert.equal(jobWasCreated(error), 'no');
      return true;
    });
    assert.equal(count(provider, 'submit'), 4);
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await readdir(dir), ['cat.png']);
  });

  it('out of quota (429 insufficient_quota) is not retried', async () => {
    const { image } = await workspace();
    const { provider, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(rateLimited(undefined, 'insufficient_quota'));
    await assert.rejects(
      startJob(deps, request(image)),
      (e: unknown) =>
        e instanceof AnimateError && e.kind === 'rate-limit' && /^Could not submit the job: /.test(e.message),
    );
    assert.equal(count(provider, 'submit'), 1);
  });

  it('a Retry-After longer than two minutes is not waited for', async () => {
    const { image } = await workspace();
    const { provider, clock, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(rateLimited(600_000));
    await assert.rejects(startJob(deps, request(image)), /try again in \d+ s/);
    assert.equal(count(provider, 'submit'), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('max wait bounds the waiting between creates', async () => {
    const { image } = await workspace();
    const { provider, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(rateLimited(30_000), rateLimited(30_000));
    await assert.rejects(
      startJob(deps, request(image), { maxWaitMs: 45_000 }),
      (e: unknown) => e instanceof AnimateError && e.kind === 'rate-limit',
    );
    assert.equal(count(provider, 'submit'), 2);
  });

  it('cancel during the wait between creates: cancelled, and nothing was created', async () => {
    const { image } = await workspace();
    const { provider, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(rateLimited(3_000));
    const controller = new AbortController();
    const run = startJob(deps, request(image), {
      signal: controller.signal,
      onEvent: (e) => e.type === 'retrying' && controller.abort(),
    });
    await assert.rejects(
      run,
      (e: unknown) =>
        e instanceof AnimateError &&
        e.kind === 'cancelled' &&
        e.details.code === NOT_STARTED &&
        jobWasCreated(e) === 'no',
    );
    assert.equal(count(provider, 'submit'), 1);
  });

  it('an unknown create outcome (submit-unknown) is never retried and is "maybe created"', async () => {
    const { image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(
      new AnimateError('submit-unknown', 'The connection broke after the job was sent. The job may have been created.'),
    );
    await assert.rejects(
      startJob(deps, request(image)),
      (e: unknown) => e instanceof AnimateError && e.kind === 'submit-unknown' && jobWasCreated(e) === 'maybe',
    );
    assert.equal(count(provider, 'submit'), 1);
    assert.deepEqual(await store.list(), []);
  });

  it('a create rejected as bad input names the submit stage, is not retried, and was not created', async () => {
    const { image } = await workspace();
    const { provider, deps } = setup([{ state: 'succeeded' }]);
    provider.submitErrors.push(
      new AnimateError('bad-input', 'api.test rejected the request (400): bad size.', { status: 400 }),
    );
    await assert.rejects(startJob(deps, request(image)), (e: unknown) => {
      assert.ok(e instanceof AnimateError && e.kind === 'bad-input');
      assert.equal(e.message, 'Could not submit the job: api.test rejected the request (400): bad size.');
      assert.equal(jobWasCreated(e), 'no');
      return true;
    });
    assert.equal(count(provider, 'submit'), 1);
  });

  it('what proves a create made nothing', () => {
    assert.equal(provedNotCreated(rateLimited(1_000)), true);
    assert.equal(provedNotCreated(rateLimited(undefined, 'insufficient_quota')), false);
    assert.equal(provedNotCreated(new AnimateError('provider', '503', { status: 503, retryAfterMs: 2_000 })), true);
    assert.equal(
      provedNotCreated(new AnimateError('provider', '503', { status: 503 })),
      false,
      '503 without Retry-After',
    );
    assert.equal(provedNotCreated(new AnimateError('provider', '502', { status: 502 })), false);
    assert.equal(provedNotCreated(new AnimateError('network', 'refused', { code: 'ECONNREFUSED' })), true);
    assert.equal(
      provedNotCreated(new AnimateError('network', 'bad port', { code: 'BAD_PORT' })),
      false,
      'a refused port does not pass by itself',
    );
    assert.equal(provedNotCreated(new AnimateError('submit-unknown', 'dropped')), false);
    assert.equal(
      createDelay(1, rateLimited(10_000), () => 0),
      10_000,
    );
    assert.equal(
      createDelay(1, rateLimited(10_000), () => 1),
      12_000,
    );
    assert.equal(
      createDelay(1, new AnimateError('network', 'x'), () => 0.5),
      1_000,
    );
  });
});

describe('download retries', () => {
  for (const [name, broken] of [
    ['cut mid-stream', 'cut'],
    ['an HTML page', 'html'],
    ['empty', 'empty'],
  ] as const) {
    it(`a download that is ${name} is fetched again from scratch`, async () => {
      const { dir, image } = await workspace();
      const { provider, deps } = setup([{ state: 'succeeded' }], [broken, fakeMp4(9000)]);
      const outcome = await startJob(deps, request(image));
      assert.equal(outcome.kind, 'succeeded');
      assert.equal(count(provider, 'download'), 2);
      assert.equal(count(provider, 'submit'), 1);
      assert.equal((await readFile(join(dir, 'cat.mp4'))).length, 9000);
    });
  }

  it('when retries run out: says the job finished and how to fetch it, keeps it resumable, leaves no temp folder', async () => {
    const { dir, image } = await workspace();
    const before = await tempFolders();
    const { provider, store, deps } = setup([{ state: 'succeeded' }], ['empty']);
    const error = await startJob(deps, request(image)).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AnimateError);
    const [record] = await store.list();
    assert.ok(record);
    assert.equal(
      error.message,
      `The job finished at Scripted test provider, but its video could not be downloaded (3 attempts): The provider's download was empty. ` +
        `It is paid for and kept: resume job ${record.id} to fetch it (CLI: animate-image resume ${record.id}; editor: the Animate Image jobs view).`,
    );
    assert.equal(error.details.stage, 'follow');
    assert.equal(error.details.jobId, record.id);
    assert.equal(jobWasCreated(error), 'yes');
    assert.equal(record.state, 'waiting');
    assert.equal(count(provider, 'download'), 3);
    assert.deepEqual(await readdir(dir), ['cat.png']);
    const leftovers = [...(await tempFolders())].filter((n) => !before.has(n));
    assert.deepEqual(leftovers, [], 'no empty animate-image-* folder left behind');
  });

  it('a full temp folder (ENOSPC) gives the resume hint, not a raw write error, and leaves no temp folder', async () => {
    const { dir, image } = await workspace();
    const before = await tempFolders();
    const { provider, store, deps } = setup([{ state: 'succeeded' }]);
    // /dev/full answers every write with ENOSPC: the download's temp file behaves like one on a full disk.
    const original = fs.createWriteStream;
    const full = mock.method(fs, 'createWriteStream', (path: fs.PathLike, options?: unknown) =>
      String(path).endsWith('video.mp4') ? original('/dev/full') : original(path, options as never),
    );
    let error: unknown;
    try {
      error = await startJob(deps, request(image)).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      full.mock.restore();
    }
    assert.ok(error instanceof AnimateError, String(error));
    const [record] = await store.list();
    assert.ok(record);
    assert.equal(error.kind, 'io');
    assert.match(
      error.message,
      new RegExp(
        `^The job finished at Scripted test provider, but its video could not be downloaded: Could not write the download to the temp folder .+ \\(the disk is full\\)\\. It is paid for and kept: resume job ${record.id}`,
      ),
    );
    assert.doesNotMatch(error.message, /ENOSPC.*write/);
    assert.equal(count(provider, 'download'), 1, 'a full disk is not retried');
    assert.equal(record.state, 'waiting');
    assert.deepEqual(await readdir(dir), ['cat.png']);
    assert.deepEqual(
      [...(await tempFolders())].filter((n) => !before.has(n)),
      [],
    );
  });
});

describe('one follower per job', () => {
  it('a second follower of the same job waits for the first and reports its video: one download, one file', async () => {
    const { dir, image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'running' }, { state: 'running' }, { state: 'succeeded' }]);
    const first = await startJob(deps, request(image), { maxWaitMs: 1 });
    assert.equal(first.kind, 'waiting');
    const record = first.record;
    const notes: string[] = [];
    // Each follower has its own clock; the waiting one's sleeps take real time, so the first gets on meanwhile.
    const [a, b] = await Promise.all([
      followJob({ ...deps, clock: new VirtualClock() }, record, { pollIntervalMs: 1_000 }),
      followJob({ ...deps, clock: new TickingClock() }, record, {
        pollIntervalMs: 1_000,
        onEvent: (e) => e.type === 'note' && notes.push(e.message),
      }),
    ]);
    assert.equal(a.kind === 'succeeded' && a.output, join(dir, 'cat.mp4'));
    assert.equal(b.kind === 'succeeded' && b.output, join(dir, 'cat.mp4'));
    assert.equal(count(provider, 'download'), 1);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.mp4')),
      ['cat.mp4'],
    );
    assert.match(notes[0] ?? '', /already being followed by another follower in process \d+; waiting for it/);
    assert.equal((await store.get(record.id))?.state, 'succeeded');
  });

  it('a follower that finds the job already done elsewhere downloads nothing', async () => {
    const { dir, image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'succeeded' }]);
    const done = await startJob(deps, request(image));
    assert.equal(done.kind, 'succeeded');
    const stale = { ...done.record, state: 'waiting' as const };
    const again = await followJob(deps, stale);
    assert.equal(again.kind === 'succeeded' && again.output, join(dir, 'cat.mp4'));
    assert.equal(count(provider, 'download'), 1);
    assert.equal((await store.get(stale.id))?.state, 'succeeded');
  });
});

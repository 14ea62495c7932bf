import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import sharp from 'sharp';
import { AnimateError, errorMessage, NOT_STARTED } from '../../../../src/core/errors';
import type { Clock } from '../../../../src/core/jobs/clock';
import type { JobRecord } from '../../../../src/core/jobs/record';
import { MemoryJobStore } from '../../../../src/core/jobs/store';
import { useTranslations } from '../../../../src/core/language';
import {
  JobSupervisor,
  type SupervisedBatch,
  type SupervisedEnd,
  type SupervisorDeps,
} from '../../../../src/core/jobs/supervisor';
import { nodeOutputPort } from '../../../../src/core/output';
import type { RemoteJob } from '../../../../src/core/providers/provider';
import { resolveRequest, type ResolvedRequest } from '../../../../src/core/request';
import { silentLogger } from '../../../../src/core/types';
import { fakeMp4, ScriptedProvider, VirtualClock } from '../../../helpers/scriptedProvider';
import zhCn from '../../../../l10n/bundle.l10n.zh-cn.json';

/** Time that stands still: every sleep waits until `tick()` (or its abort), so a test decides when jobs move on. */
class HeldClock implements Clock {
  time = 1_700_000_000_000;
  private pending: Array<() => void> = [];
  now(): number {
    return this.time;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.push(() => {
        signal.removeEventListener('abort', onAbort);
        this.time += ms;
        resolve();
      });
    });
  }
  tick(): void {
    const due = this.pending;
    this.pending = [];
    for (const wake of due) wake();
  }
}

async function images(count: number): Promise<{ dir: string; paths: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'supervisor-test-'));
  const paths: string[] = [];
  for (let i = 1; i <= count; i++) {
    const path = join(dir, `img${i}.png`);
    await sharp({ create: { width: 128, height: 96, channels: 3, background: '#3366cc' } })
      .png()
      .toFile(path);
    paths.push(path);
  }
  return { dir, paths };
}

const requestFor = (image: string): ResolvedRequest =>
  resolveRequest({ image, prompt: 'slow zoom in', provider: 'scripted' }, new ScriptedProvider([]).info);

function supervisor(clock: Clock, extra: Partial<SupervisorDeps> = {}) {
  const store = new MemoryJobStore();
  const jobs = new JobSupervisor({
    store,
    output: nodeOutputPort,
    log: silentLogger,
    clock,
    settings: () => ({ provenance: false }),
    ...extra,
  });
  const ends: SupervisedEnd[] = [];
  const batches: SupervisedBatch[] = [];
  jobs.listen({ ended: (end) => ends.push(end), batchEnded: (batch) => batches.push(batch) });
  return { store, jobs, ends, batches };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  assert.fail(`never happened: ${what}`);
}

const count = (provider: ScriptedProvider, call: string) => provider.calls.filter((c) => c === call).length;

describe('job supervisor', () => {
  it("the user's Cancel cancels the remote job; closing detaches it and keeps it resumable", async () => {
    const cancelled: RemoteJob[] = [];
    const provider = new ScriptedProvider([{ state: 'running', progress: 10 }], [fakeMp4()], async (job) => {
      cancelled.push(job);
    });
    const clock = new HeldClock();
    const { paths } = await images(2);
    const { store, jobs, ends } = supervisor(clock);
    const first = jobs.start([await requestFor(paths[0] ?? '')], { provider });
    await until(() => jobs.list()[0]?.phase === 'running', 'the first job is polled');
    const key = jobs.list()[0]?.key ?? '';
    assert.equal(jobs.list()[0]?.progress, 10);
    assert.ok(jobs.cancel(key));
    const [cancelEnd] = await first;
    assert.equal(cancelEnd?.ending, 'cancelled');
    assert.equal(cancelEnd?.stopped, 'cancel');
    assert.deepEqual(
      cancelled.map((j) => j.id),
      ['job-1'],
    );
    assert.equal((await store.get(cancelEnd?.job.recordId ?? ''))?.state, 'cancelled');

    const second = jobs.start([await requestFor(paths[1] ?? '')], { provider });
    await until(() => jobs.list()[0]?.phase === 'running', 'the second job is polled');
    const recordId = jobs.list()[0]?.recordId ?? '';
    await jobs.detachAll();
    const [detachEnd] = await second;
    assert.equal(detachEnd?.ending, 'cancelled');
    assert.equal(detachEnd?.stopped, 'detach');
    assert.equal(cancelled.length, 1, 'closing never cancels the remote job');
    assert.equal((await store.get(recordId))?.state, 'waiting', 'the detached job stays resumable');
    assert.deepEqual(
      ends.map((e) => e.stopped),
      ['cancel', 'detach'],
    );
    assert.equal(jobs.list().length, 0);
  });

  it('runs at most `concurrency` jobs at once; a job cancelled while waiting for its slot is never sent', async () => {
    const provider = new ScriptedProvider([{ state: 'running' }]);
    const clock = new HeldClock();
    const { paths } = await images(4);
    const { jobs } = supervisor(clock, { concurrency: 2 });
    const all = jobs.start(await Promise.all(paths.map(requestFor)), { provider });
    await until(() => jobs.list().filter((j) => j.phase === 'running').length === 2, 'two jobs are polled');
    assert.equal(count(provider, 'submit'), 2);
    assert.deepEqual(
      jobs.list().map((j) => j.phase),
      ['running', 'running', 'queued-here', 'queued-here'],
    );
    const [one, two, three, four] = jobs.list().map((j) => j.key);
    jobs.cancel(four ?? '');
    jobs.cancel(one ?? '');
    await until(() => jobs.get(three ?? '')?.phase === 'running', 'the third job gets the freed slot');
    assert.equal(count(provider, 'submit'), 3);
    assert.equal(jobs.list().filter((j) => j.phase !== 'queued-here').length, 2, 'still two at once');
    jobs.cancel(two ?? '');
    jobs.cancel(three ?? '');
    const ends = await all;
    assert.equal(count(provider, 'submit'), 3, 'the job cancelled in the queue was never submitted');
    const notSent = ends[3]?.error;
    assert.ok(notSent instanceof AnimateError && notSent.details.code === NOT_STARTED);
    assert.equal(ends[3]?.job.submitted, false);
  });

  it('a recorded job waiting for its slot: Cancel cancels it at the provider, closing leaves it as recorded', async () => {
    const cancelled: string[] = [];
    const provider = new ScriptedProvider([{ state: 'running' }], [fakeMp4()], async (job) => {
      cancelled.push(job.id);
    });
    const clock = new HeldClock();
    const { paths } = await images(1);
    const { store, jobs } = supervisor(clock, { concurrency: 1 });
    const recorded = (id: string, state: JobRecord['state'] = 'waiting'): JobRecord => ({
      id,
      remote: { provider: 'scripted', id: `remote-${id}`, model: 'm1' },
      request: requestFor(paths[0] ?? ''),
      state,
      startedAt: clock.now(),
      updatedAt: clock.now(),
    });
    await store.put(recorded('a'));
    await store.put(recorded('b'));
    const running = jobs.follow(recorded('a'), { provider });
    const queued = jobs.follow(recorded('b'), { provider });
    await until(() => jobs.following('a')?.phase === 'running', 'job a is polled');
    assert.equal(jobs.following('b')?.phase, 'queued-here');
    jobs.cancelRecord('b');
    jobs.cancelRecord('a');
    const [a, b] = await Promise.all([running, queued]);
    assert.deepEqual([a.stopped, b.stopped], ['cancel', 'cancel']);
    assert.deepEqual(cancelled.sort(), ['remote-a', 'remote-b'], 'both cancelled at the provider');
    assert.equal((await store.get('b'))?.state, 'cancelled');

    await store.put(recorded('c'));
    // As a crash left it: a follow that stopped would have written `waiting`.
    await store.put(recorded('d', 'running'));
    const first = jobs.follow(recorded('c'), { provider });
    const second = jobs.follow(recorded('d', 'running'), { provider });
    await until(() => jobs.following('c')?.phase === 'running', 'job c is polled');
    await jobs.detachAll();
    const [, d] = await Promise.all([first, second]);
    assert.equal(d.stopped, 'detach');
    assert.deepEqual(cancelled.sort(), ['remote-a', 'remote-b'], 'closing cancels nothing');
    assert.deepEqual(await store.get('d'), recorded('d', 'running'), 'the queued job is left as recorded');
  });

  it('a recorded job already followed here is followed once: one follower, no second create', async () => {
    const provider = new ScriptedProvider([{ state: 'running' }, { state: 'succeeded' }]);
    const clock = new HeldClock();
    const { dir, paths } = await images(1);
    const { store, jobs } = supervisor(clock);
    const started = jobs.start([await requestFor(paths[0] ?? '')], { provider });
    await until(() => jobs.list()[0]?.phase === 'running', 'the job is polled');
    const record = (await store.list())[0] as JobRecord;
    assert.ok(jobs.following(record.id));
    const again = jobs.follow(record, { provider });
    const twice = jobs.follow({ ...record }, { provider });
    assert.equal(jobs.list().length, 1, 'no second follower');
    clock.tick();
    const [end] = await started;
    assert.equal(await again, end);
    assert.equal(await twice, end);
    assert.equal(end?.ending, 'succeeded');
    assert.deepEqual(provider.calls, ['submit', 'poll', 'poll', 'download']);
    assert.deepEqual((await readdir(dir)).sort(), ['img1.mp4', 'img1.png']);
  });

  it('a batch reports every end once, with the failures, and records where each job went', async () => {
    const provider = new ScriptedProvider([{ state: 'succeeded' }]);
    provider.submitErrors.push(new AnimateError('bad-input', 'prompt refused'));
    const { dir, paths } = await images(3);
    const { store, jobs, batches } = supervisor(new VirtualClock(), {
      concurrency: 1,
      unsentReason: (error) => `never sent: ${error instanceof Error ? error.message : String(error)}`,
    });
    const endpoint = 'http://127.0.0.1:9/v1';
    const ends = await jobs.start(await Promise.all(paths.map(requestFor)), { provider, endpoint });
    assert.deepEqual(
      ends.map((e) => e.ending),
      ['failed', 'succeeded', 'succeeded'],
    );
    assert.equal(batches.length, 1, 'one summary for the batch');
    assert.equal(batches[0]?.total, 3);
    assert.deepEqual(batches[0]?.ends.map((e) => e.ending).sort(), ['failed', 'succeeded', 'succeeded']);
    assert.ok(ends.every((e) => e.batch === ends[0]?.batch && e.batch !== undefined));
    assert.equal(jobs.batches().length, 0);
    const records = await store.list();
    assert.equal(records.length, 3);
    assert.ok(records.every((r) => r.endpoint === endpoint));
    const unsent = records.find((r) => r.state === 'failed');
    assert.equal(unsent?.remote.id, '');
    assert.match(unsent?.error ?? '', /^never sent: .*prompt refused/);
    assert.deepEqual((await readdir(dir)).sort(), ['img1.png', 'img2.mp4', 'img2.png', 'img3.mp4', 'img3.png']);
  });

  it('a polling timeout is not a failure: the job is kept and a later follow fetches it without a new create', async () => {
    const provider = new ScriptedProvider([{ state: 'running' }]);
    const { dir, paths } = await images(1);
    const { store, jobs, batches } = supervisor(new VirtualClock(), {
      settings: () => ({ provenance: false, maxWaitMs: 60_000 }),
    });
    const [end] = await jobs.start([await requestFor(paths[0] ?? '')], { provider });
    assert.equal(end?.ending, 'waiting');
    assert.equal(end?.error, undefined);
    assert.equal(batches.length, 0, 'one image is not a batch');
    const record = (await store.list())[0] as JobRecord;
    assert.equal(record.state, 'waiting');
    assert.equal(end?.record?.id, record.id);

    const later = new ScriptedProvider([{ state: 'succeeded' }]);
    const resumed = await jobs.follow(record, { provider: later });
    assert.equal(resumed.ending, 'succeeded');
    assert.deepEqual(later.calls, ['poll', 'download']);
    assert.equal(count(provider, 'submit'), 1);
    assert.equal((await store.get(record.id))?.state, 'succeeded');
    assert.deepEqual((await readdir(dir)).sort(), ['img1.mp4', 'img1.png']);
  });

  describe('in the display language', () => {
    afterEach(() => useTranslations({}));

    // The editor shows a job's end as the core's message (jobController.ts): the core must already speak Chinese.
    it("a user's Cancel and a failed download end with the core's sentence in Chinese", async () => {
      useTranslations(zhCn);
      const provider = new ScriptedProvider([{ state: 'running' }], [fakeMp4()], async () => {});
      const clock = new HeldClock();
      const { paths } = await images(2);
      const { jobs } = supervisor(clock);
      const run = jobs.start([requestFor(paths[0] ?? '')], { provider });
      await until(() => jobs.list()[0]?.phase === 'running', 'the job is polled');
      jobs.cancel(jobs.list()[0]?.key ?? '');
      const [cancelled] = await run;
      assert.equal(cancelled?.stopped, 'cancel');
      assert.equal(errorMessage(cancelled?.error), '已取消；已请求 Scripted test provider 取消该任务。');

      const broken = new ScriptedProvider([{ state: 'succeeded' }], ['html']);
      const [failed] = await supervisor(new VirtualClock()).jobs.start([requestFor(paths[1] ?? '')], {
        provider: broken,
      });
      assert.equal(failed?.ending, 'failed');
      assert.match(errorMessage(failed?.error), /^任务已在 Scripted test provider 完成，但/);
    });
  });
});

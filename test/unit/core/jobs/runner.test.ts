import assert from 'node:assert/strict';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { AnimateError, jobWasCreated } from '../../../../src/core/errors';
import { followJob, startJob, type JobEvent } from '../../../../src/core/jobs/runner';
import { nodeOutputPort } from '../../../../src/core/output';
import { resolveRequest } from '../../../../src/core/request';
import { fakeMp4, ScriptedProvider } from '../../../helpers/scriptedProvider';
import { runnerSetup as setup, runnerWorkspace, scriptedRequest as request } from '../../../helpers/runnerSetup';

const workspace = () => runnerWorkspace('runner-test-');

describe('job runner', () => {
  it('sends the extras the model takes to the provider and keeps them in the job record', async () => {
    const { image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'succeeded' }]);
    const info = provider.info;
    const withExtras = {
      ...info,
      models: info.models.map((m) => ({ ...m, extras: ['negativePrompt', 'seed'] as const })),
    };
    const resolved = await resolveRequest(
      { image, prompt: 'slow zoom in', provider: 'scripted', negativePrompt: 'blur', seed: 7 },
      withExtras,
    );
    await startJob(deps, resolved, { provenance: false });
    assert.deepEqual(provider.submitted[0]?.extras, { negativePrompt: 'blur', seed: 7 });
    assert.deepEqual((await store.list())[0]?.request.extras, { negativePrompt: 'blur', seed: 7 });
  });

  it("passes the provider's queue position on in the status event while queued, and not once running", async () => {
    const { image } = await workspace();
    const { deps } = setup([
      { state: 'queued', queuePosition: 3 },
      { state: 'queued', queuePosition: 0 },
      { state: 'running', progress: 10 },
      { state: 'succeeded' },
    ]);
    const events: JobEvent[] = [];
    await startJob(deps, request(image), { onEvent: (e) => events.push(e), provenance: false });
    const statuses = events.filter((e) => e.type === 'status');
    assert.deepEqual(
      statuses.map((e) => [e.state, e.queuePosition]),
      [
        ['queued', 3],
        ['queued', 0],
        ['running', undefined],
      ],
    );
  });

  it('submits once, follows the job and writes the MP4 next to the source', async () => {
    const { dir, image } = await workspace();
    const { provider, store, deps } = setup([
      { state: 'queued' },
      { state: 'running', progress: 40 },
      { state: 'running', progress: 80 },
      { state: 'succeeded' },
    ]);
    const events: JobEvent[] = [];
    const outcome = await startJob(deps, request(image), { onEvent: (e) => events.push(e) });
    assert.equal(outcome.kind, 'succeeded');
    assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'cat.mp4'));
    assert.deepEqual(await readFile(join(dir, 'cat.mp4')), fakeMp4());
    assert.equal(provider.calls.filter((c) => c === 'submit').length, 1);
    assert.deepEqual(
      events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.progress : -1)),
      [undefined, 40, 80],
    );
    const [record] = await store.list();
    assert.equal(record?.state, 'succeeded');
    assert.equal(record?.output, join(dir, 'cat.mp4'));
    // The provider got the image fitted to the exact size it asked for.
    const sent = provider.submitted[0]?.image;
    assert.ok(sent);
    assert.deepEqual([sent.width, sent.height], [64, 48]);
    const meta = await sharp(sent.bytes).metadata();
    assert.deepEqual([meta.width, meta.height], [64, 48]);
    const sidecar = JSON.parse(await readFile(join(dir, 'cat.mp4.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.prompt, 'slow zoom in');
    assert.equal(sidecar.remoteJobId, 'job-1');
    assert.equal(sidecar.size, '64x48');
    assert.match(String(sidecar.sourceSha256), /^[0-9a-f]{64}$/);
    assert.deepEqual((await readdir(dir)).sort(), ['cat.mp4', 'cat.mp4.json', 'cat.png']);
  });

  it('follows a submitted job it cannot record to the end from memory, names its remote id, and never resubmits', async () => {
    const { dir, image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'running' }, { state: 'succeeded' }]);
    store.put = () => Promise.reject(new Error('disk full'));
    const notes: string[] = [];
    const outcome = await startJob(deps, request(image), {
      onEvent: (e) => e.type === 'note' && notes.push(e.message),
    });
    assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'cat.mp4'));
    assert.deepEqual(await readFile(join(dir, 'cat.mp4')), fakeMp4());
    assert.deepEqual(provider.calls, ['submit', 'poll', 'poll', 'download']);
    assert.equal(notes.length, 1);
    assert.match(
      notes[0] ?? '',
      /submitted to scripted as job-1, but its record could not be saved \(disk full\).*do not submit again/,
    );
  });

  it('a job it cannot record that outlives max wait ends with an error naming its remote id', async () => {
    const { image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'running' }]);
    store.put = () => Promise.reject(new Error('disk full'));
    await assert.rejects(startJob(deps, request(image), { maxWaitMs: 10_000 }), (error: unknown) => {
      assert.ok(error instanceof AnimateError && error.kind === 'io');
      assert.match(error.message, /still running at scripted as job-1, but it could not be recorded/);
      assert.equal(jobWasCreated(error), 'yes');
      return true;
    });
    assert.equal(provider.calls.filter((c) => c === 'submit').length, 1);
  });

  it('writes no sidecar when provenance is off', async () => {
    const { dir, image } = await workspace();
    const { deps } = setup([{ state: 'succeeded' }]);
    await startJob(deps, request(image), { provenance: false });
    assert.deepEqual((await readdir(dir)).sort(), ['cat.mp4', 'cat.png']);
  });

  it('never overwrites: an existing cat.mp4 stays, the new video is cat-2.mp4', async () => {
    const { dir, image } = await workspace();
    await writeFile(join(dir, 'cat.mp4'), 'precious');
    const { deps } = setup([{ state: 'succeeded' }]);
    const outcome = await startJob(deps, request(image));
    assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'cat-2.mp4'));
    assert.equal(await readFile(join(dir, 'cat.mp4'), 'utf8'), 'precious');
  });

  it('gives concurrent jobs on one image distinct names', async () => {
    const { dir, image } = await workspace();
    const runs = Array.from({ length: 4 }, () =>
      startJob(setup([{ state: 'running' }, { state: 'succeeded' }]).deps, request(image)),
    );
    const outputs = (await Promise.all(runs)).map((o) => (o.kind === 'succeeded' ? o.output : ''));
    assert.equal(new Set(outputs).size, 4);
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.mp4')).sort(), [
      'cat-2.mp4',
      'cat-3.mp4',
      'cat-4.mp4',
      'cat.mp4',
    ]);
  });

  it('treats max-wait as "still running", keeps the job, and resumes it without resubmitting', async () => {
    const { dir, image } = await workspace();
    const { provider, store, deps } = setup([{ state: 'running', progress: 10 }]);
    const outcome = await startJob(deps, request(image), { maxWaitMs: 60_000 });
    assert.equal(outcome.kind, 'waiting');
    const saved = await store.get(outcome.record.id);
    assert.equal(saved?.state, 'waiting');
    assert.equal(saved?.remote.id, 'job-1');
    assert.deepEqual(await readdir(dir), ['cat.png']);

    const later = new ScriptedProvider([{ state: 'succeeded' }]);
    const resumed = await followJob({ ...deps, provider: later }, saved!, {});
    assert.equal(resumed.kind === 'succeeded' && resumed.output, join(dir, 'cat.mp4'));
    assert.equal(provider.calls.filter((c) => c === 'submit').length, 1);
    assert.equal(later.calls.includes('submit'), false);
  });

  it('backs off on 429 honouring Retry-After, and on 5xx, without resubmitting', async () => {
    const { image } = await workspace();
    const { provider, clock, deps } = setup([
      new AnimateError('rate-limit', 'slow down', { status: 429, retryAfterMs: 7_000 }),
      new AnimateError('provider', 'upstream 503', { status: 503 }),
      new AnimateError('network', 'ECONNRESET'),
      { state: 'succeeded' },
    ]);
    const outcome = await startJob(deps, request(image));
    assert.equal(outcome.kind, 'succeeded');
    assert.equal(clock.sleeps[0], 7_000);
    assert.ok((clock.sleeps[1] ?? 0) >= 1_500 && (clock.sleeps[1] ?? 0) <= 2_500, `second backoff ${clock.sleeps[1]}`);
    assert.equal(provider.calls.filter((c) => c === 'submit').length, 1);
  });

  it('adapts the poll interval: quick at first, slower for long jobs, fixed when asked', async () => {
    const { image } = await workspace();
    const longJob = setup([
      ...Array.from({ length: 60 }, () => ({ state: 'running' as const })),
      { state: 'succeeded' },
    ]);
    await startJob(longJob.deps, request(image));
    assert.equal(longJob.clock.sleeps[0], 2_000);
    assert.equal(longJob.clock.sleeps.at(-1), 20_000);
    const fixed = setup([{ state: 'running' }, { state: 'running' }, { state: 'succeeded' }]);
    await startJob(fixed.deps, request(image), { pollIntervalMs: 5_000 });
    assert.deepEqual(fixed.clock.sleeps, [5_000, 5_000]);
    const hinted = setup([{ state: 'running', pollAfterMs: 1_234 }, { state: 'succeeded' }]);
    await startJob(hinted.deps, request(image));
    assert.deepEqual(hinted.clock.sleeps, [1_234]);
  });

  it('reports a failed job with the provider reason and writes nothing', async () => {
    const { dir, image } = await workspace();
    const { store, deps } = setup([
      { state: 'running' },
      { state: 'failed', reason: 'Your request was blocked by our moderation system.', code: 'moderation_blocked' },
    ]);
    await assert.rejects(startJob(deps, request(image)), (error: unknown) => {
      assert.ok(error instanceof AnimateError);
      assert.equal(error.kind, 'provider');
      assert.match(error.message, /moderation/);
      assert.equal(error.details.code, 'moderation_blocked');
      return true;
    });
    assert.equal((await store.list())[0]?.state, 'failed');
    assert.deepEqual(await readdir(dir), ['cat.png']);
  });

  it('rejects a download that is HTML and leaves nothing behind', async () => {
    const { dir, image } = await workspace();
    const { deps } = setup([{ state: 'succeeded' }], ['html']);
    await assert.rejects(startJob(deps, request(image)), /not an MP4/);
    assert.deepEqual(await readdir(dir), ['cat.png']);
  });

  it('retries a download cut mid-stream from scratch', async () => {
    const { dir, image } = await workspace();
    const { provider, deps } = setup([{ state: 'succeeded' }], ['cut', fakeMp4(9000)]);
    const outcome = await startJob(deps, request(image));
    assert.equal(outcome.kind, 'succeeded');
    assert.equal(provider.calls.filter((c) => c === 'download').length, 2);
    assert.equal((await readFile(join(dir, 'cat.mp4'))).length, 9000);
  });

  it('cancel stops polling, asks the provider to cancel and writes nothing', async () => {
    const { dir, image } = await workspace();
    const cancelled: string[] = [];
    const controller = new AbortController();
    const { store, deps } = setup([{ state: 'running' }], undefined, async () => {
      cancelled.push('yes');
    });
    const run = startJob(deps, request(image), {
      signal: controller.signal,
      onAbort: 'cancel',
      onEvent: (e) => e.type === 'status' && controller.abort(),
    });
    await assert.rejects(
      run,
      (error: unknown) =>
        error instanceof AnimateError && error.kind === 'cancelled' && /asked to cancel/.test(error.message),
    );
    assert.deepEqual(cancelled, ['yes']);
    assert.equal((await store.list())[0]?.state, 'cancelled');
    assert.deepEqual(await readdir(dir), ['cat.png']);
  });

  it('an interrupted CLI detaches: the job stays resumable and is not cancelled', async () => {
    const { image } = await workspace();
    const controller = new AbortController();
    let cancelCalls = 0;
    const { store, deps } = setup([{ state: 'running' }], undefined, async () => {
      cancelCalls++;
    });
    const run = startJob(deps, request(image), {
      signal: controller.signal,
      onAbort: 'detach',
      onEvent: (e) => e.type === 'status' && controller.abort(),
    });
    await assert.rejects(run, /can be resumed/);
    assert.equal(cancelCalls, 0);
    assert.equal((await store.list())[0]?.state, 'waiting');
  });

  it(
    'keeps a paid video when its folder is read-only, and says where',
    { skip: process.getuid?.() === 0 ? 'root ignores folder permissions' : false },
    async () => {
      const { dir, image } = await workspace();
      await chmod(dir, 0o555);
      const { deps } = setup([{ state: 'succeeded' }]);
      try {
        await assert.rejects(startJob(deps, request(image)), (error: unknown) => {
          assert.ok(error instanceof AnimateError && error.kind === 'io');
          const kept = /kept at (.+\.mp4)/.exec(error.message)?.[1];
          assert.ok(kept);
          return true;
        });
      } finally {
        await chmod(dir, 0o755);
      }
    },
  );

  it('keeps the video when the target folder disappeared during the job', async () => {
    const { dir, image } = await workspace();
    const { deps } = setup([{ state: 'succeeded' }]);
    const gone = join(dir, 'gone', 'cat.mp4');
    const error = await startJob(deps, request(image, { output: gone })).then(
      () => assert.fail('expected an io error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AnimateError && error.kind === 'io', String(error));
    // Names the --output target it tried, not "next to the image".
    assert.ok(error.message.includes(`as ${gone} (`), error.message);
    const kept = error.details.keptPath;
    assert.ok(kept && error.message.includes(`kept at ${kept}`), error.message);
    assert.deepEqual(await readFile(kept), fakeMp4());
  });

  it('keeps the video and says where when the disk is full', async () => {
    const { dir, image } = await workspace();
    const { deps } = setup([{ state: 'succeeded' }]);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const diskFull = { ...nodeOutputPort, claim: async () => Promise.reject(full) };
    const error = await startJob({ ...deps, output: diskFull }, request(image)).then(
      () => assert.fail('expected an io error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AnimateError && error.kind === 'io', String(error));
    assert.match(error.message, /no space left on device/);
    const kept = error.details.keptPath;
    assert.ok(kept && error.message.includes(`kept at ${kept}`), error.message);
    assert.deepEqual(await readFile(kept), fakeMp4());
    assert.deepEqual(await readdir(dir), ['cat.png']);
  });

  it('still saves the video when the source image was deleted during the job', async () => {
    const { dir, image } = await workspace();
    const { deps } = setup([{ state: 'running' }, { state: 'succeeded' }]);
    const outcome = await startJob(deps, request(image), {
      onEvent: (e) => {
        if (e.type === 'submitted') void rm(image);
      },
    });
    assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'cat.mp4'));
    assert.deepEqual(await readFile(join(dir, 'cat.mp4')), fakeMp4());
  });
});

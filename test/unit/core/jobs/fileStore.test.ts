import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withFileLock } from '../../../../src/core/jobs/fileLock';
import { defaultStateDir, FileJobStore } from '../../../../src/core/jobs/fileStore';
import { isUnfinished, type JobRecord } from '../../../../src/core/jobs/record';

const record = (id: string, state: JobRecord['state'] = 'running'): JobRecord => ({
  id,
  remote: { provider: 'openai-videos', id: `video_${id}`, model: 'sora-2' },
  request: {
    image: '/x/cat.png',
    prompt: '',
    provider: 'openai-videos',
    model: 'sora-2',
    size: { width: 1280, height: 720 },
    seconds: 4,
    fit: 'crop',
  },
  state,
  startedAt: 1,
  updatedAt: Number(id.replace(/\D/g, '') || 1),
});

describe('FileJobStore', () => {
  it('round-trips records and survives concurrent writers', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-test-')), 'sub', 'jobs.json');
    const store = new FileJobStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(record(`j${i}`))));
    assert.equal((await store.list()).length, 20);
    await store.put({ ...record('j3'), state: 'succeeded', output: '/x/cat.mp4' });
    assert.equal((await store.get('j3'))?.output, '/x/cat.mp4');
    await store.remove('j4');
    assert.equal(await store.get('j4'), undefined);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).version, 1);
  });

  it('reads a jobs.json written by earlier versions: every stored state word, no endpoint', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-test-')), 'jobs.json');
    const old = (id: string, state: string) => ({
      id,
      remote: { provider: 'openai-videos', id: `video_${id}`, model: 'sora-2' },
      request: {
        image: '/x/cat.png',
        prompt: 'zoom',
        provider: 'openai-videos',
        model: 'sora-2',
        size: { width: 1280, height: 720 },
        seconds: 4,
        fit: 'crop',
      },
      state,
      startedAt: 1,
      updatedAt: 2,
    });
    const states = ['running', 'waiting', 'succeeded', 'failed', 'cancelled'];
    await writeFile(path, JSON.stringify({ version: 1, jobs: states.map((state, i) => old(`o${i}`, state)) }));
    const loaded = await new FileJobStore(path).list();
    assert.deepEqual(
      loaded.map((r) => [r.state, isUnfinished(r)]),
      [
        ['running', true],
        ['waiting', true],
        ['succeeded', false],
        ['failed', false],
        ['cancelled', false],
      ],
    );
  });

  it('loses no record when two processes write the same file at once', async () => {
    // Two stores on one path stand for two processes (two VS Code windows, or a CLI batch and another CLI):
    // each serialises only its own writes, so only the lock file keeps their read-modify-write apart.
    const path = join(await mkdtemp(join(tmpdir(), 'store-test-')), 'jobs.json');
    const [one, two] = [new FileJobStore(path), new FileJobStore(path)];
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).put(record(`p${i}`))));
    assert.deepEqual((await one.list()).map((r) => r.id).sort(), Array.from({ length: 30 }, (_, i) => `p${i}`).sort());
    assert.equal(existsSync(`${path}.lock`), false, 'the lock is released');
  });

  it('says clearly when the file is damaged, and keeps entries it cannot read instead of failing every write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-test-'));
    const broken = join(dir, 'broken.json');
    for (const text of ['{"version": 1, "jobs": [', '[]', '{"version": 2, "jobs": []}']) {
      await writeFile(broken, text);
      await assert.rejects(new FileJobStore(broken).list(), /damaged; move it away/, text);
    }
    // One odd entry (hand-edited, or from another version) must not stop the next paid job from being recorded.
    const path = join(dir, 'jobs.json');
    const odd = { id: 1, from: 'the future' };
    await writeFile(path, JSON.stringify({ version: 1, jobs: [odd, record('k1')] }));
    const store = new FileJobStore(path);
    assert.deepEqual(
      (await store.list()).map((r) => r.id),
      ['k1'],
    );
    await store.put(record('k2'));
    assert.deepEqual((await store.list()).map((r) => r.id).sort(), ['k1', 'k2']);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')).jobs[0], odd, 'the odd entry is kept as it was');
    assert.deepEqual((await readdir(dir)).sort(), ['broken.json', 'jobs.json'], 'no temp or lock file is left behind');
  });

  it('uses the OS state folder unless overridden', () => {
    assert.equal(defaultStateDir({ ANIMATE_IMAGE_STATE_DIR: '/s' }, 'linux'), '/s');
    assert.equal(defaultStateDir({ XDG_STATE_HOME: '/xdg' }, 'linux'), '/xdg/animate-image');
    assert.match(defaultStateDir({ LOCALAPPDATA: 'C:\\L' }, 'win32'), /animate-image$/);
  });
});

describe('withFileLock', () => {
  it('runs one holder at a time and releases the lock even when the task throws', async () => {
    const lock = join(await mkdtemp(join(tmpdir(), 'lock-test-')), 'x.lock');
    let inside = 0;
    let most = 0;
    const task = async () => {
      most = Math.max(most, ++inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
    };
    await Promise.all(Array.from({ length: 8 }, () => withFileLock(lock, task)));
    assert.equal(most, 1);
    await assert.rejects(
      withFileLock(lock, async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(existsSync(lock), false);
  });

  it('takes over a lock left by a crashed process, and gives up on a live one with a clear message', async () => {
    const lock = join(await mkdtemp(join(tmpdir(), 'lock-test-')), 'x.lock');
    await writeFile(lock, '');
    await assert.rejects(
      withFileLock(lock, async () => 'never', { timeoutMs: 150 }),
      /locked for over .* delete it/,
    );
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    assert.equal(await withFileLock(lock, async () => 'ran', { timeoutMs: 150 }), 'ran');
    // A fresh lock of a process that no longer runs on this host (a killed extension host) is taken over at once.
    await writeFile(lock, `${hostname()} 999999999 some-token`);
    assert.equal(await withFileLock(lock, async () => 'ran again', { timeoutMs: 150 }), 'ran again');
    // A live process's fresh lock is waited for; a holder never removes a lock that is no longer its own.
    await writeFile(lock, `${hostname()} ${process.pid} another-holder`);
    await assert.rejects(
      withFileLock(lock, async () => 'never', { timeoutMs: 100 }),
      /locked for over/,
    );
    assert.equal(await readFile(lock, 'utf8'), `${hostname()} ${process.pid} another-holder`);
    await withFileLock(join(lock, '..', 'y.lock'), async () =>
      writeFile(join(lock, '..', 'y.lock'), 'taken over meanwhile'),
    );
    assert.equal(await readFile(join(lock, '..', 'y.lock'), 'utf8'), 'taken over meanwhile');
  });
});

describe('job leases (one follower per job)', () => {
  it('a second taker is told who holds the lease; after release it can take it', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'lease-test-')), 'jobs.json');
    const a = new FileJobStore(path);
    const b = new FileJobStore(path);
    const first = await a.lease('job-1');
    assert.ok('lease' in first);
    const second = await b.lease('job-1');
    assert.ok('heldBy' in second);
    assert.equal(second.heldBy, `process ${process.pid} on ${hostname()}`);
    assert.ok('lease' in (await b.lease('job-2')), 'leases are per job');
    assert.equal(await first.lease.held(), true);
    await first.lease.release();
    const third = await b.lease('job-1');
    assert.ok('lease' in third);
    await third.lease.release();
  });

  it('a lease whose heartbeat is stale is taken over, and its old holder learns it lost it', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'lease-test-')), 'jobs.json');
    const a = new FileJobStore(path, { staleMs: 1_000, heartbeatMs: 60_000 });
    const first = await a.lease('job-1');
    assert.ok('lease' in first);
    const old = new Date(Date.now() - 5_000);
    await utimes(join(`${path}.leases`, 'job-1.lease'), old, old);
    const second = await new FileJobStore(path, { staleMs: 1_000 }).lease('job-1');
    assert.ok('lease' in second, 'taken over');
    assert.equal(await first.lease.held(), false);
    await first.lease.release();
    assert.equal(await second.lease.held(), true, "the old holder's release leaves the new lease alone");
    await second.lease.release();
    assert.deepEqual(await readdir(`${path}.leases`), []);
  });

  it('a live holder keeps its lease fresh with heartbeats', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'lease-test-')), 'jobs.json');
    const a = new FileJobStore(path, { staleMs: 300, heartbeatMs: 50 });
    const first = await a.lease('job-1');
    assert.ok('lease' in first);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const second = await new FileJobStore(path, { staleMs: 300 }).lease('job-1');
    assert.ok('heldBy' in second, 'the heartbeat kept it');
    await first.lease.release();
  });

  it('checkWritable moves a damaged list aside and refuses a state path that is a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'store-check-'));
    const path = join(dir, 'jobs.json');
    await writeFile(path, '{"version":2}');
    const warning = await new FileJobStore(path).checkWritable();
    assert.match(warning ?? '', /was damaged: it is kept as .*jobs\.json\.corrupt-/);
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { version: 1, jobs: [] });
    assert.equal(await new FileJobStore(path).checkWritable(), undefined, 'a sound list needs no repair');
    await writeFile(join(dir, 'file'), 'x');
    await assert.rejects(
      new FileJobStore(join(dir, 'file', 'jobs.json')).checkWritable(),
      /cannot be written .*nothing was submitted/,
    );
  });
});

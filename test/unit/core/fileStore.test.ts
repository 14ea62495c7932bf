import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withFileLock } from '../../../src/core/jobs/fileLock';
import { defaultStateDir, FileJobStore } from '../../../src/core/jobs/fileStore';
import type { JobRecord } from '../../../src/core/jobs/record';

const record = (id: string, state: JobRecord['state'] = 'running'): JobRecord => ({
  id,
  remote: { provider: 'openai-videos', id: `video_${id}`, model: 'sora-2' },
  request: { image: '/x/cat.png', prompt: '', provider: 'openai-videos', model: 'sora-2', size: { width: 1280, height: 720 }, seconds: 4, fit: 'crop' },
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

  it('loses no record when two processes write the same file at once', async () => {
    // Two stores on one path stand for two processes (two VS Code windows, or a CLI batch and another CLI):
    // each serialises only its own writes, so only the lock file keeps their read-modify-write apart.
    const path = join(await mkdtemp(join(tmpdir(), 'store-test-')), 'jobs.json');
    const [one, two] = [new FileJobStore(path), new FileJobStore(path)];
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).put(record(`p${i}`))));
    assert.deepEqual((await one.list()).map((r) => r.id).sort(), Array.from({ length: 30 }, (_, i) => `p${i}`).sort());
    assert.equal(existsSync(`${path}.lock`), false, 'the lock is released');
  });

  it('says clearly when the file is damaged', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-test-')), 'jobs.json');
    await writeFile(path, JSON.stringify({ version: 1, jobs: [{ id: 1 }] }));
    await assert.rejects(new FileJobStore(path).list(), /damaged/);
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
    await assert.rejects(withFileLock(lock, async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(existsSync(lock), false);
  });

  it('takes over a lock left by a crashed process, and gives up on a live one with a clear message', async () => {
    const lock = join(await mkdtemp(join(tmpdir(), 'lock-test-')), 'x.lock');
    await writeFile(lock, '');
    await assert.rejects(withFileLock(lock, async () => 'never', { timeoutMs: 150 }), /locked for over .* delete it/);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    assert.equal(await withFileLock(lock, async () => 'ran', { timeoutMs: 150 }), 'ran');
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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

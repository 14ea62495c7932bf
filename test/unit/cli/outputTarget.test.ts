import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../src/core/errors';
import { createPlannedFolder, planOutputFolder, planOutputTarget } from '../../../src/core/outputTarget';

const badInput = (pattern: RegExp) => (error: unknown) =>
  error instanceof AnimateError && error.kind === 'bad-input' && pattern.test(error.message);

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'output-target-'));
  await mkdir(join(dir, 'videos'));
  await writeFile(join(dir, 'photo.png'), 'not read here');
  await writeFile(join(dir, 'notes.txt'), 'text');
  await writeFile(join(dir, 'old.mp4'), 'an earlier video');
  return dir;
}

describe('output target (checked before a paid job is submitted)', () => {
  it('an existing folder takes <image name>.mp4 inside it', async () => {
    const dir = await workspace();
    assert.deepEqual(await planOutputTarget('videos', 'shots/photo.png', dir), {
      path: join(dir, 'videos', 'photo.mp4'),
    });
    assert.deepEqual(await planOutputTarget('.', 'cat.jpeg', join(dir, 'videos')), {
      path: join(dir, 'videos', 'cat.mp4'),
    });
  });

  it('a missing folder is planned, not made, until the rest of the request is valid', async () => {
    const dir = await workspace();
    const named = await planOutputTarget('new/sub/clip.mp4', 'photo.png', dir);
    assert.deepEqual(named, { path: join(dir, 'new', 'sub', 'clip.mp4'), createFolder: join(dir, 'new', 'sub') });
    const folder = await planOutputTarget('fresh/', 'photo.png', dir);
    assert.deepEqual(folder, { path: join(dir, 'fresh', 'photo.mp4'), createFolder: join(dir, 'fresh') });
    assert.deepEqual((await readdir(dir)).sort(), ['notes.txt', 'old.mp4', 'photo.png', 'videos']);
    await createPlannedFolder(named.createFolder);
    assert.ok((await stat(join(dir, 'new', 'sub'))).isDirectory());
  });

  it('an MP4 name in an existing folder is used as given, an existing file included (the runner never overwrites it)', async () => {
    const dir = await workspace();
    assert.deepEqual(await planOutputTarget('clip.MP4', 'photo.png', dir), { path: join(dir, 'clip.MP4') });
    assert.deepEqual(await planOutputTarget(join(dir, 'old.mp4'), 'photo.png', '/elsewhere'), {
      path: join(dir, 'old.mp4'),
    });
  });

  it('refuses a name that is not an MP4, and a folder that cannot exist, saying what to give instead', async () => {
    const dir = await workspace();
    await assert.rejects(
      planOutputTarget('out.txt', 'photo.png', dir, '--output'),
      badInput(/^--output out\.txt: .*ending in \.mp4, or a folder/),
    );
    await assert.rejects(planOutputTarget('notes.txt', 'photo.png', dir), badInput(/ending in \.mp4/));
    await assert.rejects(planOutputTarget('clip', 'photo.png', dir), badInput(/a new one written with a trailing \//));
    await assert.rejects(
      planOutputTarget('photo.png/clip.mp4', 'photo.png', dir),
      badInput(/photo\.png is a file, so it cannot hold the video/),
    );
    await assert.rejects(planOutputTarget('notes.txt/deeper/', 'photo.png', dir), badInput(/notes\.txt is a file/));
    assert.deepEqual((await readdir(dir)).sort(), ['notes.txt', 'old.mp4', 'photo.png', 'videos']);
  });

  it('a batch takes a folder, existing or new, never a file', async () => {
    const dir = await workspace();
    assert.deepEqual(await planOutputFolder('videos', dir), { folder: join(dir, 'videos') });
    assert.deepEqual(await planOutputFolder('batch', dir), {
      folder: join(dir, 'batch'),
      createFolder: join(dir, 'batch'),
    });
    await assert.rejects(
      planOutputFolder('all.mp4', dir, '--output'),
      badInput(/^--output all\.mp4: with several images, give a folder/),
    );
    await assert.rejects(planOutputFolder('notes.txt', dir), badInput(/give a folder/));
    await assert.rejects(planOutputFolder('photo.png/batch', dir), badInput(/photo\.png is a file/));
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { candidateName, claimFreeName, defaultTarget, looksLikeMp4, makeTempFile, nodeOutputPort, saveStream } from '../../../src/core/output';
import { fakeMp4 } from '../../helpers/scriptedProvider';

describe('output naming and writing', () => {
  it('puts the video next to the source and numbers further ones', () => {
    assert.equal(defaultTarget('/a/b/cat.PNG'), '/a/b/cat.mp4');
    assert.equal(defaultTarget('/a/my.photo.jpeg'), '/a/my.photo.mp4');
    assert.equal(candidateName('/a/cat.mp4', 1), '/a/cat.mp4');
    assert.equal(candidateName('/a/cat.mp4', 2), '/a/cat-2.mp4');
  });

  it('claims the first free name and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'output-test-'));
    await writeFile(join(dir, 'cat.mp4'), 'one');
    await writeFile(join(dir, 'cat-2.mp4'), 'two');
    const temp = await makeTempFile('v.mp4');
    await writeFile(temp, fakeMp4());
    const name = await claimFreeName(nodeOutputPort, temp, join(dir, 'cat.mp4'));
    assert.equal(name, join(dir, 'cat-3.mp4'));
    assert.equal(await readFile(join(dir, 'cat.mp4'), 'utf8'), 'one');
    assert.equal(await readFile(join(dir, 'cat-2.mp4'), 'utf8'), 'two');
    assert.deepEqual(await readFile(name), fakeMp4());
    assert.deepEqual((await readdir(dir)).sort(), ['cat-2.mp4', 'cat-3.mp4', 'cat.mp4'], 'no part files left');
  });

  it('refuses empty and HTML downloads and removes the temp file', async () => {
    for (const [body, pattern] of [
      [Buffer.alloc(0), /empty/],
      [Buffer.from('<html><body>502 Bad Gateway</body></html>'), /not an MP4/],
    ] as const) {
      const temp = await makeTempFile('v.mp4');
      await assert.rejects(saveStream(Readable.from([body]), temp, new AbortController().signal), pattern);
      await assert.rejects(readFile(temp), /ENOENT/);
    }
  });

  it('recognises MP4 headers', () => {
    assert.equal(looksLikeMp4(fakeMp4(32)), true);
    assert.equal(looksLikeMp4(Buffer.from('<!DOCTYPE html>')), false);
    assert.equal(looksLikeMp4(Buffer.from([0, 0, 0])), false);
  });
});

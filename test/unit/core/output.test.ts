import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { AnimateError } from '../../../src/core/errors';
import {
  announceLength,
  BAD_DOWNLOAD,
  candidateName,
  claimFreeName,
  defaultTarget,
  discardTemp,
  looksLikeMp4,
  makeTempFile,
  nodeOutputPort,
  saveStream,
} from '../../../src/core/output';
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

  it('refuses a body shorter than its announced length, and names a write failure (full disk) as io', async () => {
    const temp = await makeTempFile('v.mp4');
    const short = announceLength(Readable.from([fakeMp4(1000)]), 4000);
    await assert.rejects(saveStream(short, temp, new AbortController().signal), (e: unknown) => {
      assert.ok(e instanceof AnimateError && e.kind === 'provider' && e.details.code === BAD_DOWNLOAD);
      assert.equal(e.message, "The provider's download was 1000 bytes where 4000 were announced.");
      return true;
    });
    await assert.rejects(readFile(temp), /ENOENT/);
    const whole = announceLength(Readable.from([fakeMp4(4000)]), 4000);
    assert.equal(await saveStream(whole, temp, new AbortController().signal), 4000);
    // A temp file that is a link to /dev/full (every write: ENOSPC); saveStream removes the link, never the device.
    const full = await makeTempFile('full.mp4');
    await symlink('/dev/full', full);
    await assert.rejects(
      saveStream(Readable.from([fakeMp4(100)]), full, new AbortController().signal),
      (e: unknown) => {
        assert.ok(e instanceof AnimateError && e.kind === 'io' && e.details.code === 'ENOSPC');
        assert.match(e.message, /^Could not write the download to the temp folder .* \(the disk is full\)\.$/);
        return true;
      },
    );
    await discardTemp(temp);
    await discardTemp(full);
  });

  it('a body that breaks off is a network error that says how far it got', async () => {
    const temp = await makeTempFile('v.mp4');
    const cut = new Readable({
      read() {
        this.push(fakeMp4(500));
        this.destroy(new TypeError('terminated', { cause: new Error('other side closed') }));
      },
    });
    await assert.rejects(saveStream(announceLength(cut, 2000), temp, new AbortController().signal), (e: unknown) => {
      assert.ok(e instanceof AnimateError && e.kind === 'network');
      assert.equal(
        e.message,
        'The download broke off after 500 of 2000 bytes (the connection closed early: other side closed).',
      );
      return true;
    });
    await discardTemp(temp);
  });

  it('recognises MP4 headers', () => {
    assert.equal(looksLikeMp4(fakeMp4(32)), true);
    assert.equal(looksLikeMp4(Buffer.from('<!DOCTYPE html>')), false);
    assert.equal(looksLikeMp4(Buffer.from([0, 0, 0])), false);
    assert.equal(
      looksLikeMp4(Buffer.from([0, 0, 0, 4, ...Buffer.from('ftypisom')])),
      false,
      'a box smaller than its own header',
    );
  });
});

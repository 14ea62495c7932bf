// "Save as GIF…/WebP…" in the jobs view and the form's also-save: a local job's clip is filmed again along the path
// it was filmed with (no ffmpeg), beside the video, never over an existing file.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { JobRecord } from '../../../../src/core/jobs/record';
import { nodeOutputPort } from '../../../../src/core/output';
import { convertVideo, localFilm } from '../../../../src/core/video/convertVideo';
import { filmOfRecord } from '../../../../src/extension/history/animationSource';

let dir: string;
let image: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'animate-image-save-as-'));
  image = join(dir, 'cat.png');
  const width = 320;
  const height = 200;
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i += 3) {
    const x = (i / 3) % width;
    raw[i] = (x * 255) / width;
    raw[i + 1] = 90;
    raw[i + 2] = 255 - (x * 255) / width;
  }
  await sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(image);
});

after(() => rm(dir, { recursive: true, force: true }));

function record(data: Record<string, string> | undefined, provider = 'local'): JobRecord {
  return {
    id: 'job-1',
    remote: { provider, id: 'r1', model: 'camera-move', ...(data ? { data } : {}) },
    request: {
      image,
      prompt: 'pan left',
      provider,
      model: 'camera-move',
      size: { width: 320, height: 180 },
      seconds: 2,
      fit: 'crop',
    },
    state: 'succeeded',
    startedAt: 1,
    updatedAt: 2,
    output: join(dir, 'cat.mp4'),
  };
}

describe('the film of a finished job', () => {
  it('is what the local renderer recorded: its move, rate and loop', () => {
    assert.deepEqual(filmOfRecord(record({ motion: 'orbit', fps: '60', loop: 'true' })), {
      image,
      motion: 'orbit',
      seconds: 2,
      fps: 60,
      loop: true,
      width: 320,
      height: 180,
    });
  });

  it('falls back to the prompt’s move and 24 fps for an older record, and ignores junk in it', () => {
    const film = filmOfRecord(record({ motion: 'spin', fps: '25', loop: 'maybe' }));
    assert.deepEqual([film?.motion, film?.fps, film?.loop], ['pan-left', 24, false]);
  });

  it('is undefined for another provider, or when the image is gone (the MP4 is decoded instead)', () => {
    assert.equal(filmOfRecord(record(undefined, 'runway')), undefined);
    assert.equal(
      filmOfRecord(record({ motion: 'orbit' }), () => false),
      undefined,
    );
  });
});

describe('converting a local video', () => {
  it('writes an animated GIF beside the video without ffmpeg, and never over an existing one', async () => {
    const video = join(dir, 'cat.mp4');
    const taken = join(dir, 'cat.gif');
    await writeFile(taken, 'not mine');
    const film = localFilm({ image, prompt: 'slow zoom in', seconds: 2 }, { width: 320, height: 180 }, { loop: true });
    // No ffmpeg on this path: a path that does not exist would make the MP4 route fail, not this one.
    const result = await convertVideo('gif', video, film, nodeOutputPort, undefined, join(dir, 'no-ffmpeg'));
    assert.deepEqual(result, { saved: join(dir, 'cat-2.gif') });
    assert.equal(await readFile(taken, 'utf8'), 'not mine');
    const gif = await readFile(join(dir, 'cat-2.gif'));
    assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
    const frames = (await sharp(gif, { animated: true }).metadata()).pages ?? 1;
    assert.ok(frames > 1, `an animation: ${frames} frames`);
  });

  it('says a provider’s MP4 needs ffmpeg when there is none, and writes nothing', async () => {
    const result = await convertVideo(
      'webp',
      join(dir, 'paid.mp4'),
      undefined,
      nodeOutputPort,
      undefined,
      join(dir, 'no-ffmpeg'),
    );
    assert.deepEqual(result, { noFfmpeg: true });
  });
});

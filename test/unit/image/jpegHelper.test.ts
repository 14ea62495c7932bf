import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { decodeImage } from '../../../src/core/image/decode';
import { coverFromPlanes } from '../../../src/core/image/jpeg/coverPlanes';
import { decodeJpegPlanesOrPixels, type JpegOptions, type YccPlanes } from '../../../src/core/image/jpeg/decoder';
import type { HelperJob } from '../../../src/core/image/jpeg/helperJobs';
import { jpegHelper, type JpegHelper } from '../../../src/core/image/jpeg/helperThread';
import { newSharedWork, SharedWork, StalledHelperError } from '../../../src/core/image/jpeg/sharedWork';
import type { RgbaImage } from '../../../src/core/image/rgba';
import sharp from 'sharp';
import { photoLikeJpeg } from '../../fixtures/makeImages';

// Large enough that decodeImage shares a half-scale decode with the helper thread (over a million output pixels).
const STORED = { width: 2400, height: 1800 };
const SIZE = { width: 960, height: 540 };
const OPTIONS: JpegOptions = { scale: 2, orientation: 1, maxCoefficientBytes: 64 * 1024 * 1024 };

let photo: Buffer;
before(async () => {
  photo = await photoLikeJpeg(STORED.width, STORED.height);
});

function planesOf(bytes: Uint8Array, options: JpegOptions): YccPlanes {
  const result = decodeJpegPlanesOrPixels(bytes, options);
  if ('image' in result) throw new Error('expected planes');
  return result;
}

/** The cover-crop computed on this thread alone: what every shared decode must give, byte for byte. */
function alone(bytes: Uint8Array): RgbaImage {
  return coverFromPlanes(planesOf(bytes, OPTIONS), SIZE);
}

/** Posts a cover job and leaves it to `post`'s thread alone, until every pixel is written (alpha 255). */
async function coverByHelperOnly(post: (job: HelperJob) => void): Promise<Uint8ClampedArray> {
  const planes = planesOf(photo, OPTIONS);
  const chunkRows = 60;
  const items = Math.ceil(SIZE.height / chunkRows);
  const job: HelperJob = {
    kind: 'cover',
    work: newSharedWork(items),
    planes,
    size: SIZE,
    out: new Uint8ClampedArray(new SharedArrayBuffer(SIZE.width * SIZE.height * 4)),
    chunkRows,
  };
  post(job);
  // This thread only publishes and closes (it never calls finishUpTo): only the helper can fill the picture.
  const work = new SharedWork(job.work, () => assert.fail('this thread claims nothing'));
  work.publish(items);
  const lastAlpha = job.out.length - 1;
  for (let waited = 0; job.out[lastAlpha] !== 255 || job.out.some((v, i) => i % 4 === 3 && v !== 255); waited++) {
    if (waited > 600) assert.fail('the helper thread did not finish its work within a minute');
    await sleep(100);
  }
  work.close();
  return job.out;
}

describe('the JPEG helper thread', () => {
  it('does work posted to it, from source: the same pixels as this thread computes', async () => {
    const helper = jpegHelper();
    assert.ok(helper, 'a helper thread on a machine with two cores');
    const out = await coverByHelperOnly((job) => helper.post(job));
    assert.deepEqual(new Uint8Array(out), alone(photo).data);
  });

  it('does work posted to it from the bundle (dist/jpegHelper.js, what the engine and the CLI start)', async (t) => {
    const bundle = join(__dirname, '../../../dist/jpegHelper.js');
    if (!existsSync(bundle)) return t.skip('not built (npm test builds first)');
    const worker = new Worker(bundle);
    try {
      const out = await coverByHelperOnly((job) => worker.postMessage(job));
      assert.deepEqual(new Uint8Array(out), alone(photo).data);
    } finally {
      await worker.terminate();
    }
  });

  it('decodeImage shares a large cover decode and gives the very pixels of the decode on one thread', async () => {
    const shared = await decodeImage(photo, { shrinkUpTo: 2.5, cover: SIZE });
    assert.deepEqual(shared.data, alone(photo).data);
  });

  it('is never waited for: with a helper that does nothing, this thread does every row and chunk itself', () => {
    const idle: JpegHelper = { post: () => undefined };
    const planes = planesOf(photo, { ...OPTIONS, helper: idle });
    assert.deepEqual(coverFromPlanes(planes, SIZE, idle).data, alone(photo).data);
  });

  it('a helper that claims work and never finishes it stops the decode with StalledHelperError instead of waiting for ever', () => {
    // Claims item 0 the moment the job arrives (word 1 is the next unclaimed item) and dies.
    const dying: JpegHelper = { post: (job) => void Atomics.store(job.work.words, 1, 1), stallMs: 50 };
    assert.throws(() => decodeJpegPlanesOrPixels(photo, { ...OPTIONS, helper: dying }), StalledHelperError);
    const planes = planesOf(photo, OPTIONS);
    assert.throws(() => coverFromPlanes(planes, SIZE, dying), StalledHelperError);
  });

  it('refuses a second scan after one that held every component, with or without a helper', () => {
    const sos = photo.indexOf(Buffer.from([0xff, 0xda]));
    const eoi = photo.lastIndexOf(Buffer.from([0xff, 0xd9]));
    const twice = Buffer.concat([photo.subarray(0, eoi), photo.subarray(sos, eoi), photo.subarray(eoi)]);
    for (const helper of [undefined, jpegHelper()])
      assert.throws(() => decodeJpegPlanesOrPixels(twice, { ...OPTIONS, ...(helper ? { helper } : {}) }), {
        problem: 'corrupt',
      });
  });

  it("keeps a progressive picture's planes in shared memory too, so the helper resamples them without a copy", async () => {
    const progressive = await sharp(photo).jpeg({ quality: 90, progressive: true }).toBuffer();
    const helper = jpegHelper();
    assert.ok(helper);
    const planes = planesOf(progressive, { ...OPTIONS, helper });
    assert.ok(planes.luma.data.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(coverFromPlanes(planes, SIZE, helper).data, alone(progressive).data);
  });

  it('a decode that fails part-way releases the helper: the error is the damage, and the helper takes new work', async () => {
    const helper = jpegHelper();
    assert.ok(helper);
    const sos = photo.indexOf(Buffer.from([0xff, 0xda]));
    const cut = photo.subarray(0, sos + Math.floor((photo.length - sos) * 0.5));
    assert.throws(() => decodeJpegPlanesOrPixels(cut, { ...OPTIONS, helper }), { problem: 'truncated' });
    // Still waiting for the failed decode's rows, it would never get to this job.
    const out = await coverByHelperOnly((job) => helper.post(job));
    assert.deepEqual(new Uint8Array(out), alone(photo).data);
  });
});

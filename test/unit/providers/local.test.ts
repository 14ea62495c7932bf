import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import sharp from 'sharp';
import { AnimateError } from '../../../src/core/errors';
import { prepareSource, type PreparedImage } from '../../../src/core/image/prepare';
import { localInterrupted, createLocalProvider } from '../../../src/core/providers/local';
import {
  type JobStatus,
  type PreparedRequest,
  type RemoteJob,
  type VideoProvider,
} from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { inspectMp4 } from '../../helpers/mp4';

let workDir: string;
let renderTmp: string;
let imagePath: string;
/** The picture as the runner prepares it for this provider: decoded once. */
let source: PreparedImage;
const savedTmp = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'animate-image-local-'));
  // The provider renders into os.tmpdir(); point it at a folder of our own to see exactly what is left behind.
  renderTmp = join(workDir, 'tmp');
  await import('node:fs/promises').then((fs) => fs.mkdir(renderTmp));
  process.env.TMPDIR = process.env.TMP = process.env.TEMP = renderTmp;
  imagePath = join(workDir, 'picture.png');
  const width = 640;
  const height = 400;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((x / width) * 255);
      raw[i + 1] = Math.round((y / height) * 255);
      raw[i + 2] = ((x >> 4) + (y >> 4)) % 2 ? 200 : 50;
    }
  }
  await sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(imagePath);
  source = await prepareSource(imagePath);
});

after(async () => {
  for (const [key, value] of Object.entries(savedTmp)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await rm(workDir, { recursive: true, force: true });
});

function request(overrides: Partial<PreparedRequest> = {}): PreparedRequest {
  return {
    prompt: 'slow push in',
    model: 'camera-move',
    size: { width: 320, height: 240 },
    seconds: 2,
    image: source,
    ...overrides,
  };
}

function provider(options: Record<string, unknown> = { encoder: 'wasm' }): VideoProvider {
  return createLocalProvider({ log: silentLogger, options });
}

async function pollUntilDone(p: VideoProvider, job: RemoteJob, seen: JobStatus[] = []): Promise<JobStatus> {
  for (;;) {
    const status = await p.poll(job, new AbortController().signal);
    seen.push(status);
    if (status.state === 'succeeded' || status.state === 'failed') return status;
    await delay(15);
  }
}

async function waitForProgress(p: VideoProvider, job: RemoteJob): Promise<void> {
  for (;;) {
    const status = await p.poll(job, new AbortController().signal);
    if (status.state === 'running' && (status.progress ?? 0) > 0) return;
    assert.ok(status.state === 'queued' || status.state === 'running', `unexpected ${JSON.stringify(status)}`);
    await delay(5);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function tempFiles(): Promise<string[]> {
  return readdir(renderTmp);
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await delay(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('local provider', () => {
  it('describes itself: free, offline, one model with progress and cancel', () => {
    const { info } = provider();
    assert.equal(info.id, 'local');
    assert.equal(info.label, 'Local camera move (offline)');
    assert.equal(info.needsKey, false);
    assert.deepEqual(info.keyEnv, []);
    assert.equal(info.models.length, 1);
    const [model] = info.models;
    assert.equal(model!.id, 'camera-move');
    assert.equal(model!.sizes[0], '1280x720');
    assert.ok(model!.sizes.includes('1080x1920') && model!.sizes.includes('480x854'));
    assert.equal(model!.seconds[0], 4);
    assert.deepEqual(
      [...model!.seconds].sort((a, b) => a - b),
      [2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.equal(model!.progress, true);
    assert.equal(model!.cancel, true);
    assert.equal(model!.remix, false);
    assert.equal(model!.lastFrame, false);
    assert.equal(model!.imageInput, 'source', 'films from the decoded source, at any input size');
    assert.equal(model!.maxPromptLength, 2000);
    assert.equal(model!.maxImageBytes, 50 * 1024 * 1024);
  });

  it('submit → poll (progress rises) → download a real MP4; the temp file goes after the stream closes', async () => {
    const p = provider();
    const job = await p.submit(request(), new AbortController().signal);
    assert.equal(job.provider, 'local');
    assert.match(job.id, /^local-[0-9a-f]+$/);
    assert.equal(job.data?.motion, 'push-in');
    const seen: JobStatus[] = [];
    const final = await pollUntilDone(p, job, seen);
    assert.deepEqual(final, { state: 'succeeded' });
    const progress = seen.flatMap((s) => (s.state === 'running' && s.progress !== undefined ? [s.progress] : []));
    assert.ok(progress.length >= 2, `saw progress ${JSON.stringify(progress)}`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]! >= progress[i - 1]!, 'progress never goes back');
    assert.ok(progress.at(-1)! > progress[0]!, 'progress rises');
    assert.ok(progress.every((value) => value >= 0 && value < 100));
    assert.equal((await tempFiles()).length, 1, 'rendered into the temp folder');

    const bytes = await readAll(await p.download(job, new AbortController().signal));
    const info = inspectMp4(bytes);
    assert.equal(info.tracks[0]!.codec, 'avc1');
    assert.deepEqual([info.tracks[0]!.width, info.tracks[0]!.height], [320, 240]);
    assert.equal(info.tracks[0]!.sampleCount, 48);
    assert.ok(Math.abs(info.durationSeconds - 2) < 0.05);
    await eventually(async () => (await tempFiles()).length === 0, 'the temp file to be deleted');
    // Downloaded once, gone: the id is unknown now.
    assert.equal((await p.poll(job, new AbortController().signal)).state, 'failed');
  });

  it('a different provider instance can poll and download the job (hosts rebuild providers); default options work', async () => {
    const job = await provider({}).submit(request({ prompt: 'pan left', seconds: 2 }), new AbortController().signal); // encoder auto
    assert.equal(job.data?.motion, 'pan-left');
    const other = provider();
    assert.equal((await pollUntilDone(other, job)).state, 'succeeded');
    assert.ok((await readAll(await other.download(job, new AbortController().signal))).length > 1000);
  });

  it('the motion option overrides the prompt', async () => {
    const job = await provider({ encoder: 'wasm', motion: 'pan-down' }).submit(
      request({ prompt: 'zoom in' }),
      new AbortController().signal,
    );
    assert.equal(job.data?.motion, 'pan-down');
    await provider().cancel!(job);
  });

  it('fps and loop options film at that rate and loop; an fps it does not offer is refused', async () => {
    const p = provider({ encoder: 'wasm', motion: 'orbit', fps: 60, loop: true });
    const job = await p.submit(request({ seconds: 2 }), new AbortController().signal);
    assert.deepEqual(job.data, { motion: 'orbit', fps: '60', loop: 'true' });
    assert.equal((await pollUntilDone(p, job)).state, 'succeeded');
    const info = inspectMp4(await readAll(await p.download(job, new AbortController().signal)));
    assert.equal(info.tracks[0]!.sampleCount, 120);
    await assert.rejects(
      provider({ fps: 25 }).submit(request(), new AbortController().signal),
      (e: unknown) =>
        e instanceof AnimateError && e.kind === 'bad-input' && /fps must be one of 24, 30, 60/.test(e.message),
    );
  });

  it('cancel mid-render stops it and leaves no temp file', async () => {
    const p = provider();
    const job = await p.submit(
      request({ size: { width: 1280, height: 720 }, seconds: 10 }),
      new AbortController().signal,
    );
    await waitForProgress(p, job);
    const started = performance.now();
    await p.cancel!(job);
    assert.ok(performance.now() - started < 3000, 'cancel is prompt');
    assert.deepEqual(await tempFiles(), []);
    const status = await p.poll(job, new AbortController().signal);
    assert.equal(status.state, 'failed');
  });

  it('aborting the submit signal stops the render', async () => {
    const p = provider();
    const controller = new AbortController();
    const job = await p.submit(request({ size: { width: 1280, height: 720 }, seconds: 10 }), controller.signal);
    await waitForProgress(p, job);
    controller.abort();
    const status = await pollUntilDone(p, job);
    assert.equal(status.state, 'failed');
    assert.equal(status.state === 'failed' && status.code, 'cancelled');
    assert.deepEqual(await tempFiles(), []);
    await p.cancel!(job); // forgetting a finished job is harmless
  });

  it('jobs run one at a time: the second waits queued, and cancelling it while queued is immediate', async () => {
    const p = provider();
    const first = await p.submit(
      request({ size: { width: 1280, height: 720 }, seconds: 10 }),
      new AbortController().signal,
    );
    const second = await p.submit(request(), new AbortController().signal);
    await waitForProgress(p, first);
    assert.equal((await p.poll(second, new AbortController().signal)).state, 'queued');
    await p.cancel!(second);
    await p.cancel!(first);
    assert.deepEqual(await tempFiles(), []);
  });

  it('an unknown id (a restart lost the job) fails with a clear reason', async () => {
    const p = provider();
    const job: RemoteJob = { provider: 'local', id: 'local-0123456789abcdef', model: 'camera-move' };
    const status = await p.poll(job, new AbortController().signal);
    assert.deepEqual(status, { state: 'failed', reason: localInterrupted(), code: 'interrupted' });
    assert.equal(
      localInterrupted(),
      'local render was interrupted (the editor or CLI restarted); run it again — the local provider is free',
    );
    await assert.rejects(
      p.download(job, new AbortController().signal),
      (error: unknown) => error instanceof AnimateError && error.message === localInterrupted(),
    );
  });

  it('rejects bad requests and options up front', async () => {
    const signal = new AbortController().signal;
    const isBadInput = (error: unknown) => error instanceof AnimateError && error.kind === 'bad-input';
    await assert.rejects(provider().submit(request({ model: 'sora-2' }), signal), isBadInput);
    await assert.rejects(provider().submit(request({ seconds: 30 }), signal), isBadInput);
    await assert.rejects(provider().submit(request({ size: { width: 8, height: 8 } }), signal), isBadInput);
    await assert.rejects(
      provider({ encoder: 'gpu' }).submit(request(), signal),
      (error: unknown) => isBadInput(error) && /encoder/.test((error as Error).message),
    );
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(
      provider().submit(request(), aborted.signal),
      (error: unknown) => error instanceof AnimateError && error.kind === 'cancelled',
    );
  });

  it('films from the pixels it is handed: the file is not read or decoded again', async () => {
    const copy = join(workDir, 'read-once.png');
    await copyFile(imagePath, copy);
    const prepared = await prepareSource(copy);
    await rm(copy); // gone before the render starts
    const p = provider();
    const job = await p.submit(request({ image: prepared }), new AbortController().signal);
    assert.equal((await pollUntilDone(p, job)).state, 'succeeded');
    await readAll(await p.download(job, new AbortController().signal));
  });

  it('refuses a request without decoded pixels (not prepared for it) before anything starts', async () => {
    const { pixels: _, ...encodedOnly } = source;
    await assert.rejects(provider().submit(request({ image: encodedOnly }), new AbortController().signal), TypeError);
  });

  it('download can be aborted; the temp file still goes', async () => {
    const p = provider();
    const job = await p.submit(request(), new AbortController().signal);
    assert.equal((await pollUntilDone(p, job)).state, 'succeeded');
    const controller = new AbortController();
    const stream = await p.download(job, controller.signal);
    controller.abort();
    await assert.rejects(
      readAll(stream),
      (error: unknown) => error instanceof AnimateError && error.kind === 'cancelled',
    );
    await eventually(async () => (await tempFiles()).length === 0, 'the temp file to be deleted');
  });
});

import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AnimateError } from '../../../src/core/errors';
import { aogImageTransport, createAogProvider, resolveAogBaseUrl } from '../../../src/core/providers/aog';
import { startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { resolveRequest } from '../../../src/core/request';
import {
  type JobStatus,
  type PreparedRequest,
  type RemoteJob,
  type VideoProvider,
} from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { type PreparedImage } from '../../../src/core/image/prepare';
import { startAogFake, type AogFake, type AogRecordedRequest } from '../../fakes/aogServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { collect, rejection } from '../../helpers/providerHarness';

const signal = new AbortController().signal;

async function image(): Promise<PreparedImage> {
  const bytes = await solidImage(64, 36, { background: '#22aa66' });
  return { bytes, mime: 'image/png', width: 64, height: 36, fileName: 'meadow.png', sourcePath: '/photos/meadow.png' };
}

/** Polls like the runner would, but without its timers: every 5 ms until the call settles. */
async function settle(
  p: VideoProvider,
  job: RemoteJob,
  timeoutMs = 3000,
): Promise<{ running: number; end: JobStatus }> {
  const deadline = Date.now() + timeoutMs;
  let running = 0;
  for (;;) {
    const status = await p.poll(job, signal);
    if (status.state !== 'running' && status.state !== 'queued') return { running, end: status };
    assert.equal(status.state, 'running');
    assert.equal(status.progress, undefined, 'AOG reports no progress');
    running += 1;
    if (Date.now() > deadline) assert.fail(`job ${job.id} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('aog provider', () => {
  let fake: AogFake;
  let picture: PreparedImage;

  before(async () => {
    fake = await startAogFake();
    picture = await image();
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.clearFaults();
    Object.assign(fake.options, {
      healthShape: 'v0.7',
      legacyHealth: true,
      healthStatus: 'UP',
      serviceInstalled: true,
      delayMs: 0,
      result: 'success',
    });
  });

  function provider(options: Record<string, unknown> = {}, baseUrl: string = fake.url): VideoProvider {
    return createAogProvider({ baseUrl, options, log: silentLogger });
  }

  function request(extra: Partial<PreparedRequest> = {}): PreparedRequest {
    return {
      prompt: 'the grass sways in the wind',
      model: 'wan2.2-i2v-plus',
      size: { width: 1920, height: 1080 },
      seconds: 5,
      image: picture,
      ...extra,
    };
  }

  function generateRequest(): AogRecordedRequest {
    const [post] = fake.requestsTo('generate');
    assert.ok(post, 'the image-to-video POST reached the fake');
    return post;
  }

  it('describes itself: no key, local default URL, one 5 s model, cancel but no progress or last frame', () => {
    const { info } = createAogProvider({ log: silentLogger });
    assert.equal(info.id, 'aog');
    assert.equal(info.needsKey, false);
    assert.deepEqual(info.keyEnv, []);
    assert.equal(info.defaultBaseUrl, 'http://127.0.0.1:16688');
    const model = info.models[0];
    assert.ok(model);
    assert.equal(model.id, 'wan2.2-i2v-plus');
    // AOG always makes (and bills) 1080P: the 720p shapes are no longer offered.
    assert.deepEqual(model.sizes, ['1920x1080', '1080x1920']);
    assert.equal(info.label, 'AOG (AIPC Open Gateway) — archived by Intel');
    assert.match(info.note ?? '', /archived AOG on 2026-08-23.*about 50 s.*always 1080P/);
    assert.deepEqual(model.seconds, [5]);
    assert.equal(model.progress, false);
    assert.equal(model.cancel, true);
    assert.equal(model.remix, false);
    assert.equal(model.lastFrame, false);
    assert.equal(model.maxImageBytes, 10 * 1024 * 1024);
    assert.equal(model.maxPromptLength, 800);
    assert.throws(
      () => provider({ imageType: 'file' }),
      (error: unknown) => error instanceof AnimateError && /imageType/.test(error.message),
    );
  });

  it('checks a connection with the health route only: no key, nothing generated', async () => {
    const ok = await provider().check?.('wan2.2-i2v-plus', signal);
    assert.deepEqual(ok && [ok.reachable, ok.keyAccepted, ok.modelAvailable, ok.ok], [true, undefined, true, true]);
    const other = await provider().check?.('wan2.7-i2v', signal);
    assert.deepEqual(other && [other.modelAvailable, other.ok], [false, false]);
    fake.options.healthStatus = 'DOWN';
    const down = await provider().check?.(undefined, signal);
    assert.deepEqual(down && [down.reachable, down.ok], [false, false]);
    assert.match(down?.problem ?? '', /AOG is not running/);
    assert.ok(fake.requests.every((r) => r.route === 'health' || r.route === 'legacy-health'));
  });

  it('checks health, sends a local temp-file path, reports running until the call answers, then downloads the MP4', async () => {
    fake.options.delayMs = 60;
    const p = provider();
    const job = await p.submit(request(), signal);
    assert.match(job.id, /^aog_/);
    assert.equal(job.data?.imageType, 'path');
    assert.deepEqual(
      fake.requests.slice(0, 1).map((r) => [r.route, r.status]),
      [['health', 200]],
    );

    const { running, end } = await settle(p, job);
    assert.ok(running >= 1, 'the call was still running at the first poll');
    assert.ok(end.state === 'succeeded' && end.job, `expected success, got ${JSON.stringify(end)}`);
    const videoUrl = end.job.data?.videoUrl ?? '';
    assert.ok(videoUrl.startsWith(`${fake.url}/files/`));

    const post = generateRequest();
    assert.equal(post.status, 200);
    const body = post.body as Record<string, string>;
    assert.equal(body.model, 'wan2.2-i2v-plus');
    assert.equal(body.image_type, 'path');
    assert.equal(body.prompt, 'the grass sways in the wind');
    assert.ok(isAbsolute(body.image ?? ''), 'an absolute path');
    assert.match(body.image ?? '', /\.png$/);
    assert.deepEqual(post.image, { type: 'image/png', width: 64, height: 36, bytes: picture.bytes.length });
    assert.equal(post.headers['content-type'], 'application/json');
    await assert.rejects(access(body.image ?? ''), 'the temp file is removed once the call settled');

    assert.deepEqual(await collect(await p.download(end.job, signal)), generatedVideoBytes(50_000));
    assert.equal(fake.requestsTo('video')[0]?.headers.authorization, undefined);
    // Once the URL is known the job no longer depends on this process.
    assert.equal((await provider().poll(end.job, signal)).state, 'succeeded');
  });

  it('sends a full data: URI when told to (and by default for a remote gateway)', async () => {
    const p = provider({ imageType: 'base64' });
    const job = await p.submit(request({ prompt: '' }), signal);
    assert.equal(job.data?.imageType, 'base64');
    const { end } = await settle(p, job);
    assert.equal(end.state, 'succeeded');
    const post = generateRequest();
    const body = post.body as Record<string, string>;
    assert.equal(body.image_type, 'base64');
    assert.match(body.image ?? '', /^data:image\/png;base64,/);
    assert.equal('prompt' in body, false, 'an empty prompt is left out');
    assert.deepEqual(post.image, { type: 'image/png', width: 64, height: 36, bytes: picture.bytes.length });
  });

  it('chooses path for a gateway on this machine and base64 for any other', () => {
    assert.equal(aogImageTransport('http://127.0.0.1:16688'), 'path');
    assert.equal(aogImageTransport('http://localhost:16688'), 'path');
    assert.equal(aogImageTransport('http://[::1]:16688'), 'path');
    assert.equal(aogImageTransport('http://192.168.1.20:16688'), 'base64');
    assert.equal(aogImageTransport('https://aog.example.com'), 'base64');
    assert.equal(aogImageTransport('http://192.168.1.20:16688', 'path'), 'path');
    assert.equal(aogImageTransport('http://127.0.0.1:16688', 'base64'), 'base64');
    assert.equal(resolveAogBaseUrl(undefined).root, 'http://127.0.0.1:16688');
    assert.equal(resolveAogBaseUrl('http://localhost:16688/aog/v0.2/').root, 'http://localhost:16688');
    assert.equal(
      resolveAogBaseUrl('http://localhost:16688/aog/v0.2/services/image-to-video').root,
      'http://localhost:16688',
    );
  });

  it('accepts both /health shapes and falls back to /aog/v0.2/health on early builds', async () => {
    for (const shape of ['v0.7', 'v0.5'] as const) {
      fake.options.healthShape = shape;
      fake.requests.length = 0;
      const p = provider();
      const job = await p.submit(request(), signal);
      assert.equal((await settle(p, job)).end.state, 'succeeded', shape);
      assert.deepEqual(
        fake.requests.map((r) => r.route),
        ['health', 'generate'],
        shape,
      );
    }
    fake.options.healthShape = 'none';
    fake.requests.length = 0;
    const p = provider();
    const job = await p.submit(request(), signal);
    assert.equal((await settle(p, job)).end.state, 'succeeded');
    assert.deepEqual(
      fake.requests.slice(0, 2).map((r) => [r.route, r.status]),
      [
        ['health', 404],
        ['legacy-health', 200],
      ],
    );
    assert.equal(fake.requests[2]?.route, 'generate');
  });

  it('says AOG is not running when nothing listens, when it is DOWN, and when no health route answers', async () => {
    const port = await closedPort();
    const error = await rejection(provider({}, `http://127.0.0.1:${port}`).submit(request(), signal));
    assert.equal(error.kind, 'network');
    assert.match(
      error.message,
      new RegExp(`^AOG is not running at http://127\\.0\\.0\\.1:${port}: start the AOG service`),
    );
    assert.match(error.message, /aog server start/);

    fake.options.healthStatus = 'DOWN';
    const down = await rejection(provider().submit(request(), signal));
    assert.equal(down.kind, 'network');
    assert.match(down.message, /AOG is not running at/);
    assert.match(down.message, /status DOWN/);

    fake.options.healthStatus = 'UP';
    fake.options.healthShape = 'none';
    fake.options.legacyHealth = false;
    const none = await rejection(provider().submit(request(), signal));
    assert.equal(none.kind, 'network');
    assert.match(none.message, /HTTP 404/);
    assert.equal(fake.requestsTo('generate').length, 0, 'nothing is submitted to an unhealthy gateway');
  });

  it('a 200 without data is a failure that explains AOG polls the cloud only briefly', async () => {
    fake.options.result = 'no-data';
    const p = provider();
    const { end } = await settle(p, await p.submit(request(), signal));
    assert.ok(end.state === 'failed');
    assert.equal(end.code, 'no_data');
    assert.match(
      end.reason,
      /the gateway returned no video: the cloud task failed or timed out \(AOG polls DashScope for only ~50 s\)/,
    );
  });

  it("a missing service and an unknown model are explained with the gateway's business codes", async () => {
    fake.options.serviceInstalled = false;
    const p = provider();
    const missing = (await settle(p, await p.submit(request(), signal))).end;
    assert.ok(missing.state === 'failed');
    assert.equal(missing.code, '10011');
    assert.match(missing.reason, /^AOG has no image-to-video service installed: run `aog install image-to-video`/);

    fake.options.serviceInstalled = true;
    const unknown = (await settle(p, await p.submit(request({ model: 'wan9-i2v' }), signal))).end;
    assert.ok(unknown.state === 'failed');
    assert.equal(unknown.code, '30003');
    assert.match(unknown.reason, /wan9-i2v.*model not exist/);
  });

  it('a 429 on the health check is a rate-limit error with retryAfterMs; on the call it fails the job with the wait', async () => {
    fake.failNext('health', { kind: 'rate-limit', retryAfter: '4' });
    const error = await rejection(provider().submit(request(), signal));
    assert.equal(error.kind, 'rate-limit');
    assert.equal(error.details.retryAfterMs, 4000);

    fake.failNext('generate', { kind: 'rate-limit', retryAfter: '3' });
    const p = provider();
    const { end } = await settle(p, await p.submit(request(), signal));
    assert.ok(end.state === 'failed');
    assert.equal(end.code, '429');
    assert.match(end.reason, /rate-limiting requests \(429\).*Retry in 3 s/);
  });

  it("a 5xx fails the job with the status and the gateway's message", async () => {
    fake.failNext('generate', {
      kind: 'status',
      status: 500,
      businessCode: 500,
      message: 'exceeded maximum number of retries (100) while polling task status',
    });
    const p = provider();
    const { end } = await settle(p, await p.submit(request(), signal));
    assert.ok(end.state === 'failed');
    assert.equal(end.code, '500');
    assert.match(end.reason, /server error \(500\): exceeded maximum number of retries/);
  });

  it('a reply that is not JSON fails the job clearly', async () => {
    fake.failNext('generate', { kind: 'non-json' });
    const p = provider();
    const { end } = await settle(p, await p.submit(request(), signal));
    assert.ok(end.state === 'failed');
    assert.match(end.reason, /not JSON/);
  });

  it('cancel aborts the HTTP call (the fake sees the client go away) and the job reports cancelled', async () => {
    fake.options.delayMs = 5000;
    const p = provider();
    const job = await p.submit(request(), signal);
    await fake.waitFor(() => fake.requestsTo('generate').length === 1);
    assert.ok(p.cancel);
    await p.cancel(job);
    await fake.waitFor(() => generateRequest().aborted === true);
    const status = await p.poll(job, signal);
    assert.ok(status.state === 'failed');
    assert.equal(status.code, 'cancelled');
    assert.match(status.reason, /cancelled/);
  });

  it('aborting the submit signal aborts the background call too', async () => {
    fake.options.delayMs = 5000;
    const controller = new AbortController();
    const p = provider();
    const job = await p.submit(request(), controller.signal);
    await fake.waitFor(() => fake.requestsTo('generate').length === 1);
    controller.abort();
    await fake.waitFor(() => generateRequest().aborted === true);
    const { end } = await settle(p, job);
    assert.ok(end.state === 'failed');
    assert.equal(end.code, 'cancelled');
  });

  it('a call that outlives timeoutMs fails with the time it waited', async () => {
    fake.options.delayMs = 3000;
    const p = provider({ timeoutMs: 1000 });
    const { end } = await settle(p, await p.submit(request(), signal), 4000);
    assert.ok(end.state === 'failed');
    assert.match(end.reason, /no answer within 1 s/);
  });

  it('a job from before a restart cannot be resumed', async () => {
    const status = await provider().poll({ provider: 'aog', id: 'aog_unknown', model: 'wan2.2-i2v-plus' }, signal);
    assert.ok(status.state === 'failed');
    assert.equal(
      status.reason,
      'AOG jobs cannot be resumed after a restart; run it again (this may bill the cloud account again)',
    );
  });

  it('refuses what the model cannot do before calling the gateway', async () => {
    const p = provider();
    assert.equal((await rejection(p.submit(request({ seconds: 10 }), signal))).kind, 'bad-input');
    assert.equal((await rejection(p.submit(request({ prompt: 'x'.repeat(801) }), signal))).kind, 'bad-input');
    assert.equal((await rejection(p.submit(request({ lastFrame: picture }), signal))).kind, 'bad-input');
    assert.equal(fake.requests.length, 0);
  });

  it('an expired video link is a clear download error', async () => {
    const error = await rejection(
      provider().download(
        {
          provider: 'aog',
          id: 'aog_x',
          model: 'wan2.2-i2v-plus',
          data: { videoUrl: `${fake.url}/files/gone.mp4?Expires=1` },
        },
        signal,
      ),
    );
    assert.equal(error.kind, 'provider');
    assert.equal(error.details.status, 404);
    assert.match(error.message, /NoSuchKey|does not exist/);
    assert.match(error.message, /expired/);
  });

  it('runs end to end through the job runner and saves the MP4 next to the image', async () => {
    fake.options.delayMs = 50;
    const dir = await mkdtemp(join(tmpdir(), 'aog-test-'));
    await writeFile(join(dir, 'field.png'), await solidImage(160, 90, { background: '#228844' }));
    const p = provider();
    const resolved = resolveRequest(
      { image: join(dir, 'field.png'), prompt: 'wind', provider: 'aog', size: '1920x1080' },
      p.info,
    );
    assert.match(resolved.warnings?.join(' ') ?? '', /deprecated by the provider on 2026-08-23/);
    assert.throws(
      () => resolveRequest({ image: join(dir, 'field.png'), provider: 'aog', size: '1280x720' }, p.info),
      /Sizes: 1920x1080, 1080x1920/,
    );
    const outcome = await startJob(
      { provider: p, store: new MemoryJobStore(), output: nodeOutputPort, log: silentLogger },
      resolved,
      { pollIntervalMs: 10 },
    );
    assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'field.mp4'));
    assert.deepEqual(await readFile(join(dir, 'field.mp4')), generatedVideoBytes(50_000));
    assert.deepEqual(generateRequest().image, {
      type: 'image/png',
      width: 1920,
      height: 1080,
      bytes: generateRequest().image?.bytes,
    });
  });

  describe('the fake enforces the contract', () => {
    async function post(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await fetch(`${fake.url}/aog/v0.2/services/image-to-video`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    it('checks the image_type / image pair, the path, the data URI and the model', async () => {
      const b64 = `data:image/png;base64,${Buffer.from(picture.bytes).toString('base64')}`;
      assert.deepEqual(await post({ model: 'wan2.2-i2v-plus', image: b64 }), {
        status: 500,
        body: { business_code: 500, message: 'image_type request param lost' },
      });
      assert.deepEqual(await post({ model: 'wan2.2-i2v-plus', image_type: 'base64' }), {
        status: 500,
        body: { business_code: 500, message: 'image request param lost' },
      });
      assert.equal((await post({ image: b64, image_type: 'file' })).body.message, 'unsupported image type');
      assert.equal((await post({ image: '/no/such/file.png', image_type: 'path' })).status, 500);
      assert.equal(
        (await post({ image: Buffer.from(picture.bytes).toString('base64'), image_type: 'base64' })).status,
        500,
        'bare base64 is refused',
      );
      assert.deepEqual(await post({ model: 'nope', image: b64, image_type: 'base64' }), {
        status: 404,
        body: { business_code: 30003, message: 'model not exist' },
      });
      const ok = await post({ model: 'wan2.2-i2v-plus', image: b64, image_type: 'base64', prompt: 'x' });
      assert.equal(ok.status, 200);
      assert.equal(typeof ok.body.id, 'string');
      assert.match(String(ok.body.data), /\/files\/.+\.mp4\?Expires=/);
    });
  });
});

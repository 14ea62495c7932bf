import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AnimateError } from '../../../src/core/errors';
import {
  AZURE_SORA_JOBS_SIZES,
  createAzureSoraJobsProvider,
  readAzureErrorBody,
  resolveAzureEndpoint,
  uploadNames,
} from '../../../src/core/providers/azureSoraJobs';
import { type PreparedRequest, type VideoProvider } from '../../../src/core/providers/provider';
import { silentLogger } from '../../../src/core/types';
import { type PreparedImage } from '../../../src/core/image/prepare';
import { startJob } from '../../../src/core/jobs/runner';
import { MemoryJobStore } from '../../../src/core/jobs/store';
import { nodeOutputPort } from '../../../src/core/output';
import { findModel, resolveRequest } from '../../../src/core/request';
import { VirtualClock } from '../../helpers/scriptedProvider';
import { startAzureSoraJobsFake, type AzureSoraJobsFake } from '../../fakes/azureSoraJobsServer';
import { generatedVideoBytes } from '../../fakes/video';
import { closedPort } from '../../helpers/closedPort';
import { solidImage } from '../../helpers/images';
import { collect, pollUntilDone, rejection } from '../../helpers/providerHarness';

const KEY = 'azure-test-key-abcdef0123456789';

async function image(fileName: string, format: 'png' | 'jpeg' = 'png', color = '#3366cc'): Promise<PreparedImage> {
  const bytes = await solidImage(64, 36, { format, background: color });
  return {
    bytes,
    mime: format === 'png' ? 'image/png' : 'image/jpeg',
    width: 64,
    height: 36,
    fileName,
    sourcePath: `/photos/${fileName}`,
  };
}

const signal = new AbortController().signal;

describe('azure-sora-jobs provider', () => {
  let fake: AzureSoraJobsFake;
  let first: PreparedImage;
  let last: PreparedImage;

  before(async () => {
    fake = await startAzureSoraJobsFake({ apiKey: KEY, deployments: ['sora', 'my-sora'] });
    first = await image('cat photo.png');
    last = await image('cat-end.jpg', 'jpeg', '#cc6633');
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.clearFaults();
    fake.options.errorShape = 'wrapped';
    fake.options.sizes = [...AZURE_SORA_JOBS_SIZES];
  });

  function provider(
    options: Record<string, unknown> = {},
    extra: { apiKey?: string; baseUrl?: string } = {},
  ): VideoProvider {
    return createAzureSoraJobsProvider({ apiKey: KEY, baseUrl: fake.url, options, log: silentLogger, ...extra });
  }

  function request(extra: Partial<PreparedRequest> = {}): PreparedRequest {
    return {
      prompt: 'the cat slowly turns its head',
      model: 'my-sora',
      size: { width: 1920, height: 1080 },
      seconds: 5,
      image: first,
      ...extra,
    };
  }

  it('describes itself: 1920x1080 first, 5 s first, last frame, cancel, coarse progress; any deployment name is a model', () => {
    const { info } = provider();
    assert.equal(info.id, 'azure-sora-jobs');
    assert.equal(info.label, 'Azure OpenAI Sora (jobs API) — retired by Microsoft');
    assert.equal(info.needsKey, true);
    assert.deepEqual(info.keyEnv, ['AZURE_OPENAI_API_KEY']);
    // Retired: nothing is offered until the user names a deployment that still answers.
    assert.deepEqual(info.models, []);
    const model = info.retiredModels?.[0];
    assert.ok(model);
    assert.equal(model.id, 'sora');
    assert.equal(model.sizes[0], '1920x1080');
    for (const size of ['1080x1920', '1280x720', '720x1280', '1080x1080', '854x480', '480x854', '480x480'])
      assert.ok(model.sizes.includes(size), size);
    assert.deepEqual(model.seconds, [5, 10, 15, 20]);
    assert.equal(model.progress, false);
    assert.equal(model.cancel, true);
    assert.equal(model.remix, false);
    assert.equal(model.lastFrame, true);
    assert.equal(model.imageInput, undefined, 'an upload: fitted and encoded');
    assert.equal(model.maxImageBytes, 20 * 1024 * 1024);
    assert.equal(findModel(info, 'my-sora').id, 'my-sora');
    assert.equal(provider({ deployment: 'prod-sora' }).info.models[0]?.id, 'prod-sora');
  });

  it('needs no endpoint or key to describe itself, but a submit without an endpoint says which setting to fill', async () => {
    const p = createAzureSoraJobsProvider({ log: silentLogger, apiKey: KEY });
    assert.equal(p.info.models.length, 0);
    const error = await rejection(p.submit(request(), signal));
    assert.equal(error.kind, 'bad-input');
    assert.match(error.message, /AZURE_OPENAI_ENDPOINT/);
    assert.match(error.message, /endpoint setting/);
    const noKey = await rejection(
      createAzureSoraJobsProvider({ log: silentLogger, baseUrl: fake.url }).submit(request(), signal),
    );
    assert.equal(noKey.kind, 'auth');
    assert.match(noKey.message, /AZURE_OPENAI_API_KEY/);
  });

  it('rejects invalid options with the option name', () => {
    assert.throws(
      () => provider({ apiVersion: 'pre view' }),
      (error: unknown) =>
        error instanceof AnimateError && error.kind === 'bad-input' && /apiVersion/.test(error.message),
    );
    assert.throws(() => provider({ fps: 0 }), /fps/);
  });

  it('submits multipart with the image, follows queued → preprocessing → running → processing → succeeded and downloads the MP4', async () => {
    const p = provider();
    const job = await p.submit(request(), signal);
    assert.match(job.id, /^task_/);
    assert.equal(job.provider, 'azure-sora-jobs');
    assert.equal(job.model, 'my-sora');

    const [create] = fake.requestsTo('create', 'POST');
    assert.ok(create);
    assert.equal(create.status, 200);
    assert.equal(create.path, '/openai/v1/video/generations/jobs');
    assert.equal(create.query['api-version'], 'preview');
    assert.equal(create.headers['api-key'], KEY);
    assert.equal(create.headers.authorization, undefined);
    assert.equal(create.body.kind, 'multipart');
    if (create.body.kind !== 'multipart') return;
    assert.deepEqual(
      { ...create.body.fields, inpaint_items: undefined },
      {
        prompt: 'the cat slowly turns its head',
        height: '1080',
        width: '1920',
        n_seconds: '5',
        n_variants: '1',
        model: 'my-sora',
        inpaint_items: undefined,
      },
    );
    assert.equal(typeof create.body.fields.inpaint_items, 'string', 'inpaint_items travels as a JSON string');
    assert.deepEqual(create.body.inpaintItems, [
      {
        frame_index: 0,
        type: 'image',
        file_name: 'cat_photo.png',
        crop_bounds: { left_fraction: 0, top_fraction: 0, right_fraction: 1, bottom_fraction: 1 },
      },
    ]);
    assert.equal(create.body.files.length, 1);
    assert.deepEqual(
      { ...create.body.files[0] },
      {
        field: 'files',
        filename: 'cat_photo.png',
        contentType: 'image/png',
        bytes: first.bytes.length,
        width: 64,
        height: 36,
      },
    );

    const statuses = await pollUntilDone(p, job, 10);
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['queued', 'queued', 'running', 'running', 'succeeded'],
    );
    assert.deepEqual(
      statuses.map((s) => ('progress' in s ? s.progress : undefined)),
      [undefined, 10, 30, 80, undefined],
    );
    const done = statuses.at(-1);
    assert.ok(done?.state === 'succeeded' && done.job);
    const generationId = done.job.data?.generationId;
    assert.match(generationId ?? '', /^gen_/);
    assert.equal(done.job.id, job.id);
    assert.equal(done.job.data?.size, '1920x1080', 'the job data from submit is kept');

    const bytes = await collect(await p.download(done.job, signal));
    assert.deepEqual(bytes, generatedVideoBytes(100_000));
    const [content] = fake.requestsTo('content', 'GET');
    assert.equal(content?.path, `/openai/v1/video/generations/${generationId}/content/video`);
    assert.equal(content?.query['api-version'], 'preview');
    assert.equal(content?.headers['api-key'], KEY);
  });

  it('sends two inpaint items (frame 0 and the last frame) and two files for first → last frame', async () => {
    const p = provider();
    const job = await p.submit(request({ seconds: 10, lastFrame: last, size: { width: 1280, height: 720 } }), signal);
    const [create] = fake.requestsTo('create', 'POST');
    assert.ok(create && create.body.kind === 'multipart');
    if (create.body.kind !== 'multipart') return;
    assert.equal(create.status, 200);
    const items = create.body.inpaintItems ?? [];
    assert.deepEqual(
      items.map((item) => [item.frame_index, item.file_name, item.type]),
      [
        [0, 'cat_photo.png', 'image'],
        [10 * 30 - 1, 'cat-end.jpg', 'image'],
      ],
    );
    assert.deepEqual(
      create.body.files.map((f) => [f.field, f.filename, f.contentType]),
      [
        ['files', 'cat_photo.png', 'image/png'],
        ['files', 'cat-end.jpg', 'image/jpeg'],
      ],
    );
    assert.equal(fake.jobs.get(job.id)?.inpaintItems.length, 2);
  });

  it('keeps upload names distinct, ASCII and true to the bytes', async () => {
    const a = await image('猫.png');
    const b = await image('猫.png');
    assert.deepEqual(uploadNames([a, b]), ['image.png', 'image-last.png']);
    assert.deepEqual(uploadNames([{ ...a, fileName: 'C:\\pics\\dog.webp', mime: 'image/jpeg' }]), ['dog.jpg']);
  });

  it('tolerates endpoints with a trailing slash or path, and honours the apiVersion option and a pasted api-version', async () => {
    assert.equal(resolveAzureEndpoint('https://res.openai.azure.com/').root, 'https://res.openai.azure.com');
    assert.equal(resolveAzureEndpoint('https://res.openai.azure.com/openai/v1/').root, 'https://res.openai.azure.com');
    assert.equal(resolveAzureEndpoint('https://res.openai.azure.com/openai').root, 'https://res.openai.azure.com');
    const pasted = resolveAzureEndpoint(
      'https://res.openai.azure.com/openai/v1/video/generations/jobs?api-version=2025-02-15-preview',
    );
    assert.deepEqual([pasted.root, pasted.apiVersion], ['https://res.openai.azure.com', '2025-02-15-preview']);
    assert.equal(resolveAzureEndpoint('https://proxy.example/azure/').root, 'https://proxy.example/azure');

    fake.options.apiVersions = ['preview', '2025-02-15-preview'];
    try {
      const p = provider({ apiVersion: '2025-02-15-preview' }, { baseUrl: `${fake.url}/openai/v1/` });
      const job = await p.submit(request(), signal);
      await p.poll(job, signal);
      assert.deepEqual(
        fake.requests.map((r) => [r.route, r.query['api-version'], r.status]),
        [
          ['create', '2025-02-15-preview', 200],
          ['job', '2025-02-15-preview', 200],
        ],
      );
    } finally {
      fake.options.apiVersions = ['preview'];
    }
  });

  it('reports a moderation failure in plain words', async () => {
    const p = provider();
    const job = await p.submit(request({ prompt: 'MODERATION_BLOCK please' }), signal);
    const end = (await pollUntilDone(p, job, 10)).at(-1);
    assert.equal(end?.state, 'failed');
    if (end?.state !== 'failed') return;
    assert.equal(end.code, 'input_moderation');
    assert.match(end.reason, /Azure's content filter rejected the input image or prompt/);
  });

  it('reports an internal error in plain words', async () => {
    const p = provider();
    const job = await p.submit(request({ prompt: 'INTERNAL_FAIL' }), signal);
    const end = (await pollUntilDone(p, job, 10)).at(-1);
    assert.ok(end?.state === 'failed');
    assert.equal(end.code, 'internal_error');
    assert.match(end.reason, /Azure had an internal error; try again/);
  });

  it('reports a cancelled job as failed "cancelled"', async () => {
    const p = provider();
    const job = await p.submit(request(), signal);
    const record = fake.jobs.get(job.id);
    assert.ok(record);
    record.forceStatus = 'cancelled';
    const status = await p.poll(job, signal);
    assert.ok(status.state === 'failed');
    assert.equal(status.code, 'cancelled');
    assert.match(status.reason, /cancelled/);
  });

  it('turns the server\'s "unsupported resolution" 400 into bad input with what was sent', async () => {
    fake.options.sizes = AZURE_SORA_JOBS_SIZES.filter((s) => s !== '1920x1080');
    const error = await rejection(provider().submit(request(), signal));
    assert.equal(error.kind, 'bad-input');
    assert.equal(error.details.status, 400);
    assert.match(error.message, /unsupported resolution 1920x1080/);
    assert.match(error.message, /1920x1080, 5 s/);
  });

  it('refuses sizes and durations the API does not take, before sending anything', async () => {
    const p = provider();
    assert.equal(
      (await rejection(p.submit(request({ size: { width: 1000, height: 1000 } }), signal))).kind,
      'bad-input',
    );
    assert.equal((await rejection(p.submit(request({ seconds: 21 }), signal))).kind, 'bad-input');
    assert.equal(fake.requests.length, 0);
  });

  it('a wrong key is an auth error that never shows the key', async () => {
    const wrong = 'wrong-key-9f8e7d6c5b4a';
    const error = await rejection(provider({}, { apiKey: wrong }).submit(request(), signal));
    assert.equal(error.kind, 'auth');
    assert.equal(error.details.status, 401);
    assert.match(error.message, /AZURE_OPENAI_API_KEY/);
    assert.ok(!error.message.includes(wrong));
    assert.ok(!error.message.includes(KEY));
    assert.equal(fake.requests[0]?.headers['api-key'], wrong);
  });

  it('a 429 with Retry-After is a rate-limit error with retryAfterMs', async () => {
    fake.failNext('create', { kind: 'rate-limit', retryAfter: '7' });
    const error = await rejection(provider().submit(request(), signal));
    assert.equal(error.kind, 'rate-limit');
    assert.equal(error.details.retryAfterMs, 7000);
    assert.match(error.message, /Retry in 7 s/);

    const p = provider();
    const job = await p.submit(request(), signal);
    fake.failNext('job', { kind: 'rate-limit', retryAfter: '2' });
    const pollError = await rejection(p.poll(job, signal));
    assert.equal(pollError.kind, 'rate-limit');
    assert.equal(pollError.details.retryAfterMs, 2000);
  });

  it('a 5xx is a provider error with the status, on submit and on poll', async () => {
    fake.failNext('create', { kind: 'status', status: 500, message: 'Backend exploded' });
    const error = await rejection(provider().submit(request(), signal));
    assert.equal(error.kind, 'provider');
    assert.equal(error.details.status, 500);
    assert.match(error.message, /Backend exploded/);

    const p = provider();
    const job = await p.submit(request(), signal);
    fake.failNext('job', { kind: 'status', status: 503 });
    const pollError = await rejection(p.poll(job, signal));
    assert.equal(pollError.kind, 'provider');
    assert.equal(pollError.details.status, 503);
  });

  it('reads the bare error shape as well as the wrapped one', async () => {
    fake.options.errorShape = 'bare';
    fake.failNext('create', { kind: 'status', status: 400, message: 'Bare shape says no', code: 'invalid_value' });
    const error = await rejection(provider().submit(request(), signal));
    assert.equal(error.kind, 'bad-input');
    assert.equal(error.details.code, 'invalid_value');
    assert.match(error.message, /Bare shape says no/);

    assert.deepEqual(readAzureErrorBody({ error: { code: 'x', message: 'wrapped' } }), {
      code: 'x',
      message: 'wrapped',
    });
    assert.deepEqual(
      readAzureErrorBody({
        code: 'content_filter',
        message: 'Blocked.',
        inner_error: { code: 'ResponsibleAIPolicyViolation' },
      }),
      { code: 'content_filter', message: "Blocked. (Azure's content filter: ResponsibleAIPolicyViolation)" },
    );
  });

  it('a wrong deployment name is a 404 that names the deployment and the endpoint', async () => {
    const error = await rejection(provider().submit(request({ model: 'no-such-deployment' }), signal));
    assert.equal(error.kind, 'provider');
    assert.equal(error.details.status, 404);
    assert.match(error.message, /no-such-deployment/);
    assert.match(error.message, /DeploymentNotFound|deployment/);
    // Said plainly: the likely reason today is Microsoft's retirement, not a typo.
    assert.match(
      error.message,
      /Microsoft retired the first Sora.*a 404 or DeploymentNotFound most likely means the deployment no longer exists/,
    );
  });

  it('checks endpoint and key with the job list, creating nothing', async () => {
    const ok = await provider().check?.('my-sora', signal);
    assert.deepEqual(ok && [ok.reachable, ok.keyAccepted, ok.ok], [true, true, true]);
    const bad = await provider({}, { apiKey: 'wrong-key-0000000000' }).check?.(undefined, signal);
    assert.deepEqual(bad && [bad.reachable, bad.keyAccepted, bad.ok], [true, false, false]);
    const gone = await provider({ apiVersion: '2099-01-01-preview' }).check?.(undefined, signal);
    assert.equal(gone?.ok, false);
    assert.equal(fake.requestsTo('create', 'POST').length, 0);
    assert.ok(fake.requests.every((r) => r.route === 'list'));
  });

  it('a malformed reply is a clear error; on submit it warns that a job may exist', async () => {
    fake.failNext('create', { kind: 'missing-fields' });
    const submitError = await rejection(provider().submit(request(), signal));
    assert.equal(submitError.kind, 'submit-unknown');
    assert.match(submitError.message, /unexpected reply/);
    assert.match(submitError.message, /new paid job/);

    const p = provider();
    const job = await p.submit(request(), signal);
    fake.failNext('job', { kind: 'non-json' });
    const pollError = await rejection(p.poll(job, signal));
    assert.equal(pollError.kind, 'provider');
    assert.match(pollError.message, /not JSON/);
  });

  it('download before success is refused, and a generation the server does not know is a 404', async () => {
    const p = provider();
    const job = await p.submit(request(), signal);
    assert.equal((await rejection(p.download(job, signal))).kind, 'provider');
    const error = await rejection(p.download({ ...job, data: { generationId: 'gen_missing' } }, signal));
    assert.equal(error.details.status, 404);
    assert.match(error.message, /expired|not ready/);
  });

  it('cancel DELETEs the job (204), and a job already gone is not an error', async () => {
    const p = provider();
    const job = await p.submit(request(), signal);
    assert.ok(p.cancel);
    await p.cancel(job);
    const [deleted] = fake.requestsTo('delete', 'DELETE');
    assert.equal(deleted?.path, `/openai/v1/video/generations/jobs/${job.id}`);
    assert.equal(deleted?.status, 204);
    assert.equal(deleted?.headers['api-key'], KEY);
    assert.ok(fake.deletedIds.has(job.id));
    await p.cancel(job);
    const pollError = await rejection(p.poll(job, signal));
    assert.equal(pollError.details.status, 404);
    assert.match(pollError.message, /deleted or expired/);
  });

  it('an aborted poll is a cancellation, and an unreachable endpoint a network error', async () => {
    const p = provider();
    const job = await p.submit(request(), signal);
    fake.failNext('job', { kind: 'hang' });
    const controller = new AbortController();
    const pending = p.poll(job, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, (error: unknown) => error instanceof AnimateError && error.kind === 'cancelled');

    const unreachable = createAzureSoraJobsProvider({
      apiKey: KEY,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      log: silentLogger,
    });
    const error = await rejection(unreachable.poll(job, signal));
    assert.equal(error.kind, 'network');
    const submitError = await rejection(unreachable.submit(request(), signal));
    assert.equal(submitError.kind, 'network', 'a refused connection never sent the job, so it is not submit-unknown');
  });

  it('runs first → last frame end to end through the job runner and saves the MP4 next to the image', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'azure-jobs-test-'));
    await writeFile(join(dir, 'start.png'), await solidImage(96, 96, { background: '#224488' }));
    await writeFile(join(dir, 'end.jpg'), await solidImage(96, 96, { format: 'jpeg', background: '#884422' }));
    const p = provider();
    const resolved = resolveRequest(
      {
        image: join(dir, 'start.png'),
        lastFrame: join(dir, 'end.jpg'),
        prompt: 'day turns to night',
        provider: 'azure-sora-jobs',
        model: 'my-sora',
        size: '480x480',
        seconds: 5,
      },
      p.info,
    );
    const store = new MemoryJobStore();
    const outcome = await startJob(
      { provider: p, store, output: nodeOutputPort, log: silentLogger, clock: new VirtualClock() },
      resolved,
    );
    assert.equal(outcome.kind, 'succeeded');
    assert.equal(outcome.kind === 'succeeded' && outcome.output, join(dir, 'start.mp4'));
    assert.deepEqual(await readFile(join(dir, 'start.mp4')), generatedVideoBytes(100_000));
    const [create] = fake.requestsTo('create', 'POST');
    assert.ok(create?.body.kind === 'multipart');
    assert.deepEqual(
      create.body.kind === 'multipart' ? create.body.files.map((f) => [f.filename, f.width, f.height]) : [],
      [
        ['start.png', 480, 480],
        ['end.png', 480, 480],
      ],
    );
    assert.deepEqual(
      create.body.kind === 'multipart' ? create.body.inpaintItems?.map((i) => i.frame_index) : [],
      [0, 149],
    );
  });

  describe('the fake enforces the contract', () => {
    async function post(
      form: FormData,
      query = '?api-version=preview',
      headers: Record<string, string> = { 'api-key': KEY },
    ): Promise<{ status: number; body: unknown }> {
      const response = await fetch(`${fake.url}/openai/v1/video/generations/jobs${query}`, {
        method: 'POST',
        body: form,
        headers,
      });
      return { status: response.status, body: await response.json() };
    }

    function baseForm(
      items?: unknown[],
      files: { name: string; type: string; bytes: Uint8Array }[] = [],
      fields: Record<string, string> = {},
    ): FormData {
      const form = new FormData();
      const all = {
        prompt: 'p',
        height: '720',
        width: '1280',
        n_seconds: '5',
        n_variants: '1',
        model: 'sora',
        ...fields,
      };
      for (const [k, v] of Object.entries(all)) form.append(k, v);
      if (items) form.append('inpaint_items', JSON.stringify(items));
      for (const file of files) form.append('files', new Blob([file.bytes.slice()], { type: file.type }), file.name);
      return form;
    }

    it('requires api-version and api-key', async () => {
      assert.equal((await post(baseForm(), '')).status, 400);
      assert.equal((await post(baseForm(), '?api-version=preview', {})).status, 401);
      assert.equal((await post(baseForm())).status, 200);
    });

    it('requires file names to match the items, image MIME types and frames inside the clip', async () => {
      const png = first.bytes;
      const item = { frame_index: 0, type: 'image', file_name: 'a.png' };
      assert.equal((await post(baseForm([item], [{ name: 'a.png', type: 'image/png', bytes: png }]))).status, 200);
      assert.equal((await post(baseForm([item], [{ name: 'b.png', type: 'image/png', bytes: png }]))).status, 400);
      assert.equal(
        (await post(baseForm([item], [{ name: 'a.png', type: 'application/octet-stream', bytes: png }]))).status,
        400,
      );
      assert.equal(
        (await post(baseForm([{ ...item, frame_index: 150 }], [{ name: 'a.png', type: 'image/png', bytes: png }])))
          .status,
        400,
      );
      assert.equal((await post(baseForm(undefined, [{ name: 'a.png', type: 'image/png', bytes: png }]))).status, 400);
      assert.equal((await post(baseForm(undefined, [], { n_seconds: '21' }))).status, 400);
      assert.equal((await post(baseForm(undefined, [], { n_variants: '2' }))).status, 200, 'two variants at 720p');
      assert.equal(
        (await post(baseForm(undefined, [], { width: '1920', height: '1080', n_variants: '2' }))).status,
        400,
        'one variant at 1080p',
      );
      assert.equal((await post(baseForm(undefined, [], { width: '1000', height: '1000' }))).status, 400);
      assert.equal((await post(baseForm(undefined, [], { model: 'other' }))).status, 404);
    });
  });
});

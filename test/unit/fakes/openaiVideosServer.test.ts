/** Raw HTTP against the OpenAI-compatible video fake: the fake itself must enforce the contract (docs/providers.md §1). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { readImageHeader } from '../../fakes/images';
import { SERVED_I2V_MODEL, startOpenAiVideosFake, type OpenAiVideosFake } from '../../fakes/openaiVideosServer';
import { generatedVideoBytes } from '../../fakes/video';
import { solidImage, type ImageFormat, type SolidImageOptions } from '../../helpers/images';
import { keyedHarness } from '../../helpers/providerHarness';

const KEY = 'sk-fake-raw-0123456789';
const AUTH = { authorization: `Bearer ${KEY}` };

const harness = keyedHarness(KEY, startOpenAiVideosFake);
/** Most of this suite checks the Sora 2 rules, which the fake serves only when asked (they were shut down). */
const withFake: typeof harness.withFake = (options, fn, ctx) =>
  harness.withFake({ sora: true, servedModels: {}, ...options }, fn, ctx);

function image(
  width: number,
  height: number,
  format: ImageFormat = 'png',
  encoder: SolidImageOptions['encoder'] = {},
): Promise<Buffer> {
  return solidImage(width, height, { format, encoder, background: { r: 200, g: 100, b: 50 } });
}

function postJson(
  fake: OpenAiVideosFake,
  path: string,
  body: unknown,
  headers: Record<string, string> = AUTH,
): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function postForm(
  fake: OpenAiVideosFake,
  fields: Record<string, string>,
  file?: { bytes: Buffer; type: string; name?: string },
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file)
    form.append('input_reference', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name ?? 'ref');
  return fetch(`${fake.url}/videos`, { method: 'POST', headers: AUTH, body: form });
}

function get(fake: OpenAiVideosFake, path: string, headers: Record<string, string> = AUTH): Promise<Response> {
  return fetch(`${fake.url}${path}`, { headers });
}

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Asserts the OpenAI error shape and returns it. */
async function expectError(response: Response, status: number): Promise<ErrorBody['error']> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
  const body = (await response.json()) as ErrorBody;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(typeof body.error.message, 'string');
  return body.error;
}

async function video(response: Response): Promise<Record<string, unknown>> {
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Record<string, unknown>;
}

describe('openai videos fake: auth', () => {
  it('requires the key and answers 401 in the OpenAI error shape', async () => {
    await withFake({}, async ({ fake }) => {
      const missing = await expectError(await get(fake, '/videos', {}), 401);
      assert.match(missing.message, /You didn't provide an API key/);
      const wrong = await expectError(await get(fake, '/videos', { authorization: 'Bearer sk-wrong-000000000' }), 401);
      assert.equal(wrong.code, 'invalid_api_key');
      assert.equal(wrong.type, 'invalid_request_error');
      assert.ok(!wrong.message.includes('sk-wrong-000000000'), 'the key is masked like the real API does');
      assert.equal((await get(fake, '/videos', { 'api-key': KEY })).status, 200, 'either header by default');
      assert.equal(
        (await get(fake, '/videos', { ...AUTH, 'x-stainless-retry-count': '0', 'x-whatever': '1' })).status,
        200,
      );
    });
  });

  it('can insist on one header', async () => {
    await withFake({ auth: 'api-key' }, async ({ fake }) => {
      await expectError(await get(fake, '/videos'), 401);
      assert.equal((await get(fake, '/videos', { 'api-key': KEY })).status, 200);
    });
    await withFake({ auth: 'bearer' }, async ({ fake }) => {
      await expectError(await get(fake, '/videos', { 'api-key': KEY }), 401);
    });
  });
});

describe('openai videos fake: POST /videos', () => {
  it('accepts JSON with seconds as string or number and fills defaults', async () => {
    await withFake({}, async ({ fake }) => {
      const a = await video(await postJson(fake, '/videos', { prompt: 'a cat', seconds: 8 }));
      assert.equal(a['seconds'], '8');
      assert.equal(a['model'], 'sora-2');
      assert.equal(a['size'], '720x1280');
      assert.equal(a['status'], 'queued');
      assert.equal(a['progress'], 0);
      assert.equal(a['object'], 'video');
      assert.equal(a['completed_at'], null);
      assert.equal(a['error'], null);
      assert.match(String(a['id']), /^video_[0-9a-f]{32}$/);
      const b = await video(
        await postJson(fake, '/videos', { prompt: 'a cat', seconds: '12', model: 'sora-2-pro', size: '1792x1024' }),
      );
      assert.equal(b['seconds'], '12');
      await video(await postJson(fake, '/videos', { prompt: 'a cat', model: 'sora-2-2025-12-08', size: '1280x720' }));
      await video(
        await postJson(fake, '/videos', { prompt: 'a cat', model: 'sora-2-pro-2025-10-06', size: '1024x1792' }),
      );
      assert.equal(fake.requestsTo('create')[0]?.body.kind, 'json');
    });
  });

  it('enforces the enums, the sora-2 size rule, required and unknown fields', async () => {
    await withFake({}, async ({ fake }) => {
      const seconds = await expectError(await postJson(fake, '/videos', { prompt: 'x', seconds: '5' }), 400);
      assert.equal(seconds.param, 'seconds');
      assert.match(seconds.message, /'4', '8' and '12'/);
      await expectError(await postJson(fake, '/videos', { prompt: 'x', seconds: 4.5 }), 400);
      const model = await expectError(await postJson(fake, '/videos', { prompt: 'x', model: 'sora-3' }), 404);
      assert.equal(model.param, 'model');
      const size = await expectError(await postJson(fake, '/videos', { prompt: 'x', size: '1920x1080' }), 400);
      assert.equal(size.param, 'size');
      const sora2 = await expectError(
        await postJson(fake, '/videos', { prompt: 'x', model: 'sora-2', size: '1792x1024' }),
        400,
      );
      assert.match(sora2.message, /Invalid size '1792x1024' for model 'sora-2'/);
      const prompt = await expectError(await postJson(fake, '/videos', { seconds: '4' }), 400);
      assert.equal(prompt.param, 'prompt');
      assert.equal(prompt.code, 'missing_required_parameter');
      const unknown = await expectError(await postJson(fake, '/videos', { prompt: 'x', duration: 4 }), 400);
      assert.match(unknown.message, /Unrecognized request argument supplied: duration/);
      const badJson = await fetch(`${fake.url}/videos`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: '{"prompt":',
      });
      await expectError(badJson, 400);
      const text = await fetch(`${fake.url}/videos`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'text/plain' },
        body: 'prompt=x',
      });
      assert.match((await expectError(text, 400)).message, /Unsupported content type/);
      const fileInJson = await expectError(
        await postJson(fake, '/videos', { prompt: 'x', input_reference: 'cat.png' }),
        400,
      );
      assert.equal(fileInJson.param, 'input_reference');
      assert.equal(fake.jobs.size, 0);
    });
  });

  it('accepts extra deployment names with their base model rules', async () => {
    await withFake({ deployments: { 'my-sora': 'sora-2' } }, async ({ fake }) => {
      await video(await postJson(fake, '/videos', { prompt: 'x', model: 'my-sora', size: '1280x720' }));
      await expectError(await postJson(fake, '/videos', { prompt: 'x', model: 'my-sora', size: '1024x1792' }), 400);
    });
  });

  it('accepts multipart with an exact-size image and records it', async () => {
    await withFake({}, async ({ fake }) => {
      const bytes = await image(1280, 720);
      const created = await video(
        await postForm(
          fake,
          { prompt: 'a cat', model: 'sora-2', seconds: '4', size: '1280x720' },
          { bytes, type: 'image/png', name: 'cat.png' },
        ),
      );
      const job = fake.jobs.get(String(created['id']));
      assert.deepEqual(job?.input, {
        contentType: 'image/png',
        filename: 'cat.png',
        width: 1280,
        height: 720,
        bytes: bytes.length,
      });
      const recorded = fake.requestsTo('create')[0];
      assert.equal(recorded?.body.kind, 'multipart');
      if (recorded?.body.kind === 'multipart') {
        assert.deepEqual(recorded.body.fields, { prompt: 'a cat', model: 'sora-2', seconds: '4', size: '1280x720' });
        assert.deepEqual(recorded.body.files, [
          { field: 'input_reference', filename: 'cat.png', contentType: 'image/png', bytes: bytes.length },
        ]);
      }
      await video(
        await postForm(
          fake,
          { prompt: 'jpeg', size: '720x1280' },
          { bytes: await image(720, 1280, 'jpeg'), type: 'image/jpeg' },
        ),
      );
      await video(
        await postForm(
          fake,
          { prompt: 'webp', size: '720x1280' },
          { bytes: await image(720, 1280, 'webp'), type: 'image/webp' },
        ),
      );
    });
  });

  it('rejects an image that does not match the requested size, with the exact message', async () => {
    await withFake({}, async ({ fake }) => {
      const response = await postForm(
        fake,
        { prompt: 'a cat', size: '1280x720' },
        { bytes: await image(1280, 721), type: 'image/png' },
      );
      const error = await expectError(response, 400);
      assert.deepEqual(error, {
        message: 'Inpaint image must match the requested width and height',
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
      // default size is 720x1280: a landscape image fails without an explicit size
      await expectError(
        await postForm(fake, { prompt: 'a cat' }, { bytes: await image(1280, 720), type: 'image/png' }),
        400,
      );
      assert.equal(fake.jobs.size, 0);
    });
  });

  it('rejects an unsupported or wrong part content type', async () => {
    await withFake({}, async ({ fake }) => {
      const png = await image(1280, 720);
      const octet = await expectError(
        await postForm(fake, { prompt: 'x', size: '1280x720' }, { bytes: png, type: 'application/octet-stream' }),
        400,
      );
      assert.equal(
        octet.message,
        "Invalid file 'input_reference': unsupported mimetype ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', 'image/webp', and 'video/mp4'.",
      );
      const lie = await expectError(
        await postForm(fake, { prompt: 'x', size: '1280x720' }, { bytes: png, type: 'image/jpeg' }),
        400,
      );
      assert.match(lie.message, /content is image\/png but the part says image\/jpeg/);
      const garbage = await expectError(
        await postForm(fake, { prompt: 'x', size: '1280x720' }, { bytes: Buffer.from('hello'), type: 'image/png' }),
        400,
      );
      assert.match(garbage.message, /not a readable image\/png/);
      const asText = await expectError(await postForm(fake, { prompt: 'x', input_reference: 'cat.png' }), 400);
      assert.equal(asText.param, 'input_reference');
      const objectForm = await expectError(
        await postForm(fake, { prompt: 'x', 'input_reference[image_url]': 'https://example.com/a.png' }),
        400,
      );
      assert.match(objectForm.message, /not supported by this fake/);
    });
  });

  it('rejects a malformed multipart body', async () => {
    await withFake({}, async ({ fake }) => {
      const response = await fetch(`${fake.url}/videos`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'multipart/form-data; boundary=XYZ' },
        body: '--XYZ\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhello',
      });
      assert.match((await expectError(response, 400)).message, /not terminated/);
    });
  });
});

describe('openai videos fake: image headers', () => {
  it('reads PNG, JPEG (baseline and progressive) and WebP (lossy, lossless, extended) sizes', async () => {
    const cases: Array<[Buffer, string]> = [
      [await image(321, 123, 'png'), 'image/png'],
      [await image(321, 123, 'jpeg'), 'image/jpeg'],
      [await image(321, 123, 'jpeg', { progressive: true }), 'image/jpeg'],
      [await image(321, 123, 'webp'), 'image/webp'],
      [await image(321, 123, 'webp', { lossless: true }), 'image/webp'],
      [
        await solidImage(321, 123, { format: 'webp', channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } }),
        'image/webp',
      ],
    ];
    for (const [bytes, type] of cases) assert.deepEqual(readImageHeader(bytes), { type, width: 321, height: 123 });
    assert.equal(readImageHeader(Buffer.from('GIF89a........')), undefined);
  });
});

describe('openai videos fake: lifecycle and content', () => {
  it('advances queued → in_progress (rising) → completed per poll, then serves the video', async () => {
    await withFake({ pollsPerStep: 2, runningSteps: 3 }, async ({ fake }) => {
      const created = await video(await postJson(fake, '/videos', { prompt: 'x' }));
      const id = String(created['id']);
      const early = await expectError(await get(fake, `/videos/${id}/content`), 404);
      assert.match(early.message, /Video is not ready yet/);
      const seen: Array<[unknown, unknown]> = [];
      let last: Record<string, unknown> = created;
      for (let i = 0; i < 8; i += 1) {
        last = await video(await get(fake, `/videos/${id}`));
        seen.push([last['status'], last['progress']]);
      }
      assert.deepEqual(seen, [
        ['queued', 0],
        ['in_progress', 25],
        ['in_progress', 25],
        ['in_progress', 50],
        ['in_progress', 50],
        ['in_progress', 75],
        ['in_progress', 75],
        ['completed', 100],
      ]);
      assert.equal(typeof last['completed_at'], 'number');
      assert.equal(last['expires_at'], (last['created_at'] as number) + 86_400);

      const content = await get(fake, `/videos/${id}/content?variant=video`);
      assert.equal(content.status, 200);
      assert.equal(content.headers.get('content-type'), 'video/mp4');
      const bytes = Buffer.from(await content.arrayBuffer());
      assert.ok(bytes.equals(generatedVideoBytes(100_000)));
      assert.equal(bytes.toString('latin1', 4, 8), 'ftyp');
      const thumb = await get(fake, `/videos/${id}/content?variant=thumbnail`);
      assert.equal(thumb.headers.get('content-type'), 'image/webp');
      const sprites = await get(fake, `/videos/${id}/content?variant=spritesheet`);
      assert.equal(sprites.headers.get('content-type'), 'image/jpeg');
      assert.equal((await expectError(await get(fake, `/videos/${id}/content?variant=gif`), 400)).param, 'variant');
    });
  });

  it('ends a job containing the fail word as failed with moderation_blocked', async () => {
    await withFake({ runningSteps: 1, failWord: 'boom' }, async ({ fake }) => {
      const id = String((await video(await postJson(fake, '/videos', { prompt: 'make it go BOOM' })))['id']);
      await get(fake, `/videos/${id}`);
      const failed = await video(await get(fake, `/videos/${id}`));
      assert.equal(failed['status'], 'failed');
      assert.deepEqual(failed['error'], {
        code: 'moderation_blocked',
        message: 'Your request was blocked by our moderation system.',
      });
      assert.equal(failed['completed_at'], null);
      assert.equal(failed['expires_at'], null);
      await expectError(await get(fake, `/videos/${id}/content`), 404);
    });
  });

  it('can advance by time instead of polls and expires content after a day', async () => {
    let now = 1_760_000_000_000;
    await withFake({ stepMs: 1000, runningSteps: 1, now: () => now }, async ({ fake }) => {
      const id = String((await video(await postJson(fake, '/videos', { prompt: 'x' })))['id']);
      assert.equal((await video(await get(fake, `/videos/${id}`)))['status'], 'queued');
      now += 1000;
      assert.equal((await video(await get(fake, `/videos/${id}`)))['status'], 'in_progress');
      now += 1000;
      const done = await video(await get(fake, `/videos/${id}`));
      assert.equal(done['status'], 'completed');
      assert.equal(done['completed_at'], 1_760_000_002);
      assert.equal((await get(fake, `/videos/${id}/content`)).status, 200);
      now += 86_401_000;
      assert.match((await expectError(await get(fake, `/videos/${id}/content`), 404)).message, /expired/);
    });
  });

  it('streams a large generated body', async () => {
    const size = 16 * 1024 * 1024 + 7;
    await withFake({ runningSteps: 0, video: { bytes: size } }, async ({ fake }) => {
      const id = String((await video(await postJson(fake, '/videos', { prompt: 'x' })))['id']);
      await get(fake, `/videos/${id}`);
      const response = await get(fake, `/videos/${id}/content`);
      assert.equal(response.headers.get('content-length'), String(size));
      let total = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) total += chunk.length;
      assert.equal(total, size);
    });
  });

  it('answers 404 for unknown ids and routes', async () => {
    await withFake({}, async ({ fake }) => {
      const unknown = await expectError(await get(fake, '/videos/video_nope'), 404);
      assert.match(unknown.message, /video_nope/);
      await expectError(await get(fake, '/videos/video_nope/content'), 404);
      await expectError(await fetch(`${fake.url}/videos/video_nope`, { method: 'DELETE', headers: AUTH }), 404);
      assert.match((await expectError(await get(fake, '/images'), 404)).message, /Invalid URL \(GET \/v1\/images\)/);
    });
  });
});

describe('openai videos fake: remix, list, delete', () => {
  it('remixes only completed videos', async () => {
    await withFake({ runningSteps: 0 }, async ({ fake }) => {
      const id = String(
        (await video(await postJson(fake, '/videos', { prompt: 'x', size: '1280x720', seconds: '8' })))['id'],
      );
      const early = await expectError(await postJson(fake, `/videos/${id}/remix`, { prompt: 'y' }), 400);
      assert.match(early.message, /only a completed video can be remixed/);
      await get(fake, `/videos/${id}`);
      await expectError(await postJson(fake, `/videos/${id}/remix`, {}), 400);
      await expectError(await postJson(fake, `/videos/${id}/remix`, { prompt: 'y', size: '720x1280' }), 400);
      const remix = await video(await postJson(fake, `/videos/${id}/remix`, { prompt: 'y' }));
      assert.equal(remix['remixed_from_video_id'], id);
      assert.equal(remix['status'], 'queued');
      assert.equal(remix['size'], '1280x720');
      assert.equal(remix['seconds'], '8');
      await expectError(await postJson(fake, '/videos/video_nope/remix', { prompt: 'y' }), 404);
    });
  });

  it('lists with a cursor', async () => {
    await withFake({}, async ({ fake }) => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1)
        ids.push(String((await video(await postJson(fake, '/videos', { prompt: `p${i}` })))['id']));
      const first = (await video(await get(fake, '/videos?limit=2'))) as {
        object: string;
        data: Array<{ id: string }>;
        first_id: string;
        last_id: string;
        has_more: boolean;
      };
      assert.equal(first.object, 'list');
      assert.deepEqual(
        first.data.map((v) => v.id),
        [ids[2], ids[1]],
      );
      assert.equal(first.first_id, ids[2]);
      assert.equal(first.last_id, ids[1]);
      assert.equal(first.has_more, true);
      const second = (await video(await get(fake, `/videos?limit=2&after=${first.last_id}`))) as typeof first;
      assert.deepEqual(
        second.data.map((v) => v.id),
        [ids[0]],
      );
      assert.equal(second.has_more, false);
      const asc = (await video(await get(fake, '/videos?order=asc'))) as typeof first;
      assert.deepEqual(
        asc.data.map((v) => v.id),
        ids,
      );
      await expectError(await get(fake, '/videos?limit=0'), 400);
      await expectError(await get(fake, '/videos?order=sideways'), 400);
      const empty = await withEmpty();
      assert.deepEqual(empty, { object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    });
    async function withEmpty(): Promise<unknown> {
      let body: unknown;
      await withFake({}, async ({ fake }) => {
        body = await video(await get(fake, '/videos'));
      });
      return body;
    }
  });

  it('deletes and records the deletion', async () => {
    await withFake({}, async ({ fake }) => {
      const id = String((await video(await postJson(fake, '/videos', { prompt: 'x' })))['id']);
      const response = await fetch(`${fake.url}/videos/${id}`, { method: 'DELETE', headers: AUTH });
      assert.deepEqual(await response.json(), { id, object: 'video.deleted', deleted: true });
      assert.ok(fake.deletedIds.has(id));
      assert.equal(fake.requestsTo('delete', 'DELETE')[0]?.path, `/v1/videos/${id}`);
      await expectError(await get(fake, `/videos/${id}`), 404);
    });
  });

  it('can refuse to delete a running video', async () => {
    await withFake({ deleteRunning: 'reject' }, async ({ fake }) => {
      const id = String((await video(await postJson(fake, '/videos', { prompt: 'x' })))['id']);
      await expectError(await fetch(`${fake.url}/videos/${id}`, { method: 'DELETE', headers: AUTH }), 400);
      assert.ok(fake.jobs.has(id));
    });
  });
});

describe('openai videos fake: fault injection and extras', () => {
  it('injects statuses, rate limits and bad bodies for the next N requests of a route', async () => {
    await withFake({}, async ({ fake }) => {
      fake.failNext('list', { kind: 'rate-limit', retryAfterMs: 250, retryAfter: '1' }, 2);
      for (let i = 0; i < 2; i += 1) {
        const response = await get(fake, '/videos');
        assert.equal(response.headers.get('retry-after-ms'), '250');
        assert.equal(response.headers.get('retry-after'), '1');
        assert.equal((await expectError(response, 429)).code, 'rate_limit_exceeded');
      }
      assert.equal((await get(fake, '/videos')).status, 200);

      fake.failNext('*', { kind: 'status', status: 500 });
      assert.equal((await expectError(await get(fake, '/videos'), 500)).type, 'server_error');
      fake.failNext('list', { kind: 'status', status: 401, code: 'invalid_api_key' });
      await expectError(await get(fake, '/videos'), 401);
      fake.failNext('list', { kind: 'non-json' });
      const html = await get(fake, '/videos');
      assert.equal(html.headers.get('content-type'), 'text/html');
      fake.failNext('list', { kind: 'invalid-json' });
      await assert.rejects((await get(fake, '/videos')).json());
      fake.failNext('list', { kind: 'missing-fields' });
      assert.deepEqual(await (await get(fake, '/videos')).json(), { object: 'video' });
      fake.failNext('list', { kind: 'drop' });
      await assert.rejects(get(fake, '/videos'));
      fake.failNext('list', { kind: 'hang' });
      await assert.rejects(fetch(`${fake.url}/videos`, { headers: AUTH, signal: AbortSignal.timeout(100) }));
      fake.failNext('create', { kind: 'status', status: 503 });
      fake.clearFaults();
      assert.equal((await postJson(fake, '/videos', { prompt: 'x' })).status, 200);
    });
  });

  it('a dropped create still creates the job (the submit-unknown case)', async () => {
    await withFake({}, async ({ fake }) => {
      fake.failNext('create', { kind: 'drop' });
      await assert.rejects(postJson(fake, '/videos', { prompt: 'x' }));
      assert.equal(fake.jobs.size, 1);
      assert.equal(fake.requestsTo('create')[0]?.status, undefined);
    });
  });

  it('sends openai-poll-after-ms when configured', async () => {
    await withFake({ pollAfterMs: 2000 }, async ({ fake }) => {
      const response = await postJson(fake, '/videos', { prompt: 'x' });
      assert.equal(response.headers.get('openai-poll-after-ms'), '2000');
      const id = String(((await response.json()) as { id: string }).id);
      assert.equal((await get(fake, `/videos/${id}`)).headers.get('openai-poll-after-ms'), '2000');
    });
  });

  it('serves the Azure v1 route under /openai/v1', async () => {
    await withFake({ basePath: '/openai/v1' }, async ({ fake }) => {
      assert.match(fake.url, /\/openai\/v1$/);
      assert.equal((await get(fake, '/videos')).status, 200);
      await expectError(await fetch(fake.url.replace('/openai/v1', '/v1/videos'), { headers: AUTH }), 404);
    });
  });

  it('starts from the shell and prints its URL as one JSON line', async () => {
    const script = join(__dirname, '..', '..', 'fakes', 'openaiVideosServer.ts');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, '--port', '0', '--steps', '1', '--fail-word', 'BOOM', '--key', 'sk-cli-1234567'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const headers = { authorization: 'Bearer sk-cli-1234567', 'content-type': 'application/json' };
      const created = await fetch(`${url}/videos`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ prompt: 'BOOM' }),
      });
      const { id } = (await created.json()) as { id: string };
      let status = '';
      for (let i = 0; i < 6 && status !== 'failed'; i += 1) {
        status = ((await (await fetch(`${url}/videos/${id}`, { headers })).json()) as { status: string }).status;
      }
      assert.equal(status, 'failed');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

describe('openai-compatible fake: what a server serves today', () => {
  it('answers the retired Sora 2 ids 404 model_not_found, serves its own model with its values, and lists it', async () => {
    await harness.withFake({}, async ({ fake }) => {
      const sora = await postJson(fake, '/videos', { prompt: 'x', model: 'sora-2' });
      assert.equal(sora.status, 404);
      assert.equal(((await sora.json()) as ErrorBody).error.code, 'model_not_found');
      const wan = await postJson(fake, '/videos', { prompt: 'x' });
      assert.equal(wan.status, 200);
      const video = (await wan.json()) as { model: string; seconds: string; size: string };
      assert.deepEqual([video.model, video.seconds, video.size], [SERVED_I2V_MODEL, '4', '1280x720']);
      const five = await postJson(fake, '/videos', {
        prompt: 'x',
        model: SERVED_I2V_MODEL,
        seconds: '5',
        size: '832x480',
      });
      assert.equal(five.status, 200);
      const badSize = await postJson(fake, '/videos', { prompt: 'x', model: SERVED_I2V_MODEL, size: '1792x1024' });
      assert.equal(badSize.status, 400);
      const models = await get(fake, '/models');
      assert.deepEqual(
        ((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id),
        [SERVED_I2V_MODEL],
      );
      assert.equal((await get(fake, '/models', {})).status, 401);
    });
  });
});

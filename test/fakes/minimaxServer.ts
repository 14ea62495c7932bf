/**
 * A loopback fake of MiniMax's video generation API (V1 Hailuo and V2 MiniMax-H3), strict to the contract in
 * docs/providers.md §11 (the official API reference and the official `mmx` CLI), so a client that passes here sends
 * what MiniMax takes.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * V1, as MiniMax answers it: HTTP 200 with `base_resp.status_code` telling the outcome — 1004 for a missing or wrong
 * key, 2013 for a bad parameter (unknown fields, a model's resolutions and durations, 10 s not at 1080P, a last
 * frame only on Hailuo-02, images as data URIs of JPEG/PNG/WebP under 20 MB with the short side over 300 px and an
 * aspect from 2:5 to 5:2, prompts ≤ 2000), 1026 for a flagged prompt; tasks `Queueing → Processing → Success | Fail`
 * advancing per status check, a numeric `file_id`, and `/v1/files/retrieve` handing out a download link that stops
 * working 9 hours after it was handed out (403), however often it is asked for again.
 * V2 (our reading: errors as HTTP status + `{"error": {type, message, code}}`, as the official CLI parses them):
 * `MiniMax-H3` only, `content` with a non-empty text ≤ 7000, image roles `first_frame | last_frame`, `resolution`
 * "2K", `duration` 4–15, `ratio`; `queued → running → succeeded | failed` with `task.content.url` (time-limited as
 * above); `DELETE` cancels a queued task and refuses a running one; tasks older than 7 days answer 404.
 *
 * Shell use (E2E): `node --import tsx test/fakes/minimaxServer.ts --port 0 [--key KEY] [--steps N]
 * [--running-steps N] [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT"}`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isRecord } from './body';
import { fakeControls, type FakeControls } from './controls';
import { jsonApiHandler } from './exchange';
import { faultQueue, invalidJsonReply, nonJsonReply, retryAfterHeaders, type TransportFault } from './faults';
import { jsonReplies, listen, textReply, type Reply } from './http';
import { readImageHeader } from './images';
import type { JsonRecordedRequest } from './recording';
import { parseFlags, runFromShell, sharedOptions, TEXT } from './shell';
import { hasTriggerWord } from './triggerWords';
import { videoReply, type VideoSource } from './video';

export type MiniMaxRoute =
  'create' | 'query' | 'file' | 'create-v2' | 'query-v2' | 'list-v2' | 'delete-v2' | 'download';

export type MiniMaxFault =
  /** V1 style: HTTP 200 with this `base_resp` (e.g. 1002 rate limit, 1008 balance). */
  | { readonly kind: 'base-resp'; readonly code: number; readonly message?: string }
  /** Any HTTP status with a V2 error body. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** 429 with a V2 error body and `Retry-After` when given. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  | TransportFault;

export interface MiniMaxFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  pollsPerStep: number;
  runningSteps: number;
  /** A prompt with this word ends in failure with 1027 (output flagged). Empty: never. */
  failWord: string;
  /** A prompt with this word is refused at create with 1026. Empty: never. */
  inputBlockWord: string;
  video: VideoSource;
  /** A download link stops working this long after it was handed out (MiniMax: 9 hours). */
  linkTtlMs: number;
  /** V2 tasks can be queried this long (7 days). */
  v2TaskTtlMs: number;
  now: () => number;
  maxBodyBytes: number;
}

export type MiniMaxRecordedRequest = JsonRecordedRequest<MiniMaxRoute | 'unknown'>;

export interface MiniMaxFakeTask {
  readonly id: string;
  readonly api: 'v1' | 'v2';
  readonly model: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly images: readonly { readonly role: string; readonly width: number; readonly height: number }[];
  readonly fileId: number;
  readonly createdAtMs: number;
  polls: number;
  willFail: boolean;
  cancelled?: boolean;
  terminal?: 'succeeded' | 'failed';
}

export interface MiniMaxFake extends FakeControls<MiniMaxRoute, MiniMaxFault, MiniMaxRecordedRequest> {
  /** The service root as MiniMax writes it (`https://api.minimax.io`). */
  readonly url: string;
  readonly options: MiniMaxFakeOptions;
  readonly tasks: Map<string, MiniMaxFakeTask>;
}

const MiB = 1024 * 1024;

interface V1Rule {
  readonly resolutions: readonly string[];
  readonly lastFrame: boolean;
}

export const MINIMAX_V1_RULES: Readonly<Record<string, V1Rule>> = {
  'MiniMax-Hailuo-2.3': { resolutions: ['768P', '1080P'], lastFrame: false },
  'MiniMax-Hailuo-2.3-Fast': { resolutions: ['768P', '1080P'], lastFrame: false },
  'MiniMax-Hailuo-02': { resolutions: ['512P', '768P', '1080P'], lastFrame: true },
};
const V1_FIELDS = [
  'model',
  'prompt',
  'first_frame_image',
  'last_frame_image',
  'duration',
  'resolution',
  'prompt_optimizer',
  'fast_pretreatment',
  'callback_url',
  'aigc_watermark',
];
const V2_FIELDS = ['model', 'content', 'resolution', 'duration', 'ratio', 'callback_url'];
const V2_RATIOS = ['adaptive', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16'];
const DATA_URI = /^data:(image\/(?:jpeg|jpg|png|webp));base64,([A-Za-z0-9+/]*={0,2})$/;

class V1Error {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}
class V2Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly message: string,
  ) {}
}

const json = jsonReplies('application/json; charset=utf-8');
const baseResp = (code: number, message: string) => ({ base_resp: { status_code: code, status_msg: message } });
const v2ErrorReply = (error: V2Error, headers: Record<string, string> = {}): Reply =>
  json(error.status, { error: { type: error.type, message: error.message } }, headers);

const DEFAULTS: MiniMaxFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'sk-api-minimax-fake-0123456789',
  pollsPerStep: 1,
  runningSteps: 2,
  failWord: 'MODERATION_BLOCK',
  inputBlockWord: 'INPUT_BLOCK',
  video: { bytes: 50_000 },
  linkTtlMs: 9 * 3600_000,
  v2TaskTtlMs: 7 * 24 * 3600_000,
  now: () => Date.now(),
  maxBodyBytes: 70 * MiB,
};

/** A data-URI image as MiniMax checks it; `fail` builds the API's error. */
function checkImage<E>(
  value: unknown,
  field: string,
  limits: { maxBytes: number; minShort: number },
  fail: (message: string) => E,
): { width: number; height: number } {
  if (typeof value !== 'string') throw fail(`${field} is required`);
  if (/^https?:\/\//i.test(value)) throw fail(`${field}: this fake cannot fetch image URLs; send a data URI`);
  const match = DATA_URI.exec(value);
  if (!match) throw fail(`${field} must be a URL or a data:image/...;base64 data URI of JPG, JPEG, PNG or WebP`);
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  if (bytes.length >= limits.maxBytes)
    throw fail(`${field}: the image must be smaller than ${limits.maxBytes / MiB}MB`);
  const header = readImageHeader(bytes);
  const declared = (match[1] ?? '').replace('jpg', 'jpeg');
  if (!header || header.type !== declared) throw fail(`${field}: the image cannot be read as ${declared}`);
  const short = Math.min(header.width, header.height);
  if (short < limits.minShort) throw fail(`${field}: the short side must be at least ${limits.minShort}px`);
  if (Math.max(header.width, header.height) / short > 2.5)
    throw fail(`${field}: the aspect ratio must be between 2:5 and 5:2`);
  return header;
}

export async function startMiniMaxFake(overrides: Partial<MiniMaxFakeOptions> = {}): Promise<MiniMaxFake> {
  const options: MiniMaxFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: MiniMaxRecordedRequest[] = [];
  const tasks = new Map<string, MiniMaxFakeTask>();
  const faults = faultQueue<MiniMaxRoute, MiniMaxFault>();
  let origin = '';

  function advance(task: MiniMaxFakeTask): 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' {
    if (task.cancelled) return 'cancelled';
    if (task.terminal) return task.terminal;
    const step = Math.floor(task.polls / Math.max(1, options.pollsPerStep));
    task.polls += 1;
    if (step === 0) return 'queued';
    if (step <= options.runningSteps) return 'running';
    task.terminal = task.willFail ? 'failed' : 'succeeded';
    return task.terminal;
  }

  /** A link signed for now + linkTtl: asking again gives a new one, an old one still dies on time. */
  function signedLink(task: MiniMaxFakeTask): string {
    const expires = options.now() + options.linkTtlMs;
    return `${origin}/mmfiles/${task.fileId}.mp4?Expires=${expires}&Signature=${randomBytes(9).toString('hex')}`;
  }

  function checkKey(headers: IncomingMessage['headers']): boolean {
    return /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1] === options.apiKey;
  }

  // ── V1 ──
  function createV1(body: unknown): Reply {
    if (!isRecord(body)) throw new V1Error(2013, 'invalid params, request body must be a JSON object');
    for (const key of Object.keys(body))
      if (!V1_FIELDS.includes(key)) throw new V1Error(2013, `invalid params, unknown field ${key}`);
    const model = typeof body.model === 'string' ? body.model : '';
    const rule = MINIMAX_V1_RULES[model];
    if (!rule) throw new V1Error(2013, `invalid params, model ${model || '(empty)'} is not supported`);
    const prompt = body.prompt ?? '';
    if (typeof prompt !== 'string' || prompt.length > 2000)
      throw new V1Error(2013, 'invalid params, prompt should be a string of at most 2000 characters');
    const duration = body.duration ?? 6;
    if (duration !== 6 && duration !== 10) throw new V1Error(2013, 'invalid params, duration must be 6 or 10');
    const resolution = body.resolution ?? '768P';
    if (typeof resolution !== 'string' || !rule.resolutions.includes(resolution))
      throw new V1Error(2013, `invalid params, resolution ${String(resolution)} is not supported by ${model}`);
    if (resolution === '1080P' && duration === 10)
      throw new V1Error(2013, 'invalid params, 10s videos are not supported at 1080P');
    if (body.prompt_optimizer !== undefined && typeof body.prompt_optimizer !== 'boolean')
      throw new V1Error(2013, 'invalid params, prompt_optimizer must be a boolean');
    const fail = (message: string) => new V1Error(2013, `invalid params, ${message}`);
    const limits = { maxBytes: 20 * MiB, minShort: 301 };
    const images = [{ role: 'first_frame', ...checkImage(body.first_frame_image, 'first_frame_image', limits, fail) }];
    if (body.last_frame_image !== undefined) {
      if (!rule.lastFrame) throw new V1Error(2013, `invalid params, last_frame_image is not supported by ${model}`);
      images.push({ role: 'last_frame', ...checkImage(body.last_frame_image, 'last_frame_image', limits, fail) });
    }
    if (hasTriggerWord(prompt, options.inputBlockWord))
      return json(200, { task_id: '', ...baseResp(1026, 'input new_sensitive') });
    const task = newTask('v1', model, body, images, prompt);
    return json(200, { task_id: task.id, ...baseResp(0, 'success') });
  }

  function queryV1(query: URLSearchParams): Reply {
    const task = tasks.get(query.get('task_id') ?? '');
    if (!task || task.api !== 'v1')
      return json(200, {
        task_id: query.get('task_id') ?? '',
        status: 'Unknown',
        ...baseResp(2013, 'invalid params, task not found'),
      });
    const state = advance(task);
    const status = {
      queued: 'Queueing',
      running: 'Processing',
      succeeded: 'Success',
      failed: 'Fail',
      cancelled: 'Fail',
    }[state];
    if (state === 'failed')
      return json(200, { task_id: task.id, status, file_id: '', ...baseResp(1027, 'output new_sensitive') });
    return json(200, {
      task_id: task.id,
      status,
      file_id: state === 'succeeded' ? task.fileId : '',
      ...(state === 'succeeded' ? { video_width: 1366, video_height: 768 } : {}),
      ...baseResp(0, 'success'),
    });
  }

  function retrieveFile(query: URLSearchParams): Reply {
    const id = Number(query.get('file_id'));
    const task = [...tasks.values()].find((t) => t.fileId === id && t.terminal === 'succeeded');
    if (!task) return json(200, baseResp(2013, 'invalid params, file not found'));
    return json(200, {
      file: {
        file_id: task.fileId,
        bytes: 0,
        created_at: Math.floor(task.createdAtMs / 1000),
        filename: 'output.mp4',
        purpose: 'video_generation',
        download_url: signedLink(task),
      },
      ...baseResp(0, 'success'),
    });
  }

  // ── V2 ──
  function createV2(body: unknown): Reply {
    const invalid = (message: string) => new V2Error(400, 'invalid_request_error', message);
    if (!isRecord(body)) throw invalid('request body must be a JSON object');
    for (const key of Object.keys(body)) if (!V2_FIELDS.includes(key)) throw invalid(`unknown field ${key}`);
    if (body.model !== 'MiniMax-H3')
      throw invalid(`model ${String(body.model)} is not supported; currently supported models: MiniMax-H3`);
    if (body.resolution !== '2K') throw invalid('resolution must be 2K');
    const duration = body.duration ?? 5;
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 4 || duration > 15)
      throw invalid('duration must be an integer from 4 to 15');
    if (body.ratio !== undefined && (typeof body.ratio !== 'string' || !V2_RATIOS.includes(body.ratio)))
      throw invalid(`ratio must be one of ${V2_RATIOS.join(', ')}`);
    if (!Array.isArray(body.content)) throw invalid('content is required');
    let text = '';
    const images: { role: string; width: number; height: number }[] = [];
    for (const item of body.content as unknown[]) {
      if (!isRecord(item)) throw invalid('content items must be objects');
      if (item.type === 'text') {
        if (typeof item.text !== 'string' || item.text.length > 7000)
          throw invalid('text must be a string of at most 7000 characters');
        text += item.text;
      } else if (item.type === 'image_url') {
        const role = item.role ?? 'first_frame';
        if (role !== 'first_frame' && role !== 'last_frame' && role !== 'reference_image')
          throw invalid(`unknown image role ${String(role)}`);
        if (images.some((i) => i.role === role) && role !== 'reference_image') throw invalid(`at most one ${role}`);
        const url = isRecord(item.image_url) ? item.image_url.url : undefined;
        images.push({ role, ...checkImage(url, `${role} image`, { maxBytes: 30 * MiB, minShort: 256 }, invalid) });
      } else {
        throw invalid(`content type ${String(item.type)} is not supported here`);
      }
    }
    if (!text.trim()) throw invalid('a non-empty text content item is required');
    if (hasTriggerWord(text, options.inputBlockWord))
      throw new V2Error(422, 'unprocessable_entity_error', 'input contains sensitive content (1026)');
    const task = newTask('v2', 'MiniMax-H3', body, images, text);
    return json(200, { task_id: task.id });
  }

  function v2Task(task: MiniMaxFakeTask): Record<string, unknown> {
    const status = advance(task);
    return {
      id: task.id,
      model: task.model,
      status,
      created_at: Math.floor(task.createdAtMs / 1000),
      resolution: '2K',
      duration: task.body.duration ?? 5,
      ...(status === 'succeeded' ? { content: { url: signedLink(task) } } : {}),
      ...(status === 'failed' ? { error: { code: '1027', message: 'output contains sensitive content' } } : {}),
    };
  }

  function findV2(id: string): MiniMaxFakeTask {
    const task = tasks.get(id);
    if (!task || task.api !== 'v2' || options.now() - task.createdAtMs > options.v2TaskTtlMs)
      throw new V2Error(404, 'not_found_error', `task ${id} not found`);
    return task;
  }

  function deleteV2(id: string): Reply {
    const task = findV2(id);
    const status = task.cancelled
      ? 'cancelled'
      : (task.terminal ?? (Math.floor(task.polls / Math.max(1, options.pollsPerStep)) === 0 ? 'queued' : 'running'));
    if (status === 'queued') {
      task.cancelled = true;
      return json(200, { task_id: id, action: 'cancel', status: 'cancelled' });
    }
    if (status === 'running' || status === 'cancelled')
      throw new V2Error(400, 'invalid_request_error', `task ${id} is ${status} and cannot be cancelled or deleted`);
    tasks.delete(id);
    return json(200, { task_id: id, action: 'delete', status: 'deleted' });
  }

  function newTask(
    api: 'v1' | 'v2',
    model: string,
    body: Record<string, unknown>,
    images: MiniMaxFakeTask['images'],
    prompt: string,
  ): MiniMaxFakeTask {
    const task: MiniMaxFakeTask = {
      id: String(BigInt(`0x${randomBytes(6).toString('hex')}`)),
      api,
      model,
      body,
      images,
      fileId: Number.parseInt(randomBytes(5).toString('hex'), 16),
      createdAtMs: options.now(),
      polls: 0,
      willFail: hasTriggerWord(prompt, options.failWord),
    };
    tasks.set(task.id, task);
    return task;
  }

  function download(fileId: string, query: URLSearchParams, headers: IncomingMessage['headers']): Reply {
    const forbidden = (message: string) =>
      textReply(
        403,
        'application/xml',
        `<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`,
      );
    if (headers.authorization !== undefined) return forbidden('a signed link must not carry an Authorization header');
    const task = [...tasks.values()].find((t) => String(t.fileId) === fileId && t.terminal === 'succeeded');
    if (!task) return forbidden('no such object');
    if (!(Number(query.get('Expires')) > options.now())) return forbidden('Request has expired');
    return videoReply(options.video, 'stream');
  }

  function routeOf(method: string, path: string): { route: MiniMaxRoute; id?: string } | undefined {
    const exact: Record<string, [string, MiniMaxRoute]> = {
      '/v1/video_generation': ['POST', 'create'],
      '/v1/query/video_generation': ['GET', 'query'],
      '/v1/files/retrieve': ['GET', 'file'],
      '/v2/video_generation': ['POST', 'create-v2'],
      '/v2/query/video_generation': ['GET', 'list-v2'],
    };
    const hit = exact[path];
    if (hit) return hit[0] === method ? { route: hit[1] } : undefined;
    const query = /^\/v2\/query\/video_generation\/([^/]+)$/.exec(path);
    if (query) return method === 'GET' ? { route: 'query-v2', id: decodeURIComponent(query[1] ?? '') } : undefined;
    const del = /^\/v2\/video_generation\/([^/]+)$/.exec(path);
    if (del) return method === 'DELETE' ? { route: 'delete-v2', id: decodeURIComponent(del[1] ?? '') } : undefined;
    const file = /^\/mmfiles\/(\d+)\.mp4$/.exec(path);
    if (file) return method === 'GET' ? { route: 'download', id: file[1] ?? '' } : undefined;
    return undefined;
  }

  function faultReply(fault: MiniMaxFault): Reply | undefined {
    switch (fault.kind) {
      case 'base-resp':
        return json(200, { task_id: '', ...baseResp(fault.code, fault.message ?? `injected ${fault.code}`) });
      case 'status':
        return v2ErrorReply(
          new V2Error(
            fault.status,
            fault.status >= 500 ? 'internal_error' : 'invalid_request_error',
            fault.message ?? `injected ${fault.status}`,
          ),
          { ...(fault.headers ?? {}) },
        );
      case 'rate-limit':
        return v2ErrorReply(
          new V2Error(429, 'rate_limit_error', 'rate limit exceeded'),
          retryAfterHeaders(fault.retryAfter),
        );
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"task_id":"');
      case 'missing-fields':
        return json(200, fault.body ?? baseResp(0, 'success'));
      default:
        return undefined;
    }
  }

  function reply(
    target: ReturnType<typeof routeOf>,
    req: IncomingMessage,
    url: URL,
    record: MiniMaxRecordedRequest,
  ): Reply {
    if (!target)
      return json(404, { error: { type: 'not_found_error', message: `${record.method} ${url.pathname} not found` } });
    if (target.route === 'download') return download(target.id ?? '', url.searchParams, req.headers);
    const v2 = target.route.endsWith('-v2');
    try {
      if (!checkKey(req.headers)) {
        if (v2) throw new V2Error(401, 'authentication_error', 'invalid api key');
        throw new V1Error(
          1004,
          "login fail: Please carry the API secret key in the 'Authorization' field of the request header",
        );
      }
      switch (target.route) {
        case 'create':
          return createV1(record.json);
        case 'query':
          return queryV1(url.searchParams);
        case 'file':
          return retrieveFile(url.searchParams);
        case 'create-v2':
          return createV2(record.json);
        case 'query-v2':
          return json(200, { task: v2Task(findV2(target.id ?? '')) });
        case 'list-v2':
          return json(200, {
            tasks: [...tasks.values()].filter((t) => t.api === 'v2').map((t) => ({ id: t.id, model: t.model })),
            has_more: false,
          });
        case 'delete-v2':
          return deleteV2(target.id ?? '');
      }
    } catch (error) {
      if (error instanceof V1Error) return json(200, { task_id: '', ...baseResp(error.code, error.message) });
      if (error instanceof V2Error) return v2ErrorReply(error);
      throw error;
    }
  }

  const handle = jsonApiHandler({
    routeOf,
    requests,
    faults,
    inject: faultReply,
    maxBodyBytes: options.maxBodyBytes,
    tooLarge: () =>
      v2ErrorReply(new V2Error(413, 'invalid_request_error', `request body over ${options.maxBodyBytes} bytes`)),
    work: ({ target, req, url, record }) => reply(target, req, url, record),
    responseHeaders: () => ({ 'trace-id': randomUUID() }),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    ...baseResp(1000, `fake server bug: ${String(error)}`),
  }));
  origin = server.origin;
  return { ...fakeControls(server, requests, faults), url: origin, options, tasks };
}

function shellOptions(argv: string[]): Partial<MiniMaxFakeOptions> {
  const values = parseFlags(argv, {
    key: TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'fail-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values);
}

if (require.main === module) runFromShell('minimaxServer', () => startMiniMaxFake(shellOptions(process.argv.slice(2))));

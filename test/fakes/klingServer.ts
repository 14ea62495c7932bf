/**
 * A loopback fake of Kling AI's image-to-video API, strict to the contract in docs/providers.md §10 (the official API
 * reference: create, query one task, query the list, error codes), so a client that passes here sends what Kling takes.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: `Authorization: Bearer <JWT>` verified like Kling does — HS256 signature with the secret key, `iss` = the
 * access key, `nbf` ≤ now < `exp` (401 with 1001 empty, 1002 malformed, 1000 wrong signature or issuer, 1003 not yet
 * valid, 1004 expired); the body `{model_name, image, image_tail, prompt, negative_prompt, cfg_scale, mode, duration,
 * sound}` with unknown fields refused; the model list (404 1203 for an unknown one); per model the modes, `image_tail`
 * (pro only), `sound` (2.6 only) and `cfg_scale` (1.x only); `duration` "5" | "10" as strings; images as bare base64
 * (a `data:` prefix is refused, as Kling's docs say) of JPEG/PNG, ≤ 10 MB, ≥ 300 px per side, aspect 1:2.5–2.5:1;
 * prompts ≤ 2500 characters; the lifecycle `submitted → processing → succeed | failed` advancing per status check; a
 * CDN link for `task_result.videos[0].url` that is gone 30 days after the task ended (404). Faults: 429 1302/1303
 * with Retry-After, 429 1102 (resource pack used up), any status with a Kling body, and the transport faults.
 * Stricter than Kling where its behaviour is unknown: image URLs are refused (the fake cannot fetch them).
 *
 * Shell use (E2E): `node --import tsx test/fakes/klingServer.ts --port 0 [--access-key AK] [--secret-key SK]
 * [--steps N] [--running-steps N] [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT"}`.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isRecord } from './body';
import { fakeControls, type FakeControls } from './controls';
import { jsonApiHandler } from './exchange';
import { faultQueue, invalidJsonReply, nonJsonReply, retryAfterHeaders, type TransportFault } from './faults';
import { jsonReplies, listen, type Reply } from './http';
import { readImageHeader } from './images';
import type { JsonRecordedRequest } from './recording';
import { parseFlags, runFromShell, sharedOptions, TEXT } from './shell';
import { hasTriggerWord } from './triggerWords';
import { videoReply, type VideoSource } from './video';

export type KlingRoute = 'create' | 'task' | 'list' | 'download';

export type KlingFault =
  /** Any status with a Kling body `{"code","message","request_id"}`. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly code: number;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** 429 with code 1302 (rate) unless told otherwise (1303 concurrency, 1102 resource pack), `Retry-After` when given. */
  | { readonly kind: 'rate-limit'; readonly code?: number; readonly retryAfter?: string; readonly message?: string }
  | TransportFault;

export interface KlingFakeOptions {
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
  pollsPerStep: number;
  runningSteps: number;
  /** A prompt with this word ends `failed` with a risk-control message. Empty: never. */
  failWord: string;
  failureMessage: string;
  /** A prompt with this word is refused at create: 400 1301. Empty: never. */
  inputBlockWord: string;
  video: VideoSource;
  /** The video link is gone this long after the task ended (Kling: 30 days). */
  retentionMs: number;
  now: () => number;
  maxBodyBytes: number;
}

export type KlingRecordedRequest = JsonRecordedRequest<KlingRoute | 'unknown'>;

export type KlingTaskStatus = 'submitted' | 'processing' | 'succeed' | 'failed';

export interface KlingFakeTask {
  readonly id: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly image: { readonly type: string; readonly width: number; readonly height: number };
  readonly tail?: { readonly type: string; readonly width: number; readonly height: number };
  readonly createdAtMs: number;
  polls: number;
  willFail: boolean;
  terminal?: { readonly status: 'succeed' | 'failed'; readonly atMs: number };
}

export interface KlingFake extends FakeControls<KlingRoute, KlingFault, KlingRecordedRequest> {
  /** The service root, as Kling's docs write it (`https://api-singapore.klingai.com`). */
  readonly url: string;
  readonly options: KlingFakeOptions;
  readonly tasks: Map<string, KlingFakeTask>;
}

const MB = 1_000_000;

interface ModelRule {
  readonly modes: readonly string[];
  /** Modes that take `image_tail`. */
  readonly tailModes: readonly string[];
  readonly sound: boolean;
  readonly cfgScale: boolean;
}

/** Our reading of Kling's capability map (docs/providers.md §10 marks it unconfirmed). */
export const KLING_MODEL_RULES: Readonly<Record<string, ModelRule>> = {
  'kling-v2-6': { modes: ['pro'], tailModes: ['pro'], sound: true, cfgScale: false },
  'kling-v2-5-turbo': { modes: ['std', 'pro'], tailModes: ['pro'], sound: false, cfgScale: false },
  'kling-v2-1': { modes: ['std', 'pro'], tailModes: ['pro'], sound: false, cfgScale: false },
  'kling-v1-6': { modes: ['std', 'pro'], tailModes: ['pro'], sound: false, cfgScale: true },
};

const FIELDS = [
  'model_name',
  'image',
  'image_tail',
  'prompt',
  'negative_prompt',
  'cfg_scale',
  'mode',
  'duration',
  'sound',
  'callback_url',
  'external_task_id',
];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

class ApiError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}

const invalid = (message: string): ApiError => new ApiError(400, 1201, message);
const json = jsonReplies();

function errorReply(error: ApiError, headers: Record<string, string> = {}): Reply {
  return json(error.status, { code: error.code, message: error.message, request_id: randomUUID() }, headers);
}

const DEFAULTS: KlingFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  accessKey: 'AKfake0123456789',
  secretKey: 'SKfake0123456789abcdef',
  pollsPerStep: 1,
  runningSteps: 2,
  failWord: 'MODERATION_BLOCK',
  failureMessage: 'Failure to pass the risk control system',
  inputBlockWord: 'INPUT_BLOCK',
  video: { bytes: 50_000 },
  retentionMs: 30 * 24 * 3600_000,
  now: () => Date.now(),
  maxBodyBytes: 40 * MB,
};

/** Verifies a Kling JWT the way the service does; the error names the code Kling answers with. */
function verifyToken(authorization: string | undefined, options: KlingFakeOptions): ApiError | undefined {
  if (!authorization) return new ApiError(401, 1001, 'Authorization is empty');
  const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
  const parts = token?.split('.');
  if (!token || parts?.length !== 3) return new ApiError(401, 1002, 'Authorization is invalid');
  const [head = '', body = '', signature = ''] = parts;
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return new ApiError(401, 1002, 'Authorization is invalid');
  }
  if (!isRecord(header) || header.alg !== 'HS256' || !isRecord(payload))
    return new ApiError(401, 1002, 'Authorization is invalid');
  const expected = createHmac('sha256', options.secretKey).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || payload.iss !== options.accessKey) {
    return new ApiError(401, 1000, 'Authentication failed');
  }
  const now = options.now() / 1000;
  if (typeof payload.nbf !== 'number' || payload.nbf > now)
    return new ApiError(401, 1003, 'Authorization is not yet valid');
  if (typeof payload.exp !== 'number' || payload.exp <= now)
    return new ApiError(401, 1004, 'Authorization has expired');
  return undefined;
}

function checkImage(value: unknown, field: string): { type: string; width: number; height: number } {
  if (typeof value !== 'string' || value === '') throw invalid(`${field} is required`);
  if (value.startsWith('data:'))
    throw invalid(`${field}: do not add a prefix such as data:image/png;base64 to the Base64 string`);
  if (/^https?:\/\//i.test(value)) throw invalid(`${field}: this fake cannot fetch image URLs; send Base64`);
  if (!BASE64.test(value) || value.length % 4 !== 0) throw invalid(`${field} is not valid Base64`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > 10 * MB) throw invalid(`${field}: the image file size cannot exceed 10MB`);
  const header = readImageHeader(bytes);
  if (!header || header.type === 'image/webp')
    throw invalid(`${field}: supported image formats are .jpg / .jpeg / .png`);
  if (Math.min(header.width, header.height) < 300)
    throw invalid(`${field}: width and height shall not be less than 300px`);
  if (Math.max(header.width, header.height) / Math.min(header.width, header.height) > 2.5)
    throw invalid(`${field}: the aspect ratio should be between 1:2.5 and 2.5:1`);
  return header;
}

export async function startKlingFake(overrides: Partial<KlingFakeOptions> = {}): Promise<KlingFake> {
  const options: KlingFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: KlingRecordedRequest[] = [];
  const tasks = new Map<string, KlingFakeTask>();
  const faults = faultQueue<KlingRoute, KlingFault>();
  let origin = '';

  function statusOf(task: KlingFakeTask): KlingTaskStatus {
    if (task.terminal) return task.terminal.status;
    const step = Math.floor(task.polls / Math.max(1, options.pollsPerStep));
    if (step === 0) return 'submitted';
    if (step <= options.runningSteps) return 'processing';
    task.terminal = { status: task.willFail ? 'failed' : 'succeed', atMs: options.now() };
    return task.terminal.status;
  }

  function taskJson(task: KlingFakeTask): Record<string, unknown> {
    const status = statusOf(task);
    return {
      task_id: task.id,
      task_status: status,
      task_status_msg: status === 'failed' ? options.failureMessage : '',
      task_info: {},
      created_at: task.createdAtMs,
      updated_at: task.terminal?.atMs ?? task.createdAtMs,
      ...(status === 'succeed'
        ? {
            task_result: {
              videos: [
                {
                  id: `v-${task.id}`,
                  url: `${origin}/kcdn/${task.id}/output.mp4`,
                  duration: String(task.body.duration ?? '5'),
                },
              ],
            },
          }
        : {}),
    };
  }

  function create(body: unknown): Reply {
    if (!isRecord(body)) throw invalid('The request body must be a JSON object');
    for (const key of Object.keys(body)) if (!FIELDS.includes(key)) throw invalid(`Unknown parameter: ${key}`);
    const model = body.model_name ?? 'kling-v1';
    const rule = typeof model === 'string' ? KLING_MODEL_RULES[model] : undefined;
    if (!rule) throw new ApiError(404, 1203, `model_name ${String(model)} is not supported`);
    const mode = body.mode ?? 'std';
    if (typeof mode !== 'string' || !rule.modes.includes(mode))
      throw invalid(`mode ${String(mode)} is not supported by ${String(model)}`);
    const duration = body.duration ?? '5';
    if (duration !== '5' && duration !== '10') throw invalid('duration must be "5" or "10"');
    for (const field of ['prompt', 'negative_prompt'] as const) {
      const text = body[field];
      if (text !== undefined && (typeof text !== 'string' || text.length > 2500))
        throw invalid(`${field} cannot exceed 2500 characters`);
    }
    if (body.cfg_scale !== undefined) {
      if (!rule.cfgScale) throw invalid(`cfg_scale is not supported by ${String(model)}`);
      if (typeof body.cfg_scale !== 'number' || body.cfg_scale < 0 || body.cfg_scale > 1)
        throw invalid('cfg_scale must be within [0, 1]');
    }
    if (body.sound !== undefined) {
      if (!rule.sound) throw invalid(`sound is not supported by ${String(model)}`);
      if (body.sound !== 'on' && body.sound !== 'off') throw invalid('sound must be "on" or "off"');
    }
    const image = checkImage(body.image, 'image');
    let tail: KlingFakeTask['tail'];
    if (body.image_tail !== undefined) {
      if (!rule.tailModes.includes(mode))
        throw invalid(`image_tail is not supported by ${String(model)} in ${mode} mode`);
      tail = checkImage(body.image_tail, 'image_tail');
    }
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    if (hasTriggerWord(prompt, options.inputBlockWord))
      throw new ApiError(400, 1301, 'The content you submitted has triggered the content security policy');
    const task: KlingFakeTask = {
      id: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
      body,
      image,
      ...(tail ? { tail } : {}),
      createdAtMs: options.now(),
      polls: 0,
      willFail: hasTriggerWord(prompt, options.failWord),
    };
    tasks.set(task.id, task);
    return json(200, {
      code: 0,
      message: 'SUCCEED',
      request_id: randomUUID(),
      data: {
        task_id: task.id,
        task_status: 'submitted',
        task_info: {},
        created_at: task.createdAtMs,
        updated_at: task.createdAtMs,
      },
    });
  }

  function task(id: string): Reply {
    const found = tasks.get(id);
    if (!found) throw new ApiError(404, 1203, `task ${id} not found`);
    const data = taskJson(found);
    found.polls += 1;
    return json(200, { code: 0, message: 'SUCCEED', request_id: randomUUID(), data });
  }

  function list(query: URLSearchParams): Reply {
    const pageNum = Number(query.get('pageNum') ?? '1');
    const pageSize = Number(query.get('pageSize') ?? '30');
    if (
      !Number.isInteger(pageNum) ||
      pageNum < 1 ||
      pageNum > 1000 ||
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > 500
    ) {
      throw invalid('pageNum must be within [1, 1000] and pageSize within [1, 500]');
    }
    const all = [...tasks.values()].reverse().slice((pageNum - 1) * pageSize, pageNum * pageSize);
    return json(200, { code: 0, message: 'SUCCEED', request_id: randomUUID(), data: all.map(taskJson) });
  }

  function download(id: string, headers: IncomingMessage['headers']): Reply {
    const found = tasks.get(id);
    // The CDN knows nothing of Kling's tokens; a request carrying one is a client leaking it.
    if (headers.authorization !== undefined) return json(400, { error: 'unexpected Authorization header' });
    if (!found || found.terminal?.status !== 'succeed' || options.now() - found.terminal.atMs > options.retentionMs) {
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Not Found') };
    }
    return videoReply(options.video, 'stream');
  }

  function routeOf(method: string, path: string): { route: KlingRoute; id?: string } | undefined {
    if (path === '/v1/videos/image2video') {
      if (method === 'POST') return { route: 'create' };
      return method === 'GET' ? { route: 'list' } : undefined;
    }
    const taskMatch = /^\/v1\/videos\/image2video\/([^/]+)$/.exec(path);
    if (taskMatch) return method === 'GET' ? { route: 'task', id: decodeURIComponent(taskMatch[1] ?? '') } : undefined;
    const cdn = /^\/kcdn\/([^/]+)\/output\.mp4$/.exec(path);
    if (cdn) return method === 'GET' ? { route: 'download', id: decodeURIComponent(cdn[1] ?? '') } : undefined;
    return undefined;
  }

  function faultReply(fault: KlingFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(new ApiError(fault.status, fault.code, fault.message ?? `Injected error ${fault.status}`), {
          ...(fault.headers ?? {}),
        });
      case 'rate-limit': {
        const code = fault.code ?? 1302;
        const message =
          fault.message ??
          (code === 1303
            ? 'parallel task over resource pack limit'
            : code === 1102
              ? 'resource pack exhausted'
              : 'request rate over limit');
        return errorReply(new ApiError(429, code, message), retryAfterHeaders(fault.retryAfter));
      }
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"code":0,"data":{"task_id":');
      case 'missing-fields':
        return json(200, fault.body ?? { code: 0, message: 'SUCCEED', request_id: randomUUID() });
      default:
        return undefined;
    }
  }

  function reply(
    target: ReturnType<typeof routeOf>,
    req: IncomingMessage,
    url: URL,
    record: KlingRecordedRequest,
  ): Reply {
    try {
      if (!target) throw new ApiError(404, 1202, `Invalid request method or path: ${record.method} ${url.pathname}`);
      if (target.route === 'download') return download(target.id ?? '', req.headers);
      const authError = verifyToken(req.headers.authorization, options);
      if (authError) throw authError;
      if (target.route === 'task') return task(target.id ?? '');
      if (target.route === 'list') return list(url.searchParams);
      if (!(record.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
        throw invalid('Content-Type must be application/json');
      if (record.json === undefined) throw invalid('The request body is not valid JSON');
      return create(record.json);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return errorReply(error);
    }
  }

  const handle = jsonApiHandler({
    routeOf,
    requests,
    faults,
    inject: faultReply,
    maxBodyBytes: options.maxBodyBytes,
    tooLarge: () => errorReply(invalid(`Request body too large; the limit is ${options.maxBodyBytes} bytes`)),
    work: ({ target, req, url, record }) => reply(target, req, url, record),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    code: 5000,
    message: `Fake server bug: ${String(error)}`,
    request_id: randomUUID(),
  }));
  origin = server.origin;
  return { ...fakeControls(server, requests, faults), url: origin, options, tasks };
}

function shellOptions(argv: string[]): Partial<KlingFakeOptions> {
  const values = parseFlags(argv, {
    'access-key': TEXT,
    'secret-key': TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'fail-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values, () => ({
    ...(values['access-key'] !== undefined ? { accessKey: values['access-key'] } : {}),
    ...(values['secret-key'] !== undefined ? { secretKey: values['secret-key'] } : {}),
  }));
}

if (require.main === module) runFromShell('klingServer', () => startKlingFake(shellOptions(process.argv.slice(2))));

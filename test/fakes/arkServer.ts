/**
 * A loopback fake of Ark's content generation tasks API (Seedance on BytePlus ModelArk / Volcengine Ark), strict to
 * the contract in docs/providers.md §12 (the official `volcenginesdkarkruntime` SDK; the rest marked unconfirmed
 * there), so a client that passes here sends what Ark takes.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: `Authorization: Bearer` (401 AuthenticationError); one region's model ids only (`region`: BytePlus ids or
 * Volcengine `doubao-` ids; others 404 InvalidEndpointOrModel.NotFound); the body fields of the SDK's `create` with
 * unknown ones refused; `content` of at most one text and images with role `first_frame` / `last_frame` (a last
 * frame only with a first, and only for models that take it) as data URIs of JPEG/PNG/WebP ≤ 10 MB; per model the
 * resolutions, `duration` range and `generate_audio`; `ratio` among Ark's values; `seed` in [-1, 2^32-1];
 * statuses `queued → running → succeeded | failed` advancing per status check; `content.video_url` that is refused
 * 24 h after the task ended (403); `DELETE` that cancels a queued task, refuses a running one (409) and deletes a
 * finished task's record (afterwards 404). Faults: any status with an Ark error body, 429 with Retry-After, and
 * the transport faults. Errors are `{"error": {code, message, param, type}}`.
 *
 * Shell use (E2E): `node --import tsx test/fakes/arkServer.ts --port 0 [--key KEY] [--region byteplus|volcengine]
 * [--steps N] [--running-steps N] [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT/api/v3"}`.
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

export type ArkRoute = 'create' | 'task' | 'list' | 'delete' | 'download';

export type ArkFault =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly code: string;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  | TransportFault;

export interface ArkFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  region: 'byteplus' | 'volcengine';
  pollsPerStep: number;
  runningSteps: number;
  /** A prompt with this word ends `failed` with OutputVideoSensitiveContentDetected. Empty: never. */
  failWord: string;
  /** A prompt with this word is refused at create: 400 InputTextSensitiveContentDetected. Empty: never. */
  inputBlockWord: string;
  video: VideoSource;
  /** The video link is refused this long after the task ended (24 h). */
  linkTtlMs: number;
  now: () => number;
  maxBodyBytes: number;
}

export type ArkRecordedRequest = JsonRecordedRequest<ArkRoute | 'unknown'>;

export interface ArkFakeTask {
  readonly id: string;
  readonly model: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly roles: readonly string[];
  readonly createdAtMs: number;
  polls: number;
  willFail: boolean;
  cancelled?: boolean;
  /** The status the last GET reported: what a DELETE is judged by. */
  reported?: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  terminal?: { readonly status: 'succeeded' | 'failed'; readonly atMs: number };
}

export interface ArkFake extends FakeControls<ArkRoute, ArkFault, ArkRecordedRequest> {
  /** The base URL including `/api/v3`, as Ark's docs write it. */
  readonly url: string;
  readonly options: ArkFakeOptions;
  readonly tasks: Map<string, ArkFakeTask>;
}

interface ModelRule {
  readonly resolutions: readonly string[];
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly lastFrame: boolean;
  readonly audio: boolean;
}

/** Rules per family; the region decides the id prefix (`doubao-` at Volcengine, as listed in docs/providers.md §12). */
const FAMILY_RULES: Readonly<Record<string, ModelRule & { readonly byteplus: string }>> = {
  'seedance-2-0-260128': {
    byteplus: 'dreamina-seedance-2-0-260128',
    resolutions: ['480p', '720p'],
    minSeconds: 4,
    maxSeconds: 15,
    lastFrame: true,
    audio: true,
  },
  'seedance-2-0-fast-260128': {
    byteplus: 'dreamina-seedance-2-0-fast-260128',
    resolutions: ['480p', '720p'],
    minSeconds: 4,
    maxSeconds: 15,
    lastFrame: true,
    audio: true,
  },
  'seedance-1-5-pro-251215': {
    byteplus: 'seedance-1-5-pro-251215',
    resolutions: ['480p', '720p', '1080p'],
    minSeconds: 4,
    maxSeconds: 12,
    lastFrame: true,
    audio: true,
  },
  'seedance-1-0-pro-250528': {
    byteplus: 'seedance-1-0-pro-250528',
    resolutions: ['480p', '720p', '1080p'],
    minSeconds: 2,
    maxSeconds: 12,
    lastFrame: true,
    audio: false,
  },
  'seedance-1-0-pro-fast-251015': {
    byteplus: 'seedance-1-0-pro-fast-251015',
    resolutions: ['480p', '720p', '1080p'],
    minSeconds: 2,
    maxSeconds: 12,
    lastFrame: false,
    audio: false,
  },
};

function ruleFor(model: string, region: ArkFakeOptions['region']): ModelRule | undefined {
  for (const [family, rule] of Object.entries(FAMILY_RULES)) {
    if ((region === 'byteplus' ? rule.byteplus : `doubao-${family}`) === model) return rule;
  }
  return undefined;
}

const FIELDS = [
  'model',
  'content',
  'callback_url',
  'return_last_frame',
  'service_tier',
  'execution_expires_after',
  'generate_audio',
  'draft',
  'camera_fixed',
  'watermark',
  'seed',
  'resolution',
  'ratio',
  'duration',
  'frames',
  'safety_identifier',
  'priority',
  'tools',
];
const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'];
const DATA_URI = /^data:image\/(jpeg|jpg|png|webp);base64,([A-Za-z0-9+/]*={0,2})$/;

class ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly param?: string,
  ) {}
}
const invalid = (message: string, param?: string): ApiError => new ApiError(400, 'InvalidParameter', message, param);
const json = jsonReplies();

function errorReply(error: ApiError, headers: Record<string, string> = {}): Reply {
  return json(
    error.status,
    {
      error: {
        code: error.code,
        message: `${error.message} Request id: ${randomUUID()}`,
        param: error.param ?? '',
        type: error.status === 401 ? 'Unauthorized' : 'BadRequest',
      },
    },
    headers,
  );
}

const DEFAULTS: ArkFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'ark-fake-0123456789abcdef',
  region: 'byteplus',
  pollsPerStep: 1,
  runningSteps: 2,
  failWord: 'MODERATION_BLOCK',
  inputBlockWord: 'INPUT_BLOCK',
  video: { bytes: 50_000 },
  linkTtlMs: 24 * 3600_000,
  now: () => Date.now(),
  maxBodyBytes: 64 * 1024 * 1024,
};

export async function startArkFake(overrides: Partial<ArkFakeOptions> = {}): Promise<ArkFake> {
  const options: ArkFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: ArkRecordedRequest[] = [];
  const tasks = new Map<string, ArkFakeTask>();
  const faults = faultQueue<ArkRoute, ArkFault>();
  let origin = '';

  function stateOf(task: ArkFakeTask, advance: boolean): 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' {
    if (task.cancelled) return 'cancelled';
    if (task.terminal) return task.terminal.status;
    const step = Math.floor(task.polls / Math.max(1, options.pollsPerStep));
    if (advance) task.polls += 1;
    if (step === 0) return 'queued';
    if (step <= options.runningSteps) return 'running';
    task.terminal = { status: task.willFail ? 'failed' : 'succeeded', atMs: options.now() };
    return task.terminal.status;
  }

  function taskJson(task: ArkFakeTask, advance: boolean): Record<string, unknown> {
    const status = stateOf(task, advance);
    if (advance) task.reported = status;
    return {
      id: task.id,
      model: task.model,
      status,
      created_at: Math.floor(task.createdAtMs / 1000),
      updated_at: Math.floor((task.terminal?.atMs ?? task.createdAtMs) / 1000),
      resolution: task.body.resolution ?? '720p',
      ratio: task.body.ratio ?? 'adaptive',
      duration: task.body.duration ?? 5,
      seed: typeof task.body.seed === 'number' ? task.body.seed : 12345,
      ...(status === 'succeeded'
        ? {
            content: { video_url: `${origin}/tos/${task.id}.mp4?X-Tos-Signature=${randomBytes(8).toString('hex')}` },
            usage: { completion_tokens: 108900, total_tokens: 108900 },
          }
        : {}),
      ...(status === 'failed'
        ? {
            error: {
              code: 'OutputVideoSensitiveContentDetected',
              message: 'The request failed because the output video may contain sensitive information.',
            },
          }
        : {}),
    };
  }

  function create(body: unknown): Reply {
    if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
    for (const key of Object.keys(body))
      if (!FIELDS.includes(key)) throw invalid(`The parameter \`${key}\` is not supported.`, key);
    const model = typeof body.model === 'string' ? body.model : '';
    const rule = ruleFor(model, options.region);
    if (!rule)
      throw new ApiError(
        404,
        'InvalidEndpointOrModel.NotFound',
        `The model or endpoint ${model} does not exist or you do not have access to it.`,
      );
    if (!Array.isArray(body.content) || body.content.length === 0)
      throw invalid('The parameter `content` is required.', 'content');
    let text = '';
    const roles: string[] = [];
    for (const item of body.content as unknown[]) {
      if (!isRecord(item)) throw invalid('Each content item must be an object.', 'content');
      if (item.type === 'text') {
        if (typeof item.text !== 'string' || text)
          throw invalid('At most one text content item is allowed.', 'content');
        text = item.text;
      } else if (item.type === 'image_url') {
        const role = item.role;
        if (role !== 'first_frame' && role !== 'last_frame')
          throw invalid(
            `The image role ${String(role)} is not supported here; use first_frame or last_frame.`,
            'content.role',
          );
        if (roles.includes(role)) throw invalid(`At most one ${role} image is allowed.`, 'content.role');
        const url = isRecord(item.image_url) ? item.image_url.url : undefined;
        if (typeof url !== 'string') throw invalid('image_url.url is required.', 'content.image_url');
        if (/^https?:\/\//.test(url))
          throw invalid('This fake cannot fetch image URLs; send a base64 data URI.', 'content.image_url');
        const match = DATA_URI.exec(url);
        if (!match) throw invalid('The image must be a URL or data:image/<format>;base64,<data>.', 'content.image_url');
        const bytes = Buffer.from(match[2] ?? '', 'base64');
        if (bytes.length > 10 * 1024 * 1024) throw invalid('The image exceeds the size limit.', 'content.image_url');
        if (!readImageHeader(bytes)) throw invalid('The image cannot be decoded.', 'content.image_url');
        roles.push(role);
      } else {
        throw invalid(`Content type ${String(item.type)} is not supported by this fake.`, 'content.type');
      }
    }
    if (roles.includes('last_frame') && !roles.includes('first_frame'))
      throw invalid('A last_frame image needs a first_frame image.', 'content.role');
    if (roles.includes('last_frame') && !rule.lastFrame)
      throw invalid(`The model ${model} does not support first and last frame generation.`, 'content.role');
    const resolution = body.resolution ?? '720p';
    if (typeof resolution !== 'string' || !rule.resolutions.includes(resolution))
      throw invalid(`The resolution ${String(resolution)} is not supported by ${model}.`, 'resolution');
    if (body.ratio !== undefined && (typeof body.ratio !== 'string' || !RATIOS.includes(body.ratio)))
      throw invalid(`The ratio ${String(body.ratio)} is not valid.`, 'ratio');
    const duration = body.duration ?? 5;
    if (
      typeof duration !== 'number' ||
      !Number.isInteger(duration) ||
      duration < rule.minSeconds ||
      duration > rule.maxSeconds
    ) {
      throw invalid(
        `The duration must be an integer in [${rule.minSeconds}, ${rule.maxSeconds}] for ${model}.`,
        'duration',
      );
    }
    if (body.generate_audio !== undefined && (typeof body.generate_audio !== 'boolean' || !rule.audio))
      throw invalid(`generate_audio is not supported by ${model}.`, 'generate_audio');
    if (
      body.seed !== undefined &&
      (typeof body.seed !== 'number' || !Number.isInteger(body.seed) || body.seed < -1 || body.seed > 4294967295)
    )
      throw invalid('The seed must be an integer in [-1, 4294967295].', 'seed');
    if (body.watermark !== undefined && typeof body.watermark !== 'boolean')
      throw invalid('watermark must be a boolean.', 'watermark');
    if (hasTriggerWord(text, options.inputBlockWord))
      throw new ApiError(
        400,
        'InputTextSensitiveContentDetected',
        'The request failed because the input text may contain sensitive information.',
      );
    const task: ArkFakeTask = {
      id: `cgt-${new Date(options.now()).toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`,
      model,
      body,
      roles,
      createdAtMs: options.now(),
      polls: 0,
      willFail: hasTriggerWord(text, options.failWord),
    };
    tasks.set(task.id, task);
    return json(200, { id: task.id });
  }

  function find(id: string): ArkFakeTask {
    const task = tasks.get(id);
    if (!task) throw new ApiError(404, 'ResourceNotFound', `The task ${id} does not exist.`);
    return task;
  }

  function remove(id: string): Reply {
    const task = find(id);
    const status = task.cancelled ? 'cancelled' : (task.reported ?? 'queued');
    if (status === 'queued') {
      task.cancelled = true;
      return json(200, {});
    }
    if (status === 'running' || status === 'cancelled')
      throw new ApiError(
        409,
        'OperationDenied.InvalidState',
        `The task ${id} is ${status} and cannot be cancelled or deleted.`,
      );
    tasks.delete(id);
    return json(200, {});
  }

  function list(query: URLSearchParams): Reply {
    const pageNum = Number(query.get('page_num') ?? '1');
    const pageSize = Number(query.get('page_size') ?? '10');
    if (!Number.isInteger(pageNum) || pageNum < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500)
      throw invalid('page_num or page_size is out of range.');
    const items = [...tasks.values()]
      .slice((pageNum - 1) * pageSize, pageNum * pageSize)
      .map((t) => taskJson(t, false));
    return json(200, { items, total: tasks.size });
  }

  function download(id: string, headers: IncomingMessage['headers']): Reply {
    const denied = (message: string) =>
      textReply(403, 'application/json', JSON.stringify({ Code: 'AccessDenied', Message: message }));
    if (headers.authorization !== undefined) return denied('A signed URL must not carry an Authorization header.');
    const task = tasks.get(id);
    if (!task || task.terminal?.status !== 'succeeded') return denied('The object does not exist.');
    if (options.now() - task.terminal.atMs > options.linkTtlMs) return denied('Request has expired.');
    return videoReply(options.video, 'stream');
  }

  function routeOf(method: string, path: string): { route: ArkRoute; id?: string } | undefined {
    if (path === '/api/v3/contents/generations/tasks') {
      if (method === 'POST') return { route: 'create' };
      return method === 'GET' ? { route: 'list' } : undefined;
    }
    const task = /^\/api\/v3\/contents\/generations\/tasks\/([^/]+)$/.exec(path);
    if (task) {
      const id = decodeURIComponent(task[1] ?? '');
      if (method === 'GET') return { route: 'task', id };
      return method === 'DELETE' ? { route: 'delete', id } : undefined;
    }
    const tos = /^\/tos\/([^/]+)\.mp4$/.exec(path);
    if (tos) return method === 'GET' ? { route: 'download', id: decodeURIComponent(tos[1] ?? '') } : undefined;
    return undefined;
  }

  function faultReply(fault: ArkFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(new ApiError(fault.status, fault.code, fault.message ?? `Injected ${fault.status}.`), {
          ...(fault.headers ?? {}),
        });
      case 'rate-limit':
        return errorReply(
          new ApiError(429, 'RateLimitExceeded.EndpointRPMExceeded', 'The request has exceeded the rate limit.'),
          retryAfterHeaders(fault.retryAfter),
        );
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"id":"cgt-');
      case 'missing-fields':
        return json(200, fault.body ?? {});
      default:
        return undefined;
    }
  }

  function reply(
    target: ReturnType<typeof routeOf>,
    req: IncomingMessage,
    url: URL,
    record: ArkRecordedRequest,
  ): Reply {
    try {
      if (!target) throw new ApiError(404, 'NotFound', `${record.method} ${url.pathname} not found.`);
      if (target.route === 'download') return download(target.id ?? '', req.headers);
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (bearer !== options.apiKey)
        throw new ApiError(401, 'AuthenticationError', 'The API key in the request is missing or invalid.');
      switch (target.route) {
        case 'task':
          return json(200, taskJson(find(target.id ?? ''), true));
        case 'list':
          return list(url.searchParams);
        case 'delete':
          return remove(target.id ?? '');
        case 'create':
          if (record.json === undefined) throw invalid('The request body is not valid JSON.');
          return create(record.json);
      }
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
    tooLarge: () => errorReply(invalid('The request body is too large.')),
    work: ({ target, req, url, record }) => reply(target, req, url, record),
    responseHeaders: () => ({ 'x-request-id': randomUUID() }),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    error: { code: 'InternalServiceError', message: `Fake server bug: ${String(error)}`, type: 'InternalServerError' },
  }));
  origin = server.origin;
  return { ...fakeControls(server, requests, faults), url: `${origin}/api/v3`, options, tasks };
}

function shellOptions(argv: string[]): Partial<ArkFakeOptions> {
  const values = parseFlags(argv, {
    key: TEXT,
    region: TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'fail-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values, () => {
    const region = values.region;
    if (region !== undefined && region !== 'byteplus' && region !== 'volcengine')
      throw new Error(`--region must be byteplus or volcengine, got "${region}"`);
    return region ? { region } : {};
  });
}

if (require.main === module) runFromShell('arkServer', () => startArkFake(shellOptions(process.argv.slice(2))));

/**
 * A loopback fake of Runway's image-to-video API (api.dev.runwayml.com) that enforces the contract in
 * docs/providers.md#7-runway--runway-api strictly (the model union of `@runwayml/sdk` 4.20.1).
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: `Authorization: Bearer` (401), `X-Runway-Version: 2024-11-06` on every API request (400 otherwise), the
 * body of `POST /v1/image_to_video` per model (fields outside the model's request type refused; `model` one of
 * gen4.5|gen4_turbo|veo3.1|veo3.1_fast|seedance2|seedance2_fast — gen3a_turbo and veo3 are gone from the union and
 * refused; per-model `ratio` and `duration` (gen4.5/gen4_turbo 2–10, gen4.5 requires it and `promptText`; veo3.1* 4|6|8;
 * seedance2* a number or "auto"); `promptText` ≤ 1000 UTF-16 units (seedance2* 3500); `promptImage` as an https URL,
 * a data URI of ≤ 5,000,000 characters whose declared type matches its bytes, or `[{uri, position}]` with unique
 * `first`/`last` positions — `last` only for veo3.1* and seedance2*, never a last frame alone; `seed`, `audio`,
 * `negativePrompt` only where the model's type has them), `GET /v1/organization` (credits, tier models), the task
 * lifecycle `PENDING (or THROTTLED) → RUNNING (progress rising) → SUCCEEDED |
 * FAILED` advancing per status check, `DELETE /v1/tasks/{id}` (running → CANCELLED, finished → deleted, 204), and a
 * signed output link on the same server. Optionally (`minPollIntervalMs`) status checks closer together than Runway
 * allows get 429. Error bodies are `{"error": "...", "issues"?: [{path, message}]}` (assumed; unconfirmed).
 * Stricter than the real API where its behaviour is unknown: "5 MB" is read as 5,000,000 characters of data URI.
 *
 * Shell use (E2E): `node --import tsx test/fakes/runwayServer.ts --port 0 [--key KEY] [--steps N]
 * [--running-steps N] [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT"}` on one line.
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

// ───────────────────────────── public types ─────────────────────────────

export type RunwayRoute = 'create' | 'task' | 'delete' | 'download' | 'organization';

export type RunwayFault =
  /** Any status with a Runway error body. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** 429 with `Retry-After` when given. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string; readonly message?: string }
  | TransportFault;

export interface RunwayFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  pollsPerStep: number;
  /** RUNNING steps between PENDING and the end. */
  runningSteps: number;
  /** The first step reports THROTTLED instead of PENDING. */
  throttleFirst: boolean;
  /** `progress` as a 0–1 fraction (the assumed real behaviour) or as a percentage. */
  progressScale: 'fraction' | 'percent';
  /** A prompt with this word ends FAILED with `failure`. Empty: never. */
  failWord: string;
  failure: { failure: string; failureCode: string };
  video: VideoSource;
  /** Status checks of one task closer together than this get 429 (0: not enforced). */
  minPollIntervalMs: number;
  now: () => number;
  maxBodyBytes: number;
  /** `GET /v1/organization`: credits left and the models of the key's tier. */
  creditBalance: number;
  tierModels: string[];
}

export type RecordedRequest = JsonRecordedRequest<RunwayRoute | 'unknown'>;

export interface FakeImage {
  readonly position: 'first' | 'last';
  readonly kind: 'data' | 'url';
  readonly type?: string;
  readonly width?: number;
  readonly height?: number;
}

export type RunwayTaskStatus = 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface FakeTask {
  readonly id: string;
  readonly model: string;
  readonly ratio: string;
  readonly duration: number;
  readonly promptText: string;
  readonly images: readonly FakeImage[];
  readonly seed?: number;
  readonly audio?: boolean;
  readonly negativePrompt?: string;
  readonly createdAtMs: number;
  readonly token: string;
  polls: number;
  lastPollMs?: number;
  willFail: boolean;
  cancelled: boolean;
  deleted: boolean;
  terminal?: 'SUCCEEDED' | 'FAILED';
}

export interface RunwayFake extends FakeControls<RunwayRoute, RunwayFault, RecordedRequest> {
  /** Base URL (the API paths start with `/v1`). */
  readonly url: string;
  readonly options: RunwayFakeOptions;
  readonly tasks: Map<string, FakeTask>;
  /** Status checks refused for coming too soon (with `minPollIntervalMs`). */
  readonly tooFastPolls: number;
}

// ───────────────────────────── contract constants ─────────────────────────────

export const RUNWAY_VERSION = '2024-11-06';
interface ModelRule {
  readonly ratios: readonly string[];
  /** Whole seconds accepted; `auto` also takes the string "auto". */
  readonly durations: readonly number[];
  readonly auto?: boolean;
  readonly durationRequired?: boolean;
  readonly promptRequired?: boolean;
  readonly maxPrompt: number;
  readonly lastFrame: boolean;
  /** Fields beyond model, promptImage, ratio, duration, promptText. */
  readonly fields: readonly string[];
  /** Credits per second in `estimatedCost` (the fake's own numbers). */
  readonly credits: number;
}

const GEN4_RATIOS = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'];
const VEO_RATIOS = ['1280:720', '720:1280', '1080:1920', '1920:1080'];
const SEEDANCE_FAST_RATIOS = [
  '992:432',
  '864:496',
  '752:560',
  '640:640',
  '560:752',
  '496:864',
  '1470:630',
  '1280:720',
  '1112:834',
  '960:960',
  '834:1112',
  '720:1280',
];
const TWO_TO_TEN = [2, 3, 4, 5, 6, 7, 8, 9, 10];
const UP_TO_FIFTEEN = Array.from({ length: 15 }, (_, i) => i + 1);

/** The image-to-video models of the SDK's union that the fake serves, with their request rules. */
export const RUNWAY_MODELS: Readonly<Record<string, ModelRule>> = {
  'gen4.5': {
    ratios: GEN4_RATIOS,
    durations: TWO_TO_TEN,
    durationRequired: true,
    promptRequired: true,
    maxPrompt: 1000,
    lastFrame: false,
    fields: ['seed', 'contentModeration'],
    credits: 12,
  },
  gen4_turbo: {
    ratios: GEN4_RATIOS,
    durations: TWO_TO_TEN,
    maxPrompt: 1000,
    lastFrame: false,
    fields: ['seed', 'contentModeration'],
    credits: 5,
  },
  'veo3.1': {
    ratios: VEO_RATIOS,
    durations: [4, 6, 8],
    maxPrompt: 1000,
    lastFrame: true,
    fields: ['seed', 'audio', 'negativePrompt'],
    credits: 40,
  },
  'veo3.1_fast': {
    ratios: VEO_RATIOS,
    durations: [4, 6, 8],
    maxPrompt: 1000,
    lastFrame: true,
    fields: ['seed', 'audio', 'negativePrompt'],
    credits: 15,
  },
  seedance2: {
    ratios: [...SEEDANCE_FAST_RATIOS, '2206:946', '1920:1080', '1664:1248', '1440:1440', '1248:1664', '1080:1920'],
    durations: UP_TO_FIFTEEN,
    auto: true,
    maxPrompt: 3500,
    lastFrame: true,
    fields: ['seed', 'audio', 'referenceAudio'],
    credits: 30,
  },
  seedance2_fast: {
    ratios: SEEDANCE_FAST_RATIOS,
    durations: UP_TO_FIFTEEN,
    auto: true,
    maxPrompt: 3500,
    lastFrame: true,
    fields: ['seed', 'audio', 'referenceAudio'],
    credits: 15,
  },
};
/** Ratios per model, for tests that walk them. */
export const RUNWAY_MODEL_RATIOS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(RUNWAY_MODELS).map(([id, rule]) => [id, rule.ratios]),
);
const BASE_FIELDS = ['model', 'promptImage', 'ratio', 'duration', 'promptText'];
const MAX_DATA_URI = 5_000_000;
const DATA_URI = /^data:(image\/(?:png|jpeg|jpg|webp));base64,([A-Za-z0-9+/]*={0,2})$/;

// ───────────────────────────── replies ─────────────────────────────

class ApiError {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly issues?: { path: (string | number)[]; message: string }[],
  ) {}
}

const invalid = (path: (string | number)[], message: string): ApiError =>
  new ApiError(400, 'Validation of body failed', [{ path, message }]);

const json = jsonReplies('application/json; charset=utf-8');

function errorReply(error: ApiError, headers: Record<string, string> = {}): Reply {
  return json(error.status, { error: error.message, ...(error.issues ? { issues: error.issues } : {}) }, headers);
}

// ───────────────────────────── the server ─────────────────────────────

const DEFAULTS: RunwayFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'key_fake_runway_0123456789abcdef',
  pollsPerStep: 1,
  runningSteps: 3,
  throttleFirst: false,
  progressScale: 'fraction',
  failWord: 'MODERATION_BLOCK',
  failure: { failure: 'Your input did not pass our content moderation.', failureCode: 'SAFETY.INPUT.TEXT' },
  video: { bytes: 50_000 },
  minPollIntervalMs: 0,
  now: () => Date.now(),
  maxBodyBytes: 30_000_000,
  creditBalance: 1000,
  tierModels: Object.keys(RUNWAY_MODELS),
};

export async function startRunwayFake(overrides: Partial<RunwayFakeOptions> = {}): Promise<RunwayFake> {
  const options: RunwayFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: RecordedRequest[] = [];
  const tasks = new Map<string, FakeTask>();
  const faults = faultQueue<RunwayRoute, RunwayFault>();
  let origin = '';
  let tooFastPolls = 0;

  function checkHeaders(headers: IncomingMessage['headers']): ApiError | undefined {
    const bearer = /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? ''))?.[1]?.trim();
    if (!bearer) return new ApiError(401, 'Missing API secret: send it as "Authorization: Bearer <secret>".');
    if (bearer !== options.apiKey) return new ApiError(401, 'Invalid API secret.');
    if (headers['x-runway-version'] !== RUNWAY_VERSION) {
      return new ApiError(
        400,
        `Missing or invalid X-Runway-Version header (got ${JSON.stringify(headers['x-runway-version'] ?? null)}). Supported versions: ${RUNWAY_VERSION}.`,
      );
    }
    return undefined;
  }

  // ── create ──
  function checkUri(uri: unknown, path: (string | number)[]): Omit<FakeImage, 'position'> {
    if (typeof uri !== 'string' || uri === '')
      throw invalid(path, 'Expected a non-empty string (an https URL or a data URI).');
    if (uri.startsWith('https://')) return { kind: 'url' };
    if (!uri.startsWith('data:')) throw invalid(path, 'Expected an https URL or a data URI.');
    if (uri.length > MAX_DATA_URI)
      throw invalid(path, `Data URIs may be at most 5MB; this one is ${uri.length} characters.`);
    const match = DATA_URI.exec(uri);
    if (!match) throw invalid(path, 'Invalid data URI: expected data:image/png|jpeg|webp;base64,<data>.');
    const payload = match[2] ?? '';
    if (payload.length % 4 !== 0) throw invalid(path, 'Invalid base64 data in the data URI.');
    const header = readImageHeader(Buffer.from(payload, 'base64'));
    const declared = match[1] === 'image/jpg' ? 'image/jpeg' : match[1];
    if (!header) throw invalid(path, 'The image could not be read.');
    if (header.type !== declared) throw invalid(path, `The data URI says ${declared} but the image is ${header.type}.`);
    return { kind: 'data', type: header.type, width: header.width, height: header.height };
  }

  function create(body: unknown): Reply {
    if (!isRecord(body)) throw invalid([], 'Expected an object.');
    const model = body.model;
    const rule = typeof model === 'string' ? RUNWAY_MODELS[model] : undefined;
    if (typeof model !== 'string' || !rule)
      throw invalid(
        ['model'],
        `Invalid enum value. Expected ${Object.keys(RUNWAY_MODELS)
          .map((m) => `'${m}'`)
          .join(' | ')}, received '${String(model)}'`,
      );
    for (const key of Object.keys(body))
      if (!BASE_FIELDS.includes(key) && !rule.fields.includes(key)) throw invalid([key], `Unrecognized key: "${key}"`);

    const images: FakeImage[] = [];
    const promptImage = body.promptImage;
    if (typeof promptImage === 'string') {
      images.push({ position: 'first', ...checkUri(promptImage, ['promptImage']) });
    } else if (Array.isArray(promptImage)) {
      if (promptImage.length < 1 || promptImage.length > 2)
        throw invalid(['promptImage'], 'Expected one or two images.');
      promptImage.forEach((item: unknown, i) => {
        if (!isRecord(item)) throw invalid(['promptImage', i], 'Expected an object with uri and position.');
        for (const key of Object.keys(item))
          if (key !== 'uri' && key !== 'position') throw invalid(['promptImage', i, key], `Unrecognized key: "${key}"`);
        const position = item.position;
        if (position !== 'first' && position !== 'last')
          throw invalid(['promptImage', i, 'position'], "Invalid enum value. Expected 'first' | 'last'.");
        if (position === 'last' && !rule.lastFrame)
          throw invalid(['promptImage', i, 'position'], `${model} accepts only a 'first' image.`);
        if (images.some((image) => image.position === position))
          throw invalid(['promptImage', i, 'position'], `Duplicate position '${position}'.`);
        images.push({ position, ...checkUri(item.uri, ['promptImage', i, 'uri']) });
      });
      if (!images.some((image) => image.position === 'first'))
        throw invalid(['promptImage'], `${model} does not support generating with only a last frame.`);
    } else {
      throw invalid(['promptImage'], 'Required: a string or an array of {uri, position}.');
    }

    const ratio = body.ratio;
    if (typeof ratio !== 'string' || !rule.ratios.includes(ratio)) {
      throw invalid(
        ['ratio'],
        `Invalid enum value. Expected ${rule.ratios.map((r) => `'${r}'`).join(' | ')}, received '${String(ratio)}'`,
      );
    }
    if (body.duration === undefined && rule.durationRequired) throw invalid(['duration'], 'Required');
    const duration = body.duration ?? rule.durations[rule.durations.length - 1];
    const durationOk =
      (typeof duration === 'number' && rule.durations.includes(duration)) ||
      (rule.auto === true && duration === 'auto');
    if (!durationOk)
      throw invalid(
        ['duration'],
        `Invalid duration for ${model}: expected one of ${rule.durations.join(', ')}${rule.auto ? ' or "auto"' : ''}, received ${JSON.stringify(duration)}`,
      );
    const promptText = body.promptText ?? '';
    if (typeof promptText !== 'string') throw invalid(['promptText'], 'Expected a string.');
    if (rule.promptRequired && promptText.trim() === '') throw invalid(['promptText'], 'Required');
    if (promptText.length > rule.maxPrompt)
      throw invalid(['promptText'], `String must contain at most ${rule.maxPrompt} character(s)`);
    const seed = body.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 4294967295)) {
      throw invalid(['seed'], 'Expected an integer from 0 to 4294967295.');
    }
    if (body.audio !== undefined && typeof body.audio !== 'boolean') throw invalid(['audio'], 'Expected a boolean.');
    if (body.negativePrompt !== undefined && typeof body.negativePrompt !== 'string')
      throw invalid(['negativePrompt'], 'Expected a string.');
    const moderation = body.contentModeration;
    if (
      moderation !== undefined &&
      (!isRecord(moderation) ||
        !['auto', 'low', undefined].includes(moderation.publicFigureThreshold as string | undefined))
    ) {
      throw invalid(['contentModeration'], "Expected {publicFigureThreshold?: 'auto' | 'low'}.");
    }
    const seconds = typeof duration === 'number' ? duration : (rule.durations[rule.durations.length - 1] ?? 10);

    const task: FakeTask = {
      id: randomUUID(),
      model,
      ratio,
      duration: seconds,
      promptText,
      images,
      ...(typeof seed === 'number' ? { seed } : {}),
      ...(typeof body.audio === 'boolean' ? { audio: body.audio } : {}),
      ...(typeof body.negativePrompt === 'string' ? { negativePrompt: body.negativePrompt } : {}),
      createdAtMs: options.now(),
      token: randomBytes(12).toString('hex'),
      polls: 0,
      willFail: hasTriggerWord(promptText, options.failWord),
      cancelled: false,
      deleted: false,
    };
    tasks.set(task.id, task);
    return json(200, { id: task.id, estimatedCost: { credits: rule.credits * seconds } });
  }

  // ── tasks ──
  function statusOf(task: FakeTask): RunwayTaskStatus {
    if (task.cancelled) return 'CANCELLED';
    if (task.terminal) return task.terminal;
    const step = Math.floor(task.polls / Math.max(1, options.pollsPerStep));
    if (step === 0) return options.throttleFirst ? 'THROTTLED' : 'PENDING';
    if (step <= options.runningSteps) return 'RUNNING';
    task.terminal = task.willFail ? 'FAILED' : 'SUCCEEDED';
    return task.terminal;
  }

  function taskJson(task: FakeTask): Record<string, unknown> {
    const status = statusOf(task);
    const out: Record<string, unknown> = { id: task.id, status, createdAt: new Date(task.createdAtMs).toISOString() };
    if (status === 'RUNNING') {
      const fraction = Math.floor(task.polls / Math.max(1, options.pollsPerStep)) / (options.runningSteps + 1);
      out.progress = options.progressScale === 'percent' ? Math.round(fraction * 100) : Number(fraction.toFixed(3));
    }
    if (status === 'SUCCEEDED') out.output = [`${origin}/outputs/${task.id}.mp4?_jwt=${task.token}`];
    if (status === 'FAILED') Object.assign(out, options.failure);
    return out;
  }

  function findTask(id: string): FakeTask {
    const task = tasks.get(id);
    if (!task || task.deleted) throw new ApiError(404, 'Task not found.');
    return task;
  }

  function getTask(id: string): Reply {
    const task = findTask(id);
    const now = options.now();
    if (
      options.minPollIntervalMs > 0 &&
      task.lastPollMs !== undefined &&
      now - task.lastPollMs < options.minPollIntervalMs
    ) {
      tooFastPolls += 1;
      throw new ApiError(
        429,
        `Too many requests: do not poll a task more often than every ${options.minPollIntervalMs / 1000} s.`,
      );
    }
    task.lastPollMs = now;
    const body = taskJson(task);
    task.polls += 1;
    return json(200, body);
  }

  function deleteTask(id: string): Reply {
    const task = findTask(id);
    const status = statusOf(task);
    if (status === 'PENDING' || status === 'THROTTLED' || status === 'RUNNING') task.cancelled = true;
    else task.deleted = true;
    return { status: 204, headers: {} };
  }

  function download(id: string, query: URLSearchParams): Reply {
    const task = tasks.get(id);
    if (!task || task.terminal !== 'SUCCEEDED' || query.get('_jwt') !== task.token) {
      return textReply(
        403,
        'application/xml',
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      );
    }
    return videoReply(options.video, 'whole');
  }

  // ── dispatch ──
  function routeOf(method: string, path: string): { route: RunwayRoute; id?: string } | undefined {
    if (path === '/v1/image_to_video') return method === 'POST' ? { route: 'create' } : undefined;
    if (path === '/v1/organization') return method === 'GET' ? { route: 'organization' } : undefined;
    const task = /^\/v1\/tasks\/([^/]+)$/.exec(path);
    if (task) {
      const id = decodeURIComponent(task[1] ?? '');
      if (method === 'GET') return { route: 'task', id };
      if (method === 'DELETE') return { route: 'delete', id };
      return undefined;
    }
    const output = /^\/outputs\/([^/]+)\.mp4$/.exec(path);
    if (output) return method === 'GET' ? { route: 'download', id: decodeURIComponent(output[1] ?? '') } : undefined;
    return undefined;
  }

  function faultReply(fault: RunwayFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(new ApiError(fault.status, fault.message ?? `Injected error ${fault.status}.`), {
          ...(fault.headers ?? {}),
        });
      case 'rate-limit':
        return errorReply(
          new ApiError(429, fault.message ?? 'You have exceeded the rate limit or your concurrency limit.'),
          retryAfterHeaders(fault.retryAfter),
        );
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"id": "');
      case 'missing-fields':
        return json(200, fault.body ?? { ok: true });
      default:
        return undefined;
    }
  }

  /** The real answer to a request: a Runway error body unless everything checks out. */
  function reply(target: ReturnType<typeof routeOf>, req: IncomingMessage, url: URL, record: RecordedRequest): Reply {
    try {
      if (!target) throw new ApiError(404, `Not found: ${record.method} ${url.pathname}`);
      if (target.route === 'download') return download(target.id ?? '', url.searchParams);
      const headerError = checkHeaders(req.headers);
      if (headerError) throw headerError;
      if (target.route === 'task') return getTask(target.id ?? '');
      if (target.route === 'delete') return deleteTask(target.id ?? '');
      if (target.route === 'organization') {
        const limits = { maxConcurrentGenerations: 2, maxDailyGenerations: 50 };
        return json(200, {
          creditBalance: options.creditBalance,
          tier: {
            maxMonthlyCreditSpend: 10_000,
            models: Object.fromEntries(options.tierModels.map((m) => [m, limits])),
          },
          usage: { models: {} },
        });
      }
      if (!(record.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
        throw new ApiError(400, 'Content-Type must be application/json.');
      if (record.json === undefined) throw new ApiError(400, 'The request body is not valid JSON.');
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
    tooLarge: () =>
      errorReply(new ApiError(413, `Request body too large; the limit is ${options.maxBodyBytes} bytes.`)),
    work: ({ target, req, url, record }) => reply(target, req, url, record),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    error: `Fake server bug: ${String(error)}`,
  }));
  origin = server.origin;

  return {
    ...fakeControls(server, requests, faults),
    url: origin,
    options,
    tasks,
    get tooFastPolls() {
      return tooFastPolls;
    },
  };
}

// ───────────────────────────── shell entry ─────────────────────────────

function shellOptions(argv: string[]): Partial<RunwayFakeOptions> {
  const values = parseFlags(argv, {
    key: TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'fail-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values);
}

if (require.main === module) runFromShell('runwayServer', () => startRunwayFake(shellOptions(process.argv.slice(2))));

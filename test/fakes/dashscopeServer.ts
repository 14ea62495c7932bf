/**
 * A loopback fake of Alibaba Cloud DashScope's Wan image-to-video API that enforces the contract in
 * docs/providers.md#5-dashscope--alibaba-cloud-model-studio-wan-image-to-video strictly, so a client that passes here
 * sends what the real API accepts.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: `Authorization: Bearer` (401 InvalidApiKey), `X-DashScope-Async: enable` on create (403 AccessDenied
 * "current user api does not support synchronous calls"), JSON body shape with unknown fields rejected, the model list
 * (404 ModelNotFound), per-model `resolution` tiers and `duration` values, the model's image protocol — `input.img_url`
 * (wan2.6 and earlier), `input.media[]` with one `first_frame` and at most one `last_frame` (wan2.7), or
 * `input.first_frame_url` + `input.last_frame_url` (kf2v) — each image a base64 data URI whose declared type matches
 * the bytes (JPEG/PNG without alpha/BMP/WebP), decoded size ≤ 10 MB and sides in [360, 2000] px for every model,
 * prompt and negative prompt lengths (longer prompts are truncated, as the API does), `audio` only where the model
 * has the switch, the task lifecycle `PENDING → RUNNING → SUCCEEDED | FAILED` advancing per status check, `UNKNOWN`
 * for unknown or expired tasks, `POST /tasks/{id}/cancel` (a PENDING task only; its error for another state is our
 * assumption), and a signed download link on the same server that refuses an `Authorization` header (like OSS).
 * Stricter than the real API where its behaviour is unknown: http(s)/oss image URLs are refused (the fake cannot
 * fetch them), unknown `input`/`parameters` fields are refused, and "MB" is read as 1,000,000 bytes.
 *
 * Shell use (E2E): `node --import tsx test/fakes/dashscopeServer.ts --port 0 [--key KEY] [--steps N]
 * [--running-steps N] [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT/api/v1"}` on one line.
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

export type DashScopeRoute = 'create' | 'task' | 'cancel' | 'download';

export type DashScopeFault =
  /** Any status with a DashScope error body `{"code","message","request_id"}`. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly code?: string;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** 429 Throttling, with `Retry-After` when given. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string; readonly code?: string; readonly message?: string }
  /** `missing-fields` answers `{"request_id":"…"}` unless told otherwise. */
  | TransportFault;

export interface DashScopeFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  /** Status checks per lifecycle step. */
  pollsPerStep: number;
  /** RUNNING steps between PENDING and the end. */
  runningSteps: number;
  /** A prompt with this word (case-insensitive) ends FAILED with `failure` (output moderation). Empty: never. */
  failWord: string;
  failure: { code: string; message: string };
  /** A prompt with this word is refused at create: 400 DataInspectionFailed (input moderation). Empty: never. */
  inputBlockWord: string;
  video: VideoSource;
  /** Tasks are UNKNOWN this long after creation (24 h). */
  taskTtlMs: number;
  /** The download link expires this long after the task succeeded (24 h). */
  linkTtlMs: number;
  now: () => number;
  maxBodyBytes: number;
}

export type RecordedRequest = JsonRecordedRequest<DashScopeRoute | 'unknown'>;

export type DashScopeTaskStatus = 'PENDING' | 'RUNNING' | 'SUSPENDED' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'UNKNOWN';

export interface FakeImage {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface FakeTask {
  readonly id: string;
  readonly model: string;
  readonly resolution: string;
  readonly duration: number;
  readonly prompt: string;
  readonly promptTruncated: boolean;
  readonly promptExtend: boolean;
  readonly image: FakeImage;
  readonly lastFrame?: FakeImage;
  readonly negativePrompt?: string;
  readonly seed?: number;
  readonly audio?: boolean;
  readonly createdAtMs: number;
  readonly signature: string;
  polls: number;
  willFail: boolean;
  /** Test hook: report this status from now on (e.g. `CANCELED`). */
  forceStatus?: DashScopeTaskStatus;
  terminal?: { readonly status: 'SUCCEEDED' | 'FAILED'; readonly atMs: number };
}

export interface DashScopeFake extends FakeControls<DashScopeRoute, DashScopeFault, RecordedRequest> {
  /** Base URL including `/api/v1`. */
  readonly url: string;
  readonly options: DashScopeFakeOptions;
  readonly tasks: Map<string, FakeTask>;
}

// ───────────────────────────── contract constants ─────────────────────────────

const MB = 1_000_000;

interface ModelRule {
  /** How the image(s) come: `img_url`, `media[]` (wan2.7) or first/last frame URLs (kf2v). */
  readonly protocol: 'img_url' | 'media' | 'kf2v';
  readonly tiers: readonly string[];
  readonly defaultTier: string;
  /** Allowed `duration` values (a fixed-length model: only its length). */
  readonly durations: readonly number[];
  readonly maxPrompt: number;
  readonly maxImageBytes: number;
  readonly audio: boolean;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const TEN_MB = 10 * MB;
export const WAN_MODEL_RULES: Readonly<Record<string, ModelRule>> = {
  'wan2.7-i2v': {
    protocol: 'media',
    tiers: ['720P', '1080P'],
    defaultTier: '1080P',
    durations: range(2, 15),
    maxPrompt: 800,
    maxImageBytes: TEN_MB,
    audio: false,
  },
  'wan2.2-i2v-flash': {
    protocol: 'img_url',
    tiers: ['480P', '720P', '1080P'],
    defaultTier: '720P',
    durations: [5],
    maxPrompt: 800,
    maxImageBytes: TEN_MB,
    audio: false,
  },
  'wan2.2-i2v-plus': {
    protocol: 'img_url',
    tiers: ['480P', '1080P'],
    defaultTier: '1080P',
    durations: [5],
    maxPrompt: 800,
    maxImageBytes: TEN_MB,
    audio: false,
  },
  'wanx2.1-i2v-turbo': {
    protocol: 'img_url',
    tiers: ['480P', '720P'],
    defaultTier: '720P',
    durations: [3, 4, 5],
    maxPrompt: 800,
    maxImageBytes: TEN_MB,
    audio: false,
  },
  'wanx2.1-i2v-plus': {
    protocol: 'img_url',
    tiers: ['720P'],
    defaultTier: '720P',
    durations: [5],
    maxPrompt: 800,
    maxImageBytes: TEN_MB,
    audio: false,
  },
  'wan2.5-i2v-preview': {
    protocol: 'img_url',
    tiers: ['480P', '720P', '1080P'],
    defaultTier: '1080P',
    durations: [5, 10],
    maxPrompt: 1500,
    maxImageBytes: TEN_MB,
    audio: true,
  },
  'wan2.6-i2v': {
    protocol: 'img_url',
    tiers: ['720P', '1080P'],
    defaultTier: '1080P',
    durations: range(2, 15),
    maxPrompt: 1500,
    maxImageBytes: TEN_MB,
    audio: true,
  },
  'wan2.6-i2v-flash': {
    protocol: 'img_url',
    tiers: ['720P', '1080P'],
    defaultTier: '1080P',
    durations: range(2, 15),
    maxPrompt: 1500,
    maxImageBytes: TEN_MB,
    audio: true,
  },
  'wanx2.1-kf2v-plus': {
    protocol: 'kf2v',
    tiers: ['720P'],
    defaultTier: '720P',
    durations: [5],
    maxPrompt: 800,
    maxImageBytes: TEN_MB,
    audio: false,
  },
};

const INPUT_FIELDS: Readonly<Record<ModelRule['protocol'], readonly string[]>> = {
  img_url: ['prompt', 'negative_prompt', 'img_url', 'audio_url', 'template'],
  media: ['prompt', 'negative_prompt', 'media'],
  kf2v: ['prompt', 'first_frame_url', 'last_frame_url', 'template'],
};
const MEDIA_TYPES = ['first_frame', 'last_frame', 'driving_audio', 'first_clip'];
const MIN_SIDE = 360;
const MAX_SIDE = 2000;
const PARAMETER_FIELDS = ['resolution', 'duration', 'prompt_extend', 'watermark', 'seed', 'shot_type', 'audio'];
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/png': 'image/png',
  'image/bmp': 'image/bmp',
  'image/webp': 'image/webp',
};
const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/;

// ───────────────────────────── replies ─────────────────────────────

class ApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

const invalid = (message: string): ApiError => new ApiError(400, 'InvalidParameter', message);

const json = jsonReplies();

function errorReply(error: ApiError, headers: Record<string, string> = {}): Reply {
  return json(error.status, { code: error.code, message: error.message, request_id: randomUUID() }, headers);
}

function ossError(status: number, code: string, message: string): Reply {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${randomBytes(12).toString('hex').toUpperCase()}</RequestId>\n</Error>\n`;
  return textReply(status, 'application/xml', xml);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** BMP size from its header (`BM`, then width/height as int32 LE at 18/22; height may be negative = top-down). */
function readBmpHeader(buf: Buffer): { width: number; height: number } | undefined {
  if (buf.length < 26 || buf.toString('latin1', 0, 2) !== 'BM') return undefined;
  return { width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)) };
}

/** A PNG colour type with alpha (4, 6) or a tRNS chunk before the pixel data. */
function pngHasAlpha(buf: Buffer): boolean {
  const colorType = buf[25];
  if (colorType === 4 || colorType === 6) return true;
  let pos = 8;
  while (pos + 8 <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    pos += 12 + length;
  }
  return false;
}

// ───────────────────────────── the server ─────────────────────────────

const DEFAULTS: DashScopeFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'sk-dashscope-fake-0123456789',
  pollsPerStep: 1,
  runningSteps: 2,
  failWord: 'MODERATION_BLOCK',
  failure: { code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.' },
  inputBlockWord: 'INPUT_BLOCK',
  video: { bytes: 50_000 },
  taskTtlMs: 24 * 3600_000,
  linkTtlMs: 24 * 3600_000,
  now: () => Date.now(),
  maxBodyBytes: 40 * MB,
};

export async function startDashScopeFake(overrides: Partial<DashScopeFakeOptions> = {}): Promise<DashScopeFake> {
  const options: DashScopeFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: RecordedRequest[] = [];
  const tasks = new Map<string, FakeTask>();
  const faults = faultQueue<DashScopeRoute, DashScopeFault>();
  let origin = '';

  // ── lifecycle ──
  function statusOf(task: FakeTask): DashScopeTaskStatus {
    if (options.now() - task.createdAtMs > options.taskTtlMs) return 'UNKNOWN';
    if (task.forceStatus) return task.forceStatus;
    if (task.terminal) return task.terminal.status;
    const step = Math.floor(task.polls / Math.max(1, options.pollsPerStep));
    if (step === 0) return 'PENDING';
    if (step <= options.runningSteps) return 'RUNNING';
    task.terminal = { status: task.willFail ? 'FAILED' : 'SUCCEEDED', atMs: options.now() };
    return task.terminal.status;
  }

  function taskJson(task: FakeTask): Record<string, unknown> {
    const status = statusOf(task);
    if (status === 'UNKNOWN') return { task_id: task.id, task_status: 'UNKNOWN' };
    const output: Record<string, unknown> = {
      task_id: task.id,
      task_status: status,
      submit_time: stamp(task.createdAtMs),
    };
    if (status !== 'PENDING') output.scheduled_time = stamp(task.createdAtMs + 1000);
    if (status === 'SUCCEEDED' || status === 'FAILED') output.end_time = stamp(task.terminal?.atMs ?? options.now());
    if (status === 'SUCCEEDED') {
      output.orig_prompt = task.prompt;
      if (task.promptExtend) output.actual_prompt = `${task.prompt} (extended)`;
      output.video_url = videoUrl(task);
    }
    if (status === 'FAILED') Object.assign(output, options.failure);
    return output;
  }

  function videoUrl(task: FakeTask): string {
    const expires = Math.floor(((task.terminal?.atMs ?? options.now()) + options.linkTtlMs) / 1000);
    return `${origin}/oss/${task.id}.mp4?Expires=${expires}&OSSAccessKeyId=LTAIfake&Signature=${encodeURIComponent(task.signature)}`;
  }

  // ── auth ──
  function checkAuth(headers: IncomingMessage['headers']): ApiError | undefined {
    const bearer = /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? ''))?.[1]?.trim();
    if (!bearer) return new ApiError(401, 'InvalidApiKey', 'No API-key provided.');
    if (bearer !== options.apiKey) return new ApiError(401, 'InvalidApiKey', 'Invalid API-key provided.');
    return undefined;
  }

  // ── create ──
  function checkImage(url: unknown, rule: ModelRule, field = 'input.img_url'): FakeImage {
    if (typeof url !== 'string' || url === '') throw invalid(`Field required: ${field}`);
    if (/^(https?|oss):\/\//i.test(url))
      throw invalid('This fake cannot fetch image URLs; send the image as a base64 data URI.');
    const match = DATA_URI.exec(url);
    if (!match)
      throw invalid(`The ${field} is not a valid URL or a data URI of the form data:{MIME_type};base64,{base64_data}.`);
    const declared = IMAGE_TYPES[(match[1] ?? '').toLowerCase()];
    if (!declared) throw invalid(`The image format ${match[1]} is not supported; use JPEG, PNG, BMP or WEBP.`);
    const payload = match[2] ?? '';
    if (payload.length % 4 !== 0) throw invalid('The base64 data of img_url is malformed.');
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length === 0) throw invalid('The image in img_url is empty.');
    if (bytes.length > rule.maxImageBytes) {
      throw invalid(
        `The image is too large: ${bytes.length} bytes; the limit for this model is ${rule.maxImageBytes / MB}MB.`,
      );
    }
    let size: { width: number; height: number } | undefined;
    let type: string | undefined;
    const header = readImageHeader(bytes);
    if (header) {
      size = header;
      type = header.type;
    } else {
      size = readBmpHeader(bytes);
      if (size) type = 'image/bmp';
    }
    if (!size || !type) throw invalid('The image in img_url cannot be read.');
    if (type !== declared) throw invalid(`The data URI says ${declared} but the image is ${type}.`);
    if (type === 'image/png' && pngHasAlpha(bytes))
      throw invalid('The image format is not supported: PNG images must not have an alpha (transparency) channel.');
    if (Math.min(size.width, size.height) < MIN_SIDE || Math.max(size.width, size.height) > MAX_SIDE) {
      throw invalid(
        `The image size ${size.width}x${size.height} is not supported; width and height must be within [${MIN_SIDE}, ${MAX_SIDE}].`,
      );
    }
    return { type, width: size.width, height: size.height, bytes: bytes.length };
  }

  /** The first (and last) frame in the model's protocol. */
  function imagesOf(
    input: Record<string, unknown>,
    rule: ModelRule,
    model: string,
  ): { image: FakeImage; lastFrame?: FakeImage } {
    if (rule.protocol === 'img_url') return { image: checkImage(input.img_url, rule) };
    if (rule.protocol === 'kf2v') {
      return {
        image: checkImage(input.first_frame_url, rule, 'input.first_frame_url'),
        lastFrame: checkImage(input.last_frame_url, rule, 'input.last_frame_url'),
      };
    }
    const media = input.media;
    if (!Array.isArray(media) || media.length === 0)
      throw invalid(`image-to-video model ${model} must provide an image: input.media is required.`);
    const byType = new Map<string, unknown>();
    media.forEach((item: unknown, i) => {
      if (!isRecord(item)) throw invalid(`input.media[${i}] must be an object with type and url.`);
      for (const key of Object.keys(item))
        if (key !== 'type' && key !== 'url') throw invalid(`Unknown field: input.media[${i}].${key}`);
      if (typeof item.type !== 'string' || !MEDIA_TYPES.includes(item.type))
        throw invalid(`input.media[${i}].type must be one of ${MEDIA_TYPES.join(', ')}.`);
      if (byType.has(item.type)) throw invalid(`input.media has more than one ${item.type}.`);
      if (item.type === 'driving_audio' || item.type === 'first_clip')
        throw invalid(`This fake does not take ${item.type}.`);
      byType.set(item.type, item.url);
    });
    if (!byType.has('first_frame'))
      throw invalid(`image-to-video model ${model} must provide an image: add a media item of type first_frame.`);
    const image = checkImage(byType.get('first_frame'), rule, 'input.media[first_frame].url');
    const lastFrame = byType.has('last_frame')
      ? checkImage(byType.get('last_frame'), rule, 'input.media[last_frame].url')
      : undefined;
    return { image, ...(lastFrame ? { lastFrame } : {}) };
  }

  function create(body: unknown): Reply {
    if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
    for (const key of Object.keys(body))
      if (!['model', 'input', 'parameters'].includes(key)) throw invalid(`Unknown field: ${key}`);
    const model = body.model;
    if (typeof model !== 'string' || model === '') throw invalid('Field required: model');
    const rule = WAN_MODEL_RULES[model];
    if (!rule) throw new ApiError(404, 'ModelNotFound', 'Model not exist.');
    const input = body.input;
    if (!isRecord(input)) throw invalid('Field required: input');
    for (const key of Object.keys(input))
      if (!INPUT_FIELDS[rule.protocol].includes(key)) throw invalid(`Unknown field: input.${key}`);
    if (input.prompt !== undefined && typeof input.prompt !== 'string') throw invalid('input.prompt must be a string.');
    if (
      input.negative_prompt !== undefined &&
      (typeof input.negative_prompt !== 'string' || input.negative_prompt.length > 500)
    ) {
      throw invalid('input.negative_prompt must be a string of at most 500 characters.');
    }
    if (input.audio_url !== undefined && !rule.audio) throw invalid(`input.audio_url is not supported by ${model}.`);
    const { image, lastFrame } = imagesOf(input, rule, model);
    const rawPrompt = typeof input.prompt === 'string' ? input.prompt : '';
    if (hasTriggerWord(rawPrompt, options.inputBlockWord))
      throw new ApiError(400, 'DataInspectionFailed', 'Input data may contain inappropriate content.');

    const parameters = body.parameters ?? {};
    if (!isRecord(parameters)) throw invalid('parameters must be an object.');
    for (const key of Object.keys(parameters))
      if (!PARAMETER_FIELDS.includes(key)) throw invalid(`Unknown field: parameters.${key}`);
    const resolution = parameters.resolution ?? rule.defaultTier;
    if (typeof resolution !== 'string' || !rule.tiers.includes(resolution)) {
      throw invalid(
        `The resolution '${String(resolution)}' is not supported by ${model}; use one of ${rule.tiers.join(', ')}.`,
      );
    }
    const duration = parameters.duration ?? 5; // every model's default
    if (typeof duration !== 'number' || !Number.isInteger(duration) || !rule.durations.includes(duration)) {
      throw invalid(
        rule.durations.length === 1
          ? `The duration of ${model} is fixed at ${rule.durations[0]} seconds and cannot be changed.`
          : `The duration '${String(duration)}' is not supported by ${model}; use one of ${rule.durations.join(', ')}.`,
      );
    }
    for (const flag of ['prompt_extend', 'watermark', 'audio'] as const) {
      if (parameters[flag] !== undefined && typeof parameters[flag] !== 'boolean')
        throw invalid(`parameters.${flag} must be a boolean.`);
    }
    if (parameters.audio !== undefined && !rule.audio) throw invalid(`parameters.audio is not supported by ${model}.`);
    const seed = parameters.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2147483647)) {
      throw invalid('parameters.seed must be an integer in [0, 2147483647].');
    }

    const task: FakeTask = {
      id: randomUUID(),
      model,
      resolution,
      duration,
      prompt: rawPrompt.slice(0, rule.maxPrompt),
      promptTruncated: rawPrompt.length > rule.maxPrompt,
      promptExtend: parameters.prompt_extend !== false,
      image,
      ...(lastFrame ? { lastFrame } : {}),
      ...(typeof input.negative_prompt === 'string' ? { negativePrompt: input.negative_prompt } : {}),
      ...(typeof seed === 'number' ? { seed } : {}),
      ...(typeof parameters.audio === 'boolean' ? { audio: parameters.audio } : {}),
      createdAtMs: options.now(),
      signature: randomBytes(18).toString('base64'),
      polls: 0,
      willFail: hasTriggerWord(rawPrompt, options.failWord),
    };
    tasks.set(task.id, task);
    return json(200, { output: { task_status: 'PENDING', task_id: task.id }, request_id: randomUUID() });
  }

  function task(id: string): Reply {
    const found = tasks.get(id);
    if (!found) return json(200, { request_id: randomUUID(), output: { task_id: id, task_status: 'UNKNOWN' } });
    const output = taskJson(found);
    found.polls += 1;
    const usage =
      output.task_status === 'SUCCEEDED'
        ? { usage: { duration: found.duration, video_count: 1, SR: Number.parseInt(found.resolution, 10) } }
        : {};
    return json(200, { request_id: randomUUID(), output, ...usage });
  }

  /** `POST /tasks/{id}/cancel`: only a task still PENDING can be cancelled. */
  function cancel(id: string): Reply {
    const found = tasks.get(id);
    if (!found || statusOf(found) === 'UNKNOWN')
      throw new ApiError(404, 'InvalidParameter', `Task ${id} does not exist.`);
    if (statusOf(found) !== 'PENDING')
      throw new ApiError(
        400,
        'UnsupportedOperation',
        `Failed to cancel the task: only a PENDING task can be canceled (it is ${statusOf(found)}).`,
      );
    found.forceStatus = 'CANCELED';
    return json(200, { request_id: randomUUID() });
  }

  function download(id: string, query: URLSearchParams, headers: IncomingMessage['headers']): Reply {
    const found = tasks.get(id);
    if (headers.authorization !== undefined) {
      return ossError(
        400,
        'InvalidArgument',
        'Authorization header is invalid: a signed URL must not carry an Authorization header.',
      );
    }
    if (!found || found.terminal?.status !== 'SUCCEEDED' || query.get('Signature') !== found.signature) {
      return ossError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    const expires = Number(query.get('Expires'));
    if (!Number.isFinite(expires) || options.now() / 1000 > expires)
      return ossError(403, 'AccessDenied', 'Request has expired.');
    return videoReply(options.video, 'whole');
  }

  // ── dispatch ──
  function routeOf(method: string, path: string): { route: DashScopeRoute; id?: string } | undefined {
    if (path === '/api/v1/services/aigc/video-generation/video-synthesis')
      return method === 'POST' ? { route: 'create' } : undefined;
    const cancelMatch = /^\/api\/v1\/tasks\/([^/]+)\/cancel$/.exec(path);
    if (cancelMatch)
      return method === 'POST' ? { route: 'cancel', id: decodeURIComponent(cancelMatch[1] ?? '') } : undefined;
    const taskMatch = /^\/api\/v1\/tasks\/([^/]+)$/.exec(path);
    if (taskMatch) return method === 'GET' ? { route: 'task', id: decodeURIComponent(taskMatch[1] ?? '') } : undefined;
    const ossMatch = /^\/oss\/([^/]+)\.mp4$/.exec(path);
    if (ossMatch)
      return method === 'GET' ? { route: 'download', id: decodeURIComponent(ossMatch[1] ?? '') } : undefined;
    return undefined;
  }

  function faultReply(fault: DashScopeFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(
          new ApiError(
            fault.status,
            fault.code ?? (fault.status >= 500 ? 'InternalError' : 'InvalidParameter'),
            fault.message ?? `Injected error ${fault.status}.`,
          ),
          {
            ...(fault.headers ?? {}),
          },
        );
      case 'rate-limit':
        return errorReply(
          new ApiError(
            429,
            fault.code ?? 'Throttling.RateQuota',
            fault.message ?? 'Requests rate limit exceeded, please try again later.',
          ),
          retryAfterHeaders(fault.retryAfter),
        );
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"output": {"task_id": ');
      case 'missing-fields':
        return json(200, fault.body ?? { request_id: randomUUID() });
      default:
        return undefined;
    }
  }

  /** The real answer to a request: a DashScope error body unless everything checks out. */
  function reply(target: ReturnType<typeof routeOf>, req: IncomingMessage, url: URL, record: RecordedRequest): Reply {
    const { headers } = record;
    try {
      if (!target) throw new ApiError(404, 'NotFound', `Not found: ${record.method} ${url.pathname}`);
      if (target.route === 'download') return download(target.id ?? '', url.searchParams, req.headers);
      const authError = checkAuth(req.headers);
      if (authError) throw authError;
      if (target.route === 'task') return task(target.id ?? '');
      if (target.route === 'cancel') return cancel(target.id ?? '');
      if (headers['x-dashscope-async'] !== 'enable')
        throw new ApiError(403, 'AccessDenied', 'current user api does not support synchronous calls');
      if (!(headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
        throw invalid('Content-Type must be application/json.');
      if (record.json === undefined) throw invalid('The request body is not valid JSON.');
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
    tooLarge: () => errorReply(invalid(`Request body too large; the limit is ${options.maxBodyBytes} bytes.`)),
    work: ({ target, req, url, record }) => reply(target, req, url, record),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    code: 'InternalError',
    message: `Fake server bug: ${String(error)}`,
    request_id: randomUUID(),
  }));
  origin = server.origin;

  return {
    ...fakeControls(server, requests, faults),
    url: `${origin}/api/v1`,
    options,
    tasks,
  };
}

// ───────────────────────────── shell entry ─────────────────────────────

function shellOptions(argv: string[]): Partial<DashScopeFakeOptions> {
  const values = parseFlags(argv, {
    key: TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'fail-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values);
}

if (require.main === module)
  runFromShell('dashscopeServer', () => startDashScopeFake(shellOptions(process.argv.slice(2))));

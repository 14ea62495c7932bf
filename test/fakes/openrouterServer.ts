/**
 * A loopback fake of OpenRouter's video generation API
 * (docs/providers.md#9-openrouter--openrouter-video-generation-openrouter_api_key), strict where the docs are.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: `Authorization: Bearer <key>` on create, status, content and `/key` (401 `{"error":{"code":401,…}}`;
 * `/videos/models` answers without a key, as the docs' curl example does); create only for listed models and only with
 * the values each lists (`supported_durations`, `supported_resolutions` + `supported_aspect_ratios` or
 * `supported_sizes`, `supported_frame_images`, `seed` and `generate_audio` only where the model has them) → 400
 * otherwise; `frame_images` items `{type: "image_url", image_url: {url}, frame_type}` with a `data:` image whose type
 * matches its bytes; 202 `{id, polling_url, status: "pending"}`; `pending` → `in_progress` → `completed` (with
 * `unsigned_urls` and `usage.cost`) or `failed` (with `error`) advancing per status check, `expired` after `jobTtlMs`;
 * the content route needs the key and is 404 before completion or after expiry.
 * Stricter than documented: unknown top-level fields and http(s) image URLs are refused.
 *
 * Shell use (E2E): `node --import tsx test/fakes/openrouterServer.ts --port 0 [--key KEY] [--steps N]
 * [--running-steps N] [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT/api/v1"}`.
 */
import { randomUUID } from 'node:crypto';
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

export type OpenRouterRoute = 'create' | 'job' | 'content' | 'models' | 'key';

export type OpenRouterFault =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  | TransportFault;

/** One entry of `GET /videos/models`, as the official SDK's `VideoModel` type has it. */
export interface FakeVideoModel {
  readonly id: string;
  readonly canonical_slug: string;
  readonly name: string;
  readonly created: number;
  readonly generate_audio: boolean | null;
  readonly seed: boolean | null;
  readonly supported_aspect_ratios: readonly string[] | null;
  readonly supported_durations: readonly number[] | null;
  readonly supported_frame_images: readonly string[] | null;
  readonly supported_resolutions: readonly string[] | null;
  readonly supported_sizes: readonly string[] | null;
  readonly pricing_skus: Readonly<Record<string, string>>;
  readonly allowed_passthrough_parameters: readonly string[];
}

const entry = (id: string, name: string, more: Partial<FakeVideoModel>): FakeVideoModel => ({
  id,
  canonical_slug: id,
  name,
  created: 1_760_000_000,
  generate_audio: null,
  seed: null,
  supported_aspect_ratios: null,
  supported_durations: null,
  supported_frame_images: null,
  supported_resolutions: null,
  supported_sizes: null,
  pricing_skus: {},
  allowed_passthrough_parameters: [],
  ...more,
});

export const DEFAULT_VIDEO_MODELS: readonly FakeVideoModel[] = [
  entry('google/veo-3.1', 'Google: Veo 3.1', {
    generate_audio: true,
    seed: false,
    supported_durations: [4, 6, 8],
    supported_frame_images: ['first_frame', 'last_frame'],
    supported_sizes: ['1280x720', '1920x1080'],
    pricing_skus: { 'per-video-second': '0.40' },
  }),
  entry('alibaba/wan-2.7', 'Alibaba: Wan 2.7', {
    generate_audio: true,
    seed: true,
    supported_aspect_ratios: ['16:9', '9:16'],
    supported_durations: [5, 10],
    supported_frame_images: ['first_frame', 'last_frame'],
    supported_resolutions: ['720p', '1080p'],
    pricing_skus: { 'per-video-second-720p': '0.10', 'per-video-second-1080p': '0.15' },
  }),
  entry('example/text-only', 'Example: text to video only', {
    supported_durations: [5],
    supported_resolutions: ['720p'],
    supported_aspect_ratios: ['16:9'],
    supported_frame_images: [],
  }),
];

export interface OpenRouterFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  pollsPerStep: number;
  runningSteps: number;
  /** A prompt with this word ends `failed`. Empty: never. */
  failWord: string;
  models: readonly FakeVideoModel[];
  video: VideoSource;
  /** A job is `expired` (and its content gone) this long after it completed. */
  jobTtlMs: number;
  now: () => number;
  maxBodyBytes: number;
}

export type OpenRouterRecordedRequest = JsonRecordedRequest<OpenRouterRoute | 'unknown'>;

export interface FakeVideoJob {
  readonly id: string;
  readonly model: string;
  readonly body: Record<string, unknown>;
  readonly willFail: boolean;
  polls: number;
  completedAtMs?: number;
}

export interface OpenRouterFake extends FakeControls<OpenRouterRoute, OpenRouterFault, OpenRouterRecordedRequest> {
  /** Base URL including `/api/v1`. */
  readonly url: string;
  readonly options: OpenRouterFakeOptions;
  readonly jobs: Map<string, FakeVideoJob>;
}

class ApiError {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

const json = jsonReplies();
const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/;
const FIELDS = [
  'model',
  'prompt',
  'duration',
  'resolution',
  'aspect_ratio',
  'size',
  'generate_audio',
  'seed',
  'frame_images',
  'input_references',
  'callback_url',
  'provider',
];

const DEFAULTS: OpenRouterFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'sk-or-v1-fake0123456789abcdef',
  pollsPerStep: 1,
  runningSteps: 1,
  failWord: 'MODERATION_BLOCK',
  models: DEFAULT_VIDEO_MODELS,
  video: { bytes: 50_000 },
  jobTtlMs: 24 * 3600_000,
  now: () => Date.now(),
  maxBodyBytes: 40_000_000,
};

export async function startOpenRouterFake(overrides: Partial<OpenRouterFakeOptions> = {}): Promise<OpenRouterFake> {
  const options: OpenRouterFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: OpenRouterRecordedRequest[] = [];
  const jobs = new Map<string, FakeVideoJob>();
  const faults = faultQueue<OpenRouterRoute, OpenRouterFault>();
  let origin = '';
  const base = (): string => `${origin}/api/v1`;

  function statusOf(job: FakeVideoJob): string {
    if (job.completedAtMs !== undefined)
      return options.now() - job.completedAtMs > options.jobTtlMs ? 'expired' : job.willFail ? 'failed' : 'completed';
    const step = Math.floor(job.polls / Math.max(1, options.pollsPerStep));
    if (step === 0) return 'pending';
    if (step <= options.runningSteps) return 'in_progress';
    job.completedAtMs = options.now();
    return job.willFail ? 'failed' : 'completed';
  }

  function checkFrame(item: unknown, allowed: readonly string[]): string {
    if (!isRecord(item) || item.type !== 'image_url' || !isRecord(item.image_url))
      throw new ApiError(400, 'frame_images items must be {type: "image_url", image_url: {url}, frame_type}');
    const frameType = item.frame_type;
    if (typeof frameType !== 'string' || !allowed.includes(frameType))
      throw new ApiError(
        400,
        `frame_type ${String(frameType)} is not supported by this model (supported: ${allowed.join(', ') || 'none'})`,
      );
    const url = item.image_url.url;
    if (typeof url !== 'string' || /^https?:\/\//i.test(url))
      throw new ApiError(400, 'This fake takes frame images as data URIs only');
    const match = DATA_URI.exec(url);
    const header = match ? readImageHeader(Buffer.from(match[2] ?? '', 'base64')) : undefined;
    if (!match || !header || header.type !== match[1])
      throw new ApiError(400, 'frame image is not a readable image data URI of its declared type');
    return frameType;
  }

  function create(body: unknown): Reply {
    if (!isRecord(body)) throw new ApiError(400, 'Body must be a JSON object');
    for (const key of Object.keys(body)) if (!FIELDS.includes(key)) throw new ApiError(400, `Unrecognized key: ${key}`);
    const model = options.models.find((m) => m.id === body.model);
    if (!model) throw new ApiError(400, `${String(body.model)} is not a valid video model ID`);
    if (typeof body.prompt !== 'string') throw new ApiError(400, 'prompt is required');
    const list = (values: readonly (string | number)[] | null, value: unknown, name: string): void => {
      if (value === undefined) return;
      if (!values || !values.includes(value as string | number))
        throw new ApiError(
          400,
          `${name} ${String(value)} is not supported by ${model.id} (supported: ${(values ?? []).join(', ') || 'none'})`,
        );
    };
    list(model.supported_durations, body.duration, 'duration');
    list(model.supported_resolutions, body.resolution, 'resolution');
    list(model.supported_aspect_ratios, body.aspect_ratio, 'aspect_ratio');
    list(model.supported_sizes, body.size, 'size');
    if (body.seed !== undefined && (model.seed !== true || !Number.isInteger(body.seed)))
      throw new ApiError(400, `seed is not supported by ${model.id}`);
    if (
      body.generate_audio !== undefined &&
      (model.generate_audio !== true || typeof body.generate_audio !== 'boolean')
    )
      throw new ApiError(400, `generate_audio is not supported by ${model.id}`);
    if (body.frame_images !== undefined) {
      if (!Array.isArray(body.frame_images)) throw new ApiError(400, 'frame_images must be an array');
      const types = body.frame_images.map((item) => checkFrame(item, model.supported_frame_images ?? []));
      if (new Set(types).size !== types.length) throw new ApiError(400, 'each frame_type may appear once');
    }
    const job: FakeVideoJob = {
      id: `job-${randomUUID()}`,
      model: model.id,
      body,
      willFail: hasTriggerWord(body.prompt, options.failWord),
      polls: 0,
    };
    jobs.set(job.id, job);
    return json(202, { id: job.id, polling_url: `${base()}/videos/${job.id}`, status: 'pending' });
  }

  function jobReply(id: string): Reply {
    const job = jobs.get(id);
    if (!job) throw new ApiError(404, 'Video generation job not found');
    const status = statusOf(job);
    job.polls += 1;
    const body: Record<string, unknown> = { id: job.id, polling_url: `${base()}/videos/${job.id}`, status };
    if (status === 'completed')
      Object.assign(body, {
        generation_id: `gen-${job.id}`,
        unsigned_urls: [`${base()}/videos/${job.id}/content?index=0`],
        usage: { cost: 0.8 },
      });
    if (status === 'failed') body.error = 'The provider rejected the request: content moderation flagged the prompt.';
    return json(200, body);
  }

  function content(id: string, index: string | undefined): Reply {
    const job = jobs.get(id);
    if (!job || statusOf(job) !== 'completed') throw new ApiError(404, 'Video content not found');
    if (index !== undefined && index !== '0') throw new ApiError(404, 'No video at that index');
    return videoReply(options.video, 'whole');
  }

  function routeOf(method: string, path: string): { route: OpenRouterRoute; id?: string } | undefined {
    if (path === '/api/v1/key') return method === 'GET' ? { route: 'key' } : undefined;
    if (path === '/api/v1/videos') return method === 'POST' ? { route: 'create' } : undefined;
    if (path === '/api/v1/videos/models') return method === 'GET' ? { route: 'models' } : undefined;
    const match = /^\/api\/v1\/videos\/([^/]+)(\/content)?$/.exec(path);
    if (match && method === 'GET')
      return { route: match[2] ? 'content' : 'job', id: decodeURIComponent(match[1] ?? '') };
    return undefined;
  }

  function faultReply(fault: OpenRouterFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return json(
          fault.status,
          { error: { code: fault.status, message: fault.message ?? `Injected error ${fault.status}` } },
          { ...(fault.headers ?? {}) },
        );
      case 'rate-limit':
        return json(429, { error: { code: 429, message: 'Rate limit exceeded' } }, retryAfterHeaders(fault.retryAfter));
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"id": ');
      case 'missing-fields':
        return json(fault.body === undefined ? 202 : 200, fault.body ?? { status: 'pending' });
      default:
        return undefined;
    }
  }

  function reply(target: ReturnType<typeof routeOf>, record: OpenRouterRecordedRequest): Reply {
    try {
      if (!target) throw new ApiError(404, 'Not Found');
      if (target.route === 'models') return json(200, { data: options.models });
      const key = /^Bearer\s+(.+)$/i.exec(record.headers.authorization ?? '')?.[1]?.trim();
      if (!key) throw new ApiError(401, 'No auth credentials found');
      if (key !== options.apiKey) throw new ApiError(401, 'User not found.');
      switch (target.route) {
        case 'key':
          return json(200, { data: { label: 'sk-or-v1-fak...def', limit: null, usage: 1.25, is_free_tier: false } });
        case 'create':
          if (!(record.headers['content-type'] ?? '').startsWith('application/json') || record.json === undefined)
            throw new ApiError(400, 'Body must be JSON');
          return create(record.json);
        case 'job':
          return jobReply(target.id ?? '');
        case 'content':
          return content(target.id ?? '', record.query.index);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return json(error.status, { error: { code: error.status, message: error.message } });
    }
  }

  const handle = jsonApiHandler({
    routeOf,
    requests,
    faults,
    inject: faultReply,
    maxBodyBytes: options.maxBodyBytes,
    tooLarge: () => json(413, { error: { code: 413, message: 'Request body too large' } }),
    work: ({ target, record }) => reply(target, record),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    error: { code: 500, message: `Fake server bug: ${String(error)}` },
  }));
  origin = server.origin;
  return { ...fakeControls(server, requests, faults), url: base(), options, jobs };
}

function shellOptions(argv: string[]): Partial<OpenRouterFakeOptions> {
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
  runFromShell('openrouterServer', () => startOpenRouterFake(shellOptions(process.argv.slice(2))));

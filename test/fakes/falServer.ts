/**
 * A loopback fake of fal.ai's queue API (docs/providers.md#8-fal--falai-queue-api-fal_key), strict where the real
 * one is documented, so a client that passes here sends what fal accepts.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Enforced: `Authorization: Key <key>` (401 otherwise), `POST /{model id}` for the models below only (404 for any
 * other id), each model's own input fields and enums (image field name, duration as "5" / "8s" / 6, resolution and
 * aspect-ratio values, the extras it takes) with 422 `{"detail":[{loc,msg,type}]}` like fal's validation errors,
 * images as `data:` URIs whose type matches the bytes; the submit answer `{request_id, status_url, response_url,
 * cancel_url, queue_position}` whose URLs use only `{owner}/{app}` — status, result and cancel under the full model
 * path answer 404, as they do at fal; `IN_QUEUE` (counting `queue_position` down) → `IN_PROGRESS` → `COMPLETED`,
 * advancing per status check; the result 400 while not completed, 422 `content_policy_violation` for a prompt with
 * the fail word; `PUT …/cancel` → 202 `CANCELLATION_REQUESTED`, 400 `ALREADY_COMPLETED`, 404 `NOT_FOUND`; the MP4 on
 * a "CDN" route that refuses an `Authorization` header and is gone (404) after `mediaTtlMs`.
 * Stricter than fal where its behaviour is not documented: unknown input fields are refused (fal's models may ignore
 * them), and http(s) image URLs are refused (the fake cannot fetch them).
 *
 * Shell use (E2E): `node --import tsx test/fakes/falServer.ts --port 0 [--key KEY] [--steps N] [--running-steps N]
 * [--fail-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT"}` on one line.
 */
import { randomUUID } from 'node:crypto';
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

export type FalRoute = 'submit' | 'status' | 'result' | 'cancel' | 'download';

export type FalFault =
  /** Any status with fal's request-error body `{"detail","error_type"}`. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly detail?: string;
      readonly errorType?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  | TransportFault;

/** One field of a model's input: its allowed values (strings or numbers), or a type. */
type FieldRule = readonly (string | number)[] | 'string' | 'boolean' | 'integer' | 'image';

export interface FalModelRule {
  /** The field that carries the first frame (required). */
  readonly image: string;
  readonly fields: Readonly<Record<string, FieldRule>>;
  readonly maxPrompt?: number;
}

const durations = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** The input schemas of fal's model pages (llms.txt, 2026-11-30), by endpoint id. */
export const FAL_MODEL_RULES: Readonly<Record<string, FalModelRule>> = {
  'fal-ai/kling-video/v2.6/pro/image-to-video': {
    image: 'start_image_url',
    fields: { duration: ['5', '10'], negative_prompt: 'string', generate_audio: 'boolean' },
  },
  'fal-ai/minimax/hailuo-02/standard/image-to-video': {
    image: 'image_url',
    fields: {
      duration: ['6', '10'],
      prompt_optimizer: 'boolean',
      resolution: ['512P', '768P'],
      end_image_url: 'image',
    },
  },
  'fal-ai/bytedance/seedance/v1.5/pro/image-to-video': {
    image: 'image_url',
    fields: {
      aspect_ratio: ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16', 'auto'],
      resolution: ['480p', '720p', '1080p'],
      duration: durations(4, 12),
      camera_fixed: 'boolean',
      seed: 'integer',
      end_image_url: 'image',
    },
  },
  'fal-ai/wan-25-preview/image-to-video': {
    image: 'image_url',
    maxPrompt: 800,
    fields: { resolution: ['480p', '720p', '1080p'], duration: ['5', '10'] },
  },
  'fal-ai/veo3.1/image-to-video': {
    image: 'image_url',
    fields: {
      aspect_ratio: ['auto', '16:9', '9:16'],
      duration: ['4s', '6s', '8s'],
      negative_prompt: 'string',
      resolution: ['720p', '1080p', '4k'],
      generate_audio: 'boolean',
      seed: 'integer',
    },
  },
  'fal-ai/ltx-2/image-to-video': {
    image: 'image_url',
    fields: { duration: [6, 8, 10], resolution: ['1080p', '1440p', '2160p'], fps: [25, 50], generate_audio: 'boolean' },
  },
};

export interface FalFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  /** Status checks per lifecycle step. */
  pollsPerStep: number;
  /** Requests ahead of a new one: IN_QUEUE steps, `queue_position` counting down from this. */
  queueAhead: number;
  /** IN_PROGRESS steps before COMPLETED. */
  runningSteps: number;
  /** A prompt with this word completes with a 422 content_policy_violation result. Empty: never. */
  failWord: string;
  /** More models (e.g. a user's custom model), with their rules. */
  extraModels: Readonly<Record<string, FalModelRule>>;
  /** The origin written into the queue URLs (default: the fake's own); another host tests the client's guard. */
  urlOrigin?: string;
  video: VideoSource;
  /** The CDN file is gone this long after the request completed. */
  mediaTtlMs: number;
  now: () => number;
  maxBodyBytes: number;
}

export type FalRecordedRequest = JsonRecordedRequest<FalRoute | 'unknown'>;

export interface FakeFalRequest {
  readonly id: string;
  readonly model: string;
  readonly app: string;
  readonly input: Record<string, unknown>;
  readonly willFail: boolean;
  polls: number;
  cancelled: boolean;
  completedAtMs?: number;
}

export interface FalFake extends FakeControls<FalRoute, FalFault, FalRecordedRequest> {
  readonly url: string;
  readonly options: FalFakeOptions;
  readonly jobs: Map<string, FakeFalRequest>;
}

class ApiError {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {}
}

const invalid = (loc: string, msg: string, type = 'value_error'): ApiError =>
  new ApiError(422, { detail: [{ loc: ['body', loc], msg, type }] });

const json = jsonReplies();
const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/;

const DEFAULTS: FalFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'fal-fake-key-0123456789:abcdef',
  pollsPerStep: 1,
  queueAhead: 2,
  runningSteps: 1,
  failWord: 'MODERATION_BLOCK',
  extraModels: {},
  video: { bytes: 50_000 },
  mediaTtlMs: 7 * 24 * 3600_000,
  now: () => Date.now(),
  maxBodyBytes: 40_000_000,
};

export async function startFalFake(overrides: Partial<FalFakeOptions> = {}): Promise<FalFake> {
  const options: FalFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: FalRecordedRequest[] = [];
  const jobs = new Map<string, FakeFalRequest>();
  const faults = faultQueue<FalRoute, FalFault>();
  let origin = '';
  const rules = (): Record<string, FalModelRule> => ({ ...FAL_MODEL_RULES, ...options.extraModels });

  function statusOf(job: FakeFalRequest): { status: 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED'; ahead?: number } {
    if (job.completedAtMs !== undefined) return { status: 'COMPLETED' };
    const step = Math.floor(job.polls / Math.max(1, options.pollsPerStep));
    if (step < options.queueAhead) return { status: 'IN_QUEUE', ahead: options.queueAhead - step - 1 };
    if (step < options.queueAhead + options.runningSteps) return { status: 'IN_PROGRESS' };
    job.completedAtMs = options.now();
    return { status: 'COMPLETED' };
  }

  function checkImage(field: string, value: unknown): void {
    if (typeof value !== 'string' || value === '') throw invalid(field, 'field required', 'missing');
    if (/^https?:\/\//i.test(value)) throw invalid(field, 'This fake cannot fetch image URLs; send a data URI.');
    const match = DATA_URI.exec(value);
    if (!match) throw invalid(field, 'Invalid image: expected a URL or a base64 data URI.', 'file_download_error');
    const bytes = Buffer.from(match[2] ?? '', 'base64');
    const header = readImageHeader(bytes);
    if (!header) throw invalid(field, 'The image could not be read.', 'image_load_error');
    if (header.type !== match[1])
      throw invalid(field, `The data URI says ${match[1]} but the image is ${header.type}.`, 'image_load_error');
  }

  function submit(model: string, body: unknown): Reply {
    const rule = rules()[model];
    if (!rule) throw new ApiError(404, { detail: `Application '${model}' not found` });
    if (!isRecord(body))
      throw new ApiError(422, {
        detail: [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }],
      });
    const prompt = body.prompt;
    if (typeof prompt !== 'string' || prompt.trim() === '') throw invalid('prompt', 'field required', 'missing');
    if (rule.maxPrompt !== undefined && prompt.length > rule.maxPrompt)
      throw invalid('prompt', `String should have at most ${rule.maxPrompt} characters`, 'string_too_long');
    checkImage(rule.image, body[rule.image]);
    for (const [key, value] of Object.entries(body)) {
      if (key === 'prompt' || key === rule.image) continue;
      const field = rule.fields[key];
      if (field === undefined)
        throw invalid(key, `Extra inputs are not permitted (${model} has no field "${key}")`, 'extra_forbidden');
      if (field === 'image') checkImage(key, value);
      else if (field === 'string' && typeof value !== 'string')
        throw invalid(key, 'Input should be a valid string', 'string_type');
      else if (field === 'boolean' && typeof value !== 'boolean')
        throw invalid(key, 'Input should be a valid boolean', 'bool_type');
      else if (field === 'integer' && !(typeof value === 'number' && Number.isInteger(value)))
        throw invalid(key, 'Input should be a valid integer', 'int_type');
      else if (Array.isArray(field) && !field.includes(value as string | number)) {
        throw invalid(key, `Input should be ${field.map((v) => JSON.stringify(v)).join(', ')}`, 'enum');
      }
    }
    const [owner, app] = model.split('/');
    const job: FakeFalRequest = {
      id: randomUUID(),
      model,
      app: `${owner}/${app}`,
      input: body,
      willFail: hasTriggerWord(prompt, options.failWord),
      polls: 0,
      cancelled: false,
    };
    jobs.set(job.id, job);
    const base = `${options.urlOrigin ?? origin}/${job.app}/requests/${job.id}`;
    return json(200, {
      status: 'IN_QUEUE',
      request_id: job.id,
      response_url: base,
      status_url: `${base}/status`,
      cancel_url: `${base}/cancel`,
      queue_position: options.queueAhead,
    });
  }

  function found(app: string, id: string): FakeFalRequest {
    const job = jobs.get(id);
    if (!job || job.app !== app) throw new ApiError(404, { detail: 'Request not found' });
    return job;
  }

  function status(app: string, id: string): Reply {
    const job = found(app, id);
    const { status: state, ahead } = statusOf(job);
    job.polls += 1;
    const base = `${origin}/${job.app}/requests/${job.id}`;
    const body: Record<string, unknown> = { status: state, request_id: job.id, response_url: base };
    if (state === 'IN_QUEUE') body.queue_position = ahead;
    if (state !== 'IN_QUEUE') body.logs = null;
    if (state === 'COMPLETED') body.metrics = { inference_time: 1.5 };
    return json(state === 'COMPLETED' ? 200 : 202, body);
  }

  function result(app: string, id: string): Reply {
    const job = found(app, id);
    if (statusOf(job).status !== 'COMPLETED') return json(400, { detail: 'Request is still in progress' });
    if (job.cancelled) return json(400, { detail: 'Request was cancelled', error_type: 'client_cancelled' });
    if (job.willFail) {
      return json(422, {
        detail: [
          {
            loc: ['body', 'prompt'],
            msg: 'The content could not be processed because it contained material flagged by a content checker.',
            type: 'content_policy_violation',
          },
        ],
      });
    }
    return json(200, {
      video: { url: `${origin}/cdn/files/${job.id}.mp4`, content_type: 'video/mp4', file_name: 'output.mp4' },
      seed: 42,
    });
  }

  function cancel(app: string, id: string): Reply {
    const job = jobs.get(id);
    if (!job || job.app !== app) return json(404, { status: 'NOT_FOUND' });
    if (statusOf(job).status === 'COMPLETED') return json(400, { status: 'ALREADY_COMPLETED' });
    job.cancelled = true;
    job.completedAtMs = options.now();
    return json(202, { status: 'CANCELLATION_REQUESTED' });
  }

  function download(id: string, headers: IncomingMessage['headers']): Reply {
    if (headers.authorization !== undefined) return json(400, { detail: 'The CDN takes no Authorization header' });
    const job = jobs.get(id);
    if (
      !job ||
      job.completedAtMs === undefined ||
      job.willFail ||
      job.cancelled ||
      options.now() - job.completedAtMs > options.mediaTtlMs
    ) {
      return json(404, { detail: 'File not found' });
    }
    return videoReply(options.video, 'whole');
  }

  function routeOf(
    method: string,
    path: string,
  ): { route: FalRoute; app?: string; id?: string; model?: string } | undefined {
    const cdn = /^\/cdn\/files\/([^/]+)\.mp4$/.exec(path);
    if (cdn) return method === 'GET' ? { route: 'download', id: cdn[1] ?? '' } : undefined;
    const queue = /^\/([^/]+\/[^/]+)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(path);
    if (queue) {
      const app = queue[1] ?? '';
      const id = decodeURIComponent(queue[2] ?? '');
      if (queue[3] === '/status') return method === 'GET' ? { route: 'status', app, id } : undefined;
      if (queue[3] === '/cancel') return method === 'PUT' ? { route: 'cancel', app, id } : undefined;
      return method === 'GET' ? { route: 'result', app, id } : undefined;
    }
    if (method === 'POST' && /^\/[^/]+\/[^/]+(\/[^/]+)*$/.test(path)) return { route: 'submit', model: path.slice(1) };
    return undefined;
  }

  function faultReply(fault: FalFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return json(
          fault.status,
          {
            detail: fault.detail ?? `Injected error ${fault.status}`,
            ...(fault.errorType ? { error_type: fault.errorType } : {}),
          },
          { ...(fault.headers ?? {}) },
        );
      case 'rate-limit':
        return json(429, { detail: 'Too many requests' }, retryAfterHeaders(fault.retryAfter));
      case 'non-json':
        return nonJsonReply(fault, '<html><body>502 Bad Gateway</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"request_id": ');
      case 'missing-fields':
        return json(200, fault.body ?? { status: 'IN_QUEUE' });
      default:
        return undefined;
    }
  }

  function reply(target: ReturnType<typeof routeOf>, req: IncomingMessage, record: FalRecordedRequest): Reply {
    try {
      if (!target) throw new ApiError(404, { detail: 'Not Found' });
      if (target.route === 'download') return download(target.id ?? '', req.headers);
      const key = /^Key\s+(.+)$/.exec(record.headers.authorization ?? '')?.[1]?.trim();
      if (key !== options.apiKey)
        throw new ApiError(401, {
          detail: 'Authentication is required to access this resource, or the provided credentials are invalid.',
        });
      switch (target.route) {
        case 'submit':
          if (!(record.headers['content-type'] ?? '').startsWith('application/json'))
            throw new ApiError(422, { detail: 'Content-Type must be application/json' });
          return submit(target.model ?? '', record.json);
        case 'status':
          return status(target.app ?? '', target.id ?? '');
        case 'result':
          return result(target.app ?? '', target.id ?? '');
        case 'cancel':
          return cancel(target.app ?? '', target.id ?? '');
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return json(error.status, error.body);
    }
  }

  const handle = jsonApiHandler({
    routeOf,
    requests,
    faults,
    inject: faultReply,
    maxBodyBytes: options.maxBodyBytes,
    tooLarge: () => json(413, { detail: 'Request body too large' }),
    work: ({ target, req, record }) => reply(target, req, record),
    responseHeaders: () => ({ 'x-fal-request-id': randomUUID() }),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    detail: `Fake server bug: ${String(error)}`,
    error_type: 'internal_error',
  }));
  origin = server.origin;
  return { ...fakeControls(server, requests, faults), url: origin, options, jobs };
}

function shellOptions(argv: string[]): Partial<FalFakeOptions> {
  const values = parseFlags(argv, {
    key: TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'fail-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values);
}

if (require.main === module) runFromShell('falServer', () => startFalFake(shellOptions(process.argv.slice(2))));

/**
 * Runway image-to-video (api.dev.runwayml.com), over REST.
 *
 * Contract: /work/shared/reference/video-apis.md §5.1. `POST /v1/image_to_video` with the image as a data URI
 * (`promptImage`; an array with `position: "first" | "last"` for two keyframes) → `{id}`; `GET /v1/tasks/{id}` until
 * `SUCCEEDED | FAILED | CANCELLED`; the MP4 is `output[0]`, a signed link fetched without the key;
 * `DELETE /v1/tasks/{id}` cancels. Every request carries `X-Runway-Version: 2024-11-06`. Runway asks clients not to
 * poll more often than every 5 s, so every status says when to ask again (6 s, as the SDK does).
 *
 * ASSUMPTIONS (marked unconfirmed in the reference):
 *  - `progress` is a 0–1 fraction; a value above 1 is read as a percentage;
 *  - "data URI up to 5 MB" is read as at most 5,000,000 characters of URI, so the encoded image may be at most
 *    3.7 MB (base64 grows it by a third);
 *  - error bodies are `{"error": "text", "issues"?: [{message}]}`;
 *  - failure codes starting with `SAFETY` or containing `.SAFETY` are content-moderation rejections.
 */
import { z } from 'zod';
import { AnimateError } from '../errors';
import { downloadStream, requestJson, requestOk, type ErrorBodyReader } from './http';
import type { HttpErrorContext, HttpOperation } from './httpErrors';
import {
  formatSize,
  type JobStatus,
  type ModelCapabilities,
  type PreparedImage,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type RemoteJob,
  type VideoProvider,
} from './provider';

export const RUNWAY_DEFAULT_BASE_URL = 'https://api.dev.runwayml.com';
export const RUNWAY_API_VERSION = '2024-11-06';
export const RUNWAY_DEFAULT_TIMEOUT_MS = 120_000;
/** Runway: "don't poll faster than every 5 s"; the SDK waits 6 s (± jitter). */
export const RUNWAY_POLL_INTERVAL_MS = 6_000;
/** `promptText` limit, in UTF-16 code units (JavaScript string length). */
export const RUNWAY_MAX_PROMPT_LENGTH = 1000;
/** The longest data URI we send (the API takes "up to 5 MB"; read as 5,000,000 characters). */
export const RUNWAY_MAX_DATA_URI_LENGTH = 5_000_000;
/** The largest encoded image whose data URI stays within `RUNWAY_MAX_DATA_URI_LENGTH`. */
export const RUNWAY_MAX_IMAGE_BYTES = 3_700_000;

interface RunwayModel {
  readonly id: string;
  readonly label: string;
  /** Output ratios as the API spells them (`1280:720`); offered as sizes `1280x720`. */
  readonly ratios: readonly string[];
  readonly lastFrame: boolean;
}

const RUNWAY_MODELS: readonly RunwayModel[] = [
  { id: 'gen4_turbo', label: 'Gen-4 Turbo', ratios: ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'], lastFrame: false },
  { id: 'gen3a_turbo', label: 'Gen-3 Alpha Turbo', ratios: ['1280:768', '768:1280'], lastFrame: true },
];
const SECONDS = [5, 10] as const;

const sizeOfRatio = (ratio: string): string => ratio.replace(':', 'x');

function capabilities(model: RunwayModel): ModelCapabilities {
  return {
    id: model.id,
    label: model.label,
    sizes: model.ratios.map(sizeOfRatio),
    seconds: SECONDS,
    maxPromptLength: RUNWAY_MAX_PROMPT_LENGTH,
    progress: true,
    cancel: true,
    remix: false,
    lastFrame: model.lastFrame,
    exactInputSize: false,
    maxImageBytes: RUNWAY_MAX_IMAGE_BYTES,
  };
}

export const RunwayOptionsSchema = z.object({
  /** Time allowed per JSON request (submit, status checks, cancel). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type RunwayOptions = z.infer<typeof RunwayOptionsSchema>;

const CreateReplySchema = z.looseObject({ id: z.string().min(1) });

const TaskSchema = z.looseObject({
  id: z.string().optional(),
  status: z.string().min(1),
  progress: z.number().nullish(),
  output: z.array(z.string()).nullish(),
  failure: z.string().nullish(),
  failureCode: z.string().nullish(),
});
type Task = z.infer<typeof TaskSchema>;

/** `{"error":"…","issues":[{"message":"…","path":[…]}]}` (assumed), or the common `{"error":{"message"}}` shape. */
const readRunwayError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.error === 'string') parts.push(record.error);
  else if (typeof record.error === 'object' && record.error !== null && typeof (record.error as { message?: unknown }).message === 'string') {
    parts.push((record.error as { message: string }).message);
  } else if (typeof record.message === 'string') parts.push(record.message);
  if (Array.isArray(record.issues)) {
    for (const issue of record.issues.slice(0, 3)) {
      if (typeof issue !== 'object' || issue === null) continue;
      const { message, path } = issue as { message?: unknown; path?: unknown };
      if (typeof message !== 'string') continue;
      parts.push(Array.isArray(path) && path.length > 0 ? `${path.join('.')}: ${message}` : message);
    }
  }
  const code = typeof record.code === 'string' ? record.code : undefined;
  return { ...(parts.length > 0 ? { message: parts.join('; ') } : {}), ...(code ? { code } : {}) };
};

function parseOptions(raw: Readonly<Record<string, unknown>> | undefined): RunwayOptions {
  const parsed = RunwayOptionsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`).join('; ');
  throw new AnimateError('bad-input', `Invalid runway provider options — ${problems}.`);
}

function resolveBaseUrl(raw: string | undefined): string {
  const text = raw?.trim() || RUNWAY_DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AnimateError('bad-input', `The Runway base URL "${text}" is not a valid URL (expected ${RUNWAY_DEFAULT_BASE_URL}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AnimateError('bad-input', `The Runway base URL "${text}" must start with https://.`);
  if (url.username || url.password) throw new AnimateError('bad-input', 'The Runway base URL must not contain a user name or password.');
  if (url.search || url.hash) throw new AnimateError('bad-input', `The Runway base URL "${text}" must not have a query or fragment.`);
  return url.href.replace(/\/+$/, '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** 0–1 fraction → percent; a value above 1 is already a percentage. */
export function runwayProgressPercent(progress: number | null | undefined): number | undefined {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return undefined;
  const percent = progress <= 1 ? progress * 100 : progress;
  return Math.round(Math.min(100, Math.max(0, percent)));
}

function dataUri(image: PreparedImage): string {
  return `data:${image.mime};base64,${Buffer.from(image.bytes).toString('base64')}`;
}

export function createRunwayProvider(ctx: ProviderContext): VideoProvider {
  const options = parseOptions(ctx.options);
  const unknownOptions = Object.keys(ctx.options ?? {}).filter((key) => !(key in RunwayOptionsSchema.shape));
  if (unknownOptions.length > 0) ctx.log.warn(`runway: ignoring unknown option(s) ${unknownOptions.join(', ')}`);

  const info: ProviderInfo = {
    id: 'runway',
    label: 'Runway',
    needsKey: true,
    keyEnv: ['RUNWAYML_API_SECRET'],
    defaultBaseUrl: RUNWAY_DEFAULT_BASE_URL,
    models: RUNWAY_MODELS.map(capabilities),
  };
  const timeoutMs = options.timeoutMs ?? RUNWAY_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = `Set a valid API secret with ${info.keyEnv.join(' or ')} (CLI) or the extension's "Set API Key" command.`;

  let base: string | undefined;
  function baseUrl(): string {
    if (base) return base;
    base = resolveBaseUrl(ctx.baseUrl);
    const url = new URL(base);
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) ctx.log.warn(`runway: base URL uses plain http to ${url.host}; the API secret travels unencrypted`);
    return base;
  }

  function headers(): Record<string, string> {
    if (!ctx.apiKey) throw new AnimateError('auth', `No API secret for ${info.label}. ${keyHint}`);
    return { authorization: `Bearer ${ctx.apiKey}`, 'x-runway-version': RUNWAY_API_VERSION };
  }

  function context(operation: HttpOperation, extra: Partial<HttpErrorContext> = {}): HttpErrorContext {
    let host = 'api.dev.runwayml.com';
    try {
      host = new URL(baseUrl()).host;
    } catch {
      // an invalid base URL is reported by the request itself
    }
    return { host, operation, keyHint, secrets, ...extra };
  }

  const taskUrl = (id: string): string => `${baseUrl()}/v1/tasks/${encodeURIComponent(id)}`;

  function checkRequest(request: PreparedRequest): { model: RunwayModel; ratio: string } {
    const model = RUNWAY_MODELS.find((m) => m.id === request.model);
    if (!model) throw new AnimateError('bad-input', `${info.label} has no model "${request.model}". Choose one of: ${RUNWAY_MODELS.map((m) => m.id).join(', ')}.`);
    const size = formatSize(request.size);
    const ratio = model.ratios.find((r) => sizeOfRatio(r) === size);
    if (!ratio) throw new AnimateError('bad-input', `${model.id} makes videos of ${model.ratios.map(sizeOfRatio).join(', ')}, not ${size}.`);
    if (!(SECONDS as readonly number[]).includes(request.seconds)) {
      throw new AnimateError('bad-input', `${model.id} makes clips of ${SECONDS.join(' or ')} seconds, not ${request.seconds}.`);
    }
    if (request.prompt.length > RUNWAY_MAX_PROMPT_LENGTH) {
      throw new AnimateError('bad-input', `The prompt has ${request.prompt.length} characters; Runway takes at most ${RUNWAY_MAX_PROMPT_LENGTH}.`);
    }
    if (request.lastFrame && !model.lastFrame) {
      throw new AnimateError('bad-input', `${model.id} takes a first frame only; use gen3a_turbo to animate between two images.`);
    }
    for (const [which, image] of [['image', request.image], ['last frame', request.lastFrame]] as const) {
      if (!image) continue;
      if (image.bytes.byteLength > RUNWAY_MAX_IMAGE_BYTES) {
        throw new AnimateError(
          'bad-input',
          `The encoded ${which} is ${(image.bytes.byteLength / 1e6).toFixed(2)} MB; Runway takes images as data URIs of at most 5 MB, ` +
            `so the image itself must stay under ${RUNWAY_MAX_IMAGE_BYTES / 1e6} MB. Use a smaller size or a JPEG.`,
        );
      }
    }
    return { model, ratio };
  }

  function statusOf(job: RemoteJob, task: Task): JobStatus {
    const progress = runwayProgressPercent(task.progress);
    const extra = { pollAfterMs: RUNWAY_POLL_INTERVAL_MS, ...(progress !== undefined ? { progress } : {}) };
    switch (task.status) {
      case 'PENDING':
      case 'THROTTLED':
        return { state: 'queued', pollAfterMs: RUNWAY_POLL_INTERVAL_MS };
      case 'RUNNING':
        return { state: 'running', ...extra };
      case 'SUCCEEDED': {
        const url = task.output?.[0];
        if (!url) return { state: 'failed', reason: `Runway reports task ${job.id} as done but gave no video link.`, code: 'NO_OUTPUT' };
        return { state: 'succeeded', job: { ...job, data: { ...job.data, videoUrl: url } } };
      }
      case 'FAILED': {
        const code = task.failureCode || undefined;
        const said = task.failure ? `: ${task.failure}` : '';
        const moderated = code !== undefined && /(^|\.)SAFETY(\.|$)/.test(code);
        const reason = moderated
          ? `Runway's content moderation rejected the job${said} (${code}). Change the prompt or the image.`
          : `Runway failed the task${said}${code ? ` (${code})` : ''}.`;
        return { state: 'failed', reason, ...(code ? { code } : {}) };
      }
      case 'CANCELLED':
        return { state: 'failed', reason: `Runway task ${job.id} was cancelled.`, code: 'CANCELLED' };
      default:
        return {
          state: 'failed',
          reason: `Runway reports task ${job.id} as "${task.status}", which this client does not know; treating it as ended.`,
          code: task.status,
        };
    }
  }

  return {
    info,

    async submit(request, signal) {
      const { model, ratio } = checkRequest(request);
      const first = dataUri(request.image);
      const last = request.lastFrame ? dataUri(request.lastFrame) : undefined;
      if (first.length > RUNWAY_MAX_DATA_URI_LENGTH || (last?.length ?? 0) > RUNWAY_MAX_DATA_URI_LENGTH) {
        throw new AnimateError('bad-input', `The image as a data URI is over 5 MB, Runway's limit; keep the image under ${RUNWAY_MAX_IMAGE_BYTES / 1e6} MB.`);
      }
      const prompt = request.prompt.trim();
      const body = {
        model: model.id,
        promptImage: last
          ? [
              { uri: first, position: 'first' },
              { uri: last, position: 'last' },
            ]
          : first,
        ratio,
        duration: request.seconds,
        ...(prompt ? { promptText: prompt } : {}),
      };
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ratio ${ratio}, ${request.seconds} s, image ${request.image.width}x${request.image.height} ${request.image.mime}${last ? ' + last frame' : ''}`;
      const started = Date.now();
      let id: string;
      try {
        const { body: reply } = await requestJson(
          `${baseUrl()}/v1/image_to_video`,
          { method: 'POST', headers: headers(), json: body, signal, timeoutMs },
          CreateReplySchema,
          context('submit', {
            notFoundHint: `Check the base URL (${baseUrl()}; the API is ${RUNWAY_DEFAULT_BASE_URL}).`,
            badRequestHint: `(Sent ${sent}.)`,
          }),
          readRunwayError,
        );
        id = reply.id;
      } catch (error) {
        throw submitFailure(error, signal);
      }
      ctx.log.info(`runway: submitted ${id} (${sent}) in ${Date.now() - started} ms`);
      return { provider: info.id, id, model: model.id, data: { size, seconds: String(request.seconds) } };
    },

    async poll(job, signal) {
      const { body } = await requestJson(
        taskUrl(job.id),
        { headers: headers(), signal, timeoutMs },
        TaskSchema,
        context('poll', { notFoundHint: `Task ${job.id} is unknown there: it may have been deleted, or expired.` }),
        readRunwayError,
      );
      ctx.log.debug(`runway: ${job.id} ${body.status}${typeof body.progress === 'number' ? ` ${body.progress}` : ''}`);
      return statusOf(job, body);
    },

    async download(job, signal) {
      const link = job.data?.videoUrl;
      if (!link) throw new AnimateError('provider', `No video link is known for Runway task ${job.id}; check its status first.`);
      let url: URL;
      try {
        url = new URL(link);
      } catch {
        throw new AnimateError('provider', `Runway gave a video link that is not a URL for task ${job.id}.`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new AnimateError('provider', `Runway gave a ${url.protocol} video link for task ${job.id}; only http(s) can be downloaded.`);
      }
      const expired = 'Runway keeps output links for 24–48 h; after that the video must be made again.';
      try {
        // A signed link: no key (it must not go to the storage host).
        return await downloadStream(url.href, { signal }, { host: url.host, operation: 'download', keyHint, secrets, notFoundHint: expired });
      } catch (error) {
        if (error instanceof AnimateError && error.details.status === 403) {
          throw new AnimateError('provider', `The Runway video link was refused (403). ${expired}`, { ...error.details, cause: error });
        }
        throw error;
      }
    },

    async cancel(job) {
      try {
        await requestOk(taskUrl(job.id), { method: 'DELETE', headers: headers(), signal: new AbortController().signal, timeoutMs }, context('cancel'), readRunwayError);
        ctx.log.info(`runway: cancelled ${job.id}`);
      } catch (error) {
        if (error instanceof AnimateError && error.details.status === 404) {
          ctx.log.info(`runway: ${job.id} was already gone when cancelling`);
          return;
        }
        throw error;
      }
    },
  };
}

/**
 * How a submit failed, without inviting a blind retry: an abort mid-request is `cancelled` (the job may exist), and a
 * 2xx answer that cannot be read (not JSON, no id) is `submit-unknown` — the server accepted something.
 */
function submitFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) {
    return new AnimateError('cancelled', 'Cancelled while submitting the job. It may already have been created at Runway.', { cause: error });
  }
  if (!(error instanceof AnimateError) || error.kind !== 'provider') return error;
  const status = error.details.status;
  if (status === undefined || status < 200 || status > 299) return error;
  return new AnimateError('submit-unknown', `${error.message} The task may have been created; check Runway before retrying — a retry is a new paid task.`, {
    ...error.details,
    cause: error,
  });
}

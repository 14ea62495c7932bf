/**
 * Google Veo through the Gemini API (generativelanguage.googleapis.com), called over REST: `@google/genai` 3.x limits
 * `generateVideos` to Vertex, and the REST contract is small.
 *
 * Contract: /work/shared/reference/video-apis.md §5.3. `POST /models/{model}:predictLongRunning` with the image as
 * `instances[0].image.bytesBase64Encoded` → a long-running operation `{name}`; `GET /{name}` until `done`; the video
 * is `response.generateVideoResponse.generatedSamples[0].video.uri`, downloaded with the same `x-goog-api-key`
 * (the download redirects; fetch follows it). Safety filtering shows as `raiMediaFilteredCount`/`…Reasons` with no
 * samples. No progress, no cancel (the operation keeps running and is billed).
 *
 * ASSUMPTIONS (the reference marks per-model values as unconfirmed):
 *  - sizes: 16:9 and 9:16 at 720p (1280x720, 720x1280) for every model, plus 1080p (1920x1080, 1080x1920) for veo 3.x;
 *    the size picks `aspectRatio` and, for veo 3.x only, `resolution` ("720p" | "1080p"); veo-2 gets no `resolution`;
 *  - durations: 8 s for veo 3.x; 5, 6, 7 or 8 s for veo-2 (the cheapest first);
 *  - prompt length: our own guard of 2000 characters (the API counts tokens, not characters);
 *  - the image may be PNG, JPEG or WebP, up to 20 MB (the Gemini API's inline request limit);
 *  - a bad key: Google answers 400 INVALID_ARGUMENT with reason API_KEY_INVALID (or 401 UNAUTHENTICATED): both are
 *    auth errors here; a 429 may carry `google.rpc.RetryInfo.retryDelay`, used as Retry-After when no header is sent.
 */
import { z } from 'zod';
import { AnimateError } from '../errors';
import { base64 } from './dataUri';
import { downloadStream, readCommonErrorBody, requestJson, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { failedStatus, succeededWith } from './jobStatus';
import {
  formatSize,
  type JobStatus,
  type ModelCapabilities,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type RemoteJob,
  type VideoProvider,
} from './provider';
import { errorContexts, hostOr, keyHintFor, lazyBaseUrl, parseBaseUrl, providerOptions, requireKey } from './providerSetup';

export const VEO_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';
export const VEO_DEFAULT_TIMEOUT_MS = 120_000;
/** Google's own samples check an operation every 10 s; a clip takes from ~10 s to several minutes. */
export const VEO_POLL_INTERVAL_MS = 10_000;
/** Our guard, not a documented limit (see the assumptions above). */
export const VEO_MAX_PROMPT_LENGTH = 2000;
export const VEO_MAX_IMAGE_BYTES = 20_000_000;

interface VeoModel {
  readonly id: string;
  readonly label: string;
  readonly sizes: readonly string[];
  readonly seconds: readonly number[];
  /** Veo 3.x takes `parameters.resolution`; veo-2 does not. */
  readonly resolutionParameter: boolean;
}

const SIZES_720P = ['1280x720', '720x1280'] as const;
const SIZES_1080P = ['1920x1080', '1080x1920'] as const;

const VEO_MODELS: readonly VeoModel[] = [
  { id: 'veo-3.1-generate-preview', label: 'Veo 3.1 (preview)', sizes: [...SIZES_720P, ...SIZES_1080P], seconds: [8], resolutionParameter: true },
  { id: 'veo-3.0-generate-001', label: 'Veo 3', sizes: [...SIZES_720P, ...SIZES_1080P], seconds: [8], resolutionParameter: true },
  { id: 'veo-2.0-generate-001', label: 'Veo 2', sizes: [...SIZES_720P], seconds: [5, 6, 7, 8], resolutionParameter: false },
];

function capabilities(model: VeoModel): ModelCapabilities {
  return {
    id: model.id,
    label: model.label,
    sizes: model.sizes,
    seconds: model.seconds,
    maxPromptLength: VEO_MAX_PROMPT_LENGTH,
    progress: false,
    cancel: false,
    remix: false,
    lastFrame: false,
    exactInputSize: false,
    maxImageBytes: VEO_MAX_IMAGE_BYTES,
  };
}

/** `1280x720` → aspect ratio and resolution names of the API. */
function shapeOf(size: string): { aspectRatio: '16:9' | '9:16'; resolution: '720p' | '1080p' } | undefined {
  switch (size) {
    case '1280x720':
      return { aspectRatio: '16:9', resolution: '720p' };
    case '720x1280':
      return { aspectRatio: '9:16', resolution: '720p' };
    case '1920x1080':
      return { aspectRatio: '16:9', resolution: '1080p' };
    case '1080x1920':
      return { aspectRatio: '9:16', resolution: '1080p' };
    default:
      return undefined;
  }
}

export const VeoOptionsSchema = z.object({
  /** Time allowed per JSON request (submit and status checks). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type VeoOptions = z.infer<typeof VeoOptionsSchema>;

const OperationStartSchema = z.looseObject({ name: z.string().min(1) });

const OperationSchema = z.looseObject({
  name: z.string().optional(),
  done: z.boolean().optional(),
  error: z.looseObject({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() }).optional(),
  response: z
    .looseObject({
      generateVideoResponse: z
        .looseObject({
          generatedSamples: z.array(z.looseObject({ video: z.looseObject({ uri: z.string().optional() }).optional() })).optional(),
          raiMediaFilteredCount: z.number().optional(),
          raiMediaFilteredReasons: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
});
type Operation = z.infer<typeof OperationSchema>;

/** An operation name as the API makes them (`models/veo-…/operations/abc123`): safe to put in a path. */
const OPERATION_NAME = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)*$/;

/**
 * Google's `{"error":{"code":400,"message","status","details":[…]}}`: the message, and as code the `ErrorInfo.reason`
 * when there is one (e.g. `API_KEY_INVALID`), else the status. `RetryInfo.retryDelay` goes to `onRetryDelay`.
 */
function googleErrorReader(onRetryDelay: (ms: number) => void): ErrorBodyReader {
  return (body) => {
    const common = readCommonErrorBody(body);
    const error = (body as { error?: { details?: unknown } } | null)?.error;
    const details = Array.isArray(error?.details) ? (error.details as unknown[]) : [];
    let reason: string | undefined;
    for (const item of details) {
      if (typeof item !== 'object' || item === null) continue;
      const record = item as Record<string, unknown>;
      if (typeof record.reason === 'string' && !reason) reason = record.reason;
      if (typeof record.retryDelay === 'string') {
        const seconds = /^(\d+(?:\.\d+)?)s$/.exec(record.retryDelay.trim())?.[1];
        if (seconds !== undefined) onRetryDelay(Math.ceil(Number(seconds) * 1000));
      }
    }
    return { ...common, ...(reason ? { code: reason } : {}) };
  };
}

export function createVeoProvider(ctx: ProviderContext): VideoProvider {
  const options: VeoOptions = providerOptions(VeoOptionsSchema, ctx, 'veo');

  const info: ProviderInfo = {
    id: 'veo',
    label: 'Google Veo (Gemini API)',
    needsKey: true,
    keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    defaultBaseUrl: VEO_DEFAULT_BASE_URL,
    models: VEO_MODELS.map(capabilities),
  };
  const timeoutMs = options.timeoutMs ?? VEO_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv, 'Gemini API key');
  const baseUrl = lazyBaseUrl(ctx, 'veo', (raw) => parseBaseUrl(raw, 'Gemini API base URL', VEO_DEFAULT_BASE_URL, `e.g. ${VEO_DEFAULT_BASE_URL}`));
  const root = (): string => baseUrl().href.replace(/\/+$/, '');
  const apiKey = (): string => requireKey(ctx, info.label, keyHint);
  const context = errorContexts(() => hostOr('generativelanguage.googleapis.com', () => baseUrl().host), keyHint, secrets);

  /** Runs a Google call: a 400 API_KEY_INVALID becomes an auth error, a RetryInfo delay becomes `retryAfterMs`. */
  async function call<T>(run: (readError: ErrorBodyReader) => Promise<T>, host: string): Promise<T> {
    let retryDelayMs: number | undefined;
    const readError = googleErrorReader((ms) => {
      retryDelayMs = ms;
    });
    try {
      return await run(readError);
    } catch (error) {
      if (!(error instanceof AnimateError)) throw error;
      if (error.details.code === 'API_KEY_INVALID') {
        throw new AnimateError('auth', `The API key was rejected by ${host} (${error.details.status ?? 400} API_KEY_INVALID). ${keyHint}`, {
          ...error.details,
          cause: error,
        });
      }
      if (error.kind === 'rate-limit' && error.details.retryAfterMs === undefined && retryDelayMs !== undefined) {
        const seconds = Math.max(1, Math.ceil(retryDelayMs / 1000));
        throw new AnimateError('rate-limit', `${error.message} Retry in ${seconds} s.`, { ...error.details, retryAfterMs: retryDelayMs, cause: error });
      }
      throw error;
    }
  }

  function checkRequest(request: PreparedRequest): { model: VeoModel; shape: NonNullable<ReturnType<typeof shapeOf>> } {
    const model = VEO_MODELS.find((m) => m.id === request.model);
    if (!model) throw new AnimateError('bad-input', `${info.label} has no model "${request.model}". Choose one of: ${VEO_MODELS.map((m) => m.id).join(', ')}.`);
    const size = formatSize(request.size);
    const shape = shapeOf(size);
    if (!shape || !model.sizes.includes(size)) throw new AnimateError('bad-input', `${model.id} makes videos of ${model.sizes.join(', ')}, not ${size}.`);
    if (!model.seconds.includes(request.seconds)) {
      throw new AnimateError('bad-input', `${model.id} makes clips of ${model.seconds.join(', ')} seconds, not ${request.seconds}.`);
    }
    if (request.prompt.length > VEO_MAX_PROMPT_LENGTH) {
      throw new AnimateError('bad-input', `The prompt has ${request.prompt.length} characters; ${info.label} takes at most ${VEO_MAX_PROMPT_LENGTH} here.`);
    }
    if (request.lastFrame) throw new AnimateError('bad-input', 'The Gemini API does not take a last frame for Veo; send only the first image.');
    if (request.image.bytes.byteLength > VEO_MAX_IMAGE_BYTES) {
      throw new AnimateError(
        'bad-input',
        `The encoded image is ${(request.image.bytes.byteLength / 1e6).toFixed(1)} MB; the Gemini API takes at most ${VEO_MAX_IMAGE_BYTES / 1e6} MB inline.`,
      );
    }
    return { model, shape };
  }

  function statusOf(job: RemoteJob, operation: Operation): JobStatus {
    if (!operation.done) return { state: 'running', pollAfterMs: VEO_POLL_INTERVAL_MS };
    if (operation.error) {
      const code = operation.error.status ?? (operation.error.code !== undefined ? String(operation.error.code) : undefined);
      const message = operation.error.message || 'no reason given';
      return failedStatus(`Google Veo failed the job: ${message}${code ? ` (${code})` : ''}.`, code);
    }
    const result = operation.response?.generateVideoResponse;
    const uri = result?.generatedSamples?.find((sample) => sample.video?.uri)?.video?.uri;
    if (uri) return succeededWith(job, { videoUri: uri });
    if ((result?.raiMediaFilteredCount ?? 0) > 0) {
      const reasons = result?.raiMediaFilteredReasons?.filter((r) => r.trim()).join('; ') || 'no reason given';
      return { state: 'failed', reason: `Google's safety filter removed the video: ${reasons}`, code: 'RAI_MEDIA_FILTERED' };
    }
    return { state: 'failed', reason: `Google Veo finished job ${job.id} without a video and without saying why.`, code: 'NO_VIDEO' };
  }

  return {
    info,

    async submit(request, signal) {
      const { model, shape } = checkRequest(request);
      const key = apiKey();
      const prompt = request.prompt.trim();
      const body = {
        instances: [
          {
            ...(prompt ? { prompt } : {}),
            image: { bytesBase64Encoded: base64(request.image.bytes), mimeType: request.image.mime },
          },
        ],
        parameters: {
          aspectRatio: shape.aspectRatio,
          durationSeconds: request.seconds,
          ...(model.resolutionParameter ? { resolution: shape.resolution } : {}),
          sampleCount: 1,
        },
      };
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ${size} (${shape.aspectRatio}${model.resolutionParameter ? `, ${shape.resolution}` : ''}), ${request.seconds} s, image ${request.image.width}x${request.image.height} ${request.image.mime}`;
      const started = Date.now();
      const extra = {
        notFoundHint: `Check the base URL (${root()}) and that ${model.id} is available to this key.`,
        badRequestHint: `(Sent ${sent}.)`,
      };
      let name: string;
      try {
        const { body: reply } = await call(
          (readError) =>
            requestJson(
              `${root()}/models/${encodeURIComponent(model.id)}:predictLongRunning`,
              { method: 'POST', headers: { 'x-goog-api-key': key }, json: body, signal, timeoutMs },
              OperationStartSchema,
              context('submit', extra),
              readError,
            ),
          context('submit').host,
        );
        name = reply.name;
      } catch (error) {
        throw submitFailure(error, signal, 'Google', 'The job may have been created; check before retrying — a retry is a new paid job.');
      }
      if (!OPERATION_NAME.test(name) || name.split('/').includes('..')) {
        throw new AnimateError(
          'submit-unknown',
          `${context('submit').host} answered the submit with an operation name that is not usable ("${name.slice(0, 80)}"). ` +
            'The job may have been created; check before retrying — a retry is a new paid job.',
        );
      }
      ctx.log.info(`veo: submitted ${name} (${sent}) in ${Date.now() - started} ms`);
      return { provider: info.id, id: name, model: model.id, data: { size, seconds: String(request.seconds) } };
    },

    async poll(job, signal) {
      if (!OPERATION_NAME.test(job.id) || job.id.split('/').includes('..')) {
        throw new AnimateError('provider', `"${job.id}" is not a Gemini API operation name.`);
      }
      const { body } = await call(
        (readError) =>
          requestJson(
            `${root()}/${job.id}`,
            { headers: { 'x-goog-api-key': apiKey() }, signal, timeoutMs },
            OperationSchema,
            context('poll', { notFoundHint: `The operation ${job.id} is unknown there: it may have expired (operations are kept about 2 days).` }),
            readError,
          ),
        context('poll').host,
      );
      ctx.log.debug(`veo: ${job.id} ${body.done ? 'done' : 'running'}`);
      return statusOf(job, body);
    },

    async download(job, signal) {
      const uri = job.data?.videoUri;
      if (!uri) throw new AnimateError('provider', `No video address is known for Veo job ${job.id}; check its status first.`);
      let url: URL;
      try {
        url = new URL(uri, baseUrl());
      } catch {
        throw new AnimateError('provider', `Google gave a video address that is not a URL for ${job.id}.`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new AnimateError('provider', `Google gave a ${url.protocol} video address for ${job.id}; only http(s) can be downloaded.`);
      }
      // The key goes only to the API's own host; any other host must be a signed link that needs none.
      const sameOrigin = url.origin === baseUrl().origin;
      if (!sameOrigin) ctx.log.warn(`veo: the video of ${job.id} is on ${url.host}, not ${baseUrl().host}; downloading without the API key`);
      const headers: Record<string, string> = sameOrigin ? { 'x-goog-api-key': apiKey() } : {};
      ctx.log.info(`veo: downloading ${job.id} from ${url.host}`);
      return call(
        (readError) =>
          downloadStream(
            url.href,
            { headers, signal },
            { host: url.host, operation: 'download', keyHint, secrets, notFoundHint: 'The video file may have expired (Google keeps generated videos about 2 days).' },
            readError,
          ),
        url.host,
      );
    },
  };
}

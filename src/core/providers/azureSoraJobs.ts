/**
 * Azure OpenAI Sora (first generation) through the "jobs" API — the API the widely used Azure image-to-video script
 * (`AZURE_OPENAI_VIDEO_API_MODE=jobs`) talks to.
 *
 * Retired by Microsoft (gone from the current docs, no date published): kept only for users whose deployment still
 * answers; a 404 / DeploymentNotFound says so. Contract and dated facts:
 * docs/providers.md#3-azure-sora-jobs--first-azure-sora-jobs-api. Everything lives under
 * `{endpoint}/openai/v1/video/generations/…?api-version=preview` with an `api-key` header:
 * - `POST …/jobs` as multipart: text fields `prompt`, `height`, `width`, `n_seconds`, `n_variants`, `model` (the
 *   deployment name), `inpaint_items` (a JSON *string*) and one `files` part per inpaint item, named as the item's
 *   `file_name`. Two items (frame 0 and the last frame) animate between two images.
 * - `GET …/jobs/{id}` until `succeeded|failed|cancelled`; there is no progress percentage, so the statuses map to a
 *   coarse one.
 * - `GET …/video/generations/{generation-id}/content/video` streams the MP4; `DELETE …/jobs/{id}` cancels (204).
 *
 * Errors come as `{"error":{code,message}}` or bare `{code,message,inner_error}` (the spec's shape); both are read.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { azureResourceRoot } from './endpoints';
import { catalogInfo, labelText, live, type CatalogModel, type Label, type ProviderCatalog } from './catalog';
import { runCheck } from './connectionCheck';
import { downloadStream, requestJson, requestOk, type ErrorBodyReader } from './http';
import { acceptedButUnreadable, cancelledWhile, redactSecrets, type HttpOperation } from './httpErrors';
import { refuseLongPrompt } from './requestChecks';
import { failedStatus, succeededWith } from './jobStatus';
import {
  type JobStatus,
  type ConnectionCheck,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type RemoteJob,
  type VideoProvider,
} from './provider';
import { formatSize, type ImageMime } from '../types';
import { type PreparedImage } from '../image/prepare';
import { errorContexts, hostOr, keyHintFor, providerOptions, requireKey } from './providerSetup';

export const AZURE_SORA_JOBS_ID = 'azure-sora-jobs';
export const AZURE_SORA_JOBS_DEFAULT_API_VERSION = 'preview';
/** The model id offered when no deployment name is configured; any deployment name is accepted as the model. */
export const AZURE_SORA_JOBS_TEMPLATE_MODEL = 'sora';
/**
 * Supported output sizes (§2.3), both orientations. 1920x1080 first: the Azure script users come from defaults to it.
 * Not every size allows every variant count, but we always ask for one variant.
 */
export const AZURE_SORA_JOBS_SIZES = [
  '1920x1080',
  '1080x1920',
  '1280x720',
  '720x1280',
  '1080x1080',
  '720x720',
  '854x480',
  '480x854',
  '480x480',
] as const;
/** Durations offered (the script's choices); the API itself takes any whole number of seconds from 1 to 20. */
export const AZURE_SORA_JOBS_SECONDS = [5, 10, 15, 20] as const;
const API_MIN_SECONDS = 1;
const API_MAX_SECONDS = 20;
/**
 * Frames per second assumed when placing the last frame: `frame_index = seconds × fps − 1`. Sora (first generation)
 * renders 30 fps; the spec does not state it, so the `fps` option can correct it.
 */
export const AZURE_SORA_JOBS_DEFAULT_FPS = 30;
/** Our own guard (the spec documents no prompt limit): long enough for any sensible prompt, short enough to catch mistakes. */
export const AZURE_SORA_JOBS_MAX_PROMPT_LENGTH = 4000;
/** Our own guard for each uploaded image; fitted 1920x1080 PNGs stay far below it. */
export const AZURE_SORA_JOBS_MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Per-request timeout for submit/poll/cancel (downloads are not time-limited: a large MP4 may take long). */
export const AZURE_SORA_JOBS_DEFAULT_TIMEOUT_MS = 120_000;
const CANCEL_TIMEOUT_MS = 30_000;

const FULL_CROP = { left_fraction: 0, top_fraction: 0, right_fraction: 1, bottom_fraction: 1 } as const;

/** Provider options (`ctx.options`), validated when the provider is created. */
export const AzureSoraJobsOptionsSchema = z.object({
  /** The `api-version` query value (default `preview`; AZURE_OPENAI_API_VERSION in the Azure script's `.env`). */
  apiVersion: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, 'must look like "preview" or "2025-02-15-preview"')
    .optional(),
  /** The deployment name (AZURE_OPENAI_SORA_DEPLOYMENT), offered as the model id. */
  deployment: z.string().trim().min(1).optional(),
  /** Frame rate used to compute the last frame's index (default 30). */
  fps: z.number().int().min(1).max(120).optional(),
  /** Time allowed per submit/poll/cancel request. */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type AzureSoraJobsOptions = z.infer<typeof AzureSoraJobsOptionsSchema>;

/** The job fields this client relies on; everything else is passed over. */
const JobSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  failure_reason: z.string().nullish(),
  generations: z.array(z.looseObject({ id: z.string().min(1) })).nullish(),
});
type Job = z.infer<typeof JobSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Reads `{"error":{code,message,inner_error}}` and the spec's bare `{code,message,param,type,inner_error}`.
 * A content-filter verdict hidden in `inner_error.code` is surfaced in the message.
 */
export const readAzureErrorBody: ErrorBodyReader = (body) => {
  if (!isRecord(body)) return {};
  const inner = isRecord(body.error) ? body.error : body;
  let message = text(inner.message) ?? text(body.message);
  const code = text(inner.code) ?? text(body.code);
  const innerError = isRecord(inner.inner_error)
    ? inner.inner_error
    : isRecord(inner.innererror)
      ? inner.innererror
      : undefined;
  const innerCode = text(innerError?.code);
  if (innerCode === 'ResponsibleAIPolicyViolation') {
    const verdict = l10n.t("(Azure's content filter: {0})", innerCode);
    message = message ? `${message} ${verdict}` : verdict;
  }
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
};

/** Plain words for `failure_reason`. */
function describeFailure(reason: string | null | undefined): string {
  switch (reason) {
    case 'input_moderation':
      return l10n.t("Azure's content filter rejected the input image or prompt");
    case 'output_moderation':
      return l10n.t("Azure's content filter rejected the generated video");
    case 'internal_error':
      return l10n.t('Azure had an internal error; try again');
    case null:
    case undefined:
    case '':
      return l10n.t('Azure gave no reason');
    default:
      return l10n.t('Azure gave the reason "{0}"', reason);
  }
}

interface Endpoint {
  /** Resource root without a trailing slash, e.g. `https://res.openai.azure.com` (a proxy's path prefix is kept). */
  readonly root: string;
  readonly host: string;
  readonly apiVersion: string;
}

/** What the endpoint messages tell the user to set, and an example of it. */
const ENDPOINT_ENV = 'AZURE_OPENAI_ENDPOINT';
const ENDPOINT_EXAMPLE = 'https://YOUR-RESOURCE.openai.azure.com';

/**
 * `https://res.openai.azure.com`, `…/`, `…/openai`, `…/openai/v1/` and even a pasted jobs URL all name the same
 * resource root. An `api-version` in a pasted URL is used when the option does not set one.
 */
export function resolveAzureEndpoint(raw: string | undefined, apiVersionOption?: string): Endpoint {
  const trimmed = raw?.trim() ?? '';
  if (!trimmed)
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'Azure OpenAI Sora (jobs API) needs the resource endpoint: set {0} / the endpoint setting to your resource, e.g. {1}.',
        ENDPOINT_ENV,
        ENDPOINT_EXAMPLE,
      ),
    );
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'The Azure endpoint "{0}" is not a valid URL: set {1} / the endpoint setting to your resource, e.g. {2}.',
        trimmed,
        ENDPOINT_ENV,
        ENDPOINT_EXAMPLE,
      ),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'The Azure endpoint "{0}" must start with https://: set {1} / the endpoint setting to your resource, e.g. {2}.',
        trimmed,
        ENDPOINT_ENV,
        ENDPOINT_EXAMPLE,
      ),
    );
  }
  if (url.username || url.password) {
    throw new AnimateError(
      'bad-input',
      l10n.t('The Azure endpoint must not contain a user name or password; use the API key setting.'),
    );
  }
  const fromUrl = url.searchParams.get('api-version')?.trim() || undefined;
  return {
    root: azureResourceRoot(url),
    host: url.host,
    apiVersion: apiVersionOption ?? fromUrl ?? AZURE_SORA_JOBS_DEFAULT_API_VERSION,
  };
}

const AZURE_SORA_JOBS_SOURCE = 'https://learn.microsoft.com/azure/foundry/openai/concepts/video-generation';

/** Said on every 404 / DeploymentNotFound: the most likely reason today is the retirement, not a typo. */
export const AZURE_SORA_JOBS_RETIRED_HINT =
  'Microsoft retired the first Sora (this jobs API; no date published) and its successor Sora 2 (2026-10-15): a 404 or DeploymentNotFound ' +
  'most likely means the deployment no longer exists.';

/** The same sentence in the display language, for messages (the catalog's note above is data, kept in English). */
const retiredHint = (): string =>
  l10n.t(
    'Microsoft retired the first Sora (this jobs API; no date published) and its successor Sora 2 (2026-10-15): a 404 or DeploymentNotFound most likely means the deployment no longer exists.',
  );

function capabilities(id: string, label: Label): CatalogModel {
  return {
    id,
    get label() {
      return labelText(label);
    },
    sizes: AZURE_SORA_JOBS_SIZES,
    seconds: AZURE_SORA_JOBS_SECONDS,
    maxPromptLength: AZURE_SORA_JOBS_MAX_PROMPT_LENGTH,
    progress: false,
    cancel: true,
    remix: false,
    lastFrame: true,
    maxImageBytes: AZURE_SORA_JOBS_MAX_IMAGE_BYTES,
    extras: [],
    prices: [],
    lifecycle: { state: 'retired', successor: 'sora-2' },
    checked: '2026-11-30',
    source: AZURE_SORA_JOBS_SOURCE,
  };
}

/**
 * The first Azure Sora: retired. The "model" is the user's deployment name; one that still answers is used by giving
 * it (the `deployment` option, `--model`, or a custom model). docs/providers.md has the same table.
 */
export const azureSoraJobsCatalog: ProviderCatalog = {
  id: AZURE_SORA_JOBS_ID,
  get label() {
    return l10n.t('Azure OpenAI Sora (jobs API) — retired by Microsoft');
  },
  needsKey: true,
  keyEnv: ['AZURE_OPENAI_API_KEY'],
  acceptsCustomModels: true,
  anyModelId: true,
  deploymentNames: true,
  lifecycle: { state: 'retired', successor: 'sora-2' },
  note: AZURE_SORA_JOBS_RETIRED_HINT,
  models: [capabilities(AZURE_SORA_JOBS_TEMPLATE_MODEL, () => l10n.t('Sora (first generation)'))],
};

const EXTENSIONS: Record<ImageMime, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' };

/**
 * Upload names: ASCII (they travel in a Content-Disposition header and must equal `file_name` byte for byte),
 * with the extension of the actual bytes, and distinct from each other.
 */
export function uploadNames(images: readonly PreparedImage[]): string[] {
  const used = new Set<string>();
  return images.map((image, index) => {
    const base =
      image.fileName
        .replace(/^.*[\\/]/, '')
        .replace(/\.[^.]*$/, '')
        .replace(/[^A-Za-z0-9_-]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 60) || 'image';
    let name = `${base}${EXTENSIONS[image.mime]}`;
    if (used.has(name)) name = `${base}-${index === images.length - 1 ? 'last' : index + 1}${EXTENSIONS[image.mime]}`;
    used.add(name);
    return name;
  });
}

export function createAzureSoraJobsProvider(ctx: ProviderContext): VideoProvider {
  const options: AzureSoraJobsOptions = providerOptions(AzureSoraJobsOptionsSchema, ctx, AZURE_SORA_JOBS_ID);

  // A configured deployment is the user saying it still answers: offered (with the provider's retirement warning).
  const listed = catalogInfo(azureSoraJobsCatalog, ctx.customModels);
  const configured: CatalogModel | undefined = options.deployment
    ? { ...capabilities(options.deployment, `Sora (deployment "${options.deployment}")`), lifecycle: live }
    : undefined;
  const info: ProviderInfo = configured ? { ...listed, models: [configured, ...listed.models] } : listed;
  const fps = options.fps ?? AZURE_SORA_JOBS_DEFAULT_FPS;
  const timeoutMs = options.timeoutMs ?? AZURE_SORA_JOBS_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv, 'key', ` ${l10n.t('(Azure portal → your resource → Keys and Endpoint)')}`);

  let cached: { endpoint: Endpoint; apiKey: string } | undefined;

  /** Endpoint and key, checked on first use so that listing providers needs neither. */
  function connection(): { endpoint: Endpoint; apiKey: string } {
    if (cached) return cached;
    const endpoint = resolveAzureEndpoint(ctx.baseUrl, options.apiVersion);
    const apiKey = requireKey(ctx, info.label, keyHint);
    if (endpoint.root.startsWith('http:') && !/^(localhost|127\.|\[::1\])/.test(endpoint.host)) {
      ctx.log.warn(
        `${AZURE_SORA_JOBS_ID}: endpoint uses plain http to ${endpoint.host}; the API key travels unencrypted`,
      );
    }
    cached = { endpoint, apiKey };
    return cached;
  }

  function url(path: string): string {
    const { endpoint } = connection();
    return `${endpoint.root}/openai/v1/video/generations${path}?api-version=${encodeURIComponent(endpoint.apiVersion)}`;
  }

  function headers(): Record<string, string> {
    return { 'api-key': connection().apiKey };
  }

  const host = (): string => cached?.endpoint.host ?? 'Azure OpenAI';
  const errorContext = errorContexts(host, keyHint, secrets);

  /** Aborts keep their meaning (the runner recognises them); everything else is already an AnimateError from http.ts. */
  function rethrow(error: unknown, operation: HttpOperation, signal: AbortSignal): never {
    if (signal.aborted && !(error instanceof AnimateError)) throw cancelledWhile(operation, host(), { cause: error });
    throw error;
  }

  function checkRequest(request: PreparedRequest): void {
    const size = formatSize(request.size);
    if (!(AZURE_SORA_JOBS_SIZES as readonly string[]).includes(size)) {
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} makes videos of {1}, not {2}.', info.label, AZURE_SORA_JOBS_SIZES.join(', '), size),
      );
    }
    if (!Number.isInteger(request.seconds) || request.seconds < API_MIN_SECONDS || request.seconds > API_MAX_SECONDS) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} makes clips of {1} to {2} whole seconds, not {3}.',
          info.label,
          API_MIN_SECONDS,
          API_MAX_SECONDS,
          request.seconds,
        ),
      );
    }
    refuseLongPrompt(request.prompt, info.label, AZURE_SORA_JOBS_MAX_PROMPT_LENGTH);
    if (!request.model.trim())
      throw new AnimateError('bad-input', l10n.t('{0} needs the deployment name as the model.', info.label));
    for (const image of request.lastFrame ? [request.image, request.lastFrame] : [request.image]) {
      if (image.bytes.byteLength > AZURE_SORA_JOBS_MAX_IMAGE_BYTES) {
        throw new AnimateError(
          'bad-input',
          l10n.t(
            'The encoded image {0} is {1} MB; the limit here is {2} MB.',
            image.fileName,
            (image.bytes.byteLength / 1048576).toFixed(1),
            AZURE_SORA_JOBS_MAX_IMAGE_BYTES / 1048576,
          ),
        );
      }
    }
  }

  function statusOf(job: Job, remote: RemoteJob): JobStatus {
    switch (job.status) {
      case 'queued':
        return { state: 'queued' };
      case 'preprocessing':
        return { state: 'queued', progress: 10 };
      case 'running':
        return { state: 'running', progress: 30 };
      case 'processing':
        return { state: 'running', progress: 80 };
      case 'succeeded': {
        const generationId = job.generations?.[0]?.id;
        if (!generationId)
          return failedStatus(
            l10n.t('{0} reports job {1} as succeeded but lists no generated video.', info.label, job.id),
            'no_generation',
          );
        return succeededWith(remote, { generationId });
      }
      case 'failed': {
        const code = job.failure_reason ?? undefined;
        return failedStatus(
          l10n.t(
            '{0} failed the job: {1}',
            info.label,
            `${describeFailure(job.failure_reason)}${code ? ` (${redactSecrets(code, secrets)})` : ''}.`,
          ),
          code,
        );
      }
      case 'cancelled':
        return {
          state: 'failed',
          reason: l10n.t('{0} reports the job as cancelled.', info.label),
          code: 'cancelled',
        };
      default:
        return {
          state: 'failed',
          reason: l10n.t(
            '{0} reports the job as "{1}", which is not a state this client knows ({2}); treating it as ended.',
            info.label,
            redactSecrets(job.status, secrets),
            'preprocessing, queued, running, processing, succeeded, failed, cancelled',
          ),
          code: job.status,
        };
    }
  }

  return {
    info,

    async submit(request, signal) {
      checkRequest(request);
      const size = formatSize(request.size);
      const images = request.lastFrame ? [request.image, request.lastFrame] : [request.image];
      const names = uploadNames(images);
      const lastFrameIndex = request.seconds * fps - 1;
      const inpaintItems = images.map((_, index) => ({
        frame_index: index === 0 ? 0 : lastFrameIndex,
        type: 'image',
        file_name: names[index],
        crop_bounds: { ...FULL_CROP },
      }));
      const form = new FormData();
      form.append('prompt', request.prompt);
      form.append('height', String(request.size.height));
      form.append('width', String(request.size.width));
      form.append('n_seconds', String(request.seconds));
      form.append('n_variants', '1');
      form.append('model', request.model);
      form.append('inpaint_items', JSON.stringify(inpaintItems));
      images.forEach((image, index) =>
        form.append('files', new Blob([image.bytes.slice()], { type: image.mime }), names[index]),
      );

      const sent =
        `sent deployment ${request.model}, ${size}, ${request.seconds} s, ` +
        images
          .map(
            (image, index) => `frame ${inpaintItems[index]?.frame_index}: ${image.width}x${image.height} ${image.mime}`,
          )
          .join(', ');
      const started = Date.now();
      let result: { body: Job; headers: Headers };
      try {
        const target = url('/jobs');
        result = await requestJson(
          target,
          { method: 'POST', headers: headers(), form, signal, timeoutMs },
          JobSchema,
          errorContext('submit', {
            notFoundHint: `${retiredHint()} ${l10n.t(
              'Otherwise check the endpoint ({0}), the deployment name "{1}" and that api-version "{2}" offers the jobs API.',
              connection().endpoint.root,
              request.model,
              connection().endpoint.apiVersion,
            )}`,
            badRequestHint: l10n.t('({0}; supported sizes: {1}.)', sent, AZURE_SORA_JOBS_SIZES.join(', ')),
          }),
          readAzureErrorBody,
        );
      } catch (error) {
        const unreadable = acceptedButUnreadable(
          error,
          l10n.t('The job may have been created; check the Azure portal before retrying — a retry is a new paid job.'),
        );
        if (unreadable) throw unreadable;
        rethrow(error, 'submit', signal);
      }
      const job = result.body;
      const requestId = result.headers.get('apim-request-id');
      ctx.log.info(
        `${AZURE_SORA_JOBS_ID}: submitted ${job.id} (${job.status}; ${sent}) in ${Date.now() - started} ms${requestId ? `, request ${requestId}` : ''}`,
      );
      return {
        provider: info.id,
        id: job.id,
        model: request.model,
        data: { size, seconds: String(request.seconds), frames: String(images.length) },
      };
    },

    async poll(job, signal) {
      let result: { body: Job; headers: Headers };
      try {
        result = await requestJson(
          url(`/jobs/${encodeURIComponent(job.id)}`),
          { headers: headers(), signal, timeoutMs },
          JobSchema,
          errorContext('poll', {
            notFoundHint: `${l10n.t(
              'Job {0} is unknown there: it may have been deleted or expired (jobs are kept about 24 h), or the endpoint changed.',
              job.id,
            )} ${retiredHint()}`,
          }),
          readAzureErrorBody,
        );
      } catch (error) {
        rethrow(error, 'poll', signal);
      }
      const body = result.body;
      if (body.id !== job.id) {
        throw new AnimateError(
          'provider',
          l10n.t('{0} answered a status check for {1} with job {2}.', errorContext('poll').host, job.id, body.id),
        );
      }
      const requestId = result.headers.get('apim-request-id');
      ctx.log.debug(`${AZURE_SORA_JOBS_ID}: ${job.id} ${body.status}${requestId ? `, request ${requestId}` : ''}`);
      return statusOf(body, job);
    },

    async download(job, signal) {
      const generationId = job.data?.generationId;
      if (!generationId) {
        throw new AnimateError(
          'provider',
          l10n.t(
            'Job {0} has no generated video yet (no generation id); it must succeed before it can be downloaded.',
            job.id,
          ),
        );
      }
      try {
        const stream = await downloadStream(
          url(`/${encodeURIComponent(generationId)}/content/video`),
          { headers: headers(), signal },
          errorContext('download', {
            notFoundHint: l10n.t(
              'The video {0} of job {1} is not ready, or it expired (about 24 h after completion) or was deleted.',
              generationId,
              job.id,
            ),
          }),
          readAzureErrorBody,
        );
        ctx.log.info(`${AZURE_SORA_JOBS_ID}: downloading ${generationId} of ${job.id}`);
        return stream;
      } catch (error) {
        rethrow(error, 'download', signal);
      }
    },

    async cancel(job) {
      const signal = new AbortController().signal;
      try {
        await requestOk(
          url(`/jobs/${encodeURIComponent(job.id)}`),
          { method: 'DELETE', headers: headers(), signal, timeoutMs: CANCEL_TIMEOUT_MS },
          errorContext('cancel'),
          readAzureErrorBody,
        );
        ctx.log.info(`${AZURE_SORA_JOBS_ID}: deleted ${job.id}`);
      } catch (error) {
        if (error instanceof AnimateError && error.details.status === 404) {
          ctx.log.info(`${AZURE_SORA_JOBS_ID}: ${job.id} was already gone when cancelling`);
          return;
        }
        throw error;
      }
    },

    /** `GET …/jobs?limit=1` (the job list): proves endpoint, key and that the jobs API still answers, creating nothing. */
    async check(model, signal): Promise<ConnectionCheck> {
      const endpointHost = hostOr(
        l10n.t('Azure OpenAI (no endpoint set)'),
        () => resolveAzureEndpoint(ctx.baseUrl, options.apiVersion).host,
      );
      return runCheck(
        {
          provider: info.id,
          model,
          endpoint: `${endpointHost}/openai/v1/video/generations/jobs`,
        },
        true,
        async () => {
          try {
            await requestJson(
              `${url('/jobs')}&limit=1`,
              { headers: headers(), signal, timeoutMs },
              z.looseObject({}),
              errorContext('poll'),
              readAzureErrorBody,
            );
            return {};
          } catch (error) {
            if (error instanceof AnimateError && error.details.status === 404)
              return {
                problem: `${l10n.t('{0} does not answer the Sora jobs API (404).', host())} ${retiredHint()}`,
              };
            throw error;
          }
        },
      );
    },
  };
}

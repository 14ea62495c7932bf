/**
 * The OpenAI Videos API shape (`/v1/videos`) through the official `openai` SDK. OpenAI shut its own service (Sora 2)
 * down on 2026-09-24; the same shape is served today by OpenAI-compatible servers (vLLM-Omni `vllm serve … --omni`,
 * NVIDIA Dynamo, LiteLLM proxy), so `openai-videos` is an "OpenAI-compatible video server": a base URL is required
 * (never a silent default host) and any model id is sent as given. The Azure OpenAI v1 route
 * (`https://RES.openai.azure.com/openai/v1/`, Sora 2 deployments — retired by Microsoft) uses the same code.
 *
 * Contract and dated facts: docs/providers.md#1-openai-videos--openai-videos-api-shape-v1videos and
 * #2-azure-openai--sora-2-on-azure-openai-v1-route. `POST /videos` (multipart with `input_reference`, the first
 * frame), `GET /videos/{id}` until `completed|failed`, `GET /videos/{id}/content?variant=video` for the MP4,
 * `DELETE /videos/{id}` to cancel, `GET /models` to check a connection for free.
 *
 * The SDK never retries (`maxRetries: 0`): the job runner owns retries for poll and download, and a submit is
 * never retried because it could bill twice. Everything OpenAI-specific stays in this file.
 */
import * as l10n from '@vscode/l10n';
import { readableBody } from './http';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, toFile } from 'openai';
import { z } from 'zod';
import { AnimateError, errorMessage } from '../errors';
import { findModel } from '../request';
import {
  catalogInfo,
  describeLifecycle,
  labelText,
  lifecycleOf,
  live,
  refuseUnsupportedExtras,
  type CatalogModel,
  type Label,
  type ProviderCatalog,
} from './catalog';
import { runCheck } from './connectionCheck';
import {
  cancelledWhile,
  connectionFailure,
  httpFailure,
  type HeaderReader,
  type HttpErrorContext,
  type HttpOperation,
  redactSecrets,
} from './httpErrors';
import { refuseLongPrompt, refuseSeconds, refuseSize } from './requestChecks';
import { failedStatus } from './jobStatus';
import {
  type JobStatus,
  type ConnectionCheck,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type RemoteJob,
  type VideoProvider,
} from './provider';
import { formatSize } from '../types';
import { errorContexts, hostOr, keyHintFor, providerOptions, requireKey, warnIfPlainHttp } from './providerSetup';

export type OpenAiVideosVariant = 'openai' | 'azure-openai';

/** Our own guard, not a documented API limit: long enough for any sensible prompt, short enough to catch mistakes. */
export const OPENAI_VIDEOS_MAX_PROMPT_LENGTH = 4000;
/** Our own guard for the `input_reference` upload (the API documents none); fitted 1792x1024 PNGs stay far below. */
export const OPENAI_VIDEOS_MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Per-request timeout (until response headers) unless the `timeoutMs` option says otherwise. */
export const OPENAI_VIDEOS_DEFAULT_TIMEOUT_MS = 120_000;

const SECONDS = [4, 8, 12] as const;
const LANDSCAPE_PORTRAIT = ['1280x720', '720x1280'] as const;
const ALL_SIZES = ['1280x720', '720x1280', '1792x1024', '1024x1792'] as const;

/** Provider options (`ctx.options`), validated when the provider is created. */
export const OpenAiVideosOptionsSchema = z.object({
  /** `api-key` sends the key in an `api-key` header (Azure); default: `Authorization: Bearer` (`api-key` for Azure). */
  authHeader: z.enum(['bearer', 'api-key']).optional(),
  /** Time allowed per request until the response headers arrive. */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
  organization: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  /** Azure: the deployment name, offered as the model id. */
  deployment: z.string().min(1).optional(),
});
export type OpenAiVideosOptions = z.infer<typeof OpenAiVideosOptionsSchema>;

/** The video object fields this client relies on; everything else is passed over. */
const VideoObjectSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  model: z.string().nullish(),
  progress: z.number().nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
type VideoObject = z.infer<typeof VideoObjectSchema>;

/** The VideoProvider plus what only this API offers. */
export interface OpenAiVideosProvider extends VideoProvider {
  /** Starts a new (paid) job from a completed one with a new prompt. */
  remix(job: RemoteJob, prompt: string, signal: AbortSignal): Promise<RemoteJob>;
}

const OPENAI_CHECKED = '2026-11-30';
const SORA_SOURCE = 'https://developers.openai.com/api/docs/models/sora-2';
const VLLM_SOURCE = 'https://docs.vllm.ai/projects/vllm-omni/en/latest/serving/videos_api/';
const AZURE_SORA2_SOURCE = 'https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule';

function capabilities(
  id: string,
  label: Label,
  sizes: readonly string[],
  more: Pick<CatalogModel, 'lifecycle' | 'source' | 'prices'> & Partial<CatalogModel>,
): CatalogModel {
  return {
    id,
    get label() {
      return labelText(label);
    },
    sizes,
    seconds: SECONDS,
    maxPromptLength: OPENAI_VIDEOS_MAX_PROMPT_LENGTH,
    progress: true,
    cancel: true,
    remix: true,
    lastFrame: false,
    maxImageBytes: OPENAI_VIDEOS_MAX_IMAGE_BYTES,
    extras: [],
    checked: OPENAI_CHECKED,
    ...more,
  };
}

const SORA_RETIRED = { state: 'retired', date: '2026-09-24' } as const;

/**
 * OpenAI-compatible video servers. The listed live model is vLLM-Omni's documented image-to-video model, with
 * permissive sizes and durations (each server decides; a custom model states them exactly); any other id the server
 * serves is accepted too. The retired Sora 2 models stay listed so their jobs resume and their end is said plainly.
 */
export const openAiVideosCatalog: ProviderCatalog = {
  id: 'openai-videos',
  get label() {
    return l10n.t('OpenAI-compatible video server');
  },
  needsKey: true,
  keyEnv: ['OPENAI_API_KEY'],
  acceptsCustomModels: true,
  anyModelId: true,
  note: 'Any server that speaks the OpenAI /v1/videos API (vLLM-Omni, NVIDIA Dynamo, LiteLLM proxy); it needs a base URL. OpenAI itself shut this API down on 2026-09-24.',
  models: [
    capabilities(
      'Wan-AI/Wan2.2-I2V-A14B-Diffusers',
      () => l10n.t('Wan 2.2 I2V A14B (e.g. vLLM-Omni)'),
      ['1280x720', '720x1280', '832x480', '480x832'],
      {
        seconds: [5, 4, 8, 10, 12],
        // vLLM-Omni's create takes `negative_prompt` and `seed` besides the OpenAI fields.
        extras: ['negativePrompt', 'seed'],
        // Remix stays on: it is part of the API shape (LiteLLM serves it); a server without it answers 404.
        lifecycle: live,
        source: VLLM_SOURCE,
        prices: [],
        note: 'Runs on your own server: sizes and durations depend on it.',
      },
    ),
    capabilities('sora-2', 'Sora 2', LANDSCAPE_PORTRAIT, {
      lifecycle: SORA_RETIRED,
      source: SORA_SOURCE,
      prices: [{ usdPerSecond: 0.1 }],
    }),
    capabilities('sora-2-pro', 'Sora 2 Pro', ALL_SIZES, {
      lifecycle: SORA_RETIRED,
      source: SORA_SOURCE,
      // The 1024x1792 / 1792x1024 price is unconfirmed: no estimate for them.
      prices: [{ usdPerSecond: 0.3, sizes: LANDSCAPE_PORTRAIT }],
    }),
  ],
};

/** Sora 2 on Azure: every version retired (the last on 2026-10-15); a deployment that still answers can be named. */
export const azureOpenAiCatalog: ProviderCatalog = {
  id: 'azure-openai',
  get label() {
    return l10n.t('Azure OpenAI Sora 2 (v1 route) — retired by Microsoft');
  },
  needsKey: true,
  keyEnv: ['AZURE_OPENAI_API_KEY'],
  acceptsCustomModels: true,
  anyModelId: true,
  deploymentNames: true,
  lifecycle: { state: 'retired', date: '2026-10-15' },
  note:
    'Microsoft retired Sora 2 (version 2025-10-06 on 2026-07-15, 2025-12-08 on 2026-10-15): a deployment that still answers can be used ' +
    'by naming it (deployment option or a custom model); a 404 / DeploymentNotFound means it is gone.',
  models: [
    capabilities('sora-2', () => l10n.t('Sora 2 (deployment)'), LANDSCAPE_PORTRAIT, {
      lifecycle: { state: 'retired', date: '2026-10-15' },
      source: AZURE_SORA2_SOURCE,
      prices: [],
    }),
  ],
};

function buildInfo(variant: OpenAiVideosVariant, options: OpenAiVideosOptions, ctx: ProviderContext): ProviderInfo {
  if (variant === 'openai') return catalogInfo(openAiVideosCatalog, ctx.customModels);
  const listed = catalogInfo(azureOpenAiCatalog, ctx.customModels);
  if (!options.deployment) return listed;
  // A configured deployment is the user saying it still answers: offered, with the provider's retirement warning.
  const template = azureOpenAiCatalog.models[0];
  const deployment: CatalogModel | undefined = template && {
    ...template,
    id: options.deployment,
    label: `Sora 2 (deployment "${options.deployment}")`,
    lifecycle: live,
  };
  return deployment ? { ...listed, models: [deployment, ...listed.models] } : listed;
}

function resolveBaseUrl(ctx: ProviderContext, variant: OpenAiVideosVariant): URL {
  const raw = ctx.baseUrl?.trim() ?? '';
  if (!raw) {
    throw new AnimateError(
      'bad-input',
      variant === 'openai'
        ? l10n.t(
            'The OpenAI-compatible video server has no base URL. Set the base URL of your OpenAI-compatible video server, e.g. http://127.0.0.1:8091/v1 for vLLM-Omni: --base-url or OPENAI_BASE_URL (CLI), the animateImage.openaiVideos.baseUrl setting (editor). OpenAI shut its own Videos API down on 2026-09-24, so there is no default.',
          )
        : l10n.t(
            'Azure OpenAI needs a base URL like https://YOUR-RESOURCE.openai.azure.com/openai/v1/ (the v1 route of your resource).',
          ),
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AnimateError(
      'bad-input',
      l10n.t('The base URL "{0}" is not a valid URL (expected e.g. http://127.0.0.1:8091/v1).', raw),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AnimateError(
      'bad-input',
      l10n.t('The base URL "{0}" must start with https:// (or http:// for a local gateway).', raw),
    );
  }
  if (url.username || url.password) {
    throw new AnimateError(
      'bad-input',
      l10n.t('The base URL must not contain a user name or password; use the API key setting.'),
    );
  }
  return url;
}

/**
 * A per-call signal that follows `parent`. The SDK hooks an abort listener onto the signal of every request and
 * never unhooks it; a job signal that lives through hundreds of polls would collect them (MaxListenersExceeded).
 * `dispose()` unhooks ours once the call (or the download stream) is over.
 */
function callSignal(parent: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', onAbort) };
}

export function createOpenAiVideosProvider(
  ctx: ProviderContext,
  variant: OpenAiVideosVariant = 'openai',
): OpenAiVideosProvider {
  const providerId = variant === 'azure-openai' ? 'azure-openai' : 'openai-videos';
  const options: OpenAiVideosOptions = providerOptions(OpenAiVideosOptionsSchema, ctx, providerId);

  const info = buildInfo(variant, options, ctx);
  const timeoutMs = options.timeoutMs ?? OPENAI_VIDEOS_DEFAULT_TIMEOUT_MS;
  const useApiKeyHeader = (options.authHeader ?? (variant === 'azure-openai' ? 'api-key' : 'bearer')) === 'api-key';
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv);

  let cached: { client: OpenAI; baseUrl: URL } | undefined;

  /** The SDK client, built on first use so that listing providers never needs a key or a URL. */
  function connection(): { client: OpenAI; baseUrl: URL } {
    if (cached) return cached;
    const baseUrl = resolveBaseUrl(ctx, variant);
    const apiKey = requireKey(ctx, info.label, keyHint);
    if (variant === 'azure-openai' && !/\/openai\/v1\/?$/.test(baseUrl.pathname)) {
      ctx.log.warn(
        `${providerId}: base URL ${baseUrl.origin}${baseUrl.pathname} does not end in /openai/v1/ — Sora 2 lives on the v1 route`,
      );
    }
    warnIfPlainHttp(baseUrl, ctx, providerId);
    // A query in the base URL (e.g. Azure's optional `?api-version=preview`) goes on every request.
    const query = Object.fromEntries(baseUrl.searchParams);
    const client = new OpenAI({
      apiKey,
      baseURL: `${baseUrl.origin}${baseUrl.pathname}`,
      defaultQuery: Object.keys(query).length > 0 ? query : undefined,
      maxRetries: 0,
      timeout: timeoutMs,
      // Explicit nulls: the SDK would otherwise read OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY from the environment.
      organization: options.organization ?? null,
      project: options.project ?? null,
      adminAPIKey: null,
      webhookSecret: null,
      // `Authorization: null` removes the SDK's Bearer so the key is sent once, in the header the server expects.
      defaultHeaders: useApiKeyHeader ? { 'api-key': apiKey, Authorization: null } : undefined,
    });
    cached = { client, baseUrl };
    return cached;
  }

  const host = (): string =>
    hostOr(variant === 'azure-openai' ? 'Azure OpenAI' : 'api.openai.com', () => connection().baseUrl.host);
  const errorContext = errorContexts(host, keyHint, secrets);

  /** Any failure of an SDK call → AnimateError. Never lets the key through, even when a server echoes it. */
  function toAnimateError(
    error: unknown,
    operation: HttpOperation,
    signal: AbortSignal | undefined,
    extra: Partial<HttpErrorContext> = {},
  ): AnimateError {
    if (error instanceof AnimateError) return error;
    const context = errorContext(operation, extra);
    if (signal?.aborted || error instanceof APIUserAbortError) return cancelledWhile(operation, context.host);
    if (error instanceof APIConnectionTimeoutError)
      return connectionFailure(error, context, { timedOut: true, timeoutMs });
    if (error instanceof APIConnectionError) return connectionFailure(error, context, { timedOut: false });
    if (error instanceof APIError && typeof error.status === 'number') {
      const body = error.error as { message?: unknown } | undefined;
      const serverMessage =
        typeof body?.message === 'string'
          ? body.message
          : error.message.replace(/^\d{3}\s*/, '').replace(/^status code \(no body\)$/, '');
      return httpFailure(
        {
          status: error.status,
          message: serverMessage,
          ...(typeof error.code === 'string' ? { code: error.code } : {}),
          // The SDK declares the DOM's Headers, which the host build (no DOM lib) does not know.
          headers: error.headers as HeaderReader | undefined,
          requestId: error.requestID,
          cause: safeCause(error),
        },
        context,
      );
    }
    if (error instanceof SyntaxError) {
      return new AnimateError(
        'provider',
        l10n.t('{0} sent a reply that is not valid JSON ({1}).', context.host, redactSecrets(error.message, secrets)),
        {
          cause: safeCause(error),
        },
      );
    }
    const message = errorMessage(error);
    return new AnimateError(
      'provider',
      l10n.t('Unexpected failure talking to {0}: {1}', context.host, redactSecrets(message, secrets)),
      {
        cause: safeCause(error),
      },
    );
  }

  /** The original error unless its text carries the key (a server may echo it), then a redacted copy. */
  function safeCause(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    let body = '';
    if (error instanceof APIError) {
      try {
        body = JSON.stringify(error.error) ?? '';
      } catch {
        body = '';
      }
    }
    const leaks = secrets.some((secret) => error.message.includes(secret) || body.includes(secret));
    return leaks ? new Error(redactSecrets(error.message, secrets)) : error;
  }

  /** A 2xx body that must be a video object; `what` names the call for the message. */
  function parseVideo(data: unknown, contentType: string | null, what: string): VideoObject {
    const parsed = VideoObjectSchema.safeParse(data);
    if (parsed.success) return parsed.data;
    const h = host();
    if (typeof data === 'string' || data === undefined) {
      const sample =
        typeof data === 'string' ? redactSecrets(data.replace(/\s+/g, ' ').trim().slice(0, 80), secrets) : '';
      throw new AnimateError(
        'provider',
        l10n.t(
          '{0} answered {1} with something that is not JSON (content-type {2}{3}). Is the base URL pointing at an OpenAI-compatible API?',
          h,
          what,
          contentType ?? l10n.t('none'),
          sample ? `: "${sample}"` : '',
        ),
      );
    }
    const missing = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new AnimateError(
      'provider',
      l10n.t('{0} answered {1} with JSON that is not a video object (bad or missing: {2}).', h, what, missing),
    );
  }

  function statusOf(video: VideoObject, pollAfterMs: number | undefined): JobStatus {
    const progress =
      typeof video.progress === 'number' && Number.isFinite(video.progress)
        ? Math.min(100, Math.max(0, video.progress))
        : undefined;
    const extra = {
      ...(progress !== undefined ? { progress } : {}),
      ...(pollAfterMs !== undefined ? { pollAfterMs } : {}),
    };
    switch (video.status) {
      case 'queued':
        return { state: 'queued', ...extra };
      case 'in_progress':
        return { state: 'running', ...extra };
      case 'completed':
        return { state: 'succeeded' };
      case 'failed': {
        const code = video.error?.code ?? undefined;
        const message = video.error?.message
          ? redactSecrets(video.error.message, secrets)
          : l10n.t('the provider gave no reason');
        return failedStatus(
          l10n.t('{0} failed the job: {1}', info.label, `${message}${code ? ` (${code})` : ''}`),
          code,
        );
      }
      default:
        return {
          state: 'failed',
          reason: l10n.t(
            '{0} reports the job as "{1}", which is not a state this client knows (queued, in_progress, completed, failed); treating it as ended.',
            info.label,
            video.status,
          ),
          code: video.status,
        };
    }
  }

  function checkRequest(request: PreparedRequest): void {
    const size = formatSize(request.size);
    if (!request.prompt.trim())
      throw new AnimateError('bad-input', l10n.t('{0} needs a prompt describing the motion.', info.label));
    refuseLongPrompt(request.prompt, info.label, OPENAI_VIDEOS_MAX_PROMPT_LENGTH);
    const model = findModel(info, request.model);
    if (lifecycleOf(model).state === 'retired') {
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} is {1}; new jobs cannot use it.', model.id, describeLifecycle(lifecycleOf(model))) +
          (info.note ? ` ${info.note}` : ''),
      );
    }
    refuseSeconds(model, request.seconds);
    refuseUnsupportedExtras(request, model, info.label);
    refuseSize(model, size);
    if (request.lastFrame)
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} cannot take a last frame; send only the first image.', info.label),
      );
    const image = request.image;
    if (image.width !== request.size.width || image.height !== request.size.height) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'The image is {0}x{1} but {2} needs exactly {3} (the size of the video); fit it first.',
          image.width,
          image.height,
          request.model,
          size,
        ),
      );
    }
    if (image.bytes.byteLength > OPENAI_VIDEOS_MAX_IMAGE_BYTES) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'The encoded image is {0} MB; the limit here is {1} MB.',
          (image.bytes.byteLength / 1048576).toFixed(1),
          OPENAI_VIDEOS_MAX_IMAGE_BYTES / 1048576,
        ),
      );
    }
  }

  function pollAfter(headers: Headers): number | undefined {
    const raw = headers.get('openai-poll-after-ms');
    if (raw === null) return undefined;
    const value = Number(raw);
    return Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
  }

  function remoteJob(video: VideoObject, model: string, data?: Record<string, string>): RemoteJob {
    return { provider: info.id, id: video.id, model: video.model || model, ...(data ? { data } : {}) };
  }

  const notFoundOnSubmit = (model: string): string => {
    const base = cached ? cached.baseUrl.href : l10n.t('(not set)');
    return variant === 'azure-openai'
      ? l10n.t(
          'Check the base URL ({0}; it should end in /openai/v1/) and that a deployment named "{1}" exists.',
          base,
          model,
        )
      : l10n.t(
          'Check the base URL ({0}; it should end in /v1) and that the model "{1}" is available to this key.',
          base,
          model,
        );
  };

  const provider: OpenAiVideosProvider = {
    info,

    async submit(request, signal) {
      checkRequest(request);
      const size = formatSize(request.size);
      const { image } = request;
      const sent =
        `sent model ${request.model}, size ${size}, ${request.seconds} s, image ${image.width}x${image.height} ${image.mime}` +
        `${request.extras?.negativePrompt ? ', negative prompt' : ''}${request.extras?.seed !== undefined ? `, seed ${request.extras.seed}` : ''}`;
      const extra: Partial<HttpErrorContext> = {
        notFoundHint: notFoundOnSubmit(request.model),
        badRequestHint: l10n.t('({0}; the image must be exactly {1}.)', sent, size),
      };
      const started = Date.now();
      let result: { data: unknown; response: Response };
      const call = callSignal(signal);
      try {
        const { client } = connection();
        const file = await toFile(image.bytes, image.fileName, { type: image.mime });
        // vLLM-Omni's own fields ride along in the same multipart body (the SDK sends every key it is given).
        const serverFields: Record<string, string> = {
          ...(request.extras?.negativePrompt ? { negative_prompt: request.extras.negativePrompt } : {}),
          ...(request.extras?.seed !== undefined ? { seed: String(request.extras.seed) } : {}),
        };
        const params = {
          prompt: request.prompt,
          model: request.model,
          seconds: String(request.seconds) as '4' | '8' | '12',
          size: size as '1280x720',
          input_reference: file,
          ...serverFields,
        };
        result = await client.videos.create(params, { signal: call.signal }).withResponse();
      } catch (error) {
        throw toAnimateError(error, 'submit', signal, extra);
      } finally {
        call.dispose();
      }
      const requestId = result.response.headers.get('x-request-id') ?? undefined;
      let video: VideoObject;
      try {
        video = parseVideo(result.data, result.response.headers.get('content-type'), l10n.t('the submit'));
      } catch (error) {
        // A 2xx to a submit means the server accepted something: a job may exist that we cannot name.
        const reason = errorMessage(error);
        throw new AnimateError(
          'submit-unknown',
          `${reason} ${l10n.t('The job may have been created; check the provider before retrying — a retry is a new paid job.')}`,
          { requestId, cause: error },
        );
      }
      ctx.log.info(
        `${providerId}: submitted ${video.id} (${video.status}; ${sent}) in ${Date.now() - started} ms${requestId ? `, request ${requestId}` : ''}`,
      );
      return remoteJob(video, request.model, { size, seconds: String(request.seconds) });
    },

    async poll(job, signal) {
      const extra: Partial<HttpErrorContext> = {
        notFoundHint: l10n.t(
          'Video {0} is unknown there: it may have been deleted or expired (videos are kept about 24 h).',
          job.id,
        ),
      };
      let result: { data: unknown; response: Response };
      const call = callSignal(signal);
      try {
        result = await connection().client.videos.retrieve(job.id, { signal: call.signal }).withResponse();
      } catch (error) {
        throw toAnimateError(error, 'poll', signal, extra);
      } finally {
        call.dispose();
      }
      const video = parseVideo(result.data, result.response.headers.get('content-type'), l10n.t('a status check'));
      if (video.id !== job.id) {
        throw new AnimateError(
          'provider',
          l10n.t('{0} answered a status check for {1} with video {2}.', host(), job.id, video.id),
        );
      }
      const status = statusOf(video, pollAfter(result.response.headers));
      const requestId = result.response.headers.get('x-request-id');
      ctx.log.debug(
        `${providerId}: ${job.id} ${video.status}${video.progress != null ? ` ${video.progress}%` : ''}${requestId ? `, request ${requestId}` : ''}`,
      );
      return status;
    },

    async download(job, signal) {
      const extra: Partial<HttpErrorContext> = {
        notFoundHint: l10n.t(
          'The video {0} is not ready, or it expired (about 24 h after completion) or was deleted.',
          job.id,
        ),
      };
      let response: Response;
      // Stays hooked while the body streams: aborting `signal` must stop the download mid-way.
      const call = callSignal(signal);
      try {
        response = await connection().client.videos.downloadContent(
          job.id,
          { variant: 'video' },
          { signal: call.signal },
        );
      } catch (error) {
        call.dispose();
        throw toAnimateError(error, 'download', signal, extra);
      }
      const contentType = response.headers.get('content-type');
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
      const requestId = response.headers.get('x-request-id') ?? undefined;
      if (mediaType !== 'video/mp4' && mediaType !== 'application/octet-stream') {
        await response.body?.cancel().catch(() => undefined);
        call.dispose();
        throw new AnimateError(
          'provider',
          l10n.t(
            '{0} sent {1} instead of a video/mp4 file for {2}.',
            host(),
            contentType ?? l10n.t('no content type'),
            job.id,
          ),
          { requestId, status: response.status },
        );
      }
      if (!response.body) {
        call.dispose();
        throw new AnimateError('provider', l10n.t('{0} sent an empty body for the video {1}.', host(), job.id), {
          requestId,
          status: response.status,
        });
      }
      ctx.log.info(
        `${providerId}: downloading ${job.id} (${response.headers.get('content-length') ?? 'unknown'} bytes)${requestId ? `, request ${requestId}` : ''}`,
      );
      const stream = readableBody(response.body);
      stream.once('close', () => call.dispose());
      return stream;
    },

    async cancel(job) {
      try {
        await connection().client.videos.delete(job.id);
        ctx.log.info(`${providerId}: deleted ${job.id}`);
      } catch (error) {
        if (error instanceof APIError && error.status === 404) {
          ctx.log.info(`${providerId}: ${job.id} was already gone when cancelling`);
          return;
        }
        throw toAnimateError(error, 'cancel', undefined);
      }
    },

    /**
     * `GET /models` (served by vLLM-Omni, LiteLLM and Azure's v1 route): proves base URL and key for free and, on an
     * OpenAI-compatible server, whether it serves `model`. Azure lists base models, not deployments: no model verdict.
     */
    async check(model, signal): Promise<ConnectionCheck> {
      const endpoint = `${hostOr(variant === 'azure-openai' ? 'Azure OpenAI' : '(no base URL)', () => connection().baseUrl.host)}/models`;
      return runCheck({ provider: info.id, model, endpoint }, true, async () => {
        const call = callSignal(signal);
        let ids: string[];
        try {
          const page = await connection().client.models.list({ signal: call.signal });
          ids = page.data.map((m) => m.id);
        } catch (error) {
          throw toAnimateError(error, 'poll', signal, {
            notFoundHint:
              variant === 'azure-openai'
                ? l10n.t('Check the base URL (it should end in /openai/v1/).')
                : l10n.t('Check the base URL: it should end in /v1 (e.g. http://127.0.0.1:8091/v1 for vLLM-Omni).'),
          });
        } finally {
          call.dispose();
        }
        if (model === undefined || variant === 'azure-openai') return {};
        const served = ids.includes(model);
        return served
          ? { modelAvailable: true }
          : {
              modelAvailable: false,
              problem:
                ids.length > 0
                  ? l10n.t('the server does not serve {0}; it serves {1}.', model, ids.join(', '))
                  : l10n.t('the server does not serve {0}; it serves no model.', model),
            };
      });
    },

    async remix(job, prompt, signal) {
      if (!prompt.trim()) throw new AnimateError('bad-input', l10n.t('A remix needs a prompt.'));
      if (prompt.length > OPENAI_VIDEOS_MAX_PROMPT_LENGTH) {
        throw new AnimateError(
          'bad-input',
          l10n.t('The prompt has {0} characters; at most {1} here.', prompt.length, OPENAI_VIDEOS_MAX_PROMPT_LENGTH),
        );
      }
      let result: { data: unknown; response: Response };
      const call = callSignal(signal);
      try {
        result = await connection().client.videos.remix(job.id, { prompt }, { signal: call.signal }).withResponse();
      } catch (error) {
        throw toAnimateError(error, 'remix', signal, {
          notFoundHint: l10n.t('Video {0} is unknown there: it may have been deleted or expired.', job.id),
          badRequestHint: l10n.t('(Only a completed video can be remixed.)'),
        });
      } finally {
        call.dispose();
      }
      let video: VideoObject;
      try {
        video = parseVideo(result.data, result.response.headers.get('content-type'), l10n.t('the remix'));
      } catch (error) {
        const reason = errorMessage(error);
        throw new AnimateError(
          'submit-unknown',
          `${reason} ${l10n.t('A remix job may have been created; check the provider before retrying.')}`,
          {
            cause: error,
          },
        );
      }
      ctx.log.info(`${providerId}: remixed ${job.id} → ${video.id}`);
      return remoteJob(video, job.model, job.data ? { ...job.data } : undefined);
    },
  };
  return provider;
}

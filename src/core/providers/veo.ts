/**
 * Google Veo through the Gemini API (generativelanguage.googleapis.com), called over REST: `@google/genai` limits
 * `generateVideos` to Vertex in the versions this project can use, and the REST contract is small.
 *
 * Contract and dated facts: docs/providers.md#6-veo--google-veo-through-the-gemini-api. `POST /models/{model}:predictLongRunning` with
 * the image as `instances[0].image.bytesBase64Encoded` (and the last frame as `instances[0].lastFrame`, Veo 3.1) →
 * a long-running operation `{name}`; `GET /{name}` until `done`; the video is
 * `response.generateVideoResponse.generatedSamples[0].video.uri`, downloaded with the same `x-goog-api-key` (the
 * download redirects; fetch follows it). Safety filtering shows as `raiMediaFilteredCount`/`…Reasons` with no
 * samples. No progress, no cancel (the operation keeps running and is billed). `parameters.negativePrompt` is sent
 * as is; the Gemini API takes no `seed` and no `generateAudio` (the SDK refuses both outside Vertex), so neither is
 * offered. `GET /models/{model}` checks key and model without creating anything.
 *
 * Our own guards (not documented limits): 2000 prompt characters (the API counts tokens), 20 MB per inline image
 * (the Gemini API's request limit). A bad key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID (or a 401); a
 * 429 may carry `google.rpc.RetryInfo.retryDelay`, used as Retry-After when no header is sent.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import {
  catalogInfo,
  describeLifecycle,
  labelText,
  lifecycleOf,
  refuseUnsupportedExtras,
  type CatalogModel,
  type Label,
  type ProviderCatalog,
} from './catalog';
import { runCheck } from './connectionCheck';
import { base64 } from './dataUri';
import { downloadStream, readCommonErrorBody, requestJson, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { refuseLargeImages, refuseLongPrompt, refuseSeconds, sizeRefused } from './requestChecks';
import { failedStatus, succeededWith } from './jobStatus';
import {
  type JobStatus,
  type ConnectionCheck,
  type ModelCapabilities,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type RemoteJob,
  type VideoProvider,
} from './provider';
import { formatSize } from '../types';
import {
  errorContexts,
  hostOr,
  keyHintFor,
  lazyBaseUrl,
  parseBaseUrl,
  providerOptions,
  requireKey,
} from './providerSetup';

export const VEO_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';
export const VEO_DEFAULT_TIMEOUT_MS = 120_000;
/** Google's own samples check an operation every 10 s; a clip takes from ~10 s to several minutes. */
export const VEO_POLL_INTERVAL_MS = 10_000;
/** Our guard, not a documented limit (see the assumptions above). */
export const VEO_MAX_PROMPT_LENGTH = 2000;
export const VEO_MAX_IMAGE_BYTES = 20_000_000;

interface VeoModel extends CatalogModel {
  /** Veo 3.x takes `parameters.resolution`; veo-2 does not. */
  readonly resolutionParameter: boolean;
}

const SIZES_720P = ['1280x720', '720x1280'] as const;
const SIZES_1080P = ['1920x1080', '1080x1920'] as const;
const VEO_SOURCE = 'https://ai.google.dev/gemini-api/docs/video';
const VEO_CHECKED = '2026-11-30';

/** What every Veo model shares: no progress, no cancel, the image fitted by us (any size is accepted). */
const veoCommon = {
  maxPromptLength: VEO_MAX_PROMPT_LENGTH,
  progress: false,
  cancel: false,
  remix: false,
  maxImageBytes: VEO_MAX_IMAGE_BYTES,
  checked: VEO_CHECKED,
  source: VEO_SOURCE,
} as const;

const VEO_RETIRED_PREVIEWS = { state: 'retired', date: '2026-10-22', successor: 'gemini-omni-1.1-flash' } as const;
const VEO_RETIRED_GA = (successor: string) => ({ state: 'retired', date: '2026-06-30', successor }) as const;

/** Veo 3.1 previews: first and last frame, negative prompt, up to 3 reference images; 8 s (4 and 6 s unconfirmed here). */
function veo31(id: string, label: Label, lastFrame: boolean): VeoModel {
  return {
    ...veoCommon,
    id,
    get label() {
      return labelText(label);
    },
    sizes: [...SIZES_720P, ...SIZES_1080P],
    seconds: [8],
    lastFrame,
    extras: ['negativePrompt'],
    referenceImages: 3,
    prices: [],
    lifecycle: VEO_RETIRED_PREVIEWS,
    resolutionParameter: true,
  };
}

/**
 * The Gemini API's Veo models — every one shut down (docs/providers.md#6-veo--google-veo-through-the-gemini-api).
 * Kept so jobs submitted before can resume and so a gateway that still serves this REST shape can be used with a
 * custom model. docs/providers.md has the same table (a test compares them).
 */
export const veoCatalog: ProviderCatalog<VeoModel> = {
  id: 'veo',
  get label() {
    return l10n.t('Google Veo (Gemini API) — retired by Google');
  },
  needsKey: true,
  keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  defaultBaseUrl: VEO_DEFAULT_BASE_URL,
  acceptsCustomModels: true,
  lifecycle: VEO_RETIRED_PREVIEWS,
  note:
    'Google shut down every Veo model of the Gemini API (the last on 2026-10-22; the successor, Gemini Omni Flash, uses another API). ' +
    'Runway serves Veo 3.1 (provider runway, models veo3.1 and veo3.1_fast); a gateway that still serves this API can be added as a custom model.',
  models: [
    veo31('veo-3.1-generate-preview', () => l10n.t('Veo 3.1 (preview)'), true),
    veo31('veo-3.1-fast-generate-preview', () => l10n.t('Veo 3.1 Fast (preview)'), true),
    veo31('veo-3.1-lite-generate-preview', () => l10n.t('Veo 3.1 Lite (preview)'), false),
    {
      ...veoCommon,
      id: 'veo-3.0-generate-001',
      label: 'Veo 3',
      sizes: [...SIZES_720P, ...SIZES_1080P],
      seconds: [8],
      lastFrame: false,
      extras: [],
      prices: [],
      lifecycle: VEO_RETIRED_GA('veo-3.1-generate-preview'),
      resolutionParameter: true,
    },
    {
      ...veoCommon,
      id: 'veo-2.0-generate-001',
      label: 'Veo 2',
      sizes: [...SIZES_720P],
      seconds: [5, 6, 7, 8],
      lastFrame: false,
      extras: [],
      prices: [],
      lifecycle: VEO_RETIRED_GA('veo-3.1-generate-preview'),
      resolutionParameter: false,
    },
  ],
};

/** The offered model (catalog or the user's custom entry) with the wire details of its id (custom: a Veo 3.x). */
function veoModelOf(model: ModelCapabilities): VeoModel {
  const known = veoCatalog.models.find((m) => m.id === model.id);
  return { ...(known ?? {}), ...(model as CatalogModel), resolutionParameter: known?.resolutionParameter ?? true };
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
  error: z
    .looseObject({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional() })
    .optional(),
  response: z
    .looseObject({
      generateVideoResponse: z
        .looseObject({
          generatedSamples: z
            .array(z.looseObject({ video: z.looseObject({ uri: z.string().optional() }).optional() }))
            .optional(),
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

  const info: ProviderInfo = catalogInfo(veoCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? VEO_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv, 'Gemini API key');
  const baseUrl = lazyBaseUrl(ctx, 'veo', (raw) =>
    parseBaseUrl(
      raw,
      l10n.t('{0} base URL', 'Gemini API'),
      VEO_DEFAULT_BASE_URL,
      l10n.t('e.g. {0}', VEO_DEFAULT_BASE_URL),
    ),
  );
  const root = (): string => baseUrl().href.replace(/\/+$/, '');
  const apiKey = (): string => requireKey(ctx, info.label, keyHint);
  const context = errorContexts(
    () => hostOr('generativelanguage.googleapis.com', () => baseUrl().host),
    keyHint,
    secrets,
  );

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
        throw new AnimateError(
          'auth',
          `${l10n.t('The API key was rejected by {0} ({1}).', host, `${error.details.status ?? 400} API_KEY_INVALID`)} ${keyHint}`,
          {
            ...error.details,
            cause: error,
          },
        );
      }
      if (error.kind === 'rate-limit' && error.details.retryAfterMs === undefined && retryDelayMs !== undefined) {
        const seconds = Math.max(1, Math.ceil(retryDelayMs / 1000));
        throw new AnimateError('rate-limit', `${error.message} ${l10n.t('Retry in {0} s.', seconds)}`, {
          ...error.details,
          retryAfterMs: retryDelayMs,
          cause: error,
        });
      }
      throw error;
    }
  }

  function checkRequest(request: PreparedRequest): { model: VeoModel; shape: NonNullable<ReturnType<typeof shapeOf>> } {
    // Retired models are refused before anything is sent (resolveRequest does too); submit never reaches them.
    const model = veoModelOf(findModel({ ...info, retiredModels: [] }, request.model));
    const size = formatSize(request.size);
    const shape = shapeOf(size);
    if (!shape || !model.sizes.includes(size)) throw sizeRefused(model, size);
    refuseSeconds(model, request.seconds);
    refuseUnsupportedExtras(request, model, info.label);
    refuseLongPrompt(request.prompt, info.label, VEO_MAX_PROMPT_LENGTH);
    if (request.lastFrame && !model.lastFrame) {
      const able = info.models.filter((m) => m.lastFrame).map((m) => m.id);
      throw new AnimateError(
        'bad-input',
        able.length > 0
          ? l10n.t(
              '{0} takes a first frame only; to animate between two images use {1}.',
              model.id,
              able.join(l10n.t(' or ')),
            )
          : l10n.t('{0} takes a first frame only; to animate between two images use another provider.', model.id),
      );
    }
    refuseLargeImages(request, VEO_MAX_IMAGE_BYTES, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; the Gemini API takes at most {2} MB inline.',
        which,
        (bytes / 1e6).toFixed(1),
        VEO_MAX_IMAGE_BYTES / 1e6,
      ),
    );
    return { model, shape };
  }

  function statusOf(job: RemoteJob, operation: Operation): JobStatus {
    if (!operation.done) return { state: 'running', pollAfterMs: VEO_POLL_INTERVAL_MS };
    if (operation.error) {
      const code =
        operation.error.status ?? (operation.error.code !== undefined ? String(operation.error.code) : undefined);
      const message = operation.error.message || l10n.t('no reason given');
      return failedStatus(
        l10n.t('{0} failed the job: {1}', 'Google Veo', `${message}${code ? ` (${code})` : ''}.`),
        code,
      );
    }
    const result = operation.response?.generateVideoResponse;
    const uri = result?.generatedSamples?.find((sample) => sample.video?.uri)?.video?.uri;
    if (uri) return succeededWith(job, { videoUri: uri });
    if ((result?.raiMediaFilteredCount ?? 0) > 0) {
      const reasons = result?.raiMediaFilteredReasons?.filter((r) => r.trim()).join('; ') || l10n.t('no reason given');
      return {
        state: 'failed',
        reason: l10n.t("Google's safety filter removed the video: {0}", reasons),
        code: 'RAI_MEDIA_FILTERED',
      };
    }
    return {
      state: 'failed',
      reason: l10n.t('Google Veo finished job {0} without a video and without saying why.', job.id),
      code: 'NO_VIDEO',
    };
  }

  return {
    info,

    async submit(request, signal) {
      const { model, shape } = checkRequest(request);
      const key = apiKey();
      const prompt = request.prompt.trim();
      const negativePrompt = request.extras?.negativePrompt;
      const body = {
        instances: [
          {
            ...(prompt ? { prompt } : {}),
            image: { bytesBase64Encoded: base64(request.image.bytes), mimeType: request.image.mime },
            ...(request.lastFrame
              ? { lastFrame: { bytesBase64Encoded: base64(request.lastFrame.bytes), mimeType: request.lastFrame.mime } }
              : {}),
          },
        ],
        parameters: {
          aspectRatio: shape.aspectRatio,
          durationSeconds: request.seconds,
          ...(model.resolutionParameter ? { resolution: shape.resolution } : {}),
          ...(negativePrompt ? { negativePrompt } : {}),
          sampleCount: 1,
        },
      };
      const size = formatSize(request.size);
      const sent =
        `model ${model.id}, ${size} (${shape.aspectRatio}${model.resolutionParameter ? `, ${shape.resolution}` : ''}), ${request.seconds} s, ` +
        `image ${request.image.width}x${request.image.height} ${request.image.mime}${request.lastFrame ? ' + last frame' : ''}${negativePrompt ? ', negative prompt' : ''}`;
      const started = Date.now();
      const extra = {
        notFoundHint: l10n.t('Check the base URL ({0}) and that {1} is available to this key.', root(), model.id),
        badRequestHint: l10n.t('(Sent {0}.)', sent),
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
        throw submitFailure(
          error,
          signal,
          'Google',
          l10n.t('The job may have been created; check before retrying — a retry is a new paid job.'),
        );
      }
      if (!OPERATION_NAME.test(name) || name.split('/').includes('..')) {
        throw new AnimateError(
          'submit-unknown',
          l10n.t(
            '{0} answered the submit with an operation name that is not usable ("{1}"). The job may have been created; check before retrying — a retry is a new paid job.',
            context('submit').host,
            name.slice(0, 80),
          ),
        );
      }
      ctx.log.info(`veo: submitted ${name} (${sent}) in ${Date.now() - started} ms`);
      return { provider: info.id, id: name, model: model.id, data: { size, seconds: String(request.seconds) } };
    },

    async poll(job, signal) {
      if (!OPERATION_NAME.test(job.id) || job.id.split('/').includes('..')) {
        throw new AnimateError('provider', l10n.t('"{0}" is not a Gemini API operation name.', job.id));
      }
      const { body } = await call(
        (readError) =>
          requestJson(
            `${root()}/${job.id}`,
            { headers: { 'x-goog-api-key': apiKey() }, signal, timeoutMs },
            OperationSchema,
            context('poll', {
              notFoundHint: l10n.t(
                'The operation {0} is unknown there: it may have expired (operations are kept about 2 days).',
                job.id,
              ),
            }),
            readError,
          ),
        context('poll').host,
      );
      ctx.log.debug(`veo: ${job.id} ${body.done ? 'done' : 'running'}`);
      return statusOf(job, body);
    },

    async download(job, signal) {
      const uri = job.data?.videoUri;
      if (!uri)
        throw new AnimateError(
          'provider',
          l10n.t('No video address is known for Veo job {0}; check its status first.', job.id),
        );
      let url: URL;
      try {
        url = new URL(uri, baseUrl());
      } catch {
        throw new AnimateError('provider', l10n.t('Google gave a video address that is not a URL for {0}.', job.id));
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new AnimateError(
          'provider',
          l10n.t('Google gave a {0} video address for {1}; only http(s) can be downloaded.', url.protocol, job.id),
        );
      }
      // The key goes only to the API's own host; any other host must be a signed link that needs none.
      const sameOrigin = url.origin === baseUrl().origin;
      if (!sameOrigin)
        ctx.log.warn(
          `veo: the video of ${job.id} is on ${url.host}, not ${baseUrl().host}; downloading without the API key`,
        );
      const headers: Record<string, string> = sameOrigin ? { 'x-goog-api-key': apiKey() } : {};
      ctx.log.info(`veo: downloading ${job.id} from ${url.host}`);
      return call(
        (readError) =>
          downloadStream(
            url.href,
            { headers, signal },
            {
              host: url.host,
              operation: 'download',
              keyHint,
              secrets,
              notFoundHint: l10n.t('The video file may have expired (Google keeps generated videos about 2 days).'),
            },
            readError,
          ),
        url.host,
      );
    },

    /** `GET /models/{model}` (or the model list): proves route and key, and whether the key may use the model. */
    async check(model, signal): Promise<ConnectionCheck> {
      const path = model ? `/models/${encodeURIComponent(model)}` : '/models?pageSize=1';
      const host = context('poll').host;
      return runCheck({ provider: info.id, model, endpoint: `${host}${path.replace(/\?.*$/, '')}` }, true, async () => {
        try {
          await call(
            (readError) =>
              requestJson(
                `${root()}${path}`,
                { headers: { 'x-goog-api-key': apiKey() }, signal, timeoutMs },
                z.looseObject({}),
                context('poll'),
                readError,
              ),
            host,
          );
          return model ? { modelAvailable: true } : {};
        } catch (error) {
          if (!model || !(error instanceof AnimateError) || error.details.status !== 404) throw error;
          const retired = info.retiredModels?.find((m) => m.id === model);
          const successor =
            retired && lifecycleOf(retired).state === 'retired' ? ` (${describeLifecycle(lifecycleOf(retired))})` : '';
          return {
            modelAvailable: false,
            problem: l10n.t('{0} does not offer {1} to this key{2}.', host, model, successor),
          };
        }
      });
    },
  };
}

/**
 * fal.ai — one key for hundreds of hosted models, through fal's queue API.
 *
 * Contract and dated facts: docs/providers.md#8-fal--falai-queue-api-fal_key.
 * `POST {base}/{model id}` (`Authorization: Key …`, the model's own input JSON) → `{request_id, status_url,
 * response_url, cancel_url}`; `GET status_url` → `IN_QUEUE` (with `queue_position`) → `IN_PROGRESS` → `COMPLETED`;
 * `GET response_url` → the model's output (`video.url`) or the model's error (`detail`); `PUT cancel_url`. The three
 * URLs use only the model's `{owner}/{app}` (not its sub-path), so they are stored as fal gave them — but only when they
 * are under the configured base URL: the key is never sent to another host. The MP4 lives on fal's CDN, fetched
 * without the key. Images go inline as data URIs (fal's CDN docs: "Models also accept base64-encoded data URIs").
 *
 * Why plain fetch and not `@fal-ai/client`: its `queue.submit` retries the POST on 429/502/503/504 by itself
 * (@fal-ai/client@1.10.1 `QUEUE_RETRY_CONFIG`), and a retried 502/504 can create a second paid request. Here a submit
 * goes out exactly once through http.ts, and the request id is all a restart needs to resume.
 *
 * fal is an aggregator: each model has its own input fields (image field name, duration as "5" or "8s", resolution and
 * aspect-ratio enums, audio and seed switches). The catalog records them per model, only as far as fal's model pages
 * confirm them; any other fal model id can be added as a custom model (sent with the common field names, see
 * `customFalModel`).
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import { catalogInfo, live, type CatalogModel, type ExtraName, type ProviderCatalog } from './catalog';
import { NON_EXISTENT_TASK_ID, runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { requestJson, requestOk, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { failedStatus, succeededWith } from './jobStatus';
import { refuseLargeImages, refuseOutsideCatalog } from './requestChecks';
import {
  type ConnectionCheck,
  type JobStatus,
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
import { downloadSignedLink } from './signedLink';

export const FAL_DEFAULT_BASE_URL = 'https://queue.fal.run';
/** fal's queue examples poll every few seconds; video models take minutes. */
export const FAL_POLL_INTERVAL_MS = 5_000;
export const FAL_DEFAULT_TIMEOUT_MS = 120_000;

const CHECKED = '2026-11-30';
/** A guard against images no JSON body should carry; model pages state 10–30 MB, the strictest is used. */
const FAL_MAX_IMAGE_BYTES = 10_000_000;
const FAL_MAX_PROMPT_LENGTH = 4000;

/** How a model takes its duration: `"5"` (most), `"8s"` (Veo) or a number (LTX-2). */
type DurationFormat = 'text' | 'text-s' | 'number';

/** Request fields a size maps to (`resolution`, `aspect_ratio`), when the model takes them. */
type SizeFields = Readonly<Record<string, string>>;

export interface FalModel extends CatalogModel {
  /** The field of the first frame (`image_url`, or `start_image_url` on Kling 2.6). */
  readonly imageField: string;
  /** The field of the last frame, when the model takes one. */
  readonly endImageField?: string;
  readonly durationFormat: DurationFormat;
  /** Per offered size, the fields it is sent as; a size missing here sends none (the output follows the image). */
  readonly sizeFields: Readonly<Record<string, SizeFields>>;
  /** The model's own field name of each extra it takes. */
  readonly extraFields: Readonly<Partial<Record<ExtraName, string>>>;
}

/** The field names a custom fal model is sent with: the ones most fal video models use. */
const COMMON_EXTRA_FIELDS: Readonly<Record<ExtraName, string>> = {
  negativePrompt: 'negative_prompt',
  seed: 'seed',
  audio: 'generate_audio',
  enhancePrompt: 'enable_prompt_expansion',
};

const page = (id: string): string => `https://fal.ai/models/${id}/llms.txt`;

function fal(
  id: string,
  label: string,
  sizes: readonly string[],
  seconds: readonly number[],
  more: Partial<FalModel> & Pick<FalModel, 'extraFields'>,
): FalModel {
  return {
    id,
    label,
    sizes,
    seconds,
    maxPromptLength: FAL_MAX_PROMPT_LENGTH,
    progress: false,
    cancel: true,
    remix: false,
    lastFrame: false,
    maxImageBytes: FAL_MAX_IMAGE_BYTES,
    extras: Object.keys(more.extraFields) as ExtraName[],
    prices: [],
    lifecycle: live,
    checked: CHECKED,
    source: page(id),
    imageField: 'image_url',
    durationFormat: 'text',
    sizeFields: {},
    ...more,
  };
}

/** `{size: {field: value}}` for sizes given as `[size, value]` pairs of one field. */
function sizesTo(field: string, pairs: readonly (readonly [string, string])[]): Record<string, SizeFields> {
  return Object.fromEntries(pairs.map(([size, value]) => [size, { [field]: value }]));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const VEO_SIZES: readonly (readonly [string, string, string])[] = [
  ['1280x720', '720p', '16:9'],
  ['720x1280', '720p', '9:16'],
  ['1920x1080', '1080p', '16:9'],
  ['1080x1920', '1080p', '9:16'],
  ['3840x2160', '4k', '16:9'],
  ['2160x3840', '4k', '9:16'],
];
const SEEDANCE_SIZES: readonly (readonly [string, string, string])[] = [
  ['1280x720', '720p', '16:9'],
  ['720x1280', '720p', '9:16'],
  ['1920x1080', '1080p', '16:9'],
  ['1080x1920', '1080p', '9:16'],
  ['854x480', '480p', '16:9'],
  ['480x854', '480p', '9:16'],
];
const bothFields = (list: readonly (readonly [string, string, string])[]): Record<string, SizeFields> =>
  Object.fromEntries(list.map(([size, resolution, aspect]) => [size, { resolution, aspect_ratio: aspect }]));

/**
 * The image-to-video models users pick most, as fal's model pages (llms.txt, checked 2026-11-30) describe them;
 * docs/providers.md has the same table. Prices are fal's list prices per second where the page gives one.
 */
export const falCatalog: ProviderCatalog<FalModel> = {
  id: 'fal',
  label: 'fal.ai',
  needsKey: true,
  keyEnv: ['FAL_KEY'],
  defaultBaseUrl: FAL_DEFAULT_BASE_URL,
  acceptsCustomModels: true,
  note: 'fal hosts hundreds of models: add any other fal model id with its sizes and durations as a custom model.',
  models: [
    fal(
      'fal-ai/kling-video/v2.6/pro/image-to-video',
      'Kling 2.6 Pro',
      ['1920x1080', '1080x1920', '1080x1080'],
      [5, 10],
      {
        imageField: 'start_image_url',
        extraFields: { negativePrompt: 'negative_prompt', audio: 'generate_audio' },
        // Audio is on by default, so its price comes first (the rule an estimate without an audio choice gets).
        prices: [
          { usdPerSecond: 0.14, audio: true },
          { usdPerSecond: 0.07, audio: false },
        ],
        note: 'The video keeps the aspect of the image; audio is on unless switched off.',
      },
    ),
    fal(
      'fal-ai/minimax/hailuo-02/standard/image-to-video',
      'MiniMax Hailuo 02 Standard',
      ['1366x768', '768x1366', '910x512', '512x910'],
      [6, 10],
      {
        endImageField: 'end_image_url',
        lastFrame: true,
        sizeFields: sizesTo('resolution', [
          ['1366x768', '768P'],
          ['768x1366', '768P'],
          ['910x512', '512P'],
          ['512x910', '512P'],
        ]),
        extraFields: { enhancePrompt: 'prompt_optimizer' },
        prices: [
          { usdPerSecond: 0.045, sizes: ['1366x768', '768x1366'] },
          { usdPerSecond: 0.017, sizes: ['910x512', '512x910'] },
        ],
        note: 'The video keeps the aspect of the image at the chosen resolution (768P or 512P).',
      },
    ),
    // `end_image_url`: the name fal's Seedance v1 pages use; the stored v1.5 page says "supports start & end frame" but
    // its field list is cut short (unconfirmed, docs/providers.md#8): a different name would come back as fal's 422.
    fal(
      'fal-ai/bytedance/seedance/v1.5/pro/image-to-video',
      'Seedance 1.5 Pro',
      SEEDANCE_SIZES.map(([size]) => size),
      [5, ...range(4, 12).filter((n) => n !== 5)],
      {
        endImageField: 'end_image_url',
        lastFrame: true,
        sizeFields: bothFields(SEEDANCE_SIZES),
        extraFields: { seed: 'seed' },
        prices: [{ usdPerSecond: 0.052, sizes: ['1280x720', '720x1280'] }],
      },
    ),
    fal(
      'fal-ai/wan-25-preview/image-to-video',
      'Wan 2.5 Preview',
      ['1920x1080', '1080x1920', '1280x720', '720x1280', '854x480', '480x854'],
      [5, 10],
      {
        maxPromptLength: 800,
        sizeFields: sizesTo('resolution', [
          ['1920x1080', '1080p'],
          ['1080x1920', '1080p'],
          ['1280x720', '720p'],
          ['720x1280', '720p'],
          ['854x480', '480p'],
          ['480x854', '480p'],
        ]),
        extraFields: {},
        prices: [
          { usdPerSecond: 0.15, sizes: ['1920x1080', '1080x1920'] },
          { usdPerSecond: 0.1, sizes: ['1280x720', '720x1280'] },
          { usdPerSecond: 0.05, sizes: ['854x480', '480x854'] },
        ],
        note: 'The video keeps the aspect of the image at the chosen resolution.',
      },
    ),
    fal(
      'fal-ai/veo3.1/image-to-video',
      'Veo 3.1',
      VEO_SIZES.map(([size]) => size),
      [8, 4, 6],
      {
        durationFormat: 'text-s',
        sizeFields: bothFields(VEO_SIZES),
        extraFields: { negativePrompt: 'negative_prompt', seed: 'seed', audio: 'generate_audio' },
        source: 'https://fal.ai/docs/model-api-reference/video-generation-api/veo3.1-image-to-video',
      },
    ),
    fal('fal-ai/ltx-2/image-to-video', 'LTX-2 Pro', ['1920x1080', '2560x1440', '3840x2160'], [6, 8, 10], {
      durationFormat: 'number',
      sizeFields: sizesTo('resolution', [
        ['1920x1080', '1080p'],
        ['2560x1440', '1440p'],
        ['3840x2160', '2160p'],
      ]),
      extraFields: { audio: 'generate_audio' },
      prices: [
        { usdPerSecond: 0.06, sizes: ['1920x1080'] },
        { usdPerSecond: 0.12, sizes: ['2560x1440'] },
        { usdPerSecond: 0.24, sizes: ['3840x2160'] },
      ],
    }),
  ],
};

/**
 * A custom model (from settings) as fal wire details: `image_url`, `end_image_url` when it takes a last frame, the
 * duration as text, no size fields (the model's defaults, the output following the image), extras by their common
 * names — what most fal video models take; a model that names them differently answers 422, which says which.
 */
function falModelOf(model: ModelCapabilities): FalModel {
  const known = falCatalog.models.find((m) => m.id === model.id);
  if (known && !(model as Partial<CatalogModel>).custom) return known;
  const extras = (model as Partial<CatalogModel>).extras ?? [];
  return {
    ...(model as CatalogModel),
    extras,
    imageField: 'image_url',
    ...(model.lastFrame ? { endImageField: 'end_image_url' } : {}),
    durationFormat: 'text',
    sizeFields: {},
    extraFields: Object.fromEntries(extras.map((name) => [name, COMMON_EXTRA_FIELDS[name]])),
  };
}

/** `fal-ai/kling-video/v2.6/pro/image-to-video` → `fal-ai/kling-video`: the part of the id the queue URLs use. */
export function falAppOf(modelId: string): string {
  const [owner, app] = modelId.split('/');
  if (!owner || !app)
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '"{0}" is not a fal model id (expected {1}, e.g. {2}).',
        modelId,
        'owner/app[/path]',
        'fal-ai/veo3.1/image-to-video',
      ),
    );
  return `${owner}/${app}`;
}

export const FalOptionsSchema = z.object({
  /** Time allowed per JSON request (submit, status, result, cancel). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});

const SubmitReplySchema = z.looseObject({
  request_id: z.string().min(1),
  status_url: z.string().optional(),
  response_url: z.string().optional(),
  cancel_url: z.string().optional(),
  queue_position: z.number().optional(),
});

const StatusReplySchema = z.looseObject({
  status: z.string().min(1),
  queue_position: z.number().int().nonnegative().optional(),
});

const ResultSchema = z.looseObject({
  video: z.looseObject({ url: z.string().min(1) }).optional(),
});

/** `{"detail": "text"}` (request errors, with `error_type`) or `{"detail": [{msg, loc, type}]}` (model validation). */
export const readFalError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const { detail } = record;
  if (typeof detail === 'string') {
    const code = typeof record.error_type === 'string' ? record.error_type : undefined;
    return { message: detail, ...(code ? { code } : {}) };
  }
  if (Array.isArray(detail)) {
    const items = detail.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
    const message = items
      .map((d) => {
        const where = Array.isArray(d.loc) ? d.loc.filter((p) => p !== 'body').join('.') : '';
        return `${where ? `${where}: ` : ''}${typeof d.msg === 'string' ? d.msg : 'invalid'}`;
      })
      .join('; ');
    const code = items.map((d) => d.type).find((t): t is string => typeof t === 'string');
    return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
  }
  return {};
};

/** Error types of a model's answer that mean fal's or the model's content checker refused it. */
const MODERATION_TYPES = new Set(['content_policy_violation']);

export function createFalProvider(ctx: ProviderContext): VideoProvider {
  const options = providerOptions(FalOptionsSchema, ctx, 'fal');
  const info: ProviderInfo = catalogInfo(falCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? FAL_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv, 'key', ` ${l10n.t('(from {0})', 'fal.ai/dashboard/keys')}`);
  const checkedBaseUrl = lazyBaseUrl(ctx, 'fal', (raw) =>
    parseBaseUrl(raw, l10n.t('{0} base URL', 'fal'), FAL_DEFAULT_BASE_URL, l10n.t('e.g. {0}', FAL_DEFAULT_BASE_URL)),
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const apiKey = (): string => requireKey(ctx, info.label, keyHint);
  const context = errorContexts(() => hostOr('queue.fal.run', () => checkedBaseUrl().host), keyHint, secrets);
  const auth = (): Record<string, string> => ({ authorization: `Key ${apiKey()}` });

  /** A URL fal gave, kept only when it lies under the base URL (else the key would go to another host). */
  function underBase(url: string | undefined): string | undefined {
    if (!url) return undefined;
    try {
      const parsed = new URL(url);
      return parsed.href.startsWith(`${baseUrl()}/`) && !parsed.username && !parsed.password ? parsed.href : undefined;
    } catch {
      return undefined;
    }
  }

  /** The request's own queue URLs: those fal gave (when under the base URL), else built from the model's app. */
  function urlsOf(job: RemoteJob): { status: string; response: string; cancel: string } {
    const built = `${baseUrl()}/${falAppOf(job.model)}/requests/${encodeURIComponent(job.id)}`;
    return {
      status: underBase(job.data?.statusUrl) ?? `${built}/status`,
      response: underBase(job.data?.responseUrl) ?? built,
      cancel: underBase(job.data?.cancelUrl) ?? `${built}/cancel`,
    };
  }

  function checkRequest(request: PreparedRequest): FalModel {
    const model = falModelOf(findModel({ ...info, retiredModels: [] }, request.model));
    falAppOf(model.id);
    refuseOutsideCatalog(request, model, info, Boolean(model.endImageField));
    refuseLargeImages(request, model.maxImageBytes, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; fal requests here carry at most {2} MB.',
        which,
        (bytes / 1e6).toFixed(1),
        model.maxImageBytes / 1e6,
      ),
    );
    return model;
  }

  function inputOf(request: PreparedRequest, model: FalModel): Record<string, unknown> {
    const duration =
      model.durationFormat === 'number'
        ? request.seconds
        : model.durationFormat === 'text-s'
          ? `${request.seconds}s`
          : String(request.seconds);
    const input: Record<string, unknown> = {
      prompt: request.prompt.trim(),
      [model.imageField]: dataUri(request.image),
      duration,
      ...(model.sizeFields[formatSize(request.size)] ?? {}),
    };
    if (request.lastFrame && model.endImageField) input[model.endImageField] = dataUri(request.lastFrame);
    const extras = request.extras ?? {};
    for (const name of model.extras) {
      const value = extras[name];
      const field = model.extraFields[name];
      if (value !== undefined && field) input[field] = value;
    }
    return input;
  }

  /** The finished request's output: the video link, or the model's refusal as a failed status. */
  async function resultOf(job: RemoteJob, signal: AbortSignal): Promise<JobStatus> {
    const { response } = urlsOf(job);
    try {
      const { body } = await requestJson(
        response,
        { headers: auth(), signal, timeoutMs },
        ResultSchema,
        context('poll'),
        readFalError,
      );
      if (!body.video)
        return failedStatus(l10n.t('fal reports request {0} as done but its result has no video.', job.id), 'NoVideo');
      return succeededWith(job, { videoUrl: body.video.url });
    } catch (error) {
      // The model's own refusal of the finished request (validation, content policy, runner error) is final: fal has
      // already retried runner failures itself. Auth, rate limits, 404 and gateway errors are not answers: thrown.
      if (
        !(error instanceof AnimateError) ||
        error.kind === 'auth' ||
        error.kind === 'rate-limit' ||
        error.kind === 'network'
      )
        throw error;
      const status = error.details.status;
      if (status === undefined || status === 404 || status === 502 || status === 503 || status === 504) throw error;
      const code = error.details.code;
      if (code === 'client_cancelled') return failedStatus(l10n.t('fal request {0} was cancelled.', job.id), code);
      if (code && MODERATION_TYPES.has(code)) {
        return failedStatus(
          l10n.t(
            "fal's content checker refused request {0} ({1}): {2} Change the prompt or the image.",
            job.id,
            code,
            error.message,
          ),
          code,
        );
      }
      return failedStatus(
        l10n.t('fal ran request {0} but the model failed: {1}', job.id, error.message),
        code ?? `HTTP_${status}`,
      );
    }
  }

  return {
    info,

    async submit(request, signal) {
      const model = checkRequest(request);
      const headers = auth();
      const input = inputOf(request, model);
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ${size}, ${request.seconds} s${request.lastFrame ? ', last frame' : ''}`;
      let reply: z.infer<typeof SubmitReplySchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/${model.id}`,
          { method: 'POST', headers, json: input, signal, timeoutMs },
          SubmitReplySchema,
          context('submit', {
            notFoundHint: l10n.t(
              'Check the base URL ({0}) and the model id {1} ({2} lists them).',
              baseUrl(),
              model.id,
              'fal.ai/models',
            ),
            badRequestHint: l10n.t('(Sent {0}.)', sent),
          }),
          readFalError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'fal',
          l10n.t(
            'The request may have been queued; check {0} before retrying — a retry is a new paid request.',
            'fal.ai/dashboard/requests',
          ),
        );
      }
      const kept = {
        statusUrl: underBase(reply.status_url),
        responseUrl: underBase(reply.response_url),
        cancelUrl: underBase(reply.cancel_url),
      };
      const dropped = [reply.status_url, reply.response_url, reply.cancel_url].filter((u) => u && !underBase(u));
      if (dropped.length > 0)
        ctx.log.warn(
          `fal: ignoring ${dropped.length} queue URL(s) outside ${baseUrl()}; following the request by its id instead`,
        );
      ctx.log.info(`fal: queued ${reply.request_id} (${sent})`);
      const data: Record<string, string> = { size, seconds: String(request.seconds) };
      for (const [key, value] of Object.entries(kept)) if (value) data[key] = value;
      return { provider: info.id, id: reply.request_id, model: model.id, data };
    },

    async poll(job, signal) {
      const { status: statusUrl } = urlsOf(job);
      const { body } = await requestJson(
        statusUrl,
        { headers: auth(), signal, timeoutMs },
        StatusReplySchema,
        context('poll', {
          notFoundHint: l10n.t(
            "fal knows no request {0} for {1}: check the base URL and the key's account.",
            job.id,
            falAppOf(job.model),
          ),
        }),
        readFalError,
      );
      ctx.log.debug(
        `fal: ${job.id} ${body.status}${body.queue_position !== undefined ? ` (${body.queue_position} ahead)` : ''}`,
      );
      switch (body.status) {
        case 'IN_QUEUE':
          return {
            state: 'queued',
            pollAfterMs: FAL_POLL_INTERVAL_MS,
            ...(body.queue_position !== undefined ? { queuePosition: body.queue_position } : {}),
          };
        case 'IN_PROGRESS':
          return { state: 'running', pollAfterMs: FAL_POLL_INTERVAL_MS };
        case 'COMPLETED':
          return resultOf(job, signal);
        default:
          return failedStatus(
            l10n.t(
              'fal reports request {0} as "{1}", which this client does not know; treating it as ended.',
              job.id,
              body.status,
            ),
            body.status,
          );
      }
    },

    download(job, signal) {
      const expired = l10n.t(
        'fal keeps generated media for a limited time; if the link is gone, the video must be made again.',
      );
      return downloadSignedLink(job, 'fal', expired, { keyHint, secrets }, signal);
    },

    /** `PUT cancel_url`: fal removes a queued request; one in progress gets a cancellation signal (and may still bill). */
    async cancel(job) {
      const { cancel } = urlsOf(job);
      try {
        await requestOk(
          cancel,
          { method: 'PUT', headers: auth(), signal: new AbortController().signal, timeoutMs },
          context('cancel'),
          readFalError,
        );
        ctx.log.info(`fal: cancellation requested for ${job.id}`);
      } catch (error) {
        if (error instanceof AnimateError && error.details.status === 400) {
          throw new AnimateError(
            'provider',
            l10n.t('fal did not cancel request {0}: it has already completed (and is billed).', job.id),
            { ...error.details, cause: error },
          );
        }
        throw error;
      }
    },

    /** The status of a request id never issued, under the model's app: proves route and key without queuing anything. */
    async check(model, signal): Promise<ConnectionCheck> {
      const app = falAppOf(model ?? info.models[0]?.id ?? 'fal-ai/veo3.1');
      return runCheck(
        {
          provider: info.id,
          model,
          endpoint: `${context('poll').host}/${app}/requests/{id}/status`,
        },
        true,
        async () => {
          try {
            await requestJson(
              `${baseUrl()}/${app}/requests/${NON_EXISTENT_TASK_ID}/status`,
              { headers: auth(), signal, timeoutMs },
              StatusReplySchema,
              context('poll'),
              readFalError,
            );
          } catch (error) {
            // A 404 for the made-up request is an answer from fal that accepted the key; 401/403 are auth errors.
            if (!(error instanceof AnimateError) || error.details.status !== 404) throw error;
          }
          if (model === undefined) return {};
          const known = info.models.some((m) => m.id === model);
          return known
            ? {}
            : {
                modelAvailable: false,
                problem: l10n.t(
                  '{0} is not a fal model this version knows; add it as a custom model with its sizes and durations.',
                  model,
                ),
              };
        },
      );
    },
  };
}

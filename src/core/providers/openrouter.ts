/**
 * OpenRouter video generation — many providers' video models behind one key and one asynchronous API.
 *
 * Contract and dated facts: docs/providers.md#9-openrouter--openrouter-video-generation-openrouter_api_key.
 * `POST {base}/videos` (`Authorization: Bearer …`; `model`, `prompt`, `duration`, `resolution` + `aspect_ratio` or
 * `size`, `generate_audio`, `seed`, `frame_images: [{type: "image_url", image_url: {url}, frame_type: "first_frame" |
 * "last_frame"}]`) → 202 `{id, polling_url, status: "pending"}`; `GET {base}/videos/{id}` until `completed` (or
 * `failed`, `cancelled`, `expired`, with `error`); the MP4 from `GET {base}/videos/{id}/content?index=0` with the key.
 * The job is always followed by its id on the base URL: `polling_url` and the signed `unsigned_urls` are not needed,
 * so the key never goes to a host the user did not configure. The API has no cancel.
 *
 * What each model takes is not hard-coded: `GET {base}/videos/models` lists every video model with its durations,
 * resolutions, aspect ratios or sizes, first/last-frame support, seed and audio switches and prices
 * (`discoverModels`, also used by `check`, which proves the key with `GET {base}/key`). The static catalog below is only a fallback for the model OpenRouter's own
 * documentation names; its values come from the docs' examples and discovery is the truth. Whether every upstream
 * provider takes images as `data:` URIs is unconfirmed (the docs ask for a public HTTPS URL): the image is sent inline
 * and a refusal comes back as the provider's 400 message.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import {
  catalogInfo,
  labelText,
  live,
  type CatalogModel,
  type ExtraName,
  type Label,
  type ModelPrice,
  type ProviderCatalog,
} from './catalog';
import { runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { downloadStream, requestJson, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { refuseLargeImages, refuseOutsideCatalog } from './requestChecks';
import { failedStatus, succeededWith, unknownTaskStatus } from './jobStatus';
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
import { formatSize, parseSize } from '../types';
import {
  errorContexts,
  hostOr,
  keyHintFor,
  lazyBaseUrl,
  parseBaseUrl,
  providerOptions,
  requireKey,
} from './providerSetup';

export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
/** OpenRouter's guide: poll every 10–30 s. */
export const OPENROUTER_POLL_INTERVAL_MS = 15_000;
export const OPENROUTER_DEFAULT_TIMEOUT_MS = 120_000;
const CHECKED = '2026-11-30';
const DOCS = 'https://openrouter.ai/docs/api_reference/videos.md';
/** A guard: OpenRouter publishes no limit for inline images; upstream providers' limits are around 10 MB. */
const MAX_IMAGE_BYTES = 10_000_000;
const MAX_PROMPT_LENGTH = 4000;

/** The fields a size is sent as: `size` for models that list pixel sizes, else `resolution` and `aspect_ratio`. */
type SizeFields = Readonly<Record<string, string>>;

export interface OpenRouterModel extends CatalogModel {
  readonly sizeFields: Readonly<Record<string, SizeFields>>;
}

/** `720p` + `16:9` → `1280x720` (the short side is the resolution; even pixel counts). */
export function sizeOf(resolution: string, aspect: string): string | undefined {
  const short = /^(\d{3,4})p$/i.exec(resolution)?.[1] ?? (/^4k$/i.test(resolution) ? '2160' : undefined);
  const ratio = /^(\d+):(\d+)$/.exec(aspect);
  if (!short || !ratio) return undefined;
  const [w, h] = [Number(ratio[1]), Number(ratio[2])];
  if (w <= 0 || h <= 0) return undefined;
  const side = Number(short);
  const long = Math.round((side * Math.max(w, h)) / Math.min(w, h) / 2) * 2;
  return w >= h ? `${long}x${side}` : `${side}x${long}`;
}

/** `1280x720` → `{resolution: "720p", aspect_ratio: "16:9"}`: how a custom model's size is sent. */
function fieldsForSize(size: string): SizeFields {
  const { width, height } = parseSize(size);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(width, height);
  return { resolution: `${Math.min(width, height)}p`, aspect_ratio: `${width / d}:${height / d}` };
}

function model(
  id: string,
  label: Label,
  sizes: readonly (readonly [string, SizeFields])[],
  seconds: readonly number[],
  more: Partial<OpenRouterModel>,
): OpenRouterModel {
  return {
    id,
    get label() {
      return labelText(label);
    },
    sizes: sizes.map(([size]) => size),
    sizeFields: Object.fromEntries(sizes),
    seconds,
    maxPromptLength: MAX_PROMPT_LENGTH,
    progress: false,
    cancel: false,
    remix: false,
    lastFrame: false,
    maxImageBytes: MAX_IMAGE_BYTES,
    extras: [],
    prices: [],
    lifecycle: live,
    checked: CHECKED,
    source: DOCS,
    ...more,
  };
}

/**
 * Fallback only: the model OpenRouter's video docs use in every example, with the capabilities those examples show
 * (first and last frame, audio; 720p/1080p sizes). `discoverModels` replaces it with what the API lists.
 */
export const openRouterCatalog: ProviderCatalog<OpenRouterModel> = {
  id: 'openrouter',
  label: 'OpenRouter',
  needsKey: true,
  keyEnv: ['OPENROUTER_API_KEY'],
  defaultBaseUrl: OPENROUTER_DEFAULT_BASE_URL,
  acceptsCustomModels: true,
  note: 'What each model takes is read from OpenRouter (GET /videos/models); add another model id as a custom model.',
  models: [
    model(
      'google/veo-3.1',
      () => l10n.t('Veo 3.1 (via OpenRouter)'),
      [
        ['1280x720', { size: '1280x720' }],
        ['1920x1080', { size: '1920x1080' }],
      ],
      [8],
      {
        lastFrame: true,
        extras: ['audio'],
        note: 'Fallback entry from the docs; the live list (check) shows the durations and sizes OpenRouter serves today.',
      },
    ),
  ],
};

export const OpenRouterOptionsSchema = z.object({
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});

const SubmitReplySchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().optional(),
  polling_url: z.string().optional(),
});

const JobReplySchema = z.looseObject({
  id: z.string().optional(),
  status: z.string().min(1),
  error: z.string().nullish(),
  generation_id: z.string().nullish(),
  unsigned_urls: z.array(z.string()).nullish(),
  usage: z.looseObject({ cost: z.number().nullish() }).nullish(),
});

const VideoModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  generate_audio: z.boolean().nullish(),
  seed: z.boolean().nullish(),
  supported_aspect_ratios: z.array(z.string()).nullish(),
  supported_durations: z.array(z.number()).nullish(),
  supported_frame_images: z.array(z.string()).nullish(),
  supported_resolutions: z.array(z.string()).nullish(),
  supported_sizes: z.array(z.string()).nullish(),
  pricing_skus: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
});
const ModelsReplySchema = z.looseObject({ data: z.array(VideoModelSchema) });
type VideoModel = z.infer<typeof VideoModelSchema>;

/** `per-video-second` for all sizes, `per-video-second-1080p` for that resolution's sizes; other SKUs are not per second. */
function pricesOf(
  skus: VideoModel['pricing_skus'],
  sizesByResolution: ReadonlyMap<string, readonly string[]>,
): ModelPrice[] {
  const specific: ModelPrice[] = [];
  const general: ModelPrice[] = [];
  for (const [sku, raw] of Object.entries(skus ?? {})) {
    const usd = Number(raw);
    if (!Number.isFinite(usd) || usd < 0) continue;
    const match = /^per-video-second(?:-(.+))?$/.exec(sku);
    if (!match) continue;
    if (!match[1]) general.push({ usdPerSecond: usd });
    else {
      const sizes = sizesByResolution.get(match[1].toLowerCase());
      if (sizes && sizes.length > 0) specific.push({ usdPerSecond: usd, sizes });
    }
  }
  return [...specific, ...general];
}

/** One entry of `/videos/models` as a catalog model; undefined for a model that cannot start from an image. */
export function discoveredModel(entry: VideoModel, source: string, checked: string): OpenRouterModel | undefined {
  const frames = entry.supported_frame_images ?? [];
  if (!frames.includes('first_frame')) return undefined;
  const pairs: [string, SizeFields][] = [];
  const byResolution = new Map<string, string[]>();
  if (entry.supported_sizes && entry.supported_sizes.length > 0) {
    for (const size of entry.supported_sizes) if (/^\d{2,5}x\d{2,5}$/.test(size)) pairs.push([size, { size }]);
  } else {
    for (const resolution of entry.supported_resolutions ?? []) {
      for (const aspect of entry.supported_aspect_ratios ?? ['16:9']) {
        const size = sizeOf(resolution, aspect);
        if (!size || pairs.some(([s]) => s === size)) continue;
        pairs.push([size, { resolution, aspect_ratio: aspect }]);
        byResolution.set(resolution.toLowerCase(), [...(byResolution.get(resolution.toLowerCase()) ?? []), size]);
      }
    }
  }
  const seconds = (entry.supported_durations ?? []).filter((n) => Number.isInteger(n) && n > 0);
  if (pairs.length === 0 || seconds.length === 0) return undefined;
  const extras: ExtraName[] = [
    ...(entry.seed ? (['seed'] as const) : []),
    ...(entry.generate_audio ? (['audio'] as const) : []),
  ];
  return model(entry.id, entry.name ?? entry.id, pairs, seconds, {
    lastFrame: frames.includes('last_frame'),
    extras,
    prices: pricesOf(entry.pricing_skus, byResolution),
    checked,
    source,
  });
}

/** OpenRouter's `{"error": {"code": 400, "message": "…"}}`; the numeric code becomes text. */
const readOpenRouterError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { message, code } = error as { message?: unknown; code?: unknown };
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
  };
};

export function createOpenRouterProvider(
  ctx: ProviderContext,
): VideoProvider & { discoverModels(signal: AbortSignal): Promise<readonly OpenRouterModel[]> } {
  const options = providerOptions(OpenRouterOptionsSchema, ctx, 'openrouter');
  const info: ProviderInfo = catalogInfo(openRouterCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? OPENROUTER_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv, 'key', ' (from openrouter.ai/keys)');
  const checkedBaseUrl = lazyBaseUrl(ctx, 'openrouter', (raw) =>
    parseBaseUrl(
      raw,
      l10n.t('{0} base URL', 'OpenRouter'),
      OPENROUTER_DEFAULT_BASE_URL,
      l10n.t('e.g. {0}', OPENROUTER_DEFAULT_BASE_URL),
    ),
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const apiKey = (): string => requireKey(ctx, info.label, keyHint);
  const context = errorContexts(() => hostOr('openrouter.ai', () => checkedBaseUrl().host), keyHint, secrets);
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${apiKey()}` });
  const jobUrl = (job: RemoteJob): string => `${baseUrl()}/videos/${encodeURIComponent(job.id)}`;

  async function discoverModels(signal: AbortSignal): Promise<readonly OpenRouterModel[]> {
    const { body } = await requestJson(
      `${baseUrl()}/videos/models`,
      { headers: auth(), signal, timeoutMs },
      ModelsReplySchema,
      context('poll'),
      readOpenRouterError,
    );
    const today = new Date().toISOString().slice(0, 10);
    return body.data
      .map((entry) => discoveredModel(entry, `${baseUrl()}/videos/models`, today))
      .filter((m): m is OpenRouterModel => m !== undefined);
  }

  /** Wire details of a model: the catalog's, else (a custom model) sizes sent as resolution and aspect ratio. */
  function wireModel(chosen: ModelCapabilities): OpenRouterModel {
    const known = openRouterCatalog.models.find((m) => m.id === chosen.id);
    if (known && !(chosen as Partial<CatalogModel>).custom) return known;
    return {
      ...(chosen as CatalogModel),
      sizeFields: Object.fromEntries(chosen.sizes.map((size) => [size, fieldsForSize(size)])),
    };
  }

  function checkRequest(request: PreparedRequest): OpenRouterModel {
    const chosen = wireModel(findModel({ ...info, retiredModels: [] }, request.model));
    refuseOutsideCatalog(request, chosen, info);
    refuseLargeImages(request, chosen.maxImageBytes, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; requests here carry at most {2} MB.',
        which,
        (bytes / 1e6).toFixed(1),
        chosen.maxImageBytes / 1e6,
      ),
    );
    return chosen;
  }

  function statusOf(job: RemoteJob, body: z.infer<typeof JobReplySchema>): JobStatus {
    const said = body.error ? `: ${body.error.trim().replace(/\.+$/, '')}` : '';
    switch (body.status) {
      case 'pending':
        return { state: 'queued', pollAfterMs: OPENROUTER_POLL_INTERVAL_MS };
      case 'in_progress':
        return { state: 'running', pollAfterMs: OPENROUTER_POLL_INTERVAL_MS };
      case 'completed':
        return succeededWith(job, {
          ...(body.generation_id ? { generationId: body.generation_id } : {}),
          ...(typeof body.usage?.cost === 'number' ? { costUsd: String(body.usage.cost) } : {}),
        });
      case 'failed':
        return failedStatus(l10n.t('OpenRouter reports job {0} failed{1}.', job.id, said), 'failed');
      case 'cancelled':
        return failedStatus(l10n.t('OpenRouter job {0} was cancelled{1}.', job.id, said), 'cancelled');
      case 'expired':
        return failedStatus(
          l10n.t(
            'OpenRouter job {0} has expired{1}; its video is no longer kept and must be made again.',
            job.id,
            said,
          ),
          'expired',
        );
      default:
        return unknownTaskStatus('OpenRouter', job, body.status);
    }
  }

  return {
    info,
    discoverModels,

    async submit(request, signal) {
      const chosen = checkRequest(request);
      const headers = auth();
      const size = formatSize(request.size);
      const frame = (image: PreparedRequest['image'], frameType: string) => ({
        type: 'image_url',
        image_url: { url: dataUri(image) },
        frame_type: frameType,
      });
      const extras = request.extras ?? {};
      const body = {
        model: chosen.id,
        prompt: request.prompt.trim(),
        duration: request.seconds,
        ...(chosen.sizeFields[size] ?? {}),
        frame_images: [
          frame(request.image, 'first_frame'),
          ...(request.lastFrame ? [frame(request.lastFrame, 'last_frame')] : []),
        ],
        ...(extras.seed !== undefined ? { seed: extras.seed } : {}),
        ...(extras.audio !== undefined ? { generate_audio: extras.audio } : {}),
      };
      const sent = `model ${chosen.id}, ${size}, ${request.seconds} s${request.lastFrame ? ', last frame' : ''}`;
      let reply: z.infer<typeof SubmitReplySchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/videos`,
          { method: 'POST', headers, json: body, signal, timeoutMs },
          SubmitReplySchema,
          context('submit', {
            notFoundHint: l10n.t('Check the base URL ({0}) and the model id {1}.', baseUrl(), chosen.id),
            badRequestHint: l10n.t('(Sent {0}.)', sent),
          }),
          readOpenRouterError,
        ));
      } catch (error) {
        if (error instanceof AnimateError && error.details.status === 402) {
          throw new AnimateError(
            'provider',
            l10n.t(
              'OpenRouter needs more credits for this video (402): add credits at openrouter.ai/settings/credits. {0}',
              error.message,
            ),
            { ...error.details, cause: error },
          );
        }
        throw submitFailure(
          error,
          signal,
          'OpenRouter',
          l10n.t(
            'The job may have been created; check openrouter.ai/activity before retrying — a retry is a new paid job.',
          ),
        );
      }
      ctx.log.info(`openrouter: submitted ${reply.id} (${sent})`);
      return { provider: info.id, id: reply.id, model: chosen.id, data: { size, seconds: String(request.seconds) } };
    },

    async poll(job, signal) {
      const { body } = await requestJson(
        jobUrl(job),
        { headers: auth(), signal, timeoutMs },
        JobReplySchema,
        context('poll', {
          notFoundHint: l10n.t(
            'OpenRouter knows no video job {0} for this key (check the base URL and the key).',
            job.id,
          ),
        }),
        readOpenRouterError,
      );
      ctx.log.debug(`openrouter: ${job.id} ${body.status}`);
      return statusOf(job, body);
    },

    async download(job, signal) {
      try {
        return await downloadStream(
          `${jobUrl(job)}/content?index=0`,
          { headers: auth(), signal },
          context('download'),
          readOpenRouterError,
        );
      } catch (error) {
        if (error instanceof AnimateError && (error.details.status === 404 || error.details.status === 410)) {
          throw new AnimateError(
            'provider',
            l10n.t(
              'OpenRouter no longer has the video of job {0} ({1}): generated videos are kept for a limited time and then expire; it must be made again.',
              job.id,
              error.details.status,
            ),
            { ...error.details, cause: error },
          );
        }
        throw error;
      }
    },

    /**
     * `GET /key` (the key's own record) proves the key — the model list may answer without one — then the model list
     * says whether the model is served and can start from an image. Both are free.
     */
    async check(modelId, signal): Promise<ConnectionCheck> {
      return runCheck(
        {
          provider: info.id,
          model: modelId,
          endpoint: `${context('poll').host}/key, /videos/models`,
        },
        true,
        async () => {
          await requestJson(
            `${baseUrl()}/key`,
            { headers: auth(), signal, timeoutMs },
            z.looseObject({ data: z.looseObject({}) }),
            context('poll'),
            readOpenRouterError,
          );
          const models = await discoverModels(signal);
          if (modelId === undefined) return {};
          const found = models.find((m) => m.id === modelId);
          if (found) return { modelAvailable: true };
          return {
            modelAvailable: false,
            problem:
              models.length > 0
                ? l10n.t(
                    'OpenRouter lists no image-to-video model "{0}" (it serves {1}).',
                    modelId,
                    models.map((m) => m.id).join(', '),
                  )
                : l10n.t('OpenRouter lists no image-to-video model "{0}" (it serves none).', modelId),
          };
        },
      );
    },
  };
}

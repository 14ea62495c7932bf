/**
 * Runway image-to-video (api.dev.runwayml.com), over REST: Runway's own Gen-4 models and the partner models it
 * serves through the same call (Veo 3.1, Seedance 2).
 *
 * Contract and dated facts: docs/providers.md#7-runway--runway-api. `POST /v1/image_to_video` with the image as a data URI
 * (`promptImage`; an array with `position: "first" | "last"` for two keyframes) → `{id}`; `GET /v1/tasks/{id}` until
 * `SUCCEEDED | FAILED | CANCELLED`; the MP4 is `output[0]`, a signed link fetched without the key;
 * `DELETE /v1/tasks/{id}` cancels; `GET /v1/organization` (credits and the models of the key's tier) checks a key for
 * free. Every request carries `X-Runway-Version: 2024-11-06`. Runway asks clients not to poll more often than every
 * 5 s, so every status says when to ask again (6 s, as the SDK does). `seed`, `negativePrompt` and `audio` go in
 * those field names, only to the models whose `@runwayml/sdk` request type has them.
 *
 * Readings of our own: `progress` is a 0–1 fraction (a value above 1 is read as a percentage); "data URI up to
 * 5 MB" is read as at most 5,000,000 characters, so the encoded image may be at most 3.7 MB; error bodies are
 * `{"error": "text", "issues"?: [{message}]}`; failure codes starting with `SAFETY` or containing `.SAFETY` are
 * content-moderation rejections.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import { catalogInfo, live, refuseUnsupportedExtras, type CatalogModel, type ProviderCatalog } from './catalog';
import { runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { requestJson, requestOk, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { refuseLargeImages, refuseLongPrompt, refuseSeconds, refuseSize } from './requestChecks';
import { failedStatus, succeededWith, unknownTaskStatus } from './jobStatus';
import {
  type JobStatus,
  type ConnectionCheck,
  type ModelCapabilities,
  type PreparedRequest,
  type RequestExtras,
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

interface RunwayModel extends CatalogModel {
  /** `promptText` must be sent (gen4.5). */
  readonly promptRequired: boolean;
}

const sizeOfRatio = (ratio: string): string => ratio.replace(':', 'x');
const ratioOfSize = (size: string): string => size.replace('x', ':');

const RUNWAY_SOURCE = 'https://docs.dev.runwayml.com/api/#tag/Start-generating/paths/~1v1~1image_to_video/post';
const RUNWAY_CHECKED = '2026-11-30';
const GEN4_RATIOS = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'];
const VEO_RATIOS = ['1280:720', '720:1280', '1920:1080', '1080:1920'];
/** Every whole second from `from` to `to`, the default (`first`) in front. */
const secondsRange = (first: number, from: number, to: number): number[] => [
  first,
  ...Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => n !== first),
];

const runwayCommon = {
  maxPromptLength: RUNWAY_MAX_PROMPT_LENGTH,
  progress: true,
  cancel: true,
  remix: false,
  maxImageBytes: RUNWAY_MAX_IMAGE_BYTES,
  checked: RUNWAY_CHECKED,
  source: RUNWAY_SOURCE,
  lifecycle: live,
  promptRequired: false,
} as const;

/**
 * Runway's image-to-video models; docs/providers.md has the same table. No prices: Runway's per-model credit rates and
 * the price of a credit are unconfirmed (the create answer's `estimatedCost.credits` is logged instead). Seedance 2
 * and the other partner models take durations the SDK does not pin down; add them as custom models.
 */
export const runwayCatalog: ProviderCatalog<RunwayModel> = {
  id: 'runway',
  label: 'Runway',
  needsKey: true,
  keyEnv: ['RUNWAYML_API_SECRET'],
  defaultBaseUrl: RUNWAY_DEFAULT_BASE_URL,
  acceptsCustomModels: true,
  models: [
    {
      ...runwayCommon,
      id: 'gen4_turbo',
      label: 'Gen-4 Turbo',
      sizes: GEN4_RATIOS.map(sizeOfRatio),
      // The SDK types `duration` as any number; 2–10 s is unconfirmed first-hand, so only the long-standing 5 and 10.
      seconds: [5, 10],
      lastFrame: false,
      extras: ['seed'],
      prices: [],
    },
    {
      ...runwayCommon,
      id: 'gen4.5',
      label: 'Gen-4.5',
      sizes: GEN4_RATIOS.map(sizeOfRatio),
      seconds: secondsRange(5, 2, 10),
      lastFrame: false,
      extras: ['seed'],
      prices: [],
      promptRequired: true,
    },
    {
      ...runwayCommon,
      id: 'veo3.1',
      get label() {
        return l10n.t('Veo 3.1 (via Runway)');
      },
      sizes: VEO_RATIOS.map(sizeOfRatio),
      seconds: [8, 4, 6],
      lastFrame: true,
      extras: ['negativePrompt', 'seed', 'audio'],
      prices: [],
    },
    {
      ...runwayCommon,
      id: 'veo3.1_fast',
      get label() {
        return l10n.t('Veo 3.1 Fast (via Runway)');
      },
      sizes: VEO_RATIOS.map(sizeOfRatio),
      seconds: [8, 4, 6],
      lastFrame: true,
      extras: ['negativePrompt', 'seed', 'audio'],
      prices: [],
    },
    {
      ...runwayCommon,
      id: 'gen3a_turbo',
      label: 'Gen-3 Alpha Turbo',
      sizes: ['1280x768', '768x1280'],
      seconds: [5, 10],
      lastFrame: true,
      extras: ['seed'],
      prices: [],
      lifecycle: { state: 'retired', date: '2026-07-30', successor: 'gen4_turbo' },
    },
    {
      ...runwayCommon,
      id: 'veo3',
      get label() {
        return l10n.t('Veo 3 (via Runway)');
      },
      sizes: VEO_RATIOS.map(sizeOfRatio),
      seconds: [8],
      lastFrame: false,
      extras: [],
      prices: [],
      // Gone from the SDK's model union; Runway published no date.
      lifecycle: { state: 'retired', successor: 'veo3.1' },
    },
  ],
};

/** The offered model (catalog or the user's custom entry) with the wire details of its id (custom: prompt optional). */
function runwayModelOf(model: ModelCapabilities): RunwayModel {
  const known = runwayCatalog.models.find((m) => m.id === model.id);
  return { ...(known ?? {}), ...(model as CatalogModel), promptRequired: known?.promptRequired ?? false };
}

export const RunwayOptionsSchema = z.object({
  /** Time allowed per JSON request (submit, status checks, cancel). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type RunwayOptions = z.infer<typeof RunwayOptionsSchema>;

const CreateReplySchema = z.looseObject({
  id: z.string().min(1),
  estimatedCost: z.looseObject({ credits: z.number().optional() }).nullish(),
});

/** `GET /v1/organization`: credits left and, per model, the tier's limits (the keys are the models it may use). */
const OrganizationSchema = z.looseObject({
  creditBalance: z.number().optional(),
  tier: z.looseObject({ models: z.record(z.string(), z.unknown()).optional() }).optional(),
});

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
  else if (
    typeof record.error === 'object' &&
    record.error !== null &&
    typeof (record.error as { message?: unknown }).message === 'string'
  ) {
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

/** The extras in Runway's field names (`resolveRequest` and `checkRequest` let through only what the model takes). */
function runwayExtras(extras: RequestExtras | undefined): Record<string, string | number | boolean> {
  return {
    ...(extras?.negativePrompt ? { negativePrompt: extras.negativePrompt } : {}),
    ...(extras?.seed !== undefined ? { seed: extras.seed } : {}),
    ...(extras?.audio !== undefined ? { audio: extras.audio } : {}),
  };
}

/** 0–1 fraction → percent; a value above 1 is already a percentage. */
export function runwayProgressPercent(progress: number | null | undefined): number | undefined {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return undefined;
  const percent = progress <= 1 ? progress * 100 : progress;
  return Math.round(Math.min(100, Math.max(0, percent)));
}

export function createRunwayProvider(ctx: ProviderContext): VideoProvider {
  const options: RunwayOptions = providerOptions(RunwayOptionsSchema, ctx, 'runway');

  const info: ProviderInfo = catalogInfo(runwayCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? RUNWAY_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = keyHintFor(info.keyEnv, 'API secret');
  const checkedBaseUrl = lazyBaseUrl(
    ctx,
    'runway',
    (raw) => parseBaseUrl(raw, l10n.t('{0} base URL', 'Runway'), RUNWAY_DEFAULT_BASE_URL, RUNWAY_DEFAULT_BASE_URL),
    'API secret',
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const headers = (): Record<string, string> => ({
    authorization: `Bearer ${requireKey(ctx, info.label, keyHint, 'API secret')}`,
    'x-runway-version': RUNWAY_API_VERSION,
  });
  const context = errorContexts(() => hostOr('api.dev.runwayml.com', () => checkedBaseUrl().host), keyHint, secrets);

  const taskUrl = (id: string): string => `${baseUrl()}/v1/tasks/${encodeURIComponent(id)}`;

  function checkRequest(request: PreparedRequest): { model: RunwayModel; ratio: string } {
    // Retired models (gen3a_turbo) are refused before anything is sent; a job already made with one still resumes.
    const model = runwayModelOf(findModel({ ...info, retiredModels: [] }, request.model));
    const size = formatSize(request.size);
    refuseSize(model, size);
    const ratio = ratioOfSize(size);
    refuseSeconds(model, request.seconds);
    refuseLongPrompt(request.prompt, 'Runway', RUNWAY_MAX_PROMPT_LENGTH);
    if (model.promptRequired && !request.prompt.trim())
      throw new AnimateError('bad-input', l10n.t('{0} needs a prompt describing the motion.', model.id));
    if (request.lastFrame && !model.lastFrame) {
      const able = info.models.filter((m) => m.lastFrame).map((m) => m.id);
      throw new AnimateError(
        'bad-input',
        able.length > 0
          ? l10n.t('{0} takes a first frame only; to animate between two images use {1}.', model.id, able.join(', '))
          : l10n.t('{0} takes a first frame only; to animate between two images use another provider.', model.id),
      );
    }
    refuseUnsupportedExtras(request, model, info.label);
    refuseLargeImages(request, RUNWAY_MAX_IMAGE_BYTES, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; Runway takes images as data URIs of at most 5 MB, so the image itself must stay under {2} MB. Use a smaller size or a JPEG.',
        which,
        (bytes / 1e6).toFixed(2),
        RUNWAY_MAX_IMAGE_BYTES / 1e6,
      ),
    );
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
        if (!url)
          return failedStatus(l10n.t('Runway reports task {0} as done but gave no video link.', job.id), 'NO_OUTPUT');
        return succeededWith(job, { videoUrl: url });
      }
      case 'FAILED': {
        const code = task.failureCode || undefined;
        const said = task.failure ? `: ${task.failure}` : '';
        const moderated = code !== undefined && /(^|\.)SAFETY(\.|$)/.test(code);
        const reason = moderated
          ? l10n.t("Runway's content moderation rejected the job{0} ({1}). Change the prompt or the image.", said, code)
          : l10n.t('Runway failed the task{0}{1}.', said, code ? ` (${code})` : '');
        return failedStatus(reason, code);
      }
      case 'CANCELLED':
        return { state: 'failed', reason: l10n.t('Runway task {0} was cancelled.', job.id), code: 'CANCELLED' };
      default:
        return unknownTaskStatus('Runway', job, task.status);
    }
  }

  return {
    info,

    async submit(request, signal) {
      const { model, ratio } = checkRequest(request);
      const first = dataUri(request.image);
      const last = request.lastFrame ? dataUri(request.lastFrame) : undefined;
      if (first.length > RUNWAY_MAX_DATA_URI_LENGTH || (last?.length ?? 0) > RUNWAY_MAX_DATA_URI_LENGTH) {
        throw new AnimateError(
          'bad-input',
          l10n.t(
            "The image as a data URI is over 5 MB, Runway's limit; keep the image under {0} MB.",
            RUNWAY_MAX_IMAGE_BYTES / 1e6,
          ),
        );
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
        ...runwayExtras(request.extras),
      };
      const size = formatSize(request.size);
      const extrasSent = Object.keys(runwayExtras(request.extras));
      const sent =
        `model ${model.id}, ratio ${ratio}, ${request.seconds} s, image ${request.image.width}x${request.image.height} ${request.image.mime}` +
        `${last ? ' + last frame' : ''}${extrasSent.length > 0 ? `, ${extrasSent.join(', ')}` : ''}`;
      const started = Date.now();
      let id: string;
      let credits: number | undefined;
      try {
        const { body: reply } = await requestJson(
          `${baseUrl()}/v1/image_to_video`,
          { method: 'POST', headers: headers(), json: body, signal, timeoutMs },
          CreateReplySchema,
          context('submit', {
            notFoundHint: l10n.t('Check the base URL ({0}; the API is {1}).', baseUrl(), RUNWAY_DEFAULT_BASE_URL),
            badRequestHint: l10n.t('(Sent {0}.)', sent),
          }),
          readRunwayError,
        );
        id = reply.id;
        credits = reply.estimatedCost?.credits;
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'Runway',
          l10n.t('The task may have been created; check Runway before retrying — a retry is a new paid task.'),
        );
      }
      ctx.log.info(
        `runway: submitted ${id} (${sent}) in ${Date.now() - started} ms${credits !== undefined ? `; Runway estimates at most ${credits} credits` : ''}`,
      );
      return { provider: info.id, id, model: model.id, data: { size, seconds: String(request.seconds) } };
    },

    async poll(job, signal) {
      const { body } = await requestJson(
        taskUrl(job.id),
        { headers: headers(), signal, timeoutMs },
        TaskSchema,
        context('poll', {
          notFoundHint: l10n.t('Task {0} is unknown there: it may have been deleted, or expired.', job.id),
        }),
        readRunwayError,
      );
      ctx.log.debug(`runway: ${job.id} ${body.status}${typeof body.progress === 'number' ? ` ${body.progress}` : ''}`);
      return statusOf(job, body);
    },

    download(job, signal) {
      const expired = l10n.t('Runway keeps output links for 24–48 h; after that the video must be made again.');
      return downloadSignedLink(job, 'Runway', expired, { keyHint, secrets }, signal);
    },

    async cancel(job) {
      try {
        await requestOk(
          taskUrl(job.id),
          { method: 'DELETE', headers: headers(), signal: new AbortController().signal, timeoutMs },
          context('cancel'),
          readRunwayError,
        );
        ctx.log.info(`runway: cancelled ${job.id}`);
      } catch (error) {
        if (error instanceof AnimateError && error.details.status === 404) {
          ctx.log.info(`runway: ${job.id} was already gone when cancelling`);
          return;
        }
        throw error;
      }
    },

    /** `GET /v1/organization`: proves route and key for free, and lists the models the key's tier may use. */
    async check(model, signal): Promise<ConnectionCheck> {
      const host = context('poll').host;
      return runCheck({ provider: info.id, model, endpoint: `${host}/v1/organization` }, true, async () => {
        const { body } = await requestJson(
          `${baseUrl()}/v1/organization`,
          { headers: headers(), signal, timeoutMs },
          OrganizationSchema,
          context('poll'),
          readRunwayError,
        );
        const tierModels = Object.keys(body.tier?.models ?? {});
        const modelAvailable = model === undefined || tierModels.length === 0 ? undefined : tierModels.includes(model);
        const problems = [
          modelAvailable === false
            ? l10n.t("{0} is not among the models of this key's tier ({1})", model ?? '', tierModels.join(', '))
            : '',
          body.creditBalance === 0 ? l10n.t('the organization has no credits left: buy credits before submitting') : '',
        ].filter((p) => p);
        return {
          ...(modelAvailable !== undefined ? { modelAvailable } : {}),
          ...(problems.length > 0 ? { problem: `${problems.join('; ')}.` } : {}),
        };
      });
    },
  };
}

/**
 * Seedance image-to-video on Ark: BytePlus ModelArk (international) and Volcengine Ark (China), one API at two
 * base URLs, each with its own keys and its own model ids.
 *
 * Contract and dated facts: docs/providers.md#12-ark--seedance-on-byteplus-modelark--volcengine-ark-ark_api_key.
 * Read first-hand from the official SDK (`volcengine-python-sdk` `volcenginesdkarkruntime`, resources/
 * content_generation/tasks.py and types, stored commit of 2026-07-23): `Authorization: Bearer <ARK_API_KEY>`;
 * `POST /contents/generations/tasks` `{model, content:[{type:"text", text}, {type:"image_url", image_url:{url},
 * role}], resolution, ratio, duration, seed, generate_audio, watermark, …}` → `{id}`; `GET /contents/generations/
 * tasks/{id}` → `status` (queued, running, succeeded, failed, cancelled; `expired` per the docs), `content.video_url`,
 * `error {code, message}`; `GET /contents/generations/tasks?page_num&page_size` lists tasks (a free key check);
 * `DELETE /contents/generations/tasks/{id}` cancels a queued task and DELETES the record of a finished one — so
 * `cancel` reads the status first and sends DELETE only for a queued task, never losing a finished video.
 * Errors are `{"error": {code, message, param, type}}` (the SDK's OpenAI-style base client).
 * Unconfirmed first-hand (coded defensively, the server's answer wins): the role names `first_frame` / `last_frame`,
 * each model's resolutions, durations and audio switch, the 24 h life of the video link, the error code names.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import {
  catalogInfo,
  catalogModel,
  live,
  refuseUnsupportedExtras,
  type CatalogModel,
  type ProviderCatalog,
} from './catalog';
import { runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { requestJson, requestOk, type ErrorBodyReader } from './http';
import { refusedCancel, submitFailure } from './httpErrors';
import { lastFrameRefused, refuseLargeImages, refuseLongPrompt, sizeRefused } from './requestChecks';
import { failedStatus, failedTaskReason, succeededWith, unknownTaskStatus } from './jobStatus';
import {
  type ConnectionCheck,
  type JobStatus,
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

export const ARK_REGION_BASE_URLS = {
  byteplus: 'https://ark.ap-southeast.bytepluses.com/api/v3',
  volcengine: 'https://ark.cn-beijing.volces.com/api/v3',
} as const;
export const ARK_DEFAULT_BASE_URL = ARK_REGION_BASE_URLS.byteplus;
export const ARK_DEFAULT_TIMEOUT_MS = 120_000;

type Resolution = '480p' | '720p' | '1080p';
type Region = keyof typeof ARK_REGION_BASE_URLS;

/** Sizes per resolution and the `ratio` each stands for (16:9, 9:16, 1:1). */
export const ARK_SIZES: Readonly<Record<Resolution, readonly (readonly [string, string])[]>> = {
  '480p': [
    ['864x480', '16:9'],
    ['480x864', '9:16'],
    ['640x640', '1:1'],
  ],
  '720p': [
    ['1280x720', '16:9'],
    ['720x1280', '9:16'],
    ['960x960', '1:1'],
  ],
  '1080p': [
    ['1920x1080', '16:9'],
    ['1080x1920', '9:16'],
    ['1440x1440', '1:1'],
  ],
};

interface SeedanceModel extends CatalogModel {
  readonly region: Region;
  readonly resolutions: readonly Resolution[];
}

const MB = 1_000_000;
const CHECKED = '2026-11-30';
const BYTEPLUS_SOURCE = 'https://docs.byteplus.com/en/docs/ModelArk/1520757';
const VOLCENGINE_SOURCE = 'https://www.volcengine.com/docs/82379/1520757';
const range = (first: number, from: number, to: number): number[] => [
  first,
  ...Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => n !== first),
];

interface Family {
  readonly byteplus: string;
  readonly volcengine: string;
  readonly label: string;
  readonly resolutions: readonly Resolution[];
  readonly seconds: readonly number[];
  readonly lastFrame: boolean;
  readonly audio: boolean;
}

/** The Seedance families that take an image, with their id at each region (Volcengine ids carry `doubao-`). */
const FAMILIES: readonly Family[] = [
  {
    byteplus: 'dreamina-seedance-2-0-260128',
    volcengine: 'doubao-seedance-2-0-260128',
    label: 'Seedance 2.0',
    resolutions: ['720p', '480p'],
    seconds: range(5, 4, 15),
    lastFrame: true,
    audio: true,
  },
  {
    byteplus: 'dreamina-seedance-2-0-fast-260128',
    volcengine: 'doubao-seedance-2-0-fast-260128',
    label: 'Seedance 2.0 Fast',
    resolutions: ['720p', '480p'],
    seconds: range(5, 4, 15),
    lastFrame: true,
    audio: true,
  },
  {
    byteplus: 'seedance-1-5-pro-251215',
    volcengine: 'doubao-seedance-1-5-pro-251215',
    label: 'Seedance 1.5 Pro',
    resolutions: ['720p', '480p', '1080p'],
    seconds: range(5, 4, 12),
    lastFrame: true,
    audio: true,
  },
  {
    byteplus: 'seedance-1-0-pro-250528',
    volcengine: 'doubao-seedance-1-0-pro-250528',
    label: 'Seedance 1.0 Pro',
    resolutions: ['1080p', '720p', '480p'],
    seconds: range(5, 2, 12),
    lastFrame: true,
    audio: false,
  },
  {
    byteplus: 'seedance-1-0-pro-fast-251015',
    volcengine: 'doubao-seedance-1-0-pro-fast-251015',
    label: 'Seedance 1.0 Pro Fast',
    resolutions: ['1080p', '720p', '480p'],
    seconds: range(5, 2, 12),
    lastFrame: false,
    audio: false,
  },
];

function seedance(family: Family, region: Region): SeedanceModel {
  return {
    id: family[region],
    get label() {
      return region === 'byteplus' ? family.label : l10n.t('{0} (Volcengine China)', family.label);
    },
    region,
    resolutions: family.resolutions,
    sizes: family.resolutions.flatMap((r) => ARK_SIZES[r].map(([size]) => size)),
    seconds: family.seconds,
    maxPromptLength: 2000,
    progress: false,
    cancel: true,
    remix: false,
    lastFrame: family.lastFrame,
    // 10 MB per image: the stricter of the limits seen for Seedance inputs (docs/providers.md §12).
    maxImageBytes: 10 * MB,
    extras: family.audio ? ['seed', 'audio'] : ['seed'],
    prices: [],
    lifecycle: live,
    checked: CHECKED,
    source: region === 'byteplus' ? BYTEPLUS_SOURCE : VOLCENGINE_SOURCE,
  };
}

/** Seedance on Ark; docs/providers.md has the same table. Prices are unconfirmed (per-token billing). */
export const arkCatalog: ProviderCatalog<SeedanceModel> = {
  id: 'ark',
  get label() {
    return l10n.t('Seedance on Ark (BytePlus / Volcengine)');
  },
  needsKey: true,
  keyEnv: ['ARK_API_KEY'],
  defaultBaseUrl: ARK_DEFAULT_BASE_URL,
  acceptsCustomModels: false,
  note: `BytePlus ModelArk keys and model ids work at ${ARK_REGION_BASE_URLS.byteplus}; Volcengine Ark (China) ones, the doubao-… ids, at ${ARK_REGION_BASE_URLS.volcengine}.`,
  models: [...FAMILIES.map((f) => seedance(f, 'byteplus')), ...FAMILIES.map((f) => seedance(f, 'volcengine'))],
};

export const ArkOptionsSchema = z.object({
  /** Ark's watermark in the corner (off unless asked for). */
  watermark: z.boolean().optional(),
  /** Time allowed per JSON request (submit, status checks, cancel). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});

const SubmitSchema = z.looseObject({ id: z.string().min(1) });
const TaskSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  status: z.string().min(1),
  content: z.looseObject({ video_url: z.string().optional() }).nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

/**
 * Error codes a user can act on (names as Ark's error code page lists them; unconfirmed first-hand). Functions, so
 * that the advice is said in the language in use when the error comes.
 */
const CODE_ADVICE: ReadonlyArray<readonly [RegExp, () => string]> = [
  [
    /SensitiveContent|Sensitive/i,
    () => l10n.t("Ark's content check flagged the prompt, the image or the result; change them"),
  ],
  [
    /ModelNotOpen/i,
    () =>
      l10n.t(
        'the model is not activated for this account; activate it in the Ark console (Seedance 2.0 needs a prepaid resource pack)',
      ),
  ],
  [
    /InvalidEndpointOrModel/i,
    () =>
      l10n.t(
        'the model id is not known at this region: BytePlus ids (seedance-…, dreamina-seedance-…) differ from Volcengine ones (doubao-seedance-…)',
      ),
  ],
  [/AccountOverdue|Overdue/i, () => l10n.t('the account has an overdue balance; top it up in the console')],
  [
    /QuotaExceeded|SetLimitExceeded/i,
    () => l10n.t("the account's quota or spending limit is reached; raise it in the Ark console"),
  ],
  [/RateLimit|ServerOverloaded/i, () => l10n.t('too many requests; wait a little and try again')],
];

const readArkError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as { error?: { code?: unknown; message?: unknown } };
  const code = typeof record.error?.code === 'string' && record.error.code ? record.error.code : undefined;
  const advice = code ? CODE_ADVICE.find(([pattern]) => pattern.test(code))?.[1]() : undefined;
  const message = [typeof record.error?.message === 'string' ? record.error.message : '', advice ? `(${advice})` : '']
    .filter((p) => p)
    .join(' ');
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
};

export function createArkProvider(ctx: ProviderContext): VideoProvider {
  const options = providerOptions(ArkOptionsSchema, ctx, 'ark');
  const info: ProviderInfo = catalogInfo(arkCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? ARK_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = `${keyHintFor(info.keyEnv)} ${l10n.t(
    'Ark keys belong to one platform: BytePlus ({0}) or Volcengine China ({1}); set the base URL to match.',
    ARK_REGION_BASE_URLS.byteplus,
    ARK_REGION_BASE_URLS.volcengine,
  )}`;
  const checkedBaseUrl = lazyBaseUrl(ctx, 'ark', (raw) =>
    parseBaseUrl(
      raw,
      l10n.t('{0} base URL', 'Ark'),
      ARK_DEFAULT_BASE_URL,
      l10n.t('{0} or {1}', ARK_REGION_BASE_URLS.byteplus, ARK_REGION_BASE_URLS.volcengine),
    ),
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const context = errorContexts(
    () => hostOr('ark.ap-southeast.bytepluses.com', () => checkedBaseUrl().host),
    keyHint,
    secrets,
  );
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${requireKey(ctx, info.label, keyHint)}` });
  const taskUrl = (id: string): string => `${baseUrl()}/contents/generations/tasks/${encodeURIComponent(id)}`;
  const regionHint = l10n.t(
    'Model ids differ by platform: BytePlus (seedance-…, dreamina-seedance-…) at {0}, Volcengine (doubao-seedance-…) at {1}.',
    ARK_REGION_BASE_URLS.byteplus,
    ARK_REGION_BASE_URLS.volcengine,
  );

  function checkRequest(request: PreparedRequest): { model: SeedanceModel; resolution: Resolution; ratio: string } {
    const model = catalogModel(arkCatalog, findModel({ ...info, retiredModels: [] }, request.model).id);
    const size = formatSize(request.size);
    const resolution = model.resolutions.find((r) => ARK_SIZES[r].some(([s]) => s === size));
    const ratio = resolution ? ARK_SIZES[resolution].find(([s]) => s === size)?.[1] : undefined;
    if (!resolution || !ratio) throw sizeRefused(model, size);
    if (!model.seconds.includes(request.seconds)) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} makes clips of {1}–{2} seconds, not {3}.',
          model.id,
          Math.min(...model.seconds),
          Math.max(...model.seconds),
          request.seconds,
        ),
      );
    }
    refuseLongPrompt(request.prompt, model.id, model.maxPromptLength);
    if (request.lastFrame && !model.lastFrame)
      throw lastFrameRefused(
        model.id,
        info.models.filter((m) => m.lastFrame && (m as SeedanceModel).region === model.region).map((m) => m.id),
      );
    refuseUnsupportedExtras(request, model, info.label);
    refuseLargeImages(request, model.maxImageBytes, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; Ark takes at most {2} MB here.',
        which,
        (bytes / MB).toFixed(1),
        model.maxImageBytes / MB,
      ),
    );
    return { model, resolution, ratio };
  }

  async function readTask(job: RemoteJob, signal: AbortSignal, operation: 'poll' | 'download' | 'cancel') {
    const { body } = await requestJson(
      taskUrl(job.id),
      { headers: auth(), signal, timeoutMs },
      TaskSchema,
      context(operation, {
        notFoundHint: `${l10n.t('Ark keeps tasks for a limited time, in the region that created them.')} ${regionHint}`,
      }),
      readArkError,
    );
    return body;
  }

  return {
    info,

    async submit(request, signal) {
      const { model, resolution, ratio } = checkRequest(request);
      const headers = auth();
      const prompt = request.prompt.trim();
      const body = {
        model: model.id,
        content: [
          ...(prompt ? [{ type: 'text', text: prompt }] : []),
          { type: 'image_url', image_url: { url: dataUri(request.image) }, role: 'first_frame' },
          ...(request.lastFrame
            ? [{ type: 'image_url', image_url: { url: dataUri(request.lastFrame) }, role: 'last_frame' }]
            : []),
        ],
        resolution,
        ratio,
        duration: request.seconds,
        ...(request.extras?.seed !== undefined ? { seed: request.extras.seed } : {}),
        ...(request.extras?.audio !== undefined ? { generate_audio: request.extras.audio } : {}),
        watermark: options.watermark ?? false,
      };
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ${size} → ${resolution} ${ratio}, ${request.seconds} s${request.lastFrame ? ', last frame' : ''}`;
      let reply: z.infer<typeof SubmitSchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/contents/generations/tasks`,
          { method: 'POST', headers, json: body, signal, timeoutMs },
          SubmitSchema,
          context('submit', { notFoundHint: regionHint, badRequestHint: l10n.t('(Sent {0}.)', sent) }),
          readArkError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'Ark',
          l10n.t(
            'The task may have been created; check the {0} console before retrying — a retry is a new paid task.',
            'Ark',
          ),
        );
      }
      ctx.log.info(`ark: submitted ${reply.id} (${sent})`);
      return {
        provider: info.id,
        id: reply.id,
        model: model.id,
        data: { size, seconds: String(request.seconds), resolution, ratio },
      };
    },

    async poll(job, signal) {
      const task = await readTask(job, signal, 'poll');
      ctx.log.debug(`ark: ${job.id} ${task.status}`);
      return statusOf(job, task);
    },

    /** The link read again right before downloading (it lives about 24 h), fetched without the key. */
    async download(job, signal) {
      const task = await readTask(job, signal, 'download');
      const url = task.content?.video_url;
      if (task.status !== 'succeeded' || !url)
        throw new AnimateError('provider', l10n.t('Ark has no video for task {0} (status {1}).', job.id, task.status));
      const expired = l10n.t(
        'Ark video links last about 24 hours after the task finished; after that the video is gone and must be made again.',
      );
      return downloadSignedLink(job, 'Ark', expired, { keyHint, secrets }, signal, url);
    },

    /** DELETE only a queued task: on a finished one it would delete the record, and a running one cannot stop. */
    async cancel(job) {
      const signal = new AbortController().signal;
      const task = await readTask(job, signal, 'cancel');
      if (task.status === 'running') {
        throw new AnimateError(
          'provider',
          l10n.t('Ark cannot cancel task {0}: it is already running and will finish and be billed.', job.id),
        );
      }
      if (task.status !== 'queued') {
        ctx.log.info(`ark: ${job.id} is ${task.status}; nothing to cancel`);
        return;
      }
      try {
        await requestOk(
          taskUrl(job.id),
          { method: 'DELETE', headers: auth(), signal, timeoutMs },
          context('cancel'),
          readArkError,
        );
      } catch (error) {
        // It may have started between the two requests: then it runs to the end.
        throw refusedCancel(error, (said) =>
          l10n.t(
            'Ark did not cancel task {0}: it cancels only queued tasks, and a running one finishes and is billed. ({1})',
            job.id,
            said,
          ),
        );
      }
      ctx.log.info(`ark: cancelled ${job.id}`);
    },

    /** The task list (one entry) proves route, region and key for free. */
    async check(model, signal): Promise<ConnectionCheck> {
      const host = context('poll').host;
      return runCheck({ provider: info.id, model, endpoint: `${host}/contents/generations/tasks` }, true, async () => {
        await requestJson(
          `${baseUrl()}/contents/generations/tasks?page_num=1&page_size=1`,
          { headers: auth(), signal, timeoutMs },
          z.looseObject({}),
          context('poll'),
          readArkError,
        );
        if (model === undefined || info.models.some((m) => m.id === model)) return {};
        return {
          modelAvailable: false,
          problem: `${l10n.t('{0} is not a Seedance model this version knows.', model)} ${regionHint}`,
        };
      });
    },
  };

  function statusOf(job: RemoteJob, task: z.infer<typeof TaskSchema>): JobStatus {
    const code = task.error?.code ?? undefined;
    const message = task.error?.message?.trim().replace(/[.。]+$/, '');
    switch (task.status) {
      case 'queued':
        return { state: 'queued' };
      case 'running':
        return { state: 'running' };
      case 'succeeded':
        if (!task.content?.video_url)
          return failedStatus(
            l10n.t('{0} reports task {1} as done but gave no video link.', 'Ark', job.id),
            'NoVideoUrl',
          );
        return succeededWith(job, {});
      case 'failed':
        if (code && /Sensitive/i.test(code)) {
          return failedStatus(
            message
              ? l10n.t(
                  "Ark's content check stopped the task: {0} ({1}). Change the prompt or the image.",
                  message,
                  code,
                )
              : l10n.t("Ark's content check stopped the task ({0}). Change the prompt or the image.", code),
            'moderation',
          );
        }
        return failedStatus(failedTaskReason('Ark', message, code), code);
      case 'cancelled':
        return failedStatus(l10n.t('{0} task {1} was cancelled.', 'Ark', job.id), 'cancelled');
      case 'expired':
        return failedStatus(l10n.t('Ark task {0} expired before it ran.', job.id), 'expired');
      default:
        return unknownTaskStatus('Ark', job, task.status);
    }
  }
}

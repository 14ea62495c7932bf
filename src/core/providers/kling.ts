/**
 * Kling AI image-to-video (Kuaishou), over REST.
 *
 * Contract and dated facts: docs/providers.md#10-kling--kling-ai-image-to-video-kling_access_key--kling_secret_key.
 * Every request carries `Authorization: Bearer <JWT>`, an HS256 token signed with the secret key, `iss` = access key,
 * `exp` = now + 30 min, `nbf` = now − 5 s (the official sample), made afresh per request with node:crypto.
 * `POST /v1/videos/image2video` `{model_name, image, image_tail?, prompt, negative_prompt?, cfg_scale?, mode, duration,
 * sound?}` → `data.task_id`; `GET /v1/videos/image2video/{task_id}` until `succeed | failed`; the MP4 is
 * `data.task_result.videos[0].url`, a CDN link fetched without the token (Kling clears videos after 30 days).
 * `GET /v1/videos/image2video?pageNum=1&pageSize=1` (the task list) checks a key for free. There is no cancel API.
 *
 * Two keys, one secret: hosts hand the provider `ACCESS_KEY:SECRET_KEY` as its `apiKey` (the CLI joins
 * KLING_ACCESS_KEY and KLING_SECRET_KEY with `klingKeyFromParts`; the extension stores the joined form).
 *
 * The output follows the image's aspect ratio; `mode` sets the resolution (std 720p, pro 1080p), so the sizes
 * offered are the 16:9, 9:16 and 1:1 sizes of each mode a model has, and the chosen size picks the mode. Images go
 * as bare base64 (Kling refuses a `data:` prefix). Which model takes `image_tail`, `sound` and which modes is in
 * Kling's "capability map", which could not be read first-hand: the catalog below is our best reading (marked in
 * docs/providers.md), and Kling's own answer (400 1201) stays the truth.
 */
import { createHmac } from 'node:crypto';
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
import { knownModel, runCheck } from './connectionCheck';
import { base64 } from './dataUri';
import { requestJson, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { imagesOf, refuseLargeImages, refuseLongPrompt, refuseSeconds, sizeRefused } from './requestChecks';
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
import { errorContexts, hostOr, lazyBaseUrl, parseBaseUrl, providerOptions } from './providerSetup';
import { downloadSignedLink } from './signedLink';

/** The global endpoint ("for users whose servers are located outside of China"); Beijing is `KLING_REGION_BASE_URLS.beijing`. */
export const KLING_DEFAULT_BASE_URL = 'https://api-singapore.klingai.com';
export const KLING_REGION_BASE_URLS = {
  singapore: 'https://api-singapore.klingai.com',
  beijing: 'https://api-beijing.klingai.com',
} as const;
export const KLING_DEFAULT_TIMEOUT_MS = 120_000;
/** The token lifetime of Kling's official sample. */
export const KLING_TOKEN_SECONDS = 1800;
/** The access key and the secret key, joined in the one secret a host stores. */
export const KLING_KEY_SEPARATOR = ':';

const MB = 1_000_000;
const KLING_MAX_IMAGE_BYTES = 10 * MB;
const MIN_SIDE = 300;
const MAX_ASPECT = 2.5;
const KLING_CHECKED = '2026-11-30';
const KLING_SOURCE = 'https://app.klingai.com/global/dev/document-api/apiReference/model/imageToVideo';

type KlingMode = 'std' | 'pro';

/** Sizes per mode: the output keeps the image's aspect, at 720p (std) or 1080p (pro). */
export const KLING_MODE_SIZES: Readonly<Record<KlingMode, readonly string[]>> = {
  std: ['1280x720', '720x1280', '720x720'],
  pro: ['1920x1080', '1080x1920', '1080x1080'],
};

interface KlingModel extends CatalogModel {
  /** Modes the model runs in, its default first. */
  readonly modes: readonly KlingMode[];
  /** Modes in which it takes `image_tail` (a last frame). */
  readonly tailModes: readonly KlingMode[];
  /** Takes `cfg_scale` (Kling: "Kling-v2.x model does not support this parameter"). */
  readonly cfgScale: boolean;
}

function kling(
  id: string,
  label: string,
  modes: readonly KlingMode[],
  more: Partial<KlingModel> & Pick<KlingModel, 'extras' | 'tailModes'>,
): KlingModel {
  return {
    id,
    label,
    modes,
    sizes: modes.flatMap((mode) => [...KLING_MODE_SIZES[mode]]),
    seconds: [5, 10],
    maxPromptLength: 2500,
    progress: false,
    cancel: false,
    remix: false,
    lastFrame: more.tailModes.length > 0,
    maxImageBytes: KLING_MAX_IMAGE_BYTES,
    cfgScale: false,
    prices: [],
    lifecycle: live,
    checked: KLING_CHECKED,
    source: KLING_SOURCE,
    ...more,
  };
}

/** Kling image-to-video models; docs/providers.md has the same table. No prices: Kling's are unconfirmed today. */
export const klingCatalog: ProviderCatalog<KlingModel> = {
  id: 'kling',
  get label() {
    return l10n.t('Kling AI');
  },
  needsKey: true,
  keyEnv: ['KLING_ACCESS_KEY', 'KLING_SECRET_KEY'],
  defaultBaseUrl: KLING_DEFAULT_BASE_URL,
  acceptsCustomModels: false,
  note: 'Kling needs both keys: the access key and the secret key (stored together as ACCESS_KEY:SECRET_KEY).',
  models: [
    kling('kling-v2-6', 'Kling 2.6', ['pro'], { tailModes: ['pro'], extras: ['negativePrompt', 'audio'] }),
    kling('kling-v2-5-turbo', 'Kling 2.5 Turbo', ['pro', 'std'], { tailModes: ['pro'], extras: ['negativePrompt'] }),
    kling('kling-v2-1', 'Kling 2.1', ['std', 'pro'], { tailModes: ['pro'], extras: ['negativePrompt'] }),
    kling('kling-v1-6', 'Kling 1.6', ['std', 'pro'], {
      tailModes: ['pro'],
      extras: ['negativePrompt'],
      cfgScale: true,
    }),
  ],
};

export const KlingOptionsSchema = z.object({
  /** `cfg_scale` 0–1 (how closely to follow the prompt); only Kling 1.x models take it. */
  cfgScale: z.number().min(0).max(1).optional(),
  /** Time allowed per JSON request (submit and status checks). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type KlingOptions = z.infer<typeof KlingOptionsSchema>;

/** The one secret for Kling from its two environment variables; an error naming what is missing. */
export function klingKeyFromParts(accessKey: string | undefined, secretKey: string | undefined): string {
  const access = accessKey?.trim() ?? '';
  const secret = secretKey?.trim() ?? '';
  if (!access && !secret) {
    throw new AnimateError(
      'auth',
      l10n.t(
        'Kling AI needs two keys: set {0} and {1} (both are in the Kling developer console) in the environment or in a .env file.',
        'KLING_ACCESS_KEY',
        'KLING_SECRET_KEY',
      ),
    );
  }
  if (!access || !secret) {
    throw new AnimateError(
      'auth',
      l10n.t(
        'Kling needs both keys: set {0} too (both are in the Kling developer console).',
        access ? 'KLING_SECRET_KEY' : 'KLING_ACCESS_KEY',
      ),
    );
  }
  return `${access}${KLING_KEY_SEPARATOR}${secret}`;
}

function splitKey(apiKey: string | undefined): { accessKey: string; secretKey: string } {
  const at = apiKey?.indexOf(KLING_KEY_SEPARATOR) ?? -1;
  const accessKey = apiKey && at > 0 ? apiKey.slice(0, at).trim() : '';
  const secretKey = apiKey && at > 0 ? apiKey.slice(at + 1).trim() : '';
  if (!apiKey) throw new AnimateError('auth', `${l10n.t('No keys for Kling AI.')} ${klingKeyHint()}`);
  if (!accessKey || !secretKey)
    throw new AnimateError(
      'auth',
      `${l10n.t(
        'The Kling key must be {0} (both keys, joined by a colon).',
        `ACCESS_KEY${KLING_KEY_SEPARATOR}SECRET_KEY`,
      )} ${klingKeyHint()}`,
    );
  return { accessKey, secretKey };
}

/** How to set the keys right; a function, so that it is said in the language in use then. */
const klingKeyHint = (): string =>
  l10n.t(
    'Set {0} and {1} (CLI), or store {2} with the extension\'s "Set API Key" command. Keys of the Beijing site need its base URL ({3}). Each request is signed with a token valid 30 minutes from this computer\'s clock: a wrong clock reads as "not yet valid" (1003) or "expired" (1004).',
    'KLING_ACCESS_KEY',
    'KLING_SECRET_KEY',
    'ACCESS_KEY:SECRET_KEY',
    'https://api-beijing.klingai.com',
  );

/** An HS256 JWT as Kling's official sample makes it: `{alg, typ}` header, `{iss, exp, nbf}` payload. */
export function klingToken(accessKey: string, secretKey: string, nowMs: number = Date.now()): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(nowMs / 1000);
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: accessKey, exp: now + KLING_TOKEN_SECONDS, nbf: now - 5 })}`;
  return `${signed}.${createHmac('sha256', secretKey).update(signed).digest('base64url')}`;
}

const SubmitReplySchema = z.looseObject({
  code: z.number(),
  request_id: z.string().optional(),
  data: z.looseObject({ task_id: z.string().min(1), task_status: z.string().optional() }),
});

const TaskDataSchema = z.looseObject({
  task_id: z.string().optional(),
  task_status: z.string().min(1),
  task_status_msg: z.string().optional(),
  task_result: z
    .looseObject({ videos: z.array(z.looseObject({ id: z.string().optional(), url: z.string() })).optional() })
    .optional(),
});
const TaskReplySchema = z.looseObject({ code: z.number(), request_id: z.string().optional(), data: TaskDataSchema });

/**
 * Kling's service codes in plain words, with what to do (codes from the official "Error Code" table). Functions, so
 * that the advice is said in the language in use when the error comes.
 */
const CODE_ADVICE: Readonly<Record<string, () => string>> = {
  '1100': () => l10n.t('the Kling account has a problem; check it in the Kling developer console'),
  '1101': () => l10n.t('the Kling account is in arrears; top it up in the developer console'),
  '1102': () =>
    l10n.t("the account's resource pack is used up or expired; buy a resource pack in the developer console"),
  '1103': () => l10n.t('the keys have no access to this model or feature'),
  '1201': () => l10n.t('a parameter value is not accepted for this model and mode'),
  '1203': () => l10n.t('the model or task was not found (check the model name and the region of the base URL)'),
  '1300': () => l10n.t('the request triggered a Kling platform policy'),
  '1301': () => l10n.t("Kling's content safety check blocked the prompt or the image; change them"),
  '1302': () => l10n.t('too many requests in a short time'),
  '1303': () => l10n.t("too many tasks at once for the account's resource pack; wait until one finishes"),
  '1304': () => l10n.t("the request came from an IP address outside the account's allow list"),
};

/** `{"code": 1301, "message", "request_id"}`: the numeric code becomes the error's code, with advice. */
const readKlingError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const code =
    typeof record.code === 'number' || (typeof record.code === 'string' && record.code)
      ? String(record.code)
      : undefined;
  const advice = code ? CODE_ADVICE[code]?.() : undefined;
  const parts = [typeof record.message === 'string' ? record.message : '', advice ? `(${advice})` : ''].filter(
    (p) => p,
  );
  if (typeof record.request_id === 'string' && record.request_id) parts.push(`[request ${record.request_id}]`);
  return { ...(parts.length > 0 ? { message: parts.join(' ') } : {}), ...(code ? { code } : {}) };
};

/** Words Kling uses in `task_status_msg` when its risk control stops a task. */
const MODERATION_WORDS = /risk|safety|security|sensitive|policy|inappropriate/i;

export function createKlingProvider(ctx: ProviderContext): VideoProvider {
  const options: KlingOptions = providerOptions(KlingOptionsSchema, ctx, 'kling');
  const info: ProviderInfo = catalogInfo(klingCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? KLING_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey
    ? [ctx.apiKey, ...ctx.apiKey.split(KLING_KEY_SEPARATOR).filter((part) => part.length >= 8)]
    : [];
  const checkedBaseUrl = lazyBaseUrl(
    ctx,
    'kling',
    (raw) =>
      parseBaseUrl(
        raw,
        l10n.t('{0} base URL', 'Kling'),
        KLING_DEFAULT_BASE_URL,
        l10n.t('e.g. {0}', KLING_DEFAULT_BASE_URL),
      ),
    'signed token',
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const context = errorContexts(
    () => hostOr('api-singapore.klingai.com', () => checkedBaseUrl().host),
    klingKeyHint(),
    secrets,
  );

  /** A fresh token for each request: it never outlives the request by much, and a long job never sees one expire. */
  const authorization = (): Record<string, string> => {
    const { accessKey, secretKey } = splitKey(ctx.apiKey);
    return { authorization: `Bearer ${klingToken(accessKey, secretKey)}` };
  };

  function checkRequest(request: PreparedRequest): { model: KlingModel; mode: KlingMode } {
    const model = catalogModel(klingCatalog, findModel({ ...info, retiredModels: [] }, request.model).id);
    const size = formatSize(request.size);
    const mode = model.modes.find((m) => KLING_MODE_SIZES[m].includes(size));
    if (!mode) throw sizeRefused(model, size);
    refuseSeconds(model, request.seconds);
    refuseLongPrompt(request.prompt, 'Kling', model.maxPromptLength);
    if ((request.extras?.negativePrompt?.length ?? 0) > model.maxPromptLength) {
      throw new AnimateError(
        'bad-input',
        l10n.t('The negative prompt is longer than the {0} characters Kling takes.', model.maxPromptLength),
      );
    }
    if (request.lastFrame && !model.tailModes.includes(mode)) {
      const sizes = model.tailModes.flatMap((m) => KLING_MODE_SIZES[m]);
      throw new AnimateError(
        'bad-input',
        sizes.length > 0
          ? l10n.t(
              '{0} takes a last frame only in {1} mode (sizes {2}), not at {3}.',
              model.id,
              model.tailModes.join('/'),
              sizes.join(', '),
              size,
            )
          : l10n.t('{0} animates from a first frame only.', model.id),
      );
    }
    if (options.cfgScale !== undefined && !model.cfgScale) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} does not take cfgScale (Kling 2.x models ignore it); remove the option or use {1}.',
          model.id,
          klingCatalog.models
            .filter((m) => m.cfgScale)
            .map((m) => m.id)
            .join(', '),
        ),
      );
    }
    refuseUnsupportedExtras(request, model, info.label);
    for (const { which, image } of imagesOf(request)) {
      if (Math.min(image.width, image.height) < MIN_SIDE)
        throw new AnimateError(
          'bad-input',
          l10n.t(
            'The {0} is {1}x{2}; Kling needs at least {3} pixels per side.',
            which,
            image.width,
            image.height,
            MIN_SIDE,
          ),
        );
      if (Math.max(image.width, image.height) / Math.min(image.width, image.height) > MAX_ASPECT) {
        throw new AnimateError(
          'bad-input',
          l10n.t(
            'The {0} is {1}x{2}; Kling takes aspect ratios from 1:2.5 to 2.5:1.',
            which,
            image.width,
            image.height,
          ),
        );
      }
    }
    refuseLargeImages(request, model.maxImageBytes, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; {2} accepts at most {3} MB.',
        which,
        (bytes / MB).toFixed(1),
        'Kling',
        model.maxImageBytes / MB,
      ),
    );
    return { model, mode };
  }

  const taskUrl = (id: string): string => `${baseUrl()}/v1/videos/image2video/${encodeURIComponent(id)}`;

  return {
    info,

    async submit(request, signal) {
      const { model, mode } = checkRequest(request);
      const headers = authorization();
      const extras = request.extras;
      const prompt = request.prompt.trim();
      const body = {
        model_name: model.id,
        image: base64(request.image.bytes),
        ...(request.lastFrame ? { image_tail: base64(request.lastFrame.bytes) } : {}),
        ...(prompt ? { prompt } : {}),
        ...(extras?.negativePrompt ? { negative_prompt: extras.negativePrompt } : {}),
        ...(options.cfgScale !== undefined ? { cfg_scale: options.cfgScale } : {}),
        mode,
        duration: String(request.seconds),
        ...(extras?.audio !== undefined ? { sound: extras.audio ? 'on' : 'off' } : {}),
      };
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ${size} → mode ${mode}, ${request.seconds} s${request.lastFrame ? ', last frame' : ''}`;
      let reply: z.infer<typeof SubmitReplySchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/v1/videos/image2video`,
          { method: 'POST', headers, json: body, signal, timeoutMs },
          SubmitReplySchema,
          context('submit', {
            notFoundHint: l10n.t('Check the base URL ({0}) and the model name.', baseUrl()),
            badRequestHint: l10n.t('(Sent {0}.)', sent),
          }),
          readKlingError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'Kling',
          l10n.t(
            'The task may have been created; check the {0} console before retrying — a retry is a new paid task.',
            'Kling',
          ),
        );
      }
      ctx.log.info(
        `kling: submitted ${reply.data.task_id} (${sent})${reply.request_id ? `, request ${reply.request_id}` : ''}`,
      );
      return {
        provider: info.id,
        id: reply.data.task_id,
        model: model.id,
        data: { size, seconds: String(request.seconds), mode },
      };
    },

    async poll(job, signal) {
      const { body } = await requestJson(
        taskUrl(job.id),
        { headers: authorization(), signal, timeoutMs },
        TaskReplySchema,
        context('poll', {
          notFoundHint: l10n.t('Check the base URL ({0}): tasks live in the region that created them.', baseUrl()),
        }),
        readKlingError,
      );
      ctx.log.debug(
        `kling: ${job.id} ${body.data.task_status}${body.request_id ? `, request ${body.request_id}` : ''}`,
      );
      return statusOf(job, body.data);
    },

    download(job, signal) {
      const expired = l10n.t(
        'Kling clears generated videos 30 days after they were made; after that the video is gone and must be made again.',
      );
      return downloadSignedLink(job, 'Kling', expired, { keyHint: klingKeyHint(), secrets }, signal);
    },

    /** The task list (one entry) proves route, region and both keys for free; Kling has no model list to ask. */
    async check(model, signal): Promise<ConnectionCheck> {
      const host = context('poll').host;
      return runCheck({ provider: info.id, model, endpoint: `${host}/v1/videos/image2video` }, true, async () => {
        await requestJson(
          `${baseUrl()}/v1/videos/image2video?pageNum=1&pageSize=1`,
          { headers: authorization(), signal, timeoutMs },
          z.looseObject({ code: z.number() }),
          context('poll'),
          readKlingError,
        );
        return knownModel(info.models, model, 'Kling');
      });
    },
  };

  function statusOf(job: RemoteJob, data: z.infer<typeof TaskDataSchema>): JobStatus {
    const message = data.task_status_msg?.trim().replace(/[.。]+$/, '');
    switch (data.task_status) {
      case 'submitted':
        return { state: 'queued' };
      case 'processing':
        return { state: 'running' };
      case 'succeed': {
        const url = data.task_result?.videos?.[0]?.url;
        if (!url)
          return failedStatus(
            l10n.t('{0} reports task {1} as done but gave no video link.', 'Kling', job.id),
            'NoVideoUrl',
          );
        return succeededWith(job, { videoUrl: url });
      }
      case 'failed':
        if (message && MODERATION_WORDS.test(message)) {
          return failedStatus(
            l10n.t("Kling's content safety check stopped the task: {0}. Change the prompt or the image.", message),
            'moderation',
          );
        }
        return failedStatus(failedTaskReason('Kling', message));
      default:
        return unknownTaskStatus('Kling', job, data.task_status);
    }
  }
}

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
import * as l10n from '@vscode/l10n';
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import { catalogInfo, live, refuseUnsupportedExtras, type CatalogModel, type ProviderCatalog } from './catalog';
import { runCheck } from './connectionCheck';
import { base64 } from './dataUri';
import { requestJson, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { failedStatus, succeededWith, unknownTaskStatus } from './jobStatus';
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
      'Kling AI needs two keys: set KLING_ACCESS_KEY and KLING_SECRET_KEY (both are in the Kling developer console) in the environment or in a .env file.',
    );
  }
  if (!access || !secret) {
    throw new AnimateError(
      'auth',
      `Kling needs both keys: set ${access ? 'KLING_SECRET_KEY' : 'KLING_ACCESS_KEY'} too (both are in the Kling developer console).`,
    );
  }
  return `${access}${KLING_KEY_SEPARATOR}${secret}`;
}

function splitKey(apiKey: string | undefined): { accessKey: string; secretKey: string } {
  const at = apiKey?.indexOf(KLING_KEY_SEPARATOR) ?? -1;
  const accessKey = apiKey && at > 0 ? apiKey.slice(0, at).trim() : '';
  const secretKey = apiKey && at > 0 ? apiKey.slice(at + 1).trim() : '';
  if (!apiKey) throw new AnimateError('auth', `No keys for Kling AI. ${KLING_KEY_HINT}`);
  if (!accessKey || !secretKey)
    throw new AnimateError(
      'auth',
      `The Kling key must be ACCESS_KEY${KLING_KEY_SEPARATOR}SECRET_KEY (both keys, joined by a colon). ${KLING_KEY_HINT}`,
    );
  return { accessKey, secretKey };
}

const KLING_KEY_HINT =
  'Set KLING_ACCESS_KEY and KLING_SECRET_KEY (CLI), or store ACCESS_KEY:SECRET_KEY with the extension\'s "Set API Key" command. ' +
  'Keys of the Beijing site need its base URL (https://api-beijing.klingai.com). ' +
  'Each request is signed with a token valid 30 minutes from this computer\'s clock: a wrong clock reads as "not yet valid" (1003) or "expired" (1004).';

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

/** Kling's service codes in plain words, with what to do (codes from the official "Error Code" table). */
const CODE_ADVICE: Readonly<Record<string, string>> = {
  '1100': 'the Kling account has a problem; check it in the Kling developer console',
  '1101': 'the Kling account is in arrears; top it up in the developer console',
  '1102': "the account's resource pack is used up or expired; buy a resource pack in the developer console",
  '1103': 'the keys have no access to this model or feature',
  '1201': 'a parameter value is not accepted for this model and mode',
  '1203': 'the model or task was not found (check the model name and the region of the base URL)',
  '1300': 'the request triggered a Kling platform policy',
  '1301': "Kling's content safety check blocked the prompt or the image; change them",
  '1302': 'too many requests in a short time',
  '1303': "too many tasks at once for the account's resource pack; wait until one finishes",
  '1304': "the request came from an IP address outside the account's allow list",
};

/** `{"code": 1301, "message", "request_id"}`: the numeric code becomes the error's code, with advice. */
const readKlingError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const code =
    typeof record.code === 'number' || (typeof record.code === 'string' && record.code)
      ? String(record.code)
      : undefined;
  const advice = code ? CODE_ADVICE[code] : undefined;
  const parts = [typeof record.message === 'string' ? record.message : '', advice ? `(${advice})` : ''].filter(
    (p) => p,
  );
  if (typeof record.request_id === 'string' && record.request_id) parts.push(`[request ${record.request_id}]`);
  return { ...(parts.length > 0 ? { message: parts.join(' ') } : {}), ...(code ? { code } : {}) };
};

/** Words Kling uses in `task_status_msg` when its risk control stops a task. */
const MODERATION_WORDS = /risk|safety|security|sensitive|policy|inappropriate/i;

function klingModelOf(id: string): KlingModel {
  const model = klingCatalog.models.find((m) => m.id === id);
  if (!model)
    throw new AnimateError(
      'bad-input',
      `Kling AI has no model "${id}". Choose one of: ${klingCatalog.models.map((m) => m.id).join(', ')}.`,
    );
  return model;
}

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
    (raw) => parseBaseUrl(raw, 'Kling base URL', KLING_DEFAULT_BASE_URL, `e.g. ${KLING_DEFAULT_BASE_URL}`),
    'signed token',
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const context = errorContexts(
    () => hostOr('api-singapore.klingai.com', () => checkedBaseUrl().host),
    KLING_KEY_HINT,
    secrets,
  );

  /** A fresh token for each request: it never outlives the request by much, and a long job never sees one expire. */
  const authorization = (): Record<string, string> => {
    const { accessKey, secretKey } = splitKey(ctx.apiKey);
    return { authorization: `Bearer ${klingToken(accessKey, secretKey)}` };
  };

  function checkRequest(request: PreparedRequest): { model: KlingModel; mode: KlingMode } {
    const model = klingModelOf(findModel({ ...info, retiredModels: [] }, request.model).id);
    const size = formatSize(request.size);
    const mode = model.modes.find((m) => KLING_MODE_SIZES[m].includes(size));
    if (!mode)
      throw new AnimateError('bad-input', `${model.id} makes videos of ${model.sizes.join(', ')}, not ${size}.`);
    if (!model.seconds.includes(request.seconds))
      throw new AnimateError(
        'bad-input',
        `${model.id} makes clips of ${model.seconds.join(' or ')} seconds, not ${request.seconds}.`,
      );
    if (request.prompt.length > model.maxPromptLength) {
      throw new AnimateError(
        'bad-input',
        `The prompt has ${request.prompt.length} characters; Kling takes at most ${model.maxPromptLength}.`,
      );
    }
    if ((request.extras?.negativePrompt?.length ?? 0) > model.maxPromptLength) {
      throw new AnimateError(
        'bad-input',
        `The negative prompt is longer than the ${model.maxPromptLength} characters Kling takes.`,
      );
    }
    if (request.lastFrame && !model.tailModes.includes(mode)) {
      const sizes = model.tailModes.flatMap((m) => KLING_MODE_SIZES[m]);
      throw new AnimateError(
        'bad-input',
        sizes.length > 0
          ? `${model.id} takes a last frame only in ${model.tailModes.join('/')} mode (sizes ${sizes.join(', ')}), not at ${size}.`
          : `${model.id} animates from a first frame only.`,
      );
    }
    if (options.cfgScale !== undefined && !model.cfgScale) {
      throw new AnimateError(
        'bad-input',
        `${model.id} does not take cfgScale (Kling 2.x models ignore it); remove the option or use ${klingCatalog.models
          .filter((m) => m.cfgScale)
          .map((m) => m.id)
          .join(', ')}.`,
      );
    }
    refuseUnsupportedExtras(request, model, info.label);
    for (const [which, image] of [
      ['image', request.image],
      ['last frame', request.lastFrame],
    ] as const) {
      if (!image) continue;
      if (Math.min(image.width, image.height) < MIN_SIDE)
        throw new AnimateError(
          'bad-input',
          `The ${which} is ${image.width}x${image.height}; Kling needs at least ${MIN_SIDE} pixels per side.`,
        );
      if (Math.max(image.width, image.height) / Math.min(image.width, image.height) > MAX_ASPECT) {
        throw new AnimateError(
          'bad-input',
          `The ${which} is ${image.width}x${image.height}; Kling takes aspect ratios from 1:2.5 to 2.5:1.`,
        );
      }
      if (image.bytes.byteLength > model.maxImageBytes) {
        throw new AnimateError(
          'bad-input',
          `The encoded ${which} is ${(image.bytes.byteLength / MB).toFixed(1)} MB; Kling accepts at most ${model.maxImageBytes / MB} MB.`,
        );
      }
    }
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
            notFoundHint: `Check the base URL (${baseUrl()}) and the model name.`,
            badRequestHint: `(Sent ${sent}.)`,
          }),
          readKlingError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'Kling',
          'The task may have been created; check the Kling console before retrying — a retry is a new paid task.',
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
          notFoundHint: `Check the base URL (${baseUrl()}): tasks live in the region that created them.`,
        }),
        readKlingError,
      );
      ctx.log.debug(
        `kling: ${job.id} ${body.data.task_status}${body.request_id ? `, request ${body.request_id}` : ''}`,
      );
      return statusOf(job, body.data);
    },

    download(job, signal) {
      const expired =
        'Kling clears generated videos 30 days after they were made; after that the video is gone and must be made again.';
      return downloadSignedLink(job, 'Kling', expired, { keyHint: KLING_KEY_HINT, secrets }, signal);
    },

    /** The task list (one entry) proves route, region and both keys for free; Kling has no model list to ask. */
    async check(model, signal): Promise<ConnectionCheck> {
      const host = context('poll').host;
      return runCheck(
        { provider: info.id, ...(model ? { model } : {}), endpoint: `${host}/v1/videos/image2video` },
        true,
        async () => {
          await requestJson(
            `${baseUrl()}/v1/videos/image2video?pageNum=1&pageSize=1`,
            { headers: authorization(), signal, timeoutMs },
            z.looseObject({ code: z.number() }),
            context('poll'),
            readKlingError,
          );
          if (model === undefined || info.models.some((m) => m.id === model)) return {};
          return {
            modelAvailable: false,
            problem: `${model} is not a Kling model this version knows; choose one of ${info.models.map((m) => m.id).join(', ')}.`,
          };
        },
      );
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
        if (!url) return failedStatus(`Kling reports task ${job.id} as done but gave no video link.`, 'NoVideoUrl');
        return succeededWith(job, { videoUrl: url });
      }
      case 'failed':
        if (message && MODERATION_WORDS.test(message)) {
          return failedStatus(
            `Kling's content safety check stopped the task: ${message}. Change the prompt or the image.`,
            'moderation',
          );
        }
        return failedStatus(`Kling failed the task${message ? `: ${message}` : ''}.`);
      default:
        return unknownTaskStatus('Kling', job, data.task_status);
    }
  }
}

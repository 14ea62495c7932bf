/**
 * MiniMax Hailuo image-to-video, over REST: the V1 API (Hailuo 2.3, 2.3 Fast, 02) and the V2 API (MiniMax-H3).
 *
 * Contract and dated facts: docs/providers.md#11-minimax--minimax-hailuo-minimax_api_key (official API reference
 * on platform.minimax.io and the official `mmx` CLI, github.com/MiniMax-AI/cli). `Authorization: Bearer <key>`.
 * V1: `POST /v1/video_generation` `{model, prompt, first_frame_image, last_frame_image?, duration, resolution,
 * prompt_optimizer}` → `task_id`; `GET /v1/query/video_generation?task_id=` until `Success | Fail` with a `file_id`;
 * `GET /v1/files/retrieve?file_id=` gives `file.download_url`, valid for hours only — so it is asked for right before
 * each download and never stored. Every V1 answer carries `base_resp.status_code` (0 = fine), also on HTTP 200: a
 * non-zero code is an error, put in plain words below. There is no V1 cancel.
 * V2 (MiniMax-H3 only): `POST /v2/video_generation` `{model, content:[text, image_url with role first_frame |
 * last_frame], resolution:"2K", duration 4–15, ratio:"adaptive"}` → `task_id`; `GET /v2/query/video_generation/{id}`
 * → `task.status` `queued | running | succeeded | failed | cancelled | expired`, the video at `task.content.url`
 * (time-limited too: read again right before downloading); `DELETE /v2/video_generation/{id}` cancels a queued task
 * (no charge) and refuses a running one; `GET /v2/query/video_generation` (the task list) checks a key for free.
 * Images go as data URIs. The output follows the first frame's aspect ratio; the size picks the resolution tier.
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
import { knownModel, runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { requestJson, requestOk, type ErrorBodyReader } from './http';
import { refusedCancel, submitFailure, type HttpOperation } from './httpErrors';
import {
  imagesOf,
  lastFrameRefused,
  refuseLargeImages,
  refuseLongPrompt,
  refuseSeconds,
  sizeRefused,
} from './requestChecks';
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

/** The global platform; the China platform is `MINIMAX_REGION_BASE_URLS.china` (keys belong to one of them). */
export const MINIMAX_DEFAULT_BASE_URL = 'https://api.minimax.io';
export const MINIMAX_REGION_BASE_URLS = {
  global: 'https://api.minimax.io',
  china: 'https://api.minimaxi.com',
} as const;
export const MINIMAX_DEFAULT_TIMEOUT_MS = 120_000;

type Tier = '512P' | '768P' | '1080P' | '2K';
type Protocol = 'v1' | 'v2';

/** 16:9 and 9:16 sizes per tier (768P is 1366x768 per MiniMax); the output keeps the first frame's aspect. */
export const MINIMAX_TIER_SIZES: Readonly<Record<Tier, readonly [string, string]>> = {
  '512P': ['912x512', '512x912'],
  '768P': ['1366x768', '768x1366'],
  '1080P': ['1920x1080', '1080x1920'],
  '2K': ['2560x1440', '1440x2560'],
};

interface MiniMaxModel extends CatalogModel {
  readonly protocol: Protocol;
  readonly tiers: readonly Tier[];
  /** Tiers that allow the longest clip (Hailuo: 10 s only below 1080P). */
  readonly longTiers: readonly Tier[];
  readonly minSide: number;
  readonly promptRequired: boolean;
}

const MB = 1024 * 1024;
const CHECKED = '2026-11-30';
const V1_SOURCE = 'https://platform.minimax.io/docs/api-reference/video-generation-i2v';
const V2_SOURCE = 'https://platform.minimax.io/docs/api-reference/video-generation-v2-create';

function hailuo(id: string, label: string, tiers: readonly Tier[], more: Partial<MiniMaxModel> = {}): MiniMaxModel {
  return {
    id,
    label,
    protocol: 'v1',
    tiers,
    longTiers: tiers.filter((tier) => tier !== '1080P'),
    sizes: tiers.flatMap((tier) => [...MINIMAX_TIER_SIZES[tier]]),
    seconds: [6, 10],
    maxPromptLength: 2000,
    progress: false,
    cancel: false,
    remix: false,
    lastFrame: false,
    // "less than 20MB": our reading is 20 MiB minus one byte.
    maxImageBytes: 20 * MB - 1,
    minSide: 301,
    promptRequired: false,
    extras: ['enhancePrompt'],
    prices: [],
    lifecycle: live,
    checked: CHECKED,
    source: V1_SOURCE,
    ...more,
  };
}

/** MiniMax video models that take an image; docs/providers.md has the same table. Prices are unconfirmed. */
export const miniMaxCatalog: ProviderCatalog<MiniMaxModel> = {
  id: 'minimax',
  get label() {
    return l10n.t('MiniMax Hailuo');
  },
  needsKey: true,
  keyEnv: ['MINIMAX_API_KEY'],
  defaultBaseUrl: MINIMAX_DEFAULT_BASE_URL,
  acceptsCustomModels: false,
  models: [
    hailuo('MiniMax-Hailuo-2.3', 'Hailuo 2.3', ['768P', '1080P']),
    hailuo('MiniMax-Hailuo-2.3-Fast', 'Hailuo 2.3 Fast', ['768P', '1080P']),
    hailuo('MiniMax-Hailuo-02', 'Hailuo 02', ['768P', '1080P', '512P'], { lastFrame: true }),
    hailuo('MiniMax-H3', 'MiniMax H3', ['2K'], {
      protocol: 'v2',
      longTiers: ['2K'],
      seconds: [5, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
      maxPromptLength: 7000,
      cancel: true,
      lastFrame: true,
      maxImageBytes: 30 * MB,
      minSide: 256,
      promptRequired: true,
      extras: [],
      source: V2_SOURCE,
    }),
  ],
};

export const MiniMaxOptionsSchema = z.object({
  /** Time allowed per JSON request (submit, status checks, file lookups). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});

const BaseRespSchema = z.looseObject({ status_code: z.number(), status_msg: z.string().optional() });
const SubmitSchema = z.looseObject({ task_id: z.string().optional(), base_resp: BaseRespSchema.optional() });
const V1TaskSchema = z.looseObject({
  task_id: z.string().optional(),
  status: z.string().optional(),
  file_id: z.union([z.string(), z.number()]).optional(),
  base_resp: BaseRespSchema.optional(),
});
const V1FileSchema = z.looseObject({
  file: z.looseObject({ download_url: z.string().optional() }).nullish(),
  base_resp: BaseRespSchema.optional(),
});
const V2TaskSchema = z.looseObject({
  task: z.looseObject({
    id: z.string().optional(),
    status: z.string().min(1),
    content: z.looseObject({ url: z.string().optional() }).nullish(),
    error: z
      .looseObject({ code: z.union([z.string(), z.number()]).optional(), message: z.string().optional() })
      .nullish(),
  }),
});

/**
 * `base_resp.status_code` in plain words: the kind of error and what to do. Codes 1000–1004 are read from MiniMax's
 * error code page; 1026/1027 (sensitive input/output), 1028/1030 (quota), 1039 (token rate) and 2061 (model not in
 * the plan) from the official CLI's error mapping; 1008 and 2013/2049 are unconfirmed (docs/providers.md §11).
 */
const STATUS_CODES: Readonly<Record<number, { kind: AnimateError['kind']; words: () => string }>> = {
  1000: { kind: 'provider', words: () => l10n.t('MiniMax had an unknown error; try again later') },
  1001: { kind: 'provider', words: () => l10n.t('MiniMax timed out; try again later') },
  1002: { kind: 'rate-limit', words: () => l10n.t('MiniMax is rate-limiting requests; wait a little and try again') },
  1004: { kind: 'auth', words: () => l10n.t('MiniMax did not accept the API key') },
  1008: {
    kind: 'rate-limit',
    words: () => l10n.t('the MiniMax account balance is too low; top it up in the MiniMax console'),
  },
  1026: {
    kind: 'bad-input',
    words: () => l10n.t("MiniMax's content check flagged the prompt or the image; change them"),
  },
  1027: {
    kind: 'provider',
    words: () => l10n.t("MiniMax's content check withheld the generated video; change the prompt or the image"),
  },
  1028: {
    kind: 'rate-limit',
    words: () => l10n.t("the account's quota is used up; check the plan in the MiniMax console"),
  },
  1030: {
    kind: 'rate-limit',
    words: () => l10n.t("the account's quota is used up; check the plan in the MiniMax console"),
  },
  1039: { kind: 'rate-limit', words: () => l10n.t('MiniMax is rate-limiting requests; wait a little and try again') },
  2013: { kind: 'bad-input', words: () => l10n.t('MiniMax refused a parameter of the request') },
  2049: { kind: 'auth', words: () => l10n.t('MiniMax did not accept the API key') },
  2061: { kind: 'auth', words: () => l10n.t("this model is not in the account's MiniMax plan") },
};

/** V1 puts errors in `base_resp`, V2 in `error: {message, type, code}`; both are read. */
const readMiniMaxError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as {
    base_resp?: { status_code?: unknown; status_msg?: unknown };
    error?: { message?: unknown; code?: unknown; type?: unknown };
  };
  const code = record.base_resp?.status_code ?? record.error?.code ?? record.error?.type;
  const message = record.base_resp?.status_msg ?? record.error?.message;
  const words = typeof code === 'number' ? STATUS_CODES[code]?.words() : undefined;
  const text = [typeof message === 'string' ? message : '', words ? `(${words})` : ''].filter((p) => p).join(' ');
  return {
    ...(text ? { message: text } : {}),
    ...(typeof code === 'number' || (typeof code === 'string' && code !== '') ? { code: String(code) } : {}),
  };
};

export function createMiniMaxProvider(ctx: ProviderContext): VideoProvider {
  const options = providerOptions(MiniMaxOptionsSchema, ctx, 'minimax');
  const info: ProviderInfo = catalogInfo(miniMaxCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? MINIMAX_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint = `${keyHintFor(info.keyEnv)} ${l10n.t('Keys of the China platform (minimaxi.com) need its base URL, {0}.', MINIMAX_REGION_BASE_URLS.china)}`;
  const checkedBaseUrl = lazyBaseUrl(ctx, 'minimax', (raw) =>
    parseBaseUrl(
      raw,
      l10n.t('{0} base URL', 'MiniMax'),
      MINIMAX_DEFAULT_BASE_URL,
      l10n.t('e.g. {0}', MINIMAX_DEFAULT_BASE_URL),
    ),
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const context = errorContexts(() => hostOr('api.minimax.io', () => checkedBaseUrl().host), keyHint, secrets);
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${requireKey(ctx, info.label, keyHint)}` });

  /** A non-zero `base_resp` on a 2xx answer, as the error its code means (the key never in it). */
  function refusal(
    baseResp: z.infer<typeof BaseRespSchema> | undefined,
    operation: HttpOperation,
  ): AnimateError | undefined {
    if (!baseResp || baseResp.status_code === 0) return undefined;
    const known = STATUS_CODES[baseResp.status_code];
    const host = context(operation).host;
    const said = baseResp.status_msg ? `: ${baseResp.status_msg.replace(/\.+$/, '')}` : '';
    const detail = { code: String(baseResp.status_code), status: 200 };
    if (known?.kind === 'auth' && baseResp.status_code !== 2061) {
      return new AnimateError(
        'auth',
        `${l10n.t('The API key was rejected by {0} ({1}).', host, baseResp.status_code)} ${keyHint}`,
        detail,
      );
    }
    const kind = known?.kind === 'bad-input' && operation !== 'submit' ? 'provider' : (known?.kind ?? 'provider');
    return new AnimateError(
      kind,
      l10n.t('{0} answered {1}{2}{3}.', host, baseResp.status_code, said, known ? ` (${known.words()})` : ''),
      detail,
    );
  }

  function checkRequest(request: PreparedRequest): { model: MiniMaxModel; tier: Tier } {
    const model = catalogModel(miniMaxCatalog, findModel({ ...info, retiredModels: [] }, request.model).id);
    const size = formatSize(request.size);
    const tier = model.tiers.find((t) => MINIMAX_TIER_SIZES[t].includes(size));
    if (!tier) throw sizeRefused(model, size);
    refuseSeconds(model, request.seconds, 'ascending');
    const longest = Math.max(...model.seconds);
    if (request.seconds === longest && !model.longTiers.includes(tier)) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} makes {1} s clips only at {2}; at {3} choose {4} s.',
          model.id,
          longest,
          model.longTiers.map((t) => MINIMAX_TIER_SIZES[t].join(l10n.t(' or '))).join(l10n.t(' or ')),
          size,
          model.seconds.filter((s) => s !== longest).join(', '),
        ),
      );
    }
    refuseLongPrompt(request.prompt, model.id, model.maxPromptLength);
    if (model.promptRequired && !request.prompt.trim())
      throw new AnimateError('bad-input', l10n.t('{0} needs a prompt describing the video.', model.id));
    if (request.lastFrame && !model.lastFrame)
      throw lastFrameRefused(
        model.id,
        info.models.filter((m) => m.lastFrame).map((m) => m.id),
      );
    refuseUnsupportedExtras(request, model, info.label);
    for (const { image, last } of imagesOf(request)) {
      const short = Math.min(image.width, image.height);
      if (short < model.minSide)
        throw new AnimateError(
          'bad-input',
          !last
            ? l10n.t(
                'The image is {0}x{1}; {2} needs at least {3} pixels on the short side.',
                image.width,
                image.height,
                model.id,
                model.minSide,
              )
            : l10n.t(
                'The last frame is {0}x{1}; {2} needs at least {3} pixels on the short side.',
                image.width,
                image.height,
                model.id,
                model.minSide,
              ),
        );
      if (Math.max(image.width, image.height) / short > 2.5)
        throw new AnimateError(
          'bad-input',
          !last
            ? l10n.t('The image is {0}x{1}; MiniMax takes aspect ratios from 2:5 to 5:2.', image.width, image.height)
            : l10n.t(
                'The last frame is {0}x{1}; MiniMax takes aspect ratios from 2:5 to 5:2.',
                image.width,
                image.height,
              ),
        );
    }
    refuseLargeImages(request, model.maxImageBytes, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; {2} accepts less than {3} MB.',
        which,
        (bytes / MB).toFixed(1),
        model.id,
        Math.round(model.maxImageBytes / MB),
      ),
    );
    return { model, tier };
  }

  function bodyOf(request: PreparedRequest, model: MiniMaxModel, tier: Tier): Record<string, unknown> {
    const prompt = request.prompt.trim();
    if (model.protocol === 'v2') {
      return {
        model: model.id,
        content: [
          { type: 'text', text: prompt },
          { type: 'image_url', image_url: { url: dataUri(request.image) }, role: 'first_frame' },
          ...(request.lastFrame
            ? [{ type: 'image_url', image_url: { url: dataUri(request.lastFrame) }, role: 'last_frame' }]
            : []),
        ],
        resolution: tier,
        duration: request.seconds,
        ratio: 'adaptive',
      };
    }
    return {
      model: model.id,
      ...(prompt ? { prompt } : {}),
      first_frame_image: dataUri(request.image),
      ...(request.lastFrame ? { last_frame_image: dataUri(request.lastFrame) } : {}),
      duration: request.seconds,
      resolution: tier,
      ...(request.extras?.enhancePrompt !== undefined ? { prompt_optimizer: request.extras.enhancePrompt } : {}),
    };
  }

  /** The video link as MiniMax gives it now (never stored: it expires after hours). */
  async function freshVideoUrl(job: RemoteJob, signal: AbortSignal): Promise<string> {
    if (catalogModel(miniMaxCatalog, job.model).protocol === 'v2') {
      const { body } = await requestJson(
        `${baseUrl()}/v2/query/video_generation/${encodeURIComponent(job.id)}`,
        { headers: auth(), signal, timeoutMs },
        V2TaskSchema,
        context('download'),
        readMiniMaxError,
      );
      const url = body.task.content?.url;
      if (body.task.status !== 'succeeded' || !url) {
        throw new AnimateError(
          'provider',
          l10n.t(
            'MiniMax has no video for task {0} (status {1}): MiniMax keeps H3 tasks 7 days.',
            job.id,
            body.task.status,
          ),
        );
      }
      return url;
    }
    const fileId = job.data?.fileId;
    if (!fileId)
      throw new AnimateError(
        'provider',
        l10n.t('No file is known for MiniMax task {0}; check its status first.', job.id),
      );
    const { body } = await requestJson(
      `${baseUrl()}/v1/files/retrieve?file_id=${encodeURIComponent(fileId)}`,
      { headers: auth(), signal, timeoutMs },
      V1FileSchema,
      context('download'),
      readMiniMaxError,
    );
    const refused = refusal(body.base_resp, 'download');
    if (refused) throw refused;
    const url = body.file?.download_url;
    if (!url)
      throw new AnimateError(
        'provider',
        l10n.t('MiniMax gave no download link for file {0} of task {1}.', fileId, job.id),
      );
    return url;
  }

  return {
    info,

    async submit(request, signal) {
      const { model, tier } = checkRequest(request);
      const headers = auth();
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ${size} → ${tier}, ${request.seconds} s${request.lastFrame ? ', last frame' : ''}`;
      const route = model.protocol === 'v2' ? '/v2/video_generation' : '/v1/video_generation';
      let reply: z.infer<typeof SubmitSchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}${route}`,
          { method: 'POST', headers, json: bodyOf(request, model, tier), signal, timeoutMs },
          SubmitSchema,
          context('submit', {
            notFoundHint: l10n.t('Check the base URL ({0}).', baseUrl()),
            badRequestHint: l10n.t('(Sent {0}.)', sent),
          }),
          readMiniMaxError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'MiniMax',
          l10n.t(
            'The task may have been created; check the MiniMax console before retrying — a retry is a new paid task.',
          ),
        );
      }
      // A non-zero base_resp is MiniMax refusing the task: nothing was created.
      const refused = refusal(reply.base_resp, 'submit');
      if (refused) throw refused;
      if (!reply.task_id) {
        throw new AnimateError(
          'submit-unknown',
          l10n.t(
            'MiniMax accepted the request but gave no task id. Check the MiniMax console before retrying — a retry is a new paid task.',
          ),
          { status: 200 },
        );
      }
      ctx.log.info(`minimax: submitted ${reply.task_id} (${sent})`);
      return {
        provider: info.id,
        id: reply.task_id,
        model: model.id,
        data: { size, seconds: String(request.seconds), resolution: tier },
      };
    },

    async poll(job, signal) {
      if (catalogModel(miniMaxCatalog, job.model).protocol === 'v2') {
        const { body } = await requestJson(
          `${baseUrl()}/v2/query/video_generation/${encodeURIComponent(job.id)}`,
          { headers: auth(), signal, timeoutMs },
          V2TaskSchema,
          context('poll', { notFoundHint: l10n.t('MiniMax keeps H3 tasks 7 days; check the base URL (region) too.') }),
          readMiniMaxError,
        );
        ctx.log.debug(`minimax: ${job.id} ${body.task.status}`);
        return v2Status(job, body.task);
      }
      const { body } = await requestJson(
        `${baseUrl()}/v1/query/video_generation?task_id=${encodeURIComponent(job.id)}`,
        { headers: auth(), signal, timeoutMs },
        V1TaskSchema,
        context('poll'),
        readMiniMaxError,
      );
      ctx.log.debug(`minimax: ${job.id} ${body.status ?? '?'}`);
      return v1Status(job, body);
    },

    async download(job, signal) {
      const url = await freshVideoUrl(job, signal);
      const gone = l10n.t(
        'MiniMax download links last only hours; a fresh one is asked for on each try, so retry the download (resume the job).',
      );
      return downloadSignedLink(job, 'MiniMax', gone, { keyHint, secrets }, signal, url);
    },

    /** H3: `DELETE /v2/video_generation/{id}` cancels a queued task; V1 tasks cannot be cancelled. */
    async cancel(job) {
      if (catalogModel(miniMaxCatalog, job.model).protocol !== 'v2') {
        throw new AnimateError(
          'provider',
          l10n.t(
            'MiniMax cannot cancel {0} tasks (the V1 API has no cancel); task {1} will finish and be billed.',
            job.model,
            job.id,
          ),
        );
      }
      try {
        await requestOk(
          `${baseUrl()}/v2/video_generation/${encodeURIComponent(job.id)}`,
          { method: 'DELETE', headers: auth(), signal: new AbortController().signal, timeoutMs },
          context('cancel'),
          readMiniMaxError,
        );
        ctx.log.info(`minimax: cancelled ${job.id}`);
      } catch (error) {
        throw refusedCancel(error, (said) =>
          l10n.t(
            'MiniMax did not cancel task {0}: it cancels only tasks still queued; a running task finishes and is billed. ({1})',
            job.id,
            said,
          ),
        );
      }
    },

    /** The V2 task list proves route, region and key for free. */
    async check(model, signal): Promise<ConnectionCheck> {
      const host = context('poll').host;
      return runCheck({ provider: info.id, model, endpoint: `${host}/v2/query/video_generation` }, true, async () => {
        const { body } = await requestJson(
          `${baseUrl()}/v2/query/video_generation`,
          { headers: auth(), signal, timeoutMs },
          z.looseObject({ base_resp: BaseRespSchema.optional() }),
          context('poll'),
          readMiniMaxError,
        );
        const refused = refusal(body.base_resp, 'poll');
        if (refused) throw refused;
        return knownModel(info.models, model, 'MiniMax');
      });
    },
  };

  function v1Status(job: RemoteJob, body: z.infer<typeof V1TaskSchema>): JobStatus {
    const refused = refusal(body.base_resp, 'poll');
    switch (body.status) {
      case 'Preparing':
      case 'Queueing':
        return { state: 'queued' };
      case 'Processing':
        return { state: 'running' };
      case 'Success':
        if (body.file_id === undefined || body.file_id === '')
          return failedStatus(l10n.t('MiniMax reports task {0} as done but gave no file id.', job.id), 'NoFileId');
        return succeededWith(job, { fileId: String(body.file_id) });
      case 'Fail':
      case 'Failed': {
        const code = body.base_resp?.status_code;
        if (code === 1026 || code === 1027) {
          return failedStatus(
            l10n.t(
              "MiniMax's content check stopped the task{0}. Change the prompt or the image.",
              body.base_resp?.status_msg ? `: ${body.base_resp.status_msg}` : '',
            ),
            'moderation',
          );
        }
        return failedStatus(
          refused ? l10n.t('MiniMax failed the task: {0}', refused.message) : l10n.t('MiniMax failed the task.'),
          code !== undefined ? String(code) : undefined,
        );
      }
      default:
        if (refused) throw refused;
        return unknownTaskStatus('MiniMax', job, body.status ?? '(none)');
    }
  }

  function v2Status(job: RemoteJob, task: z.infer<typeof V2TaskSchema>['task']): JobStatus {
    const message = task.error?.message?.trim().replace(/\.+$/, '');
    const code = task.error?.code !== undefined ? String(task.error.code) : undefined;
    switch (task.status) {
      case 'queued':
        return { state: 'queued' };
      case 'running':
        return { state: 'running' };
      case 'succeeded':
        return { state: 'succeeded' };
      case 'failed':
        if ((message && /sensitive/i.test(message)) || code === '1026' || code === '1027') {
          return failedStatus(
            l10n.t(
              "MiniMax's content check stopped the task{0}. Change the prompt or the image.",
              message ? `: ${message}` : '',
            ),
            'moderation',
          );
        }
        return failedStatus(
          l10n.t('MiniMax failed the task{0}{1}.', message ? `: ${message}` : '', code ? ` (${code})` : ''),
          code,
        );
      case 'cancelled':
        return failedStatus(l10n.t('MiniMax task {0} was cancelled.', job.id), 'cancelled');
      case 'expired':
        return failedStatus(l10n.t('MiniMax task {0} expired before it ran.', job.id), 'expired');
      default:
        return unknownTaskStatus('MiniMax', job, task.status);
    }
  }
}

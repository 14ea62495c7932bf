/**
 * Alibaba Cloud DashScope (Model Studio) — Wan image-to-video from a first frame, or between a first and a last frame.
 *
 * Contract and dated facts: docs/providers.md#5-dashscope--alibaba-cloud-model-studio-wan-image-to-video.
 * `POST /services/aigc/video-generation/video-synthesis` with `X-DashScope-Async: enable` (the API refuses synchronous
 * calls) → `output.task_id`; `GET /tasks/{id}` until `SUCCEEDED | FAILED | CANCELED | UNKNOWN`; the MP4 is a plain
 * GET of `output.video_url` (a signed OSS link, valid 24 h, fetched WITHOUT our key: OSS rejects a second form of
 * authorization and the key must not leave DashScope). `POST /tasks/{id}/cancel` cancels a task still PENDING.
 * Three request shapes: wan2.6 and earlier take `input.img_url`; wan2.7 takes `input.media[]` with `first_frame` /
 * `last_frame`; the kf2v models take `input.first_frame_url` + `input.last_frame_url`. Images go as data URIs.
 *
 * The API takes a resolution TIER (480P/720P/1080P) and keeps the aspect of the input image, so the sizes offered are
 * the 16:9 and 9:16 sizes of each tier a model allows; the image is fitted to the chosen size before it gets here,
 * and the size maps back to its tier. No progress percentage. Model, base URL and key must be of the same region
 * (Beijing, Singapore, Virginia, Frankfurt workspaces): a key of another region reads as invalid. `GET /tasks/{id}` of
 * an id no one was given checks the key without creating anything.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import {
  catalogInfo,
  labelText,
  live,
  refuseUnsupportedExtras,
  type CatalogModel,
  type Label,
  type ProviderCatalog,
} from './catalog';
import { NON_EXISTENT_TASK_ID, runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { requestJson, requestOk, type ErrorBodyReader } from './http';
import { refusedCancel, submitFailure } from './httpErrors';
import { imagesOf, lastFrameRefused, refuseLargeImages, refuseLongPrompt, refuseSeconds } from './requestChecks';
import { failedStatus, failedTaskReason, succeededWith, unknownTaskStatus } from './jobStatus';
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
import { formatSize, type ImageMime } from '../types';
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

export const DASHSCOPE_DEFAULT_BASE_URL = 'https://dashscope.aliyuncs.com/api/v1';
/** The other regions' base URLs (a workspace URL needs the user's workspace id). */
export const DASHSCOPE_REGION_BASE_URLS = {
  beijing: 'https://dashscope.aliyuncs.com/api/v1',
  singapore: 'https://dashscope-intl.aliyuncs.com/api/v1',
  virginia: 'https://dashscope-us.aliyuncs.com/api/v1',
  beijingWorkspace: 'https://{WorkspaceId}.cn-beijing.maas.aliyuncs.com/api/v1',
  singaporeWorkspace: 'https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/api/v1',
  frankfurtWorkspace: 'https://{WorkspaceId}.eu-central-1.maas.aliyuncs.com/api/v1',
} as const;

/** DashScope recommends about one status check every 15 s (the task API allows 20 queries per second per key). */
export const DASHSCOPE_POLL_INTERVAL_MS = 15_000;
export const DASHSCOPE_DEFAULT_TIMEOUT_MS = 120_000;
/** The documented limits of the image side, in pixels, for every Wan model. */
const MIN_SIDE = 360;
const MAX_SIDE = 2000;

export type WanTier = '480P' | '720P' | '1080P';

/** Concrete sizes per tier: landscape (16:9) first, then portrait (9:16). The output follows the image's aspect. */
export const WAN_TIER_SIZES: Readonly<Record<WanTier, readonly [string, string]>> = {
  '1080P': ['1920x1080', '1080x1920'],
  '720P': ['1280x720', '720x1280'],
  '480P': ['854x480', '480x854'],
};

/** How the image(s) travel: `img_url` (wan2.6 and earlier), `media[]` (wan2.7), `first/last_frame_url` (kf2v). */
type WanProtocol = 'img_url' | 'media' | 'kf2v';

interface WanModel extends CatalogModel {
  /** Tiers the model accepts, its default first. */
  readonly tiers: readonly WanTier[];
  /** Whether `parameters.duration` can be sent (fixed-length models get none). */
  readonly durationParameter: boolean;
  readonly protocol: WanProtocol;
}

// "10 MB" in the documentation: read as decimal megabytes, the stricter reading.
const MB = 1_000_000;
const WAN_MAX_IMAGE_BYTES = 10 * MB;
const WAN_CHECKED = '2026-11-30';
const FIRST_FRAME_SOURCE = 'https://www.alibabacloud.com/help/en/model-studio/legacy-image-to-video-api-reference';
const MEDIA_SOURCE = 'https://www.alibabacloud.com/help/en/model-studio/image-to-video-general-api-reference';
const KF2V_SOURCE =
  'https://www.alibabacloud.com/help/en/model-studio/image-to-video-by-first-and-last-frame-api-reference';
const FIRST_FRAME_EXTRAS = ['negativePrompt', 'seed', 'enhancePrompt'] as const;
const WITH_AUDIO_SWITCH = [...FIRST_FRAME_EXTRAS, 'audio'] as const;

/** Every whole second from `from` to `to`, the default (`first`) in front. */
const secondsRange = (first: number, from: number, to: number): number[] => [
  first,
  ...Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => n !== first),
];

function wan(
  id: string,
  label: Label,
  tiers: readonly WanTier[],
  seconds: readonly number[],
  more: Partial<WanModel> & Pick<WanModel, 'extras'>,
): WanModel {
  return {
    id,
    get label() {
      return labelText(label);
    },
    tiers,
    sizes: tiers.flatMap((tier) => [...WAN_TIER_SIZES[tier]]),
    seconds,
    durationParameter: true,
    protocol: 'img_url',
    maxPromptLength: 800,
    progress: false,
    cancel: true,
    remix: false,
    lastFrame: false,
    maxImageBytes: WAN_MAX_IMAGE_BYTES,
    prices: [],
    lifecycle: live,
    checked: WAN_CHECKED,
    source: FIRST_FRAME_SOURCE,
    ...more,
  };
}

/**
 * Wan image-to-video models of Model Studio; docs/providers.md has the same table. No prices: Alibaba's are
 * unconfirmed today. The guide documents 2–15 s; for wan2.6-i2v the per-model split is unconfirmed, so 5, 10 and 15.
 */
export const dashScopeCatalog: ProviderCatalog<WanModel> = {
  id: 'dashscope',
  get label() {
    return l10n.t('Alibaba DashScope (Wan)');
  },
  needsKey: true,
  keyEnv: ['DASHSCOPE_API_KEY'],
  defaultBaseUrl: DASHSCOPE_DEFAULT_BASE_URL,
  acceptsCustomModels: true,
  models: [
    wan('wan2.7-i2v', 'Wan 2.7', ['1080P', '720P'], secondsRange(5, 2, 15), {
      protocol: 'media',
      lastFrame: true,
      extras: FIRST_FRAME_EXTRAS,
      source: MEDIA_SOURCE,
      note: 'Generates an audio track (it cannot be switched off here).',
    }),
    wan('wan2.6-i2v', 'Wan 2.6', ['1080P', '720P'], [5, 10, 15], { maxPromptLength: 1500, extras: WITH_AUDIO_SWITCH }),
    wan('wan2.6-i2v-flash', 'Wan 2.6 Flash', ['1080P', '720P'], secondsRange(5, 2, 15), {
      maxPromptLength: 1500,
      extras: WITH_AUDIO_SWITCH,
    }),
    wan('wan2.5-i2v-preview', 'Wan 2.5 Preview', ['1080P', '720P', '480P'], [5, 10], {
      maxPromptLength: 1500,
      extras: WITH_AUDIO_SWITCH,
    }),
    wan('wan2.2-i2v-flash', 'Wan 2.2 Flash', ['720P', '480P', '1080P'], [5], {
      durationParameter: false,
      extras: FIRST_FRAME_EXTRAS,
    }),
    wan('wan2.2-i2v-plus', 'Wan 2.2 Plus', ['1080P', '480P'], [5], {
      durationParameter: false,
      extras: FIRST_FRAME_EXTRAS,
    }),
    wan('wanx2.1-i2v-turbo', 'Wanx 2.1 Turbo', ['720P', '480P'], [5, 4, 3], { extras: FIRST_FRAME_EXTRAS }),
    wan('wanx2.1-i2v-plus', 'Wanx 2.1 Plus', ['720P'], [5], { durationParameter: false, extras: FIRST_FRAME_EXTRAS }),
    wan('wanx2.1-kf2v-plus', () => l10n.t('Wanx 2.1 first and last frame'), ['720P'], [5], {
      durationParameter: false,
      protocol: 'kf2v',
      lastFrame: true,
      lastFrameRequired: true,
      extras: ['enhancePrompt'],
      source: KF2V_SOURCE,
    }),
  ],
};

function sizesOf(model: WanModel): string[] {
  return model.tiers.flatMap((tier) => [...WAN_TIER_SIZES[tier]]);
}

/**
 * The offered model (catalog or the user's custom entry) with the wire details of its id; for a custom model the
 * tiers follow its sizes and wan2.7 or later takes `media`.
 */
function wanModelOf(model: ModelCapabilities): WanModel {
  const known = dashScopeCatalog.models.find((m) => m.id === model.id);
  const tiers = (Object.keys(WAN_TIER_SIZES) as WanTier[]).filter((tier) =>
    WAN_TIER_SIZES[tier].some((size) => model.sizes.includes(size)),
  );
  const version = /^wanx?(\d+)\.(\d+)/.exec(model.id);
  const usesMedia =
    version !== null && (Number(version[1]) > 2 || (Number(version[1]) === 2 && Number(version[2]) >= 7));
  return {
    ...(known ?? {}),
    ...(model as CatalogModel),
    tiers: known && known.sizes === model.sizes ? known.tiers : tiers,
    durationParameter: known?.durationParameter ?? true,
    protocol: known?.protocol ?? (/kf2v/.test(model.id) ? 'kf2v' : usesMedia ? 'media' : 'img_url'),
  };
}

/** The tier of a `WxH` size, if it is one of ours and the model allows it. */
export function wanTierFor(modelId: string, size: string): WanTier | undefined {
  const model = dashScopeCatalog.models.find((m) => m.id === modelId);
  return model?.tiers.find((tier) => WAN_TIER_SIZES[tier].includes(size));
}

export const DashScopeOptionsSchema = z.object({
  /** Let DashScope rewrite the prompt with an LLM (`prompt_extend`, default on: better results, slower). */
  promptExtend: z.boolean().optional(),
  /** Time allowed per JSON request (submit and status checks). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type DashScopeOptions = z.infer<typeof DashScopeOptionsSchema>;

const SubmitReplySchema = z.looseObject({
  output: z.looseObject({ task_id: z.string().min(1), task_status: z.string().optional() }),
  request_id: z.string().optional(),
});

const TaskReplySchema = z.looseObject({
  output: z.looseObject({
    task_id: z.string().optional(),
    task_status: z.string().min(1),
    video_url: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
  request_id: z.string().optional(),
});

/** Extra words for codes a user can act on; functions, so that they are said in the language in use then. */
const CODE_ADVICE: Readonly<Record<string, () => string>> = {
  Arrearage: () => l10n.t('the Alibaba Cloud account has an overdue payment; settle it in the console'),
  DataInspectionFailed: () => l10n.t("DashScope's content moderation flagged the prompt or the image"),
  'Throttling.RateQuota': () => l10n.t('too many requests per second'),
  'Throttling.AllocationQuota': () => l10n.t('the free or allotted quota is used up'),
  ModelNotFound: () => l10n.t('the model is not offered in this region or under this name'),
};

/** `{"code","message","request_id"}`; the request id is kept in the message (http.ts reads request ids from headers only). */
const readDashScopeError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const code = typeof record.code === 'string' && record.code ? record.code : undefined;
  const advice = code ? CODE_ADVICE[code]?.() : undefined;
  const parts = [typeof record.message === 'string' ? record.message : '', advice ? `(${advice})` : ''].filter(
    (p) => p,
  );
  if (typeof record.request_id === 'string' && record.request_id) parts.push(`[request ${record.request_id}]`);
  return { ...(parts.length > 0 ? { message: parts.join(' ') } : {}), ...(code ? { code } : {}) };
};

export function createDashScopeProvider(ctx: ProviderContext): VideoProvider {
  const options: DashScopeOptions = providerOptions(DashScopeOptionsSchema, ctx, 'dashscope');

  const info: ProviderInfo = catalogInfo(dashScopeCatalog, ctx.customModels);
  const timeoutMs = options.timeoutMs ?? DASHSCOPE_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint =
    `${keyHintFor(info.keyEnv)} ` +
    l10n.t(
      'DashScope keys belong to one region: the base URL must be that region (e.g. {0} for Singapore).',
      'dashscope-intl.aliyuncs.com',
    );
  const checkedBaseUrl = lazyBaseUrl(ctx, 'dashscope', (raw) =>
    parseBaseUrl(
      raw,
      l10n.t('{0} base URL', 'DashScope'),
      DASHSCOPE_DEFAULT_BASE_URL,
      l10n.t('e.g. {0}', DASHSCOPE_DEFAULT_BASE_URL),
    ),
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const apiKey = (): string => requireKey(ctx, info.label, keyHint);
  const context = errorContexts(() => hostOr('dashscope.aliyuncs.com', () => checkedBaseUrl().host), keyHint, secrets);

  function checkRequest(request: PreparedRequest): { model: WanModel; tier: WanTier } {
    const model = wanModelOf(findModel({ ...info, retiredModels: [] }, request.model));
    const size = formatSize(request.size);
    const tier = model.tiers.find((t) => WAN_TIER_SIZES[t].includes(size));
    if (!tier) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} makes videos of {1} (tiers {2}), not {3}.',
          model.id,
          sizesOf(model).join(', '),
          model.tiers.join(', '),
          size,
        ),
      );
    }
    refuseSeconds(model, request.seconds);
    refuseLongPrompt(request.prompt, model.id, model.maxPromptLength);
    if (request.lastFrame && !model.lastFrame)
      throw lastFrameRefused(
        model.id,
        info.models.filter((m) => m.lastFrame).map((m) => m.id),
      );
    if (!request.lastFrame && model.lastFrameRequired)
      throw new AnimateError('bad-input', l10n.t('{0} animates between two images: give a last frame too.', model.id));
    refuseUnsupportedExtras(request, model, info.label);
    for (const { which, image } of imagesOf(request)) {
      if (Math.min(image.width, image.height) < MIN_SIDE || Math.max(image.width, image.height) > MAX_SIDE) {
        throw new AnimateError(
          'bad-input',
          l10n.t(
            'The {0} is {1}x{2}; DashScope needs each side between {3} and {4} pixels.',
            which,
            image.width,
            image.height,
            MIN_SIDE,
            MAX_SIDE,
          ),
        );
      }
    }
    refuseLargeImages(request, model.maxImageBytes, (which, bytes) =>
      l10n.t(
        'The encoded {0} is {1} MB; {2} accepts at most {3} MB.',
        which,
        (bytes / MB).toFixed(1),
        model.id,
        model.maxImageBytes / MB,
      ),
    );
    return { model, tier };
  }

  /**
   * The `input` object in the model's protocol, each image as a data URI. The API takes PNG only without alpha:
   * prepared images are opaque, and an opaque PNG is written as RGB, so they go as they are.
   */
  function inputOf(request: PreparedRequest, model: WanModel): { input: Record<string, unknown>; mime: ImageMime } {
    const first = request.image;
    const last = request.lastFrame;
    const prompt = request.prompt.trim();
    const negativePrompt = request.extras?.negativePrompt;
    const text = { ...(prompt ? { prompt } : {}), ...(negativePrompt ? { negative_prompt: negativePrompt } : {}) };
    switch (model.protocol) {
      case 'media':
        return {
          input: {
            ...text,
            media: [
              { type: 'first_frame', url: dataUri(first) },
              ...(last ? [{ type: 'last_frame', url: dataUri(last) }] : []),
            ],
          },
          mime: first.mime,
        };
      case 'kf2v':
        return {
          input: { ...text, first_frame_url: dataUri(first), ...(last ? { last_frame_url: dataUri(last) } : {}) },
          mime: first.mime,
        };
      case 'img_url':
        return { input: { ...text, img_url: dataUri(first) }, mime: first.mime };
    }
  }

  return {
    info,

    async submit(request, signal) {
      const { model, tier } = checkRequest(request);
      const key = apiKey();
      const { input, mime } = inputOf(request, model);
      const extras = request.extras;
      const body = {
        model: model.id,
        input,
        parameters: {
          resolution: tier,
          ...(model.durationParameter ? { duration: request.seconds } : {}),
          prompt_extend: extras?.enhancePrompt ?? options.promptExtend ?? true,
          ...(extras?.seed !== undefined ? { seed: extras.seed } : {}),
          ...(extras?.audio !== undefined ? { audio: extras.audio } : {}),
          watermark: false,
        },
      };
      const size = formatSize(request.size);
      const chosen = [
        request.lastFrame ? 'last frame' : '',
        extras?.negativePrompt ? 'negative prompt' : '',
        extras?.seed !== undefined ? `seed ${extras.seed}` : '',
        extras?.audio !== undefined ? `audio ${extras.audio ? 'on' : 'off'}` : '',
      ].filter((p) => p);
      const sent = `model ${model.id}, ${size} → ${tier}, ${request.seconds} s, image ${request.image.width}x${request.image.height} ${mime}${chosen.length > 0 ? `, ${chosen.join(', ')}` : ''}`;
      const started = Date.now();
      let reply: z.infer<typeof SubmitReplySchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/services/aigc/video-generation/video-synthesis`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'x-dashscope-async': 'enable' },
            json: body,
            signal,
            timeoutMs,
          },
          SubmitReplySchema,
          context('submit', {
            notFoundHint: l10n.t(
              'Check the base URL ({0}) and that {1} is offered in that region.',
              baseUrl(),
              model.id,
            ),
            badRequestHint: l10n.t('(Sent {0}.)', sent),
          }),
          readDashScopeError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'DashScope',
          l10n.t(
            'The task may have been created; check the {0} console before retrying — a retry is a new paid task.',
            'DashScope',
          ),
        );
      }
      ctx.log.info(
        `dashscope: submitted ${reply.output.task_id} (${reply.output.task_status ?? '?'}; ${sent}) in ${Date.now() - started} ms` +
          (reply.request_id ? `, request ${reply.request_id}` : ''),
      );
      return {
        provider: info.id,
        id: reply.output.task_id,
        model: model.id,
        data: { size, seconds: String(request.seconds), resolution: tier },
      };
    },

    async poll(job, signal) {
      const { body } = await requestJson(
        `${baseUrl()}/tasks/${encodeURIComponent(job.id)}`,
        { headers: { authorization: `Bearer ${apiKey()}` }, signal, timeoutMs },
        TaskReplySchema,
        context('poll', {
          notFoundHint: l10n.t('Check the base URL ({0}): tasks live in the region that created them.', baseUrl()),
        }),
        readDashScopeError,
      );
      const { output } = body;
      ctx.log.debug(
        `dashscope: ${job.id} ${output.task_status}${body.request_id ? `, request ${body.request_id}` : ''}`,
      );
      return statusOf(job, output);
    },

    download(job, signal) {
      const expired = l10n.t(
        'The link expires 24 h after the task finished; after that the video is gone and must be made again.',
      );
      return downloadSignedLink(job, 'DashScope', expired, { keyHint, secrets }, signal);
    },

    /** `POST /tasks/{id}/cancel`: DashScope cancels only a task still waiting (PENDING); a running one goes on, billed. */
    async cancel(job) {
      try {
        await requestOk(
          `${baseUrl()}/tasks/${encodeURIComponent(job.id)}/cancel`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey()}` },
            signal: new AbortController().signal,
            timeoutMs,
          },
          context('cancel'),
          readDashScopeError,
        );
        ctx.log.info(`dashscope: cancelled ${job.id}`);
      } catch (error) {
        throw refusedCancel(error, (said) =>
          l10n.t(
            'DashScope did not cancel task {0}: it cancels only tasks still waiting in the queue; a task already running finishes and is billed. ({1})',
            job.id,
            said,
          ),
        );
      }
    },

    /** `GET /tasks/{an id never issued}`: proves route, region and key for free (DashScope has no model list to ask). */
    async check(model, signal): Promise<ConnectionCheck> {
      const host = context('poll').host;
      return runCheck({ provider: info.id, model, endpoint: `${host}/tasks/{id}` }, true, async () => {
        try {
          await requestJson(
            `${baseUrl()}/tasks/${NON_EXISTENT_TASK_ID}`,
            { headers: { authorization: `Bearer ${apiKey()}` }, signal, timeoutMs },
            z.looseObject({}),
            context('poll'),
            readDashScopeError,
          );
        } catch (error) {
          // A 404 for the made-up task is an answer from DashScope that accepted the key; 401/403 are auth errors.
          if (!(error instanceof AnimateError) || error.details.status !== 404) throw error;
        }
        if (model === undefined) return {};
        const known = [...info.models, ...(info.retiredModels ?? [])].some((m) => m.id === model);
        return known
          ? {}
          : {
              modelAvailable: false,
              problem: l10n.t('{0} is not a model this version knows for DashScope; add it as a custom model.', model),
            };
      });
    },
  };

  function statusOf(job: RemoteJob, output: z.infer<typeof TaskReplySchema>['output']): JobStatus {
    // The server's sentence without its own full stop: ours follows it.
    const message = output.message?.trim().replace(/[.。]+$/, '');
    switch (output.task_status) {
      case 'PENDING':
        return { state: 'queued' };
      case 'RUNNING':
        return { state: 'running', pollAfterMs: DASHSCOPE_POLL_INTERVAL_MS };
      case 'SUSPENDED':
        // Paused by DashScope (the SDK lists the state; the docs say nothing more): kept and asked again later.
        ctx.log.warn(`dashscope: task ${job.id} is SUSPENDED at DashScope; it is kept and checked again`);
        return { state: 'queued', pollAfterMs: DASHSCOPE_POLL_INTERVAL_MS };
      case 'SUCCEEDED':
        if (!output.video_url)
          return failedStatus(
            l10n.t('{0} reports task {1} as done but gave no video link.', 'DashScope', job.id),
            'NoVideoUrl',
          );
        return succeededWith(job, { videoUrl: output.video_url });
      case 'FAILED': {
        const code = output.code || undefined;
        const reason =
          code !== 'DataInspectionFailed'
            ? failedTaskReason('DashScope', message, code)
            : message
              ? l10n.t(
                  "DashScope's content moderation rejected the prompt, the image or the result ({0}): {1}. Change the prompt or the image.",
                  code,
                  message,
                )
              : l10n.t(
                  "DashScope's content moderation rejected the prompt, the image or the result ({0}). Change the prompt or the image.",
                  code,
                );
        return failedStatus(reason, code);
      }
      case 'CANCELED':
        return {
          state: 'failed',
          reason: l10n.t('{0} task {1} was cancelled.', 'DashScope', job.id),
          code: 'CANCELED',
        };
      case 'UNKNOWN':
        return {
          state: 'failed',
          reason: l10n.t(
            'DashScope says task {0} is unknown: the task expired or does not exist (DashScope keeps tasks 24 h).',
            job.id,
          ),
          code: 'UNKNOWN',
        };
      default:
        return unknownTaskStatus('DashScope', job, output.task_status);
    }
  }
}

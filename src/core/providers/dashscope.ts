/**
 * Alibaba Cloud DashScope (Model Studio) — Wan image-to-video from a first frame.
 *
 * Contract: /work/shared/reference/video-apis.md §4. `POST /services/aigc/video-generation/video-synthesis` with
 * `X-DashScope-Async: enable` (the API refuses synchronous calls) → `output.task_id`; `GET /tasks/{id}` until
 * `SUCCEEDED | FAILED | CANCELED | UNKNOWN`; the MP4 is a plain GET of `output.video_url` (a signed OSS link, valid
 * 24 h, fetched WITHOUT our key: OSS rejects a second form of authorization and the key must not leave DashScope).
 *
 * The API takes a resolution TIER (480P/720P/1080P) and keeps the aspect of the input image, so the sizes offered are
 * the 16:9 and 9:16 sizes of each tier a model allows; the image is fitted to the chosen size before it gets here,
 * and the size maps back to its tier. There is no cancel API and no progress percentage. Model, base URL and key must
 * be of the same region (Beijing, Singapore, Virginia, Frankfurt workspaces): a key of another region reads as invalid.
 */
import { z } from 'zod';
import { AnimateError } from '../errors';
import { decodeImage } from '../image/decode';
import { encodeImage } from '../image/encode';
import { inspectImage } from '../image/inspect';
import { dataUri } from './dataUri';
import { requestJson, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { failedStatus, succeededWith, unknownTaskStatus } from './jobStatus';
import {
  formatSize,
  type ImageMime,
  type JobStatus,
  type ModelCapabilities,
  type PreparedImage,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type RemoteJob,
  type VideoProvider,
} from './provider';
import { errorContexts, hostOr, keyHintFor, lazyBaseUrl, parseBaseUrl, providerOptions, requireKey } from './providerSetup';
import { downloadSignedLink } from './signedLink';

export const DASHSCOPE_DEFAULT_BASE_URL = 'https://dashscope.aliyuncs.com/api/v1';
/** The other regions' base URLs (a workspace URL needs the user's workspace id). */
export const DASHSCOPE_REGION_BASE_URLS = {
  beijing: 'https://dashscope.aliyuncs.com/api/v1',
  singapore: 'https://dashscope-intl.aliyuncs.com/api/v1',
  virginia: 'https://dashscope-us.aliyuncs.com/api/v1',
  singaporeWorkspace: 'https://{WorkspaceId}.ap-southeast-1.maas.aliyuncs.com/api/v1',
  frankfurtWorkspace: 'https://{WorkspaceId}.eu-central-1.maas.aliyuncs.com/api/v1',
} as const;

/** DashScope recommends about one status check every 15 s (the task API allows 20 queries per second per key). */
export const DASHSCOPE_POLL_INTERVAL_MS = 15_000;
export const DASHSCOPE_DEFAULT_TIMEOUT_MS = 120_000;
/** The documented limit of the image side, in pixels. */
const MIN_SIDE = 240;
const MAX_SIDE = 8000;

export type WanTier = '480P' | '720P' | '1080P';

/** Concrete sizes per tier: landscape (16:9) first, then portrait (9:16). The output follows the image's aspect. */
export const WAN_TIER_SIZES: Readonly<Record<WanTier, readonly [string, string]>> = {
  '1080P': ['1920x1080', '1080x1920'],
  '720P': ['1280x720', '720x1280'],
  '480P': ['854x480', '480x854'],
};

interface WanModel {
  readonly id: string;
  readonly label: string;
  /** Tiers the model accepts, its default first. */
  readonly tiers: readonly WanTier[];
  /** Durations, the default first. */
  readonly seconds: readonly number[];
  /** Whether `parameters.duration` can be sent (fixed-length models get none). */
  readonly durationParameter: boolean;
  readonly maxPromptLength: number;
  readonly maxImageBytes: number;
}

// "10 MB" / "20 MB" in the documentation: read as decimal megabytes, the stricter reading.
const MB = 1_000_000;

/** Per-model rules from §4.2. wan2.6 takes any whole 2–15 s; we offer 5, 10 and 15. */
const WAN_MODELS: readonly WanModel[] = [
  { id: 'wan2.2-i2v-flash', label: 'Wan 2.2 Flash', tiers: ['720P', '480P', '1080P'], seconds: [5], durationParameter: false, maxPromptLength: 800, maxImageBytes: 10 * MB },
  { id: 'wan2.2-i2v-plus', label: 'Wan 2.2 Plus', tiers: ['1080P', '480P'], seconds: [5], durationParameter: false, maxPromptLength: 800, maxImageBytes: 10 * MB },
  { id: 'wan2.5-i2v-preview', label: 'Wan 2.5 Preview', tiers: ['1080P', '720P', '480P'], seconds: [5, 10], durationParameter: true, maxPromptLength: 1500, maxImageBytes: 20 * MB },
  { id: 'wan2.6-i2v', label: 'Wan 2.6', tiers: ['1080P', '720P'], seconds: [5, 10, 15], durationParameter: true, maxPromptLength: 1500, maxImageBytes: 20 * MB },
  { id: 'wanx2.1-i2v-turbo', label: 'Wanx 2.1 Turbo', tiers: ['720P', '480P'], seconds: [5, 4, 3], durationParameter: true, maxPromptLength: 800, maxImageBytes: 10 * MB },
  { id: 'wanx2.1-i2v-plus', label: 'Wanx 2.1 Plus', tiers: ['720P'], seconds: [5], durationParameter: false, maxPromptLength: 800, maxImageBytes: 10 * MB },
];

function sizesOf(model: WanModel): string[] {
  return model.tiers.flatMap((tier) => [...WAN_TIER_SIZES[tier]]);
}

function capabilities(model: WanModel): ModelCapabilities {
  return {
    id: model.id,
    label: model.label,
    sizes: sizesOf(model),
    seconds: model.seconds,
    maxPromptLength: model.maxPromptLength,
    progress: false,
    cancel: false,
    remix: false,
    lastFrame: false,
    exactInputSize: false,
    maxImageBytes: model.maxImageBytes,
  };
}

/** The tier of a `WxH` size, if it is one of ours and the model allows it. */
export function wanTierFor(modelId: string, size: string): WanTier | undefined {
  const model = WAN_MODELS.find((m) => m.id === modelId);
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

/** Extra words for codes a user can act on. */
const CODE_ADVICE: Readonly<Record<string, string>> = {
  Arrearage: 'the Alibaba Cloud account has an overdue payment; settle it in the console',
  DataInspectionFailed: "DashScope's content moderation flagged the prompt or the image",
  'Throttling.RateQuota': 'too many requests per second',
  'Throttling.AllocationQuota': 'the free or allotted quota is used up',
  ModelNotFound: 'the model is not offered in this region or under this name',
};

/** `{"code","message","request_id"}`; the request id is kept in the message (http.ts reads request ids from headers only). */
const readDashScopeError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const code = typeof record.code === 'string' && record.code ? record.code : undefined;
  const advice = code ? CODE_ADVICE[code] : undefined;
  const parts = [typeof record.message === 'string' ? record.message : '', advice ? `(${advice})` : ''].filter((p) => p);
  if (typeof record.request_id === 'string' && record.request_id) parts.push(`[request ${record.request_id}]`);
  return { ...(parts.length > 0 ? { message: parts.join(' ') } : {}), ...(code ? { code } : {}) };
};

/** A PNG with an alpha channel, flattened onto white and re-encoded as JPEG (DashScope takes PNG only without alpha). */
async function withoutAlpha(image: PreparedImage): Promise<{ bytes: Uint8Array; mime: ImageMime }> {
  if (image.mime !== 'image/png' || !inspectImage(image.bytes).hasAlpha) return { bytes: image.bytes, mime: image.mime };
  const rgba = await decodeImage(image.bytes);
  const data = new Uint8Array(rgba.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const alpha = (rgba.data[i + 3] ?? 255) / 255;
    for (let c = 0; c < 3; c += 1) data[i + c] = Math.round((rgba.data[i + c] ?? 0) * alpha + 255 * (1 - alpha));
    data[i + 3] = 255;
  }
  return { bytes: await encodeImage({ width: rgba.width, height: rgba.height, data }, 'jpeg'), mime: 'image/jpeg' };
}

export function createDashScopeProvider(ctx: ProviderContext): VideoProvider {
  const options: DashScopeOptions = providerOptions(DashScopeOptionsSchema, ctx, 'dashscope');

  const info: ProviderInfo = {
    id: 'dashscope',
    label: 'Alibaba DashScope (Wan)',
    needsKey: true,
    keyEnv: ['DASHSCOPE_API_KEY'],
    defaultBaseUrl: DASHSCOPE_DEFAULT_BASE_URL,
    models: WAN_MODELS.map(capabilities),
  };
  const timeoutMs = options.timeoutMs ?? DASHSCOPE_DEFAULT_TIMEOUT_MS;
  const secrets = ctx.apiKey ? [ctx.apiKey] : [];
  const keyHint =
    `${keyHintFor(info.keyEnv)} ` +
    'DashScope keys belong to one region: the base URL must be that region (e.g. dashscope-intl.aliyuncs.com for Singapore).';
  const checkedBaseUrl = lazyBaseUrl(ctx, 'dashscope', (raw) => parseBaseUrl(raw, 'DashScope base URL', DASHSCOPE_DEFAULT_BASE_URL, `e.g. ${DASHSCOPE_DEFAULT_BASE_URL}`));
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const apiKey = (): string => requireKey(ctx, info.label, keyHint);
  const context = errorContexts(() => hostOr('dashscope.aliyuncs.com', () => checkedBaseUrl().host), keyHint, secrets);

  function modelOf(id: string): WanModel {
    const model = WAN_MODELS.find((m) => m.id === id);
    if (!model) throw new AnimateError('bad-input', `${info.label} has no model "${id}". Choose one of: ${WAN_MODELS.map((m) => m.id).join(', ')}.`);
    return model;
  }

  function checkRequest(request: PreparedRequest): { model: WanModel; tier: WanTier } {
    const model = modelOf(request.model);
    const size = formatSize(request.size);
    const tier = model.tiers.find((t) => WAN_TIER_SIZES[t].includes(size));
    if (!tier) {
      throw new AnimateError('bad-input', `${model.id} makes videos of ${sizesOf(model).join(', ')} (tiers ${model.tiers.join(', ')}), not ${size}.`);
    }
    if (!model.seconds.includes(request.seconds)) {
      throw new AnimateError('bad-input', `${model.id} makes clips of ${model.seconds.join(', ')} seconds, not ${request.seconds}.`);
    }
    if (request.prompt.length > model.maxPromptLength) {
      throw new AnimateError('bad-input', `The prompt has ${request.prompt.length} characters; ${model.id} takes at most ${model.maxPromptLength}.`);
    }
    if (request.lastFrame) throw new AnimateError('bad-input', `${info.label} animates from a first frame only; it cannot take a last frame.`);
    const { image } = request;
    if (Math.min(image.width, image.height) < MIN_SIDE || Math.max(image.width, image.height) > MAX_SIDE) {
      throw new AnimateError('bad-input', `The image is ${image.width}x${image.height}; DashScope needs each side between ${MIN_SIDE} and ${MAX_SIDE} pixels.`);
    }
    if (image.bytes.byteLength > model.maxImageBytes) {
      throw new AnimateError(
        'bad-input',
        `The encoded image is ${(image.bytes.byteLength / MB).toFixed(1)} MB; ${model.id} accepts at most ${model.maxImageBytes / MB} MB.`,
      );
    }
    return { model, tier };
  }

  return {
    info,

    async submit(request, signal) {
      const { model, tier } = checkRequest(request);
      const key = apiKey();
      const image = await withoutAlpha(request.image);
      if (image.bytes.byteLength > model.maxImageBytes) {
        throw new AnimateError('bad-input', `The image re-encoded without transparency is too large for ${model.id} (${model.maxImageBytes / MB} MB).`);
      }
      if (image.mime !== request.image.mime) ctx.log.info('dashscope: the PNG has an alpha channel; sending it flattened onto white as JPEG');
      const prompt = request.prompt.trim();
      const body = {
        model: model.id,
        input: { ...(prompt ? { prompt } : {}), img_url: dataUri(image) },
        parameters: {
          resolution: tier,
          ...(model.durationParameter ? { duration: request.seconds } : {}),
          prompt_extend: options.promptExtend ?? true,
          watermark: false,
        },
      };
      const size = formatSize(request.size);
      const sent = `model ${model.id}, ${size} → ${tier}, ${request.seconds} s, image ${request.image.width}x${request.image.height} ${image.mime}`;
      const started = Date.now();
      let reply: z.infer<typeof SubmitReplySchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/services/aigc/video-generation/video-synthesis`,
          { method: 'POST', headers: { authorization: `Bearer ${key}`, 'x-dashscope-async': 'enable' }, json: body, signal, timeoutMs },
          SubmitReplySchema,
          context('submit', {
            notFoundHint: `Check the base URL (${baseUrl()}) and that ${model.id} is offered in that region.`,
            badRequestHint: `(Sent ${sent}.)`,
          }),
          readDashScopeError,
        ));
      } catch (error) {
        throw submitFailure(error, signal, 'DashScope', 'The task may have been created; check the DashScope console before retrying — a retry is a new paid task.');
      }
      ctx.log.info(
        `dashscope: submitted ${reply.output.task_id} (${reply.output.task_status ?? '?'}; ${sent}) in ${Date.now() - started} ms` +
          (reply.request_id ? `, request ${reply.request_id}` : ''),
      );
      return { provider: info.id, id: reply.output.task_id, model: model.id, data: { size, seconds: String(request.seconds), resolution: tier } };
    },

    async poll(job, signal) {
      const { body } = await requestJson(
        `${baseUrl()}/tasks/${encodeURIComponent(job.id)}`,
        { headers: { authorization: `Bearer ${apiKey()}` }, signal, timeoutMs },
        TaskReplySchema,
        context('poll', { notFoundHint: `Check the base URL (${baseUrl()}): tasks live in the region that created them.` }),
        readDashScopeError,
      );
      const { output } = body;
      ctx.log.debug(`dashscope: ${job.id} ${output.task_status}${body.request_id ? `, request ${body.request_id}` : ''}`);
      return statusOf(job, output);
    },

    download(job, signal) {
      const expired = 'The link expires 24 h after the task finished; after that the video is gone and must be made again.';
      return downloadSignedLink(job, 'DashScope', expired, { keyHint, secrets }, signal);
    },
  };

  function statusOf(job: RemoteJob, output: z.infer<typeof TaskReplySchema>['output']): JobStatus {
    const said = output.message ? `: ${output.message}` : '';
    switch (output.task_status) {
      case 'PENDING':
        return { state: 'queued' };
      case 'RUNNING':
        return { state: 'running', pollAfterMs: DASHSCOPE_POLL_INTERVAL_MS };
      case 'SUCCEEDED':
        if (!output.video_url) return failedStatus(`DashScope reports task ${job.id} as done but gave no video link.`, 'NoVideoUrl');
        return succeededWith(job, { videoUrl: output.video_url });
      case 'FAILED': {
        const code = output.code || undefined;
        const reason =
          code === 'DataInspectionFailed'
            ? `DashScope's content moderation rejected the prompt, the image or the result (DataInspectionFailed)${said}. Change the prompt or the image.`
            : `DashScope failed the task${said}${code ? ` (${code})` : ''}.`;
        return failedStatus(reason, code);
      }
      case 'CANCELED':
        return { state: 'failed', reason: `DashScope task ${job.id} was cancelled.`, code: 'CANCELED' };
      case 'UNKNOWN':
        return {
          state: 'failed',
          reason: `DashScope says task ${job.id} is unknown: the task expired or does not exist (DashScope keeps tasks 24 h).`,
          code: 'UNKNOWN',
        };
      default:
        return unknownTaskStatus('DashScope', job, output.task_status);
    }
  }
}

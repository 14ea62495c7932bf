/**
 * ComfyUI on the user's own GPU (no key, no price): the image is uploaded, an API-format workflow with the request
 * filled into its placeholders is queued, and the MP4 its save node wrote is fetched.
 *
 * Contract and dated facts: docs/providers.md#13-comfyui--comfyui-server-on-the-users-gpu-no-key (routes read in
 * ComfyUI's server.py; node classes and inputs in comfy_extras/nodes_wan.py, nodes_lt.py, nodes_video.py).
 * `POST /upload/image` (multipart `image`, `type=input`) → `{name, subfolder, type}`; `POST /prompt` `{prompt,
 * client_id}` → `{prompt_id, number, node_errors}` or 400 `{error, node_errors}`; `GET /history/{id}` is `{}` until the
 * prompt ends, then `{id: {outputs, status: {status_str: success|error, messages}}}`; `GET /queue` →
 * `{queue_running, queue_pending}` (items `[number, prompt_id, …]`); `GET /view?filename&subfolder&type` streams a
 * file; `POST /queue {delete:[id]}` drops a waiting prompt, `POST /interrupt` stops the running one. History and queue
 * live in ComfyUI's memory only: after a ComfyUI restart a prompt is gone (its file may still be in the output folder).
 *
 * Models are workflows: two shipped templates (comfyui/*.json, bundled) and `workflow`, the user's own exported file
 * named by the `workflow` option. Placeholders: see comfyuiWorkflow.ts. The WebSocket progress feed is not used
 * (Node 20 has no WebSocket client built in); status comes from history and queue.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import { findModel } from '../request';
import { catalogInfo, live, refuseUnsupportedExtras, type CatalogModel, type ProviderCatalog } from './catalog';
import ltxVideoI2v from './comfyui/ltx-video-i2v.json';
import wanFlf2v from './comfyui/wan2.2-flf2v.json';
import wanI2v from './comfyui/wan2.2-i2v.json';
import {
  describeGaps,
  fillWorkflow,
  mp4Of,
  objectInfoSchema,
  parseWorkflow,
  placeholdersIn,
  requirePlaceholders,
  savedFiles,
  workflowGaps,
  type ApiWorkflow,
  type PlaceholderValues,
} from './comfyuiWorkflow';
import { runCheck } from './connectionCheck';
import { downloadStream, requestJson, requestOk, type ErrorBodyReader } from './http';
import { submitFailure } from './httpErrors';
import { lastFrameRefused, refuseLongPrompt, refuseSeconds, refuseSize } from './requestChecks';
import { failedStatus, succeededWith } from './jobStatus';
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
import { type PreparedImage } from '../image/prepare';
import { errorContexts, hostOr, lazyBaseUrl, parseBaseUrl, providerOptions } from './providerSetup';

export const COMFYUI_DEFAULT_BASE_URL = 'http://127.0.0.1:8188';
const DEFAULT_TIMEOUT_MS = 60_000;
const CHECKED = '2026-11-30';
const SOURCE =
  'https://github.com/comfyanonymous/ComfyUI (server.py; comfy_extras/nodes_wan.py, nodes_lt.py, nodes_video.py)';
/** The model id whose workflow is the user's own file (the `workflow` option). */
export const OWN_WORKFLOW_MODEL = 'workflow';

interface Templates {
  readonly first: ApiWorkflow;
  /** The variant animating between a first and a last frame. */
  readonly firstLast?: ApiWorkflow;
}

interface ComfyModel extends CatalogModel {
  /** Unset: the user's own workflow file. */
  readonly templates?: Templates;
  /** Frames per second of the model; `length` = seconds × fps + 1 (4n+1 for Wan at 16 fps, 8n+1 for LTX at 24). */
  readonly fps: number;
  /** Sent for `{{negative_prompt}}` when the user gives none. */
  readonly defaultNegativePrompt: string;
}

const range = (first: number, from: number, to: number): number[] => [
  first,
  ...Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => n !== first),
];

function comfyModel(
  id: string,
  label: () => string,
  more: Pick<ComfyModel, 'sizes' | 'seconds' | 'fps' | 'lastFrame' | 'note' | 'defaultNegativePrompt'> & {
    templates?: Templates;
  },
): ComfyModel {
  return {
    id,
    get label() {
      return label();
    },
    maxPromptLength: 10_000,
    progress: false,
    cancel: true,
    remix: false,
    // ComfyUI's own upload limit is --max-upload-size (100 MB by default); the image is fitted before it gets here.
    maxImageBytes: 50_000_000,
    extras: ['negativePrompt', 'seed'],
    prices: [{ usdPerSecond: 0 }],
    lifecycle: live,
    checked: CHECKED,
    source: SOURCE,
    ...more,
  };
}

/** The workflows offered; docs/providers.md has the same table and the model files each template loads. */
export const comfyUiCatalog: ProviderCatalog<ComfyModel> = {
  id: 'comfyui',
  get label() {
    return l10n.t('ComfyUI (your GPU)');
  },
  needsKey: false,
  keyEnv: [],
  defaultBaseUrl: COMFYUI_DEFAULT_BASE_URL,
  acceptsCustomModels: false,
  note: 'Runs on your own ComfyUI server: nothing is billed. Run "check" first: it lists node types and model files the workflow needs that ComfyUI lacks.',
  models: [
    comfyModel('wan2.2-i2v-14b', () => l10n.t('Wan 2.2 14B image-to-video'), {
      templates: {
        first: parseWorkflow(wanI2v, 'the Wan 2.2 template'),
        firstLast: parseWorkflow(wanFlf2v, 'the Wan 2.2 first-last-frame template'),
      },
      sizes: ['1280x720', '720x1280', '832x480', '480x832'],
      seconds: range(5, 2, 5),
      fps: 16,
      lastFrame: true,
      defaultNegativePrompt:
        'blurry, low quality, static, distorted, deformed, extra fingers, watermark, subtitles, text',
      note: 'Needs the Wan 2.2 I2V 14B high- and low-noise models (fp8_scaled), the umt5_xxl text encoder and the Wan 2.1 VAE: a large download and a large GPU.',
    }),
    comfyModel('ltx-video-2b', () => l10n.t('LTX-Video 2B 0.9.5 image-to-video'), {
      templates: { first: parseWorkflow(ltxVideoI2v, 'the LTX-Video template') },
      sizes: ['768x512', '512x768', '1216x704', '704x1216'],
      seconds: range(5, 2, 10),
      fps: 24,
      lastFrame: false,
      defaultNegativePrompt:
        'low quality, worst quality, deformed, distorted, motion smear, motion artifacts, fused fingers, bad anatomy',
      note: 'Needs ltx-video-2b-v0.9.5.safetensors and the t5xxl_fp16 text encoder; much lighter than Wan 2.2 14B.',
    }),
    comfyModel(OWN_WORKFLOW_MODEL, () => l10n.t('Your own ComfyUI workflow (the "workflow" option)'), {
      sizes: ['1280x720', '720x1280', '832x480', '480x832', '768x512', '512x768', '1024x1024'],
      seconds: range(5, 1, 10),
      fps: 16,
      lastFrame: true,
      defaultNegativePrompt: '',
      note: 'Set the comfyui "workflow" option to an API-format workflow file with {{image}}, {{prompt}}, {{width}}, {{height}} and {{length}} placeholders.',
    }),
  ],
};

export const ComfyUiOptionsSchema = z.object({
  /** Path of the user's API-format workflow (Workflow → Export (API)) used by the `workflow` model. */
  workflow: z.string().trim().min(1).optional(),
  /** Frames per second of that workflow (its `{{fps}}`, and `length` = seconds × fps + 1). */
  fps: z.number().int().min(1).max(120).optional(),
  /** Time allowed per request (not the generation, which is followed by polling). */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
});
export type ComfyUiOptions = z.infer<typeof ComfyUiOptionsSchema>;

const UploadReplySchema = z.looseObject({
  name: z.string().min(1),
  subfolder: z.string().optional(),
  type: z.string().optional(),
});
const PromptReplySchema = z.looseObject({ prompt_id: z.string().min(1), number: z.number().optional() });
const HistoryReplySchema = z.record(
  z.string(),
  z.looseObject({
    outputs: z.record(z.string(), z.unknown()).optional(),
    status: z
      .looseObject({
        status_str: z.string().optional(),
        completed: z.boolean().optional(),
        messages: z.array(z.unknown()).optional(),
      })
      .optional(),
  }),
);
type HistoryEntry = z.infer<typeof HistoryReplySchema>[string];
const QueueReplySchema = z.looseObject({
  queue_running: z.array(z.array(z.unknown())),
  queue_pending: z.array(z.array(z.unknown())),
});

/** `{error: {type, message, details} | "text", node_errors: {id: {errors: [...], class_type}}}` in one short line. */
const readComfyError: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as { error?: unknown; node_errors?: unknown };
  const error = record.error;
  const top =
    typeof error === 'string'
      ? { message: error }
      : typeof error === 'object' && error !== null
        ? (error as Record<string, unknown>)
        : {};
  const parts: string[] = [];
  const head = [top.message, top.details]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .map((p) => p.trim().replace(/\.+$/, ''))
    .join(': ');
  if (head) parts.push(head);
  if (typeof record.node_errors === 'object' && record.node_errors !== null) {
    for (const [id, value] of Object.entries(record.node_errors as Record<string, unknown>).slice(0, 4)) {
      const node = value as { errors?: unknown; class_type?: unknown };
      const first = Array.isArray(node.errors) ? (node.errors[0] as Record<string, unknown> | undefined) : undefined;
      const what = [first?.message, typeof first?.details === 'string' ? first.details.slice(0, 100) : undefined]
        .filter((p) => typeof p === 'string' && p)
        .join(': ');
      parts.push(`node ${id} ${typeof node.class_type === 'string' ? node.class_type : ''}${what ? ` — ${what}` : ''}`);
    }
  }
  const code = typeof top.type === 'string' ? top.type : undefined;
  return { ...(parts.length > 0 ? { message: parts.join('; ') } : {}), ...(code ? { code } : {}) };
};

/** The reason a finished prompt failed, from its `status.messages` (`[["execution_error", {...}], …]`). */
function failureOf(job: RemoteJob, entry: HistoryEntry): JobStatus {
  const messages = (entry.status?.messages ?? []).filter(
    (m): m is [string, Record<string, unknown>] => Array.isArray(m) && typeof m[0] === 'string',
  );
  const interrupted = messages.find(([kind]) => kind === 'execution_interrupted');
  if (interrupted)
    return failedStatus(
      l10n.t('ComfyUI prompt {0} was interrupted (cancelled) before it finished.', job.id),
      'execution_interrupted',
    );
  const error = messages.find(([kind]) => kind === 'execution_error')?.[1];
  if (error) {
    const node = [
      typeof error.node_type === 'string' ? error.node_type : '',
      typeof error.node_id === 'string' ? l10n.t('node {0}', error.node_id) : '',
    ]
      .filter((p) => p)
      .join(', ');
    const said =
      typeof error.exception_message === 'string'
        ? error.exception_message.trim().replace(/\.+$/, '')
        : l10n.t('no message');
    const type = typeof error.exception_type === 'string' ? error.exception_type : 'execution_error';
    const memory = /out of memory|OutOfMemory/i.test(`${said} ${type}`)
      ? ` ${l10n.t('The GPU ran out of memory: try a smaller size or fewer seconds.')}`
      : '';
    const failed = node
      ? l10n.t('ComfyUI failed the workflow at {0}: {1}.', node, said)
      : l10n.t('ComfyUI failed the workflow: {0}.', said);
    return failedStatus(`${failed}${memory}`, type);
  }
  return failedStatus(
    l10n.t('ComfyUI reports prompt {0} as "{1}" without a reason.', job.id, entry.status?.status_str ?? 'unknown'),
    entry.status?.status_str,
  );
}

export function createComfyUiProvider(ctx: ProviderContext): VideoProvider {
  const options: ComfyUiOptions = providerOptions(ComfyUiOptionsSchema, ctx, 'comfyui');
  const info: ProviderInfo = catalogInfo(comfyUiCatalog);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const checkedBaseUrl = lazyBaseUrl(
    ctx,
    'comfyui',
    (raw) =>
      parseBaseUrl(
        raw,
        l10n.t('{0} base URL', 'ComfyUI'),
        COMFYUI_DEFAULT_BASE_URL,
        l10n.t('e.g. {0}', COMFYUI_DEFAULT_BASE_URL),
      ),
    'upload',
  );
  const baseUrl = (): string => checkedBaseUrl().href.replace(/\/+$/, '');
  const hint = l10n.t(
    'ComfyUI needs no key; check that it is running at the base URL ({0} or {1}).',
    'COMFYUI_BASE_URL',
    '--base-url',
  );
  const context = errorContexts(() => hostOr('127.0.0.1:8188', () => checkedBaseUrl().host), hint, []);
  /** Identifies this client to ComfyUI (its WebSocket messages and queue entries carry it). */
  const clientId = `animate-image-${randomBytes(8).toString('hex')}`;

  function modelOf(id: string): ComfyModel {
    const capabilities = findModel({ ...info, retiredModels: [] }, id);
    const model = comfyUiCatalog.models.find((m) => m.id === capabilities.id);
    if (!model)
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'ComfyUI has no workflow "{0}"; choose one of {1}.',
          id,
          comfyUiCatalog.models.map((m) => m.id).join(', '),
        ),
      );
    return model;
  }

  /** The user's workflow file, read on each use so an edited file needs no restart. */
  async function ownWorkflow(): Promise<{ workflow: ApiWorkflow; where: string }> {
    if (!options.workflow) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'The "workflow" model runs your own ComfyUI workflow: set the comfyui "workflow" option (CLI: {0}) to the file ComfyUI wrote with Workflow → Export (API).',
          'COMFYUI_WORKFLOW',
        ),
      );
    }
    const path = resolve(options.workflow);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'Cannot read the ComfyUI workflow {0}: {1}.',
          path,
          (error as NodeJS.ErrnoException).code ?? String(error),
        ),
        { cause: error },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AnimateError(
        'bad-input',
        l10n.t('The ComfyUI workflow {0} is not JSON. Export it with Workflow → Export (API).', path),
      );
    }
    const where = l10n.t('The workflow {0}', path);
    const workflow = parseWorkflow(json, where);
    requirePlaceholders(workflow, where);
    return { workflow, where };
  }

  /** Every workflow a model may queue (both variants of a template), for `check`. */
  async function workflowsOf(model: ComfyModel): Promise<ApiWorkflow[]> {
    if (!model.templates) return [(await ownWorkflow()).workflow];
    return [model.templates.first, ...(model.templates.firstLast ? [model.templates.firstLast] : [])];
  }

  /** The workflow for this request, refusing what it cannot honour before anything is sent. */
  async function workflowFor(model: ComfyModel, request: PreparedRequest): Promise<ApiWorkflow> {
    refuseSize(model, formatSize(request.size));
    refuseSeconds(model, request.seconds, 'ascending');
    refuseLongPrompt(request.prompt, model.id, model.maxPromptLength);
    refuseUnsupportedExtras(request, model, info.label);
    if (model.templates) {
      if (!request.lastFrame) return model.templates.first;
      if (model.templates.firstLast) return model.templates.firstLast;
      throw lastFrameRefused(
        model.id,
        comfyUiCatalog.models.filter((m) => m.lastFrame).map((m) => m.id),
      );
    }
    const { workflow, where } = await ownWorkflow();
    const present = placeholdersIn(workflow);
    if (request.lastFrame && !present.has('last_image'))
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} has no {1} placeholder, so it cannot take a last frame.', where, '{{last_image}}'),
      );
    if (!request.lastFrame && present.has('last_image'))
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} has a {1} placeholder: give a last frame too.', where, '{{last_image}}'),
      );
    if (request.extras?.negativePrompt !== undefined && !present.has('negative_prompt')) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} has no {1} placeholder, so the negative prompt would be ignored; remove it or add the placeholder.',
          where,
          '{{negative_prompt}}',
        ),
      );
    }
    if (request.extras?.seed !== undefined && !present.has('seed')) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          '{0} has no {1} placeholder, so the seed would be ignored; remove it or add the placeholder.',
          where,
          '{{seed}}',
        ),
      );
    }
    return workflow;
  }

  async function upload(image: PreparedImage, role: string, signal: AbortSignal): Promise<string> {
    const extension = image.mime === 'image/png' ? 'png' : image.mime === 'image/webp' ? 'webp' : 'jpg';
    // A name of our own: ComfyUI would otherwise rename a same-named different file to "name (1).png".
    const name = `animate-image-${role}-${randomBytes(6).toString('hex')}.${extension}`;
    const form = new FormData();
    form.append('image', new Blob([image.bytes.slice()], { type: image.mime }), name);
    form.append('type', 'input');
    const { body } = await requestJson(
      `${baseUrl()}/upload/image`,
      { method: 'POST', form, signal, timeoutMs },
      UploadReplySchema,
      context('poll'),
      readComfyError,
    );
    // LoadImage takes "subfolder/name" for a file in a subfolder of the input folder.
    return body.subfolder ? `${body.subfolder}/${body.name}` : body.name;
  }

  async function queue(signal: AbortSignal): Promise<z.infer<typeof QueueReplySchema>> {
    return (
      await requestJson(`${baseUrl()}/queue`, { signal, timeoutMs }, QueueReplySchema, context('poll'), readComfyError)
    ).body;
  }

  async function historyOf(job: RemoteJob, signal: AbortSignal): Promise<HistoryEntry | undefined> {
    const { body } = await requestJson(
      `${baseUrl()}/history/${encodeURIComponent(job.id)}`,
      { signal, timeoutMs },
      HistoryReplySchema,
      context('poll'),
      readComfyError,
    );
    return body[job.id];
  }

  function finished(job: RemoteJob, entry: HistoryEntry): JobStatus {
    if (entry.status?.status_str !== undefined && entry.status.status_str !== 'success') return failureOf(job, entry);
    const files = savedFiles(entry.outputs ?? {});
    const mp4 = mp4Of(files);
    if (!mp4) {
      return failedStatus(
        files.length > 0
          ? l10n.t(
              "ComfyUI finished prompt {0} but it saved {1}, and only an MP4 can be used. Make the workflow's save node write MP4 (SaveVideo with format auto or mp4, or VHS_VideoCombine with video/h264-mp4).",
              job.id,
              files.map((f) => f.filename).join(', '),
            )
          : l10n.t(
              "ComfyUI finished prompt {0} but it saved no file, and only an MP4 can be used. Make the workflow's save node write MP4 (SaveVideo with format auto or mp4, or VHS_VideoCombine with video/h264-mp4).",
              job.id,
            ),
        'not-mp4',
      );
    }
    return succeededWith(job, { filename: mp4.filename, subfolder: mp4.subfolder, fileType: mp4.type });
  }

  return {
    info,

    async submit(request, signal) {
      const model = modelOf(request.model);
      const workflow = await workflowFor(model, request);
      const fps = model.templates ? model.fps : (options.fps ?? model.fps);
      const seed = request.extras?.seed ?? randomInt(0, 2 ** 31 - 1);
      const image = await upload(request.image, 'first', signal);
      const lastImage = request.lastFrame ? await upload(request.lastFrame, 'last', signal) : undefined;
      const values: PlaceholderValues = {
        image,
        ...(lastImage ? { last_image: lastImage } : {}),
        prompt: request.prompt,
        negative_prompt: request.extras?.negativePrompt ?? model.defaultNegativePrompt,
        seed,
        width: request.size.width,
        height: request.size.height,
        length: request.seconds * fps + 1,
        fps,
      };
      const prompt = fillWorkflow(workflow, values);
      const size = formatSize(request.size);
      const sent = `${model.id}, ${size}, ${request.seconds} s (${values.length} frames at ${fps} fps), seed ${seed}${lastImage ? ', last frame' : ''}`;
      let reply: z.infer<typeof PromptReplySchema>;
      try {
        ({ body: reply } = await requestJson(
          `${baseUrl()}/prompt`,
          { method: 'POST', json: { prompt, client_id: clientId }, signal, timeoutMs },
          PromptReplySchema,
          context('submit', {
            badRequestHint: l10n.t(
              '(Sent {0}.) Run "check" for ComfyUI to list missing node types and model files.',
              sent,
            ),
          }),
          readComfyError,
        ));
      } catch (error) {
        throw submitFailure(
          error,
          signal,
          'ComfyUI',
          l10n.t('The prompt may have been queued: look at the ComfyUI queue before running it again.'),
        );
      }
      ctx.log.info(`comfyui: queued prompt ${reply.prompt_id} (${sent})`);
      return {
        provider: info.id,
        id: reply.prompt_id,
        model: model.id,
        data: {
          clientId,
          size,
          seconds: String(request.seconds),
          seed: String(seed),
          image,
          ...(lastImage ? { lastImage } : {}),
        },
      };
    },

    async poll(job, signal) {
      const entry = await historyOf(job, signal);
      if (entry) return finished(job, entry);
      const { queue_running: running, queue_pending: pending } = await queue(signal);
      if (running.some((item) => item[1] === job.id)) return { state: 'running' };
      const position = pending
        .map((item) => ({ number: typeof item[0] === 'number' ? item[0] : 0, id: item[1] }))
        .sort((a, b) => a.number - b.number)
        .findIndex((item) => item.id === job.id);
      if (position >= 0) {
        ctx.log.debug(`comfyui: ${job.id} waiting, ${position + running.length} prompt(s) ahead`);
        return { state: 'queued' };
      }
      // It may have ended between the two reads.
      const late = await historyOf(job, signal);
      if (late) return finished(job, late);
      return failedStatus(
        l10n.t(
          "ComfyUI no longer knows prompt {0}: it was restarted, or its history was cleared (ComfyUI keeps both in memory only). If the prompt had finished, its video is in ComfyUI's output folder.",
          job.id,
        ),
        'unknown-prompt',
      );
    },

    async download(job, signal) {
      const filename = job.data?.filename;
      if (!filename)
        throw new AnimateError(
          'provider',
          l10n.t('No output file is known for ComfyUI prompt {0}; check its status first.', job.id),
        );
      const query = new URLSearchParams({
        filename,
        subfolder: job.data?.subfolder ?? '',
        type: job.data?.fileType ?? 'output',
      });
      const where = `${job.data?.subfolder ? `${job.data.subfolder}/` : ''}${filename}`;
      return downloadStream(
        `${baseUrl()}/view?${query.toString()}`,
        { signal },
        context('download', {
          notFoundHint: l10n.t(
            'ComfyUI no longer has {0} in its output folder (moved or deleted); the video must be made again.',
            where,
          ),
        }),
        readComfyError,
      );
    },

    /** A waiting prompt is deleted from the queue; the running one is interrupted (the GPU stops). */
    async cancel(job) {
      const signal = new AbortController().signal;
      const { queue_running: running, queue_pending: pending } = await queue(signal);
      if (pending.some((item) => item[1] === job.id)) {
        await requestOk(
          `${baseUrl()}/queue`,
          { method: 'POST', json: { delete: [job.id] }, signal, timeoutMs },
          context('cancel'),
          readComfyError,
        );
        ctx.log.info(`comfyui: removed ${job.id} from the queue`);
        return;
      }
      if (running.some((item) => item[1] === job.id)) {
        // `/interrupt` stops whatever runs; it is sent only after the queue showed that this prompt runs. Newer ComfyUI
        // also reads `prompt_id` and skips the interrupt if another prompt runs by then (docs/providers.md §13).
        await requestOk(
          `${baseUrl()}/interrupt`,
          { method: 'POST', json: { prompt_id: job.id }, signal, timeoutMs },
          context('cancel'),
          readComfyError,
        );
        ctx.log.info(`comfyui: interrupted ${job.id}`);
        return;
      }
      ctx.log.info(`comfyui: ${job.id} is neither waiting nor running; nothing to cancel`);
    },

    /** `GET /object_info`: lists the node types and model files the model's workflow needs that ComfyUI lacks. */
    async check(modelId, signal): Promise<ConnectionCheck> {
      const host = hostOr('127.0.0.1:8188', () => checkedBaseUrl().host);
      const model = modelId ?? info.models[0]?.id;
      return runCheck({ provider: info.id, model, endpoint: `${host}/object_info` }, false, async () => {
        const { body } = await requestJson(
          `${baseUrl()}/object_info`,
          { signal, timeoutMs },
          objectInfoSchema,
          context('poll'),
          readComfyError,
        );
        if (model === undefined) return {};
        let workflows: ApiWorkflow[];
        try {
          workflows = await workflowsOf(modelOf(model));
        } catch (error) {
          // ComfyUI answered; what is wrong is the model or the workflow file, said as such.
          if (error instanceof AnimateError && error.kind === 'bad-input')
            return { modelAvailable: false, problem: error.message };
          throw error;
        }
        const problems = [...new Set(workflows.map((w) => describeGaps(workflowGaps(w, body))).filter((p) => p))];
        return problems.length > 0 ? { modelAvailable: false, problem: problems.join(' ') } : { modelAvailable: true };
      });
    },
  };
}

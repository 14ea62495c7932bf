/**
 * AOG (Intel's AIPC Open Gateway): a local gateway that forwards image-to-video to Alibaba DashScope (Wan 2.2)
 * with the cloud key it holds itself, so this client sends no key.
 *
 * Contract and dated facts: docs/providers.md#4-aog--intel-aipc-open-gateway. Archived by Intel (2026-08-23); kept
 * for users who still run it.
 * - Health first: `GET /health` (v0.5–v0.7; `{"status":"UP"}` or `{"data":{"status":"UP"}}`), then the early
 *   `GET /aog/v0.2/health`.
 * - `POST /aog/v0.2/services/image-to-video` `{"model","image","image_type","prompt"}` is SYNCHRONOUS: AOG submits the
 *   DashScope task and polls it itself, answering `{"id","data":"<signed MP4 URL>"}` — or `{"id"}` without `data`
 *   when the cloud task failed or outlived AOG's ~50 s of polling. No task id or progress is exposed.
 * - The MP4 is a plain GET of the `data` URL (no auth).
 *
 * To fit the submit → poll → download shape, `submit` starts the POST in the background (kept in a module-level map
 * under a generated id) and returns at once; `poll` reports `running` until the POST settles. Consequences:
 * - `cancel` only aborts the local HTTP request: the DashScope task AOG started may still run (and be billed).
 * - A job cannot be resumed after this process restarts (unless its video URL was already known).
 * - The gateway fixes the resolution at 1080P and follows the image's aspect ratio; the sizes offered are the 1080P
 *   16:9 / 9:16 shapes the core fits the image to, and the duration is fixed at 5 s.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError, errorMessage } from '../errors';
import { catalogInfo, live, refuseUnsupportedExtras, type CatalogModel, type ProviderCatalog } from './catalog';
import { runCheck } from './connectionCheck';
import { dataUri } from './dataUri';
import { downloadStream, requestJson, type ErrorBodyReader } from './http';
import { cleanServerText, describeCause, type HttpErrorContext, type HttpOperation } from './httpErrors';
import { refuseLongPrompt } from './requestChecks';
import { failedStatus, succeededWith } from './jobStatus';
import {
  type ConnectionCheck,
  type PreparedRequest,
  type ProviderContext,
  type ProviderInfo,
  type VideoProvider,
} from './provider';
import { formatSize, type ImageMime } from '../types';
import { providerOptions } from './providerSetup';

export const AOG_ID = 'aog';
export const AOG_DEFAULT_BASE_URL = 'http://127.0.0.1:16688';
export const AOG_MODEL = 'wan2.2-i2v-plus';
/**
 * AOG always asks DashScope for 1080P (its template fixes `"resolution":"1080P"`), and the output follows the image's
 * aspect: only the 1080P shapes are offered, since a 720p choice would still be made — and billed — as 1080P.
 */
export const AOG_SIZES = ['1920x1080', '1080x1920'] as const;
/** What a user must know before choosing AOG. */
export const AOG_NOTE =
  'Intel archived AOG on 2026-08-23 (no more fixes). It gives up on the cloud task after about 50 s (100 polls of 500 ms) ' +
  'while most Wan jobs take 1–5 minutes, so many jobs end without a video yet are billed; the output is always 1080P.';
/** wan2.2-i2v-plus makes 5 s clips only (§4.2), and AOG passes no duration. */
export const AOG_SECONDS = [5] as const;
/** DashScope truncates wan2.2 prompts beyond 800 characters; refuse instead of silently cutting. */
export const AOG_MAX_PROMPT_LENGTH = 800;
/** DashScope's limit for wan2.2 input images. */
export const AOG_MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * Time allowed for the synchronous call. Real AOG gives up polling DashScope after ~50 s, so it answers well within
 * this. Note: Node's built-in fetch also stops waiting for response headers after 300 s, whatever this says.
 */
export const AOG_DEFAULT_TIMEOUT_MS = 600_000;
const HEALTH_TIMEOUT_MS = 5_000;
/** Checking a running call costs nothing (it is a map lookup), so the runner may ask often. */
const RUNNING_POLL_AFTER_MS = 2_000;

/** Provider options (`ctx.options`), validated when the provider is created. */
export const AogOptionsSchema = z.object({
  /** Time allowed for the synchronous image-to-video call. */
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
  /** How the image travels: `auto` = a temp-file path when the gateway is on this machine, else a base64 data URI. */
  imageType: z.enum(['auto', 'path', 'base64']).optional(),
});
export type AogOptions = z.infer<typeof AogOptionsSchema>;

const ReplySchema = z.looseObject({
  id: z.string().nullish(),
  data: z.unknown().optional(),
  message: z.unknown().optional(),
});

type CallOutcome =
  | { readonly state: 'running' }
  | { readonly state: 'succeeded'; readonly videoUrl: string }
  | { readonly state: 'failed'; readonly reason: string; readonly code?: string }
  | { readonly state: 'cancelled' };

interface Call {
  readonly controller: AbortController;
  outcome: CallOutcome;
}

/** Calls in flight or settled but not yet reported, by generated job id. Module-level: shared by every provider instance. */
const calls = new Map<string, Call>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"business_code":<int>,"message":"…"}`; the business code becomes the error code. */
export const readAogErrorBody: ErrorBodyReader = (body) => {
  if (!isRecord(body)) return {};
  const message = typeof body.message === 'string' && body.message.trim() ? body.message : undefined;
  const raw = body.business_code ?? body.code;
  const code = typeof raw === 'number' || (typeof raw === 'string' && raw !== '') ? String(raw) : undefined;
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
};

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `path` when the gateway runs on this machine (it can read our temp file), else `base64`; an option can force either. */
export function aogImageTransport(gateway: string, option: AogOptions['imageType'] = 'auto'): 'path' | 'base64' {
  if (option !== 'auto') return option;
  try {
    return isLoopbackHost(new URL(gateway).hostname) ? 'path' : 'base64';
  } catch {
    return 'base64';
  }
}

/** `http://localhost:16688/`, `…/aog/v0.2` and a pasted service URL all name the same gateway root. */
export function resolveAogBaseUrl(raw: string | undefined): { root: string; host: string } {
  const text = raw?.trim() || AOG_DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AnimateError(
      'bad-input',
      l10n.t('The AOG base URL "{0}" is not a valid URL (expected e.g. {1}).', text, AOG_DEFAULT_BASE_URL),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AnimateError(
      'bad-input',
      l10n.t('The AOG base URL "{0}" must start with http:// (e.g. {1}).', text, AOG_DEFAULT_BASE_URL),
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/aog(\/v[\d.]+(\/services(\/image-to-video)?)?)?$/i, '');
  return { root: `${url.origin}${path}`, host: url.host };
}

function healthStatus(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.status === 'string') return body.status;
  if (isRecord(body.data) && typeof body.data.status === 'string') return body.data.status;
  return undefined;
}

const EXTENSIONS: Record<ImageMime, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' };

const capabilities: CatalogModel = {
  id: AOG_MODEL,
  get label() {
    return l10n.t('Wan 2.2 image-to-video plus (via AOG, 1080P, 5 s)');
  },
  sizes: AOG_SIZES,
  seconds: AOG_SECONDS,
  maxPromptLength: AOG_MAX_PROMPT_LENGTH,
  progress: false,
  cancel: true,
  remix: false,
  lastFrame: false,
  maxImageBytes: AOG_MAX_IMAGE_BYTES,
  extras: [],
  // Billed by DashScope to the gateway's own account; its price there is unconfirmed.
  prices: [],
  lifecycle: live,
  checked: '2026-11-30',
  source:
    'https://github.com/intel/aog (README, internal/schedule/invoke.go, internal/provider/template/aliyun.yaml at 7c90993)',
  note: AOG_NOTE,
};

/** Intel's gateway, archived upstream; kept for users who still run it. docs/providers.md has the same table. */
export const aogCatalog: ProviderCatalog = {
  id: AOG_ID,
  get label() {
    return l10n.t('AOG (AIPC Open Gateway) — archived by Intel');
  },
  needsKey: false,
  keyEnv: [],
  defaultBaseUrl: AOG_DEFAULT_BASE_URL,
  acceptsCustomModels: false,
  lifecycle: { state: 'deprecated', date: '2026-08-23' },
  note: AOG_NOTE,
  models: [capabilities],
};

export function createAogProvider(ctx: ProviderContext): VideoProvider {
  const options: AogOptions = providerOptions(AogOptionsSchema, ctx, AOG_ID);
  const timeoutMs = options.timeoutMs ?? AOG_DEFAULT_TIMEOUT_MS;

  const info: ProviderInfo = catalogInfo(aogCatalog);

  function errorContext(
    host: string,
    operation: HttpOperation,
    extra: Partial<HttpErrorContext> = {},
  ): HttpErrorContext {
    return {
      host,
      operation,
      keyHint: l10n.t('AOG itself takes no key; a proxy in front of it may want one.'),
      secrets: [],
      ...extra,
    };
  }

  /** Resolves when the gateway says it is UP; otherwise a 'network' error telling the user to start AOG. */
  async function checkHealth(gateway: { root: string; host: string }, signal: AbortSignal): Promise<void> {
    const problems: string[] = [];
    for (const path of ['/health', '/aog/v0.2/health']) {
      try {
        const { body } = await requestJson(
          `${gateway.root}${path}`,
          { signal, timeoutMs: HEALTH_TIMEOUT_MS },
          z.unknown(),
          errorContext(gateway.host, 'poll'),
          readAogErrorBody,
        );
        const status = healthStatus(body);
        if (status?.toUpperCase() === 'UP') {
          ctx.log.debug(`${AOG_ID}: ${gateway.root}${path} is UP`);
          return;
        }
        problems.push(
          status ? l10n.t('{0} says status {1}', path, status) : l10n.t('{0} says nothing about its status', path),
        );
      } catch (error) {
        if (signal.aborted)
          throw new AnimateError('cancelled', l10n.t('Cancelled while checking that AOG is running.'), {
            cause: error,
          });
        if (error instanceof AnimateError && error.kind === 'rate-limit') throw error;
        if (error instanceof AnimateError && error.kind === 'network') {
          problems.push(describeCause(error.cause ?? error, []));
          break; // nothing listens: the second path cannot answer either
        }
        const status = error instanceof AnimateError ? error.details.status : undefined;
        if (status !== undefined && status >= 200 && status < 300)
          problems.push(l10n.t("{0} answered with something that is not AOG's health reply", path));
        else if (status !== undefined) problems.push(l10n.t('{0} answered HTTP {1}', path, status));
        else problems.push(`${path}: ${errorMessage(error)}`);
      }
    }
    throw new AnimateError(
      'network',
      l10n.t(
        'AOG is not running at {0}: start the AOG service ({1}) or set the AOG base URL. (Health check: {2}.)',
        gateway.root,
        '`aog server start`',
        problems.join('; '),
      ),
    );
  }

  /** A failed POST in plain words; the gateway's own message for the documented business codes. */
  function failureOf(error: unknown, model: string): { reason: string; code?: string } {
    if (!(error instanceof AnimateError)) {
      return { reason: l10n.t('AOG call failed unexpectedly: {0}', errorMessage(error)) };
    }
    const code = error.details.code ?? (error.details.status !== undefined ? String(error.details.status) : undefined);
    const withCode = (reason: string) => ({ reason, ...(code ? { code } : {}) });
    if (error.details.status === 404 && (code === '10011' || /service not found/i.test(error.message))) {
      return withCode(
        l10n.t(
          'AOG has no image-to-video service installed: run {0} (AOG needs a DashScope key for it), then try again.',
          '`aog install image-to-video`',
        ),
      );
    }
    if (error.details.status === 404 && (code === '30003' || /model not exist/i.test(error.message))) {
      return withCode(
        l10n.t(
          'AOG does not have the model "{0}" (model not exist): install it for the image-to-video service or choose {1}.',
          model,
          AOG_MODEL,
        ),
      );
    }
    if (error.details.status === 404 && (code === '40001' || code === '40010')) {
      return withCode(
        l10n.t(
          'AOG has no provider for image-to-video ({0}); check the service with {1}.',
          error.message,
          '`aog get services`',
        ),
      );
    }
    return withCode(error.message);
  }

  /** The POST, run in the background: settles `call.outcome` (after the temp file is gone), never rejects. */
  async function runCall(
    id: string,
    call: Call,
    target: string,
    host: string,
    body: Record<string, string>,
    signal: AbortSignal,
    tempDir?: string,
  ) {
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    let outcome: CallOutcome;
    try {
      const { body: reply } = await requestJson(
        target,
        { method: 'POST', json: body, signal, timeoutMs },
        ReplySchema,
        errorContext(host, 'submit', {
          notFoundHint: l10n.t(
            'Is this an AOG gateway with the image-to-video service ({0})?',
            '`aog install image-to-video`',
          ),
          badRequestHint: l10n.t('(sent model {0}, image_type {1}.)', body.model ?? '', body.image_type ?? ''),
        }),
        readAogErrorBody,
      );
      const data = reply.data;
      if (typeof data !== 'string' || data.trim() === '') {
        const reason =
          typeof reply.message === 'string' && reply.message.trim()
            ? l10n.t(
                'the gateway returned no video: the cloud task failed or timed out (AOG polls DashScope for only ~50 s) (AOG said: {0}).',
                cleanServerText(reply.message, [], 200),
              )
            : l10n.t(
                'the gateway returned no video: the cloud task failed or timed out (AOG polls DashScope for only ~50 s).',
              );
        outcome = { state: 'failed', reason, code: 'no_data' };
      } else if (!/^https?:\/\//i.test(data.trim())) {
        outcome = {
          state: 'failed',
          reason: l10n.t('AOG returned "{0}" where a video URL was expected.', cleanServerText(data, [], 80)),
          code: 'bad_data',
        };
      } else {
        outcome = { state: 'succeeded', videoUrl: data.trim() };
      }
      ctx.log.info(`${AOG_ID}: ${id} answered after ${seconds()} s (${outcome.state}, AOG id ${reply.id ?? 'none'})`);
    } catch (error) {
      if (signal.aborted) {
        outcome = { state: 'cancelled' };
        ctx.log.info(`${AOG_ID}: ${id} aborted after ${seconds()} s`);
      } else {
        const failure = failureOf(error, body.model ?? AOG_MODEL);
        outcome = { state: 'failed', ...failure };
        ctx.log.warn(`${AOG_ID}: ${id} failed after ${seconds()} s: ${failure.reason}`);
      }
    }
    if (tempDir) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    if (call.outcome.state === 'running') call.outcome = outcome;
  }

  function checkRequest(request: PreparedRequest): void {
    const size = formatSize(request.size);
    if (!(AOG_SIZES as readonly string[]).includes(size)) {
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} makes videos shaped {1} (always 1080P), not {2}.', info.label, AOG_SIZES.join(', '), size),
      );
    }
    if (!(AOG_SECONDS as readonly number[]).includes(request.seconds)) {
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} makes {1} s clips only, not {2} s.', info.label, AOG_SECONDS.join(', '), request.seconds),
      );
    }
    refuseLongPrompt(request.prompt, info.label, AOG_MAX_PROMPT_LENGTH);
    if (request.lastFrame)
      throw new AnimateError(
        'bad-input',
        l10n.t('{0} cannot take a last frame; send only the first image.', info.label),
      );
    refuseUnsupportedExtras(request, capabilities, info.label);
    if (request.image.bytes.byteLength > AOG_MAX_IMAGE_BYTES) {
      throw new AnimateError(
        'bad-input',
        l10n.t(
          'The encoded image is {0} MB; DashScope takes at most {1} MB.',
          (request.image.bytes.byteLength / 1048576).toFixed(1),
          AOG_MAX_IMAGE_BYTES / 1048576,
        ),
      );
    }
  }

  return {
    info,

    async submit(request, signal) {
      checkRequest(request);
      const gateway = resolveAogBaseUrl(ctx.baseUrl);
      await checkHealth(gateway, signal);
      signal.throwIfAborted();

      const transport = aogImageTransport(gateway.root, options.imageType);
      const { image } = request;
      let tempDir: string | undefined;
      let imageValue: string;
      if (transport === 'path') {
        try {
          tempDir = await mkdtemp(join(tmpdir(), 'animate-image-aog-'));
          imageValue = join(tempDir, `input${EXTENSIONS[image.mime]}`);
          await writeFile(imageValue, image.bytes);
        } catch (error) {
          if (tempDir) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
          throw new AnimateError(
            'io',
            l10n.t('Could not write the image for AOG to a temp file: {0}', errorMessage(error)),
            { cause: error },
          );
        }
      } else {
        imageValue = dataUri(image);
      }
      const body: Record<string, string> = {
        model: request.model,
        image: imageValue,
        image_type: transport,
        ...(request.prompt.trim() ? { prompt: request.prompt } : {}),
      };

      const id = `aog_${randomUUID()}`;
      const call: Call = { controller: new AbortController(), outcome: { state: 'running' } };
      calls.set(id, call);
      const linked = AbortSignal.any([signal, call.controller.signal]);
      void runCall(id, call, `${gateway.root}/aog/v0.2/services/image-to-video`, gateway.host, body, linked, tempDir);
      ctx.log.info(
        `${AOG_ID}: started ${id} at ${gateway.root} (model ${request.model}, image ${image.width}x${image.height} ${image.mime} as ${transport}, ` +
          `timeout ${Math.round(timeoutMs / 1000)} s)`,
      );
      return { provider: info.id, id, model: request.model, data: { imageType: transport } };
    },

    async poll(job) {
      if (job.data?.videoUrl) return { state: 'succeeded' };
      const call = calls.get(job.id);
      if (!call) {
        return failedStatus(
          l10n.t('AOG jobs cannot be resumed after a restart; run it again (this may bill the cloud account again)'),
          'not_resumable',
        );
      }
      const outcome = call.outcome;
      switch (outcome.state) {
        case 'running':
          return { state: 'running', pollAfterMs: RUNNING_POLL_AFTER_MS };
        case 'succeeded':
          calls.delete(job.id);
          return succeededWith(job, { videoUrl: outcome.videoUrl });
        case 'failed':
          calls.delete(job.id);
          return failedStatus(outcome.reason, outcome.code);
        case 'cancelled':
          calls.delete(job.id);
          return failedStatus(
            l10n.t('The AOG call was cancelled here (the cloud task AOG started may still run).'),
            'cancelled',
          );
      }
    },

    async download(job, signal) {
      const videoUrl = job.data?.videoUrl;
      if (!videoUrl)
        throw new AnimateError(
          'provider',
          l10n.t('AOG job {0} has no video URL yet; it must succeed before it can be downloaded.', job.id),
        );
      let host: string;
      try {
        host = new URL(videoUrl).host;
      } catch {
        throw new AnimateError(
          'provider',
          l10n.t('AOG returned a video URL that is not valid: "{0}".', cleanServerText(videoUrl, [], 80)),
        );
      }
      try {
        return await downloadStream(
          videoUrl,
          { signal },
          errorContext(host, 'download', {
            notFoundHint: l10n.t('The video link may have expired (DashScope keeps results about 24 h).'),
          }),
          readAogErrorBody,
        );
      } catch (error) {
        if (signal.aborted && !(error instanceof AnimateError))
          throw new AnimateError('cancelled', l10n.t('Cancelled while downloading the video.'), { cause: error });
        if (error instanceof AnimateError && error.details.status === 403) {
          throw new AnimateError(
            'provider',
            l10n.t(
              'The AOG video link was refused (403); it has probably expired (links last about 24 h). Run it again.',
            ),
            error.details,
          );
        }
        throw error;
      }
    },

    /** Local cancel only: aborts the HTTP call to AOG. The DashScope task AOG already started may still finish and be billed. */
    async cancel(job) {
      const call = calls.get(job.id);
      if (!call) return;
      if (call.outcome.state !== 'running') return;
      // The entry stays until the next poll, which reports the cancellation.
      call.outcome = { state: 'cancelled' };
      call.controller.abort(new AnimateError('cancelled', l10n.t('Cancelled by the user.')));
      ctx.log.info(`${AOG_ID}: aborted the call for ${job.id} (the cloud task may still run)`);
    },

    /** The health route: AOG holds the cloud key itself, so only "is it running" can be checked; the model is fixed. */
    async check(model, signal): Promise<ConnectionCheck> {
      const endpoint = ((): string => {
        try {
          return `${resolveAogBaseUrl(ctx.baseUrl).host}/health`;
        } catch {
          return 'AOG /health';
        }
      })();
      return runCheck({ provider: info.id, model, endpoint }, false, async () => {
        await checkHealth(resolveAogBaseUrl(ctx.baseUrl), signal);
        if (model === undefined || model === AOG_MODEL) return model === undefined ? {} : { modelAvailable: true };
        return { modelAvailable: false, problem: l10n.t('AOG serves only {0}.', AOG_MODEL) };
      });
    },
  };
}

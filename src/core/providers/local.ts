import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AnimateError, type AnimateErrorKind, errorMessage } from '../errors';
import type { RgbaImage } from '../image/rgba';
import { FPS_CHOICES } from '../video/clipPlan';
import { MOTIONS, chooseMotion } from '../../shared/motion';
import { renderClip } from '../video/renderClip';
import { RenderSlots } from '../video/renderSlots';
import { catalogInfo, live, refuseUnsupportedExtras, type CatalogModel, type ProviderCatalog } from './catalog';
import type {
  ConnectionCheck,
  JobStatus,
  PreparedRequest,
  ProviderContext,
  ProviderInfo,
  RemoteJob,
  VideoProvider,
} from './provider';

/** The offline renderer's id: the features that only it has (camera options, re-filming a clip) name it. */
export const localProviderId = 'local';

export const LOCAL_MODEL = 'camera-move';

/** Said when a job id is not in this process: local renders live in memory and die with the process. */
export const localInterrupted = (): string =>
  l10n.t('local render was interrupted (the editor or CLI restarted); run it again — the local provider is free');

/**
 * A finished job nobody downloads (a runner that gave up, a closed panel) is forgotten after this long, and
 * its temp file deleted: the extension host lives for days, and re-rendering is free.
 */
const FINISHED_JOB_TTL_MS = 30 * 60_000;

const MIN_SECONDS = 2;
const MAX_SECONDS = 10;
/** Beyond 4K a frame stops being a preview-sized job for a CPU renderer on the editor's thread. */
const MAX_SIDE = 3840;
const MIN_SIDE = 16;

const camera: CatalogModel = {
  id: LOCAL_MODEL,
  get label() {
    return l10n.t('Camera move (zoom or pan over the still)');
  },
  sizes: ['1280x720', '720x1280', '1024x1024', '1920x1080', '1080x1920', '854x480', '480x854'],
  seconds: [4, 2, 3, 5, 6, 7, 8, 9, 10],
  maxPromptLength: 2000,
  progress: true,
  cancel: true,
  remix: false,
  lastFrame: false,
  // The runner hands over the decoded source: the renderer frames and cover-crops while filming, at any input size.
  imageInput: 'source',
  maxImageBytes: 50 * 1024 * 1024,
  extras: [],
  prices: [{ usdPerSecond: 0 }],
  lifecycle: live,
  // Our own renderer: its facts are this code.
  checked: '2026-11-30',
  source: 'src/core/video (this project)',
};

/** The catalog entry of the offline renderer (free, no key). */
export const localCatalog: ProviderCatalog = {
  id: localProviderId,
  get label() {
    return l10n.t('Local camera move (offline)');
  },
  needsKey: false,
  keyEnv: [],
  acceptsCustomModels: false,
  prices: [{ usdPerSecond: 0 }],
  models: [camera],
};

const info: ProviderInfo = catalogInfo(localCatalog);

/** Provider options (settings / CLI flags); anything else in the bag is ignored. */
export const localOptionsSchema = z.object({
  /** `auto`: ffmpeg with libx264 when installed (faster), else the built-in WebAssembly encoder. */
  encoder: z.enum(['auto', 'wasm', 'ffmpeg']).default('auto'),
  /** An ffmpeg binary to use instead of searching PATH. */
  ffmpegPath: z.string().trim().min(1).optional(),
  /** Forces the camera move instead of reading it from the prompt. */
  motion: z.enum(MOTIONS).optional(),
  /** Frames per second. */
  fps: z
    .union(
      FPS_CHOICES.map((fps) => z.literal(fps)),
      { error: () => l10n.t('fps must be one of {0}', FPS_CHOICES.join(', ')) },
    )
    .default(24),
  /** A seamless loop: the move goes there and back (an orbit closes its circle). */
  loop: z.boolean().default(false),
});
export type LocalOptions = z.infer<typeof localOptionsSchema>;

interface LocalJob {
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  /** 0..99 while rendering (100 only means downloadable, which `succeeded` says). */
  progress: number;
  failure?: { reason: string; code: AnimateErrorKind | 'failed' };
  downloading: boolean;
  readonly outPath: string;
  readonly controller: AbortController;
  /** Settles (never rejects) when rendering has stopped and the job's state is final. */
  done: Promise<void>;
}

// Process-wide, not per provider instance: hosts may build a new provider to poll a job another one submitted.
const jobs = new Map<string, LocalJob>();
const slots = new RenderSlots(1);
let exitHookInstalled = false;

export function createLocalProvider(ctx: ProviderContext): VideoProvider {
  const log = ctx.log;

  return {
    info,

    async submit(request: PreparedRequest, signal: AbortSignal): Promise<RemoteJob> {
      const options = parseOptions(ctx.options);
      checkRequest(request);
      const source = sourcePixels(request);
      if (signal.aborted) throw new AnimateError('cancelled', l10n.t('local render cancelled before it started'));
      const motion = options.motion ?? chooseMotion(request.prompt);
      const id = `local-${randomBytes(8).toString('hex')}`;
      const job: LocalJob = {
        state: 'queued',
        progress: 0,
        downloading: false,
        outPath: join(tmpdir(), `animate-image-${id}.mp4`),
        controller: new AbortController(),
        done: Promise.resolve(),
      };
      // The submit signal is the job's lifetime too: aborting it stops the render.
      const forward = (): void => job.controller.abort();
      signal.addEventListener('abort', forward, { once: true });
      jobs.set(id, job);
      installExitHook();
      log.info(
        `local ${id}: ${motion}${options.loop ? ' (loop)' : ''}, ${request.size.width}x${request.size.height}, ${request.seconds} s at ${options.fps} fps, encoder ${options.encoder}`,
      );

      job.done = (async () => {
        const jobSignal = job.controller.signal;
        let release: (() => void) | undefined;
        try {
          release = await slots.acquire(jobSignal);
          job.state = 'running';
          const result = await renderClip({
            source,
            motion,
            width: request.size.width,
            height: request.size.height,
            seconds: request.seconds,
            fps: options.fps,
            loop: options.loop,
            outPath: job.outPath,
            encoder: options.encoder,
            ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
            signal: jobSignal,
            log,
            onProgress: (framesDone, frames) => {
              // Monotonic even when an ffmpeg failure makes renderClip start over with wasm.
              job.progress = Math.max(job.progress, Math.min(99, Math.floor((100 * framesDone) / frames)));
            },
          });
          if (jobSignal.aborted) throw new AnimateError('cancelled', l10n.t('local render cancelled'));
          job.state = 'succeeded';
          log.info(
            `local ${id}: rendered ${result.frames} frames ${result.width}x${result.height} with ${result.encoder} in ${Math.round(result.elapsedMs)} ms`,
          );
        } catch (error) {
          job.state = 'failed';
          job.failure = describeFailure(error, jobSignal.aborted);
          await rm(job.outPath, { force: true }).catch(() => {});
          if (job.failure.code !== 'cancelled') log.error(`local ${id}: ${job.failure.reason}`);
        } finally {
          release?.();
          signal.removeEventListener('abort', forward);
          setTimeout(() => forget(id, job), FINISHED_JOB_TTL_MS).unref();
        }
      })();

      return {
        provider: info.id,
        id,
        model: LOCAL_MODEL,
        data: { motion, fps: String(options.fps), loop: String(options.loop) },
      };
    },

    async poll(remote: RemoteJob): Promise<JobStatus> {
      const job = jobs.get(remote.id);
      if (!job) return { state: 'failed', reason: localInterrupted(), code: 'interrupted' };
      switch (job.state) {
        case 'queued':
          return { state: 'queued', progress: 0, pollAfterMs: 1000 };
        case 'running':
          return { state: 'running', progress: job.progress, pollAfterMs: 500 };
        case 'succeeded':
          return { state: 'succeeded' };
        case 'failed':
          return {
            state: 'failed',
            reason: job.failure?.reason ?? l10n.t('local render failed'),
            code: job.failure?.code ?? 'failed',
          };
      }
    },

    async download(remote: RemoteJob, signal: AbortSignal): Promise<Readable> {
      const job = jobs.get(remote.id);
      if (!job) throw new AnimateError('provider', localInterrupted(), { code: 'interrupted' });
      if (job.state !== 'succeeded')
        throw new AnimateError('provider', l10n.t('local render {0} has not finished ({1})', remote.id, job.state));
      if (job.downloading)
        throw new AnimateError('provider', l10n.t('local render {0} is already being downloaded', remote.id));
      if (signal.aborted) throw new AnimateError('cancelled', l10n.t('download cancelled'));
      job.downloading = true;
      const stream = createReadStream(job.outPath);
      const onAbort = (): void => {
        stream.destroy(new AnimateError('cancelled', l10n.t('download cancelled')));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // One-shot: the temp file goes once read (or abandoned), so nothing is left in the temp folder.
      stream.once('close', () => {
        signal.removeEventListener('abort', onAbort);
        jobs.delete(remote.id);
        void rm(job.outPath, { force: true }).catch((error: unknown) =>
          log.warn(`local ${remote.id}: could not delete ${job.outPath}: ${String(error)}`),
        );
      });
      return stream;
    },

    async cancel(remote: RemoteJob): Promise<void> {
      const job = jobs.get(remote.id);
      if (!job) return;
      job.controller.abort();
      await job.done;
      if (job.downloading) return; // the stream's close handler cleans up
      jobs.delete(remote.id);
      await rm(job.outPath, { force: true });
    },

    /** Nothing to reach: the renderer is this process. */
    async check(model: string | undefined): Promise<ConnectionCheck> {
      const known = model === undefined || model === LOCAL_MODEL;
      return {
        provider: info.id,
        ...(model ? { model } : {}),
        endpoint: 'this machine',
        reachable: true,
        modelAvailable: known,
        ok: known,
        ...(known ? {} : { problem: l10n.t('the local provider has one model, "{0}"', LOCAL_MODEL) }),
      };
    },
  };
}

function forget(id: string, job: LocalJob): void {
  if (jobs.get(id) !== job || job.downloading) return;
  jobs.delete(id);
  void rm(job.outPath, { force: true }).catch(() => {});
}

function parseOptions(raw: ProviderContext['options']): LocalOptions {
  const parsed = localOptionsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'options';
  throw new AnimateError(
    'bad-input',
    l10n.t('local provider option {0}: {1}', where, issue?.message ?? l10n.t('invalid')),
  );
}

function checkRequest(request: PreparedRequest): void {
  if (request.model !== LOCAL_MODEL)
    throw new AnimateError(
      'bad-input',
      l10n.t('the local provider has one model, "{0}" (got "{1}")', LOCAL_MODEL, request.model),
    );
  refuseUnsupportedExtras(request, camera, info.label);
  const { width, height } = request.size;
  const side = (n: number) => Number.isInteger(n) && n >= MIN_SIDE && n <= MAX_SIDE;
  if (!side(width) || !side(height)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'local provider: size must be whole pixels between {0} and {1} per side (got {2}x{3})',
        MIN_SIDE,
        MAX_SIDE,
        width,
        height,
      ),
    );
  }
  if (!(request.seconds >= MIN_SECONDS && request.seconds <= MAX_SECONDS)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'local provider: seconds must be between {0} and {1} (got {2})',
        MIN_SECONDS,
        MAX_SECONDS,
        request.seconds,
      ),
    );
  }
}

/** The pixels the runner decoded for this model (`imageInput: 'source'`): the provider never reads the file again. */
function sourcePixels(request: PreparedRequest): RgbaImage {
  const { pixels } = request.image;
  if (!pixels)
    throw new TypeError('the local provider films from decoded pixels: prepare its requests with prepareRequest');
  return pixels;
}

function describeFailure(error: unknown, aborted: boolean): NonNullable<LocalJob['failure']> {
  if (aborted) return { reason: l10n.t('local render was cancelled'), code: 'cancelled' };
  if (error instanceof AnimateError) return { reason: error.message, code: error.kind };
  return { reason: l10n.t('local render failed: {0}', errorMessage(error)), code: 'failed' };
}

/** Temp files of jobs nobody downloaded (a crashed runner, a closed editor) go when the process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const job of jobs.values()) rmSync(job.outPath, { force: true });
  });
}

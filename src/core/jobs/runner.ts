import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { AnimateError, isAbortError } from '../errors';
import { prepareImage } from '../image/prepare';
import { claimFreeName, defaultTarget, discardTemp, makeTempFile, saveStream, type OutputPort } from '../output';
import { buildProvenance, provenancePath, type ProvenanceMode } from '../provenance';
import type { JobStatus, Logger, PreparedRequest, RemoteJob, VideoProvider } from '../providers/provider';
import { findModel, type ResolvedRequest } from '../request';
import { systemClock, type Clock } from './clock';
import type { JobRecord } from './record';
import { backoffDelay, nextPollDelay } from './schedule';
import type { JobStore } from './store';

export interface RunnerDeps {
  readonly provider: VideoProvider;
  readonly store: JobStore;
  readonly output: OutputPort;
  readonly log: Logger;
  readonly clock?: Clock;
  /** The provider's base URL when not its default; recorded so a resume asks the same server. */
  readonly endpoint?: string;
}

export type JobEvent =
  | { readonly type: 'preparing' }
  /** Something about the input the user should know (e.g. only an animated WebP's first frame is used). */
  | { readonly type: 'note'; readonly message: string }
  | { readonly type: 'submitted'; readonly record: JobRecord }
  | { readonly type: 'status'; readonly state: 'queued' | 'running'; readonly progress?: number; readonly elapsedMs: number }
  | { readonly type: 'retrying'; readonly reason: string; readonly delayMs: number }
  | { readonly type: 'downloading'; readonly attempt: number }
  | { readonly type: 'saved'; readonly path: string };

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Fixed poll interval; unset = adaptive. */
  readonly pollIntervalMs?: number;
  /** Stop following after this long; the job keeps running remotely and can be resumed. */
  readonly maxWaitMs?: number;
  /** What an abort means: `cancel` the remote job (user pressed Cancel) or `detach` and keep it resumable (process exit). */
  readonly onAbort?: 'cancel' | 'detach';
  readonly onEvent?: (event: JobEvent) => void;
  /**
   * Where to write the provenance (prompt, provider, model, source hash…): `beside` the video (`cat.mp4.json`, also
   * `true` or unset), into a hidden `.animate-image/` `folder`, or `off` (also `false`; the job record keeps it).
   */
  readonly provenance?: boolean | ProvenanceMode;
}

export type JobOutcome =
  | { readonly kind: 'succeeded'; readonly output: string; readonly record: JobRecord }
  /** Max wait reached: not a failure. The job id is kept; resume it later. */
  | { readonly kind: 'waiting'; readonly record: JobRecord };

const defaultMaxWaitMs = 30 * 60_000;
const downloadAttempts = 3;

/** Prepares the image(s), submits once, then follows the job to an MP4 next to the source. */
export async function startJob(deps: RunnerDeps, request: ResolvedRequest, options: RunOptions = {}): Promise<JobOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const clock = deps.clock ?? systemClock;
  options.onEvent?.({ type: 'preparing' });
  const prepared = await prepareRequest(deps.provider, request);
  for (const image of prepared.lastFrame ? [prepared.image, prepared.lastFrame] : [prepared.image]) {
    for (const note of image.notes ?? []) {
      const message = `${basename(image.sourcePath)}: ${note}`;
      deps.log.info(message);
      options.onEvent?.({ type: 'note', message });
    }
  }
  signal.throwIfAborted();
  const startedAt = clock.now();
  const remote = await deps.provider.submit(prepared, signal);
  const record: JobRecord = {
    id: randomUUID(),
    remote: toPlainJob(remote),
    request: { ...request, size: { ...request.size } },
    ...(deps.endpoint ? { endpoint: deps.endpoint } : {}),
    state: 'running',
    startedAt,
    updatedAt: startedAt,
  };
  deps.log.info(`job ${record.id}: submitted to ${remote.provider} as ${remote.id} (${request.model})`);
  try {
    await deps.store.put(record);
  } catch (error) {
    // Paid for but not on record: the remote id is all the user has to find the video, so it must be in the message.
    throw new AnimateError(
      'io',
      `The job was submitted to ${remote.provider} as ${remote.id}, but its record could not be saved (${error instanceof Error ? error.message : String(error)}). ` +
        'Fetch the video from the provider with that id; do not submit again.',
      { cause: error },
    );
  }
  options.onEvent?.({ type: 'submitted', record });
  return followJob(deps, record, options);
}

/** Polls a submitted job (new or persisted) until it ends, then downloads it. Never submits anything. */
export async function followJob(deps: RunnerDeps, initial: JobRecord, options: RunOptions = {}): Promise<JobOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const clock = deps.clock ?? systemClock;
  const followSince = clock.now();
  const deadline = followSince + (options.maxWaitMs ?? defaultMaxWaitMs);
  let record = initial;
  const save = async (change: Partial<JobRecord>) => {
    record = { ...record, ...change, updatedAt: clock.now() };
    await deps.store.put(record);
  };

  try {
    let failures = 0;
    for (;;) {
      let status: JobStatus;
      try {
        status = await deps.provider.poll(record.remote, signal);
        failures = 0;
      } catch (error) {
        if (!isTransient(error)) throw error;
        const delayMs = backoffDelay(failures++, error instanceof AnimateError ? error.details.retryAfterMs : undefined);
        const reason = error instanceof Error ? error.message : String(error);
        deps.log.warn(`job ${record.id}: poll failed (${reason}); retrying in ${delayMs} ms`);
        options.onEvent?.({ type: 'retrying', reason, delayMs });
        if (clock.now() + delayMs > deadline) return await stillRunning();
        await clock.sleep(delayMs, signal);
        continue;
      }
      const elapsedMs = clock.now() - record.startedAt;
      if (status.state === 'failed') {
        await save({ state: 'failed', error: status.reason });
        deps.log.error(`job ${record.id}: failed at the provider: ${status.reason}`);
        throw new AnimateError('provider', status.reason, { code: status.code });
      }
      if (status.state === 'succeeded') {
        if (status.job) await save({ remote: toPlainJob(status.job) });
        const output = await downloadAndPlace(deps, record, options, signal);
        await save({ state: 'succeeded', output, progress: 100, error: undefined });
        await writeProvenance(deps, record, output, clock, options.provenance);
        deps.log.info(`job ${record.id}: saved ${output} after ${Math.round(elapsedMs / 1000)} s`);
        options.onEvent?.({ type: 'saved', path: output });
        return { kind: 'succeeded', output, record };
      }
      if (status.progress !== undefined && status.progress !== record.progress) await save({ progress: status.progress });
      options.onEvent?.({ type: 'status', state: status.state, progress: status.progress, elapsedMs });
      const delayMs = nextPollDelay(clock.now() - followSince, { fixedMs: options.pollIntervalMs, hintMs: status.pollAfterMs });
      if (clock.now() + delayMs > deadline) return await stillRunning();
      await clock.sleep(delayMs, signal);
    }
  } catch (error) {
    if (!isAbortError(error) && !signal.aborted) {
      if (record.state === 'running') await save({ state: 'waiting', error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    if (options.onAbort === 'cancel') {
      await cancelRemote(deps, record);
      await save({ state: 'cancelled' });
      throw new AnimateError('cancelled', describeCancel(deps.provider));
    }
    await save({ state: 'waiting' });
    throw new AnimateError('cancelled', `Stopped following job ${record.id}; it is still running at ${deps.provider.info.label} and can be resumed.`);
  }

  async function stillRunning(): Promise<JobOutcome> {
    await save({ state: 'waiting' });
    deps.log.info(`job ${record.id}: still running after max wait; kept for resume`);
    return { kind: 'waiting', record };
  }
}

export function describeCancel(provider: VideoProvider): string {
  return provider.cancel
    ? `Cancelled; ${provider.info.label} was asked to cancel the job.`
    : `Stopped here, but ${provider.info.label} cannot cancel jobs: the remote job may still finish and be billed.`;
}

/** The sidecar is a convenience: failing to write it never fails a paid, saved video. */
async function writeProvenance(deps: RunnerDeps, record: JobRecord, output: string, clock: Clock, setting: RunOptions['provenance']): Promise<void> {
  const path = provenancePath(output, setting === false ? 'off' : setting === true || setting === undefined ? 'beside' : setting);
  if (!path) return;
  try {
    const provenance = await buildProvenance(record, new Date(clock.now()));
    await deps.output.writeNew(path, new TextEncoder().encode(`${JSON.stringify(provenance, null, 2)}\n`));
  } catch (error) {
    deps.log.warn(`job ${record.id}: could not write the provenance sidecar: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function cancelRemote(deps: RunnerDeps, record: JobRecord): Promise<void> {
  if (!deps.provider.cancel) return;
  try {
    await deps.provider.cancel(record.remote);
    deps.log.info(`job ${record.id}: cancel sent to ${record.remote.provider}`);
  } catch (error) {
    deps.log.warn(`job ${record.id}: cancel request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function downloadAndPlace(deps: RunnerDeps, record: JobRecord, options: RunOptions, signal: AbortSignal): Promise<string> {
  const target = record.request.output ?? defaultTarget(record.request.image);
  const temp = await makeTempFile('video.mp4');
  let placed = false;
  try {
    for (let attempt = 1; ; attempt++) {
      options.onEvent?.({ type: 'downloading', attempt });
      try {
        await saveStream(await deps.provider.download(record.remote, signal), temp, signal);
        break;
      } catch (error) {
        if (signal.aborted || attempt >= downloadAttempts || !isTransient(error)) throw error;
        const delayMs = backoffDelay(attempt, error instanceof AnimateError ? error.details.retryAfterMs : undefined);
        const reason = error instanceof Error ? error.message : String(error);
        deps.log.warn(`job ${record.id}: download failed (${reason}); retrying from the start in ${delayMs} ms`);
        options.onEvent?.({ type: 'retrying', reason, delayMs });
        await (deps.clock ?? systemClock).sleep(delayMs, signal);
      }
    }
    try {
      const output = await claimFreeName(deps.output, temp, target);
      placed = true;
      return output;
    } catch (error) {
      // The video is paid for: keep it where the user can still get it.
      throw new AnimateError(
        'io',
        `Could not save the video next to the image (${error instanceof Error ? error.message : String(error)}). It is kept at ${temp}.`,
        { cause: error },
      );
    }
  } finally {
    if (placed) await discardTemp(temp);
    else if (signal.aborted) await discardTemp(temp);
  }
}

async function prepareRequest(provider: VideoProvider, request: ResolvedRequest): Promise<PreparedRequest> {
  const model = findModel(provider.info, request.model);
  const options = { size: request.size, fit: request.fit, maxBytes: model.maxImageBytes };
  const image = await prepareImage(request.image, options);
  const lastFrame = request.lastFrame === undefined ? undefined : await prepareImage(request.lastFrame, options);
  return { prompt: request.prompt, model: request.model, size: request.size, seconds: request.seconds, image, ...(lastFrame ? { lastFrame } : {}) };
}

/** Worth asking again: rate limits, server errors and network drops. Auth errors, bad input and failed jobs are not. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof AnimateError)) return false;
  if (error.kind === 'rate-limit' || error.kind === 'network') return true;
  return error.kind === 'provider' && (error.details.status ?? 0) >= 500;
}

function toPlainJob(job: RemoteJob): JobRecord['remote'] {
  return { provider: job.provider, id: job.id, model: job.model, ...(job.data ? { data: { ...job.data } } : {}) };
}


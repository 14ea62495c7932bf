import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as l10n from '@vscode/l10n';
import { AnimateError, atStage, isAbortError, errorMessage } from '../errors';
import { notStartedError } from './notStarted';
import { retryIn } from '../providers/httpErrors';
import {
  BAD_DOWNLOAD,
  claimFreeName,
  defaultTarget,
  discardTemp,
  makeTempFile,
  saveStream,
  type OutputPort,
} from '../output';
import { buildProvenance, provenancePath, type ProvenanceMode } from './provenance';
import type { JobStatus, PreparedRequest, RemoteJob, VideoProvider } from '../providers/provider';
import type { Logger } from '../types';
import { prepareRequest, type ResolvedRequest } from '../request';
import { systemClock, type Clock } from './clock';
import { createDelay, provedNotCreated } from './createRetry';
import type { JobLease, LeaseAttempt } from './lease';
import type { AbortMode, RemotePhase } from './jobState';
import type { JobRecord } from './record';
import { backoffDelay, nextPollDelay } from './schedule';
import { MemoryJobStore, type JobStore } from './store';

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
  /** The create request is on its way (attempt > 1: again, after the provider proved the last one created nothing). */
  | { readonly type: 'submitting'; readonly attempt: number }
  | { readonly type: 'submitted'; readonly record: JobRecord }
  /** `queuePosition`: requests ahead in the provider's queue, where it says (fal). */
  | {
      readonly type: 'status';
      readonly state: RemotePhase;
      readonly progress?: number | undefined;
      readonly queuePosition?: number | undefined;
      readonly elapsedMs: number;
    }
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
  readonly onAbort?: AbortMode;
  readonly onEvent?: (event: JobEvent) => void;
  /**
   * Where to write the provenance (prompt, provider, model, source hash…): `beside` the video (`cat.mp4.json`, also
   * `true` or unset), into a hidden `.animate-image/` `folder`, or `off` (also `false`; the job record keeps it).
   */
  readonly provenance?: boolean | ProvenanceMode;
}

/** How a follow that returned ended (a `JobEnding`); every other ending is thrown. */
export type JobOutcome =
  | { readonly kind: 'succeeded'; readonly output: string; readonly record: JobRecord }
  /** Max wait reached: not a failure. The job id is kept; resume it later. */
  | { readonly kind: 'waiting'; readonly record: JobRecord };

const defaultMaxWaitMs = 30 * 60_000;
const downloadAttempts = 3;
const createAttempts = 4;
/** A server asking for a longer pause than this before a create is not waited for: the user is told when to try. */
const maxCreateWaitMs = 2 * 60_000;
/** How often a second follower looks whether the first one is done. */
const leaseCheckMs = 2_000;

/**
 * Prepares the image(s), checks the job store can record the job, submits (again only when the provider proved
 * the last create made nothing), then follows the job to an MP4 next to the source. Every error it ends with carries
 * `details.stage`: whether a (paid) job exists.
 */
export async function startJob(
  deps: RunnerDeps,
  request: ResolvedRequest,
  options: RunOptions = {},
): Promise<JobOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const clock = deps.clock ?? systemClock;
  let prepared: PreparedRequest;
  try {
    options.onEvent?.({ type: 'preparing' });
    const repaired = await deps.store.checkWritable?.();
    if (repaired) {
      deps.log.warn(repaired);
      options.onEvent?.({ type: 'note', message: repaired });
    }
    prepared = await prepareRequest(deps.provider.info, request);
    for (const image of prepared.lastFrame ? [prepared.image, prepared.lastFrame] : [prepared.image]) {
      for (const note of image.notes ?? []) {
        const message = `${basename(image.sourcePath)}: ${note}`;
        deps.log.info(message);
        options.onEvent?.({ type: 'note', message });
      }
    }
    signal.throwIfAborted();
  } catch (error) {
    throw signal.aborted ? notStartedError(error) : atStage(error, 'prepare');
  }
  const remote = await submit(deps, prepared, options, signal, clock);
  const record = newJobRecord(deps, remote, request, clock.now());
  deps.log.info(`job ${record.id}: submitted to ${remote.provider} as ${remote.id} (${request.model})`);
  return recordAndFollow(deps, record, options);
}

/** The record of a job the provider just accepted (new or remix): where it went, what was asked, `running`. */
export function newJobRecord(
  deps: Pick<RunnerDeps, 'endpoint'>,
  remote: RemoteJob,
  request: ResolvedRequest,
  startedAt: number,
  remixOf?: JobRecord['remixOf'],
): JobRecord {
  return {
    id: randomUUID(),
    remote: toPlainJob(remote),
    request: { ...request, size: { ...request.size } },
    ...(deps.endpoint ? { endpoint: deps.endpoint } : {}),
    state: 'running',
    startedAt,
    updatedAt: startedAt,
    ...(remixOf ? { remixOf: { ...remixOf } } : {}),
  };
}

/**
 * Persists a job the provider just accepted, then follows it. When the record cannot be written the (paid) job is
 * still followed, from memory, and the user is told its remote id.
 */
export async function recordAndFollow(deps: RunnerDeps, record: JobRecord, options: RunOptions): Promise<JobOutcome> {
  try {
    await deps.store.put(record);
  } catch (error) {
    return followUnrecorded(deps, record, error, options);
  }
  options.onEvent?.({ type: 'submitted', record });
  return followJob(deps, record, options);
}

/** The create request, sent again only while the provider's answer proves nothing was created (429, 503 + Retry-After, refused). */
async function submit(
  deps: RunnerDeps,
  prepared: PreparedRequest,
  options: RunOptions,
  signal: AbortSignal,
  clock: Clock,
): Promise<RemoteJob> {
  const deadline = clock.now() + (options.maxWaitMs ?? defaultMaxWaitMs);
  for (let attempt = 1; ; attempt++) {
    options.onEvent?.({ type: 'submitting', attempt });
    try {
      return await deps.provider.submit(prepared, signal);
    } catch (error) {
      if (signal.aborted || !provedNotCreated(error)) throw atStage(createFailed(error), 'submit');
      const delayMs = createDelay(attempt, error);
      if (attempt >= createAttempts || delayMs > maxCreateWaitMs || clock.now() + delayMs > deadline)
        throw atStage(createGaveUp(error, attempt, delayMs), 'submit');
      const reason = errorMessage(error);
      deps.log.warn(`submit refused, nothing created (${reason}); sending it again in ${delayMs} ms`);
      options.onEvent?.({ type: 'retrying', reason, delayMs });
      try {
        await clock.sleep(delayMs, signal);
      } catch (sleepError) {
        throw notStartedError(sleepError);
      }
    }
  }
}

/** The create's own error, saying it was the submit that failed (not the image preparation before it). */
function createFailed(error: unknown): unknown {
  if (!(error instanceof AnimateError) || error.kind === 'submit-unknown' || error.kind === 'cancelled') return error;
  return new AnimateError(error.kind, l10n.t('Could not submit the job: {0}', error.message), {
    ...error.details,
    cause: error,
  });
}

function createGaveUp(error: unknown, attempts: number, nextDelayMs: number): unknown {
  if (!(error instanceof AnimateError)) return error;
  const seconds = Math.max(1, Math.ceil(nextDelayMs / 1000));
  // The server's own "Retry in N s." is replaced by ours, which counts from now.
  const serverWait = error.details.retryAfterMs !== undefined ? retryIn(error.details.retryAfterMs) : undefined;
  const said =
    serverWait && error.message.endsWith(serverWait) ? error.message.slice(0, -serverWait.length) : error.message;
  return new AnimateError(
    error.kind,
    attempts === 1
      ? l10n.t('Could not submit the job (1 attempt): {0} Nothing was created; try again in {1} s.', said, seconds)
      : l10n.t(
          'Could not submit the job ({0} attempts): {1} Nothing was created; try again in {2} s.',
          attempts,
          said,
          seconds,
        ),
    { ...error.details, retryAfterMs: nextDelayMs, cause: error },
  );
}

/**
 * The job exists (paid) but its record could not be written: it is followed here to the end from memory, and the
 * user is told its remote id, the only way to find it again if this process stops.
 */
async function followUnrecorded(
  deps: RunnerDeps,
  record: JobRecord,
  storeError: unknown,
  options: RunOptions,
): Promise<JobOutcome> {
  const { provider, id } = record.remote;
  const why = errorMessage(storeError);
  const message = l10n.t(
    'The job was submitted to {0} as {1}, but its record could not be saved ({2}). It is followed here until it ends; if this stops, fetch the video from the provider with that id — do not submit again.',
    provider,
    id,
    why,
  );
  deps.log.warn(`job ${record.id}: ${message}`);
  options.onEvent?.({ type: 'note', message });
  options.onEvent?.({ type: 'submitted', record });
  const memory = new MemoryJobStore();
  await memory.put(record);
  let outcome: JobOutcome;
  try {
    outcome = await followJob({ ...deps, store: memory }, record, options);
  } catch (error) {
    if (!(error instanceof AnimateError)) throw error;
    const notOnRecord = l10n.t('This job is not on record: its id at {0} is {1}.', provider, id);
    throw new AnimateError(error.kind, `${error.message} ${notOnRecord}`, {
      ...error.details,
      cause: error,
    });
  }
  if (outcome.kind === 'waiting') {
    throw new AnimateError(
      'io',
      l10n.t(
        'The job is still running at {0} as {1}, but it could not be recorded, so it cannot be resumed: fetch the video from the provider with that id.',
        provider,
        id,
      ),
      { stage: 'follow', jobId: record.id },
    );
  }
  deps.log.warn(`job ${record.id}: saved ${outcome.output}; it was never recorded (${provider} id ${id})`);
  return outcome;
}

/**
 * Polls a submitted job (new or persisted) until it ends, then downloads it. Never submits anything. Holds the job's
 * lease meanwhile: a second follower of the same job waits for the first and reports its result.
 */
export async function followJob(deps: RunnerDeps, initial: JobRecord, options: RunOptions = {}): Promise<JobOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const clock = deps.clock ?? systemClock;
  const run: Following = {
    deps,
    options,
    signal,
    clock,
    deadline: clock.now() + (options.maxWaitMs ?? defaultMaxWaitMs),
  };
  let claim: Claim;
  try {
    claim = await claimJob(run, initial);
  } catch (error) {
    throw atStage(error, 'follow', initial.id);
  }
  if (claim.kind === 'done') return claim.outcome;
  try {
    return await follow(run, claim.record, claim.lease);
  } catch (error) {
    throw atStage(error, 'follow', initial.id);
  } finally {
    await claim.lease?.release();
  }
}

/** What following one job needs throughout: taken once by `followJob`, handed to each step. */
interface Following {
  readonly deps: RunnerDeps;
  readonly options: RunOptions;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** When following gives up and reports the job as still running (it can be resumed). */
  readonly deadline: number;
}

type Claim =
  | { readonly kind: 'follow'; readonly record: JobRecord; readonly lease?: JobLease }
  | { readonly kind: 'done'; readonly outcome: JobOutcome };

/** Takes the job's lease, waiting while another live follower has it; the latest record comes with it. */
async function claimJob(run: Following, initial: JobRecord): Promise<Claim> {
  const { deps, options, signal, clock, deadline } = run;
  const { store } = deps;
  if (!store.lease) return { kind: 'follow', record: initial };
  let told = false;
  for (;;) {
    let attempt: LeaseAttempt;
    try {
      attempt = await store.lease(initial.id);
    } catch (error) {
      // Following a paid job matters more than guarding against a second follower.
      deps.log.warn(`job ${initial.id}: could not take its lease (${errorMessage(error)}); following it without one`);
      return { kind: 'follow', record: initial };
    }
    const current = (await store.get(initial.id)) ?? initial;
    const finished = endedElsewhere(current, deps.provider);
    if ('lease' in attempt) {
      if (!finished) return { kind: 'follow', record: current, lease: attempt.lease };
      await attempt.lease.release();
    }
    if (finished) return { kind: 'done', outcome: finished() };
    const heldBy = 'heldBy' in attempt ? attempt.heldBy : l10n.t('another follower');
    if (!told) {
      told = true;
      const message = l10n.t(
        'Job {0} is already being followed by {1}; waiting for it instead of downloading the video twice.',
        initial.id,
        heldBy,
      );
      deps.log.info(message);
      options.onEvent?.({ type: 'note', message });
    }
    if (clock.now() + leaseCheckMs > deadline) return { kind: 'done', outcome: { kind: 'waiting', record: current } };
    try {
      await clock.sleep(leaseCheckMs, signal);
    } catch (error) {
      throw new AnimateError(
        'cancelled',
        l10n.t('Stopped waiting for job {0}; {1} is still following it.', initial.id, heldBy),
        {
          cause: error,
        },
      );
    }
  }
}

/** A record another follower brought to its end: its outcome (or the error it ended with), else undefined. */
function endedElsewhere(record: JobRecord, provider: VideoProvider): (() => JobOutcome) | undefined {
  if (record.state === 'succeeded' && record.output) {
    const output = record.output;
    return () => ({ kind: 'succeeded', output, record });
  }
  if (record.state === 'failed') {
    return () => {
      throw new AnimateError(
        'provider',
        record.error ?? l10n.t('Job {0} failed at {1}.', record.id, provider.info.label),
      );
    };
  }
  if (record.state === 'cancelled') {
    return () => {
      throw new AnimateError('cancelled', l10n.t('Job {0} was cancelled.', record.id));
    };
  }
  return undefined;
}

async function follow(run: Following, initial: JobRecord, lease: JobLease | undefined): Promise<JobOutcome> {
  const { deps, options, signal, clock, deadline } = run;
  const followSince = clock.now();
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
        const delayMs = backoffDelay(
          failures++,
          error instanceof AnimateError ? error.details.retryAfterMs : undefined,
        );
        const reason = errorMessage(error);
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
        if (lease && !(await lease.held())) {
          throw new AnimateError(
            'io',
            l10n.t(
              'Another Animate Image took job {0} over while this one was stalled; that one saves the video.',
              record.id,
            ),
          );
        }
        const output = await downloadAndPlace(deps, record, options, signal);
        await save({ state: 'succeeded', output, progress: 100, error: undefined });
        await writeProvenance(deps, record, output, clock, options.provenance);
        deps.log.info(`job ${record.id}: saved ${output} after ${Math.round(elapsedMs / 1000)} s`);
        options.onEvent?.({ type: 'saved', path: output });
        return { kind: 'succeeded', output, record };
      }
      // Shown before it is saved: a save can wait seconds for another window's lock on the job file.
      const queuePosition = status.state === 'queued' ? status.queuePosition : undefined;
      options.onEvent?.({
        type: 'status',
        state: status.state,
        progress: status.progress,
        ...(queuePosition !== undefined ? { queuePosition } : {}),
        elapsedMs,
      });
      if (status.progress !== undefined && status.progress !== record.progress)
        await save({ progress: status.progress });
      const delayMs = nextPollDelay(clock.now() - followSince, {
        fixedMs: options.pollIntervalMs,
        hintMs: status.pollAfterMs,
      });
      if (clock.now() + delayMs > deadline) return await stillRunning();
      await clock.sleep(delayMs, signal);
    }
  } catch (error) {
    if (!isAbortError(error) && !signal.aborted) {
      if (record.state === 'running') await save({ state: 'waiting', error: errorMessage(error) });
      throw error;
    }
    if (options.onAbort === 'cancel') {
      await cancelRemote(deps, record);
      await save({ state: 'cancelled' });
      throw new AnimateError('cancelled', describeCancel(deps.provider));
    }
    await save({ state: 'waiting' });
    throw new AnimateError(
      'cancelled',
      l10n.t(
        'Stopped following job {0}; it is still running at {1} and can be resumed.',
        record.id,
        deps.provider.info.label,
      ),
    );
  }

  async function stillRunning(): Promise<JobOutcome> {
    await save({ state: 'waiting' });
    deps.log.info(`job ${record.id}: still running after max wait; kept for resume`);
    return { kind: 'waiting', record };
  }
}

export function describeCancel(provider: VideoProvider): string {
  return provider.cancel
    ? l10n.t('Cancelled; {0} was asked to cancel the job.', provider.info.label)
    : l10n.t(
        'Stopped here, but {0} cannot cancel jobs: the remote job may still finish and be billed.',
        provider.info.label,
      );
}

/** The sidecar is a convenience: failing to write it never fails a paid, saved video. */
async function writeProvenance(
  deps: RunnerDeps,
  record: JobRecord,
  output: string,
  clock: Clock,
  setting: RunOptions['provenance'],
): Promise<void> {
  const path = provenancePath(
    output,
    setting === false ? 'off' : setting === true || setting === undefined ? 'beside' : setting,
  );
  if (!path) return;
  try {
    const provenance = await buildProvenance(record, new Date(clock.now()));
    await deps.output.writeNew(path, new TextEncoder().encode(`${JSON.stringify(provenance, null, 2)}\n`));
  } catch (error) {
    deps.log.warn(`job ${record.id}: could not write the provenance sidecar: ${errorMessage(error)}`);
  }
}

async function cancelRemote(deps: RunnerDeps, record: JobRecord): Promise<void> {
  if (!deps.provider.cancel) return;
  try {
    await deps.provider.cancel(record.remote);
    deps.log.info(`job ${record.id}: cancel sent to ${record.remote.provider}`);
  } catch (error) {
    deps.log.warn(`job ${record.id}: cancel request failed: ${errorMessage(error)}`);
  }
}

/**
 * Downloads into a private temp folder (fresh from the start on each attempt), then claims a free name next to the
 * image. The temp folder goes away unless it holds a finished video that could not be placed.
 */
async function downloadAndPlace(
  deps: RunnerDeps,
  record: JobRecord,
  options: RunOptions,
  signal: AbortSignal,
): Promise<string> {
  const target = record.request.output ?? defaultTarget(record.request.image);
  let temp: string;
  try {
    temp = await makeTempFile('video.mp4');
  } catch (error) {
    const why = errorMessage(error);
    throw notDownloaded(
      deps,
      record,
      new AnimateError('io', l10n.t('Could not create a temp folder for the download ({0}).', why), { cause: error }),
      1,
    );
  }
  let keep = false;
  try {
    await download(deps, record, options, signal, temp);
    try {
      return await claimFreeName(deps.output, temp, target);
    } catch (error) {
      // The video is paid for: keep it where the user can still get it.
      keep = true;
      throw new AnimateError(
        'io',
        l10n.t('Could not save the video as {0} ({1}). It is kept at {2}.', target, errorMessage(error), temp),
        { cause: error, keptPath: temp },
      );
    }
  } finally {
    if (!keep) await discardTemp(temp);
  }
}

async function download(
  deps: RunnerDeps,
  record: JobRecord,
  options: RunOptions,
  signal: AbortSignal,
  temp: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    options.onEvent?.({ type: 'downloading', attempt });
    try {
      await saveStream(await deps.provider.download(record.remote, signal), temp, signal);
      return;
    } catch (error) {
      if (signal.aborted) throw error;
      if (attempt >= downloadAttempts || !isRetryableDownload(error)) throw notDownloaded(deps, record, error, attempt);
      const delayMs = backoffDelay(attempt, error instanceof AnimateError ? error.details.retryAfterMs : undefined);
      const reason = errorMessage(error);
      deps.log.warn(`job ${record.id}: download failed (${reason}); retrying from the start in ${delayMs} ms`);
      options.onEvent?.({ type: 'retrying', reason, delayMs });
      await (deps.clock ?? systemClock).sleep(delayMs, signal);
    }
  }
}

/** A finished, paid job whose video did not arrive: say so, and how to fetch it later (the record stays resumable). */
function notDownloaded(deps: RunnerDeps, record: JobRecord, error: unknown, attempts: number): AnimateError {
  const kind = error instanceof AnimateError ? error.kind : 'provider';
  const reason = errorMessage(error);
  const label = deps.provider.info.label;
  const failed =
    attempts > 1
      ? l10n.t(
          'The job finished at {0}, but its video could not be downloaded ({1} attempts): {2}',
          label,
          attempts,
          reason,
        )
      : l10n.t('The job finished at {0}, but its video could not be downloaded: {1}', label, reason);
  const resume = l10n.t(
    'It is paid for and kept: resume job {0} to fetch it (CLI: animate-image resume {0}; editor: the Animate Image jobs view).',
    record.id,
  );
  return new AnimateError(kind, `${failed} ${resume}`, {
    ...(error instanceof AnimateError ? error.details : {}),
    jobId: record.id,
    cause: error,
  });
}

/** Worth downloading again from the start: a cut body, a wrong body (HTML, empty, short), 429/5xx, network trouble. */
function isRetryableDownload(error: unknown): boolean {
  if (!(error instanceof AnimateError)) return false;
  if (isTransient(error)) return true;
  const status = error.details.status;
  return (
    error.kind === 'provider' &&
    (error.details.code === BAD_DOWNLOAD || (status !== undefined && status >= 200 && status < 300))
  );
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

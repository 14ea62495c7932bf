import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { AnimateError, isAbortError } from '../../core/errors';
import { isUnfinished, type JobRecord } from '../../core/jobs/record';
import { remixJob, remixOrigin, remixRequest, type RemixSource } from '../../core/jobs/remix';
import {
  followJob,
  startJob,
  type JobEvent,
  type JobOutcome,
  type RunOptions,
  type RunnerDeps,
} from '../../core/jobs/runner';
import type { JobStore } from '../../core/jobs/store';
import type { OutputPort } from '../../core/output';
import type { VideoProvider } from '../../core/providers/provider';
import type { ResolvedRequest } from '../../core/request';
import type { AnimateResult } from '../animate/animateOptions';
import { createLimiter, type Limiter } from '../../core/jobs/limiter';
import { countBatch, type BatchCounts } from './batchSummary';
import { cancelledText, localizeFailure, type Translate } from '../platform/coreText';
import type { Log } from '../platform/log';
import type { ProviderFactory } from '../providers/providers';
import { localizedInfo } from '../providers/providerLabels';
import type { SettingsReader } from '../settings/settings';
import type { JobPhase } from './statusText';

/** The default of `animateImage.concurrency`: at most this many jobs run at once (a multi-select of 20 images queues the rest). */
export const maxConcurrentJobs = 3;

/** A job this window is running or following, as the status bar and the menus see it. */
export interface JobSnapshot {
  readonly key: string;
  readonly name: string;
  readonly request: ResolvedRequest;
  readonly providerLabel: string;
  readonly phase: JobPhase;
  readonly progress?: number | undefined;
  /** Requests ahead in the provider's queue while queued there (fal says); cleared by any other status. */
  readonly queuePosition?: number | undefined;
  readonly startedAt: number;
  readonly recordId?: string;
  readonly remoteId?: string;
}

interface TrackedJob {
  snapshot: JobSnapshot;
  readonly abort: AbortController;
  /** Read by the runner when the signal fires: the user's Cancel cancels, anything else detaches. */
  abortMode: 'cancel' | 'detach';
  /** The provider accepted the create (the runner's `submitted` event, or a persisted job): from then on it bills. */
  submitted: boolean;
}

/** What happened to a job, for notifications (jobNotices.ts) and the command's return value. */
export interface JobEnd {
  readonly request: ResolvedRequest;
  readonly provider: VideoProvider;
  readonly result: AnimateResult;
  readonly record?: JobRecord;
  readonly error?: unknown;
  /** Set for a remix: what it remixed and with which prompt (a retry remixes again). */
  readonly remix?: RemixRequest;
  /** Part of a batch: the batch's summary reports it, not a notification of its own. */
  readonly batched?: boolean;
  /**
   * The provider accepted the job (so it may bill for it). False when it ended before that: refused on create
   * (429, bad input), or stopped while preparing the image. A retry then bills for the first time, not again.
   */
  readonly submitted: boolean;
}

/** Several images started together; `onDidEndBatch` fires once when the last one has ended. */
export interface BatchEndEvent {
  readonly total: number;
  readonly ends: readonly JobEnd[];
  readonly provider: VideoProvider;
}

interface Batch {
  readonly total: number;
  readonly ends: JobEnd[];
  readonly provider: VideoProvider;
}

export interface RemixRequest {
  readonly source: RemixSource;
  readonly prompt: string;
}

/** How `track` shows and reports a job. */
interface TrackOptions {
  /** A persisted job being followed again. */
  readonly record?: JobRecord;
  readonly remix?: RemixRequest;
  readonly batch?: Batch;
}

/**
 * Runs jobs through the core runner (`startJob` / `followJob`) with one AbortController each, turns runner
 * events into snapshots for the status bar, and reports each end once through `onDidEnd`.
 */
export class JobController implements vscode.Disposable {
  private readonly jobs = new Map<string, TrackedJob>();
  /** Read on every slot change, so a new `animateImage.concurrency` applies to jobs still waiting. */
  private readonly limit: Limiter = createLimiter(() => this.settings.read().concurrency);
  private readonly batches = new Set<Batch>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly ended = new vscode.EventEmitter<JobEnd>();
  private readonly batchEnded = new vscode.EventEmitter<BatchEndEvent>();
  private disposed = false;
  readonly onDidChange = this.changed.event;
  readonly onDidEnd = this.ended.event;
  readonly onDidEndBatch = this.batchEnded.event;

  constructor(
    private readonly store: JobStore,
    private readonly output: OutputPort,
    private readonly providers: ProviderFactory,
    private readonly settings: SettingsReader,
    private readonly log: Log,
  ) {}

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((j) => j.snapshot);
  }

  get(key: string): JobSnapshot | undefined {
    return this.jobs.get(key)?.snapshot;
  }

  isFollowing(recordId: string): boolean {
    return [...this.jobs.values()].some((j) => j.snapshot.recordId === recordId);
  }

  /**
   * Submits one new job per request (all with the same provider) and resolves when all have ended. Several requests
   * are a batch: counted in the status bar and summed up in one notification at the end.
   */
  start(requests: readonly ResolvedRequest[], provider: VideoProvider): Promise<AnimateResult[]> {
    const batch: Batch | undefined = requests.length > 1 ? { total: requests.length, ends: [], provider } : undefined;
    if (batch) this.batches.add(batch);
    return Promise.all(
      requests.map((request) =>
        this.track(request, provider, Date.now(), (deps, options) => startJob(deps, request, options), {
          ...(batch ? { batch } : {}),
        }),
      ),
    );
  }

  /** Progress of the batches still running (one entry per batch). */
  batchCounts(): BatchCounts[] {
    return [...this.batches].map((batch) =>
      countBatch(
        batch.total,
        batch.ends.map((end) => ({ name: basename(end.request.image), ...end.result })),
      ),
    );
  }

  /** Follows an already submitted job (never submits again). */
  async resume(record: JobRecord, interactive: boolean): Promise<AnimateResult | undefined> {
    if (this.isFollowing(record.id)) return undefined;
    // The server the job was sent to, not the one the settings name now (providers/providers.ts).
    const provider = await this.providers.forJob(record, interactive);
    if (!provider) return undefined;
    const request: ResolvedRequest = record.request;
    const origin = remixOrigin(record);
    return this.track(request, provider, record.startedAt, (deps, options) => followJob(deps, record, options), {
      record,
      ...(origin ? { remix: { source: origin, prompt: record.request.prompt } } : {}),
    });
  }

  /** Submits a remix of a finished video (a new paid job; the caller has asked) and follows it to a new MP4 beside it. */
  remix(source: RemixSource, prompt: string, provider: VideoProvider): Promise<AnimateResult> {
    const request = remixRequest(source, prompt);
    return this.track(request, provider, Date.now(), (deps, options) => remixJob(deps, source, prompt, options), {
      remix: { source, prompt },
    });
  }

  /** On activation: follow again the unfinished jobs of this window's folders (other windows follow theirs). */
  async resumeUnfinished(folders: readonly string[]): Promise<void> {
    const records = (await this.store.list())
      .filter(isUnfinished)
      .filter((r) => folders.some((f) => isInside(r.request.image, f)));
    for (const record of records) {
      this.log.info(`resuming job ${record.id} (${record.remote.provider} ${record.remote.id})`);
      void this.resume(record, false);
    }
  }

  /** The user's Cancel: the runner asks the provider to cancel the remote job when it can. */
  cancel(key: string): boolean {
    const job = this.jobs.get(key);
    if (!job) return false;
    job.abortMode = 'cancel';
    job.abort.abort();
    return true;
  }

  cancelRecord(recordId: string): boolean {
    const job = [...this.jobs.values()].find((j) => j.snapshot.recordId === recordId);
    return job ? this.cancel(job.snapshot.key) : false;
  }

  /** Cancels a persisted job nobody is following: the provider's cancel if it has one, then the record. */
  async cancelUnfollowed(record: JobRecord): Promise<string | undefined> {
    const provider = await this.providers.forJob(record, true);
    if (!provider) return undefined;
    if (provider.cancel) {
      try {
        await provider.cancel(record.remote);
      } catch (error) {
        this.log.warn(`job ${record.id}: cancel request failed: ${errorText(error)}`);
      }
    }
    await this.store.put({ ...record, state: 'cancelled', updatedAt: Date.now() });
    return provider.cancel
      ? vscode.l10n.t('Cancelled; {0} was asked to cancel the job.', localizedInfo(provider.info).label)
      : vscode.l10n.t(
          'Marked as cancelled, but {0} cannot cancel jobs: the remote job may still finish and be billed.',
          localizedInfo(provider.info).label,
        );
  }

  /** The window is closing: detach every job (records stay resumable) and give their last writes time to land. */
  async detachAll(timeoutMs: number): Promise<void> {
    this.disposed = true;
    for (const job of this.jobs.values()) job.abort.abort();
    const deadline = Date.now() + timeoutMs;
    while (this.jobs.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs.values()) job.abort.abort(); // detach: records stay resumable
    this.changed.dispose();
    this.ended.dispose();
    this.batchEnded.dispose();
  }

  private async track(
    request: ResolvedRequest,
    provider: VideoProvider,
    startedAt: number,
    work: (deps: RunnerDeps, options: RunOptions) => Promise<JobOutcome>,
    track: TrackOptions = {},
  ): Promise<AnimateResult> {
    const { record, remix, batch } = track;
    const job: TrackedJob = {
      snapshot: {
        key: randomUUID(),
        // A remix is named after the video it changes, other jobs after their image.
        name: basename(remix?.source.video ?? request.image),
        request,
        providerLabel: localizedInfo(provider.info).label,
        phase: 'queued-here',
        startedAt,
        // Not the stored progress: it may be long stale (the job may have finished meanwhile); the first poll, sent at
        // once, says where the job is.
        ...(record ? { recordId: record.id, remoteId: record.remote.id } : {}),
      },
      abort: new AbortController(),
      abortMode: 'detach',
      submitted: record !== undefined,
    };
    this.jobs.set(job.snapshot.key, job);
    this.changed.fire();
    let end: JobEnd;
    try {
      const outcome = await this.limit(() => this.run(job, provider, work));
      end = {
        request,
        provider,
        record: outcome.record,
        result: toResult(request, outcome),
        submitted: true,
        ...(remix ? { remix } : {}),
        ...(batch ? { batched: true } : {}),
      };
    } catch (error) {
      const result = failureResult(request, error, job.abortMode, provider);
      const unsent =
        !job.submitted && result.kind === 'failed'
          ? await this.recordUnsent(job, request, provider, result.message ?? '')
          : undefined;
      const kept = record ?? unsent;
      end = {
        request,
        provider,
        error,
        result,
        submitted: job.submitted,
        ...(kept ? { record: kept } : {}),
        ...(remix ? { remix } : {}),
        ...(batch ? { batched: true } : {}),
      };
      this.log.warn(
        `job ${job.snapshot.recordId ?? job.snapshot.key} (${job.snapshot.name}): ${end.result.kind}: ${end.result.message}`,
      );
    }
    this.jobs.delete(job.snapshot.key);
    batch?.ends.push(end);
    const batchDone = batch !== undefined && batch.ends.length === batch.total;
    if (batch && batchDone) this.batches.delete(batch);
    this.changed.fire();
    if (job.abortMode === 'cancel' || !job.abort.signal.aborted) this.ended.fire(end);
    // Closing the window detaches every job: no summary then (the jobs are resumed on the next start).
    if (batch && batchDone && !this.disposed)
      this.batchEnded.fire({ total: batch.total, ends: [...batch.ends], provider: batch.provider });
    return end.result;
  }

  private run(
    job: TrackedJob,
    provider: VideoProvider,
    work: (deps: RunnerDeps, options: RunOptions) => Promise<JobOutcome>,
  ): Promise<JobOutcome> {
    job.abort.signal.throwIfAborted();
    if (job.snapshot.recordId === undefined) this.update(job, { phase: 'preparing', startedAt: Date.now() });
    else this.update(job, { phase: 'running' });
    const settings = this.settings.read();
    const endpoint = this.providers.endpointOf(provider);
    // Before anything leaves: the user can see in the log (and the form showed) which server gets the image and key.
    if (job.snapshot.recordId === undefined) {
      this.log.info(
        `job ${job.snapshot.name}: ${endpoint ? `sending to ${endpoint}` : 'rendering on this computer'} (${provider.info.id} ${job.snapshot.request.model})`,
      );
    } else if (endpoint) {
      this.log.info(`job ${job.snapshot.recordId}: following at ${endpoint}`);
    }
    const deps: RunnerDeps = {
      provider,
      store: this.store,
      output: this.output,
      log: this.log.tagged('runner'),
      // Kept in the job record, so the jobs view and a resume know where it went.
      ...(endpoint ? { endpoint } : {}),
    };
    const options: RunOptions = {
      signal: job.abort.signal,
      maxWaitMs: settings.maxWaitMinutes * 60_000,
      provenance: settings.provenance,
      ...(settings.pollIntervalSeconds > 0 ? { pollIntervalMs: settings.pollIntervalSeconds * 1000 } : {}),
      get onAbort() {
        return job.abortMode;
      },
      onEvent: (event) => this.onEvent(job, event),
    };
    return work(deps, options);
  }

  private onEvent(job: TrackedJob, event: JobEvent): void {
    switch (event.type) {
      case 'preparing':
        return this.update(job, { phase: 'preparing' });
      case 'submitted':
        job.submitted = true;
        this.log.info(
          `job ${event.record.id}: ${job.snapshot.name} → ${event.record.remote.provider} job ${event.record.remote.id}`,
        );
        return this.update(job, { phase: 'queued', recordId: event.record.id, remoteId: event.record.remote.id });
      case 'status':
        return this.update(job, {
          phase: event.state,
          queuePosition: event.queuePosition,
          ...(event.progress !== undefined ? { progress: event.progress } : {}),
        });
      case 'retrying':
        return this.update(job, { phase: 'retrying' });
      case 'downloading':
        return this.update(job, { phase: 'downloading' });
      case 'saved':
        return this.update(job, { progress: 100 });
      case 'note':
        // The runner logs it; the form shows it for the image it previews before anything is paid for.
        return;
    }
  }

  /**
   * A job that failed before the provider accepted it still goes into the jobs view (failed, with the reason), so the
   * user finds it there like any other; it has no remote id, so it can never be resumed or cancelled.
   */
  private async recordUnsent(
    job: TrackedJob,
    request: ResolvedRequest,
    provider: VideoProvider,
    reason: string,
  ): Promise<JobRecord | undefined> {
    const now = Date.now();
    const record: JobRecord = {
      id: randomUUID(),
      remote: { provider: provider.info.id, id: '', model: request.model },
      request: { ...request, size: { ...request.size } },
      ...(this.providers.endpointOf(provider) ? { endpoint: this.providers.endpointOf(provider) } : {}),
      state: 'failed',
      startedAt: job.snapshot.startedAt,
      updatedAt: now,
      error: reason,
    };
    try {
      await this.store.put(record);
      return record;
    } catch (error) {
      this.log.warn(`job ${job.snapshot.name}: could not record the failure in the jobs list: ${errorText(error)}`);
      return undefined;
    }
  }

  private update(job: TrackedJob, change: Partial<JobSnapshot>): void {
    job.snapshot = { ...job.snapshot, ...change };
    this.changed.fire();
  }
}

function toResult(request: ResolvedRequest, outcome: JobOutcome): AnimateResult {
  if (outcome.kind === 'succeeded') return { image: request.image, kind: 'succeeded', output: outcome.output };
  return { image: request.image, kind: 'waiting', message: outcome.record.remote.id };
}

function failureResult(
  request: ResolvedRequest,
  error: unknown,
  mode: 'cancel' | 'detach',
  provider: VideoProvider,
): AnimateResult {
  const label = localizedInfo(provider.info).label;
  if (error instanceof AnimateError && error.kind === 'cancelled') {
    // The user's Cancel of a sent job: the core's English sentence, in the display language.
    const message = mode === 'cancel' ? cancelledText(label, provider.cancel !== undefined, translate) : error.message;
    return { image: request.image, kind: 'cancelled', message };
  }
  if (isAbortError(error)) {
    const message =
      mode === 'cancel' ? vscode.l10n.t('Cancelled before anything was sent to {0}.', label) : errorText(error);
    return { image: request.image, kind: 'cancelled', message };
  }
  return { image: request.image, kind: 'failed', message: localizeFailure(errorText(error), label, translate) };
}

const translate: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isInside(path: string, folder: string): boolean {
  const base =
    folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}${folder.includes('\\') ? '\\' : '/'}`;
  return path.startsWith(base);
}

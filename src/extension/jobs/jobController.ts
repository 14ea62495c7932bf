import { basename } from 'node:path';
import * as vscode from 'vscode';
import { AnimateError, errorMessage, isAbortError, NOT_STARTED } from '../../core/errors';
import { isUnfinished, type JobRecord } from '../../core/jobs/record';
import type { RemixSource } from '../../core/jobs/remix';
import type { JobOutcome } from '../../core/jobs/runner';
import {
  JobSupervisor,
  type Launch,
  type RemixRequest,
  type SupervisedEnd,
  type SupervisedJob,
} from '../../core/jobs/supervisor';
import type { JobStore } from '../../core/jobs/store';
import type { AbortMode } from '../../core/jobs/jobState';
import type { OutputPort } from '../../core/output';
import type { VideoProvider } from '../../core/providers/provider';
import type { ResolvedRequest } from '../../core/request';
import type { AnimateResult } from '../animate/animateOptions';
import { countBatch, type BatchCounts } from './batchSummary';
import type { Log } from '../platform/log';
import type { ProviderFactory } from '../providers/providers';
import type { SettingsReader } from '../settings/settings';

export type { RemixRequest } from '../../core/jobs/supervisor';

/** The default of `animateImage.concurrency`: at most this many jobs run at once (a multi-select of 20 images queues the rest). */
export const maxConcurrentJobs = 3;

/** A job this window is running or following, as the status bar and the menus see it. */
export interface JobSnapshot extends SupervisedJob {
  readonly providerLabel: string;
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

/**
 * The window's adapter over the core job supervisor (which runs, limits, stops and de-duplicates the jobs): it
 * reads the settings, builds providers for recorded jobs, words results in the display language and turns the
 * supervisor's news into VS Code events for the status bar, the jobs view and the notifications.
 */
export class JobController implements vscode.Disposable {
  private readonly supervisor: JobSupervisor;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly ended = new vscode.EventEmitter<JobEnd>();
  private readonly batchEnded = new vscode.EventEmitter<BatchEndEvent>();
  private readonly unlisten: () => void;
  readonly onDidChange = this.changed.event;
  readonly onDidEnd = this.ended.event;
  readonly onDidEndBatch = this.batchEnded.event;

  constructor(
    private readonly store: JobStore,
    output: OutputPort,
    private readonly providers: ProviderFactory,
    settings: SettingsReader,
    private readonly log: Log,
  ) {
    this.supervisor = new JobSupervisor({
      store,
      output,
      log,
      runnerLog: log.tagged('runner'),
      // Read on every slot change, so a new `animateImage.concurrency` applies to jobs still waiting.
      concurrency: () => settings.read().concurrency,
      settings: () => {
        const read = settings.read();
        return {
          maxWaitMs: read.maxWaitMinutes * 60_000,
          provenance: read.provenance,
          ...(read.pollIntervalSeconds > 0 ? { pollIntervalMs: read.pollIntervalSeconds * 1000 } : {}),
        };
      },
      // The core's message is already in the display language: the jobs view records it as it is.
      unsentReason: errorMessage,
    });
    this.unlisten = this.supervisor.listen({
      changed: () => this.changed.fire(),
      ended: (end) => this.onEnded(end),
      batchEnded: (batch) =>
        this.batchEnded.fire({ total: batch.total, ends: batch.ends.map(toJobEnd), provider: batch.provider }),
    });
  }

  list(): JobSnapshot[] {
    return this.supervisor.list().map(withLabel);
  }

  get(key: string): JobSnapshot | undefined {
    const job = this.supervisor.get(key);
    return job ? withLabel(job) : undefined;
  }

  isFollowing(recordId: string): boolean {
    return this.supervisor.following(recordId) !== undefined;
  }

  /**
   * Submits one new job per request (all with the same provider) and resolves when all have ended. Several requests
   * are a batch: counted in the status bar and summed up in one notification at the end.
   */
  async start(requests: readonly ResolvedRequest[], provider: VideoProvider): Promise<AnimateResult[]> {
    const ends = await this.supervisor.start(requests, this.launch(provider));
    return ends.map((end) => toJobEnd(end).result);
  }

  /** Progress of the batches still running (one entry per batch). */
  batchCounts(): BatchCounts[] {
    return this.supervisor.batches().map((batch) =>
      countBatch(
        batch.total,
        batch.ends.map((end) => ({ name: basename(end.job.request.image), ...toJobEnd(end).result })),
      ),
    );
  }

  /** Follows an already submitted job (never submits again). */
  async resume(record: JobRecord, interactive: boolean): Promise<AnimateResult | undefined> {
    if (this.isFollowing(record.id)) return undefined;
    // The server the job was sent to, not the one the settings name now (providers/providers.ts).
    const provider = await this.providers.forJob(record, interactive);
    if (!provider) return undefined;
    return toJobEnd(await this.supervisor.follow(record, this.launch(provider))).result;
  }

  /** Submits a remix of a finished video (a new paid job; the caller has asked) and follows it to a new MP4 beside it. */
  async remix(source: RemixSource, prompt: string, provider: VideoProvider): Promise<AnimateResult> {
    return toJobEnd(await this.supervisor.remix(source, prompt, this.launch(provider))).result;
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
    return this.supervisor.cancel(key);
  }

  cancelRecord(recordId: string): boolean {
    return this.supervisor.cancelRecord(recordId);
  }

  /** Cancels a persisted job nobody is following: the provider's cancel if it has one, then the record. */
  async cancelUnfollowed(record: JobRecord): Promise<string | undefined> {
    const provider = await this.providers.forJob(record, true);
    if (!provider) return undefined;
    const asked = await this.supervisor.cancelUnfollowed(record, provider);
    return asked
      ? vscode.l10n.t('Cancelled; {0} was asked to cancel the job.', provider.info.label)
      : vscode.l10n.t(
          'Marked as cancelled, but {0} cannot cancel jobs: the remote job may still finish and be billed.',
          provider.info.label,
        );
  }

  /** The window is closing: detach every job (records stay resumable) and give their last writes time to land. */
  async detachAll(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    try {
      await Promise.race([this.supervisor.detachAll(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    void this.supervisor.detachAll(); // detach: records stay resumable
    this.unlisten();
    this.changed.dispose();
    this.ended.dispose();
    this.batchEnded.dispose();
  }

  /** Where the job goes: kept in its record, so the jobs view and a resume know (providers/providers.ts). */
  private launch(provider: VideoProvider): Launch {
    const endpoint = this.providers.endpointOf(provider);
    return { provider, ...(endpoint ? { endpoint } : {}) };
  }

  private onEnded(end: SupervisedEnd): void {
    const jobEnd = toJobEnd(end);
    if (end.error !== undefined) {
      this.log.warn(
        `job ${end.job.recordId ?? end.job.key} (${end.job.name}): ${jobEnd.result.kind}: ${jobEnd.result.message}`,
      );
    }
    // A detached job (the window closing) tells nothing: it is resumed on the next start.
    if (end.stopped !== 'detach') this.ended.fire(jobEnd);
  }
}

function withLabel(job: SupervisedJob): JobSnapshot {
  return { ...job, providerLabel: job.provider.info.label };
}

function toJobEnd(end: SupervisedEnd): JobEnd {
  const { request, provider, remix, submitted } = end.job;
  return {
    request,
    provider,
    result: end.outcome ? toResult(request, end.outcome) : failureResult(request, end.error, end.stopped, provider),
    submitted: end.outcome !== undefined || submitted,
    ...(end.record ? { record: end.record } : {}),
    ...(end.error !== undefined ? { error: end.error } : {}),
    ...(remix ? { remix } : {}),
    ...(end.batch ? { batched: true } : {}),
  };
}

function toResult(request: ResolvedRequest, outcome: JobOutcome): AnimateResult {
  if (outcome.kind === 'succeeded') return { image: request.image, kind: 'succeeded', output: outcome.output };
  return { image: request.image, kind: 'waiting', message: outcome.record.remote.id };
}

function failureResult(
  request: ResolvedRequest,
  error: unknown,
  mode: AbortMode | undefined,
  provider: VideoProvider,
): AnimateResult {
  const { image } = request;
  const label = provider.info.label;
  const notSent = error instanceof AnimateError && error.details.code === NOT_STARTED;
  if (error instanceof AnimateError && error.kind === 'cancelled' && !notSent) {
    // The user's Cancel of a sent job: the core's own sentence (describeCancel), already in the display language.
    return { image, kind: 'cancelled', message: error.message };
  }
  if (isAbortError(error)) {
    const message =
      mode === 'cancel' ? vscode.l10n.t('Cancelled before anything was sent to {0}.', label) : errorMessage(error);
    return { image, kind: 'cancelled', message };
  }
  return { image, kind: 'failed', message: errorMessage(error) };
}

function isInside(path: string, folder: string): boolean {
  const base =
    folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}${folder.includes('\\') ? '\\' : '/'}`;
  return path.startsWith(base);
}

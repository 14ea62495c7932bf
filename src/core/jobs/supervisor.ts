// Runs the jobs of one shell (the extension's window, a CLI run, the MCP server): at most `concurrency` at once,
// each with its own stop (the user's Cancel cancels the remote job, closing detaches it), batches counted, every
// job's phase kept for the status line, and a job already followed here never followed (or created) twice.
import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { AnimateError, errorMessage, isAbortError } from '../errors';
import { notStartedError } from './notStarted';
import type { OutputPort } from '../output';
import type { VideoProvider } from '../providers/provider';
import type { ResolvedRequest } from '../request';
import type { Logger } from '../types';
import type { Clock } from './clock';
import type { AbortMode, JobEnding, JobPhase } from './jobState';
import { createLimiter, type Limiter } from './limiter';
import type { JobRecord } from './record';
import { remixJob, remixOrigin, remixRequest, type RemixSource } from './remix';
import { followJob, startJob, type JobEvent, type JobOutcome, type RunOptions, type RunnerDeps } from './runner';
import type { JobStore } from './store';

/** How every job of this supervisor is followed; read when each job gets its slot (a changed setting applies). */
export type FollowSettings = Pick<RunOptions, 'maxWaitMs' | 'pollIntervalMs' | 'provenance'>;

export interface SupervisorDeps {
  readonly store: JobStore;
  readonly output: OutputPort;
  readonly log: Logger;
  /** The runner's log, when it is tagged apart from the supervisor's lines. */
  readonly runnerLog?: Logger;
  readonly clock?: Clock;
  /** At most this many jobs run at once, the rest wait here (`queued-here`); a function is read at every slot change. Unset: no limit. */
  readonly concurrency?: number | (() => number);
  readonly settings?: () => FollowSettings;
  /**
   * The reason to record for a job that failed before the provider accepted it, so a jobs list shows it (failed, no
   * remote id: never resumable). Unset: such failures are not recorded.
   */
  readonly unsentReason?: (error: unknown, provider: VideoProvider) => string;
}

/** How one job is launched: with which provider, to which address, and who else hears of it. */
export interface Launch {
  readonly provider: VideoProvider;
  /** Where the provider sends the job; kept in its record so a resume asks the same server. Unset: its default. */
  readonly endpoint?: string;
  /** Each runner event of a job (a progress line, an MCP client's notifications). */
  readonly onEvent?: (event: JobEvent, job: SupervisedJob) => void;
  /** Runs in the job's slot once its video is saved (the CLI's `--also` conversions); a throw fails the job. */
  readonly afterSaved?: (job: SupervisedJob, output: string, signal: AbortSignal) => Promise<void>;
}

/** A remix: the finished video it changes and the new prompt (a retry remixes again). */
export interface RemixRequest {
  readonly source: RemixSource;
  readonly prompt: string;
}

/** A job this supervisor runs or follows, as a status line sees it. */
export interface SupervisedJob {
  readonly key: string;
  /** The image's file name (a remix's: its video's). */
  readonly name: string;
  readonly request: ResolvedRequest;
  readonly provider: VideoProvider;
  readonly phase: JobPhase;
  readonly progress?: number;
  /** Requests ahead in the provider's queue while queued there (fal says); cleared by any other status. */
  readonly queuePosition?: number;
  readonly startedAt: number;
  readonly recordId?: string;
  readonly remoteId?: string;
  readonly remix?: RemixRequest;
  /** The provider accepted the create (or it is a recorded job): from then on it may bill. */
  readonly submitted: boolean;
}

/** How a job ended here, reported once. */
export interface SupervisedEnd {
  readonly job: SupervisedJob;
  readonly ending: JobEnding;
  /** What the runner returned (`succeeded` or `waiting`); unset when it threw `error`. */
  readonly outcome?: JobOutcome;
  readonly error?: unknown;
  /** The job's record: the outcome's, the recorded job followed, or the record of an unsent failure. */
  readonly record?: JobRecord;
  /** Set when the job was stopped here: `cancel` (the user's Cancel) or `detach` (closing; the job stays resumable). */
  readonly stopped?: AbortMode;
  readonly batch?: SupervisedBatch;
}

/** Several jobs started together; `batchEnded` is heard once, when the last has ended (not while closing). */
export interface SupervisedBatch {
  readonly total: number;
  readonly ends: readonly SupervisedEnd[];
  readonly provider: VideoProvider;
}

export interface SupervisorListener {
  /** Any job's phase, progress or the set of jobs changed. */
  readonly changed?: () => void;
  readonly ended?: (end: SupervisedEnd) => void;
  readonly batchEnded?: (batch: SupervisedBatch) => void;
}

interface Tracked {
  job: SupervisedJob;
  readonly abort: AbortController;
  /** Read by the runner when the signal fires: the user's Cancel cancels, anything else detaches. */
  stopMode: AbortMode;
  ended?: Promise<SupervisedEnd>;
}

interface Batch extends SupervisedBatch {
  readonly ends: SupervisedEnd[];
}

type Work = (deps: RunnerDeps, options: RunOptions) => Promise<JobOutcome>;

export class JobSupervisor {
  private readonly jobs = new Map<string, Tracked>();
  private readonly running = new Set<Batch>();
  private readonly listeners = new Set<SupervisorListener>();
  private readonly limit: Limiter | undefined;
  private closing = false;

  constructor(private readonly deps: SupervisorDeps) {
    this.limit = deps.concurrency === undefined ? undefined : createLimiter(deps.concurrency);
  }

  /** Hears every change and end; returns the way to stop hearing them. */
  listen(listener: SupervisorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): SupervisedJob[] {
    return [...this.jobs.values()].map((t) => t.job);
  }

  get(key: string): SupervisedJob | undefined {
    return this.jobs.get(key)?.job;
  }

  /** The job followed here under this record id (a new job has one from its `submitted` event on). */
  following(recordId: string): SupervisedJob | undefined {
    return this.trackedRecord(recordId)?.job;
  }

  /** The batches still running (one entry each), with the ends so far. */
  batches(): SupervisedBatch[] {
    return [...this.running];
  }

  /**
   * Submits one new job per request (all with the same provider) and resolves when all have ended. Several requests
   * are a batch.
   */
  start(requests: readonly ResolvedRequest[], launch: Launch): Promise<SupervisedEnd[]> {
    const batch: Batch | undefined =
      requests.length > 1 ? { total: requests.length, ends: [], provider: launch.provider } : undefined;
    if (batch) this.running.add(batch);
    return Promise.all(
      requests.map((request) =>
        this.track(request, launch, (deps, options) => startJob(deps, request, options), batch ? { batch } : {}),
      ),
    );
  }

  /**
   * Follows a recorded job (never submits). A job already followed here is not followed twice: the caller gets the
   * end of the follow already running.
   */
  follow(record: JobRecord, launch: Launch): Promise<SupervisedEnd> {
    const already = this.trackedRecord(record.id)?.ended;
    if (already) return already;
    const origin = remixOrigin(record);
    return this.track(record.request, launch, (deps, options) => followJob(deps, record, options), {
      record,
      ...(origin ? { remix: { source: origin, prompt: record.request.prompt } } : {}),
    });
  }

  /** Submits a remix of a finished video (a new paid job) and follows it to a new video beside it. */
  remix(source: RemixSource, prompt: string, launch: Launch): Promise<SupervisedEnd> {
    return this.track(
      remixRequest(source, prompt),
      launch,
      (deps, options) => remixJob(deps, source, prompt, options),
      { remix: { source, prompt } },
    );
  }

  /** The user's Cancel: the runner asks the provider to cancel the remote job when it can. */
  cancel(key: string): boolean {
    const tracked = this.jobs.get(key);
    if (!tracked) return false;
    tracked.stopMode = 'cancel';
    tracked.abort.abort();
    return true;
  }

  cancelRecord(recordId: string): boolean {
    const tracked = this.trackedRecord(recordId);
    return tracked ? this.cancel(tracked.job.key) : false;
  }

  /**
   * Cancels a recorded job nobody follows here: the provider's cancel if it has one (a failed request is only
   * logged), then the record. Resolves to whether the provider was asked.
   */
  async cancelUnfollowed(record: JobRecord, provider: VideoProvider): Promise<boolean> {
    if (provider.cancel) {
      try {
        await provider.cancel(record.remote);
      } catch (error) {
        this.deps.log.warn(`job ${record.id}: cancel request failed: ${errorMessage(error)}`);
      }
    }
    await this.deps.store.put({ ...record, state: 'cancelled', updatedAt: this.now() });
    return provider.cancel !== undefined;
  }

  /** Closing: stops following every job (records stay resumable) and resolves once each has recorded where it stopped. */
  async detachAll(): Promise<void> {
    this.closing = true;
    const ends = [...this.jobs.values()].flatMap((t) => (t.ended ? [t.ended] : []));
    for (const tracked of this.jobs.values()) tracked.abort.abort();
    await Promise.allSettled(ends);
  }

  private trackedRecord(recordId: string): Tracked | undefined {
    return [...this.jobs.values()].find((t) => t.job.recordId === recordId);
  }

  private now(): number {
    return (this.deps.clock ?? Date).now();
  }

  private track(
    request: ResolvedRequest,
    launch: Launch,
    work: Work,
    options: { readonly record?: JobRecord; readonly remix?: RemixRequest; readonly batch?: Batch },
  ): Promise<SupervisedEnd> {
    const { record, remix, batch } = options;
    const tracked: Tracked = {
      job: {
        key: randomUUID(),
        name: basename(remix?.source.video ?? request.image),
        request,
        provider: launch.provider,
        phase: 'queued-here',
        startedAt: record?.startedAt ?? this.now(),
        // Not the stored progress: it may be long stale; the first poll, sent at once, says where the job is.
        ...(record ? { recordId: record.id, remoteId: record.remote.id } : {}),
        ...(remix ? { remix } : {}),
        submitted: record !== undefined,
      },
      abort: new AbortController(),
      stopMode: 'detach',
    };
    this.jobs.set(tracked.job.key, tracked);
    this.emit((l) => l.changed?.());
    const ended = this.settle(tracked, launch, work, record, batch);
    tracked.ended = ended;
    return ended;
  }

  private async settle(
    tracked: Tracked,
    launch: Launch,
    work: Work,
    followed: JobRecord | undefined,
    batch: Batch | undefined,
  ): Promise<SupervisedEnd> {
    let end: SupervisedEnd;
    try {
      const outcome = await (this.limit
        ? this.limit(() => this.run(tracked, launch, work))
        : this.run(tracked, launch, work));
      end = { job: tracked.job, ending: outcome.kind, outcome, record: outcome.record };
    } catch (error) {
      const stopped = tracked.abort.signal.aborted ? tracked.stopMode : undefined;
      const ending: JobEnding = isAbortError(error) ? 'cancelled' : 'failed';
      const record =
        followed ?? (ending === 'failed' ? await this.recordUnsent(tracked.job, launch, error) : undefined);
      end = {
        job: tracked.job,
        ending,
        error,
        ...(record ? { record } : {}),
        ...(stopped ? { stopped } : {}),
      };
    }
    if (batch) end = { ...end, batch };
    this.jobs.delete(tracked.job.key);
    batch?.ends.push(end);
    const batchDone = batch !== undefined && batch.ends.length === batch.total;
    if (batch && batchDone) this.running.delete(batch);
    this.emit((l) => l.changed?.());
    this.emit((l) => l.ended?.(end));
    // Closing detaches every job: no summary then (the jobs are resumed on the next start).
    if (batch && batchDone && !this.closing) {
      const summary: SupervisedBatch = { total: batch.total, ends: [...batch.ends], provider: batch.provider };
      this.emit((l) => l.batchEnded?.(summary));
    }
    return end;
  }

  private async run(tracked: Tracked, launch: Launch, work: Work): Promise<JobOutcome> {
    const { signal } = tracked.abort;
    const { provider } = launch;
    // Stopped while waiting for its slot: a new job was never sent; a recorded one detached is left as recorded
    // (resumable). A recorded one the user cancelled goes on to the runner, which cancels it at the provider.
    if (signal.aborted && !tracked.job.submitted) throw notStartedError();
    if (signal.aborted && tracked.stopMode === 'detach') {
      throw new AnimateError(
        'cancelled',
        l10n.t(
          'Stopped before following job {0} again; it is still running at {1} and can be resumed.',
          tracked.job.recordId ?? '',
          provider.info.label,
        ),
      );
    }
    const endpoint = launch.endpoint ?? provider.info.defaultBaseUrl;
    if (tracked.job.recordId === undefined) {
      this.update(tracked, { phase: 'preparing', startedAt: this.now() });
      // Before anything leaves: the log says which server gets the image and the key.
      this.deps.log.info(
        `job ${tracked.job.name}: ${endpoint ? `sending to ${endpoint}` : 'rendering on this computer'} (${provider.info.id} ${tracked.job.request.model})`,
      );
    } else {
      this.update(tracked, { phase: 'running' });
      if (endpoint) this.deps.log.info(`job ${tracked.job.recordId}: following at ${endpoint}`);
    }
    const deps: RunnerDeps = {
      provider,
      store: this.deps.store,
      output: this.deps.output,
      log: this.deps.runnerLog ?? this.deps.log,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(launch.endpoint ? { endpoint: launch.endpoint } : {}),
    };
    const options: RunOptions = {
      ...this.deps.settings?.(),
      signal,
      get onAbort() {
        return tracked.stopMode;
      },
      onEvent: (event) => {
        this.onEvent(tracked, event);
        launch.onEvent?.(event, tracked.job);
      },
    };
    const outcome = await work(deps, options);
    if (outcome.kind === 'succeeded' && launch.afterSaved) await launch.afterSaved(tracked.job, outcome.output, signal);
    return outcome;
  }

  private onEvent(tracked: Tracked, event: JobEvent): void {
    switch (event.type) {
      case 'preparing':
        return this.update(tracked, { phase: 'preparing' });
      case 'submitted':
        this.deps.log.info(
          `job ${event.record.id}: ${tracked.job.name} → ${event.record.remote.provider} job ${event.record.remote.id}`,
        );
        return this.update(tracked, {
          phase: 'queued',
          recordId: event.record.id,
          remoteId: event.record.remote.id,
          submitted: true,
        });
      case 'status': {
        const { queuePosition: _previous, ...rest } = tracked.job;
        tracked.job = {
          ...rest,
          phase: event.state,
          ...(event.queuePosition !== undefined ? { queuePosition: event.queuePosition } : {}),
          ...(event.progress !== undefined ? { progress: event.progress } : {}),
        };
        return this.emit((l) => l.changed?.());
      }
      case 'retrying':
        return this.update(tracked, { phase: 'retrying' });
      case 'downloading':
        return this.update(tracked, { phase: 'downloading' });
      case 'saved':
        return this.update(tracked, { progress: 100 });
      case 'note':
        // The runner logs it; a shell shows it where it fits.
        return;
    }
  }

  /**
   * A job that failed before the provider accepted it still goes into the job list (failed, with the reason) when
   * the shell asks for it; it has no remote id, so it can never be resumed or cancelled.
   */
  private async recordUnsent(job: SupervisedJob, launch: Launch, error: unknown): Promise<JobRecord | undefined> {
    if (job.submitted || !this.deps.unsentReason) return undefined;
    const { request, provider } = job;
    const record: JobRecord = {
      id: randomUUID(),
      remote: { provider: provider.info.id, id: '', model: request.model },
      request: { ...request, size: { ...request.size } },
      ...(launch.endpoint ? { endpoint: launch.endpoint } : {}),
      state: 'failed',
      startedAt: job.startedAt,
      updatedAt: this.now(),
      error: this.deps.unsentReason(error, provider),
    };
    try {
      await this.deps.store.put(record);
      return record;
    } catch (storeError) {
      this.deps.log.warn(`job ${job.name}: could not record the failure in the jobs list: ${errorMessage(storeError)}`);
      return undefined;
    }
  }

  private update(tracked: Tracked, change: Partial<SupervisedJob>): void {
    tracked.job = { ...tracked.job, ...change };
    this.emit((l) => l.changed?.());
  }

  private emit(hear: (listener: SupervisorListener) => void): void {
    for (const listener of this.listeners) hear(listener);
  }
}

/**
 * Jobs an agent started over MCP. A tool call waits for its job at most `maxWaitMs` (clients time tool calls out);
 * the job goes on being followed here meanwhile, so `job_status` sees its progress and `resume_job` waits for the
 * same follow — never a second create. Jobs this server did not start (or stopped following) are followed again
 * from the job store with the runner's lease, which keeps two followers from downloading twice.
 */
import { AnimateError, jobWasCreated } from '../core/errors';
import type { Reservation } from '../core/jobs/budget';
import type { JobRecord } from '../core/jobs/record';
import { followJob, startJob, type JobEvent, type JobOutcome, type RunnerDeps } from '../core/jobs/runner';
import type { ResolvedRequest } from '../core/request';

/** How long a job is followed after the call that started it returned; then it is left resumable in the store. */
const backgroundFollowMs = 30 * 60_000;

export type JobListener = (event: JobEvent) => void;

/** What a tool call learns about a job when it stops waiting. */
export type AgentJobResult =
  | { readonly status: 'succeeded'; readonly image: string; readonly jobId: string; readonly output: string }
  | { readonly status: 'running'; readonly image: string; readonly jobId: string; readonly progress?: number }
  | {
      readonly status: 'failed';
      readonly image: string;
      readonly jobId?: string | undefined;
      readonly error: string;
      readonly created: 'yes' | 'no' | 'maybe';
    };

interface Followed {
  readonly outcome: Promise<JobOutcome>;
  listener: JobListener | undefined;
  progress?: number;
}

export class AgentJobs {
  private readonly followed = new Map<string, Followed>();
  private readonly stopping = new AbortController();
  private readonly pending = new Set<Promise<unknown>>();

  /** Whether this server is following the job right now. */
  isFollowing(jobId: string): boolean {
    return this.followed.has(jobId);
  }

  /** Starts one new job (its budget already reserved) and waits for it at most `maxWaitMs`. */
  /** `stopWaiting`: the client cancelled the call; the job goes on and stays resumable, as after the max wait. */
  async start(
    deps: RunnerDeps,
    request: ResolvedRequest,
    reservation: Reservation,
    maxWaitMs: number,
    listener: JobListener,
    stopWaiting?: AbortSignal,
  ): Promise<AgentJobResult> {
    let submitted: (record: JobRecord) => void = () => {};
    const recorded = new Promise<JobRecord>((resolve) => (submitted = resolve));
    let entry: Followed | undefined;
    let early: JobListener | undefined = listener;
    const outcome = startJob(deps, request, {
      signal: this.stopping.signal,
      maxWaitMs: backgroundFollowMs,
      onAbort: 'detach',
      onEvent: (event) => {
        if (event.type === 'submitted') {
          entry = { outcome, listener: early, progress: 0 };
          this.followed.set(event.record.id, entry);
          submitted(event.record);
        }
        if (event.type === 'status' && entry && event.progress !== undefined) entry.progress = event.progress;
        (entry ? entry.listener : early)?.(event);
      },
    });
    this.track(
      outcome,
      () => reservation,
      () => entry,
    );
    const settled = await waitAtMost(outcome, maxWaitMs, stopWaiting);
    if (settled) return this.result(request.image, settled);
    // The create is on its way: its answer (bounded by the provider's timeouts) gives the id to come back with.
    const record = await Promise.race([recorded, outcome.then((o) => o.record)]).catch(() => undefined);
    early = undefined;
    if (entry) entry.listener = undefined;
    return record ? this.running(request.image, record.id) : this.result(request.image, await settle(outcome));
  }

  /** Waits for a recorded job at most `maxWaitMs`: the follow already running here, else a new follow from the store. */
  async resume(
    deps: RunnerDeps,
    record: JobRecord,
    maxWaitMs: number,
    listener: JobListener,
    stopWaiting?: AbortSignal,
  ): Promise<AgentJobResult> {
    let entry = this.followed.get(record.id);
    if (!entry) {
      const created: Followed = {
        outcome: followJob(deps, record, {
          signal: this.stopping.signal,
          maxWaitMs: backgroundFollowMs,
          onAbort: 'detach',
          onEvent: (event) => {
            if (event.type === 'status' && event.progress !== undefined) created.progress = event.progress;
            created.listener?.(event);
          },
        }),
        listener: undefined,
        ...(record.progress === undefined ? {} : { progress: record.progress }),
      };
      entry = created;
      this.followed.set(record.id, created);
      this.track(
        created.outcome,
        () => undefined,
        () => created,
      );
    }
    entry.listener = listener;
    try {
      const settled = await waitAtMost(entry.outcome, maxWaitMs, stopWaiting);
      return settled
        ? this.result(record.request.image, settled, record.id)
        : this.running(record.request.image, record.id);
    } finally {
      entry.listener = undefined;
    }
  }

  /** Stops following (the jobs stay resumable) and waits until each follow has recorded where it stopped. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.pending]);
  }

  private track(
    outcome: Promise<JobOutcome>,
    reservation: () => Reservation | undefined,
    entry: () => Followed | undefined,
  ): void {
    const done = outcome.then(
      (o) => {
        this.forget(o.record.id, entry());
      },
      (error: unknown) => {
        reservation()?.settleFailure(error);
        if (error instanceof AnimateError && error.details.jobId) this.forget(error.details.jobId, entry());
      },
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  private forget(jobId: string, entry: Followed | undefined): void {
    if (entry && this.followed.get(jobId) === entry) this.followed.delete(jobId);
  }

  private running(image: string, jobId: string): AgentJobResult {
    const progress = this.followed.get(jobId)?.progress;
    return { status: 'running', image, jobId, ...(progress === undefined ? {} : { progress }) };
  }

  private result(image: string, settled: Settled, jobId?: string): AgentJobResult {
    if ('outcome' in settled) {
      const { outcome } = settled;
      if (outcome.kind === 'succeeded')
        return { status: 'succeeded', image, jobId: outcome.record.id, output: outcome.output };
      return this.running(image, outcome.record.id);
    }
    const { error } = settled;
    const id = error instanceof AnimateError ? error.details.jobId : undefined;
    const created = jobWasCreated(error) ?? 'maybe';
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', image, ...((id ?? jobId) ? { jobId: id ?? jobId } : {}), error: message, created };
  }
}

type Settled = { readonly outcome: JobOutcome } | { readonly error: unknown };

function settle(promise: Promise<JobOutcome>): Promise<Settled> {
  return promise.then(
    (outcome) => ({ outcome }),
    (error: unknown) => ({ error }),
  );
}

/** The promise's result if it settles within `ms` (and before `stop`), else undefined (it keeps running). */
async function waitAtMost(promise: Promise<JobOutcome>, ms: number, stop?: AbortSignal): Promise<Settled | undefined> {
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, stop?.aborted ? 0 : ms, undefined);
    onStop = () => resolve(undefined);
    stop?.addEventListener('abort', onStop, { once: true });
  });
  try {
    return await Promise.race([settle(promise), timeout]);
  } finally {
    clearTimeout(timer);
    if (onStop) stop?.removeEventListener('abort', onStop);
  }
}

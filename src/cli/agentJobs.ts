/**
 * Jobs an agent started over MCP. A tool call waits for its job at most `maxWaitMs` (clients time tool calls out);
 * the job goes on being followed here meanwhile (by the core job supervisor), so `job_status` sees its progress and
 * `resume_job` waits for the same follow — never a second create. Jobs this server did not start (or stopped
 * following) are followed again from the job store with the runner's lease, which keeps two followers from
 * downloading twice.
 */
import { AnimateError, jobWasCreated, errorMessage } from '../core/errors';
import type { Reservation } from '../core/jobs/budget';
import type { JobRecord } from '../core/jobs/record';
import type { JobEvent, RunnerDeps } from '../core/jobs/runner';
import { JobSupervisor, type Launch, type SupervisedEnd } from '../core/jobs/supervisor';
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

/** Who hears a job's events: the tool call waiting for it, if any (the job goes on after the call returns). */
interface Route {
  listener: JobListener | undefined;
}

export class AgentJobs {
  /** Built from the first call's store, output and log: the server passes the same ones to every call. */
  private supervisor: JobSupervisor | undefined;
  /** By the supervisor's job key. */
  private readonly routes = new Map<string, Route>();

  /** Whether this server is following the job right now. */
  isFollowing(jobId: string): boolean {
    return this.supervisor?.following(jobId) !== undefined;
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
    const route: Route = { listener };
    const ended = this.jobsFor(deps)
      .start(
        [request],
        this.launch(deps, route, (record) => submitted(record)),
      )
      .then(([end]) => end as SupervisedEnd);
    void ended.then((end) => {
      if (end.error !== undefined) reservation.settleFailure(end.error);
    });
    const settled = await waitAtMost(ended, maxWaitMs, stopWaiting);
    if (settled) return this.result(request.image, settled);
    // The create is on its way: its answer (bounded by the provider's timeouts) gives the id to come back with.
    const record = await Promise.race([recorded, ended.then((end) => end.outcome?.record)]);
    route.listener = undefined;
    return record ? this.running(record.id, request.image, 0) : this.result(request.image, await ended);
  }

  /** Waits for a recorded job at most `maxWaitMs`: the follow already running here, else a new follow from the store. */
  async resume(
    deps: RunnerDeps,
    record: JobRecord,
    maxWaitMs: number,
    listener: JobListener,
    stopWaiting?: AbortSignal,
  ): Promise<AgentJobResult> {
    const jobs = this.jobsFor(deps);
    const followed = jobs.following(record.id);
    const route = (followed && this.routes.get(followed.key)) ?? { listener: undefined };
    // The supervisor hands back the follow already running, if any: one follower per job.
    const ended = jobs.follow(record, this.launch(deps, route));
    route.listener = listener;
    try {
      const settled = await waitAtMost(ended, maxWaitMs, stopWaiting);
      return settled
        ? this.result(record.request.image, settled, record.id)
        : this.running(record.id, record.request.image, record.progress);
    } finally {
      route.listener = undefined;
    }
  }

  /** Stops following (the jobs stay resumable) and waits until each follow has recorded where it stopped. */
  async close(): Promise<void> {
    await this.supervisor?.detachAll();
  }

  private jobsFor(deps: RunnerDeps): JobSupervisor {
    if (this.supervisor) return this.supervisor;
    const supervisor = new JobSupervisor({
      store: deps.store,
      output: deps.output,
      log: deps.log,
      settings: () => ({ maxWaitMs: backgroundFollowMs }),
    });
    supervisor.listen({ ended: (end) => this.routes.delete(end.job.key) });
    this.supervisor = supervisor;
    return supervisor;
  }

  private launch(deps: RunnerDeps, route: Route, onSubmitted?: (record: JobRecord) => void): Launch {
    return {
      provider: deps.provider,
      ...(deps.endpoint ? { endpoint: deps.endpoint } : {}),
      onEvent: (event, job) => {
        this.routes.set(job.key, route);
        if (event.type === 'submitted') onSubmitted?.(event.record);
        route.listener?.(event);
      },
    };
  }

  /** `known`: the progress to say until the job's first poll here has answered. */
  private running(jobId: string, image: string, known?: number): AgentJobResult {
    const progress = this.supervisor?.following(jobId)?.progress ?? known;
    return { status: 'running', image, jobId, ...(progress === undefined ? {} : { progress }) };
  }

  private result(image: string, end: SupervisedEnd, jobId?: string): AgentJobResult {
    const { outcome, error } = end;
    if (outcome) {
      if (outcome.kind === 'succeeded')
        return { status: 'succeeded', image, jobId: outcome.record.id, output: outcome.output };
      return this.running(outcome.record.id, image);
    }
    const id = error instanceof AnimateError ? error.details.jobId : undefined;
    const created = jobWasCreated(error) ?? 'maybe';
    const message = errorMessage(error);
    return { status: 'failed', image, ...((id ?? jobId) ? { jobId: id ?? jobId } : {}), error: message, created };
  }
}

/** The promise's value if it settles within `ms` (and before `stop`), else undefined (it keeps running). */
async function waitAtMost<T>(promise: Promise<T>, ms: number, stop?: AbortSignal): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, stop?.aborted ? 0 : ms, undefined);
    onStop = () => resolve(undefined);
    stop?.addEventListener('abort', onStop, { once: true });
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    if (onStop) stop?.removeEventListener('abort', onStop);
  }
}

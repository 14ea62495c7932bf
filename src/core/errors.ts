/** Why a job or a request could not go on; the CLI maps it to an exit code, the extension to a message. */
export type AnimateErrorKind =
  | 'bad-input' // the user's image, prompt, flags or settings are wrong: fix and retry
  | 'auth' // key missing or rejected
  | 'rate-limit' // provider says slow down / out of quota
  | 'provider' // the provider failed the job or the request (moderation, bad parameter, 5xx)
  | 'network' // could not reach the provider
  | 'submit-unknown' // a submit may have reached the server: never retry by itself (it could bill twice)
  | 'cancelled'
  | 'io'; // local disk trouble

/**
 * Where a job stopped: `prepare` (before any create was sent), `submit` (the create request failed: no job, unless
 * the kind is `submit-unknown`), `follow` (a job was created, and billed: it is kept and can be resumed).
 */
export type JobStage = 'prepare' | 'submit' | 'follow';

export interface AnimateErrorDetails {
  code?: string | undefined;
  status?: number | undefined;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  /** Set by the job runner on every error it ends with; see `jobWasCreated`. */
  stage?: JobStage | undefined;
  /** The job record's id, when there is one to resume. */
  jobId?: string | undefined;
  /** Where a finished (paid) video was kept when it could not be saved as asked: shells offer to save it elsewhere. */
  keptPath?: string | undefined;
  cause?: unknown;
}

export class AnimateError extends Error {
  constructor(
    readonly kind: AnimateErrorKind,
    message: string,
    readonly details: AnimateErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'AnimateError';
  }
}

/**
 * The words of anything thrown: an Error's message, the `message` of an error-like object (Emscripten throws a
 * bare ExitStatus), else the value as text. For logs and messages; never the stack.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error instanceof AnimateError && error.kind === 'cancelled'))
  );
}

/** The code of a cancel that came while a create was on its way: the job may exist. */
export const MAYBE_CREATED = 'maybe-created';

/** The code of a job stopped (Ctrl-C, Cancel) before its create was sent: a distinct outcome, not a failure. */
export const NOT_STARTED = 'not-started';

/**
 * Whether the job behind an error was accepted by the provider (and so billed): shells say "a retry bills again"
 * only for `yes`/`maybe`. `undefined` when the error did not come from the job runner.
 */
export function jobWasCreated(error: unknown): 'yes' | 'no' | 'maybe' | undefined {
  if (!(error instanceof AnimateError) || error.details.stage === undefined) return undefined;
  if (error.details.stage === 'follow') return 'yes';
  if (error.details.stage === 'prepare') return 'no';
  return error.kind === 'submit-unknown' || error.details.code === MAYBE_CREATED ? 'maybe' : 'no';
}

/** `error` marked with the stage it ended at (the first mark wins: an inner runner knows better). */
export function atStage<T>(error: T, stage: JobStage, jobId?: string): T {
  if (error instanceof AnimateError) {
    error.details.stage ??= stage;
    if (jobId !== undefined) error.details.jobId ??= jobId;
  }
  return error;
}

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

export class AnimateError extends Error {
  constructor(
    readonly kind: AnimateErrorKind,
    message: string,
    readonly details: { code?: string; status?: number; requestId?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'AnimateError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error instanceof AnimateError && error.kind === 'cancelled'));
}

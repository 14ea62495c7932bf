/**
 * Turning HTTP failures into `AnimateError`s, shared by the HTTP providers.
 *
 * Providers translate their SDK's or fetch's error into an `HttpFailure` (status, server message, headers) or
 * hand a connection error to `connectionFailure`; the wording, the error kind, `Retry-After` parsing and key
 * redaction live here so every provider speaks the same way. No message built here ever contains a secret.
 */
import * as l10n from '@vscode/l10n';
import { AnimateError, MAYBE_CREATED } from '../errors';

export type HttpOperation = 'submit' | 'poll' | 'download' | 'cancel' | 'remix';

/** Something with a `get(name)` like the fetch `Headers`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** A non-2xx answer, already unpacked from the provider's error body. */
export interface HttpFailure {
  readonly status: number;
  /** The server's own words (e.g. `error.message`), if any. */
  readonly message?: string | undefined;
  readonly code?: string | null | undefined;
  readonly headers?: HeaderReader | undefined;
  readonly requestId?: string | null | undefined;
  readonly cause?: unknown;
}

export interface HttpErrorContext {
  /** Host name shown to the user, e.g. `api.openai.com`. */
  readonly host: string;
  readonly operation: HttpOperation;
  /** Sentence telling the user how to set a valid key, e.g. "Set a valid key with OPENAI_API_KEY …". */
  readonly keyHint: string;
  /** Strings that must never appear in a message (the API key). */
  readonly secrets: readonly string[];
  /** Extra sentence for a 404 (e.g. "check the base URL" on submit, "it may have expired" on poll). */
  readonly notFoundHint?: string;
  /** Extra sentence for a 400/422 (e.g. the requested size next to the image size). */
  readonly badRequestHint?: string;
  readonly now?: () => number;
}

/** Retry-After as milliseconds: `retry-after-ms` (float ms) first, then `retry-after` (seconds or an HTTP date). */
export function parseRetryAfterMs(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Replaces every secret (and nothing else) by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** One line of server text fit for a message: tags dropped, whitespace collapsed, bounded, secrets redacted. */
export function cleanServerText(text: string, secrets: readonly string[], max = 300): string {
  const withoutTags = /<\/?[a-z][^>]*>/i.test(text) ? text.replace(/<[^>]*>/g, ' ') : text;
  const oneLine = redactSecrets(withoutTags, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** The sentence saying a refused create cost nothing; empty for other operations. */
function notCreated(operation: HttpOperation): string {
  return operation === 'submit' || operation === 'remix' ? ` ${l10n.t('No job was created.')}` : '';
}

/** " Retry in N s." for a wait the server named. */
export function retryIn(retryAfterMs: number): string {
  return ` ${l10n.t('Retry in {0} s.', Math.max(1, Math.ceil(retryAfterMs / 1000)))}`;
}

/** Maps a non-2xx answer to an `AnimateError` with a message a user can act on. */
export function httpFailure(failure: HttpFailure, context: HttpErrorContext): AnimateError {
  const { status } = failure;
  const { host, operation } = context;
  const code = failure.code ?? undefined;
  const serverText = failure.message ? cleanServerText(failure.message, context.secrets) : '';
  // The server's sentence is followed by our own full stop: drop its own to avoid "..".
  const said = serverText ? `: ${serverText.replace(/\.+$/, '')}` : '';
  const details = {
    status,
    code,
    requestId: failure.requestId ?? undefined,
    cause: failure.cause,
  };
  const withHint = (text: string, hint?: string): string => (hint ? `${text} ${hint}` : text);

  if (status === 401) {
    // The server's 401 text can quote (part of) the key: only its code is shown.
    return new AnimateError(
      'auth',
      `${l10n.t('The API key was rejected by {0} ({1}).', host, code ? `401 ${code}` : '401')} ${context.keyHint}`,
      details,
    );
  }
  if (status === 403) {
    return new AnimateError(
      'auth',
      l10n.t(
        '{0} refused the request (403){1}. The key works but may not have access to this model or project.',
        host,
        said,
      ),
      details,
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(failure.headers, context.now?.() ?? Date.now());
    const quota = code === 'insufficient_quota';
    const head = quota
      ? l10n.t('{0} says the account is out of quota (429){1}.', host, said)
      : l10n.t('{0} is rate-limiting requests (429){1}.', host, said);
    const wait = retryAfterMs !== undefined ? retryIn(retryAfterMs) : '';
    return new AnimateError('rate-limit', `${head}${notCreated(operation)}${wait}`, {
      ...details,
      retryAfterMs,
    });
  }
  if (status === 404) {
    return new AnimateError(
      'provider',
      withHint(l10n.t('{0} answered 404 Not Found{1}.', host, said), context.notFoundHint),
      details,
    );
  }
  if (status === 413) {
    return new AnimateError('bad-input', l10n.t('{0} rejected the upload as too large (413){1}.', host, said), details);
  }
  if (status === 400 || status === 422) {
    const kind = operation === 'submit' || operation === 'remix' ? 'bad-input' : 'provider';
    return new AnimateError(
      kind,
      withHint(l10n.t('{0} rejected the request ({1}){2}.', host, status, said), context.badRequestHint),
      details,
    );
  }
  if (status === 503) {
    // A 503 that names a time to come back is the server turning the request away: nothing was created.
    const retryAfterMs = parseRetryAfterMs(failure.headers, context.now?.() ?? Date.now());
    if (retryAfterMs !== undefined) {
      const unavailable = l10n.t('{0} is unavailable (503){1}.', host, said);
      return new AnimateError('provider', `${unavailable}${notCreated(operation)}${retryIn(retryAfterMs)}`, {
        ...details,
        retryAfterMs,
      });
    }
  }
  if (status >= 500) {
    const maybeCreated =
      operation === 'submit' && (status === 502 || status === 504)
        ? l10n.t('A gateway error on submit can hide a job that was created: check the provider before retrying.')
        : l10n.t('Try again later.');
    return new AnimateError(
      'provider',
      `${l10n.t('{0} had a server error ({1}){2}.', host, status, said)} ${maybeCreated}`,
      details,
    );
  }
  return new AnimateError('provider', l10n.t('{0} answered HTTP {1}{2}.', host, status, said), details);
}

/** Connection failures before anything was sent that may pass on their own (not a bad certificate, URL or port). */
export const PASSING_CONNECT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Error codes that prove a request never left this machine (so a submit can be retried safely). */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  ...PASSING_CONNECT_CODES,
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Every error in a `cause` / `AggregateError.errors` chain, outermost first (bounded). */
function causeChain(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 12) {
    const next = queue.shift();
    if (next === undefined || next === null || out.includes(next)) continue;
    out.push(next);
    if (typeof next === 'object') {
      const record = next as { cause?: unknown; errors?: unknown };
      if (record.cause !== undefined) queue.push(record.cause);
      if (Array.isArray(record.errors)) queue.push(...(record.errors as unknown[]));
    }
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** fetch refuses some ports (1, 9, 25, …) before connecting; undici says only "bad port", without a code. */
function isBadPort(item: unknown): boolean {
  return item instanceof Error && item.message === 'bad port';
}

/** The low-level code that proves nothing was sent (`BAD_PORT` for fetch's refused ports), if any. */
export function neverSentCode(error: unknown): string | undefined {
  for (const item of causeChain(error)) {
    const code = errorCode(item);
    if (code !== undefined && NEVER_SENT_CODES.has(code)) return code;
    if (isBadPort(item)) return 'BAD_PORT';
  }
  return undefined;
}

/** True when the connection failed before any byte of the request could have been sent. */
export function wasNeverSent(error: unknown): boolean {
  return neverSentCode(error) !== undefined;
}

/** The most specific low-level reason in a cause chain, e.g. "connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)". */
export function describeCause(error: unknown, secrets: readonly string[]): string {
  const chain = causeChain(error);
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const item = chain[i];
    if (!(item instanceof Error)) continue;
    const code = errorCode(item);
    const message = item.message && item.message !== 'fetch failed' ? item.message : '';
    if (message || code) {
      const text = code && !message.includes(code) ? `${message}${message ? ' ' : ''}(${code})` : message;
      return cleanServerText(text, secrets, 200);
    }
  }
  return 'connection failed';
}

export interface ConnectionFailureOptions {
  /** The client's own timeout fired (as opposed to the socket failing). */
  readonly timedOut: boolean;
  readonly timeoutMs?: number;
}

/**
 * A request that got no HTTP answer. On submit this is `submit-unknown` unless the request provably never left
 * (connection refused, DNS failure…): the server may have created the job, and a retry would be a new paid job.
 */
export function connectionFailure(
  error: unknown,
  context: HttpErrorContext,
  options: ConnectionFailureOptions,
): AnimateError {
  const { host } = context;
  const neverSent = neverSentCode(error);
  const reason = options.timedOut
    ? options.timeoutMs !== undefined
      ? l10n.t('no answer within {0} s', Math.round(options.timeoutMs / 1000))
      : l10n.t('no answer within the timeout')
    : neverSent === 'BAD_PORT'
      ? l10n.t('fetch refuses to connect to this port; use another one')
      : describeCause(error, context.secrets);
  if (context.operation === 'submit' && neverSent === undefined) {
    return new AnimateError(
      'submit-unknown',
      l10n.t(
        'The connection to {0} broke after the job was sent ({1}). The job may have been created; check the provider before retrying — a retry is a new paid job.',
        host,
        reason,
      ),
      { cause: error },
    );
  }
  const nothingSent =
    neverSent !== undefined && (context.operation === 'submit' || context.operation === 'remix')
      ? ` ${l10n.t('Nothing was sent, so no job was created.')}`
      : '';
  return new AnimateError(
    'network',
    `${l10n.t('Could not reach {0} ({1}).', host, reason)}${nothingSent} ${l10n.t('Check the network, proxy and base URL.')}`,
    {
      ...(neverSent !== undefined ? { code: neverSent } : {}),
      cause: error,
    },
  );
}

/**
 * A 2xx answer to a submit that could not be read (not JSON, no id) means the server accepted something: the job
 * may exist, so it becomes `submit-unknown` with `advice` on checking before a retry. Any other error: undefined.
 */
export function acceptedButUnreadable(error: unknown, advice: string): AnimateError | undefined {
  if (!(error instanceof AnimateError) || error.kind !== 'provider') return undefined;
  const status = error.details.status;
  if (status === undefined || status < 200 || status > 299) return undefined;
  return new AnimateError('submit-unknown', `${error.message} ${advice}`, { ...error.details, cause: error });
}

/**
 * How a submit failed, without inviting a blind retry: an abort mid-request is `cancelled` (the job may exist at
 * `where`), and an accepted but unreadable answer is `submit-unknown` (see `acceptedButUnreadable`).
 */
export function submitFailure(error: unknown, signal: AbortSignal, where: string, advice: string): unknown {
  if (signal.aborted) {
    return new AnimateError(
      'cancelled',
      l10n.t('Cancelled while submitting the job. It may already have been created at {0}.', where),
      { code: MAYBE_CREATED, cause: error },
    );
  }
  return acceptedButUnreadable(error, advice) ?? error;
}

// Functions, so that each sentence is translated in the language in use when it is said.
const CANCELLED_WHILE: Record<HttpOperation, () => string> = {
  submit: () => l10n.t('Cancelled while submitting the job.'),
  poll: () => l10n.t('Cancelled while checking the job.'),
  download: () => l10n.t('Cancelled while downloading the video.'),
  cancel: () => l10n.t('Cancelled while cancelling the job.'),
  remix: () => l10n.t('Cancelled while submitting the remix.'),
};

/** The user cancelled during a call; a cancelled submit may still have created the job on `host`. */
export function cancelledWhile(operation: HttpOperation, host: string, details?: { cause?: unknown }): AnimateError {
  const note = operation === 'submit' ? ` ${l10n.t('The job may already have been created on {0}.', host)}` : '';
  return new AnimateError('cancelled', `${CANCELLED_WHILE[operation]()}${note}`, {
    ...details,
    ...(operation === 'submit' || operation === 'remix' ? { code: MAYBE_CREATED } : {}),
  });
}

/**
 * A cancel the provider answered with a client error (4xx, not auth): the task is already running, and runs to the
 * end and is billed. That error, in the provider's words (`reason`, given the server's message); any other as it is.
 */
export function refusedCancel(error: unknown, reason: (said: string) => string): unknown {
  if (
    error instanceof AnimateError &&
    error.kind !== 'auth' &&
    error.details.status !== undefined &&
    error.details.status < 500
  ) {
    return new AnimateError('provider', reason(error.message), { ...error.details, cause: error });
  }
  return error;
}

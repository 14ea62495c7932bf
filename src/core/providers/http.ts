/**
 * Plain-fetch plumbing for the providers that have no SDK: JSON requests checked with zod, streamed downloads,
 * and every failure mapped through `httpErrors` so all providers speak the same way. Uses the global `fetch`, which
 * VS Code patches for proxies and certificates.
 */
import * as l10n from '@vscode/l10n';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { z } from 'zod';
import { AnimateError } from '../errors';
import { announceLength } from '../output';
import { cleanServerText, connectionFailure, httpFailure, type HttpErrorContext } from './httpErrors';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  readonly headers?: Record<string, string>;
  /** A JSON value (sent as application/json) or a FormData (multipart). */
  readonly json?: unknown;
  readonly form?: FormData;
  readonly signal: AbortSignal;
  /** Per-request timeout; long synchronous gateways need a generous one. */
  readonly timeoutMs?: number;
}

/** Pulls the server's own message and code out of whatever error body shape the provider uses. */
export type ErrorBodyReader = (body: unknown) => { message?: string; code?: string };

export const readCommonErrorBody: ErrorBodyReader = (body) => {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const inner = (typeof record.error === 'object' && record.error !== null ? record.error : record) as Record<
    string,
    unknown
  >;
  const message = [inner.message, inner.failure, record.message].find((v): v is string => typeof v === 'string');
  const code = [inner.code, record.code, inner.status].find((v): v is string => typeof v === 'string');
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
};

async function send(url: string, request: HttpRequest, context: HttpErrorContext): Promise<Response> {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | FormData | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form) {
    body = request.form;
  }
  const signals = [request.signal];
  if (request.timeoutMs !== undefined) signals.push(AbortSignal.timeout(request.timeoutMs));
  try {
    return await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.any(signals),
    });
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason ?? error;
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw connectionFailure(error, context, {
      timedOut,
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    });
  }
}

async function failureFrom(
  response: Response,
  context: HttpErrorContext,
  readError: ErrorBodyReader,
): Promise<AnimateError> {
  const text = await response.text().catch(() => '');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy, say): the cleaned text is the message.
  }
  const { message, code } = typeof parsed === 'string' ? { message: parsed, code: undefined } : readError(parsed);
  return httpFailure(
    {
      status: response.status,
      ...(message ? { message } : {}),
      code: code ?? null,
      headers: response.headers,
      requestId:
        response.headers.get('x-request-id') ??
        response.headers.get('apim-request-id') ??
        response.headers.get('x-acs-request-id'),
    },
    context,
  );
}

/** Sends a request and parses the JSON answer with `schema`; non-2xx, non-JSON and wrong shapes become clear errors. */
export async function requestJson<T>(
  url: string,
  request: HttpRequest,
  schema: z.ZodType<T>,
  context: HttpErrorContext,
  readError: ErrorBodyReader = readCommonErrorBody,
): Promise<{ body: T; headers: Headers; status: number }> {
  const response = await send(url, request, context);
  if (!response.ok) throw await failureFrom(response, context, readError);
  if (response.status === 204) return { body: schema.parse(undefined), headers: response.headers, status: 204 };
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AnimateError(
      'provider',
      l10n.t('{0} sent a reply that is not JSON: "{1}".', context.host, cleanServerText(text, context.secrets, 120)),
      {
        status: response.status,
      },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AnimateError(
      'provider',
      l10n.t(
        "{0} sent an unexpected reply ({1}: {2}). The provider's API may have changed.",
        context.host,
        issue?.path.join('.') || 'body',
        issue?.message ?? '',
      ),
      { status: response.status },
    );
  }
  return { body: parsed.data, headers: response.headers, status: response.status };
}

/** Sends a request whose answer body does not matter (cancel/delete); non-2xx still fails clearly. */
export async function requestOk(
  url: string,
  request: HttpRequest,
  context: HttpErrorContext,
  readError: ErrorBodyReader = readCommonErrorBody,
): Promise<void> {
  const response = await send(url, request, context);
  if (!response.ok) throw await failureFrom(response, context, readError);
  await response.body?.cancel();
}

/** Streams a download (never buffered whole); the runner checks the bytes are an MP4. */
export async function downloadStream(
  url: string,
  request: HttpRequest,
  context: HttpErrorContext,
  readError: ErrorBodyReader = readCommonErrorBody,
): Promise<Readable> {
  const response = await send(url, request, context);
  if (!response.ok) throw await failureFrom(response, context, readError);
  if (!response.body)
    throw new AnimateError('provider', l10n.t('{0} sent an empty download.', context.host), {
      status: response.status,
    });
  return announceLength(readableBody(response.body), announcedBytes(response.headers));
}

/** `content-length` when it counts the bytes we get: fetch inflates a compressed body, whose length is another. */
function announcedBytes(headers: Headers): number | undefined {
  const length = headers.get('content-length');
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  if (length === null || !/^\d+$/.test(length.trim()) || (encoding && encoding !== 'identity')) return undefined;
  return Number(length);
}

/** A fetch body as a Node stream. */
export function readableBody(body: ReadableStream<Uint8Array>): Readable {
  // The E2E build type-checks this file with the DOM lib, where fetch's body is the DOM's stream type.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return Readable.fromWeb(body as NodeWebStream<Uint8Array>);
}

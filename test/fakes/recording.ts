/** What every fake records of a request, so tests can assert on exactly what a client sent. */
import type { IncomingMessage } from 'node:http';
import { jsonOf } from './body';

export interface RecordedHead<Route extends string> {
  readonly method: string;
  /** Path without the query, e.g. `/v1/videos/video_123`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly route: Route;
  /** The status sent; undefined while pending, or when dropped / left hanging. */
  status?: number;
}

/** The record of a JSON API's request. */
export interface JsonRecordedRequest<Route extends string> extends RecordedHead<Route> {
  /** The parsed JSON body, if it was JSON. */
  json?: unknown;
  bytes: number;
}

export type RequestHead = Pick<RecordedHead<string>, 'method' | 'path' | 'query' | 'headers'>;

/** Method, path, query and lower-cased headers of a request, and its URL. */
export function readHead(req: IncomingMessage): { head: RequestHead; url: URL } {
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    head: {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
    },
    url,
  };
}

/** Notes a body's size, and the body itself when it is JSON. */
export function noteJsonBody(record: JsonRecordedRequest<string>, raw: Buffer): void {
  record.bytes = raw.length;
  const json = jsonOf(raw, record.headers['content-type']);
  if (json !== undefined) record.json = json;
}

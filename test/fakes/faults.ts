/**
 * Fault injection, the same in every fake: `failNext(route, fault, times)` queues a fault for the next requests to a
 * route (or to any with `'*'`). Besides each API's own error faults, every fake knows the transport faults below.
 */
import { Readable } from 'node:stream';
import { textReply, type Reply } from './http';

/** A body that is not JSON (default: 200 `text/html`). */
export interface NonJsonFault {
  readonly kind: 'non-json';
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
}
/** `application/json` that does not parse. */
export interface InvalidJsonFault {
  readonly kind: 'invalid-json';
  readonly status?: number;
}
/** 200 JSON without the expected fields. */
export interface MissingFieldsFault {
  readonly kind: 'missing-fields';
  readonly body?: unknown;
}
/** Handle the request normally (a create DOES create), then destroy the socket without answering. */
export interface DropFault {
  readonly kind: 'drop';
}
/** Never answer (until the client gives up or the fake closes). */
export interface HangFault {
  readonly kind: 'hang';
}

/**
 * Handle the request normally (a create DOES create), send the headers and the first part of the body, then destroy
 * the socket: a download cut halfway. `contentLength: false` sends the body chunked, without its length.
 */
export interface CutFault {
  readonly kind: 'cut';
  /** Bytes of the body sent before the cut (default: half). */
  readonly afterBytes?: number;
  /** Keep the `content-length` header (default true). */
  readonly contentLength?: boolean;
}

/** The transport faults of the fakes whose clients read JSON. */
export type TransportFault = NonJsonFault | InvalidJsonFault | MissingFieldsFault | DropFault | HangFault | CutFault;

export interface FaultQueue<Route extends string, Fault> {
  readonly failNext: (route: Route | '*', fault: Fault, times?: number) => void;
  readonly clearFaults: () => void;
  /** The fault for a request to `route`, counting it down; a request no route matched gets none. */
  readonly take: (route: Route | undefined) => Fault | undefined;
}

export function faultQueue<Route extends string, Fault>(): FaultQueue<Route, Fault> {
  let entries: { readonly route: Route | '*'; readonly fault: Fault; remaining: number }[] = [];
  return {
    failNext(route, fault, times = 1) {
      entries.push({ route, fault, remaining: times });
    },
    clearFaults() {
      entries = [];
    },
    take(route) {
      if (route === undefined) return undefined;
      const entry = entries.find((e) => e.remaining > 0 && (e.route === '*' || e.route === route));
      if (!entry) return undefined;
      entry.remaining -= 1;
      entries = entries.filter((e) => e.remaining > 0);
      return entry.fault;
    },
  };
}

export function nonJsonReply(fault: NonJsonFault, defaultBody: string): Reply {
  return textReply(fault.status ?? 200, fault.contentType ?? 'text/html', fault.body ?? defaultBody);
}

/** `truncated`: the start of a plausible answer, cut off. */
export function invalidJsonReply(fault: InvalidJsonFault, truncated: string): Reply {
  return textReply(fault.status ?? 200, 'application/json', truncated);
}

export function retryAfterHeaders(retryAfter: string | undefined): Record<string, string> {
  return retryAfter !== undefined ? { 'retry-after': retryAfter } : {};
}

/** `reply` cut off after `fault.afterBytes` (default half) of its body; the stream then fails, which ends the socket. */
export function cutReply(reply: Reply, fault: CutFault): Reply {
  const { 'content-length': length, ...withoutLength } = reply.headers;
  const body = reply.body;
  const total = Buffer.isBuffer(body) ? body.length : Number(length ?? 0);
  const keep = fault.afterBytes ?? Math.floor(total / 2);
  return {
    status: reply.status,
    headers: fault.contentLength === false ? withoutLength : reply.headers,
    body: () => Readable.from(cutOff(body === undefined ? [] : Buffer.isBuffer(body) ? [body] : body(), keep)),
  };
}

async function* cutOff(source: Iterable<Buffer> | AsyncIterable<Buffer>, keep: number): AsyncGenerator<Buffer> {
  let sent = 0;
  for await (const chunk of source) {
    const part = chunk.subarray(0, Math.max(0, keep - sent));
    sent += part.length;
    if (part.length > 0) yield part;
    if (sent >= keep) break;
  }
  // Give the part already written time to leave before the socket is destroyed.
  await new Promise((resolve) => setTimeout(resolve, 20));
  throw new Error('fault injected: connection cut');
}

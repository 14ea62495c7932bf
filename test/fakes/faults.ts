/**
 * Fault injection, the same in every fake: `failNext(route, fault, times)` queues a fault for the next requests to a
 * route (or to any with `'*'`). Besides each API's own error faults, every fake knows the transport faults below.
 */
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

/** The transport faults of the fakes whose clients read JSON. */
export type TransportFault = NonJsonFault | InvalidJsonFault | MissingFieldsFault | DropFault | HangFault;

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

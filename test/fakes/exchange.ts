/**
 * How every fake answers a recorded request: the body is read up to a limit (over it: the API's 413, then the socket
 * is closed), then a queued fault decides. `hang` never answers (close() ends the socket), an injected reply
 * replaces the real one, `drop` does the work (a create DOES create) but destroys the socket instead of answering, and
 * `cut` sends the real answer's headers and part of its body, then destroys the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body';
import { cutReply, type CutFault } from './faults';
import { sendReply, type Reply } from './http';
import { noteJsonBody, readHead, type JsonRecordedRequest } from './recording';

export interface Exchange<Fault> {
  readonly maxBodyBytes: number;
  /** The API's answer to a body over the limit. */
  readonly tooLarge: () => Reply;
  /** Notes the body on the recorded request. */
  readonly gotBody?: (raw: Buffer) => void;
  /** The fault queued for this request, taken once the body is in. */
  readonly fault: () => Fault | undefined;
  /** The fault's reply, or undefined for a fault that is not a reply (`drop`). */
  readonly inject: (fault: Fault) => Reply | undefined | Promise<Reply | undefined>;
  /** The real answer, which also does the work (e.g. creates the job). */
  readonly work: (raw: Buffer) => Reply | Promise<Reply>;
  readonly send: (reply: Reply) => Promise<void>;
}

export async function exchange<Fault extends { readonly kind: string }>(
  req: IncomingMessage,
  how: Exchange<Fault>,
): Promise<void> {
  const raw = await readBody(req, how.maxBodyBytes);
  if (raw === undefined) {
    await how.send(how.tooLarge());
    req.socket.destroy();
    return;
  }
  how.gotBody?.(raw);
  const fault = how.fault();
  if (fault?.kind === 'hang') return;
  const injected = fault ? await how.inject(fault) : undefined;
  if (injected) {
    await how.send(injected);
    return;
  }
  const reply = await how.work(raw);
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  await how.send(fault?.kind === 'cut' ? cutReply(reply, fault as unknown as CutFault) : reply);
}

/** One request to a fake JSON API, as its handler sees it. */
export interface JsonApiRequest<Target, Recorded> {
  /** The route the method and path matched; undefined for an unknown one. */
  readonly target: Target | undefined;
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly record: Recorded;
  readonly raw: Buffer;
}

export interface JsonApi<Route extends string, Target, Fault, Recorded> {
  readonly routeOf: (method: string, path: string) => (Target & { readonly route: Route }) | undefined;
  readonly requests: Recorded[];
  readonly maxBodyBytes: number;
  readonly tooLarge: () => Reply;
  readonly faults: { take(route: Route | undefined): Fault | undefined };
  readonly inject: (fault: Fault) => Reply | undefined | Promise<Reply | undefined>;
  readonly work: (request: JsonApiRequest<Target, Recorded>) => Reply | Promise<Reply>;
  /** Headers the API adds to every answer (its request id). */
  readonly responseHeaders?: () => Record<string, string>;
}

/** The request handler of a fake JSON API: records each request under its route and JSON body, then `exchange`. */
export function jsonApiHandler<
  Route extends string,
  Target,
  Fault extends { readonly kind: string },
  Recorded extends JsonRecordedRequest<Route | 'unknown'>,
>(api: JsonApi<Route, Target, Fault, Recorded>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const { head, url } = readHead(req);
    const target = api.routeOf(head.method, head.path);
    // Fields beyond the JSON record's are optional, filled in by `work`.
    const record = { ...head, route: target?.route ?? 'unknown', bytes: 0 } as Recorded;
    api.requests.push(record);
    await exchange(req, {
      maxBodyBytes: api.maxBodyBytes,
      tooLarge: api.tooLarge,
      gotBody: (raw) => noteJsonBody(record, raw),
      fault: () => api.faults.take(target?.route),
      inject: api.inject,
      work: (raw) => api.work({ target, req, url, record, raw }),
      send: (reply) => sendReply(res, reply, record, api.responseHeaders?.()),
    });
  };
}

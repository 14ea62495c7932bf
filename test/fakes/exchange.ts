/**
 * How every fake answers a recorded request: the body is read up to a limit (over it: the API's 413, then the socket
 * is closed), then a queued fault decides. `hang` never answers (close() ends the socket), an injected reply
 * replaces the real one, `drop` does the work (a create DOES create) but destroys the socket instead of answering, and
 * `cut` sends the real answer's headers and part of its body, then destroys the socket.
 */
import type { IncomingMessage } from 'node:http';
import { readBody } from './body';
import { cutReply, type CutFault } from './faults';
import type { Reply } from './http';

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

/**
 * HTTP plumbing every fake shares: a loopback server whose own bugs answer 500 instead of hanging the client, and
 * replies (JSON in the API's own content type, plain text, or a body streamed from a function).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Bytes, or a stream made on demand (large generated videos). */
  body?: Buffer | (() => Readable);
}

export type JsonReply = (status: number, value: unknown, headers?: Record<string, string>) => Reply;

/** A JSON reply builder; APIs differ in the charset they name and whether they pretty-print. */
export function jsonReplies(contentType = 'application/json', indent?: number): JsonReply {
  return (status, value, headers = {}) => ({
    status,
    headers: { 'content-type': contentType, ...headers },
    body: Buffer.from(JSON.stringify(value, null, indent)),
  });
}

export function textReply(status: number, contentType: string, text: string): Reply {
  return { status, headers: { 'content-type': contentType }, body: Buffer.from(text) };
}

/** Writes a reply and notes its status on the recorded request; `extraHeaders` are the API's per-response ids. */
export async function sendReply(
  res: ServerResponse,
  reply: Reply,
  record: { status?: number },
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  record.status = reply.status;
  res.writeHead(reply.status, { ...extraHeaders, ...reply.headers });
  if (reply.body === undefined) {
    res.end();
  } else if (Buffer.isBuffer(reply.body)) {
    res.end(reply.body);
  } else {
    await pipeline(reply.body(), res).catch(() => undefined); // the client may go away mid-download
  }
}

export interface Listening {
  readonly port: number;
  /** `http://HOST:PORT` (an IPv6 host in brackets). */
  readonly origin: string;
  /** Stops listening and ends every open connection, hanging ones included. */
  close(): Promise<void>;
}

/** Listens on `host:port` (0: any free port); a handler that throws answers 500 with `bugBody(error)` as JSON. */
export async function listen(
  host: string,
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  bugBody: (error: unknown) => unknown,
): Promise<Listening> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(bugBody(error)));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

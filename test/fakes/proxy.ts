/**
 * A forwarding HTTP proxy on 127.0.0.1 that counts what passes: CONNECT tunnels (how undici reaches any origin
 * through a proxy) and absolute-form requests (`GET http://host/path`, how plain-HTTP clients use one).
 */
import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface CountingProxy {
  /** `http://127.0.0.1:PORT`, the value for HTTPS_PROXY / HTTP_PROXY. */
  readonly url: string;
  /** `host:port` of every CONNECT, in order. */
  readonly tunnels: string[];
  /** `METHOD url` of every absolute-form request, in order. */
  readonly forwarded: string[];
  /** Bytes that went from the client to the origin through tunnels (proof the job's requests really passed). */
  readonly tunnelledBytes: () => number;
  close(): Promise<void>;
}

export async function startCountingProxy(): Promise<CountingProxy> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    forwarded.push(`${req.method} ${target.href}`);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    tunnels.push(authority);
    const [host, port] = [
      authority.slice(0, authority.lastIndexOf(':')),
      Number(authority.slice(authority.lastIndexOf(':') + 1)),
    ];
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      bytes += head.length;
      if (head.length > 0) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', () => {
      if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      end();
    });
    client.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    forwarded,
    tunnelledBytes: () => bytes,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

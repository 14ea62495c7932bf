/**
 * A loopback fake of AOG (Intel's AIPC Open Gateway) image-to-video that enforces the contract in
 * /work/shared/reference/video-apis.md §3 strictly, so a client that passes here sends what the real gateway accepts.
 *
 * Independent of the code under test: it imports nothing from src/ (only the generic image-header helper of the
 * OpenAI fake).
 *
 * Enforced / imitated:
 * - `GET /health` in the v0.7 shape (`{"business_code":80000,…,"data":{"status":"UP"}}`), the v0.5 shape
 *   (`{"status":"UP"}`) or absent (404, an early build); `GET /aog/v0.2/health` (`{"status":"UP"}`) when enabled;
 *   `GET /` → `AIPC Open Gateway`.
 * - `POST /aog/v0.2/services/image-to-video` (JSON): 404 `{"business_code":10011,"message":"service not found"}` when
 *   the service is not installed; bad JSON → 400 40003; unknown fields → 400 (stricter than AOG, to catch typos);
 *   `image_type`/`image` pairs (500 `image_type request param lost`, `image request param lost`,
 *   `unsupported image type`); `path` must be an absolute path to a readable PNG/JPEG/WebP file *at request time*;
 *   `base64` must be a full `data:image/(png|jpeg|webp);base64,…` URI whose bytes match its type; `url` must be http(s);
 *   unknown `model` → 404 `{"business_code":30003,"message":"model not exist"}`. The answer comes after `delayMs`
 *   (a synchronous, long call): `{"id","data":"<url on this server>/files/<id>.mp4?Expires=…"}`, or `{"id"}` without
 *   `data` (the cloud task failed / AOG's polling ran out) in `result: 'no-data'` mode or for a prompt with `failWord`.
 * - `GET /files/<id>.mp4` serves the MP4 bytes without auth (like a signed OSS URL); unknown files → 404 XML.
 * - A client that disconnects before the answer is recorded as `aborted`.
 *
 * Shell use (E2E): `node --import tsx test/fakes/aogServer.ts --port 0 [--delay-ms N] [--health v0.7|v0.5|none]
 * [--no-data] [--not-installed] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT"}` and runs until killed.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedVideoBytes, readImageHeader } from './openaiVideosServer';

export { generatedVideoBytes };

// ───────────────────────────── public types ─────────────────────────────

export type AogFakeRoute = 'health' | 'legacy-health' | 'generate' | 'video';

export type AogFakeFault =
  /** Any status with an AOG error body `{"business_code","message"}`. */
  | { readonly kind: 'status'; readonly status: number; readonly businessCode?: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  /** 429 with `retry-after`. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string; readonly message?: string }
  /** A body that is not JSON (default 200 text/html). */
  | { readonly kind: 'non-json'; readonly status?: number; readonly body?: string }
  /** Destroy the socket without answering. */
  | { readonly kind: 'drop' }
  /** Never answer. */
  | { readonly kind: 'hang' };

export interface AogFakeOptions {
  host: string;
  port: number;
  /** Shape of `GET /health`: v0.7 (business envelope), v0.5 (bare), or none (404, early build). */
  healthShape: 'v0.7' | 'v0.5' | 'none';
  /** Serve the early `GET /aog/v0.2/health`. */
  legacyHealth: boolean;
  /** What the health routes report. */
  healthStatus: 'UP' | 'DOWN';
  /** Whether the image-to-video service is installed (404 10011 otherwise). */
  serviceInstalled: boolean;
  /** Models the service knows. */
  models: string[];
  /** Time before the synchronous answer. */
  delayMs: number;
  /** `no-data`: answer `{"id"}` without `data` (the cloud task failed). */
  result: 'success' | 'no-data';
  /** A prompt containing this word (case-insensitive) gets the no-data answer. Empty: never. */
  failWord: string;
  video: Buffer | { bytes: number };
  maxBodyBytes: number;
}

export interface AogCheckedImage {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface AogRecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly route: AogFakeRoute | 'root' | 'unknown';
  /** The parsed JSON body of a POST (with a long base64 `image` shortened to its first 64 characters). */
  body?: unknown;
  /** The image the fake read (from the path or the data URI) when the body was valid. */
  image?: AogCheckedImage;
  status?: number;
  /** The client went away before the answer was sent. */
  aborted?: boolean;
}

export interface AogFake {
  readonly url: string;
  readonly port: number;
  readonly options: AogFakeOptions;
  readonly requests: AogRecordedRequest[];
  failNext(route: AogFakeRoute | '*', fault: AogFakeFault, times?: number): void;
  clearFaults(): void;
  requestsTo(route: AogFakeRoute): AogRecordedRequest[];
  /** Resolves when `check` is true (checked every 5 ms), rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// ───────────────────────────── contract constants ─────────────────────────────

const SERVICE_PATH = '/aog/v0.2/services/image-to-video';
const DEFAULT_MODEL = 'wan2.2-i2v-plus';
const BODY_FIELDS = ['model', 'image', 'image_type', 'prompt'];
const DATA_URI = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/]+={0,2})$/;

const DEFAULTS: AogFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  healthShape: 'v0.7',
  legacyHealth: true,
  healthStatus: 'UP',
  serviceInstalled: true,
  models: [DEFAULT_MODEL],
  delayMs: 0,
  result: 'success',
  failWord: 'CLOUD_FAIL',
  video: { bytes: 50_000 },
  maxBodyBytes: 32 * 1024 * 1024,
};

class AogError {
  constructor(
    readonly status: number,
    readonly businessCode: number,
    readonly message: string,
  ) {}
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

function errorReply(error: AogError, headers: Record<string, string> = {}): Reply {
  return json(error.status, { business_code: error.businessCode, message: error.message }, headers);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Without the bulk of a data URI, so the recorded requests stay small. */
function shorten(body: unknown): unknown {
  if (!isRecord(body) || typeof body.image !== 'string' || body.image.length <= 200) return body;
  return { ...body, image: `${body.image.slice(0, 64)}…(${body.image.length} chars)` };
}

// ───────────────────────────── the server ─────────────────────────────

interface FaultEntry {
  readonly route: AogFakeRoute | '*';
  readonly fault: AogFakeFault;
  remaining: number;
}

export async function startAogFake(overrides: Partial<AogFakeOptions> = {}): Promise<AogFake> {
  const options: AogFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: AogRecordedRequest[] = [];
  const videos = new Set<string>();
  let faults: FaultEntry[] = [];
  let baseUrl = '';

  function health(route: 'health' | 'legacy-health'): Reply {
    if (route === 'legacy-health') {
      if (!options.legacyHealth) return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404 page not found') };
      return json(200, { status: options.healthStatus });
    }
    if (options.healthShape === 'none') return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404 page not found') };
    if (options.healthShape === 'v0.5') return json(200, { status: options.healthStatus });
    return json(200, { business_code: 80000, message: 'health interface call success', data: { status: options.healthStatus } });
  }

  async function checkImage(imageType: string, image: string): Promise<AogCheckedImage | undefined> {
    if (imageType === 'path') {
      if (!isAbsolute(image)) throw new AogError(500, 500, `image path must be absolute: ${image}`);
      let bytes: Buffer;
      try {
        bytes = await readFile(image);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String((error as Error).message);
        throw new AogError(500, 500, `failed to read image file: open ${image}: ${code}`);
      }
      const header = readImageHeader(bytes);
      if (!header) throw new AogError(500, 500, `unsupported image format: ${image}`);
      return { type: header.type, width: header.width, height: header.height, bytes: bytes.length };
    }
    if (imageType === 'base64') {
      const match = DATA_URI.exec(image);
      if (!match) throw new AogError(500, 500, 'image must be a data URI like data:image/png;base64,… (DashScope rejects bare base64)');
      const bytes = Buffer.from(match[2] ?? '', 'base64');
      const header = readImageHeader(bytes);
      if (!header) throw new AogError(500, 500, 'the base64 image is not a readable PNG, JPEG or WebP image');
      if (header.type !== match[1]) throw new AogError(500, 500, `the base64 image is ${header.type} but the data URI says ${match[1]}`);
      return { type: header.type, width: header.width, height: header.height, bytes: bytes.length };
    }
    if (!/^https?:\/\/\S+$/i.test(image)) throw new AogError(500, 500, 'image url must be http(s)');
    return undefined;
  }

  async function generate(raw: Buffer, record: AogRecordedRequest): Promise<Reply> {
    if (!options.serviceInstalled) throw new AogError(404, 10011, 'service not found');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AogError(400, 40003, 'invalid request body: not JSON');
    }
    record.body = shorten(body);
    if (!isRecord(body)) throw new AogError(400, 40003, 'invalid request body: not a JSON object');
    const extra = Object.keys(body).filter((key) => !BODY_FIELDS.includes(key));
    if (extra.length > 0) throw new AogError(400, 40003, `unknown request param: ${extra.join(', ')}`);
    const model = body.model === undefined ? DEFAULT_MODEL : body.model;
    if (typeof model !== 'string' || !options.models.includes(model)) throw new AogError(404, 30003, 'model not exist');
    if (body.prompt !== undefined && typeof body.prompt !== 'string') throw new AogError(400, 40003, 'prompt must be a string');
    const imageType = body.image_type;
    const image = body.image;
    if (imageType === undefined || imageType === '') throw new AogError(500, 500, 'image_type request param lost');
    if (image === undefined || image === '') throw new AogError(500, 500, 'image request param lost');
    if (typeof imageType !== 'string' || !['path', 'url', 'base64'].includes(imageType)) throw new AogError(500, 500, 'unsupported image type');
    if (typeof image !== 'string') throw new AogError(500, 500, 'image must be a string');
    const checked = await checkImage(imageType, image);
    if (checked) record.image = checked;
    const id = randomUUID();
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    const word = options.failWord.trim().toLowerCase();
    if (options.result === 'no-data' || (word !== '' && prompt.toLowerCase().includes(word))) return json(200, { id });
    videos.add(id);
    const expires = Math.floor(Date.now() / 1000) + 86_400;
    return json(200, { id, data: `${baseUrl}/files/${id}.mp4?Expires=${expires}&OSSAccessKeyId=FAKE&Signature=fake%3D` });
  }

  function video(name: string): Reply {
    const id = name.replace(/\.mp4$/, '');
    if (!videos.has(id)) {
      return {
        status: 404,
        headers: { 'content-type': 'application/xml' },
        body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`),
      };
    }
    const source = Buffer.isBuffer(options.video) ? options.video : generatedVideoBytes(options.video.bytes);
    return { status: 200, headers: { 'content-type': 'video/mp4', 'content-length': String(source.length) }, body: source };
  }

  function routeOf(method: string, path: string): AogRecordedRequest['route'] {
    if (method === 'GET' && path === '/health') return 'health';
    if (method === 'GET' && path === '/aog/v0.2/health') return 'legacy-health';
    if (method === 'POST' && path === SERVICE_PATH) return 'generate';
    if (method === 'GET' && /^\/files\/[^/]+\.mp4$/.test(path)) return 'video';
    if (method === 'GET' && path === '/') return 'root';
    return 'unknown';
  }

  function takeFault(route: AogRecordedRequest['route']): AogFakeFault | undefined {
    if (route === 'root' || route === 'unknown') return undefined;
    const entry = faults.find((f) => f.remaining > 0 && (f.route === '*' || f.route === route));
    if (!entry) return undefined;
    entry.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return entry.fault;
  }

  function faultReply(fault: AogFakeFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(new AogError(fault.status, fault.businessCode ?? fault.status, fault.message ?? `injected error ${fault.status}`), { ...(fault.headers ?? {}) });
      case 'rate-limit':
        return errorReply(new AogError(429, 429, fault.message ?? 'too many requests'), fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      case 'non-json':
        return { status: fault.status ?? 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(fault.body ?? '<html><body>not AOG</body></html>') };
      default:
        return undefined;
    }
  }

  async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > options.maxBodyBytes) return undefined;
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  }

  function send(res: ServerResponse, reply: Reply, record: AogRecordedRequest): void {
    if (record.aborted || res.destroyed) return;
    record.status = reply.status;
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  /** Waits `ms`, or less if the client goes away. */
  function delay(ms: number, res: ServerResponse): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      res.once('close', done);
      function done(): void {
        clearTimeout(timer);
        res.off('close', done);
        resolve();
      }
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: AogRecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, route: routeOf(method, url.pathname) };
    requests.push(record);
    res.once('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const raw = await readBody(req);
    if (raw === undefined) {
      send(res, errorReply(new AogError(413, 413, 'request body too large')), record);
      req.socket.destroy();
      return;
    }

    const fault = takeFault(record.route);
    if (fault?.kind === 'hang') return;
    const injected = fault ? faultReply(fault) : undefined;
    if (injected) {
      if (record.route === 'generate') await delay(options.delayMs, res);
      send(res, injected, record);
      return;
    }

    let reply: Reply;
    try {
      switch (record.route) {
        case 'health':
        case 'legacy-health':
          reply = health(record.route);
          break;
        case 'generate':
          reply = await generate(raw, record);
          await delay(options.delayMs, res);
          break;
        case 'video':
          reply = video(url.pathname.slice('/files/'.length));
          break;
        case 'root':
          reply = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('AIPC Open Gateway') };
          break;
        default:
          reply = { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404 page not found') };
      }
    } catch (error) {
      if (!(error instanceof AogError)) throw error;
      reply = errorReply(error);
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    send(res, reply, record);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ business_code: 500, message: `fake server bug: ${String(error)}` }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  baseUrl = `http://${hostForUrl}:${port}`;

  return {
    url: baseUrl,
    port,
    options,
    requests,
    failNext(route, fault, times = 1) {
      faults.push({ route, fault, remaining: times });
    },
    clearFaults() {
      faults = [];
    },
    requestsTo(route) {
      return requests.filter((r) => r.route === route);
    },
    async waitFor(check, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`aogServer.waitFor: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// ───────────────────────────── shell entry ─────────────────────────────

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'delay-ms': { type: 'string' },
      health: { type: 'string' },
      'no-data': { type: 'boolean' },
      'not-installed': { type: 'boolean' },
      'video-bytes': { type: 'string' },
    },
    strict: true,
  });
  const int = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${text}"`);
    return value;
  };
  const overrides: Partial<AogFakeOptions> = { port: int('port', values.port) ?? 0, host: values.host ?? '127.0.0.1' };
  const delayMs = int('delay-ms', values['delay-ms']);
  if (delayMs !== undefined) overrides.delayMs = delayMs;
  const shape = values.health;
  if (shape !== undefined && shape !== 'v0.7' && shape !== 'v0.5' && shape !== 'none') throw new Error('--health must be v0.7, v0.5 or none');
  if (shape !== undefined) overrides.healthShape = shape;
  if (values['no-data']) overrides.result = 'no-data';
  if (values['not-installed']) overrides.serviceInstalled = false;
  const videoBytes = int('video-bytes', values['video-bytes']);
  if (videoBytes !== undefined) overrides.video = { bytes: videoBytes };

  const fake = await startAogFake(overrides);
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`aogServer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}

/**
 * A loopback fake of AOG (Intel's AIPC Open Gateway) image-to-video that enforces the contract in
 * docs/providers.md#4-aog--intel-aipc-open-gateway strictly, so a client that passes here sends what the real gateway accepts.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
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
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute } from 'node:path';
import { isRecord } from './body';
import { fakeControls, type FakeControls } from './controls';
import { exchange } from './exchange';
import {
  faultQueue,
  nonJsonReply,
  retryAfterHeaders,
  type DropFault,
  type HangFault,
  type NonJsonFault,
} from './faults';
import { jsonReplies, listen, sendReply, textReply, type Reply } from './http';
import { readImageHeader } from './images';
import { readHead, type RecordedHead } from './recording';
import { parseFlags, runFromShell, sharedOptions, SWITCH, TEXT, wholeNumber } from './shell';
import { hasTriggerWord } from './triggerWords';
import { videoReply, type VideoSource } from './video';

// ───────────────────────────── public types ─────────────────────────────

export type AogFakeRoute = 'health' | 'legacy-health' | 'generate' | 'video';

export type AogFakeFault =
  /** Any status with an AOG error body `{"business_code","message"}`. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly businessCode?: number;
      readonly message?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** 429 with `retry-after`. */
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string; readonly message?: string }
  | NonJsonFault
  | DropFault
  | HangFault;

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
  video: VideoSource;
  maxBodyBytes: number;
}

export interface AogCheckedImage {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface AogRecordedRequest extends RecordedHead<AogFakeRoute | 'root' | 'unknown'> {
  /** The parsed JSON body of a POST (with a long base64 `image` shortened to its first 64 characters). */
  body?: unknown;
  /** The image the fake read (from the path or the data URI) when the body was valid. */
  image?: AogCheckedImage;
  /** The client went away before the answer was sent. */
  aborted?: boolean;
}

export interface AogFake extends FakeControls<AogFakeRoute, AogFakeFault, AogRecordedRequest> {
  readonly url: string;
  readonly options: AogFakeOptions;
  /** Resolves when `check` is true (checked every 5 ms), rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
}

// ───────────────────────────── contract constants ─────────────────────────────

const SERVICE_PATH = '/aog/v0.2/services/image-to-video';
const DEFAULT_MODEL = 'wan2.2-i2v-plus';
const BODY_FIELDS = ['model', 'image', 'image_type', 'prompt'];
const DATA_URI = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/]+={0,2})$/;
/** Go's default 404 (the gateway's router). */
const NOT_FOUND = textReply(404, 'text/plain', '404 page not found');

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

const json = jsonReplies('application/json; charset=utf-8');

function errorReply(error: AogError, headers: Record<string, string> = {}): Reply {
  return json(error.status, { business_code: error.businessCode, message: error.message }, headers);
}

/** Without the bulk of a data URI, so the recorded requests stay small. */
function shorten(body: unknown): unknown {
  if (!isRecord(body) || typeof body.image !== 'string' || body.image.length <= 200) return body;
  return { ...body, image: `${body.image.slice(0, 64)}…(${body.image.length} chars)` };
}

// ───────────────────────────── the server ─────────────────────────────

export async function startAogFake(overrides: Partial<AogFakeOptions> = {}): Promise<AogFake> {
  const options: AogFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: AogRecordedRequest[] = [];
  const videos = new Set<string>();
  const faults = faultQueue<AogFakeRoute, AogFakeFault>();
  let baseUrl = '';

  function health(route: 'health' | 'legacy-health'): Reply {
    if (route === 'legacy-health') {
      if (!options.legacyHealth) return NOT_FOUND;
      return json(200, { status: options.healthStatus });
    }
    if (options.healthShape === 'none') return NOT_FOUND;
    if (options.healthShape === 'v0.5') return json(200, { status: options.healthStatus });
    return json(200, {
      business_code: 80000,
      message: 'health interface call success',
      data: { status: options.healthStatus },
    });
  }

  async function checkImage(imageType: string, image: string): Promise<AogCheckedImage | undefined> {
    if (imageType === 'path') {
      if (!isAbsolute(image)) throw new AogError(500, 500, `image path must be absolute: ${image}`);
      let bytes: Buffer;
      try {
        bytes = await readFile(image);
      } catch (error) {
        const code =
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'no such file or directory'
            : String((error as Error).message);
        throw new AogError(500, 500, `failed to read image file: open ${image}: ${code}`);
      }
      const header = readImageHeader(bytes);
      if (!header) throw new AogError(500, 500, `unsupported image format: ${image}`);
      return { type: header.type, width: header.width, height: header.height, bytes: bytes.length };
    }
    if (imageType === 'base64') {
      const match = DATA_URI.exec(image);
      if (!match)
        throw new AogError(
          500,
          500,
          'image must be a data URI like data:image/png;base64,… (DashScope rejects bare base64)',
        );
      const bytes = Buffer.from(match[2] ?? '', 'base64');
      const header = readImageHeader(bytes);
      if (!header) throw new AogError(500, 500, 'the base64 image is not a readable PNG, JPEG or WebP image');
      if (header.type !== match[1])
        throw new AogError(500, 500, `the base64 image is ${header.type} but the data URI says ${match[1]}`);
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
    if (body.prompt !== undefined && typeof body.prompt !== 'string')
      throw new AogError(400, 40003, 'prompt must be a string');
    const imageType = body.image_type;
    const image = body.image;
    if (imageType === undefined || imageType === '') throw new AogError(500, 500, 'image_type request param lost');
    if (image === undefined || image === '') throw new AogError(500, 500, 'image request param lost');
    if (typeof imageType !== 'string' || !['path', 'url', 'base64'].includes(imageType))
      throw new AogError(500, 500, 'unsupported image type');
    if (typeof image !== 'string') throw new AogError(500, 500, 'image must be a string');
    const checked = await checkImage(imageType, image);
    if (checked) record.image = checked;
    const id = randomUUID();
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    if (options.result === 'no-data' || hasTriggerWord(prompt, options.failWord)) return json(200, { id });
    videos.add(id);
    const expires = Math.floor(Date.now() / 1000) + 86_400;
    return json(200, {
      id,
      data: `${baseUrl}/files/${id}.mp4?Expires=${expires}&OSSAccessKeyId=FAKE&Signature=fake%3D`,
    });
  }

  function video(name: string): Reply {
    const id = name.replace(/\.mp4$/, '');
    if (!videos.has(id)) {
      return textReply(
        404,
        'application/xml',
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`,
      );
    }
    return videoReply(options.video, 'whole');
  }

  function routeOf(method: string, path: string): AogRecordedRequest['route'] {
    if (method === 'GET' && path === '/health') return 'health';
    if (method === 'GET' && path === '/aog/v0.2/health') return 'legacy-health';
    if (method === 'POST' && path === SERVICE_PATH) return 'generate';
    if (method === 'GET' && /^\/files\/[^/]+\.mp4$/.test(path)) return 'video';
    if (method === 'GET' && path === '/') return 'root';
    return 'unknown';
  }

  function faultReply(fault: AogFakeFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(
          new AogError(
            fault.status,
            fault.businessCode ?? fault.status,
            fault.message ?? `injected error ${fault.status}`,
          ),
          { ...(fault.headers ?? {}) },
        );
      case 'rate-limit':
        return errorReply(
          new AogError(429, 429, fault.message ?? 'too many requests'),
          retryAfterHeaders(fault.retryAfter),
        );
      case 'non-json':
        return nonJsonReply(fault, '<html><body>not AOG</body></html>');
      default:
        return undefined;
    }
  }

  /** Nothing is written once the client has gone (the record keeps `aborted` and no status). */
  async function send(res: ServerResponse, reply: Reply, record: AogRecordedRequest): Promise<void> {
    if (record.aborted || res.destroyed) return;
    await sendReply(res, reply, record);
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

  /** The real answer to a request: an AOG error body unless everything checks out. */
  async function reply(
    route: AogRecordedRequest['route'],
    url: URL,
    raw: Buffer,
    record: AogRecordedRequest,
    res: ServerResponse,
  ): Promise<Reply> {
    try {
      switch (route) {
        case 'health':
        case 'legacy-health':
          return health(route);
        case 'generate': {
          const result = await generate(raw, record);
          await delay(options.delayMs, res);
          return result;
        }
        case 'video':
          return video(url.pathname.slice('/files/'.length));
        case 'root':
          return textReply(200, 'text/plain; charset=utf-8', 'AIPC Open Gateway');
        default:
          return NOT_FOUND;
      }
    } catch (error) {
      if (!(error instanceof AogError)) throw error;
      return errorReply(error);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { head, url } = readHead(req);
    const record: AogRecordedRequest = { ...head, route: routeOf(head.method, head.path) };
    requests.push(record);
    res.once('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const { route } = record;
    await exchange(req, {
      maxBodyBytes: options.maxBodyBytes,
      tooLarge: () => errorReply(new AogError(413, 413, 'request body too large')),
      fault: () => faults.take(route === 'root' || route === 'unknown' ? undefined : route),
      // An injected answer to the synchronous call still takes as long as a real one.
      async inject(fault) {
        const injected = faultReply(fault);
        if (injected && route === 'generate') await delay(options.delayMs, res);
        return injected;
      },
      work: (raw) => reply(route, url, raw, record, res),
      send: (r) => send(res, r, record),
    });
  }

  const server = await listen(options.host, options.port, handle, (error) => ({
    business_code: 500,
    message: `fake server bug: ${String(error)}`,
  }));
  baseUrl = server.origin;

  return {
    ...fakeControls(server, requests, faults),
    url: baseUrl,
    options,
    async waitFor(check, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`aogServer.waitFor: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

// ───────────────────────────── shell entry ─────────────────────────────

function shellOptions(argv: string[]): Partial<AogFakeOptions> {
  const values = parseFlags(argv, {
    'delay-ms': TEXT,
    health: TEXT,
    'no-data': SWITCH,
    'not-installed': SWITCH,
    'video-bytes': TEXT,
  });
  return sharedOptions(values, () => {
    const own: Partial<AogFakeOptions> = {};
    const delayMs = wholeNumber('delay-ms', values['delay-ms']);
    if (delayMs !== undefined) own.delayMs = delayMs;
    const shape = values.health;
    if (shape !== undefined && shape !== 'v0.7' && shape !== 'v0.5' && shape !== 'none')
      throw new Error('--health must be v0.7, v0.5 or none');
    if (shape !== undefined) own.healthShape = shape;
    if (values['no-data']) own.result = 'no-data';
    if (values['not-installed']) own.serviceInstalled = false;
    return own;
  });
}

if (require.main === module) runFromShell('aogServer', () => startAogFake(shellOptions(process.argv.slice(2))));

/**
 * A loopback fake of Google Veo on the Gemini API (generativelanguage.googleapis.com/v1beta) that enforces the
 * contract in docs/providers.md#6-veo--google-veo-through-the-gemini-api strictly.
 *
 * Independent of the code under test: it imports nothing from src/, only the plumbing the fakes share.
 *
 * Google shut every Veo model of the Gemini API down (the last on 2026-10-22): by default each answers 404 NOT_FOUND
 * "no longer available", as the real API does today. `servedModels` makes the fake a gateway that still serves the
 * same REST shape for those ids (how the provider is used now, with a custom model).
 *
 * Enforced: the key in `x-goog-api-key` (or `?key=`): missing → 403 PERMISSION_DENIED, wrong → 401 UNAUTHENTICATED
 * (or, with `badKeyStyle: 'api-key-invalid'`, Google's real 400 INVALID_ARGUMENT with reason API_KEY_INVALID);
 * `GET /v1beta/models[/{model}]` (served models only); `POST /v1beta/models/{model}:predictLongRunning` with exactly
 * one instance `{prompt?, image:{bytesBase64Encoded, mimeType}, lastFrame?}` (`lastFrame` only for Veo 3.1; no gcsUri,
 * video or referenceImages), each image's declared type matching its bytes and ≤ 20 MB, `parameters` restricted to
 * known names (seed, fps, generateAudio… are refused: the SDK refuses them outside Vertex), aspect ratio 16:9|9:16,
 * per-model durations (veo 3.1: 4/6/8; veo 3.0: 8; veo-2: 5–8) and `resolution` only for veo 3.x (720p|1080p); the
 * operation `models/{model}/operations/{id}` becoming `done` after some status checks, with a video, an `error`, or
 * safety-filtered (`raiMediaFilteredCount`/`raiMediaFilteredReasons`); the file download requiring the key and
 * redirecting (302) to a signed media path on the same server. Google error bodies:
 * `{"error":{"code","message","status","details"?}}`.
 *
 * Shell use (E2E): `node --import tsx test/fakes/veoServer.ts --port 0 [--key KEY] [--served id,id] [--steps N]
 * [--running-steps N] [--filter-word WORD] [--video-bytes N]` prints `{"url":"http://127.0.0.1:PORT/v1beta"}`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isRecord } from './body';
import { fakeControls, type FakeControls } from './controls';
import { jsonApiHandler } from './exchange';
import { faultQueue, invalidJsonReply, nonJsonReply, retryAfterHeaders, type TransportFault } from './faults';
import { jsonReplies, listen, textReply, type Reply } from './http';
import { IMAGE_TYPES, readImageHeader } from './images';
import type { JsonRecordedRequest } from './recording';
import { parseFlags, runFromShell, sharedOptions, TEXT } from './shell';
import { hasTriggerWord } from './triggerWords';
import { videoReply, type VideoSource } from './video';

// ───────────────────────────── public types ─────────────────────────────

export type VeoRoute = 'create' | 'operation' | 'file' | 'media' | 'model' | 'models';

export type VeoFault =
  /** Any status with a Google error body. */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly message?: string;
      readonly grpcStatus?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** 429 RESOURCE_EXHAUSTED with `Retry-After` and/or a `RetryInfo.retryDelay` like `"30s"`. */
  | {
      readonly kind: 'rate-limit';
      readonly retryAfter?: string;
      readonly retryDelay?: string;
      readonly message?: string;
    }
  | TransportFault;

export interface VeoFakeOptions {
  host: string;
  port: number;
  apiKey: string;
  /** How a wrong key is answered: 401 UNAUTHENTICATED, or 400 INVALID_ARGUMENT + ErrorInfo reason API_KEY_INVALID. */
  badKeyStyle: 'unauthenticated' | 'api-key-invalid';
  pollsPerStep: number;
  /** Status checks answered `done: false` before the end. */
  runningSteps: number;
  /** A prompt with this word ends done with no samples and `raiMediaFilteredCount: 1`. Empty: never. */
  filterWord: string;
  filterReasons: string[];
  /** A prompt with this word ends done with `error`. Empty: never. */
  errorWord: string;
  operationError: { code: number; message: string };
  video: VideoSource;
  maxBodyBytes: number;
  /** Model ids still answered (a gateway); empty = Google today, where every Veo model is shut down. */
  servedModels: string[];
}

export type RecordedRequest = JsonRecordedRequest<VeoRoute | 'unknown'>;

export interface FakeImage {
  readonly mimeType: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface FakeOperation {
  readonly name: string;
  readonly model: string;
  readonly prompt: string;
  readonly aspectRatio: string;
  readonly durationSeconds: number;
  readonly resolution?: string;
  readonly image: FakeImage;
  readonly lastFrame?: FakeImage;
  readonly negativePrompt?: string;
  readonly outcome: 'video' | 'filtered' | 'error';
  readonly fileId: string;
  readonly token: string;
  polls: number;
}

export interface VeoFake extends FakeControls<VeoRoute, VeoFault, RecordedRequest> {
  /** Base URL including `/v1beta`. */
  readonly url: string;
  readonly options: VeoFakeOptions;
  readonly operations: Map<string, FakeOperation>;
}

// ───────────────────────────── contract constants ─────────────────────────────

interface ModelRule {
  readonly durations: readonly number[];
  readonly resolutions: readonly string[] | null;
  readonly lastFrame: boolean;
}

const VEO31: ModelRule = { durations: [4, 6, 8], resolutions: ['720p', '1080p'], lastFrame: true };
const VEO3: ModelRule = { durations: [8], resolutions: ['720p', '1080p'], lastFrame: false };
/** The rules each Veo id had while it was served (applied when `servedModels` lists it). */
export const VEO_MODEL_RULES: Readonly<Record<string, ModelRule>> = {
  'veo-3.1-generate-preview': VEO31,
  'veo-3.1-fast-generate-preview': VEO31,
  'veo-3.1-lite-generate-preview': { ...VEO31, lastFrame: false },
  'veo-3.0-generate-001': VEO3,
  'veo-3.0-fast-generate-001': VEO3,
  'veo-2.0-generate-001': { durations: [5, 6, 7, 8], resolutions: null, lastFrame: false },
};
const PARAMETERS = [
  'aspectRatio',
  'durationSeconds',
  'resolution',
  'negativePrompt',
  'personGeneration',
  'sampleCount',
  'enhancePrompt',
];
const MAX_IMAGE_BYTES = 20_000_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// ───────────────────────────── replies ─────────────────────────────

const GRPC_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

class ApiError {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly details?: unknown[],
    readonly grpcStatus = GRPC_STATUS[status] ?? 'UNKNOWN',
  ) {}
}

const invalid = (message: string): ApiError => new ApiError(400, message);

const json = jsonReplies('application/json; charset=UTF-8', 2);

function errorReply(error: ApiError, headers: Record<string, string> = {}): Reply {
  return json(
    error.status,
    {
      error: {
        code: error.status,
        message: error.message,
        status: error.grpcStatus,
        ...(error.details ? { details: error.details } : {}),
      },
    },
    headers,
  );
}

// ───────────────────────────── the server ─────────────────────────────

const DEFAULTS: VeoFakeOptions = {
  host: '127.0.0.1',
  port: 0,
  apiKey: 'AIzaFakeKey-0123456789abcdef',
  badKeyStyle: 'unauthenticated',
  pollsPerStep: 1,
  runningSteps: 2,
  filterWord: 'SAFETY_FILTER',
  filterReasons: ['We encountered an issue with the image. Please try a different image. Support code: 58061214'],
  errorWord: 'OPERATION_ERROR',
  operationError: { code: 13, message: 'Video generation failed due to an internal error.' },
  video: { bytes: 50_000 },
  maxBodyBytes: 40_000_000,
  servedModels: [],
};

export async function startVeoFake(overrides: Partial<VeoFakeOptions> = {}): Promise<VeoFake> {
  const options: VeoFakeOptions = { ...DEFAULTS, ...overrides };
  const requests: RecordedRequest[] = [];
  const operations = new Map<string, FakeOperation>();
  const faults = faultQueue<VeoRoute, VeoFault>();
  let origin = '';

  function checkKey(headers: IncomingMessage['headers'], query: URLSearchParams): ApiError | undefined {
    const header = headers['x-goog-api-key'];
    const key = (typeof header === 'string' ? header : undefined) ?? query.get('key') ?? undefined;
    if (!key) {
      return new ApiError(
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      );
    }
    if (key === options.apiKey) return undefined;
    if (options.badKeyStyle === 'api-key-invalid') {
      return new ApiError(400, 'API key not valid. Please pass a valid API key.', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
      ]);
    }
    return new ApiError(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  }

  // ── create ──
  function checkImage(image: unknown, field = 'image'): FakeImage {
    if (!isRecord(image)) throw invalid(`instances[0].${field} must be an object.`);
    for (const key of Object.keys(image)) {
      if (key === 'gcsUri') throw invalid('gcsUri is not supported by the Gemini API; send bytesBase64Encoded.');
      if (key !== 'bytesBase64Encoded' && key !== 'mimeType')
        throw invalid(
          `Invalid JSON payload received. Unknown name "${key}" at 'instances[0].${field}': Cannot find field.`,
        );
    }
    const { bytesBase64Encoded: data, mimeType } = image;
    if (typeof data !== 'string' || data === '') throw invalid(`instances[0].${field}.bytesBase64Encoded is required.`);
    if (typeof mimeType !== 'string' || !IMAGE_TYPES.includes(mimeType)) {
      throw invalid(`Unsupported MIME type: ${String(mimeType)}. Use one of ${IMAGE_TYPES.join(', ')}.`);
    }
    if (!BASE64.test(data) || data.length % 4 !== 0)
      throw invalid("Invalid value at 'instances[0].image.bytes_base64_encoded' (TYPE_BYTES), Base64 decoding failed.");
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > MAX_IMAGE_BYTES)
      throw invalid(`The image is ${bytes.length} bytes; the limit is ${MAX_IMAGE_BYTES} bytes.`);
    const header = readImageHeader(bytes);
    if (!header)
      throw invalid(
        'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      );
    if (header.type !== mimeType) throw invalid(`The image bytes are ${header.type} but mimeType says ${mimeType}.`);
    return { mimeType, width: header.width, height: header.height, bytes: bytes.length };
  }

  /** The rule of a model this server still answers for, else Google's 404 (shut down, or never a Veo id). */
  function servedRule(model: string): ModelRule {
    const rule = VEO_MODEL_RULES[model];
    if (rule && options.servedModels.includes(model)) return rule;
    if (rule)
      throw new ApiError(404, `models/${model} is no longer available. Veo models were shut down on the Gemini API.`);
    throw new ApiError(
      404,
      `models/${model} is not found for API version v1beta, or is not supported for predictLongRunning. Call ListModels to see the list of available models and their supported methods.`,
    );
  }

  function modelJson(model: string): Record<string, unknown> {
    return { name: `models/${model}`, displayName: model, supportedGenerationMethods: ['predictLongRunning'] };
  }

  function create(model: string, body: unknown): Reply {
    const rule = servedRule(model);
    if (!isRecord(body)) throw invalid('Invalid JSON payload received. Expected an object.');
    for (const key of Object.keys(body)) {
      if (key !== 'instances' && key !== 'parameters')
        throw invalid(`Invalid JSON payload received. Unknown name "${key}": Cannot find field.`);
    }
    const { instances } = body;
    if (!Array.isArray(instances) || instances.length !== 1)
      throw invalid('instances must be a list with exactly one instance.');
    const instance: unknown = instances[0];
    if (!isRecord(instance)) throw invalid('instances[0] must be an object.');
    for (const key of Object.keys(instance)) {
      if ((key === 'lastFrame' && !rule.lastFrame) || key === 'video' || key === 'referenceImages')
        throw invalid(`\`${key}\` isn't supported by this model or by the Gemini API.`);
      if (key !== 'prompt' && key !== 'image' && key !== 'lastFrame')
        throw invalid(`Invalid JSON payload received. Unknown name "${key}" at 'instances[0]': Cannot find field.`);
    }
    if (instance.prompt !== undefined && typeof instance.prompt !== 'string')
      throw invalid('instances[0].prompt must be a string.');
    if (instance.image === undefined) throw invalid('This fake serves image-to-video: instances[0].image is required.');
    const image = checkImage(instance.image);
    const lastFrame = instance.lastFrame === undefined ? undefined : checkImage(instance.lastFrame, 'lastFrame');
    const prompt = typeof instance.prompt === 'string' ? instance.prompt : '';

    const parameters = body.parameters ?? {};
    if (!isRecord(parameters)) throw invalid('parameters must be an object.');
    for (const key of Object.keys(parameters)) {
      if (!PARAMETERS.includes(key)) throw invalid(`\`${key}\` isn't supported by the Gemini API for ${model}.`);
    }
    const aspectRatio = parameters.aspectRatio ?? '16:9';
    if (aspectRatio !== '16:9' && aspectRatio !== '9:16')
      throw invalid(`Aspect ratio ${String(aspectRatio)} is not supported; use 16:9 or 9:16.`);
    const durationSeconds = parameters.durationSeconds ?? rule.durations[rule.durations.length - 1];
    if (typeof durationSeconds !== 'number' || !rule.durations.includes(durationSeconds)) {
      throw invalid(
        `The durationSeconds ${String(durationSeconds)} is not supported by ${model}; supported: ${rule.durations.join(', ')}.`,
      );
    }
    let resolution: string | undefined;
    if (parameters.resolution !== undefined) {
      if (!rule.resolutions) throw invalid(`\`resolution\` isn't supported by ${model}.`);
      if (typeof parameters.resolution !== 'string' || !rule.resolutions.includes(parameters.resolution)) {
        throw invalid(
          `Resolution ${String(parameters.resolution)} is not supported; use one of ${rule.resolutions.join(', ')}.`,
        );
      }
      resolution = parameters.resolution;
    }
    const sampleCount = parameters.sampleCount ?? 1;
    if (typeof sampleCount !== 'number' || !Number.isInteger(sampleCount) || sampleCount < 1 || sampleCount > 4)
      throw invalid('sampleCount must be an integer from 1 to 4.');
    if (
      parameters.personGeneration !== undefined &&
      !['allow_all', 'allow_adult', 'dont_allow'].includes(String(parameters.personGeneration))
    ) {
      throw invalid(`personGeneration ${String(parameters.personGeneration)} is not supported.`);
    }
    if (parameters.enhancePrompt !== undefined && typeof parameters.enhancePrompt !== 'boolean')
      throw invalid('enhancePrompt must be a boolean.');
    if (parameters.negativePrompt !== undefined && typeof parameters.negativePrompt !== 'string')
      throw invalid('negativePrompt must be a string.');

    const operation: FakeOperation = {
      name: `models/${model}/operations/${randomBytes(6).toString('hex')}`,
      model,
      prompt,
      aspectRatio,
      durationSeconds,
      ...(resolution ? { resolution } : {}),
      image,
      ...(lastFrame ? { lastFrame } : {}),
      ...(typeof parameters.negativePrompt === 'string' ? { negativePrompt: parameters.negativePrompt } : {}),
      outcome: hasTriggerWord(prompt, options.filterWord)
        ? 'filtered'
        : hasTriggerWord(prompt, options.errorWord)
          ? 'error'
          : 'video',
      fileId: randomBytes(6).toString('hex'),
      token: randomBytes(12).toString('hex'),
      polls: 0,
    };
    operations.set(operation.name, operation);
    return json(200, { name: operation.name });
  }

  function operationJson(operation: FakeOperation): Record<string, unknown> {
    const step = Math.floor(operation.polls / Math.max(1, options.pollsPerStep));
    if (step <= options.runningSteps) return { name: operation.name };
    if (operation.outcome === 'error')
      return { name: operation.name, done: true, error: { ...options.operationError } };
    const response = {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
      generateVideoResponse:
        operation.outcome === 'filtered'
          ? { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [...options.filterReasons] }
          : { generatedSamples: [{ video: { uri: `${origin}/v1beta/files/${operation.fileId}:download?alt=media` } }] },
    };
    return { name: operation.name, done: true, response };
  }

  function poll(name: string): Reply {
    const operation = operations.get(name);
    if (!operation) throw new ApiError(404, `Operation ${name} not found.`);
    const body = operationJson(operation);
    operation.polls += 1;
    return json(200, body);
  }

  function file(fileId: string, query: URLSearchParams): Reply {
    const operation = [...operations.values()].find((op) => op.fileId === fileId);
    if (!operation || operationJson(operation).response === undefined || operation.outcome !== 'video')
      throw new ApiError(404, `File files/${fileId} not found.`);
    if (query.get('alt') !== 'media') throw invalid('Use alt=media to download the file content.');
    return {
      status: 302,
      headers: { location: `${origin}/media/${fileId}?token=${operation.token}`, 'content-type': 'text/html' },
      body: Buffer.from(''),
    };
  }

  function media(fileId: string, query: URLSearchParams): Reply {
    const operation = [...operations.values()].find((op) => op.fileId === fileId);
    if (!operation || query.get('token') !== operation.token) {
      return textReply(
        403,
        'text/html',
        '<html><body>403. That’s an error. Your client does not have permission.</body></html>',
      );
    }
    return videoReply(options.video, 'whole');
  }

  // ── dispatch ──
  function routeOf(method: string, path: string): { route: VeoRoute; arg: string } | undefined {
    if (path === '/v1beta/models') return method === 'GET' ? { route: 'models', arg: '' } : undefined;
    const modelMatch = /^\/v1beta\/models\/([^/:]+)$/.exec(path);
    if (modelMatch)
      return method === 'GET' ? { route: 'model', arg: decodeURIComponent(modelMatch[1] ?? '') } : undefined;
    const create = /^\/v1beta\/models\/([^/:]+):predictLongRunning$/.exec(path);
    if (create) return method === 'POST' ? { route: 'create', arg: decodeURIComponent(create[1] ?? '') } : undefined;
    const operation = /^\/v1beta\/(models\/[^/]+\/operations\/[^/]+)$/.exec(path);
    if (operation) return method === 'GET' ? { route: 'operation', arg: operation[1] ?? '' } : undefined;
    const fileMatch = /^\/v1beta\/files\/([^/:]+):download$/.exec(path);
    if (fileMatch) return method === 'GET' ? { route: 'file', arg: fileMatch[1] ?? '' } : undefined;
    const mediaMatch = /^\/media\/([^/]+)$/.exec(path);
    if (mediaMatch) return method === 'GET' ? { route: 'media', arg: mediaMatch[1] ?? '' } : undefined;
    return undefined;
  }

  function faultReply(fault: VeoFault): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return errorReply(
          new ApiError(fault.status, fault.message ?? `Injected error ${fault.status}.`, undefined, fault.grpcStatus),
          { ...(fault.headers ?? {}) },
        );
      case 'rate-limit': {
        const details = fault.retryDelay
          ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: fault.retryDelay }]
          : undefined;
        return errorReply(
          new ApiError(
            429,
            fault.message ?? 'You exceeded your current quota, please check your plan and billing details.',
            details,
          ),
          retryAfterHeaders(fault.retryAfter),
        );
      }
      case 'non-json':
        return nonJsonReply(fault, '<html><body>Error 502 (Server Error)!!1</body></html>');
      case 'invalid-json':
        return invalidJsonReply(fault, '{"name": "models/veo');
      case 'missing-fields':
        return json(200, fault.body ?? { metadata: {} });
      default:
        return undefined;
    }
  }

  /** The real answer to a request: a Google error body unless everything checks out. */
  function reply(target: ReturnType<typeof routeOf>, req: IncomingMessage, url: URL, record: RecordedRequest): Reply {
    try {
      if (!target) throw new ApiError(404, `Not found: ${record.method} ${url.pathname}`);
      if (target.route === 'media') return media(target.arg, url.searchParams);
      const authError = checkKey(req.headers, url.searchParams);
      if (authError) throw authError;
      if (target.route === 'operation') return poll(target.arg);
      if (target.route === 'models') return json(200, { models: options.servedModels.map(modelJson) });
      if (target.route === 'model') {
        servedRule(target.arg);
        return json(200, modelJson(target.arg));
      }
      if (target.route === 'file') return file(target.arg, url.searchParams);
      if (!(record.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
        throw invalid('Content-Type must be application/json.');
      if (record.json === undefined) throw invalid('Invalid JSON payload received. Unexpected token.');
      return create(target.arg, record.json);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return errorReply(error);
    }
  }

  const handle = jsonApiHandler({
    routeOf,
    requests,
    faults,
    inject: faultReply,
    maxBodyBytes: options.maxBodyBytes,
    tooLarge: () =>
      errorReply(
        new ApiError(
          413,
          `Request payload size exceeds the limit: ${options.maxBodyBytes} bytes.`,
          undefined,
          'INVALID_ARGUMENT',
        ),
      ),
    work: ({ target, req, url, record }) => reply(target, req, url, record),
  });

  const server = await listen(options.host, options.port, handle, (error) => ({
    error: { code: 500, message: `Fake server bug: ${String(error)}`, status: 'INTERNAL' },
  }));
  origin = server.origin;

  return {
    ...fakeControls(server, requests, faults),
    url: `${origin}/v1beta`,
    options,
    operations,
  };
}

// ───────────────────────────── shell entry ─────────────────────────────

function shellOptions(argv: string[]): Partial<VeoFakeOptions> {
  const values = parseFlags(argv, {
    key: TEXT,
    served: TEXT,
    steps: TEXT,
    'running-steps': TEXT,
    'filter-word': TEXT,
    'video-bytes': TEXT,
  });
  return sharedOptions(values, () => ({
    ...(values['filter-word'] !== undefined ? { filterWord: values['filter-word'] } : {}),
    ...(values.served !== undefined ? { servedModels: values.served.split(',').filter((id) => id) } : {}),
  }));
}

if (require.main === module) runFromShell('veoServer', () => startVeoFake(shellOptions(process.argv.slice(2))));

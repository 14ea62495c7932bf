import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AnimateError, errorMessage } from '../errors';

/** RGBA pixels as the codecs take and give them (the shape of the DOM's ImageData, which Node does not have). */
export interface CodecPixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * The WebAssembly behind the codecs (@jsquash: mozjpeg, libwebp, Rust png). The bundles are CommonJS, where
 * the packages' own `import.meta.url` + fetch loading cannot work, so every module is compiled here from a
 * file: `dist/wasm/<name>` next to the bundle (the build copies these), else the package in node_modules.
 */
export const WASM_FILES = {
  jpegDecoder: '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  jpegEncoder: '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
  png: '@jsquash/png/codec/pkg/squoosh_png_bg.wasm',
  webpDecoder: '@jsquash/webp/codec/dec/webp_dec.wasm',
  // The package picks its SIMD build whenever the runtime has SIMD, which every Node that VS Code ships has.
  webpEncoder: '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
} as const;

export type WasmName = keyof typeof WASM_FILES;

export function locateWasm(name: WasmName): string {
  const spec = WASM_FILES[name];
  const bundled = join(__dirname, 'wasm', basename(spec));
  if (existsSync(bundled)) return bundled;
  try {
    return require.resolve(spec); // running from source (tests, tsx)
  } catch (cause) {
    throw new AnimateError(
      'io',
      l10n.t('Missing {0}: the build must copy {1} from node_modules to dist/wasm/.', bundled, spec),
      { cause },
    );
  }
}

function compile(name: WasmName): Promise<WebAssembly.Module> {
  return WebAssembly.compile(readFileSync(locateWasm(name)));
}

/** What an Emscripten codec printed (libjpeg reports problems as text, e.g. "Premature end of JPEG file"). */
let printed: string[] = [];
// `locateFile`: some glue (libwebp's encoder) otherwise resolves its wasm against `import.meta.url`, which a
// CommonJS bundle lacks; the module is handed over compiled, so the name is never fetched.
const emscriptenOptions = {
  print: (text: string) => printed.push(text),
  printErr: (text: string) => printed.push(text),
  locateFile: (path: string) => path,
};

/** Codecs run one call at a time so the printed messages belong to the call that made them. */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export interface CodecResult<T> {
  readonly value: T;
  /** Warnings the codec printed while it worked. */
  readonly messages: readonly string[];
}

/** Runs a codec call; a failure carries the codec's own words (Emscripten throws a bare ExitStatus object). */
function run<T>(task: () => Promise<T>): Promise<CodecResult<T>> {
  return oneAtATime(async () => {
    printed = [];
    try {
      const value = await task();
      return { value, messages: printed };
    } catch (error) {
      const said = [...printed, errorMessage(error)];
      throw new CodecError(said.filter((line) => line.trim() !== '').join('; '), error);
    } finally {
      printed = [];
    }
  });
}

/** A codec refused the data; the message is the codec's own description of the problem. */
export class CodecError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'CodecError';
  }
}

type EmscriptenInit = (module: WebAssembly.Module, options: object) => Promise<void>;

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // let a later call retry (e.g. after the missing file is restored)
      throw error;
    });
    return loading;
  };
}

/** An Emscripten codec plus a way to swap its instance for a fresh one. */
interface Emscripten<F> {
  readonly codec: () => Promise<F>;
  /** Wasm memory only ever grows; a new instance (cheap: the compiled module is kept) lets the old one go. */
  readonly renew: () => Promise<void>;
}

function emscripten<F>(name: WasmName, load: () => Promise<{ init: unknown; default: F }>): Emscripten<F> {
  const loaded = once(async () => {
    const [codec, module] = await Promise.all([load(), compile(name)]);
    const init = codec.init as EmscriptenInit; // the typings omit the (module, options) form the code accepts
    await init(module, emscriptenOptions);
    return { run: codec.default, renew: () => init(module, emscriptenOptions) };
  });
  return { codec: async () => (await loaded()).run, renew: async () => (await loaded()).renew() };
}

const jpegDecoder = emscripten('jpegDecoder', () => import('@jsquash/jpeg/decode.js'));
const jpegEncoder = emscripten('jpegEncoder', () => import('@jsquash/jpeg/encode.js'));
const webpDecoder = emscripten('webpDecoder', () => import('@jsquash/webp/decode.js'));
const webpEncoder = emscripten('webpEncoder', () => import('@jsquash/webp/encode.js'));

/**
 * After decoding more than this, the decoder's instance is replaced so its grown memory can be collected: a
 * long-lived extension host should not keep hundreds of MB for one big picture. Photos up to ~16 MP keep
 * their instance, so a batch of ordinary photos is not slowed by re-growing memory each time.
 */
const KEEP_INSTANCE_BYTES = 64 * 1024 * 1024;

const pngDecoder = once(async () => {
  const codec = await import('@jsquash/png/decode.js');
  await codec.init(await compile('png'));
  return codec.decode;
});

/** Decodes a JPEG to RGBA, turned upright according to its EXIF orientation. */
export async function decodeJpeg(data: ArrayBuffer): Promise<CodecResult<CodecPixels>> {
  const decode = await jpegDecoder.codec();
  return released(jpegDecoder, () => run<CodecPixels>(() => decode(data, { preserveOrientation: true })));
}

/** Decodes a still WebP (libwebp's simple API: animated files must be reduced to one frame first). */
export async function decodeWebp(data: ArrayBuffer): Promise<CodecResult<CodecPixels>> {
  const decode = await webpDecoder.codec();
  return released(webpDecoder, () => run<CodecPixels>(() => decode(data)));
}

/** Runs a decode, then renews the instance if the image was big (also after a failure: memory grew anyway). */
async function released<T extends CodecPixels>(
  decoder: Emscripten<unknown>,
  decode: () => Promise<CodecResult<T>>,
): Promise<CodecResult<T>> {
  let big = true;
  try {
    const result = await decode();
    big = result.value.data.byteLength > KEEP_INSTANCE_BYTES;
    return result;
  } finally {
    if (big) await decoder.renew();
  }
}

/** Decodes any PNG (palette, grayscale, 16-bit, interlaced, tRNS) to 8-bit RGBA. */
export async function decodePng(data: ArrayBuffer): Promise<CodecResult<CodecPixels>> {
  const decode = await pngDecoder();
  return run<CodecPixels>(() => decode(data));
}

/** The codecs declare the DOM's ImageData, which our pixels match without its colour-space field. */
type CodecInput<Encode extends (image: never, ...rest: never[]) => unknown> = Parameters<Encode>[0];

export async function encodeJpeg(image: CodecPixels, quality: number): Promise<ArrayBuffer> {
  const encode = await jpegEncoder.codec();
  // Sequential, not progressive: every provider and viewer reads it, and it encodes faster.
  return (await run(() => encode(image as CodecInput<typeof encode>, { quality, progressive: false }))).value;
}

/** Encodes a lossy WebP (one frame of an animated WebP). */
export async function encodeWebp(image: CodecPixels, quality: number): Promise<ArrayBuffer> {
  const encode = await webpEncoder.codec();
  // Method 2 of 0-6: about twice as fast as the default 4 for a few percent more bytes, which a clip of 100 frames feels.
  return (await run(() => encode(image as CodecInput<typeof encode>, { quality, method: 2 }))).value;
}

import { writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { H264MP4Encoder } from 'h264-mp4-encoder';
import type { EncoderSpec, FrameEncoder } from './encoder';
import { faststart } from './faststart';
import { i420Size, matrixForSize } from './yuv';

type Hme = typeof import('h264-mp4-encoder');

/**
 * Quality/speed trade-off of the bundled encoder (minih264). QP 23 keeps gradients clean at a bitrate
 * similar to x264 CRF 23; speed 10 is its fastest mode and costs little quality for smooth camera moves.
 */
const QUANTIZATION = 23;
const SPEED = 10;

let loaded: Hme | undefined;

/**
 * Loads the Emscripten module lazily (it is ~1 MB of JS with the wasm inlined) and synchronously, so the
 * process-wide handlers it installs can be taken off right away: it rethrows every uncaughtException and
 * aborts itself on any unhandledRejection, which would take down an extension host shared with others.
 */
function loadHme(): Hme {
  if (loaded) return loaded;
  const uncaught = new Set(process.listeners('uncaughtException'));
  const rejection = new Set(process.listeners('unhandledRejection'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load is what makes the cleanup below exact
  const hme = require('h264-mp4-encoder') as Hme;
  for (const listener of process.listeners('uncaughtException'))
    if (!uncaught.has(listener)) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection'))
    if (!rejection.has(listener)) process.off('unhandledRejection', listener);
  loaded = hme;
  return hme;
}

/** H.264 in WebAssembly: always available, no install needed; slower than ffmpeg and runs on the calling thread. */
export async function openWasmEncoder(spec: EncoderSpec): Promise<FrameEncoder> {
  const encoder: H264MP4Encoder = await loadHme().createH264MP4Encoder();
  // The in-memory file system is shared by every encoder instance, so each one needs its own name.
  const memoryPath = `/animate-${randomBytes(8).toString('hex')}.mp4`;
  let open = true;
  let initialized = false;
  let finalized = false;
  const release = (): void => {
    if (!open) return;
    open = false;
    // Deleting an initialized encoder that was never finalized aborts the whole wasm module (every later
    // encode in this process would fail), so an early stop still finalizes, then throws the file away.
    if (initialized && !finalized) {
      try {
        encoder.finalize();
      } catch {
        // already broken; deleting is all that is left
      }
    }
    try {
      encoder.FS.unlink(memoryPath);
    } catch {
      // not written
    }
    encoder.delete();
  };
  try {
    encoder.width = spec.width;
    encoder.height = spec.height;
    encoder.frameRate = spec.fps;
    encoder.quantizationParameter = QUANTIZATION;
    encoder.speed = SPEED;
    encoder.groupOfPictures = spec.fps * 2;
    encoder.outputFilename = memoryPath;
    encoder.initialize();
    initialized = true;
  } catch (error) {
    release();
    throw error;
  }
  return {
    kind: 'wasm',
    // minih264 writes no colour tags, so use the matrix players assume for this size.
    matrix: matrixForSize(spec.width, spec.height),
    async addFrame(i420) {
      if (!open) throw new Error('wasm encoder already closed');
      // I420 rather than RGBA: its built-in RGB conversion is slower than ours and fixed to one matrix.
      encoder.addFrameYuv(i420.subarray(0, i420Size(spec.width, spec.height)));
      // Encoding is synchronous; give timers, I/O and cancellation a turn between frames.
      await yieldToEventLoop();
    },
    async finish() {
      if (!open) throw new Error('wasm encoder already closed');
      try {
        encoder.finalize();
        finalized = true;
        await writeFile(spec.outPath, faststart(encoder.FS.readFile(memoryPath)));
      } finally {
        release();
      }
    },
    abort: release,
  };
}

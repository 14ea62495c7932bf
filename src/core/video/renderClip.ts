import * as l10n from '@vscode/l10n';
import { rm } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AnimateError, isAbortError, errorMessage } from '../errors';
import type { RgbaImage } from '../image/rgba';
import { silentLogger, type Logger } from '../types';
import type { Focus } from '../../shared/focus';
import { estimateFocus } from '../image/saliency';
import { maxZoomOf } from '../../shared/cameraPath';
import { DEFAULT_FPS, frameCount, frameExposures, type CameraMove } from './clipPlan';
import type { EncoderChoice, EncoderKind, EncoderSpec, FrameEncoder } from './encoder';
import { openFfmpegEncoder } from './ffmpegEncoder';
import { findFfmpeg } from './findFfmpeg';
import type { Motion } from '../../shared/motion';
import { ExposureRenderer } from './motionBlur';
import { prepareRenderSource } from './renderSource';
import { openWasmEncoder } from './wasmEncoder';
import { i420Size } from './yuv';

/** The default frame rate (film's). */
export const FPS = DEFAULT_FPS;

/** Rows rendered between event-loop turns: ~1-2 ms of work at 720p. Even, as I420 needs. */
const BAND_ROWS = 96;

export interface RenderClipOptions {
  readonly source: RgbaImage;
  readonly motion: Motion;
  /** Requested output size; odd values are rounded down to even (yuv420p needs even dimensions). */
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  /** Frames per second (default 24). */
  readonly fps?: number;
  /** A seamless loop: the move goes there and back (orbit: a closed circle). */
  readonly loop?: boolean;
  /** What to keep in frame; default: estimated from the whole picture (`estimateFocus`), as the GIF/WebP path does. */
  readonly focus?: Focus;
  readonly outPath: string;
  readonly encoder?: EncoderChoice;
  /** An ffmpeg binary to use instead of searching PATH. */
  readonly ffmpegPath?: string;
  readonly signal?: AbortSignal;
  /** Called after each frame is handed to the encoder. May restart from 0 if `auto` falls back to wasm. */
  readonly onProgress?: (framesDone: number, frames: number) => void;
  readonly log?: Logger;
}

export interface RenderClipResult {
  readonly encoder: EncoderKind;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly elapsedMs: number;
}

/** Output dimensions actually rendered: rounded down to even, at least 2. */
export function evenSize(width: number, height: number): { width: number; height: number } {
  return { width: Math.max(2, Math.floor(width / 2) * 2), height: Math.max(2, Math.floor(height / 2) * 2) };
}

/**
 * Films a still image with a virtual camera and writes an H.264 MP4 to `outPath`. Frames are rendered
 * and encoded one by one (memory: the source plus a few frames, never the clip). On failure or abort nothing is
 * left at `outPath`. Throws AnimateError: `cancelled` when aborted, `bad-input` for an unusable
 * `encoder`/`ffmpegPath`, `io` when encoding fails.
 */
export async function renderClip(options: RenderClipOptions): Promise<RenderClipResult> {
  const started = performance.now();
  const log = options.log ?? silentLogger;
  const { width, height } = evenSize(options.width, options.height);
  const fps = options.fps ?? FPS;
  const frames = frameCount(options.seconds, fps);
  const spec: EncoderSpec = { width, height, fps, outPath: options.outPath };
  const source = prepareRenderSource(options.source, width, height, undefined, maxZoomOf(options.motion));
  const move: CameraMove = {
    motion: options.motion,
    fps,
    loop: options.loop ?? false,
    focus: options.focus ?? estimateFocus(options.source),
  };
  const plan = await chooseEncoder(options.encoder ?? 'auto', options.ffmpegPath, log);
  log.debug(
    `local render: ${options.motion}${move.loop ? ' (loop)' : ''} ${width}x${height} ${frames} frames at ${fps} fps from ${options.source.width}x${options.source.height} (sampled at ${source.width}x${source.height}), encoder ${plan.kind}`,
  );

  const encodeWith = async (kind: EncoderKind): Promise<void> => {
    const encoder = kind === 'ffmpeg' ? await openFfmpegEncoder(plan.ffmpegPath!, spec) : await openWasmEncoder(spec);
    await encodeFrames(encoder, source, move, options.signal, spec, frames, options.onProgress);
  };
  let used = plan.kind;
  try {
    try {
      await encodeWith(plan.kind);
    } catch (error) {
      // An auto-detected ffmpeg that fails (odd build, broken install) should not fail the job: wasm always works.
      if (isAbortError(error) || plan.kind !== 'ffmpeg' || options.encoder === 'ffmpeg') throw error;
      log.warn(`local render: ffmpeg failed (${errorMessage(error)}); retrying with the built-in encoder`);
      await rm(options.outPath, { force: true });
      used = 'wasm';
      await encodeWith('wasm');
    }
  } catch (error) {
    await rm(options.outPath, { force: true });
    if (error instanceof AnimateError) throw error;
    throw new AnimateError('io', l10n.t('local render failed ({0} encoder): {1}', used, errorMessage(error)), {
      cause: error,
    });
  }
  const elapsedMs = performance.now() - started;
  log.debug(`local render: done in ${Math.round(elapsedMs)} ms with ${used}`);
  return { encoder: used, width, height, frames, elapsedMs };
}

async function encodeFrames(
  encoder: FrameEncoder,
  source: RgbaImage,
  move: CameraMove,
  signal: AbortSignal | undefined,
  spec: EncoderSpec,
  frames: number,
  onProgress: RenderClipOptions['onProgress'],
): Promise<void> {
  // Abort stops the encoder at once (kills ffmpeg mid-write), not only between frames.
  const onAbort = (): void => encoder.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // One reusable frame buffer: encoders copy what they keep before `addFrame` resolves.
  const frame = new Uint8Array(i420Size(spec.width, spec.height));
  const renderer = new ExposureRenderer(spec.width, spec.height);
  try {
    for (let i = 0; i < frames; i++) {
      throwIfCancelled(signal);
      const windows = frameExposures(move, i, frames, source.width, source.height, spec.width, spec.height);
      // In bands, yielding in between: the event loop keeps feeding ffmpeg's pipe (a pipe holds far less
      // than a frame, so otherwise ffmpeg starves while we render) and the host stays responsive.
      for (let from = 0; from < spec.height; from += BAND_ROWS) {
        renderer.renderI420(source, windows, frame, encoder.matrix, { from, to: from + BAND_ROWS });
        if (from + BAND_ROWS < spec.height) await yieldToEventLoop();
      }
      await encoder.addFrame(frame);
      onProgress?.(i + 1, frames);
    }
    throwIfCancelled(signal);
    await encoder.finish();
    throwIfCancelled(signal);
  } catch (error) {
    encoder.abort();
    // Whatever the encoder said after being killed, the cause was the abort.
    throwIfCancelled(signal);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

interface EncoderPlan {
  readonly kind: EncoderKind;
  readonly ffmpegPath?: string;
}

async function chooseEncoder(choice: EncoderChoice, ffmpegPath: string | undefined, log: Logger): Promise<EncoderPlan> {
  if (choice === 'wasm') return { kind: 'wasm' };
  const found = await findFfmpeg(ffmpegPath);
  if (found) return { kind: 'ffmpeg', ffmpegPath: found };
  if (choice === 'auto') {
    if (ffmpegPath)
      log.warn(`local render: ffmpegPath "${ffmpegPath}" is not an ffmpeg with libx264; using the built-in encoder`);
    return { kind: 'wasm' };
  }
  throw new AnimateError(
    'bad-input',
    ffmpegPath
      ? l10n.t(
          'local provider: ffmpegPath "{0}" is not an ffmpeg with libx264; fix the path or set encoder to "auto" or "wasm"',
          ffmpegPath,
        )
      : l10n.t(
          'local provider: encoder is "ffmpeg" but no ffmpeg with libx264 is on PATH; install one, set ffmpegPath, or use encoder "auto"/"wasm"',
        ),
  );
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AnimateError('cancelled', l10n.t('local render cancelled'));
}

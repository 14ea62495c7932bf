import type { ColorMatrix } from './yuv';

/** Which H.264 encoder turns rendered frames into an MP4. */
export type EncoderKind = 'wasm' | 'ffmpeg';
/** `auto` uses ffmpeg when one with libx264 is installed (several times faster), else the bundled WebAssembly encoder. */
export type EncoderChoice = 'auto' | EncoderKind;

export interface EncoderSpec {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Where the finished MP4 goes. */
  readonly outPath: string;
}

/**
 * Takes I420 frames (see yuv.ts) one at a time and writes an H.264 (yuv420p) MP4. Frames are never all held
 * in memory: `addFrame` resolves once the caller may reuse (overwrite) the buffer and send the next frame.
 */
export interface FrameEncoder {
  readonly kind: EncoderKind;
  /** The colour matrix frames must be converted with (what the stream is tagged with, or what players will assume). */
  readonly matrix: ColorMatrix;
  addFrame(i420: Uint8Array): Promise<void>;
  /** Completes the MP4 at `outPath`. */
  finish(): Promise<void>;
  /** Stops early and frees resources; whatever was written to `outPath` is left for the caller to delete. */
  abort(): void;
}

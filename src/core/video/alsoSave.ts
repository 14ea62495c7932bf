import * as l10n from '@vscode/l10n';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AnimateError } from '../errors';
import { GifWriter, medianCutPalette, PaletteMapper } from '../image/gifEncoder';
import { WebpAnimationWriter } from '../image/webpAnimation';
import { claimFreeName, discardTemp, makeTempFile, type OutputPort } from '../output';
import type { FrameSource } from './animationFrames';

/** Animated formats that can be saved beside a video, for READMEs, docs and slides where MP4 may not play. */
export const ALSO_FORMATS = ['gif', 'webp'] as const;
export type AlsoFormat = (typeof ALSO_FORMATS)[number];

/** What a 4 s 480p clip must stay under (a README image, a docs page, a chat attachment). */
export const ANIMATION_BUDGET_BYTES = 5 * 1024 * 1024;

/** How each format is first tried: longest side, frame rate, and (WebP) quality. Smaller tries follow if over budget. */
const PLANS: Readonly<Record<AlsoFormat, { longSide: number; fps: number; quality: number }>> = {
  // GIF delays are in 1/100 s: 12.5 fps is an exact 8, and GIF's 256 colours cost bytes per frame.
  gif: { longSide: 640, fps: 12.5, quality: 0 },
  webp: { longSide: 854, fps: 24, quality: 75 },
};

/** Each retry shrinks both sides by this much (about 2/3 of the pixels). */
const SHRINK = 0.8;
const MAX_TRIES = 5;

/** Makes the frames of the clip at a given size and rate. */
export type FrameSourceFactory = (width: number, height: number, fps: number) => Promise<FrameSource>;

export interface AlsoSaveOptions {
  readonly format: AlsoFormat;
  /** The saved video: the animation goes beside it, with its name (`cat-2.mp4` → `cat-2.gif`, or `cat-2-2.gif` if taken). */
  readonly videoPath: string;
  /** The clip's own size and frame rate: the animation is never larger or faster. */
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: FrameSourceFactory;
  readonly port: OutputPort;
  readonly budgetBytes?: number;
  /** Stops between frames (Ctrl-C): nothing is written. */
  readonly signal?: AbortSignal;
}

/**
 * Saves the clip as an animated GIF or WebP beside its video, never overwriting a file. Tries smaller sizes
 * until the file fits the budget. Returns the path written. Throws AnimateError `io` when it cannot, `cancelled`
 * when `signal` aborts (nothing is written then).
 */
export async function saveAlso(options: AlsoSaveOptions): Promise<string> {
  const plan = PLANS[options.format];
  const budget = options.budgetBytes ?? ANIMATION_BUDGET_BYTES;
  const fps = Math.min(plan.fps, options.fps);
  let scale = Math.min(1, plan.longSide / Math.max(options.width, options.height));
  let bytes: Uint8Array | undefined;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++, scale *= SHRINK) {
    const width = Math.max(2, Math.round(options.width * scale));
    const height = Math.max(2, Math.round(options.height * scale));
    const frames = await options.frames(width, height, fps);
    // WebP also trades quality once before size: a softer picture is better than a smaller one.
    const quality = Math.max(50, plan.quality - 10 * attempt);
    bytes =
      options.format === 'gif'
        ? await encodeGif(frames, fps, budget, options.signal)
        : await encodeWebpAnimation(frames, fps, quality, budget, options.signal);
    if (bytes) break;
  }
  if (!bytes)
    throw new AnimateError(
      'io',
      l10n.t(
        'Could not make a {0} under {1} MB from this clip.',
        options.format.toUpperCase(),
        Math.round(budget / 1024 / 1024),
      ),
    );
  const target = join(
    dirname(options.videoPath),
    `${basename(options.videoPath, extname(options.videoPath))}.${options.format}`,
  );
  const temp = await makeTempFile(basename(target));
  try {
    await writeFile(temp, bytes);
    return await claimFreeName(options.port, temp, target);
  } finally {
    await discardTemp(temp);
  }
}

/** The GIF, or undefined as soon as it grows past the budget (the caller tries smaller). */
async function encodeGif(
  frames: FrameSource,
  fps: number,
  budget: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  const palette = medianCutPalette(await frames.sample(5));
  const writer = new GifWriter(frames.width, frames.height, palette);
  const mapTo = new PaletteMapper(palette);
  const centiseconds = 100 / fps;
  let shown = 0;
  let index = 0;
  for await (const frame of frames.frames()) {
    throwIfCancelled(signal);
    // Delays are whole 1/100 s: round the running time, so the clip keeps its length.
    const delay = Math.round((index + 1) * centiseconds) - shown;
    shown += delay;
    index++;
    writer.addFrame(mapTo.map(frame), delay);
    if (writer.size > budget) return undefined;
  }
  return writer.finish();
}

async function encodeWebpAnimation(
  frames: FrameSource,
  fps: number,
  quality: number,
  budget: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  const writer = new WebpAnimationWriter(frames.width, frames.height, quality);
  const ms = 1000 / fps;
  let shown = 0;
  let index = 0;
  for await (const frame of frames.frames()) {
    throwIfCancelled(signal);
    const duration = Math.round((index + 1) * ms) - shown;
    shown += duration;
    index++;
    await writer.addFrame(frame, duration);
    if (writer.size > budget) return undefined;
  }
  return writer.finish();
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AnimateError('cancelled', l10n.t('saving the animation was cancelled'));
}

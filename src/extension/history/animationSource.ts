// Where a GIF/WebP of a video comes from: the local renderer's clip is filmed again along the same camera path
// (no video decoding, no ffmpeg); any other provider's MP4 is decoded with ffmpeg. No vscode here: unit-tested.
import { localProviderId } from '../../core/providers/local';
import { existsSync } from 'node:fs';
import type { JobRecord } from '../../core/jobs/record';
import type { OutputPort } from '../../core/output';
import { ffmpegFrameSource, localFrameSource, probeVideoSize } from '../../core/video/animationFrames';
import { saveAlso, type AlsoFormat } from '../../core/video/alsoSave';
import { DEFAULT_FPS, FPS_CHOICES } from '../../core/video/clipPlan';
import { findAnyFfmpeg } from '../../core/video/findFfmpeg';
import { chooseMotion, isMotion, type Motion } from '../../shared/motion';

/** How the local renderer filmed a clip: enough to film it again at another size. */
export interface LocalFilm {
  readonly image: string;
  readonly motion: Motion;
  readonly seconds: number;
  readonly fps: number;
  readonly loop: boolean;
  readonly width: number;
  readonly height: number;
}

/** The camera options the form sends with a local job (unset: from the prompt, 24 fps, no loop). */
export interface CameraChoice {
  readonly motion?: Motion;
  readonly fps?: number;
  readonly loop?: boolean;
}

/** The film of a new local job, from its request and the form's camera options. */
export function localFilm(
  request: { readonly image: string; readonly prompt: string; readonly seconds: number },
  size: { readonly width: number; readonly height: number },
  camera: CameraChoice,
): LocalFilm {
  return {
    image: request.image,
    motion: camera.motion ?? chooseMotion(request.prompt),
    seconds: request.seconds,
    fps: camera.fps ?? DEFAULT_FPS,
    loop: camera.loop ?? false,
    width: size.width,
    height: size.height,
  };
}

/**
 * The film of a finished local job, from what the renderer recorded (`remote.data`: motion, fps, loop); undefined for
 * another provider's job, or when its image is gone (the MP4 is then decoded instead).
 */
export function filmOfRecord(record: JobRecord, exists: (path: string) => boolean = existsSync): LocalFilm | undefined {
  if (record.remote.provider !== localProviderId || !exists(record.request.image)) return undefined;
  const data = record.remote.data ?? {};
  const fps = Number(data.fps);
  return localFilm(record.request, record.request.size, {
    ...(data.motion !== undefined && isMotion(data.motion) ? { motion: data.motion } : {}),
    ...((FPS_CHOICES as readonly number[]).includes(fps) ? { fps } : {}),
    loop: data.loop === 'true',
  });
}

/** The path written, or that a provider's MP4 needs ffmpeg to decode and none is installed. */
export type Converted = { readonly saved: string } | { readonly noFfmpeg: true };

/**
 * Saves `video` as an animated GIF or WebP beside it (`cat.mp4` → `cat.gif`, or `cat-2.gif` when taken: never
 * overwriting). Throws AnimateError when the animation cannot be made or written.
 */
export async function convertVideo(
  format: AlsoFormat,
  video: string,
  film: LocalFilm | undefined,
  port: OutputPort,
  signal?: AbortSignal,
  ffmpegPath?: string,
): Promise<Converted> {
  if (film) {
    const saved = await saveAlso({
      format,
      videoPath: video,
      width: film.width,
      height: film.height,
      fps: film.fps,
      port,
      ...(signal ? { signal } : {}),
      frames: (width, height, fps) =>
        localFrameSource(
          { imagePath: film.image, motion: film.motion, seconds: film.seconds, loop: film.loop },
          width,
          height,
          fps,
        ),
    });
    return { saved };
  }
  const ffmpeg = await findAnyFfmpeg(ffmpegPath);
  if (!ffmpeg) return { noFfmpeg: true };
  const size = await probeVideoSize(ffmpeg, video);
  const saved = await saveAlso({
    format,
    videoPath: video,
    ...size,
    fps: 30,
    port,
    ...(signal ? { signal } : {}),
    frames: (width, height, fps) => ffmpegFrameSource(ffmpeg, video, width, height, fps),
  });
  return { saved };
}

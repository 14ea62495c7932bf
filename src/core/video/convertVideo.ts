// A saved video as an animated GIF or WebP: the local renderer's clip is filmed again along the same camera path (no
// video decoding, no ffmpeg); any other provider's MP4 is decoded with ffmpeg. The editor (form, jobs view) and the
// CLI (--also) both call this; each says in its own words what happened.
import { chooseMotion, type Motion } from '../../shared/motion';
import type { OutputPort } from '../output';
import { ffmpegFrameSource, localFrameSource, probeVideoSize } from './animationFrames';
import { saveAlso, type AlsoFormat } from './alsoSave';
import { DEFAULT_FPS } from './clipPlan';
import { findAnyFfmpeg } from './findFfmpeg';

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

/** The camera options a local job was given (form, preset, CLI flags); unset: from the prompt, 24 fps, no loop. */
export interface CameraChoice {
  readonly motion?: Motion;
  readonly fps?: number;
  readonly loop?: boolean;
}

/** The film of a new local job, from its request and its camera options. */
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

/** The path written, or that a provider's MP4 needs ffmpeg to decode and none is installed. */
export type Converted = { readonly saved: string } | { readonly noFfmpeg: true };

/**
 * Saves `video` as an animated GIF or WebP beside it (`cat.mp4` → `cat.gif`, or `cat-2.gif` when taken: never
 * overwriting). `film` is the local clip's camera path, undefined for another provider's video. Throws AnimateError
 * when the animation cannot be made or written.
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

import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import { nodeOutputPort } from '../core/output';
import type { ResolvedRequest } from '../core/request';
import { ffmpegFrameSource, localFrameSource, probeVideoSize } from '../core/video/animationFrames';
import { saveAlso, type AlsoFormat } from '../core/video/alsoSave';
import { DEFAULT_FPS } from '../core/video/clipPlan';
import { findAnyFfmpeg } from '../core/video/findFfmpeg';
import { chooseMotion, type Motion } from '../shared/motion';
import { errorMessage } from '../core/errors';

/** How the local provider filmed the clip (the CLI's --motion/--loop), so the GIF/WebP follows the same path. */
export interface LocalMove {
  readonly motion?: Motion;
  readonly fps?: number;
  readonly loop?: boolean;
}

export interface AlsoResult {
  readonly saved: string[];
  /** One sentence per format that could not be made; the video itself is saved either way. */
  readonly problems: string[];
}

/**
 * `--also gif|webp`: each format beside the saved video. The local provider's clip is filmed again at the
 * animation's size (no video decoding, no ffmpeg); another provider's MP4 is decoded with ffmpeg.
 */
export async function saveAlsoFormats(
  formats: readonly AlsoFormat[],
  request: ResolvedRequest,
  videoPath: string,
  local: LocalMove | undefined,
  signal: AbortSignal,
): Promise<AlsoResult> {
  const saved: string[] = [];
  const problems: string[] = [];
  for (const format of formats) {
    const name = format.toUpperCase();
    try {
      if (local) {
        const motion = local.motion ?? chooseMotion(request.prompt);
        saved.push(
          await saveAlso({
            format,
            videoPath,
            width: request.size.width,
            height: request.size.height,
            fps: local.fps ?? DEFAULT_FPS,
            port: nodeOutputPort,
            signal,
            frames: (width, height, fps) =>
              localFrameSource(
                { imagePath: request.image, motion, seconds: request.seconds, loop: local.loop ?? false },
                width,
                height,
                fps,
              ),
          }),
        );
        continue;
      }
      const ffmpeg = await findAnyFfmpeg();
      if (!ffmpeg) {
        problems.push(
          l10n.t(
            "the {0} was not made: converting {1}'s MP4 needs ffmpeg, which is not on PATH (install it, or use the local provider, which needs none). The video is saved at {2}.",
            name,
            request.provider,
            videoPath,
          ),
        );
        continue;
      }
      const size = await probeVideoSize(ffmpeg, videoPath);
      saved.push(
        await saveAlso({
          format,
          videoPath,
          ...size,
          fps: 30,
          port: nodeOutputPort,
          signal,
          frames: (width, height, fps) => ffmpegFrameSource(ffmpeg, videoPath, width, height, fps),
        }),
      );
    } catch (error) {
      if (signal.aborted) break;
      problems.push(
        l10n.t(
          'the {0} was not made from {1} ({2}); the video is saved.',
          name,
          basename(videoPath),
          errorMessage(error),
        ),
      );
    }
  }
  return { saved, problems };
}

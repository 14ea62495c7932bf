import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import { nodeOutputPort } from '../core/output';
import type { ResolvedRequest } from '../core/request';
import type { AlsoFormat } from '../core/video/alsoSave';
import { convertVideo, localFilm, type CameraChoice } from '../core/video/convertVideo';
import { errorMessage } from '../core/errors';

/** How the local provider filmed the clip (the CLI's --motion/--fps/--loop), so the GIF/WebP follows the same path. */
export type LocalMove = CameraChoice;

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
  const film = local ? localFilm(request, request.size, local) : undefined;
  for (const format of formats) {
    const name = format.toUpperCase();
    try {
      const result = await convertVideo(format, videoPath, film, nodeOutputPort, signal);
      if ('noFfmpeg' in result) {
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
      saved.push(result.saved);
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

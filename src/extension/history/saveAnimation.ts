import { errorMessage } from '../../core/errors';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AlsoFormat } from '../../core/video/alsoSave';
import type { Log } from '../platform/log';
import { showSaved } from '../platform/showSaved';
import { createWorkspaceOutput } from '../platform/workspaceOutput';
import { convertVideo, type LocalFilm } from '../../core/video/convertVideo';

/**
 * Saves `video` as each of `formats` beside it, with a cancellable progress notification, then says where each went
 * (or why one could not be made: the video itself is never touched). Returns the paths written.
 */
export async function saveAnimations(
  log: Log,
  formats: readonly AlsoFormat[],
  video: string,
  film: LocalFilm | undefined,
): Promise<string[]> {
  const saved: string[] = [];
  const name = basename(video);
  for (const format of formats) {
    const label = format === 'gif' ? 'GIF' : 'WebP';
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Saving {0} as {1}…', name, label),
          cancellable: true,
        },
        (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return convertVideo(format, video, film, createWorkspaceOutput(), controller.signal);
        },
      );
      if ('noFfmpeg' in result) {
        log.warn(`${label} of ${name} not made: ffmpeg is not on PATH`);
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'The {0} was not made: converting this video needs ffmpeg, which is not installed (videos of the local provider need none). {1} is saved.',
            label,
            name,
          ),
        );
        continue;
      }
      saved.push(result.saved);
      log.info(`saved ${result.saved} from ${video}`);
      void showSaved(result.saved, (file) => vscode.l10n.t('Saved {0} beside the video.', file), vscode.l10n.t('Open'));
    } catch (error) {
      const message = errorMessage(error);
      log.warn(`${label} of ${name} not made: ${message}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('The {0} was not made from {1}: {2} The video is kept.', label, name, message),
      );
    }
  }
  return saved;
}

import * as vscode from 'vscode';
import { AnimateError, errorMessage } from '../../core/errors';
import { prepareImage, readImageRgba } from '../../core/image/prepare';
import { estimateFocus } from '../../core/image/saliency';
import type { Focus } from '../../shared/focus';
import { inspectImage, type ImageInfo } from '../../core/image/inspect';
import type { ImageView } from '../../shared/protocol';
import type { Logger } from '../../core/types';

/** Images up to this size go to the form as they are; larger ones are scaled down by the core first. */
const inlineLimit = 1_000_000;
const thumbnailSide = 480;

/**
 * The form's preview of an image as a small `data:` URI, so the webview needs no access to the image's
 * folder. Undefined when no preview can be made (the form then shows the name only).
 */
export async function makeImageView(uri: vscode.Uri, log: Logger): Promise<ImageView> {
  const name = uri.path.split('/').pop() || uri.path;
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const info = inspectImage(bytes);
    const size = { width: info.uprightWidth, height: info.uprightHeight, ...animationNoteView(info) };
    if (bytes.length <= inlineLimit && info.orientation === 1 && !info.animated)
      return { name, ...size, thumbnail: dataUri(info.mime, bytes) };
    const scale = Math.min(1, thumbnailSide / Math.max(size.width, size.height));
    const small = {
      width: Math.max(1, Math.round(size.width * scale)),
      height: Math.max(1, Math.round(size.height * scale)),
    };
    const prepared = await prepareImage(uri.fsPath, { size: small, fit: 'crop', maxBytes: inlineLimit });
    return { name, ...size, thumbnail: dataUri(prepared.mime, prepared.bytes) };
  } catch (error) {
    const message = errorMessage(error);
    log.warn(`no preview for ${name}: ${message}`);
    return error instanceof AnimateError && error.kind === 'bad-input' ? { name, problem: message } : { name };
  }
}

/** Only one still picture of an animated image is animated: said before anything is paid for. */
function animationNoteView(info: ImageInfo): { note?: string } {
  if (!info.animated) return {};
  return {
    note:
      info.format === 'png'
        ? vscode.l10n.t(
            'This is an animated PNG: only its still default image is animated; its own animation is ignored.',
          )
        : vscode.l10n.t('This is an animated WebP: only its first frame is animated; its other frames are ignored.'),
  };
}

function dataUri(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/**
 * Where the picture's subject is, computed as the local renderer does (the same decode, the same estimate), so the
 * preview frames the move and the smart crop exactly as the video will. Undefined when the picture cannot be read.
 */
export async function imageFocus(uri: vscode.Uri, log: Logger): Promise<Focus | undefined> {
  try {
    return estimateFocus(await readImageRgba(uri.fsPath));
  } catch (error) {
    log.warn(`no subject estimate for ${uri.path.split('/').pop() ?? ''}: ${errorMessage(error)}`);
    return undefined;
  }
}

import * as l10n from '@vscode/l10n';
import type { ImageInfo } from './inspect';

/**
 * What the user should know before paying for a video of an animated image: only one still picture of it is
 * animated. Undefined for still images.
 */
export function animationNote(info: Pick<ImageInfo, 'format' | 'animated'>): string | undefined {
  if (!info.animated) return undefined;
  return info.format === 'png'
    ? l10n.t('This is an animated PNG: only its still default image is animated; its own animation is ignored.')
    : l10n.t('This is an animated WebP: only its first frame is animated; its other frames are ignored.');
}

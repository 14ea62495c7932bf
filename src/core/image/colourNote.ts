import * as l10n from '@vscode/l10n';
import type { ImageInfo } from './inspect';

/**
 * What the user should know about a print-colour picture: it was turned into screen colours with a simple
 * formula, as no colour-management engine is bundled. Undefined for RGB and grayscale images.
 */
export function colourNote(info: Pick<ImageInfo, 'colorType'>): string | undefined {
  if (info.colorType !== 'cmyk') return undefined;
  return l10n.t(
    'This JPEG uses CMYK (print) colours: it was converted to RGB with a simple formula that ignores its colour profile, so colours may look slightly different from a print preview.',
  );
}

import * as l10n from '@vscode/l10n';
import { imageError } from './imageError';
import { ascii } from './bytes';

/**
 * Walks the chunk list to IEND before decoding. The wasm decoder reports every failure as the same opaque
 * "unwrap_throw failed", so cut-short and structurally broken files are told apart here, cheaply.
 */
export function checkPngChunks(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sawData = false;
  for (let pos = 8; ;) {
    if (pos + 12 > bytes.length) throw truncated();
    const length = view.getUint32(pos);
    const type = ascii(bytes, pos + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type))
      throw imageError(
        'corrupt',
        l10n.t(
          'The PNG file is damaged: there is garbage where a chunk should start (byte {0}). Re-export the image.',
          pos,
        ),
      );
    if (pos + 12 + length > bytes.length) throw truncated();
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') break;
    pos += 12 + length;
  }
  if (!sawData)
    throw imageError('corrupt', l10n.t('The PNG file is damaged: it has no pixel data (IDAT). Re-export the image.'));
}

function truncated(): Error {
  return imageError(
    'truncated',
    l10n.t(
      'The PNG file is truncated: it ends before its last chunk. The download or copy was probably cut short; get the file again.',
    ),
  );
}

/**
 * Names common files that are not PNG/JPEG/WebP, so the error can say "it looks like a HEIC photo"
 * instead of just "unknown": the fix (convert it) is then obvious to the user.
 */
export function otherFormatName(bytes: Uint8Array): string | undefined {
  const text = (start: number, length: number): string => String.fromCharCode(...bytes.subarray(start, start + length));
  const head = text(0, 16);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'a GIF image';
  if (head.startsWith('BM')) return 'a BMP image';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image';
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (head.startsWith('8BPS')) return 'a Photoshop document';
  if (head.startsWith('\0\0\x01\0')) return 'an ICO icon';
  if (head.startsWith('\xff\x0a') || text(4, 8) === 'JXL \r\n\x87\n') return 'a JPEG XL image';
  if (text(4, 8) === 'jP  \r\n\x87\n') return 'a JPEG 2000 image';
  if (text(4, 4) === 'ftyp') {
    const brand = text(8, 4);
    if (brand === 'avif' || brand === 'avis') return 'an AVIF image';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'a HEIC/HEIF photo';
    return 'a video (MP4/QuickTime)';
  }
  if (head.startsWith('RIFF')) return `a RIFF ${text(8, 4).trim() || 'container'} file (audio or video)`;
  const start = text(0, 256)
    .replace(/^\uFEFF?\s*/, '')
    .toLowerCase();
  if (start.startsWith('<svg') || (start.startsWith('<?xml') && start.includes('<svg'))) return 'an SVG drawing';
  if (start.startsWith('<')) return 'an HTML/XML text file';
  return undefined;
}

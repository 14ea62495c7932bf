/** EXIF orientation (1 = upright; 2-8 = flips and rotations, as the camera recorded them). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;

/**
 * Reads the orientation tag from the payload of a JPEG APP1 segment ("Exif\0\0" + TIFF).
 * Lenient by design: broken metadata must not make a good picture unusable, so anything odd means 1.
 */
export function readExifOrientation(app1: Uint8Array): Orientation {
  if (app1.length < 14 || String.fromCharCode(...app1.subarray(0, 4)) !== 'Exif' || app1[4] !== 0 || app1[5] !== 0)
    return 1;
  const tiff = new DataView(app1.buffer, app1.byteOffset + 6, app1.length - 6);
  const order = tiff.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  if (tiff.getUint16(2, little) !== 42) return 1;
  const ifd = tiff.getUint32(4, little);
  if (ifd + 2 > tiff.byteLength) return 1;
  const count = tiff.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.byteLength) return 1;
    if (tiff.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    const value = tiff.getUint16(entry + 8, little); // type SHORT, count 1: the value sits in the first two bytes
    return value >= 1 && value <= 8 ? (value as Orientation) : 1;
  }
  return 1;
}

/** Orientations 5-8 turn the picture by 90°, so the upright image has width and height swapped. */
export function swapsAxes(orientation: Orientation): boolean {
  return orientation >= 5;
}

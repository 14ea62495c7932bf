import type { Size } from '../../types';
import type { RgbaImage } from '../rgba';
import { coverRows } from './coverRows';
import type { YccPlanes } from './decoder';
import { shareWith } from './helperJobs';
import type { JpegHelper } from './helperThread';

/** Output rows a work item of the helper thread covers: small enough that the two threads finish close together. */
const CHUNK_ROWS = 64;

/**
 * `fitImage(pixels, size, 'crop')` for the pixels these planes make (see `coverRows`), with the helper thread
 * taking rows when there is one.
 */
export function coverFromPlanes(planes: YccPlanes, size: Size, helper?: JpegHelper): RgbaImage {
  const bytes = size.width * size.height * 4;
  let data: Uint8Array;
  if (helper) {
    const out = new Uint8ClampedArray(new SharedArrayBuffer(bytes));
    const chunks = Math.ceil(size.height / CHUNK_ROWS);
    const work = shareWith(helper, chunks, (state) => ({
      kind: 'cover',
      work: state,
      planes,
      size,
      out,
      chunkRows: CHUNK_ROWS,
    }));
    try {
      work.publish(chunks);
      work.finishUpTo(chunks - 1);
    } finally {
      work.close();
    }
    // Copied out of shared memory, which not every consumer of an image accepts (`set` from a view of the bytes:
    // the fastest copy out of a shared buffer).
    data = new Uint8Array(bytes);
    data.set(new Uint8Array(out.buffer));
  } else {
    const out = new Uint8ClampedArray(bytes);
    coverRows(planes, size)(0, size.height, out);
    data = new Uint8Array(out.buffer);
  }
  return { width: size.width, height: size.height, data };
}

import type { Size } from '../../types';
import { mcuRowCoefficients, transformBlockRows, type BlockRows } from './blockRows';
import { coverRows } from './coverRows';
import type { YccPlanes } from './decoder';
import type { JpegHelper } from './helperThread';
import { helpWith, newSharedWork, SharedWork, type SharedWorkState } from './sharedWork';

/**
 * Work a JPEG decode shares with the helper thread (posted as a message: plain data, with shared memory for the
 * coefficients, planes and output). Item k of `rows` is the inverse DCT of MCU row `firstRow + k`, whose
 * coefficients are in ring slot k % `ringRows` (zeroed afterwards for the next row); item k of `cover` is output
 * rows k·`chunkRows` onwards of `coverRows`.
 */
export type HelperJob =
  | {
      readonly kind: 'rows';
      readonly work: SharedWorkState;
      readonly components: readonly BlockRows[];
      readonly ring: readonly Int16Array[];
      readonly ringRows: number;
      readonly firstRow: number;
    }
  | {
      readonly kind: 'cover';
      readonly work: SharedWorkState;
      readonly planes: YccPlanes;
      readonly size: Size;
      readonly out: Uint8ClampedArray;
      readonly chunkRows: number;
    };

/** What running item k of `job` means (the same on both threads). */
export function itemRunner(job: HelperJob): (item: number) => void {
  if (job.kind === 'rows') {
    const { components, ring, ringRows, firstRow } = job;
    // The decoder only writes a block's non-zero coefficients: a slot goes back to it zeroed. Copied from zeros,
    // as filling shared memory is element by element (about 40 times slower).
    const zeros = components.map((rows) => new Int16Array(mcuRowCoefficients(rows)));
    return (item) => {
      const slot = item % ringRows;
      components.forEach((rows, i) => {
        const length = zeros[i]!.length;
        transformBlockRows(rows, ring[i]!, slot * length, (firstRow + item) * rows.v);
        ring[i]!.set(zeros[i]!, slot * length);
      });
    };
  }
  const { planes, size, out, chunkRows } = job;
  const cover = coverRows(planes, size);
  return (item) => cover(item * chunkRows, Math.min(size.height, (item + 1) * chunkRows), out);
}

/** The helper thread's part of `job`. */
export function helpWithJob(job: HelperJob): void {
  helpWith(job.work, itemRunner(job));
}

/** Starts `items` items of shared work: the job goes to the helper, and this thread gets its side of it. */
export function shareWith(helper: JpegHelper, items: number, job: (work: SharedWorkState) => HelperJob): SharedWork {
  const posted = job(newSharedWork(items));
  helper.post(posted);
  return new SharedWork(posted.work, itemRunner(posted), helper.stallMs);
}

import { inverseDct, type IdctSize } from './idct';

/**
 * What the inverse DCT of a component's blocks needs to know, as plain data (the JPEG helper thread gets a copy;
 * `plane` is then shared memory).
 */
export interface BlockRows {
  /** Block rows in one MCU row. */
  readonly v: number;
  readonly idctSize: IdctSize;
  readonly blocksPerLine: number;
  /** Samples from one plane row to the next. */
  readonly planeWidth: number;
  /** The block columns transformed (end exclusive): all, or those a region reads. */
  readonly firstColumn: number;
  readonly endColumn: number;
  readonly quantisation: Uint16Array;
  readonly plane: Uint8ClampedArray;
}

/** Coefficients of one MCU row of the component: its `v` block rows of 64 per block. */
export function mcuRowCoefficients(rows: Pick<BlockRows, 'v' | 'blocksPerLine'>): number {
  return rows.v * rows.blocksPerLine * 64;
}

/**
 * Transforms one MCU row of a component: its `v` block rows of coefficients, starting at `coefficients[from]`,
 * become samples in the plane from block row `planeBlockRow` on.
 */
export function transformBlockRows(
  rows: BlockRows,
  coefficients: Int16Array,
  from: number,
  planeBlockRow: number,
): void {
  const { idctSize: size, planeWidth, quantisation, plane, firstColumn, endColumn } = rows;
  for (let v = 0; v < rows.v; v++) {
    const rowStart = (planeBlockRow + v) * size * planeWidth;
    let offset = from + (v * rows.blocksPerLine + firstColumn) * 64;
    for (let column = firstColumn; column < endColumn; column++, offset += 64)
      inverseDct(coefficients, offset, quantisation, size, plane, rowStart + column * size, planeWidth);
  }
}

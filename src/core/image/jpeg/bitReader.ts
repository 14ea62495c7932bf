/**
 * Reads the entropy-coded bits of a JPEG scan: undoes the 0xFF00 byte stuffing and stops at the next marker,
 * feeding zero bits past it (as libjpeg does). Reading into those padding bits means the data ran short.
 */
export class BitReader {
  /** Up to 32 bits read ahead, the next one highest; the baseline block decoder works on these directly. */
  buffer = 0;
  /** How many of the low bits of `buffer` are unread. */
  count = 0;
  /** How many of the low bits in `buffer` are padding, not data. */
  padding = 0;
  /** Set once a read used padding: the scan needed more data than the file holds. */
  overrun = false;

  constructor(
    private readonly data: Uint8Array,
    public position: number,
  ) {}

  /** Reads ahead until more than 24 bits are buffered. */
  fill(): void {
    const data = this.data;
    // The common case, two or three plain bytes at once (no 0xFF to unstuff, no end of data in sight).
    const at = this.position;
    if (this.padding === 0 && at + 3 <= data.length) {
      const b0 = data[at]!;
      const b1 = data[at + 1]!;
      if (b0 !== 0xff && b1 !== 0xff) {
        if (this.count > 8) {
          this.buffer = ((this.buffer << 16) | (b0 << 8) | b1) >>> 0;
          this.count += 16;
          this.position = at + 2;
          return;
        }
        const b2 = data[at + 2]!;
        if (b2 !== 0xff) {
          this.buffer = ((this.buffer << 24) | (b0 << 16) | (b1 << 8) | b2) >>> 0;
          this.count += 24;
          this.position = at + 3;
          return;
        }
      }
    }
    while (this.count <= 24) {
      let byte = 0;
      if (this.padding > 0 || this.position >= data.length) {
        this.padding += 8;
      } else {
        byte = data[this.position]!;
        if (byte === 0xff) {
          if (data[this.position + 1] === 0) {
            this.position += 2;
          } else {
            byte = 0; // a marker: the scan's data ends here
            this.padding += 8;
          }
        } else {
          this.position++;
        }
      }
      this.buffer = ((this.buffer << 8) | byte) >>> 0;
      this.count += 8;
    }
  }

  /** The next 16 bits, not consumed. */
  peek16(): number {
    if (this.count < 16) this.fill();
    return (this.buffer >>> (this.count - 16)) & 0xffff;
  }

  skip(bits: number): void {
    this.count -= bits;
    if (this.count < this.padding) this.overrun = true;
  }

  bits(n: number): number {
    if (n === 0) return 0;
    if (this.count < n) this.fill();
    const value = (this.buffer >>> (this.count - n)) & ((1 << n) - 1);
    this.skip(n);
    return value;
  }

  bit(): number {
    return this.bits(1);
  }

  /** A signed coefficient of `n` magnitude bits (JPEG's RECEIVE + EXTEND). */
  receiveExtend(n: number): number {
    if (n === 0) return 0;
    const value = this.bits(n);
    return value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
  }

  /** At a restart interval: drop the bits left in the current byte and step over the RSTn marker. */
  restart(): void {
    this.buffer = 0;
    this.count = 0;
    this.padding = 0;
    const data = this.data;
    // Resynchronise on the next marker (normally right here); a damaged file may have junk first.
    while (
      this.position < data.length &&
      !(data[this.position] === 0xff && data[this.position + 1] !== 0 && data[this.position + 1] !== 0xff)
    )
      this.position++;
    const marker = data[this.position + 1] ?? 0;
    if (marker >= 0xd0 && marker <= 0xd7) this.position += 2;
  }
}

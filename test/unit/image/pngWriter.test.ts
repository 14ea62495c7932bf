import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { tableCrc32 } from '../../../src/core/image/pngWriter';

describe('PNG chunk checksums', () => {
  it('the table CRC-32 (for a Node without zlib.crc32, as in VS Code 1.90) matches zlib: empty, short, long', () => {
    const long = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31 + (i >> 7)) & 255);
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('IEND'), long])
      assert.equal(tableCrc32(bytes), crc32(bytes), `${bytes.length} bytes`);
    assert.equal(tableCrc32(new TextEncoder().encode('IEND')), 0xae426082); // every PNG's last four bytes
  });
});

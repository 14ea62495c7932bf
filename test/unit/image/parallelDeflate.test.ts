import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import { adler32, deflateInParts } from '../../../src/core/image/parallelDeflate';

/** Repetitive data with noise: matches that reach back across every part boundary. */
function sample(length: number): Uint8Array {
  const data = new Uint8Array(length);
  let seed = 7;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data[i] = i % 1000 < 600 ? (i % 97) * 2 : seed >> 23;
  }
  return data;
}

describe('deflateInParts', () => {
  it('writes one zlib stream, whatever the number of parts, that inflates (checksum included) to the input', async () => {
    const data = sample(300_001);
    const whole = await deflateInParts(data, 1, 1);
    for (const parts of [1, 2, 3, 7]) {
      const stream = await deflateInParts(data, 1, parts);
      // inflateSync checks the Adler-32 at the end and refuses a stream whose blocks do not join up.
      assert.deepEqual(new Uint8Array(inflateSync(stream)), data, `${parts} parts`);
      // Each part primed with the one before: barely larger than one stream.
      assert.ok(stream.length < whole.length * 1.01, `${parts} parts: ${stream.length} vs ${whole.length} bytes`);
    }
  });

  it('computes Adler-32 as zlib does, past the 5552-byte reduction interval', () => {
    for (const length of [0, 1, 5552, 5553, 100_000]) {
      const data = new Uint8Array(length).fill(255);
      const stream = deflateSync(data); // a zlib stream ends with the data's Adler-32, big-endian
      assert.equal(adler32(data), Buffer.from(stream).readUInt32BE(stream.length - 4), `length ${length}`);
    }
  });
});

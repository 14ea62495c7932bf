import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { faststart } from '../../../src/core/video/faststart';
import { findBox, parseBoxes } from '../../helpers/mp4';

function box(type: string, payload: Uint8Array | number[]): Uint8Array {
  const body = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(body, 8);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function stco(offsets: number[]): Uint8Array {
  const body = new Uint8Array(8 + offsets.length * 4);
  const view = new DataView(body.buffer);
  view.setUint32(4, offsets.length);
  offsets.forEach((value, i) => view.setUint32(8 + i * 4, value));
  return box('stco', body);
}

function chunkOffsets(mp4: Uint8Array): number[] {
  const table = findBox(parseBoxes(mp4), 'moov/trak/mdia/minf/stbl/stco')!;
  const view = new DataView(mp4.buffer, mp4.byteOffset);
  return Array.from({ length: view.getUint32(table.payload + 4) }, (_, i) => view.getUint32(table.payload + 8 + i * 4));
}

describe('faststart', () => {
  const ftyp = box('ftyp', [...'isom'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0]));
  const mdat = box('mdat', [1, 2, 3, 4, 5, 6, 7, 8]);
  const dataStart = ftyp.length + 8;

  it('moves moov in front of mdat and shifts the chunk offsets so they still point at the same bytes', () => {
    const moov = box('moov', box('trak', box('mdia', box('minf', box('stbl', stco([dataStart, dataStart + 4]))))));
    const input = concat(ftyp, mdat, moov, box('free', []));
    const output = faststart(input);
    assert.deepEqual(
      parseBoxes(output).map((b) => b.type),
      ['ftyp', 'moov', 'mdat', 'free'],
    );
    assert.equal(output.length, input.length);
    const [first, second] = chunkOffsets(output);
    assert.deepEqual([output[first!], output[second!]], [1, 5]);
    assert.deepEqual(chunkOffsets(input), [dataStart, dataStart + 4], 'input untouched');
  });

  it('leaves a file that already starts fast (or has no moov) alone', () => {
    const moov = box('moov', []);
    const already = concat(ftyp, moov, mdat);
    assert.equal(faststart(already), already);
    const noMoov = concat(ftyp, mdat);
    assert.equal(faststart(noMoov), noMoov);
  });
});

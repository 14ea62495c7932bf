/**
 * Moves an MP4's index (`moov`) in front of the media data, as `ffmpeg -movflags +faststart` does, so the
 * clip starts playing before it is fully read (web players, previews over a network share). The wasm
 * encoder writes `moov` last; its output is in memory anyway, so this is one copy of a few MB.
 */
export function faststart(mp4: Uint8Array): Uint8Array {
  const boxes = boxesIn(mp4, 0, mp4.length);
  const moov = boxes.find((b) => b.type === 'moov');
  const mdatIndex = boxes.findIndex((b) => b.type === 'mdat');
  // Already fast-start, or not a layout we know how to rearrange (ftyp must stay first): leave it be.
  if (!moov || mdatIndex < 0 || boxes.indexOf(moov) < mdatIndex || boxes[0]?.type !== 'ftyp') return mp4;
  const moovBytes = mp4.slice(moov.start, moov.end);
  // Everything that was before moov now sits moov's size later; the chunk offsets must follow.
  shiftChunkOffsets(moovBytes, 0, moovBytes.length, moovBytes.length);
  const out = new Uint8Array(mp4.length);
  let offset = 0;
  for (const box of [boxes[0], moov, ...boxes.slice(1).filter((b) => b !== moov)]) {
    const bytes = box === moov ? moovBytes : mp4.subarray(box.start, box.end);
    out.set(bytes, offset);
    offset += bytes.length;
  }
  return out;
}

interface BoxSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly header: number;
}

function boxesIn(bytes: Uint8Array, start: number, end: number): BoxSpan[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: BoxSpan[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) throw new Error(`faststart: malformed MP4 box at ${offset}`);
    boxes.push({
      type: String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)),
      start: offset,
      end: offset + size,
      header,
    });
    offset += size;
  }
  return boxes;
}

/** The path to the chunk offset tables: moov/trak/mdia/minf/stbl/(stco|co64). */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

function shiftChunkOffsets(bytes: Uint8Array, start: number, end: number, shift: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const box of boxesIn(bytes, start, end)) {
    const payload = box.start + box.header;
    if (CONTAINERS.has(box.type)) {
      shiftChunkOffsets(bytes, payload, box.end, shift);
    } else if (box.type === 'stco') {
      const count = view.getUint32(payload + 4);
      for (let i = 0; i < count; i++) {
        const at = payload + 8 + i * 4;
        const moved = view.getUint32(at) + shift;
        if (moved > 0xffffffff) throw new Error('faststart: chunk offset overflows stco');
        view.setUint32(at, moved);
      }
    } else if (box.type === 'co64') {
      const count = view.getUint32(payload + 4);
      for (let i = 0; i < count; i++) {
        const at = payload + 8 + i * 8;
        view.setBigUint64(at, view.getBigUint64(at) + BigInt(shift));
      }
    }
  }
}

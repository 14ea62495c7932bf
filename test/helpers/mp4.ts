/**
 * A small ISO-BMFF (MP4) box reader for tests: enough to check what an encoder really wrote
 * (brand, duration, track size, codec, sample count) without needing ffprobe.
 */
export interface Box {
  readonly type: string;
  /** Offset of the box header in the file. */
  readonly start: number;
  /** Offset of the payload (after size/type, and after version/flags for full boxes we decode). */
  readonly payload: number;
  readonly end: number;
  readonly children: Box[];
}

export interface TrackInfo {
  readonly handler: string;
  readonly width: number;
  readonly height: number;
  /** Sample entry format of the first stsd entry, e.g. `avc1`. */
  readonly codec: string;
  readonly timescale: number;
  readonly duration: number;
  readonly sampleCount: number;
  /** From avcC: 66 baseline, 77 main, 100 high. */
  readonly avcProfile?: number;
}

export interface Mp4Info {
  readonly majorBrand: string;
  readonly compatibleBrands: string[];
  readonly topLevel: string[];
  readonly timescale: number;
  readonly duration: number;
  readonly durationSeconds: number;
  readonly tracks: TrackInfo[];
}

/** Boxes that only contain other boxes. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'udta', 'mvex']);

export function parseBoxes(bytes: Uint8Array, start = 0, end = bytes.length): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) throw new Error(`bad box "${type}" at ${offset}: size ${size}`);
    const payload = offset + header;
    const boxEnd = offset + size;
    const children = CONTAINERS.has(type) ? parseBoxes(bytes, payload, boxEnd) : [];
    boxes.push({ type, start: offset, payload, end: boxEnd, children });
    offset = boxEnd;
  }
  if (offset !== end) throw new Error(`trailing ${end - offset} bytes at ${offset}`);
  return boxes;
}

export function findBox(boxes: readonly Box[], path: string): Box | undefined {
  const [head, ...rest] = path.split('/');
  const box = boxes.find((b) => b.type === head);
  if (!box || rest.length === 0) return box;
  return findBox(box.children, rest.join('/'));
}

export function inspectMp4(bytes: Uint8Array): Mp4Info {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes = parseBoxes(bytes);
  const ftyp = required(boxes, 'ftyp');
  const compatibleBrands: string[] = [];
  for (let o = ftyp.payload + 8; o + 4 <= ftyp.end; o += 4) compatibleBrands.push(ascii(bytes, o, 4));

  const mvhd = required(boxes, 'moov/mvhd');
  const { timescale, duration } = timing(view, mvhd.payload);

  const moov = required(boxes, 'moov');
  const tracks = moov.children.filter((b) => b.type === 'trak').map((trak) => track(bytes, view, trak));
  return {
    majorBrand: ascii(bytes, ftyp.payload, 4),
    compatibleBrands,
    topLevel: boxes.map((b) => b.type),
    timescale,
    duration,
    durationSeconds: duration / timescale,
    tracks,
  };
}

function track(bytes: Uint8Array, view: DataView, trak: Box): TrackInfo {
  const tkhd = required(trak.children, 'tkhd');
  const version = view.getUint8(tkhd.payload);
  // tkhd: after the times/ids/layer/volume/matrix come width and height as 16.16 fixed point.
  const sizeOffset = tkhd.payload + (version === 1 ? 88 : 76);
  const width = view.getUint32(sizeOffset) / 65536;
  const height = view.getUint32(sizeOffset + 4) / 65536;
  const mdhd = required(trak.children, 'mdia/mdhd');
  const { timescale, duration } = timing(view, mdhd.payload);
  const hdlr = required(trak.children, 'mdia/hdlr');
  const handler = ascii(bytes, hdlr.payload + 8, 4);
  const stsd = required(trak.children, 'mdia/minf/stbl/stsd');
  // stsd: version/flags, entry count, then the first sample entry box (size, format).
  const entry = stsd.payload + 8;
  const codec = ascii(bytes, entry + 4, 4);
  let avcProfile: number | undefined;
  if (codec === 'avc1' || codec === 'avc3') {
    // Visual sample entry: 8 header + 78 bytes of fields, then child boxes (avcC first, usually).
    const entryEnd = entry + view.getUint32(entry);
    const avcC = parseBoxes(bytes, entry + 86, entryEnd).find((b) => b.type === 'avcC');
    if (avcC) avcProfile = view.getUint8(avcC.payload + 1);
  }
  const stsz = required(trak.children, 'mdia/minf/stbl/stsz');
  const sampleCount = view.getUint32(stsz.payload + 8);
  return {
    handler,
    width,
    height,
    codec,
    timescale,
    duration,
    sampleCount,
    ...(avcProfile === undefined ? {} : { avcProfile }),
  };
}

/** mvhd/mdhd share the layout: version, flags, creation, modification, timescale, duration (32 or 64 bit). */
function timing(view: DataView, payload: number): { timescale: number; duration: number } {
  const version = view.getUint8(payload);
  if (version === 1)
    return { timescale: view.getUint32(payload + 20), duration: Number(view.getBigUint64(payload + 24)) };
  return { timescale: view.getUint32(payload + 12), duration: view.getUint32(payload + 16) };
}

function required(boxes: readonly Box[], path: string): Box {
  const box = findBox(boxes, path);
  if (!box) throw new Error(`MP4 has no ${path} box`);
  return box;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

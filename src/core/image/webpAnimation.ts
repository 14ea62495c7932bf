import { writeUint24 } from './bytes';
import { encodeWebp } from './codecs';
import { asCodecPixels } from './encode';
import type { RgbaImage } from './rgba';

/**
 * Writes an animated WebP (RIFF: VP8X, ANIM, one ANMF per frame) from frames encoded one by one with libwebp:
 * the wasm build has no animation encoder, but each ANMF just wraps a still frame's VP8 chunk.
 */
export class WebpAnimationWriter {
  private readonly frames: Uint8Array[] = [];
  private bytes = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly quality: number,
  ) {}

  get size(): number {
    return this.bytes;
  }

  /** Encodes `image` (width × height) and appends it, shown for `durationMs`. */
  async addFrame(image: RgbaImage, durationMs: number): Promise<void> {
    const still = new Uint8Array(await encodeWebp(asCodecPixels(image), this.quality));
    const payload = stillChunks(still);
    const header = new Uint8Array(16);
    writeUint24(header, 0, 0); // x / 2
    writeUint24(header, 3, 0); // y / 2
    writeUint24(header, 6, this.width - 1);
    writeUint24(header, 9, this.height - 1);
    writeUint24(header, 12, Math.max(1, Math.min(0xffffff, Math.round(durationMs))));
    header[15] = 0b10; // no blending (every frame is whole and opaque), no disposal
    const frame = chunk('ANMF', concat([header, payload]));
    this.frames.push(frame);
    this.bytes += frame.length;
  }

  finish(): Uint8Array {
    const vp8x = new Uint8Array(10);
    vp8x[0] = 0b10; // animation flag
    writeUint24(vp8x, 4, this.width - 1);
    writeUint24(vp8x, 7, this.height - 1);
    const anim = new Uint8Array(6); // background colour 0 (transparent black), loop count 0 = forever
    const body = concat([
      new Uint8Array([0x57, 0x45, 0x42, 0x50]),
      chunk('VP8X', vp8x),
      chunk('ANIM', anim),
      ...this.frames,
    ]);
    const out = new Uint8Array(8 + body.length);
    out.set([0x52, 0x49, 0x46, 0x46]); // "RIFF"
    new DataView(out.buffer).setUint32(4, body.length, true);
    out.set(body, 8);
    return out;
  }
}

/** The image chunks of a still WebP file (its VP8/VP8L, plus ALPH if any), as they go inside an ANMF. */
function stillChunks(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const kept: Uint8Array[] = [];
  for (let pos = 12; pos + 8 <= file.length;) {
    const type = String.fromCharCode(file[pos]!, file[pos + 1]!, file[pos + 2]!, file[pos + 3]!);
    const size = view.getUint32(pos + 4, true);
    const end = pos + 8 + size + (size & 1);
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ALPH')
      kept.push(file.subarray(pos, Math.min(end, file.length)));
    pos = end;
  }
  if (kept.length === 0) throw new Error('libwebp returned no image data');
  return concat(kept);
}

function chunk(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length + (payload.length & 1));
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, payload.length, true);
  out.set(payload, 8);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

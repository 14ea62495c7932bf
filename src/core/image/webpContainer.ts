import * as l10n from '@vscode/l10n';
import { imageError } from './imageError';
import { ascii, readUint24, writeUint24 } from './bytes';

/** One chunk of a RIFF file: its four-letter type and where its payload lies. */
interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly size: number;
}

/** Walks the chunks between `from` and `to`, refusing any that runs past the end of the data. */
function chunks(bytes: Uint8Array, from: number, to: number): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Chunk[] = [];
  for (let pos = from; pos + 8 <= to;) {
    const size = view.getUint32(pos + 4, true);
    const start = pos + 8;
    if (start + size > to) throw truncated();
    found.push({ type: ascii(bytes, pos, 4), start, size });
    pos = start + size + (size & 1); // payloads are padded to an even length
  }
  return found;
}

/** The RIFF header states the file length, so a cut-short download is caught before the decoder sees it. */
export function checkWebpLength(bytes: Uint8Array): void {
  const declared = 8 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (bytes.length < declared) throw truncated();
}

/** The first frame of an animated WebP, as a still WebP file plus where it sits on the animation canvas. */
export interface WebpFrame {
  readonly file: Uint8Array;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * libwebp's simple decoder refuses animations, and the animation API is not in the wasm build, so the first
 * ANMF frame is re-wrapped as a still image: its ALPH (alpha) and VP8/VP8L (pixels) chunks in a new RIFF.
 */
export function firstWebpFrame(bytes: Uint8Array): WebpFrame {
  const frame = chunks(bytes, 12, bytes.length).find((chunk) => chunk.type === 'ANMF');
  if (!frame || frame.size < 16)
    throw imageError('corrupt', l10n.t('The animated WebP file is damaged: it has no frames. Re-export it.'));
  const p = frame.start;
  const x = readUint24(bytes, p) * 2; // offsets are stored halved
  const y = readUint24(bytes, p + 3) * 2;
  const width = readUint24(bytes, p + 6) + 1;
  const height = readUint24(bytes, p + 9) + 1;
  const parts = chunks(bytes, p + 16, frame.start + frame.size);
  const pixels = parts.find((chunk) => chunk.type === 'VP8 ' || chunk.type === 'VP8L');
  if (!pixels)
    throw imageError(
      'corrupt',
      l10n.t('The animated WebP file is damaged: its first frame has no image data. Re-export it.'),
    );
  const alpha = parts.find((chunk) => chunk.type === 'ALPH');
  // A lossy frame with a separate alpha chunk needs the extended (VP8X) header that announces the alpha.
  const body =
    alpha && pixels.type === 'VP8 '
      ? [vp8x(width, height), copy(bytes, alpha), copy(bytes, pixels)]
      : [copy(bytes, pixels)];
  return { file: riff(body), x, y, width, height };
}

function copy(bytes: Uint8Array, chunk: Chunk): Uint8Array {
  const out = new Uint8Array(8 + chunk.size + (chunk.size & 1));
  out.set(bytes.subarray(chunk.start - 8, chunk.start + chunk.size));
  return out;
}

function vp8x(width: number, height: number): Uint8Array {
  const out = new Uint8Array(18);
  out.set([0x56, 0x50, 0x38, 0x58, 10, 0, 0, 0, 0x10]); // "VP8X", size 10, flags: alpha
  writeUint24(out, 12, width - 1);
  writeUint24(out, 15, height - 1);
  return out;
}

function riff(body: readonly Uint8Array[]): Uint8Array {
  const size = body.reduce((sum, part) => sum + part.length, 4);
  const out = new Uint8Array(8 + size);
  const view = new DataView(out.buffer);
  out.set([0x52, 0x49, 0x46, 0x46]); // "RIFF"
  view.setUint32(4, size, true);
  out.set([0x57, 0x45, 0x42, 0x50], 8); // "WEBP"
  let at = 12;
  for (const part of body) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function truncated(): Error {
  return imageError(
    'truncated',
    l10n.t('The WebP file is truncated: the download or copy was probably cut short. Get the file again.'),
  );
}

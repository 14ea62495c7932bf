import { randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { copyFile, link, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AnimateError } from './errors';

/** How the output lands in its folder; the CLI uses Node's fs, the extension `workspace.fs`. */
export interface OutputPort {
  /** Copies the finished temp file to `target` only if nothing is there yet; false when the name is taken. Never overwrites. */
  claim(tempFile: string, target: string): Promise<boolean>;
  /** Writes a small new file (the provenance sidecar); never replaces an existing one. */
  writeNew(path: string, bytes: Uint8Array): Promise<void>;
}

/** `cat.png` → `/dir/cat.mp4`: the video lands next to its source. */
export function defaultTarget(sourcePath: string): string {
  const name = basename(sourcePath, extname(sourcePath));
  return join(dirname(sourcePath), `${name}.mp4`);
}

/** `cat.mp4`, `cat-2.mp4`, `cat-3.mp4`, … */
export function candidateName(target: string, attempt: number): string {
  if (attempt <= 1) return target;
  const ext = extname(target);
  return join(dirname(target), `${basename(target, ext)}-${attempt}${ext}`);
}

const maxAttempts = 9999;

/** Places `tempFile` at the first free name derived from `target`; returns the name it took. */
export async function claimFreeName(port: OutputPort, tempFile: string, target: string): Promise<string> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const name = candidateName(target, attempt);
    if (await port.claim(tempFile, name)) return name;
  }
  throw new AnimateError('io', `No free file name next to ${target} (tried ${maxAttempts}).`);
}

/** Node's fs: copy to a hidden part file in the target folder, then hard-link it to the name (atomic, fails if taken). */
export const nodeOutputPort: OutputPort = {
  async claim(tempFile, target) {
    const part = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
    await copyFile(tempFile, part, constants.COPYFILE_EXCL);
    try {
      await link(part, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await rm(part, { force: true });
    }
  },
  async writeNew(path, bytes) {
    await writeFile(path, bytes, { flag: 'wx' });
  },
};

/** A private temp folder for one job's download; removed by `discardTemp`. */
export async function makeTempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'animate-image-'));
  return join(dir, name);
}

export async function discardTemp(tempFile: string): Promise<void> {
  await rm(dirname(tempFile), { recursive: true, force: true });
}

/** Streams a download into `tempFile` and checks it is an MP4 (an HTML error page or an empty body is not). */
export async function saveStream(stream: Readable, tempFile: string, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  const head: number[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (let i = 0; head.length < 12 && i < chunk.length; i++) head.push(chunk[i] ?? 0);
    bytes += chunk.length;
  });
  try {
    await pipeline(stream, createWriteStream(tempFile), { signal });
  } catch (error) {
    await unlink(tempFile).catch(() => undefined);
    throw error;
  }
  if (!looksLikeMp4(Uint8Array.from(head))) {
    await unlink(tempFile).catch(() => undefined);
    const what = bytes === 0 ? 'empty' : `not an MP4 (starts with "${Buffer.from(head).toString('latin1').replace(/[^\x20-\x7e]/g, '.')}")`;
    throw new AnimateError('provider', `The provider's download was ${what}. Nothing was saved; the job can be resumed to try the download again.`);
  }
  return bytes;
}

/** ISO BMFF files start with a box whose type is `ftyp` (some encoders put `free`/`mdat`/`moov` first). */
export function looksLikeMp4(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const type = String.fromCharCode(head[4] ?? 0, head[5] ?? 0, head[6] ?? 0, head[7] ?? 0);
  return ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(type);
}

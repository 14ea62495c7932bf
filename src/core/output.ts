import * as l10n from '@vscode/l10n';
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
  throw new AnimateError('io', l10n.t('No free file name next to {0} (tried {1}).', target, maxAttempts));
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

/** A download whose bytes are not a whole MP4 (HTML page, empty, shorter than announced): worth fetching again. */
export const BAD_DOWNLOAD = 'bad-download';

const announced = new WeakMap<Readable, number>();

/** Notes the length a server announced (`content-length`) for a download stream, so `saveStream` can check it. */
export function announceLength(stream: Readable, bytes: number | undefined): Readable {
  if (bytes !== undefined && Number.isSafeInteger(bytes) && bytes >= 0) announced.set(stream, bytes);
  return stream;
}

/**
 * Streams a download into `tempFile` and checks it is a whole MP4: an `ftyp` box first, and as many bytes as the
 * server announced. A body that breaks off is a `network` error, a wrong body a `provider` one with code
 * `bad-download` (both worth a fresh attempt); a failing write (disk full) is `io`. The temp file is gone on failure.
 */
export async function saveStream(stream: Readable, tempFile: string, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  const head: number[] = [];
  const expected = announced.get(stream);
  // pipeline passes the first failure on to the other stream: the side that failed first is the cause.
  let first: { side: 'read' | 'write'; error: unknown } | undefined;
  stream.on('data', (chunk: Buffer) => {
    for (let i = 0; head.length < 12 && i < chunk.length; i++) head.push(chunk[i] ?? 0);
    bytes += chunk.length;
  });
  stream.once('error', (error) => (first ??= { side: 'read', error }));
  const out = createWriteStream(tempFile);
  out.once('error', (error) => (first ??= { side: 'write', error }));
  try {
    await pipeline(stream, out, { signal });
  } catch (error) {
    await unlink(tempFile).catch(() => undefined);
    if (signal.aborted) throw error;
    if (first?.side === 'write') throw writeFailure(first.error, tempFile);
    const cause = first?.error ?? error;
    if (cause instanceof AnimateError) throw cause;
    const message =
      expected !== undefined
        ? l10n.t('The download broke off after {0} of {1} bytes ({2}).', bytes, expected, describeCut(cause))
        : l10n.t('The download broke off after {0} bytes ({1}).', bytes, describeCut(cause));
    throw new AnimateError('network', message, { cause });
  }
  const problem =
    bytes === 0
      ? l10n.t("The provider's download was empty.")
      : !looksLikeMp4(Uint8Array.from(head))
        ? l10n.t(
            'The provider\'s download was not an MP4 (it starts with "{0}").',
            Buffer.from(head)
              .toString('latin1')
              .replace(/[^\x20-\x7e]/g, '.'),
          )
        : expected !== undefined && bytes !== expected
          ? l10n.t("The provider's download was {0} bytes where {1} were announced.", bytes, expected)
          : undefined;
  if (problem !== undefined) {
    await unlink(tempFile).catch(() => undefined);
    throw new AnimateError('provider', problem, { code: BAD_DOWNLOAD });
  }
  return bytes;
}

/** "other side closed" rather than undici's bare "terminated": the innermost reason in the cause chain. */
function describeCut(error: unknown): string {
  let reason = error instanceof Error ? error.message : String(error);
  for (let item: unknown = error, depth = 0; item instanceof Error && depth < 6; item = item.cause, depth++) {
    if (item.message) reason = item.message;
  }
  return reason === 'terminated' ? 'the connection closed early' : `the connection closed early: ${reason}`;
}

/** A failed write of the download (a full or read-only temp folder) as an `io` error naming the folder. */
function writeFailure(error: unknown, tempFile: string): AnimateError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : error instanceof Error
        ? error.message
        : String(error);
  // The job's own folder inside it is removed afterwards: name the temp folder the user can clear.
  return new AnimateError(
    'io',
    l10n.t('Could not write the download to the temp folder {0} ({1}).', dirname(dirname(tempFile)), why),
    { ...(code ? { code } : {}), cause: error },
  );
}

/** ISO BMFF files start with a box whose type is `ftyp` (some encoders put `free`/`mdat`/`moov` first) of a sane size. */
export function looksLikeMp4(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const size = (((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0)) >>> 0;
  const type = String.fromCharCode(head[4] ?? 0, head[5] ?? 0, head[6] ?? 0, head[7] ?? 0);
  // Size 0 = "to the end of the file", 1 = a 64-bit size follows; anything else is at least the 8-byte header.
  return ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(type) && (size === 0 || size === 1 || size >= 8);
}

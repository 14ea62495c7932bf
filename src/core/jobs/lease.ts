import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isRunning } from './fileLock';

/**
 * One follower per job: whoever polls and downloads a job holds its lease, so a second `resume` (another CLI, another
 * editor window) waits for the first instead of downloading the video a second time.
 */
export interface JobLease {
  /** False once another follower took the job over (this one stalled past the stale time). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export type LeaseAttempt = { readonly lease: JobLease } | { readonly heldBy: string };

export interface LeaseOptions {
  /** A lease whose heartbeat is older than this is abandoned and taken over (default 60 s). */
  readonly staleMs?: number;
  /** How often a holder renews its lease (default 10 s, well under the stale time). */
  readonly heartbeatMs?: number;
}

interface Holder {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

/**
 * A lease file per job in `dir`, created exclusively; its mtime is the heartbeat. A holder that is gone from this
 * host, or whose heartbeat is stale, is taken over (moved aside first, so of two takers only one wins).
 */
export async function acquireFileLease(dir: string, jobId: string, options: LeaseOptions = {}): Promise<LeaseAttempt> {
  const staleMs = options.staleMs ?? 60_000;
  const path = join(dir, `${jobId.replace(/[^A-Za-z0-9_-]/g, '_')}.lease`);
  const me: Holder = { host: hostname(), pid: process.pid, token: randomUUID() };
  const text = JSON.stringify(me);
  await mkdir(dir, { recursive: true });
  for (let round = 0; round < 5; round++) {
    try {
      await writeFile(path, text, { flag: 'wx' });
      return { lease: fileLease(path, text, options.heartbeatMs ?? 10_000) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await readHolder(path);
    if (current === 'gone') continue;
    if (current !== 'unreadable' && !isAbandoned(current.holder, current.ageMs, staleMs)) {
      return { heldBy: l10n.t('process {0} on {1}', current.holder.pid, current.holder.host) };
    }
    if (current === 'unreadable' && (await ageOf(path)) <= staleMs) return { heldBy: l10n.t('another Animate Image') };
    const aside = `${path}.${randomUUID()}.stale`;
    await rename(path, aside).then(
      () => rm(aside, { force: true }),
      () => undefined, // another follower took it over first
    );
  }
  return { heldBy: l10n.t('another Animate Image') };
}

function fileLease(path: string, text: string, heartbeatMs: number): JobLease {
  const ours = async () => (await readFile(path, 'utf8').catch(() => '')) === text;
  const beat = setInterval(() => {
    void ours().then((yes) => (yes ? utimes(path, new Date(), new Date()).catch(() => undefined) : undefined));
  }, heartbeatMs);
  beat.unref();
  return {
    held: ours,
    async release() {
      clearInterval(beat);
      if (await ours()) await rm(path, { force: true });
    },
  };
}

async function readHolder(path: string): Promise<{ holder: Holder; ageMs: number } | 'gone' | 'unreadable'> {
  try {
    const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.host !== 'string' || typeof parsed.pid !== 'number' || typeof parsed.token !== 'string')
      return 'unreadable';
    return { holder: { host: parsed.host, pid: parsed.pid, token: parsed.token }, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

async function ageOf(path: string): Promise<number> {
  return stat(path).then(
    (info) => Date.now() - info.mtimeMs,
    () => Number.POSITIVE_INFINITY,
  );
}

function isAbandoned(holder: Holder, ageMs: number, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  return holder.host === hostname() && !isRunning(holder.pid);
}

/** Leases within one process (the in-memory store of tests and of a store that could not be written). */
export class MemoryLeases {
  private readonly holders = new Map<string, string>();

  acquire(jobId: string): LeaseAttempt {
    if (this.holders.has(jobId)) return { heldBy: l10n.t('another follower in process {0}', process.pid) };
    const token = randomUUID();
    this.holders.set(jobId, token);
    return {
      lease: {
        held: async () => this.holders.get(jobId) === token,
        release: async () => {
          if (this.holders.get(jobId) === token) this.holders.delete(jobId);
        },
      },
    };
  }
}

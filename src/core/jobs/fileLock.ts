import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface FileLockOptions {
  /** Give up after this long (default 15 s): a lock that cannot be had is an error, not a hang. */
  readonly timeoutMs?: number;
  /**
   * A lock file older than this is left over from a crashed process and is taken over (default 5 s, well under
   * the timeout, so a waiter always outlives a dead holder's lock; a live holder keeps it for milliseconds).
   */
  readonly staleMs?: number;
}

const retryMs = 20;

/**
 * Runs `task` while holding `lockPath` (created exclusively, removed afterwards), so processes that share a file —
 * two VS Code windows, a CLI batch and another CLI — never interleave their read-modify-write of it.
 * The lock names its holder (host, pid, a random token): a lock of a process that is gone from this host is taken
 * over at once, any other only once stale, and a holder removes the lock only while it is still its own.
 */
export async function withFileLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 5_000;
  const owner = `${hostname()} ${process.pid} ${randomUUID()}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(owner);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isAbandoned(lockPath, staleMs)) {
        await takeOver(lockPath);
        continue;
      }
      if (Date.now() >= deadline)
        throw new Error(
          l10n.t(
            '{0} has been locked for over {1} s; if no other Animate Image is running, delete it.',
            lockPath,
            Math.round(timeoutMs / 1000),
          ),
        );
      await new Promise((resolve) => setTimeout(resolve, retryMs + Math.random() * retryMs));
    }
  }
  try {
    return await task();
  } finally {
    await release(lockPath, owner);
  }
}

/** Held by a process that is gone from this host, or older than `staleMs`. Undefined (released meanwhile) is not. */
async function isAbandoned(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - info.mtimeMs > staleMs) return true;
    const [host, pid] = text.split(' ');
    return host === hostname() && pid !== undefined && /^\d+$/.test(pid) && !isRunning(Number(pid));
  } catch {
    return false;
  }
}

/** Moves the abandoned lock aside first: of several waiters that saw it, only one rename succeeds. */
async function takeOver(lockPath: string): Promise<void> {
  const aside = `${lockPath}.${randomUUID()}.stale`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // another waiter took it over first
  }
  await rm(aside, { force: true });
}

async function release(lockPath: string, owner: string): Promise<void> {
  try {
    if ((await readFile(lockPath, 'utf8')) === owner) await rm(lockPath, { force: true });
  } catch {
    // Already gone (taken over after a long pause): nothing of ours to remove, and the task's own outcome stands.
  }
}

/** Whether a process of this host is alive (EPERM: alive, but another user's). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

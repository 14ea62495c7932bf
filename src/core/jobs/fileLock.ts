import { open, rm, stat } from 'node:fs/promises';

export interface FileLockOptions {
  /** Give up after this long (default 10 s): a lock that cannot be had is an error, not a hang. */
  readonly timeoutMs?: number;
  /** A lock file older than this is left over from a crashed process and is taken over (default 15 s). */
  readonly staleMs?: number;
}

const retryMs = 20;

/**
 * Runs `task` while holding `lockPath` (created exclusively, removed afterwards), so processes that share a file —
 * two VS Code windows, a CLI batch and another CLI — never interleave their read-modify-write of it.
 */
export async function withFileLock<T>(lockPath: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await lockAge(lockPath);
      if (age !== undefined && age > staleMs) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() >= deadline) throw new Error(`${lockPath} has been locked for over ${Math.round(timeoutMs / 1000)} s; if no other Animate Image is running, delete it.`);
      await new Promise((resolve) => setTimeout(resolve, retryMs + Math.random() * retryMs));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function lockAge(lockPath: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    return undefined; // released meanwhile
  }
}

import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AnimateError, errorMessage } from '../errors';
import { withFileLock } from './fileLock';
import { acquireFileLease, type LeaseAttempt, type LeaseOptions } from './lease';
import { jobRecordSchema, type JobRecord } from './record';
import { pruneFinished, type JobStore } from './store';

const fileSchema = z.object({ version: z.literal(1), jobs: z.array(z.unknown()) });
const keepFinished = 200;

/** The OS's per-user state folder (XDG on Linux), overridable for tests and portable installs. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ANIMATE_IMAGE_STATE_DIR) return env.ANIMATE_IMAGE_STATE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'animate-image');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'animate-image');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'animate-image');
}

/**
 * A job list in one JSON file (the CLI's, and the extension's in its global storage folder), rewritten atomically
 * (temp + rename) so a crash never corrupts it, under a lock file so other processes' writes are never lost.
 */
export class FileJobStore implements JobStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly leaseOptions: LeaseOptions = {},
  ) {}

  /** Leases live beside the list, one file per followed job: `jobs.json.leases/<id>.lease`. */
  lease(jobId: string): Promise<LeaseAttempt> {
    return acquireFileLease(`${this.path}.leases`, jobId, this.leaseOptions);
  }

  /**
   * Reads and rewrites the list before anything is paid for. A damaged file is moved aside as
   * `jobs.json.corrupt-<time>` (kept for the user, never deleted) and a new list started; that is the warning returned.
   * A folder that cannot be created or written (read-only, or a file in its place) is an `io` error.
   */
  async checkWritable(): Promise<string | undefined> {
    let warning: string | undefined;
    try {
      await this.exclusive(async () => {
        let entries: { records: JobRecord[]; others: unknown[] };
        try {
          entries = await this.readEntries();
        } catch (error) {
          if (!(error instanceof DamagedListError)) throw error;
          const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          await rename(this.path, aside);
          warning = l10n.t(
            'The job list {0} was damaged: it is kept as {1} and a new list was started.',
            this.path,
            aside,
          );
          entries = { records: [], others: [] };
        }
        await this.write([...entries.others, ...entries.records]);
      });
    } catch (error) {
      const reason = errorMessage(error);
      throw new AnimateError(
        'io',
        l10n.t(
          'The job list {0} cannot be written ({1}), so a paid job could not be recorded: nothing was submitted. Make its folder writable, or (CLI) set ANIMATE_IMAGE_STATE_DIR to a writable folder.',
          this.path,
          reason,
        ),
        {
          ...((error as NodeJS.ErrnoException).code ? { code: (error as NodeJS.ErrnoException).code } : {}),
          cause: error,
        },
      );
    }
    return warning;
  }

  async list(): Promise<JobRecord[]> {
    return this.read();
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return (await this.read()).find((r) => r.id === id);
  }

  put(record: JobRecord): Promise<void> {
    return this.update((jobs) => [...jobs.filter((r) => r.id !== record.id), record]);
  }

  remove(id: string): Promise<void> {
    return this.update((jobs) => jobs.filter((r) => r.id !== id));
  }

  private async read(): Promise<JobRecord[]> {
    return (await this.readEntries()).records;
  }

  /**
   * The valid records, and the entries that are not (damaged by hand, or written by another version of Animate
   * Image): those are kept in the file untouched rather than failing every write, which would leave the next paid
   * job unrecorded.
   */
  private async readEntries(): Promise<{ records: JobRecord[]; others: unknown[] }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], others: [] };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const file = fileSchema.safeParse(parsed);
    if (!file.success)
      throw new DamagedListError(l10n.t('The job list {0} is damaged; move it away to start a new one.', this.path));
    const records: JobRecord[] = [];
    const others: unknown[] = [];
    for (const entry of file.data.jobs) {
      const record = jobRecordSchema.safeParse(entry);
      if (record.success) records.push(record.data);
      else others.push(entry);
    }
    return { records, others };
  }

  /** Serialises writers in this process (concurrent batch jobs) and, through the lock file, across processes. */
  private update(change: (jobs: JobRecord[]) => JobRecord[]): Promise<void> {
    return this.exclusive(async () => {
      const { records, others } = await this.readEntries();
      await this.write([...others, ...pruneFinished(change(records), keepFinished)]);
    });
  }

  private exclusive(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await withFileLock(`${this.path}.lock`, task);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Atomic: a temp file renamed over the list, so a crash never leaves half a list. */
  private async write(jobs: unknown[]): Promise<void> {
    const temp = `${this.path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, JSON.stringify({ version: 1, jobs }, null, 2));
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

class DamagedListError extends Error {}

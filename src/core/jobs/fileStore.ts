import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { withFileLock } from './fileLock';
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

  constructor(readonly path: string) {}

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
    if (!file.success) throw new Error(`The job list ${this.path} is damaged; move it away to start a new one.`);
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
    const next = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await withFileLock(`${this.path}.lock`, async () => {
        const { records, others } = await this.readEntries();
        const jobs = [...others, ...pruneFinished(change(records), keepFinished)];
        const temp = `${this.path}.${randomUUID()}.tmp`;
        try {
          await writeFile(temp, JSON.stringify({ version: 1, jobs }, null, 2));
          await rename(temp, this.path);
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

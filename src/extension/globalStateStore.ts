import * as vscode from 'vscode';
import { jobRecordSchema, type JobRecord } from '../core/jobs/record';
import { pruneFinished, type JobStore } from '../core/jobs/store';
import type { Logger } from '../core/providers/provider';

const stateKey = 'animateImage.jobs';
const keepFinished = 100;

/**
 * Job records in `globalState` (per user, across workspaces) so a reload never loses a paid job.
 * Every record is checked with `jobRecordSchema` on read; a damaged one is dropped and logged.
 * Writes are serialised: several jobs update the list at once. `onDidChange` fires after each write (the jobs view).
 */
export class GlobalStateJobStore implements JobStore, vscode.Disposable {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {}

  async list(): Promise<JobRecord[]> {
    return this.read();
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return this.read().find((r) => r.id === id);
  }

  put(record: JobRecord): Promise<void> {
    return this.update((jobs) => [...jobs.filter((r) => r.id !== record.id), record]);
  }

  remove(id: string): Promise<void> {
    return this.update((jobs) => jobs.filter((r) => r.id !== id));
  }

  private read(): JobRecord[] {
    const raw = this.state.get<unknown>(stateKey);
    if (!Array.isArray(raw)) return [];
    const records: JobRecord[] = [];
    for (const item of raw) {
      const parsed = jobRecordSchema.safeParse(item);
      if (parsed.success) records.push(parsed.data);
      else this.log.warn(`dropping a damaged job record: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    return records;
  }

  private update(change: (jobs: JobRecord[]) => JobRecord[]): Promise<void> {
    const next = this.queue.then(async () => {
      await this.state.update(stateKey, pruneFinished(change(this.read()), keepFinished));
      this.changed.fire();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

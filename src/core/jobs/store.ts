import { MemoryLeases, type LeaseAttempt } from './lease';
import { isUnfinished, type JobRecord } from './record';

/** Where job records live: a JSON file (the CLI's state folder; the extension's global storage), memory in tests. */
export interface JobStore {
  list(): Promise<JobRecord[]>;
  get(id: string): Promise<JobRecord | undefined>;
  put(record: JobRecord): Promise<void>;
  remove(id: string): Promise<void>;
  /**
   * Proves the store can be read and written before a paid job is submitted; throws an `io` error when it cannot.
   * Resolves to a warning when it had to repair something (a damaged file kept aside). Stores without it are trusted.
   */
  checkWritable?(): Promise<string | undefined>;
  /** Takes the job's one-follower lease (see `lease.ts`); a store shared by several processes must have it. */
  lease?(jobId: string): Promise<LeaseAttempt>;
}

/** Keeps the store from growing without bound: finished jobs beyond the newest `keep` are dropped. */
export function pruneFinished(records: JobRecord[], keep: number): JobRecord[] {
  const finished = records.filter((r) => !isUnfinished(r)).sort((a, b) => b.updatedAt - a.updatedAt);
  const dropped = new Set(finished.slice(keep).map((r) => r.id));
  return records.filter((r) => !dropped.has(r.id));
}

export class MemoryJobStore implements JobStore {
  private readonly records = new Map<string, JobRecord>();
  private readonly leases = new MemoryLeases();
  async list(): Promise<JobRecord[]> {
    return [...this.records.values()];
  }
  async get(id: string): Promise<JobRecord | undefined> {
    return this.records.get(id);
  }
  async put(record: JobRecord): Promise<void> {
    this.records.set(record.id, record);
  }
  async remove(id: string): Promise<void> {
    this.records.delete(id);
  }
  async lease(jobId: string): Promise<LeaseAttempt> {
    return this.leases.acquire(jobId);
  }
}

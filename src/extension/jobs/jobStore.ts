import * as vscode from 'vscode';
import { FileJobStore } from '../../core/jobs/fileStore';
import type { JobRecord } from '../../core/jobs/record';
import type { JobStore } from '../../core/jobs/store';
import { jobListPath } from './pendingJobs';

/**
 * The extension's job records: a file in its global storage folder, on the machine where the extension host runs.
 * Not `globalState`: in the browser-based VS Code (code-server, vscode.dev-style hosts) that is kept by the page and
 * written out later, and a reload right after a submit lost the record of a paid job. A file is on disk the moment
 * `put` resolves. `onDidChange` fires after each write (the jobs view).
 */
export class ExtensionJobStore implements JobStore, vscode.Disposable {
  private readonly file: FileJobStore;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(globalStorage: vscode.Uri) {
    this.file = new FileJobStore(jobListPath(globalStorage));
  }

  list(): Promise<JobRecord[]> {
    return this.file.list();
  }

  get(id: string): Promise<JobRecord | undefined> {
    return this.file.get(id);
  }

  async put(record: JobRecord): Promise<void> {
    await this.file.put(record);
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.file.remove(id);
    this.changed.fire();
  }

  readonly checkWritable = (): Promise<string | undefined> => this.file.checkWritable();
  readonly lease = (jobId: string): ReturnType<FileJobStore['lease']> => this.file.lease(jobId);

  dispose(): void {
    this.changed.dispose();
  }
}

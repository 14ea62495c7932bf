import type * as vscode from 'vscode';
import type { JobStore } from '../../core/jobs/store';
import type { JobController } from '../jobs/jobController';
import type { LastValues } from '../form/lastValues';
import type { Log } from './log';
import type { ProviderFactory } from '../providers/providers';
import type { ApiKeys } from '../keys/secrets';
import type { SettingsReader } from '../settings/settings';

/** What commands and the form need; built once when the engine starts (engine.ts). */
export interface Services {
  readonly extensionUri: vscode.Uri;
  /** The extension's global storage (job store, the walkthrough's scratch folder). */
  readonly storageUri: vscode.Uri;
  readonly log: Log;
  readonly settings: SettingsReader;
  readonly keys: ApiKeys;
  readonly providers: ProviderFactory;
  /** The job records (a file in global storage); `onDidChange` fires after each write. */
  readonly store: JobStore & { readonly onDidChange: vscode.Event<void> };
  readonly jobs: JobController;
  readonly lastValues: LastValues;
}

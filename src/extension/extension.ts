import * as vscode from 'vscode';
import { registerAnimate } from './commands/animate';
import { registerAnimateWithPreset } from './commands/animateWithPreset';
import { registerClearApiKey } from './commands/clearApiKey';
import { registerJobMenu } from './commands/jobMenu';
import { registerSetApiKey } from './commands/setApiKey';
import { registerShowJobs } from './commands/showJobs';
import { registerShowLog } from './commands/showLog';
import { GlobalStateJobStore } from './globalStateStore';
import { JobController } from './jobController';
import { registerJobNotices } from './jobNotices';
import { LastValues } from './lastValues';
import { Log } from './log';
import { ProviderFactory } from './providers';
import { ApiKeys } from './secrets';
import type { Services } from './services';
import { SettingsReader } from './settings';
import { JobStatusBar } from './statusBar';
import { createWorkspaceOutput } from './workspaceOutput';

export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const settings = new SettingsReader(log.tagged('settings'));
  const keys = new ApiKeys(context.secrets, log.tagged('keys'));
  const providers = new ProviderFactory(settings, keys, log);
  const store = new GlobalStateJobStore(context.globalState, log.tagged('store'));
  const jobs = new JobController(store, createWorkspaceOutput(), providers, settings, log);
  const services: Services = { extensionUri: context.extensionUri, log, settings, keys, providers, store, jobs, lastValues: new LastValues(context.workspaceState) };

  context.subscriptions.push(
    log,
    settings,
    jobs,
    new JobStatusBar(jobs),
    registerJobNotices(jobs, providers, log),
    registerAnimate(services),
    registerAnimateWithPreset(services),
    registerSetApiKey(services),
    registerClearApiKey(services),
    registerShowJobs(services),
    registerShowLog(services),
    registerJobMenu(services),
  );
  void jobs.resumeUnfinished((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
}

export function deactivate(): void {
  // Running jobs are detached by JobController.dispose (via subscriptions): their records stay resumable.
}

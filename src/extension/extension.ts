import * as vscode from 'vscode';
import { registerAnimate } from './commands/animate';
import { registerAnimateBetween, trackBetweenAvailability } from './commands/animateBetween';
import { registerAnimateSample } from './commands/animateSample';
import { registerAnimateWithPreset } from './commands/animateWithPreset';
import { registerCheckConnection } from './commands/checkConnection';
import { registerClearApiKey } from './commands/clearApiKey';
import { registerHistoryCommands } from './commands/history';
import { registerJobMenu } from './commands/jobMenu';
import { registerRemix } from './commands/remix';
import { registerSetApiKey } from './commands/setApiKey';
import { registerShowJobs } from './commands/showJobs';
import { registerShowLog } from './commands/showLog';
import { ExtensionJobStore } from './jobStore';
import { HistoryView } from './history/historyView';
import { JobController } from './jobController';
import { registerJobNotices } from './jobNotices';
import { LastValues } from './lastValues';
import { Log } from './log';
import { currentProviderHost, ProviderFactory } from './providers';
import { ApiKeys } from './secrets';
import type { Services } from './services';
import { SettingsReader } from './settings';
import { JobStatusBar } from './statusBar';
import { registerTrustNotice } from './trustNotice';
import { createWorkspaceOutput } from './workspaceOutput';

/** Set by activate: detaches the running jobs and waits (briefly) for their records to be written. */
let detachJobs: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const settings = new SettingsReader(log.tagged('settings'));
  const keys = new ApiKeys(context.secrets, log.tagged('keys'), process.env, (info) => currentProviderHost(settings, info));
  const providers = new ProviderFactory(settings, keys, log);
  const store = new ExtensionJobStore(context.globalStorageUri);
  const jobs = new JobController(store, createWorkspaceOutput(), providers, settings, log);
  detachJobs = () => jobs.detachAll(3000);
  const services: Services = { extensionUri: context.extensionUri, storageUri: context.globalStorageUri, log, settings, keys, providers, store, jobs, lastValues: new LastValues(context.workspaceState) };

  const history = new HistoryView(services);

  context.subscriptions.push(
    log,
    settings,
    store,
    jobs,
    history,
    new JobStatusBar(jobs),
    registerJobNotices(jobs, providers, log),
    registerAnimate(services),
    registerAnimateBetween(services),
    trackBetweenAvailability(services),
    registerAnimateWithPreset(services),
    registerSetApiKey(services),
    registerClearApiKey(services),
    registerCheckConnection(services),
    registerShowJobs(services),
    registerShowLog(services),
    registerJobMenu(services),
    registerRemix(services),
    registerAnimateSample(services),
    registerHistoryCommands(services, history),
    registerTrustNotice(context.workspaceState, log.tagged('trust')),
  );
  jobs.resumeUnfinished((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath)).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`could not resume unfinished jobs: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Animate Image could not read its job list: {0}', message));
  });
}

export function deactivate(): Promise<void> | undefined {
  // VS Code waits for this promise (a few seconds at most) before it stops the extension host.
  return detachJobs?.();
}

import * as vscode from 'vscode';
import { registerAnimate } from './animate/animateCommand';
import { registerAnimateBetween, trackBetweenAvailability } from './animate/animateBetween';
import { registerAnimateSample } from './animate/animateSample';
import { registerAnimateWithPreset } from './presets/animateWithPreset';
import { registerCheckConnection } from './providers/checkConnection';
import { registerClearApiKey } from './keys/clearApiKey';
import { registerHistoryCommands } from './history/historyCommands';
import { registerJobMenu } from './jobs/jobMenu';
import { registerRemix } from './remix/remixCommand';
import { registerSetApiKey } from './keys/setApiKey';
import { registerShowJobs } from './jobs/showJobs';
import { registerShowLog } from './platform/showLog';
import { ExtensionJobStore } from './jobs/jobStore';
import { HistoryView } from './history/historyView';
import { JobController } from './jobs/jobController';
import { registerJobNotices } from './jobs/jobNotices';
import { LastValues } from './form/lastValues';
import { Log } from './platform/log';
import { currentProviderHost, ProviderFactory } from './providers/providers';
import { ApiKeys } from './keys/secrets';
import type { Services } from './platform/services';
import { SettingsReader } from './settings/settings';
import { JobStatusBar } from './jobs/statusBar';
import { registerTrustNotice } from './settings/trustNotice';
import { createWorkspaceOutput } from './platform/workspaceOutput';
import { useTranslations } from '../core/language';

/** Set by activate: detaches the running jobs and waits (briefly) for their records to be written. */
let detachJobs: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // The engine's messages in the display language: VS Code loaded this extension's bundle for it.
  useTranslations(vscode.l10n.bundle ?? {});
  const log = new Log();
  const settings = new SettingsReader(log.tagged('settings'));
  const keys = new ApiKeys(context.secrets, log.tagged('keys'), process.env, (info) =>
    currentProviderHost(settings, info),
  );
  const providers = new ProviderFactory(settings, keys, log);
  const store = new ExtensionJobStore(context.globalStorageUri);
  const jobs = new JobController(store, createWorkspaceOutput(), providers, settings, log);
  detachJobs = () => jobs.detachAll(3000);
  const services: Services = {
    extensionUri: context.extensionUri,
    storageUri: context.globalStorageUri,
    log,
    settings,
    keys,
    providers,
    store,
    jobs,
    lastValues: new LastValues(context.workspaceState),
  };

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
  jobs
    .resumeUnfinished(
      (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    )
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`could not resume unfinished jobs: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Animate Image could not read its job list: {0}', message));
    });
}

export function deactivate(): Promise<void> | undefined {
  // VS Code waits for this promise (a few seconds at most) before it stops the extension host.
  return detachJobs?.();
}

// The engine bundle (dist/engine.js): everything behind the commands, the form, the jobs view and a resume. The entry
// bundle (extension.ts) loads it on first use through platform/engineLoader.ts, so a VS Code start never pays for it.
import * as vscode from 'vscode';
import { agentHost } from './agent/agentHost';
import { AgentTools } from './agent/agentTools';
import { errorMessage } from '../core/errors';
import { useTranslations } from '../core/language';
import type { JobRecord } from '../core/jobs/record';
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
import type { Log } from './platform/log';
import { currentProviderHost, ProviderFactory } from './providers/providers';
import { ApiKeys } from './keys/secrets';
import type { Services } from './platform/services';
import { SettingsReader } from './settings/settings';
import { JobStatusBar } from './jobs/statusBar';
import { createWorkspaceOutput } from './platform/workspaceOutput';

/** What the entry bundle made before the engine loaded, and hands over. */
export interface EngineShell {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  /** The jobs view, created at activation (VS Code needs its provider then); the engine fills it. */
  readonly historyView: vscode.TreeView<JobRecord>;
}

export interface Engine {
  readonly services: Services;
  /** The jobs view's data (the entry's provider forwards to it). */
  readonly history: vscode.TreeDataProvider<JobRecord>;
  /** What the language-model tools do (the entry registers them). */
  readonly agentTools: AgentTools;
  /** Follows again the unfinished jobs of these folders; errors are logged and shown, never thrown. */
  resumeUnfinished(folders: readonly string[]): void;
  /** The window is closing: detach the running jobs and wait (briefly) for their records to be written. */
  detachAll(timeoutMs: number): Promise<void>;
}

/** Builds the services and registers every command (the entry's placeholders are gone by now). */
export function startEngine({ context, log, historyView }: EngineShell): Engine {
  // The engine's messages in the display language: VS Code loaded this extension's bundle for it.
  useTranslations(vscode.l10n.bundle ?? {});
  const settings = new SettingsReader(log.tagged('settings'));
  const keys = new ApiKeys(context.secrets, log.tagged('keys'), process.env, (info) =>
    currentProviderHost(settings, info),
  );
  const providers = new ProviderFactory(settings, keys, log);
  const store = new ExtensionJobStore(context.globalStorageUri);
  const jobs = new JobController(store, createWorkspaceOutput(), providers, settings, log);
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

  const history = new HistoryView(services, historyView);

  context.subscriptions.push(
    settings,
    store,
    jobs,
    history,
    new JobStatusBar(jobs),
    registerJobNotices(jobs, providers, log),
    registerAnimate(services),
    registerAnimateBetween(services),
    trackBetweenAvailability(services, context.workspaceState),
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
  );

  return {
    services,
    history,
    agentTools: new AgentTools(agentHost(services)),
    resumeUnfinished: (folders) => {
      jobs.resumeUnfinished(folders).catch((error: unknown) => {
        const message = errorMessage(error);
        log.error(`could not resume unfinished jobs: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Animate Image could not read its job list: {0}', message));
      });
    },
    detachAll: (timeoutMs) => jobs.detachAll(timeoutMs),
  };
}

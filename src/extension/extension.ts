// The entry bundle (dist/extension.js), loaded at every start (`onStartupFinished`, to resume jobs after a reload): it
// registers the commands and the jobs view and looks for jobs to resume, nothing else. Everything else is the engine
// (engine.ts, dist/engine.js), loaded on first use: a command, the jobs view's data, a change to the settings, or a
// job to resume. Importing anything here that reaches the engine's modules grows the bundle (a test watches it).
import * as vscode from 'vscode';
import { registerAgentTools } from './agent/registerAgentTools';
import { restoreCanAnimateBetween } from './animate/betweenContext';
import { CommandId } from './commandIds';
import { HistoryProxy, historyViewId } from './history/historyProxy';
import { jobListPath, mayHaveJobsToResume } from './jobs/pendingJobs';
import { EngineLoader } from './platform/engineLoader';
import { Log } from './platform/log';
import { registerTrustNotice } from './settings/trustNotice';
import { errorMessage } from '../core/errors';

let engines: EngineLoader | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const history = new HistoryProxy(() => loader.load('jobs view').history);
  const historyView = vscode.window.createTreeView(historyViewId, {
    treeDataProvider: history,
    showCollapseAll: false,
  });
  const loader: EngineLoader = new EngineLoader(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'engine.js').fsPath,
    { context, log, historyView },
    Object.values(CommandId),
  );
  engines = loader;
  context.subscriptions.push(
    log,
    loader,
    history,
    historyView,
    loader.onDidLoad((engine) => history.attach(engine.history)),
    // The engine reads the settings; a change may turn "Animate between images" on or off (betweenContext.ts).
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('animateImage')) loader.load('settings changed');
    }),
    registerTrustNotice(context.workspaceState, log.tagged('trust')),
    registerAgentTools(context, log, () => loader.load('agent tool').agentTools),
  );
  void restoreCanAnimateBetween(context.workspaceState);

  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  // Settles after activate has returned: the resume never holds up the start.
  mayHaveJobsToResume(jobListPath(context.globalStorageUri), folders).then(
    (resume) => {
      if (resume) loader.load('jobs to resume').resumeUnfinished(folders);
    },
    (error: unknown) => log.error(`could not resume unfinished jobs: ${errorMessage(error)}`),
  );
}

export function deactivate(): Promise<void> | undefined {
  // VS Code waits for this promise (a few seconds at most) before it stops the extension host.
  return engines?.current?.detachAll(3000);
}

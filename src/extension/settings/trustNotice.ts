import * as vscode from 'vscode';
import type { Logger } from '../../core/types';
import { ignoredWorkspaceSettings, notYetTold, restrictedSettingsIn } from './restrictedSettings';
import { errorMessage } from '../../core/errors';

const toldKey = 'animateImage.untrustedSettingsTold';

/**
 * In Restricted Mode VS Code reads the endpoint settings and presets only from the user's own settings. When the
 * workspace sets them, say once (per workspace and setting) that they are ignored, so nobody wonders why a repo's
 * gateway URL or presets do not apply.
 */
export function registerTrustNotice(state: vscode.Memento, log: Logger): vscode.Disposable {
  // One check at a time: a settings save fires both the watcher and the configuration event, and two overlapping
  // checks would both see the setting as not yet told.
  let checking: Promise<void> = Promise.resolve();
  const check = () => {
    checking = checking
      .then(() => tell(state, log))
      .catch((error: unknown) => log.warn(`trust notice: ${errorMessage(error)}`));
  };
  check();
  const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(check),
    watcher.onDidChange(check),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('animateImage')) check();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(check),
  );
}

async function tell(state: vscode.Memento, log: Logger): Promise<void> {
  if (vscode.workspace.isTrusted) return;
  const told = state.get<string[]>(toldKey, []);
  const ignored = notYetTold(ignoredWorkspaceSettings(await settingsSetByWorkspace()), told);
  if (ignored.length === 0) return;
  await state.update(toldKey, [...told, ...ignored]);
  log.info(`untrusted workspace: ignoring its ${ignored.join(', ')}`);
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const message = vscode.l10n.t(
    "Animate Image ignores the workspace's {0} because this workspace is not trusted.",
    ignored.join(', '),
  );
  // Not awaited: the next check need not wait for the user to close the notification.
  void vscode.window.showWarningMessage(message, manage).then(async (choice) => {
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  });
}

/** The restricted settings named in each folder's `.vscode/settings.json` and in the `.code-workspace` file. */
async function settingsSetByWorkspace(): Promise<string[][]> {
  const files: Array<{ uri: vscode.Uri; section?: string }> = (vscode.workspace.workspaceFolders ?? []).map(
    (folder) => ({
      uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'),
    }),
  );
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, section: 'settings' });
  return Promise.all(
    files.map(async ({ uri, section }) => {
      try {
        return restrictedSettingsIn(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), section);
      } catch (error) {
        // No such file: the workspace sets nothing there.
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return [];
        throw error;
      }
    }),
  );
}

import * as vscode from 'vscode';
import type { Logger } from '../core/providers/provider';
import { ignoredWorkspaceSettings, notYetTold, restrictedSettings } from './restrictedSettings';

const toldKey = 'animateImage.untrustedSettingsTold';

/**
 * In Restricted Mode VS Code reads the endpoint settings and presets only from the user's own settings. When the
 * workspace sets them, say once (per workspace and setting) that they are ignored, so nobody wonders why a repo's
 * gateway URL or presets do not apply.
 */
export function registerTrustNotice(state: vscode.Memento, log: Logger): vscode.Disposable {
  const check = () => void tell(state, log);
  check();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (restrictedSettings.some((key) => event.affectsConfiguration(key))) check();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(check),
  );
}

async function tell(state: vscode.Memento, log: Logger): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const inspections = restrictedSettings.map((key) => {
    const inspected = config.inspect(key);
    return { key, workspaceValue: inspected?.workspaceValue, workspaceFolderValue: inspected?.workspaceFolderValue };
  });
  const told = state.get<string[]>(toldKey, []);
  const ignored = notYetTold(ignoredWorkspaceSettings(vscode.workspace.isTrusted, inspections), told);
  if (ignored.length === 0) return;
  await state.update(toldKey, [...told, ...ignored]);
  log.info(`untrusted workspace: ignoring its ${ignored.join(', ')}`);
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const message = vscode.l10n.t("Animate Image ignores the workspace's {0} because this workspace is not trusted.", ignored.join(', '));
  const choice = await vscode.window.showWarningMessage(message, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}

import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';
import { pickKeyProvider } from '../providers/pickProvider';

/** "Set API key…": optional argument, a provider id (the failure notification passes it). */
export function registerSetApiKey(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.SetApiKey, async (providerId?: unknown) => {
    const info = await pickKeyProvider(services.keys, vscode.l10n.t('Set API key'), providerId);
    if (!info) return;
    if (await services.keys.prompt(info))
      void vscode.window.showInformationMessage(vscode.l10n.t('API key for {0} saved.', info.label));
  });
}

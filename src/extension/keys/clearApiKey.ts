import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';
import { pickKeyProvider } from '../providers/pickProvider';

/** "Clear API key": removes the stored key (an environment variable, if set, still applies). */
export function registerClearApiKey(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ClearApiKey, async (providerId?: unknown) => {
    const info = await pickKeyProvider(services.keys, vscode.l10n.t('Clear API key'), providerId);
    if (!info) return;
    await services.keys.clear(info);
    const stillFromEnv = await services.keys.has(info);
    void vscode.window.showInformationMessage(
      stillFromEnv
        ? vscode.l10n.t(
            'API key for {0} cleared; a key from the environment ({1}) is still used.',
            info.label,
            info.keyEnv.join(', '),
          )
        : vscode.l10n.t('API key for {0} cleared.', info.label),
    );
  });
}

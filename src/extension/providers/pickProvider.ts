import * as vscode from 'vscode';
import type { ProviderInfo } from '../../core/providers/provider';
import { whereToGetKey, type ApiKeys } from '../keys/secrets';
import { describeEnvFallback } from '../keys/envFallback';
import { keyProviders } from '../keys/keySources';

/**
 * A quick pick of the providers that need a key, showing which already have one stored. Retired services too: a job
 * already sent to one, or a deployment of it the user added, still needs its key.
 */
export async function pickKeyProvider(
  keys: ApiKeys,
  title: string,
  preselected?: unknown,
): Promise<ProviderInfo | undefined> {
  const candidates = keyProviders();
  const direct = candidates.find((info) => info.id === preselected);
  if (direct) return direct;
  const items = [];
  for (const info of candidates) {
    const stored = await keys.hasStored(info);
    items.push({
      label: info.label,
      description: stored ? vscode.l10n.t('key stored') : vscode.l10n.t('no key stored'),
      // Says whether each variable is set, so "no key stored" is not mistaken for "no key at all" (or the reverse),
      // and where the key is made.
      detail: [
        info.keyEnv.length > 0
          ? vscode.l10n.t(
              'Environment fallback: {0}',
              describeEnvFallback(keys.envState(info), {
                set: vscode.l10n.t('{0} (set)'),
                notSet: vscode.l10n.t('{0} (not set)'),
              }),
            )
          : undefined,
        whereToGetKey(info),
      ]
        .filter((line) => line !== undefined)
        .join(' · '),
      info,
    });
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose a provider') }))?.info;
}

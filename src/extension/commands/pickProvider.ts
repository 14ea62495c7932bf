import * as vscode from 'vscode';
import { allProviderInfos } from '../../core/providers/registry';
import { localizedInfo } from '../providerLabels';
import type { ProviderInfo } from '../../core/providers/provider';
import type { ApiKeys } from '../secrets';
import { describeEnvFallback } from '../envFallback';

/** A quick pick of the providers that need a key, showing which already have one stored. */
export async function pickKeyProvider(keys: ApiKeys, title: string, preselected?: unknown): Promise<ProviderInfo | undefined> {
  const candidates = allProviderInfos().map(localizedInfo).filter((info) => info.needsKey);
  const direct = candidates.find((info) => info.id === preselected);
  if (direct) return direct;
  const items = [];
  for (const info of candidates) {
    const stored = await keys.hasStored(info);
    items.push({
      label: info.label,
      description: stored ? vscode.l10n.t('key stored') : vscode.l10n.t('no key stored'),
      // Says whether each variable is set, so "no key stored" is not mistaken for "no key at all" (or the reverse).
      detail:
        info.keyEnv.length > 0
          ? vscode.l10n.t(
              'Environment fallback: {0}',
              describeEnvFallback(keys.envState(info), { set: vscode.l10n.t('{0} (set)'), notSet: vscode.l10n.t('{0} (not set)') }),
            )
          : undefined,
      info,
    });
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose a provider') }))?.info;
}

import * as vscode from 'vscode';
import { allProviderInfos } from '../../core/providers/registry';
import { localizedInfo } from '../providerLabels';
import type { ProviderInfo } from '../../core/providers/provider';
import type { ApiKeys } from '../secrets';

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
      detail: info.keyEnv.length > 0 ? vscode.l10n.t('Environment fallback: {0}', info.keyEnv.join(', ')) : undefined,
      info,
    });
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose a provider') }))?.info;
}

import * as vscode from 'vscode';
import { isAbortError } from '../../core/errors';
import { providerIds, providerInfo } from '../../core/providers/registry';
import type { ProviderInfo } from '../../core/providers/provider';
import {
  checkConnections,
  configuredProviders,
  modelToCheck,
  outcomeLog,
  outcomeText,
  type CheckOutcome,
  type CheckRequest,
  type CheckWords,
} from './connectionReport';
import type { Services } from '../platform/services';
import { CommandId } from '../commandIds';

/**
 * "Check provider connection": a provider (or all configured ones) is built exactly as a job builds it, then asked
 * with requests that create nothing billable whether it is reachable, takes the key and offers the model. Optional
 * argument: a provider id. Returns the outcomes (for tests driving the command).
 */
export function registerCheckConnection(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(
    CommandId.CheckConnection,
    async (providerId?: unknown): Promise<CheckOutcome[] | undefined> => {
      const infos = providerIds.map((id) => providerInfo(id));
      const picked =
        typeof providerId === 'string'
          ? infos.filter((info) => info.id === providerId)
          : await pickTargets(services, infos);
      if (!picked || picked.length === 0) return undefined;
      const settings = services.settings.read();
      const requests: CheckRequest[] = picked.map((info) => {
        const model = modelToCheck(info, settings.defaultProvider, settings.defaultModel);
        return { id: info.id, label: info.label, ...(model ? { model } : {}) };
      });
      // One provider: may ask for a missing key, as a job would. Several: only what is already set up.
      const interactive = picked.length === 1;
      const words = checkWords();
      let outcomes: CheckOutcome[];
      try {
        outcomes = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t('Checking provider connection…'),
            cancellable: true,
          },
          (_progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return checkConnections(
              requests,
              async (id) => {
                const built = await services.providers.prepare(id, interactive);
                return 'provider' in built
                  ? built.provider
                  : { problem: built.problem, ...(built.keyProblem ? { keyProblem: true } : {}) };
              },
              abort.signal,
              words,
            );
          },
        );
      } catch (error) {
        if (isAbortError(error)) return undefined;
        throw error;
      }
      for (const outcome of outcomes) {
        if (outcome.check?.ok) services.log.info(outcomeLog(outcome));
        else services.log.warn(outcomeLog(outcome));
      }
      await report(services, outcomes, words);
      return outcomes;
    },
  );
}

async function pickTargets(services: Services, infos: readonly ProviderInfo[]): Promise<ProviderInfo[] | undefined> {
  const withKey = new Set<string>();
  for (const info of infos) if (info.needsKey && (await services.keys.has(info))) withKey.add(info.id);
  const configured = configuredProviders(
    infos,
    (info) => withKey.has(info.id),
    services.settings.read().defaultProvider,
  );
  type Item = vscode.QuickPickItem & { readonly targets: ProviderInfo[] };
  const all: Item = {
    label: `$(checklist) ${vscode.l10n.t('All configured providers')}`,
    description: configured.map((info) => info.label).join(', '),
    targets: configured,
  };
  const each: Item[] = infos.map((info) => ({
    label: info.label,
    description: !info.needsKey
      ? vscode.l10n.t('no key needed')
      : withKey.has(info.id)
        ? vscode.l10n.t('key set')
        : vscode.l10n.t('no key set'),
    targets: [info],
  }));
  const choice = await vscode.window.showQuickPick<Item>(
    [all, { label: '', kind: vscode.QuickPickItemKind.Separator, targets: [] }, ...each],
    {
      title: vscode.l10n.t('Check provider connection'),
      placeHolder: vscode.l10n.t(
        'Nothing is created or billed: only free requests (list models, ask for a job that does not exist)',
      ),
    },
  );
  return choice?.targets;
}

async function report(services: Services, outcomes: readonly CheckOutcome[], words: CheckWords): Promise<void> {
  const texts = outcomes.map((outcome) => ({ outcome, text: outcomeText(outcome, words) }));
  const setKey = vscode.l10n.t('Set API Key…');
  const showLog = vscode.l10n.t('Show Log');
  const single = texts.length === 1 ? texts[0] : undefined;
  if (single) {
    const { text, outcome } = single;
    const message = `${text.title}: ${text.found}${text.problem ? ` — ${text.problem}` : ''}`;
    const actions = text.keyProblem ? [setKey, showLog] : [showLog];
    const choice = await (text.ok
      ? vscode.window.showInformationMessage(message, showLog)
      : vscode.window.showErrorMessage(message, ...actions));
    if (choice === showLog) services.log.show();
    if (choice === setKey) await vscode.commands.executeCommand(CommandId.SetApiKey, outcome.request.id);
    return;
  }
  type Item = vscode.QuickPickItem & { readonly outcome: CheckOutcome; readonly keyProblem: boolean };
  const items: Item[] = texts.map(({ outcome, text }) => ({
    label: `${text.ok ? '$(pass)' : '$(error)'} ${text.title}`,
    description: text.found,
    ...(text.problem ? { detail: text.problem } : {}),
    outcome,
    keyProblem: text.keyProblem,
  }));
  const failed = texts.filter(({ text }) => !text.ok).length;
  const picked = await vscode.window.showQuickPick(items, {
    title:
      failed === 0
        ? vscode.l10n.t('All {0} providers answered as expected', texts.length)
        : vscode.l10n.t('{0} of {1} providers have a problem', failed, texts.length),
    placeHolder: vscode.l10n.t('Choose one to set its key (when that is the problem) or to see the log'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  if (picked.keyProblem) await vscode.commands.executeCommand(CommandId.SetApiKey, picked.outcome.request.id);
  else services.log.show();
}

function checkWords(): CheckWords {
  return {
    reachable: vscode.l10n.t('reachable'),
    notReachable: vscode.l10n.t('not reachable'),
    keyAccepted: vscode.l10n.t('key accepted'),
    keyNotAccepted: vscode.l10n.t('key NOT accepted'),
    modelAvailable: vscode.l10n.t('model available'),
    modelNotAvailable: vscode.l10n.t('model NOT available'),
    notChecked: vscode.l10n.t('not checked: {0}'),
    noFreeCheck: vscode.l10n.t('this provider cannot be checked without starting a paid job'),
  };
}

import { basename } from 'node:path';
import * as vscode from 'vscode';
import { AnimateError } from '../core/errors';
import { formatSize } from '../core/providers/provider';
import { CommandId } from './commands/ids';
import type { JobController, JobEnd } from './jobController';
import type { Log } from './log';
import { isFree } from './pricing';
import type { ProviderFactory } from './providers';

/** Tells the user how each job ended, with the next useful step (open, reveal, retry, show log). */
export function registerJobNotices(controller: JobController, providers: ProviderFactory, log: Log): vscode.Disposable {
  return controller.onDidEnd((end) => void notify(end, controller, providers, log));
}

async function notify(end: JobEnd, controller: JobController, providers: ProviderFactory, log: Log): Promise<void> {
  const { result } = end;
  switch (result.kind) {
    case 'succeeded':
      return succeeded(result.output ?? '');
    case 'waiting':
      return waiting(result.message ?? end.record?.remote.id ?? '');
    case 'cancelled':
      void vscode.window.showInformationMessage(result.message ?? vscode.l10n.t('Cancelled.'));
      return;
    case 'failed':
      return failed(end, controller, providers, log);
  }
}

async function succeeded(output: string): Promise<void> {
  const open = vscode.l10n.t('Open Video');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', basename(output)), open, reveal);
  const uri = vscode.Uri.file(output);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
  if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
}

async function waiting(remoteId: string): Promise<void> {
  const show = vscode.l10n.t('Show Jobs');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t("Still running, job id {0} — resume from 'Animate Image: Show jobs'.", remoteId),
    show,
  );
  if (choice === show) await vscode.commands.executeCommand(CommandId.ShowJobs);
}

async function failed(end: JobEnd, controller: JobController, providers: ProviderFactory, log: Log): Promise<void> {
  const retry = vscode.l10n.t('Retry');
  const showLog = vscode.l10n.t('Show Log');
  const setKey = vscode.l10n.t('Set API Key…');
  const isAuth = end.error instanceof AnimateError && end.error.kind === 'auth';
  const actions = isAuth ? [setKey, retry, showLog] : [retry, showLog];
  const name = basename(end.request.image);
  const reason = end.result.message ?? vscode.l10n.t('Unknown error.');
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Animating {0} failed: {1}', name, reason), ...actions);
  if (choice === showLog) return log.show();
  if (choice === setKey) {
    await vscode.commands.executeCommand(CommandId.SetApiKey, end.provider.info.id);
    return;
  }
  if (choice !== retry) return;
  if (!(await confirmPaidRetry(end))) return;
  const provider = await providers.create(end.request.provider, true);
  if (provider) void controller.start([end.request], provider);
}

/** A retry is a new job: where it costs money, ask first (a modal, so it is never a stray click). */
async function confirmPaidRetry(end: JobEnd): Promise<boolean> {
  const { provider, model, size, seconds } = end.request;
  if (isFree({ provider, model, size: formatSize(size), seconds })) return true;
  const retry = vscode.l10n.t('Retry');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Retry with {0}?', end.provider.info.label),
    { modal: true, detail: vscode.l10n.t('A retry submits a new job, which {0} bills again.', end.provider.info.label) },
    retry,
  );
  return choice === retry;
}

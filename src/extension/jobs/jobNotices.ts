import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { AnimateError, errorMessage } from '../../core/errors';
import { formatSize } from '../../core/types';
import { CommandId } from '../commandIds';
import { batchSummary } from './batchSummary';
import { summaryWords } from './batchSummaryWords';
import type { BatchEndEvent, JobController, JobEnd } from './jobController';
import type { Log } from '../platform/log';
import { showSaved } from '../platform/showSaved';
import { confirmPaidJob } from '../cost/confirmPaidJob';
import { isFree } from '../cost/priceTable';
import type { ProviderFactory } from '../providers/providers';
import { countBilled, triedJobBilled } from './retryBilling';

/** Tells the user how each job ended, with the next useful step (open, reveal, retry, show log). */
export function registerJobNotices(controller: JobController, providers: ProviderFactory, log: Log): vscode.Disposable {
  return vscode.Disposable.from(
    controller.onDidEnd((end) => void notify(end, controller, providers, log)),
    controller.onDidEndBatch((batch) => void summarize(batch, controller, providers, log)),
  );
}

async function notify(end: JobEnd, controller: JobController, providers: ProviderFactory, log: Log): Promise<void> {
  if (end.batched) return; // the batch's summary tells
  const { result } = end;
  switch (result.kind) {
    case 'succeeded':
      return showSaved(result.output ?? '', (name) => vscode.l10n.t('Saved {0}.', name), vscode.l10n.t('Open Video'));
    case 'waiting':
      return waiting(result.message ?? end.record?.remote.id ?? '');
    case 'cancelled':
      void vscode.window.showInformationMessage(result.message ?? vscode.l10n.t('Cancelled.'));
      return;
    case 'failed':
      return failed(end, controller, providers, log);
  }
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
  const saveAs = vscode.l10n.t('Save As…');
  const revealKept = vscode.l10n.t('Reveal Kept File');
  const isAuth = end.error instanceof AnimateError && end.error.kind === 'auth';
  // The video was made (and paid for) but could not be written next to the image: offer to save it elsewhere.
  const kept = end.error instanceof AnimateError ? end.error.details.keptPath : undefined;
  const actions = kept ? [saveAs, revealKept, showLog] : isAuth ? [setKey, retry, showLog] : [retry, showLog];
  const name = basename(end.request.image);
  const reason = end.result.message ?? vscode.l10n.t('Unknown error.');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('Animating {0} failed: {1}', name, reason),
    ...actions,
  );
  if (choice === showLog) return log.show();
  if (kept && choice === revealKept) {
    try {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(kept));
    } catch (error) {
      // No OS file manager (e.g. in a browser): show the video in the editor instead.
      log.warn(`could not reveal ${kept}: ${errorMessage(error)}`);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(kept));
    }
    return;
  }
  if (kept && choice === saveAs) return saveKept(kept, end.request.image, log);
  if (choice === setKey) {
    await vscode.commands.executeCommand(CommandId.SetApiKey, end.provider.info.id);
    return;
  }
  if (choice !== retry) return;
  if (!(await confirmPaidRetry(end, log))) return;
  const provider = await providers.create(end.request.provider, true);
  if (!provider) return;
  if (end.remix) void controller.remix(end.remix.source, end.remix.prompt, provider);
  else void controller.start([end.request], provider);
}

/** Copies the kept video where the user chooses (never over an existing file), then offers to open it. */
async function saveKept(kept: string, image: string, log: Log): Promise<void> {
  const stem = basename(image).replace(/\.[^.]*$/, '');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(dirname(image), `${stem}.mp4`)),
    filters: { [vscode.l10n.t('Video')]: ['mp4'] },
    saveLabel: vscode.l10n.t('Save Video'),
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.copy(vscode.Uri.file(kept), target, { overwrite: false });
  } catch (error) {
    log.warn(`could not copy the kept video ${kept} to ${target.toString()}: ${errorMessage(error)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Could not save the video to {0}: {1}. It is still kept at {2}.',
        target.fsPath,
        errorMessage(error),
        kept,
      ),
    );
    return;
  }
  log.info(`kept video ${kept} saved as ${target.toString()}`);
  const open = vscode.l10n.t('Open Video');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', basename(target.path)), open);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
}

/** A retry is a new job: where it costs money, ask first (a modal, so it is never a stray click). */
async function confirmPaidRetry(end: JobEnd, log: Log): Promise<boolean> {
  const { provider, model, size, seconds } = end.request;
  if (isFree({ provider, model, size: formatSize(size), seconds })) return true;
  return confirmPaidJob(
    {
      kind: 'retry',
      label: end.provider.info.label,
      billed: triedJobBilled(end.submitted, end.error),
    },
    log,
  );
}

/** One notification for a batch: how many were saved, which failed and why; open the folder, retry the failed ones. */
async function summarize(
  batch: BatchEndEvent,
  controller: JobController,
  providers: ProviderFactory,
  log: Log,
): Promise<void> {
  const summary = batchSummary(
    batch.total,
    batch.ends.map((end) => ({
      name: basename(end.request.image),
      kind: end.result.kind,
      ...(end.result.message ? { message: end.result.message } : {}),
    })),
    summaryWords(),
  );
  log.info(`batch of ${batch.total} ended: ${summary.text}`);
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const retry = vscode.l10n.t('Retry Failed');
  const showJobs = vscode.l10n.t('Show Jobs');
  const showLog = vscode.l10n.t('Show Log');
  const failed = batch.ends.filter((end) => end.result.kind === 'failed');
  const actions = [
    reveal,
    ...(failed.length > 0 ? [retry] : []),
    ...(summary.counts.waiting > 0 ? [showJobs] : []),
    showLog,
  ];
  const show =
    summary.severity === 'info'
      ? vscode.window.showInformationMessage
      : summary.severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showErrorMessage;
  const choice = await show(summary.text, ...actions);
  if (choice === showLog) return log.show();
  if (choice === showJobs) {
    await vscode.commands.executeCommand(CommandId.ShowJobs);
    return;
  }
  if (choice === reveal) {
    // The first video itself: the Explorer opens its folder and selects it (a folder URI only showed the root).
    const first = batch.ends.find((end) => end.result.output)?.result.output ?? batch.ends[0]?.request.image;
    if (first) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(first));
    return;
  }
  if (choice !== retry || failed.length === 0) return;
  if (!(await confirmPaidBatchRetry(failed, batch, log))) return;
  const provider = await providers.create(batch.provider.info.id, true);
  if (provider)
    void controller.start(
      failed.map((end) => end.request),
      provider,
    );
}

async function confirmPaidBatchRetry(failed: readonly JobEnd[], batch: BatchEndEvent, log: Log): Promise<boolean> {
  const first = failed[0];
  if (!first) return false;
  const { provider, model, size, seconds } = first.request;
  if (isFree({ provider, model, size: formatSize(size), seconds })) return true;
  return confirmPaidJob({ kind: 'retry-failed', label: batch.provider.info.label, billed: countBilled(failed) }, log);
}

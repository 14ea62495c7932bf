import * as vscode from 'vscode';
import type { JobSnapshot } from './jobController';
import type { Services } from '../platform/services';
import { queuedAheadWords } from './statusBar';
import { formatJobText } from './statusText';
import { CommandId } from '../commandIds';

/** The status bar item's click: Cancel job / Show log / Reveal source (first the job, when several run). */
export function registerJobMenu(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.JobMenu, (key?: unknown) => jobMenu(services, key));
}

async function jobMenu(services: Services, key: unknown): Promise<void> {
  const job = typeof key === 'string' ? services.jobs.get(key) : await pickJob(services.jobs.list());
  if (!job) return;
  const cancel = `$(circle-slash) ${vscode.l10n.t('Cancel Job')}`;
  const log = `$(output) ${vscode.l10n.t('Show Log')}`;
  const reveal = `$(file-media) ${vscode.l10n.t('Reveal Source Image')}`;
  const picked = await vscode.window.showQuickPick([cancel, log, reveal], {
    title: `${job.name} · ${job.providerLabel}`,
  });
  if (picked === cancel) services.jobs.cancel(job.key);
  if (picked === log) services.log.show();
  if (picked === reveal) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(job.request.image));
}

async function pickJob(jobs: readonly JobSnapshot[]): Promise<JobSnapshot | undefined> {
  if (jobs.length <= 1) return jobs[0];
  const items = jobs.map((job) => ({
    label: formatJobText({ ...job, elapsedMs: Date.now() - job.startedAt }, queuedAheadWords()),
    description: `${job.providerLabel} · ${job.request.model}`,
    job,
  }));
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Running jobs') }))?.job;
}

import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { formatElapsed } from '../../core/types';
import type { JobController, JobSnapshot } from './jobController';
import { addCounts, formatBatchProgress } from './batchSummary';
import { summaryWords } from './batchSummaryWords';
import {
  formatAggregateText,
  formatJobText,
  formatProgress,
  formatQueuePosition,
  withoutIcons,
  type JobView,
} from './statusText';
import type { JobPhase } from '../../core/jobs/jobState';

/**
 * Background progress in the status bar (the UX guide's place for it): `$(loading~spin) cat.png 40% · 1:12`
 * for one job, one aggregated item when several run. Click → Cancel job / Show log / Reveal source.
 */
export class JobStatusBar implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly jobs: JobController) {
    this.subscription = jobs.onDidChange(() => this.render());
    this.render();
  }

  dispose(): void {
    this.subscription.dispose();
    this.hide();
  }

  private render(): void {
    const jobs = this.jobs.list();
    if (jobs.length === 0) return this.hide();
    const item = this.ensureItem();
    const now = Date.now();
    // Images started together: `… · 3/10 done, 1 failed` after the usual text.
    const batch = addCounts(this.jobs.batchCounts());
    const batchText = batch ? formatBatchProgress(batch, summaryWords()) : undefined;
    const batchSuffix = batchText ? ` · ${batchText}` : '';
    const batchLine = batchText ? `\n${vscode.l10n.t('Batch: {0}', batchText)}` : '';
    if (jobs.length === 1 && jobs[0]) {
      const job = jobs[0];
      item.text = formatJobText(view(job, now), queuedAheadWords()) + batchSuffix;
      item.tooltip =
        tooltipLine(job, now) + batchLine + '\n' + vscode.l10n.t('Click for: Cancel job, Show log, Reveal source');
    } else {
      item.text =
        formatAggregateText(
          jobs.map((j) => view(j, now)),
          vscode.l10n.t('{0} jobs'),
        ) + batchSuffix;
      item.tooltip =
        jobs.map((j) => tooltipLine(j, now)).join('\n') + batchLine + '\n' + vscode.l10n.t('Click to choose a job');
    }
    item.accessibilityInformation = { label: withoutIcons(item.text) };
    item.show();
    this.timer ??= setInterval(() => this.render(), 1000);
  }

  private ensureItem(): vscode.StatusBarItem {
    if (this.item) return this.item;
    this.item = vscode.window.createStatusBarItem('animateImage.jobs', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Animate Image jobs');
    // Set once and never replaced: a command with arguments gets a fresh internal id on every assignment, and a click
    // on its way while the 1 s tick swaps it found "command not found". The menu looks the job up when it runs.
    this.item.command = CommandId.JobMenu;
    return this.item;
  }

  private hide(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.item?.dispose();
    this.item = undefined;
  }
}

function view(job: JobSnapshot, now: number): JobView {
  return {
    name: job.name,
    phase: job.phase,
    progress: job.progress,
    queuePosition: job.queuePosition,
    elapsedMs: now - job.startedAt,
  };
}

/** `queued · {0} ahead` in the display language (the placeholder is filled in by statusText.ts). */
export function queuedAheadWords(): string {
  return vscode.l10n.t('queued · {0} ahead');
}

function tooltipLine(job: JobSnapshot, now: number): string {
  const progress = formatProgress(job.progress);
  const queue = formatQueuePosition(job, queuedAheadWords());
  const status = queue ?? (progress ? `${phaseLabel(job.phase)} ${progress}` : phaseLabel(job.phase));
  const remote = job.remoteId ? ` · ${job.remoteId}` : '';
  return `${job.name} — ${job.providerLabel} (${job.request.model}) · ${status} · ${formatElapsed(now - job.startedAt)}${remote}`;
}

export function phaseLabel(phase: JobPhase): string {
  switch (phase) {
    case 'queued-here':
      return vscode.l10n.t('waiting for a free slot');
    case 'preparing':
      return vscode.l10n.t('preparing the image');
    case 'queued':
      return vscode.l10n.t('queued at the provider');
    case 'running':
      return vscode.l10n.t('running');
    case 'retrying':
      return vscode.l10n.t('retrying after a network or rate-limit error');
    case 'downloading':
      return vscode.l10n.t('downloading');
  }
}

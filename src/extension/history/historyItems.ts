// What the "Animate Image jobs" tree view shows for each job record. Pure (no vscode) so it is unit-tested;
// historyView.ts turns these into TreeItems and the package.json menus match the `contextValue` tokens.
import { basename } from 'node:path';
import { isUnfinished, type JobRecord } from '../../core/jobs/record';
import { canRemix } from '../../core/jobs/remix';
import type { ProviderInfo } from '../../core/providers/provider';
import { formatProgress } from '../jobs/statusText';

export interface HistoryWords {
  readonly running: string;
  /** A running job no window follows (another window, or one closed mid-job). */
  readonly notFollowed: string;
  readonly waiting: string;
  readonly done: string;
  readonly failed: string;
  readonly cancelled: string;
  /** `{0} (remix)` — a running remix is named after the video it changes */
  readonly remix: string;
  readonly noPrompt: string;
}

/** Context value tokens; the view's menus test them with `viewItem =~ /;token(;|$)/`. */
export const historyTokens = ['open', 'cancel', 'resume', 'rerun', 'remix', 'remove'] as const;
export type HistoryToken = (typeof historyTokens)[number];

export type HistoryIcon = 'sync~spin' | 'sync' | 'watch' | 'pass' | 'error' | 'circle-slash';

export interface HistoryItemView {
  /** The record id (stable across refreshes, so the selection stays). */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: HistoryIcon;
  /** `animateImage.job;open;rerun;…` */
  readonly contextValue: string;
  readonly tokens: readonly HistoryToken[];
  /** The MP4 when there is one (a click opens it), else undefined. */
  readonly output?: string;
}

export interface HistoryContext {
  /** This window follows the job (its status bar shows it). */
  readonly following: boolean;
  /** The provider's capabilities, when it is known (for "Remix video…"). */
  readonly info?: ProviderInfo | undefined;
}

export function historyItem(record: JobRecord, context: HistoryContext, words: HistoryWords): HistoryItemView {
  const output = record.state === 'succeeded' && record.output ? record.output : undefined;
  const tokens: HistoryToken[] = [];
  if (output) tokens.push('open');
  if (isUnfinished(record)) tokens.push('cancel');
  if (isUnfinished(record) && !context.following) tokens.push('resume');
  if (!isUnfinished(record)) tokens.push('rerun');
  if (output && context.info && canRemix(context.info, record.request.model)) tokens.push('remix');
  if (!isUnfinished(record)) tokens.push('remove');
  const progress = isUnfinished(record) ? formatProgress(record.progress) : undefined;
  const status = stateWord(record, context.following, words);
  const model = `${record.remote.provider}/${record.request.model}`;
  const prompt = record.request.prompt.trim() || words.noPrompt;
  return {
    id: record.id,
    label: label(record, output, words),
    description: `${progress ? `${status} ${progress}` : status} · ${model}`,
    tooltip: record.state === 'failed' && record.error ? `${prompt}\n\n${record.error}` : prompt,
    icon: icon(record, context.following),
    contextValue: ['animateImage.job', ...tokens].join(';'),
    tokens,
    ...(output ? { output } : {}),
  };
}

/** The MP4's name when there is one, else the image's (a remix's: the video it changes). */
function label(record: JobRecord, output: string | undefined, words: HistoryWords): string {
  if (output) return basename(output);
  if (record.remixOf) return words.remix.replace('{0}', basename(record.remixOf.video));
  return basename(record.request.image);
}

function stateWord(record: JobRecord, following: boolean, words: HistoryWords): string {
  switch (record.state) {
    case 'running':
      return following ? words.running : words.notFollowed;
    case 'waiting':
      return words.waiting;
    case 'succeeded':
      return words.done;
    case 'failed':
      return words.failed;
    case 'cancelled':
      return words.cancelled;
  }
}

function icon(record: JobRecord, following: boolean): HistoryIcon {
  switch (record.state) {
    case 'running':
      return following ? 'sync~spin' : 'sync';
    case 'waiting':
      return 'watch';
    case 'succeeded':
      return 'pass';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'circle-slash';
  }
}

/** Unfinished first (newest first), then finished ones by last change; at most `limit`. */
export function sortRecords(records: readonly JobRecord[], limit = Number.POSITIVE_INFINITY): JobRecord[] {
  return [...records]
    .sort((a, b) => Number(isUnfinished(b)) - Number(isUnfinished(a)) || b.updatedAt - a.updatedAt)
    .slice(0, limit);
}

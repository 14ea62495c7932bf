// Texts for a batch (several images started together): the status bar's "3/10 done, 1 failed" and the summary
// notification at the end. Pure (no vscode) so it is unit-tested; words come in translated, with {0}-style slots.
import { formatText } from '../../shared/protocol';
import type { JobEnding } from '../../core/jobs/jobState';

/** How one job of a batch ended. */
export interface BatchEnd {
  /** File name of the image. */
  readonly name: string;
  readonly kind: JobEnding;
  readonly message?: string;
}

export interface BatchCounts {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Left running at the provider after the max wait (resumable). */
  readonly waiting: number;
}

export function countBatch(total: number, ends: readonly BatchEnd[]): BatchCounts {
  const count = (kind: JobEnding) => ends.filter((e) => e.kind === kind).length;
  return {
    total,
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    waiting: count('waiting'),
  };
}

/** Several batches at once (two multi-selects) read as one. */
export function addCounts(all: readonly BatchCounts[]): BatchCounts | undefined {
  if (all.length === 0) return undefined;
  return all.reduce((a, b) => ({
    total: a.total + b.total,
    succeeded: a.succeeded + b.succeeded,
    failed: a.failed + b.failed,
    cancelled: a.cancelled + b.cancelled,
    waiting: a.waiting + b.waiting,
  }));
}

export interface BatchWords {
  /** `{0}/{1} done` */
  readonly done: string;
  /** `{0} failed` */
  readonly failed: string;
  /** `{0} cancelled` */
  readonly cancelled: string;
  /** `{0} still running` (left at the provider after the max wait) */
  readonly waiting: string;
  /** `, ` */
  readonly separator: string;
}

/** `3/10 done, 1 failed` — `done` counts saved videos; failures, cancels and jobs left running only when there are some. */
export function formatBatchProgress(counts: BatchCounts, words: BatchWords): string {
  return [formatText(words.done, counts.succeeded, counts.total), ...otherParts(counts, words)].join(words.separator);
}

function otherParts(counts: BatchCounts, words: BatchWords): string[] {
  const parts: string[] = [];
  if (counts.failed > 0) parts.push(formatText(words.failed, counts.failed));
  if (counts.cancelled > 0) parts.push(formatText(words.cancelled, counts.cancelled));
  if (counts.waiting > 0) parts.push(formatText(words.waiting, counts.waiting));
  return parts;
}

export interface SummaryWords extends BatchWords {
  /** `All {0} videos saved.` */
  readonly allSaved: string;
  /** `{0} of {1} videos saved.` */
  readonly someSaved: string;
  /** `{0} failed: {1}.` — the count and the list of images with reasons */
  readonly failedSentence: string;
  /** `{0} cancelled.` */
  readonly cancelledSentence: string;
  /** `{0} still running at the provider (resume from Show jobs).` */
  readonly waitingSentence: string;
  /** `{0} ({1})` — an image and its reason */
  readonly reason: string;
  /** `and {0} more` */
  readonly more: string;
  /** ` ` between sentences */
  readonly sentenceSeparator: string;
}

export type Severity = 'info' | 'warning' | 'error';

export interface BatchSummary {
  readonly text: string;
  readonly severity: Severity;
  readonly counts: BatchCounts;
}

/**
 * The notification when the last job of a batch ends: `8 of 10 videos saved. 2 failed: a.png (blocked by moderation),
 * b.png (…).` At most `listed` failures are named (the log has them all). Info when every video was saved, error when
 * none was, else warning.
 */
export function batchSummary(total: number, ends: readonly BatchEnd[], words: SummaryWords, listed = 3): BatchSummary {
  const counts = countBatch(total, ends);
  if (counts.succeeded === total) return { text: formatText(words.allSaved, total), severity: 'info', counts };
  const sentences = [formatText(words.someSaved, counts.succeeded, total)];
  const failures = ends.filter((e) => e.kind === 'failed');
  if (failures.length > 0) {
    const named = failures
      .slice(0, listed)
      .map((e) => (e.message ? formatText(words.reason, e.name, shortReason(e.message)) : e.name));
    if (failures.length > listed) named.push(formatText(words.more, failures.length - listed));
    sentences.push(formatText(words.failedSentence, failures.length, named.join(words.separator)));
  }
  if (counts.cancelled > 0) sentences.push(formatText(words.cancelledSentence, counts.cancelled));
  if (counts.waiting > 0) sentences.push(formatText(words.waitingSentence, counts.waiting));
  return {
    text: sentences.join(words.sentenceSeparator),
    severity: counts.succeeded === 0 ? 'error' : 'warning',
    counts,
  };
}

/** The first sentence of a provider's reason, at most 120 characters: a notification is not the log. */
function shortReason(message: string): string {
  const first = message.split(/(?<=[.!?。])\s/)[0] ?? message;
  const trimmed = first.trim().replace(/[.。]$/, '');
  return trimmed.length > 120 ? `${trimmed.slice(0, 119)}…` : trimmed;
}

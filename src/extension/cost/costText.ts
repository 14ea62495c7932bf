// Cost lines for confirmations (remix, batch, re-run). Pure (no vscode), unit-tested; words come in translated.
import { formatCost, type CostEstimate } from '../../core/pricing';

export interface CostWords {
  /** e.g. "free (made on this computer)" */
  readonly free: string;
  /** e.g. "no price known for this model" */
  readonly unknown: string;
}

/** `8 s × sora-2 ≈ $0.80` for one video, `10 × 8 s × sora-2 ≈ $8.00` for several (the core's `formatCost`). */
export function describeCost(
  estimate: CostEstimate | undefined,
  count: number,
  detail: { seconds: number; model: string },
  words: CostWords,
): string {
  if (!estimate) return words.unknown;
  if (estimate.usd === 0) return words.free;
  if (count > 1) return formatCost(estimate, count, detail);
  return `${detail.seconds} s × ${detail.model} ${formatCost(estimate)}`;
}

export type CostDecision = 'free' | 'start' | 'confirm';

/**
 * Whether starting `count` jobs needs a confirmation: when the total estimate is above `thresholdUsd`, or when the
 * price is unknown for more than one paid job (an unknown total could be anything). Free jobs never ask.
 */
export function costDecision(estimate: CostEstimate | undefined, count: number, thresholdUsd: number): CostDecision {
  if (estimate?.usd === 0) return 'free';
  if (!estimate) return count > 1 ? 'confirm' : 'start';
  return estimate.usd * count > thresholdUsd + 1e-9 ? 'confirm' : 'start';
}

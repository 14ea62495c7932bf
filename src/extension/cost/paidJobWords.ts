// The words of every paid-job confirmation (start, run again, remix, retry, retry failed): one place, so the four
// dialogs say cost and billing the same way. Pure (no vscode), unit-tested; `t` translates (vscode.l10n.t).
import type { CostEstimate } from '../../core/pricing';
import type { Translate } from '../platform/translate';
import type { Billed, BilledCounts } from '../jobs/retryBilling';
import { describeCost } from './costText';

/** What a new job would cost: the catalog's estimate (undefined: no price known) for one video of this length. */
export interface JobPrice {
  readonly estimate: CostEstimate | undefined;
  readonly seconds: number;
  readonly model: string;
}

/** `label`: the provider's name in the display language. */
export type PaidJobQuestion =
  /** Above the animateImage.confirmCostAboveUsd threshold, or several jobs of unknown price. */
  | {
      readonly kind: 'start';
      readonly label: string;
      readonly count: number;
      readonly price: JobPrice;
      readonly thresholdUsd: number;
    }
  /** A finished job of the jobs view run again. */
  | { readonly kind: 'run-again'; readonly label: string; readonly name: string; readonly price: JobPrice }
  | { readonly kind: 'remix'; readonly label: string; readonly name: string; readonly price: JobPrice }
  /** A language-model tool call (VS Code asks; `cost` is already worded, the budget is the agents' session cap). */
  | {
      readonly kind: 'agent';
      readonly label: string;
      readonly count: number;
      readonly cost: string;
      readonly remainingUsd: number;
      readonly limitUsd: number;
    }
  /** A failed job retried: the wording says whether the failed try was billed. */
  | { readonly kind: 'retry'; readonly label: string; readonly billed: Billed }
  | { readonly kind: 'retry-failed'; readonly label: string; readonly billed: BilledCounts };

export interface PaidJobWords {
  readonly title: string;
  readonly detail: string;
  /** The one button that goes ahead (the dialog's Cancel declines). */
  readonly button: string;
  /** The cost as shown, for the log. */
  readonly cost?: string;
}

/** `8 s × sora-2 ≈ $0.80`, `10 × 8 s × sora-2 ≈ $8.00`, "free" or "no price known…". */
export function costWords(price: JobPrice, count: number, t: Translate): string {
  return describeCost(price.estimate, count, price, {
    free: t('free'),
    unknown: t('no price known for this model; check the provider’s pricing'),
  });
}

export function paidJobWords(question: PaidJobQuestion, t: Translate): PaidJobWords {
  switch (question.kind) {
    case 'start': {
      const { label, count, price } = question;
      const cost = costWords(price, count, t);
      return {
        title: count === 1 ? t('Start a paid job with {0}?', label) : t('Start {0} paid jobs with {1}?', count, label),
        detail: price.estimate
          ? t(
              'Estimated cost: {0}. You are asked because it is above ${1} (setting animateImage.confirmCostAboveUsd).',
              cost,
              question.thresholdUsd.toFixed(2),
            )
          : t(
              'No price is known for {0}, so the total of these {1} jobs cannot be estimated; check the provider’s pricing.',
              price.model,
              count,
            ),
        button: t('Start'),
        cost,
      };
    }
    case 'agent': {
      const { label, count, cost } = question;
      return {
        title: count === 1 ? t('Start a paid job with {0}?', label) : t('Start {0} paid jobs with {1}?', count, label),
        detail: t(
          'Estimated cost: {0}. An agent asks for it; {1} of your agent budget of ${2} is left (setting animateImage.agentBudgetUsd).',
          cost,
          `$${question.remainingUsd.toFixed(2)}`,
          question.limitUsd.toFixed(2),
        ),
        button: t('Start'),
        cost,
      };
    }
    case 'run-again': {
      const cost = costWords(question.price, 1, t);
      return {
        title: t('Run {0} again with {1}?', question.name, question.label),
        detail: t('This submits a new job, which {0} bills: {1}.', question.label, cost),
        button: t('Run Again'),
        cost,
      };
    }
    case 'remix': {
      const cost = costWords(question.price, 1, t);
      return {
        title: t('Remix {0} with {1}?', question.name, question.label),
        detail: t(
          'A remix is a new job that {0} bills: {1}. The new video is saved beside {2}; nothing is overwritten.',
          question.label,
          cost,
          question.name,
        ),
        button: t('Remix'),
        cost,
      };
    }
    case 'retry': {
      const { label, billed } = question;
      // "Again" only when the provider accepted this try: a refused create (429, refused connection, bad input) was
      // never billed; one whose answer never came may have been (retryBilling.ts).
      return {
        title: t('Retry with {0}?', label),
        detail:
          billed === 'yes'
            ? t('A retry submits a new job, which {0} bills again.', label)
            : billed === 'maybe'
              ? t(
                  'This try may have reached {0} (no answer came to the create), so it may be billed. A retry sends a new paid job.',
                  label,
                )
              : t(
                  'Nothing was billed for this try: {0} never accepted the job. A retry sends it as a new paid job.',
                  label,
                ),
        button: t('Retry'),
      };
    }
    case 'retry-failed': {
      const { label, billed } = question;
      const count = billed.yes + billed.maybe + billed.no;
      return {
        title: t('Retry {0} failed images with {1}?', count, label),
        detail:
          billed.yes === count
            ? t('Each retry submits a new job, which {0} bills again.', label)
            : billed.no === count
              ? t(
                  'Nothing was billed for these tries: {0} never accepted the jobs. Each retry sends a new paid job.',
                  label,
                )
              : billed.maybe > 0
                ? t(
                    '{0} of these jobs were accepted (and billed) by {1} and {2} may have been; the others never were. Each retry sends a new paid job.',
                    billed.yes,
                    label,
                    billed.maybe,
                  )
                : t(
                    '{0} of these jobs were accepted (and billed) by {1}; the others never were. Each retry sends a new paid job.',
                    billed.yes,
                    label,
                  ),
        button: t('Retry'),
      };
    }
  }
}

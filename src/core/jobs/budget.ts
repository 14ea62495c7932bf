/**
 * A spending cap for jobs nobody confirms one by one (an agent's tool calls, a scripted batch): a call is refused
 * before anything is sent when its estimate is over what is left. A paid model without a known price is refused too,
 * since its cost cannot be bounded. No vscode: the CLI's MCP server and the extension's language-model tool share it.
 */
import * as l10n from '@vscode/l10n';
import { AnimateError, jobWasCreated } from '../errors';
import { estimateCost, formatCost, type PricedJob, type PriceRule } from '../pricing';
import { formatSize } from '../types';
import type { ResolvedRequest } from '../request';

/** What a request would be billed for: its provider, model, size, duration and audio choice. */
export function pricedJob(request: ResolvedRequest): PricedJob {
  const audio = request.extras?.audio;
  return {
    provider: request.provider,
    model: request.model,
    size: formatSize(request.size),
    seconds: request.seconds,
    ...(audio === undefined ? {} : { audio }),
  };
}

/** The estimate of a set of jobs, or the first job whose price is unknown. */
export type BatchEstimate = { readonly usd: number } | { readonly unpriced: PricedJob };

export function estimateBatch(jobs: readonly PricedJob[], overrides: readonly PriceRule[] = []): BatchEstimate {
  let usd = 0;
  for (const job of jobs) {
    const estimate = estimateCost(job, overrides);
    if (!estimate) return { unpriced: job };
    usd += estimate.usd;
  }
  return { usd: roundUsd(usd) };
}

/**
 * Why `jobs` may not run with `remainingUsd` left of `limitUsd`, or undefined when they may. `raiseHow` tells the
 * user where the cap is set (a flag, a setting).
 */
export function budgetRefusal(
  jobs: readonly PricedJob[],
  remainingUsd: number,
  limitUsd: number,
  raiseHow: string,
  overrides: readonly PriceRule[] = [],
): string | undefined {
  const estimate = estimateBatch(jobs, overrides);
  const left = l10n.t('{0} left of the {1} budget', `$${remainingUsd.toFixed(2)}`, `$${limitUsd.toFixed(2)}`);
  if ('unpriced' in estimate) {
    const { provider, model } = estimate.unpriced;
    return l10n.t(
      'Refused: {0} ({1}) has no known price, so its cost cannot be bounded under a budget ({2}). Use a model with a known price (see list_video_models or animate-image providers), a custom model with pricePerSecondUsd, or the free local provider.',
      provider,
      model,
      left,
    );
  }
  if (estimate.usd <= remainingUsd + 1e-9) return undefined;
  const what = jobs.length === 1 ? describeJob(jobs[0] as PricedJob) : l10n.t('{0} videos', jobs.length);
  return l10n.t(
    'Refused: {0} would cost {1}, over the budget: {2}. Raise it with {3}, or use the free local provider.',
    what,
    formatCost({ usd: estimate.usd, usdPerSecond: 0 }),
    left,
    raiseHow,
  );
}

function describeJob(job: PricedJob): string {
  return l10n.t('{0} {1}, {2} s at {3}', job.provider, job.model, job.seconds, job.size);
}

/** Money set aside for one job: given back only when the job proves nothing was created. */
export interface Reservation {
  readonly usd: number;
  /** Call with the job's error: the money returns to the budget when the provider never created the job. */
  settleFailure(error: unknown): void;
}

/** What a session (one MCP server, one editor window) may still spend. Reservations are taken synchronously, so two calls at once cannot both pass. */
export class SessionBudget {
  private spent: number;

  /** `spentUsd`: what the session spent before (a new limit set mid-session keeps counting from there). */
  constructor(
    readonly limitUsd: number,
    private readonly raiseHow: string,
    private readonly overrides: readonly PriceRule[] = [],
    spentUsd = 0,
  ) {
    if (!Number.isFinite(limitUsd) || limitUsd < 0)
      throw new AnimateError(
        'bad-input',
        l10n.t('The budget must be a number of US dollars, 0 or more (got {0}).', limitUsd),
      );
    this.spent = spentUsd;
  }

  get spentUsd(): number {
    return roundUsd(this.spent);
  }

  get remainingUsd(): number {
    return Math.max(0, roundUsd(this.limitUsd - this.spent));
  }

  /** Sets the jobs' estimates aside, one reservation per job, or throws a `bad-input` refusal saying the estimate and what is left. */
  reserve(jobs: readonly PricedJob[]): Reservation[] {
    const refusal = budgetRefusal(jobs, this.remainingUsd, this.limitUsd, this.raiseHow, this.overrides);
    if (refusal) throw new AnimateError('bad-input', refusal);
    return jobs.map((job) => {
      const usd = estimateCost(job, this.overrides)?.usd ?? 0;
      this.spent += usd;
      let settled = false;
      return {
        usd,
        settleFailure: (error: unknown) => {
          if (settled || jobWasCreated(error) !== 'no') return;
          settled = true;
          this.spent -= usd;
        },
      };
    });
  }
}

/** Rounded to 1/100 of a cent, so sums of prices do not drift (0.1 + 0.2). */
function roundUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

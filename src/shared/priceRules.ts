/**
 * The cost calculator on its own: price rules in, an estimate out. No catalog and no providers, so the form's webview
 * (a browser bundle) can use it with the table the host sends; `core/pricing.ts` adds the catalog's prices in front.
 */
export interface PriceRule {
  readonly provider: string;
  readonly model: string;
  readonly usdPerSecond: number;
  /** Only for these sizes; unset = every size. */
  readonly sizes?: readonly string[] | undefined;
  /** Only with (true) or without (false) generated audio; unset = either. */
  readonly audio?: boolean | undefined;
}

export interface CostEstimate {
  readonly usd: number;
  readonly usdPerSecond: number;
}

export interface PricedJob {
  readonly provider: string;
  readonly model: string;
  readonly size: string;
  readonly seconds: number;
  /** Whether audio is generated; unset = the model's default, priced by the first rule that does not exclude it. */
  readonly audio?: boolean;
}

/** The first rule of `rules` that matches the job wins; no match = no estimate (never a guess). */
export function estimateCost(job: PricedJob, rules: readonly PriceRule[] = []): CostEstimate | undefined {
  const rule = rules.find(
    (r) =>
      r.provider === job.provider &&
      (r.model === '*' || r.model === job.model) &&
      (!r.sizes || r.sizes.includes(job.size)) &&
      (r.audio === undefined || job.audio === undefined || r.audio === job.audio),
  );
  if (!rule) return undefined;
  return { usd: round(rule.usdPerSecond * job.seconds), usdPerSecond: rule.usdPerSecond };
}

/** "free", "≈ $0.80", or "10 × 8 s × sora-2 ≈ $8.00" for a batch. */
export function formatCost(
  estimate: CostEstimate | undefined,
  count = 1,
  detail?: { seconds: number; model: string },
): string {
  if (!estimate) return 'no price known';
  if (estimate.usd === 0) return 'free';
  const total = `≈ $${(estimate.usd * count).toFixed(2)}`;
  if (count === 1 || !detail) return total;
  return `${count} × ${detail.seconds} s × ${detail.model} ${total}`;
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

// The price table the form's cost line and the retry prompt read: the core's dated table
// (src/core/pricing.ts), with the prices of the user's custom models in front of it.
import { customModelPriceRules, defaultPrices, estimateCost, priceTableDate, type PriceRule } from '../../core/pricing';
import type { CustomModel } from '../../core/providers/catalog';
import type { Price } from '../../shared/protocol';

export function priceTable(customModels: readonly CustomModel[] = []): Price[] {
  return [...customModelPriceRules(customModels), ...defaultPrices].map(({ sizes, ...rule }) => ({
    ...rule,
    ...(sizes ? { sizes: [...sizes] } : {}),
  }));
}

export function priceDate(): string {
  return priceTableDate;
}

/** Free only when the table says so (the local renderer); an unknown price is not free. */
export function isFree(
  job: { provider: string; model: string; size: string; seconds: number },
  rules: readonly PriceRule[] = [],
): boolean {
  return estimateCost(job, rules)?.usd === 0;
}

/**
 * Cost estimates per second of video, so users see what a job will cost before they pay for it. The prices are
 * catalog facts (each provider file's models, with the date checked and the source); this file only computes.
 * Users override them in settings (`animateImage.prices`) when their contract or a gateway differs, and custom models
 * bring their own (`customModelPriceRules`). Unknown models have no estimate, never a guess.
 */
import type { CatalogModel, CustomModel } from './providers/catalog';
import { providerCatalog, providerIds } from './providers/registry';

export interface PriceRule {
  readonly provider: string;
  readonly model: string;
  readonly usdPerSecond: number;
  /** Only for these sizes; unset = every size. */
  readonly sizes?: readonly string[];
  /** Only with (true) or without (false) generated audio; unset = either. */
  readonly audio?: boolean;
}

/** Every price of the catalog as rules, in catalog order (audio/size-specific ones before the model's general one). */
function catalogRules(): PriceRule[] {
  return providerIds.flatMap((provider) =>
    (providerCatalog(provider).models as readonly CatalogModel[]).flatMap((model) =>
      model.prices.map((price) => ({
        provider,
        model: model.id,
        usdPerSecond: price.usdPerSecond,
        ...(price.sizes ? { sizes: price.sizes } : {}),
        ...(price.audio !== undefined ? { audio: price.audio } : {}),
      })),
    ),
  );
}

export const defaultPrices: readonly PriceRule[] = catalogRules();

/** The most recent date a price was checked (shown next to estimates). */
export const priceTableDate: string = providerIds
  .flatMap((id) => (providerCatalog(id).models as readonly CatalogModel[]).filter((m) => m.prices.length > 0).map((m) => m.checked))
  .reduce((latest, date) => (date > latest ? date : latest), '');

/** The price rules of the user's custom models (pass them as overrides). */
export function customModelPriceRules(customModels: readonly CustomModel[]): PriceRule[] {
  return customModels.flatMap((m) => (m.pricePerSecondUsd === undefined ? [] : [{ provider: m.provider, model: m.id, usdPerSecond: m.pricePerSecondUsd }]));
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

/** First matching rule wins; user overrides come first. */
export function estimateCost(job: PricedJob, overrides: readonly PriceRule[] = []): CostEstimate | undefined {
  const rule = [...overrides, ...defaultPrices].find(
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
export function formatCost(estimate: CostEstimate | undefined, count = 1, detail?: { seconds: number; model: string }): string {
  if (!estimate) return 'no price known';
  if (estimate.usd === 0) return 'free';
  const total = `≈ $${(estimate.usd * count).toFixed(2)}`;
  if (count === 1 || !detail) return total;
  return `${count} × ${detail.seconds} s × ${detail.model} ${total}`;
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

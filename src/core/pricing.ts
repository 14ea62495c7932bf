/**
 * Cost estimates per second of video, so users see what a job will cost before they pay for it. The prices are
 * catalog facts (each provider file's models, with the date checked and the source); this file only computes.
 * Users override them in settings (`animateImage.prices`) when their contract or a gateway differs, and custom models
 * bring their own (`customModelPriceRules`). Unknown models have no estimate, never a guess.
 */
import { estimateCost as matchPrice, type CostEstimate, type PricedJob, type PriceRule } from '../shared/priceRules';
import type { CustomModel, ModelPrice } from './providers/catalog';
import { providerCatalog, providerIds } from './providers/registry';

export { formatCost, type CostEstimate, type PricedJob, type PriceRule } from '../shared/priceRules';

function ruleOf(provider: string, model: string, price: ModelPrice): PriceRule {
  return {
    provider,
    model,
    usdPerSecond: price.usdPerSecond,
    ...(price.sizes ? { sizes: price.sizes } : {}),
    ...(price.audio !== undefined ? { audio: price.audio } : {}),
  };
}

/** Every price of the catalog as rules: each model's in catalog order, then the provider-wide ones (`model: '*'`). */
function catalogRules(): PriceRule[] {
  return providerIds.flatMap((provider) => {
    const catalog = providerCatalog(provider);
    const perModel = catalog.models.flatMap((model) => model.prices.map((price) => ruleOf(provider, model.id, price)));
    return [...perModel, ...(catalog.prices ?? []).map((price) => ruleOf(provider, '*', price))];
  });
}

export const defaultPrices: readonly PriceRule[] = catalogRules();

/** The most recent date a price was checked (shown next to estimates). */
export const priceTableDate: string = providerIds
  .flatMap((id) =>
    providerCatalog(id)
      .models.filter((m) => m.prices.length > 0)
      .map((m) => m.checked),
  )
  .reduce((latest, date) => (date > latest ? date : latest), '');

/** The price rules of the user's custom models (pass them as overrides). */
export function customModelPriceRules(customModels: readonly CustomModel[]): PriceRule[] {
  return customModels.flatMap((m) =>
    m.pricePerSecondUsd === undefined ? [] : [{ provider: m.provider, model: m.id, usdPerSecond: m.pricePerSecondUsd }],
  );
}

/** First matching rule wins: the user's overrides, then the catalog's prices. */
export function estimateCost(job: PricedJob, overrides: readonly PriceRule[] = []): CostEstimate | undefined {
  return matchPrice(job, [...overrides, ...defaultPrices]);
}

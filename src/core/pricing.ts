/**
 * Cost estimates per second of video, so users see what a job will cost before they pay for it.
 * Prices in US dollars as published by each vendor (checked 2026-11; OpenAI: Sora 2 API launch pricing, Oct 2025;
 * Runway: 5 credits/s at $0.01 per credit; Google: Gemini API Veo pricing). Users override them in settings
 * (`animateImage.prices`) when their contract or a gateway differs. Unknown models have no estimate, never a guess.
 */
export interface PriceRule {
  readonly provider: string;
  readonly model: string;
  readonly usdPerSecond: number;
  /** Only for these sizes; unset = every size. */
  readonly sizes?: readonly string[];
}

export const priceTableDate = '2026-11';

export const defaultPrices: readonly PriceRule[] = [
  { provider: 'local', model: '*', usdPerSecond: 0 },
  { provider: 'openai-videos', model: 'sora-2', usdPerSecond: 0.1 },
  { provider: 'openai-videos', model: 'sora-2-pro', usdPerSecond: 0.5, sizes: ['1024x1792', '1792x1024'] },
  { provider: 'openai-videos', model: 'sora-2-pro', usdPerSecond: 0.3 },
  { provider: 'azure-openai', model: '*', usdPerSecond: 0.1 },
  { provider: 'runway', model: 'gen4_turbo', usdPerSecond: 0.05 },
  { provider: 'runway', model: 'gen3a_turbo', usdPerSecond: 0.05 },
  { provider: 'veo', model: 'veo-3.1-generate-preview', usdPerSecond: 0.4 },
  { provider: 'veo', model: 'veo-3.0-generate-001', usdPerSecond: 0.4 },
  { provider: 'veo', model: 'veo-2.0-generate-001', usdPerSecond: 0.35 },
];

export interface CostEstimate {
  readonly usd: number;
  readonly usdPerSecond: number;
}

/** First matching rule wins; user overrides come first. */
export function estimateCost(
  job: { provider: string; model: string; size: string; seconds: number },
  overrides: readonly PriceRule[] = [],
): CostEstimate | undefined {
  const rule = [...overrides, ...defaultPrices].find(
    (r) => r.provider === job.provider && (r.model === '*' || r.model === job.model) && (!r.sizes || r.sizes.includes(job.size)),
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

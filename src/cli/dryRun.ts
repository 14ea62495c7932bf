/** `--dry-run`: what a job would send (provider, endpoint host, model, size, duration, extras, cost), sending nothing. */
import { basename } from 'node:path';
import * as l10n from '@vscode/l10n';
import { estimateCost, formatCost, customModelPriceRules } from '../core/pricing';
import type { CustomModel } from '../core/providers/catalog';
import { type ProviderContext, type ProviderInfo } from '../core/providers/provider';
import { formatSize } from '../core/types';
import type { ResolvedRequest } from '../core/request';
import { baseUrlEnvName } from './environment';

export interface DryRunPlan {
  readonly dryRun: true;
  readonly image: string;
  readonly lastFrame?: string;
  readonly provider: string;
  /** Host the job would go to (never a path with a key: base URLs carrying one are refused earlier). */
  readonly endpoint: string;
  readonly model: string;
  readonly size: string;
  readonly seconds: number;
  readonly fit: string;
  readonly prompt: string;
  readonly extras?: ResolvedRequest['extras'];
  readonly output?: string;
  /** Estimated price in USD; unset when no price is known. */
  readonly costUsd?: number;
  readonly cost: string;
}

/** The host a job of `info` would be sent to with `ctx`, or what is missing. */
export function endpointHost(info: ProviderInfo, ctx: ProviderContext): string {
  if (info.id === 'local') return 'this machine (offline)';
  const raw = ctx.baseUrl ?? info.defaultBaseUrl;
  if (!raw) return `no base URL: set --base-url or ${baseUrlEnvName(info.id)}`;
  try {
    return new URL(raw).host;
  } catch {
    return `invalid base URL "${raw}"`;
  }
}

export function dryRunPlan(
  request: ResolvedRequest,
  info: ProviderInfo,
  ctx: ProviderContext,
  customModels: readonly CustomModel[],
): DryRunPlan {
  const size = formatSize(request.size);
  const audio = request.extras?.audio;
  const estimate = estimateCost(
    {
      provider: info.id,
      model: request.model,
      size,
      seconds: request.seconds,
      ...(audio === undefined ? {} : { audio }),
    },
    customModelPriceRules(customModels),
  );
  return {
    dryRun: true,
    image: request.image,
    ...(request.lastFrame ? { lastFrame: request.lastFrame } : {}),
    provider: info.id,
    endpoint: endpointHost(info, ctx),
    model: request.model,
    size,
    seconds: request.seconds,
    fit: request.fit,
    prompt: request.prompt,
    ...(request.extras ? { extras: request.extras } : {}),
    ...(request.output ? { output: request.output } : {}),
    ...(estimate ? { costUsd: estimate.usd } : {}),
    cost: formatCost(estimate),
  };
}

/** The plan as a few readable lines. */
export function describePlan(plan: DryRunPlan, label: string): string {
  const extras = Object.entries(plan.extras ?? {}).map(([name, value]) => `${name} ${JSON.stringify(value)}`);
  const images = `${basename(plan.image)}${plan.lastFrame ? ` → ${basename(plan.lastFrame)}` : ''}`;
  return [
    l10n.t('{0}: {1} ({2}) at {3}', images, plan.provider, label, plan.endpoint),
    `  ${l10n.t('model {0}, {1}, {2} s, fit {3}', plan.model, plan.size, plan.seconds, plan.fit)}`,
    `  ${l10n.t('prompt {0}', JSON.stringify(plan.prompt))}`,
    `  ${l10n.t('extras {0}', extras.length > 0 ? extras.join(', ') : l10n.t('none'))}`,
    ...(plan.output ? [`  ${l10n.t('output {0}', plan.output)}`] : []),
    `  ${l10n.t('cost {0}', plan.cost)}`,
  ].join('\n');
}

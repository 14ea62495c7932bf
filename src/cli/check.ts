/**
 * `animate-image check`: each provider's free probe (list models, a task that does not exist, a health route) with
 * the key and base URL a job would use. Nothing billable is created; problems are results, not thrown errors.
 */
import * as l10n from '@vscode/l10n';
import { AnimateError, isAbortError } from '../core/errors';
import type { CustomModel } from '../core/providers/catalog';
import type { ConnectionCheck } from '../core/providers/provider';
import type { Logger } from '../core/types';
import { createProvider, providerIds, providerInfo } from '../core/providers/registry';
import { isConfigured, modelFromEnv, providerContext } from './environment';

export interface CheckOptions {
  /** One provider; unset = every provider the environment sets up. */
  readonly provider?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly customModels: readonly CustomModel[];
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** The providers to check: the one asked for, else those with a key (or, keyless, a base URL) configured. */
export function providersToCheck(
  provider: string | undefined,
  env: NodeJS.ProcessEnv,
  customModels: readonly CustomModel[],
): string[] {
  if (provider) {
    providerInfo(provider, customModels); // an unknown id is bad input, said with the list of ids
    return [provider];
  }
  return providerIds.filter((id) => isConfigured(providerInfo(id, customModels), env));
}

export async function runChecks(options: CheckOptions): Promise<ConnectionCheck[]> {
  const ids = providersToCheck(options.provider, options.env, options.customModels);
  return Promise.all(ids.map((id) => checkOne(id, options)));
}

async function checkOne(id: string, options: CheckOptions): Promise<ConnectionCheck> {
  const info = providerInfo(id, options.customModels);
  const model = options.model ?? modelFromEnv(info, options.env);
  const notTried = (problem: string): ConnectionCheck => ({
    provider: id,
    ...(model ? { model } : {}),
    endpoint: '(not tried)',
    reachable: false,
    ok: false,
    problem,
  });
  try {
    // A missing key or a base URL carrying one is found here, before anything is sent.
    const ctx = {
      ...providerContext(info, options.baseUrl, options.env, options.log),
      customModels: options.customModels,
    };
    const provider = createProvider(id, ctx);
    if (!provider.check)
      return notTried(l10n.t('{0} has no way to check a connection without creating a job.', info.label));
    return await provider.check(model, options.signal);
  } catch (error) {
    if (isAbortError(error) || !(error instanceof AnimateError)) throw error;
    return notTried(error.message);
  }
}

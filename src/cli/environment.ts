import * as l10n from '@vscode/l10n';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AnimateError, errorMessage } from '../core/errors';
import type { ProviderContext, ProviderInfo } from '../core/providers/provider';
import type { Logger } from '../core/types';
import { assertNoCredentialsInUrl, azureV1BaseUrl } from '../core/providers/endpoints';
import { klingKeyFromParts } from '../core/providers/kling';
import { defaultProviderId } from '../core/providers/registry';

/**
 * Reads `.env` from the current folder the way the Azure script did, never overriding variables already set.
 * A `.env` folder (some tools make one) is skipped with a warning rather than failing with Node's puzzling message.
 */
export function loadDotEnv(cwd: string, warn: (message: string) => void): void {
  const path = join(cwd, '.env');
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return;
  if (!info.isFile()) {
    warn(
      info.isDirectory()
        ? l10n.t('ignoring {0}: it is a folder, not a file of KEY=value lines', path)
        : l10n.t('ignoring {0}: it is not a regular file, not a file of KEY=value lines', path),
    );
    return;
  }
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new AnimateError(
      'bad-input',
      l10n.t('Could not read {0} ({1}). Fix or remove it.', path, errorMessage(error)),
    );
  }
}

/** Without --provider: an Azure `.env` picks Azure (its VIDEO_API_MODE says which API), else the offline default. */
export function chooseProvider(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.ANIMATE_IMAGE_PROVIDER) return env.ANIMATE_IMAGE_PROVIDER;
  if (env.AZURE_OPENAI_ENDPOINT)
    return env.AZURE_OPENAI_VIDEO_API_MODE === 'videos' ? 'azure-openai' : 'azure-sora-jobs';
  return defaultProviderId;
}

/** The model the environment names (an Azure deployment) when --model is not given. */
export function modelFromEnv(info: ProviderInfo, env: NodeJS.ProcessEnv): string | undefined {
  if (info.id === 'azure-openai' || info.id === 'azure-sora-jobs') return env.AZURE_OPENAI_SORA_DEPLOYMENT || undefined;
  return undefined;
}

/**
 * The provider's key, base URL and options. The base URL is `--base-url`, else the one a job was recorded with
 * (`stored`, so a resume asks the same server), else the environment's. A new one is refused if it carries a key.
 */
export function providerContext(
  info: ProviderInfo,
  baseUrlFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  log: Logger,
  stored?: string,
): ProviderContext {
  // Kling signs with two keys; the provider takes them joined as one secret.
  const apiKey =
    info.id === 'kling'
      ? klingKeyFromParts(env.KLING_ACCESS_KEY, env.KLING_SECRET_KEY)
      : info.keyEnv.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  if (info.needsKey && !apiKey) {
    throw new AnimateError(
      'auth',
      l10n.t(
        '{0} needs an API key: set {1} in the environment or in a .env file.',
        info.label,
        info.keyEnv.join(' or '),
      ),
    );
  }
  const keyHint =
    info.keyEnv.length > 0 ? l10n.t('Put the key in {0} instead.', info.keyEnv.join(' or ')) : l10n.t('Remove it.');
  if (baseUrlFlag) assertNoCredentialsInUrl(baseUrlFlag, '--base-url', keyHint);
  const fromEnv = baseUrlFlag || stored ? undefined : baseUrlFromEnv(info.id, env);
  if (fromEnv) assertNoCredentialsInUrl(fromEnv, l10n.t('The base URL in {0}', baseUrlEnvName(info.id)), keyHint);
  const baseUrl = baseUrlFlag ?? stored ?? fromEnv;
  const options = optionsFromEnv(info.id, env);
  return { log, ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}), ...(options ? { options } : {}) };
}

function optionsFromEnv(providerId: string, env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  if (providerId === 'azure-sora-jobs' && env.AZURE_OPENAI_API_VERSION)
    return { apiVersion: env.AZURE_OPENAI_API_VERSION };
  if (providerId === 'local' && env.ANIMATE_IMAGE_ENCODER) return { encoder: env.ANIMATE_IMAGE_ENCODER };
  if (providerId === 'comfyui' && env.COMFYUI_WORKFLOW) return { workflow: env.COMFYUI_WORKFLOW };
  return undefined;
}

/** The variable that names each provider's endpoint where its docs name one; every other provider reads `<ID>_BASE_URL`. */
const baseUrlEnv: Readonly<Record<string, string>> = {
  'openai-videos': 'OPENAI_BASE_URL',
  'azure-openai': 'AZURE_OPENAI_ENDPOINT',
  'azure-sora-jobs': 'AZURE_OPENAI_ENDPOINT',
};

export function baseUrlEnvName(providerId: string): string {
  return baseUrlEnv[providerId] ?? `${providerId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_BASE_URL`;
}

/**
 * Whether the environment sets this provider up (`check` without --provider): its key for a provider that needs one,
 * its base URL for a keyless service (AOG); the offline renderer always is.
 */
export function isConfigured(info: ProviderInfo, env: NodeJS.ProcessEnv): boolean {
  if (info.needsKey) return info.keyEnv.some((name) => env[name]);
  if (info.id === defaultProviderId) return true;
  return baseUrlFromEnv(info.id, env) !== undefined;
}

function baseUrlFromEnv(providerId: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[baseUrlEnvName(providerId)];
  if (!value) return undefined;
  return providerId === 'azure-openai' ? azureV1BaseUrl(value) : value;
}

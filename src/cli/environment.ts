import { AnimateError } from '../core/errors';
import type { ProviderContext, ProviderInfo, Logger } from '../core/providers/provider';
import { azureV1BaseUrl } from '../core/providers/endpoints';
import { defaultProviderId } from '../core/providers/registry';

/** Reads `.env` from the current folder the way the Azure script did, never overriding variables already set. */
export function loadDotEnv(cwd: string): void {
  try {
    process.loadEnvFile(`${cwd}/.env`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Without --provider: an Azure `.env` picks Azure (its VIDEO_API_MODE says which API), else the offline default. */
export function chooseProvider(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.ANIMATE_IMAGE_PROVIDER) return env.ANIMATE_IMAGE_PROVIDER;
  if (env.AZURE_OPENAI_ENDPOINT) return env.AZURE_OPENAI_VIDEO_API_MODE === 'videos' ? 'azure-openai' : 'azure-sora-jobs';
  return defaultProviderId;
}

/** The model the environment names (an Azure deployment) when --model is not given. */
export function modelFromEnv(info: ProviderInfo, env: NodeJS.ProcessEnv): string | undefined {
  if (info.id === 'azure-openai' || info.id === 'azure-sora-jobs') return env.AZURE_OPENAI_SORA_DEPLOYMENT || undefined;
  return undefined;
}

export function providerContext(info: ProviderInfo, baseUrlFlag: string | undefined, env: NodeJS.ProcessEnv, log: Logger): ProviderContext {
  const apiKey = info.keyEnv.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  if (info.needsKey && !apiKey) {
    throw new AnimateError('auth', `${info.label} needs an API key: set ${info.keyEnv.join(' or ')} in the environment or in a .env file.`);
  }
  const baseUrl = baseUrlFlag ?? baseUrlFromEnv(info.id, env);
  const options = optionsFromEnv(info.id, env);
  return { log, ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}), ...(options ? { options } : {}) };
}

function optionsFromEnv(providerId: string, env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  if (providerId === 'azure-sora-jobs' && env.AZURE_OPENAI_API_VERSION) return { apiVersion: env.AZURE_OPENAI_API_VERSION };
  if (providerId === 'local' && env.ANIMATE_IMAGE_ENCODER) return { encoder: env.ANIMATE_IMAGE_ENCODER };
  return undefined;
}

function baseUrlFromEnv(providerId: string, env: NodeJS.ProcessEnv): string | undefined {
  if (providerId === 'openai-videos') return env.OPENAI_BASE_URL || undefined;
  if (providerId === 'azure-openai' && env.AZURE_OPENAI_ENDPOINT) return azureV1BaseUrl(env.AZURE_OPENAI_ENDPOINT);
  if (providerId === 'azure-sora-jobs') return env.AZURE_OPENAI_ENDPOINT || undefined;
  if (providerId === 'aog') return env.AOG_BASE_URL || undefined;
  if (providerId === 'dashscope') return env.DASHSCOPE_BASE_URL || undefined;
  if (providerId === 'fal') return env.FAL_BASE_URL || undefined;
  if (providerId === 'openrouter') return env.OPENROUTER_BASE_URL || undefined;
  return undefined;
}

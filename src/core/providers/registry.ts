import { AnimateError } from '../errors';
import { createAogProvider } from './aog';
import { createAzureSoraJobsProvider } from './azureSoraJobs';
import { createDashScopeProvider } from './dashscope';
import { createLocalProvider } from './local';
import { createOpenAiVideosProvider } from './openaiVideos';
import { createRunwayProvider } from './runway';
import { createVeoProvider } from './veo';
import { silentLogger, type ProviderContext, type ProviderInfo, type VideoProvider } from './provider';

type ProviderFactory = (ctx: ProviderContext) => VideoProvider;

/** The only place that lists providers: the form, the CLI, settings and docs all read from here. */
const factories = {
  local: createLocalProvider,
  'openai-videos': (ctx) => createOpenAiVideosProvider(ctx, 'openai'),
  'azure-openai': (ctx) => createOpenAiVideosProvider(ctx, 'azure-openai'),
  'azure-sora-jobs': createAzureSoraJobsProvider,
  aog: createAogProvider,
  dashscope: createDashScopeProvider,
  veo: createVeoProvider,
  runway: createRunwayProvider,
} satisfies Record<string, ProviderFactory>;

export type ProviderId = keyof typeof factories;
export const providerIds = Object.keys(factories) as ProviderId[];
export const defaultProviderId: ProviderId = 'local';

export function isProviderId(id: string): id is ProviderId {
  return Object.hasOwn(factories, id);
}

export function createProvider(id: string, ctx: ProviderContext): VideoProvider {
  if (!isProviderId(id)) {
    throw new AnimateError('bad-input', `Unknown provider "${id}". Choose one of: ${providerIds.join(', ')}.`);
  }
  return factories[id](ctx);
}

/** Capabilities without credentials, for forms, validation and help texts. */
export function providerInfo(id: string): ProviderInfo {
  return createProvider(id, { log: silentLogger }).info;
}

export function allProviderInfos(): ProviderInfo[] {
  return providerIds.map(providerInfo);
}

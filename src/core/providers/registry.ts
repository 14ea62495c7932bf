import * as l10n from '@vscode/l10n';
import { AnimateError } from '../errors';
import { inEnglish } from '../language';
import { aogCatalog, createAogProvider } from './aog';
import { arkCatalog, createArkProvider } from './ark';
import { azureSoraJobsCatalog, createAzureSoraJobsProvider } from './azureSoraJobs';
import { comfyUiCatalog, createComfyUiProvider } from './comfyui';
import { catalogInfo, exportCatalog, type CustomModel, type ExportedProvider, type ProviderCatalog } from './catalog';
import { createDashScopeProvider, dashScopeCatalog } from './dashscope';
import { createKlingProvider, klingCatalog } from './kling';
import { createFalProvider, falCatalog } from './fal';
import { createOpenRouterProvider, openRouterCatalog } from './openrouter';
import { createLocalProvider, localCatalog } from './local';
import { createMiniMaxProvider, miniMaxCatalog } from './minimax';
import { azureOpenAiCatalog, createOpenAiVideosProvider, openAiVideosCatalog } from './openaiVideos';
import { createRunwayProvider, runwayCatalog } from './runway';
import { createVeoProvider, veoCatalog } from './veo';
import type { ProviderContext, ProviderInfo, VideoProvider } from './provider';

type ProviderFactory = (ctx: ProviderContext) => VideoProvider;

interface Registration {
  readonly catalog: ProviderCatalog;
  readonly create: ProviderFactory;
}

/** The only place that lists providers: the form, the CLI, settings and docs all read from here. */
const providers = {
  local: { catalog: localCatalog, create: createLocalProvider },
  'openai-videos': { catalog: openAiVideosCatalog, create: (ctx) => createOpenAiVideosProvider(ctx, 'openai') },
  'azure-openai': { catalog: azureOpenAiCatalog, create: (ctx) => createOpenAiVideosProvider(ctx, 'azure-openai') },
  'azure-sora-jobs': { catalog: azureSoraJobsCatalog, create: createAzureSoraJobsProvider },
  aog: { catalog: aogCatalog, create: createAogProvider },
  dashscope: { catalog: dashScopeCatalog, create: createDashScopeProvider },
  veo: { catalog: veoCatalog, create: createVeoProvider },
  runway: { catalog: runwayCatalog, create: createRunwayProvider },
  comfyui: { catalog: comfyUiCatalog, create: createComfyUiProvider },
  kling: { catalog: klingCatalog, create: createKlingProvider },
  minimax: { catalog: miniMaxCatalog, create: createMiniMaxProvider },
  ark: { catalog: arkCatalog, create: createArkProvider },
  fal: { catalog: falCatalog, create: createFalProvider },
  openrouter: { catalog: openRouterCatalog, create: createOpenRouterProvider },
} satisfies Record<string, Registration>;

export type ProviderId = keyof typeof providers;
export const providerIds = Object.keys(providers) as ProviderId[];
export const defaultProviderId: ProviderId = 'local';

export function isProviderId(id: string): id is ProviderId {
  return Object.hasOwn(providers, id);
}

function registration(id: string): Registration {
  if (!isProviderId(id)) {
    throw new AnimateError(
      'bad-input',
      l10n.t('Unknown provider "{0}". Choose one of: {1}.', id, providerIds.join(', ')),
    );
  }
  return providers[id];
}

export function createProvider(id: string, ctx: ProviderContext): VideoProvider {
  return registration(id).create(ctx);
}

/** The catalog data of a provider (models with lifecycle, prices, dates), read without constructing it. */
export function providerCatalog(id: string): ProviderCatalog {
  return registration(id).catalog;
}

/** Capabilities without credentials, for forms, validation and help texts; custom models from settings appended. */
export function providerInfo(id: string, customModels: readonly CustomModel[] = []): ProviderInfo {
  return catalogInfo(registration(id).catalog, customModels);
}

/**
 * The providers a new job can use, for forms, pickers and help: those with at least one model that is not retired
 * (a retired service comes back when the user adds a model or deployment of it that still answers, as a custom model).
 */
export function allProviderInfos(customModels: readonly CustomModel[] = []): ProviderInfo[] {
  return providerIds.map((id) => providerInfo(id, customModels)).filter((info) => info.models.length > 0);
}

/**
 * Every provider's catalog as plain data, custom models included and marked. Labels are English for machines
 * (`animate-image providers --json`, MCP and agent tools, the docs' drift tests), or in the display language for
 * a listing people read.
 */
export function catalogExport(
  customModels: readonly CustomModel[] = [],
  labels: 'english' | 'display' = 'english',
): ExportedProvider[] {
  const all = () => providerIds.map((id) => exportCatalog(providers[id].catalog, customModels));
  return labels === 'english' ? inEnglish(all) : all();
}

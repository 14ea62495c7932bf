/**
 * The model catalog: what each provider's models take, cost and how long they will still exist, as dated data.
 * Every provider file exports one `ProviderCatalog` (the single place for its facts, each model with the date it was
 * checked and the official source); the registry reads those without constructing a provider. Hosts add models the
 * catalog does not know yet (`animateImage.customModels`) through `customModelSchema` and `withCustomModels`.
 * The human-readable counterpart is docs/providers.md (one table per provider, kept in step by a drift test).
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';
import type { ModelCapabilities, PreparedRequest, ProviderInfo } from './provider';

/** Request fields beyond image, prompt, size and duration that only some models take. */
export const extraNames = ['negativePrompt', 'seed', 'audio', 'enhancePrompt'] as const;
export type ExtraName = (typeof extraNames)[number];

export type Lifecycle =
  | { readonly state: 'live' }
  /** Still answers, but the provider announced its end: new jobs are allowed, with a warning naming the successor. */
  | { readonly state: 'deprecated'; readonly date: string; readonly successor?: string }
  /** Gone at the provider since `date` (unset: the provider published none): not offered for new jobs; a job already submitted still resumes. */
  | { readonly state: 'retired'; readonly date?: string; readonly successor?: string };

export const live: Lifecycle = { state: 'live' };

/**
 * A label as a catalog helper takes it: a product name as it is ("Runway", "Wan 2.6"), or descriptive words as a
 * function returning the `l10n.t` of a literal, looked up each time it is read (catalogs are built at load, before a
 * display language is set). Entries written out in full use a `label` getter for the same reason.
 */
export type Label = string | (() => string);

export function labelText(label: Label): string {
  return typeof label === 'string' ? label : label();
}

/** One price per second of video; the first that matches the job wins (unset condition = any). */
export interface ModelPrice {
  readonly usdPerSecond: number;
  readonly sizes?: readonly string[];
  /** Only with (true) or without (false) generated audio. */
  readonly audio?: boolean;
}

/** A model as the catalog records it: the capabilities the form and the CLI need, plus its dated facts. */
export interface CatalogModel extends ModelCapabilities {
  readonly extras: readonly ExtraName[];
  /** Reference images the API takes besides the first/last frame (0 = none); not sent by this client yet. */
  readonly referenceImages?: number;
  readonly prices: readonly ModelPrice[];
  readonly lifecycle: Lifecycle;
  /** `YYYY-MM-DD` the facts were last checked against `source`. */
  readonly checked: string;
  /** The official page (or SDK source) the facts come from. */
  readonly source: string;
  /** Not in the catalog: supplied by the user's settings. */
  readonly custom?: boolean;
  /** A limit or fact worth telling the user (e.g. "AOG gives up after ~50 s"). */
  readonly note?: string;
  /** Animates only between two images (a first-and-last-frame model): a last frame must be given. */
  readonly lastFrameRequired?: boolean;
}

export interface ProviderCatalog<Model extends CatalogModel = CatalogModel> {
  readonly id: string;
  readonly label: string;
  readonly needsKey: boolean;
  readonly keyEnv: readonly string[];
  readonly defaultBaseUrl?: string;
  /** The API takes model ids the catalog does not list (custom models are allowed). */
  readonly acceptsCustomModels: boolean;
  /** Any model id is sent as it is, with the capabilities of the first model (a deployment name, a server's model). */
  readonly anyModelId?: boolean;
  /** Model ids are the user's deployment names (Azure). */
  readonly deploymentNames?: boolean;
  /** The provider itself is retired or archived upstream (said in its label too). */
  readonly lifecycle?: Lifecycle;
  readonly note?: string;
  /** Prices for any model of the provider (after the models' own), e.g. the free offline renderer. */
  readonly prices?: readonly ModelPrice[];
  readonly models: readonly Model[];
}

/** The capabilities the providers' own `info` carries: the catalog minus the provider-specific wire details. */
export function catalogInfo(catalog: ProviderCatalog, customModels: readonly CustomModel[] = []): ProviderInfo {
  const info: ProviderInfo = {
    id: catalog.id,
    // Read when used, so an info made at load (the offline provider's) follows the display language set later.
    get label() {
      return catalog.label;
    },
    needsKey: catalog.needsKey,
    keyEnv: catalog.keyEnv,
    ...(catalog.defaultBaseUrl ? { defaultBaseUrl: catalog.defaultBaseUrl } : {}),
    ...(catalog.lifecycle ? { lifecycle: catalog.lifecycle } : {}),
    ...(catalog.note ? { note: catalog.note } : {}),
    models: catalog.models.filter((m) => m.lifecycle.state !== 'retired'),
    retiredModels: catalog.models.filter((m) => m.lifecycle.state === 'retired'),
    ...(catalog.anyModelId ? { anyModelId: true } : {}),
    ...(catalog.deploymentNames ? { deploymentNames: true } : {}),
  };
  return withCustomModels(info, customModels);
}

/**
 * Providers whose API takes a model id the catalog does not know (the others would only fail at submit). For the Azure
 * routes the "model" is the user's deployment name: the way to keep using one that still answers.
 */
export const customModelProviders = [
  'openai-videos',
  'runway',
  'dashscope',
  'veo',
  'azure-openai',
  'azure-sora-jobs',
  'fal',
  'openrouter',
] as const;

const sizeText = z.string().regex(/^\d{2,5}x\d{2,5}$/, { error: () => l10n.t('a size looks like 1280x720') });

/** One entry of the `animateImage.customModels` setting (and the CLI's equivalent): a model the catalog does not know. */
export const customModelSchema = z.object({
  provider: z.enum(customModelProviders),
  id: z.string().trim().min(1).max(200),
  label: z.string().trim().min(1).max(120).optional(),
  /** Output sizes, the default first. */
  sizes: z.array(sizeText).min(1),
  /** Durations in whole seconds, the default first. */
  seconds: z.array(z.number().int().min(1).max(120)).min(1),
  lastFrame: z.boolean().optional(),
  extras: z.array(z.enum(extraNames)).optional(),
  pricePerSecondUsd: z.number().nonnegative().optional(),
});
export type CustomModel = z.infer<typeof customModelSchema>;

/** Guards against a typo'd prompt or an image no HTTP API would take; the server enforces its own limits too. */
const CUSTOM_MAX_PROMPT_LENGTH = 4000;
const CUSTOM_MAX_IMAGE_BYTES = 10_000_000;

/** A custom model as a catalog entry, copying the guards (prompt length, image bytes…) from `template`. */
export function customCatalogModel(custom: CustomModel, template?: ModelCapabilities): CatalogModel {
  return {
    id: custom.id,
    label: custom.label ?? custom.id,
    sizes: custom.sizes,
    seconds: custom.seconds,
    maxPromptLength: template?.maxPromptLength ?? CUSTOM_MAX_PROMPT_LENGTH,
    progress: template?.progress ?? false,
    cancel: template?.cancel ?? false,
    remix: false,
    lastFrame: custom.lastFrame ?? false,
    maxImageBytes: template?.maxImageBytes ?? CUSTOM_MAX_IMAGE_BYTES,
    extras: custom.extras ?? [],
    prices: custom.pricePerSecondUsd === undefined ? [] : [{ usdPerSecond: custom.pricePerSecondUsd }],
    lifecycle: live,
    checked: '',
    source: 'user settings (animateImage.customModels)',
    custom: true,
  };
}

/**
 * `info` with the custom models meant for it appended (a custom model with a catalog id replaces that entry: the
 * user's capabilities win). Entries for other providers are skipped; a provider whose API cannot take an unknown
 * model id refuses them with a bad-input error naming the providers that can.
 */
export function withCustomModels(info: ProviderInfo, customModels: readonly CustomModel[]): ProviderInfo {
  const mine = customModels.filter((m) => m.provider === info.id);
  if (mine.length === 0) return info;
  if (!(customModelProviders as readonly string[]).includes(info.id)) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'Custom models cannot be added to {0} ("{1}"); its API takes only its own models. Providers that take custom models: {2}.',
        info.label,
        mine.map((m) => m.id).join('", "'),
        customModelProviders.join(', '),
      ),
    );
  }
  const template = info.models[0] ?? info.retiredModels?.[0];
  const added = mine.map((m) => customCatalogModel(m, template));
  const ids = new Set(added.map((m) => m.id));
  return {
    ...info,
    models: [...info.models.filter((m) => !ids.has(m.id)), ...added],
    ...(info.retiredModels ? { retiredModels: info.retiredModels.filter((m) => !ids.has(m.id)) } : {}),
  };
}

/** Parses a settings value (an array of entries) into custom models, or says exactly which entry is wrong. */
export function parseCustomModels(value: unknown): CustomModel[] {
  const parsed = z.array(customModelSchema).safeParse(value ?? []);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = `customModels${(issue?.path ?? []).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}`;
  throw new AnimateError(
    'bad-input',
    l10n.t('Invalid custom model setting: {0}: {1}.', where, issue?.message ?? l10n.t('invalid')),
  );
}

/** The entry `id` of a provider that takes only its own models (its wire details), or a bad-input error naming them. */
export function catalogModel<Model extends CatalogModel>(catalog: ProviderCatalog<Model>, id: string): Model {
  const model = catalog.models.find((m) => m.id === id);
  if (model) return model;
  throw new AnimateError(
    'bad-input',
    l10n.t(
      '{0} has no model "{1}". Choose one of: {2}.',
      catalog.label,
      id,
      catalog.models.map((m) => m.id).join(', '),
    ),
  );
}

export function isCatalogModel(model: ModelCapabilities): model is CatalogModel {
  const entry = model as Partial<CatalogModel>;
  return entry.lifecycle !== undefined && entry.extras !== undefined && entry.prices !== undefined;
}

export function lifecycleOf(model: ModelCapabilities): Lifecycle {
  return (model as Partial<CatalogModel>).lifecycle ?? live;
}

export function extrasOf(model: ModelCapabilities): readonly ExtraName[] {
  return (model as Partial<CatalogModel>).extras ?? [];
}

/** "retired by the provider on 2026-07-30; use gen4_turbo instead" and the like. */
export function describeLifecycle(lifecycle: Lifecycle): string {
  if (lifecycle.state === 'live') return l10n.t('live');
  const { date, successor } = lifecycle;
  const ended =
    lifecycle.state === 'deprecated'
      ? date
        ? l10n.t('deprecated by the provider on {0}', date)
        : l10n.t('deprecated by the provider (no date published)')
      : date
        ? l10n.t('retired by the provider on {0}', date)
        : l10n.t('retired by the provider (no date published)');
  return successor ? l10n.t('{0}; its successor is {1}', ended, successor) : ended;
}

/** A model of the export (`animate-image providers --json`): the facts a user or a script needs to choose one. */
export interface ExportedModel extends Pick<
  CatalogModel,
  'id' | 'label' | 'sizes' | 'seconds' | 'lastFrame' | 'extras' | 'checked' | 'source' | 'custom' | 'note'
> {
  readonly lifecycle: Lifecycle['state'];
  readonly lifecycleDate?: string;
  readonly successor?: string;
  readonly usdPerSecond?: readonly ModelPrice[];
}

/** The catalog's own facts as they are, with the lifecycle flattened for a script. */
export interface ExportedProvider extends Pick<
  ProviderCatalog,
  'id' | 'label' | 'needsKey' | 'keyEnv' | 'defaultBaseUrl' | 'acceptsCustomModels' | 'note'
> {
  readonly lifecycle: Lifecycle['state'];
  readonly lifecycleDate?: string;
  readonly models: readonly ExportedModel[];
}

export function exportModel(model: CatalogModel): ExportedModel {
  const { lifecycle } = model;
  return {
    id: model.id,
    label: model.label,
    lifecycle: lifecycle.state,
    ...(lifecycle.state !== 'live' && lifecycle.date ? { lifecycleDate: lifecycle.date } : {}),
    ...(lifecycle.state !== 'live' && lifecycle.successor ? { successor: lifecycle.successor } : {}),
    sizes: model.sizes,
    seconds: model.seconds,
    lastFrame: model.lastFrame,
    extras: model.extras,
    ...(model.prices.length > 0 ? { usdPerSecond: model.prices } : {}),
    checked: model.checked,
    source: model.source,
    ...(model.custom ? { custom: true } : {}),
    ...(model.note ? { note: model.note } : {}),
  };
}

export function exportCatalog(catalog: ProviderCatalog, customModels: readonly CustomModel[] = []): ExportedProvider {
  const info = catalogInfo(catalog, customModels);
  const models = [...info.models, ...(info.retiredModels ?? [])].filter(isCatalogModel);
  return {
    id: catalog.id,
    label: catalog.label,
    needsKey: catalog.needsKey,
    keyEnv: catalog.keyEnv,
    ...(catalog.defaultBaseUrl ? { defaultBaseUrl: catalog.defaultBaseUrl } : {}),
    acceptsCustomModels: catalog.acceptsCustomModels,
    lifecycle: catalog.lifecycle?.state ?? 'live',
    ...(catalog.lifecycle && catalog.lifecycle.state !== 'live' && catalog.lifecycle.date
      ? { lifecycleDate: catalog.lifecycle.date }
      : {}),
    ...(catalog.note ? { note: catalog.note } : {}),
    models: models.map(exportModel),
  };
}

/**
 * A provider's own guard: an extra the model cannot honour is an error, never dropped on the way to the API
 * (`resolveRequest` refuses it first; this catches a host that skipped it).
 */
export function refuseUnsupportedExtras(
  request: PreparedRequest,
  model: ModelCapabilities,
  providerLabel: string,
): void {
  const takes = extrasOf(model);
  const unsupported = extraNames.filter((name) => request.extras?.[name] !== undefined && !takes.includes(name));
  if (unsupported.length > 0) {
    throw new AnimateError(
      'bad-input',
      unsupported.length > 1
        ? l10n.t('{0} ({1}) cannot take {2}; remove them.', providerLabel, model.id, unsupported.join(', '))
        : l10n.t('{0} ({1}) cannot take {2}; remove it.', providerLabel, model.id, unsupported.join(', ')),
    );
  }
}

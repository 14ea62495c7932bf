// The `animateImage.*` settings as one typed object. Pure (no vscode) so it is unit-tested in Node;
// settings/settings.ts feeds it from `workspace.getConfiguration` and reports the problems.
import { z } from 'zod';
import { customModelSchema, type CustomModel } from '../../core/providers/catalog';
import { credentialsInUrl } from '../../core/providers/endpoints';
import { provenanceModes, type ProvenanceMode } from '../../core/jobs/provenance';
import { presetSchema, type Preset } from '../../shared/protocol';

export const settingsSection = 'animateImage';
export const localEncoders = ['auto', 'wasm', 'ffmpeg'] as const;

/**
 * Providers whose address `animateImage.baseUrls` sets (a region, a gateway, the user's own ComfyUI). OpenAI-compatible
 * servers and Azure keep their own settings (`openaiVideos.baseUrl`, `azureOpenai.endpoint`).
 */
export const baseUrlProviders = [
  'fal',
  'openrouter',
  'kling',
  'minimax',
  'ark',
  'comfyui',
  'dashscope',
  'runway',
] as const;
export type BaseUrlProvider = (typeof baseUrlProviders)[number];

export interface Settings {
  readonly defaultProvider: string;
  /** Empty: the provider's first model. */
  readonly defaultModel: string;
  readonly presets: readonly Preset[];
  /** Empty: not set up (OpenAI Videos is refused rather than sent to a default host). */
  readonly openaiVideosBaseUrl: string;
  /** `https://RES.openai.azure.com`; empty until the user sets it. */
  readonly azureOpenaiEndpoint: string;
  readonly localEncoder: (typeof localEncoders)[number];
  readonly maxWaitMinutes: number;
  /** 0: adaptive polling. */
  readonly pollIntervalSeconds: number;
  /** Jobs this window runs at once (1–8); the rest of a multi-image run waits its turn. */
  readonly concurrency: number;
  /** Starting jobs whose estimated total is above this many US dollars asks first. */
  readonly confirmCostAboveUsd: number;
  /** What agents (the language-model tools) may spend per session, in US dollars; 0 = only free providers. */
  readonly agentBudgetUsd: number;
  /** Where each video's provenance goes: beside it, in a hidden `.animate-image/` folder, or only the jobs store. */
  readonly provenance: ProvenanceMode;
  /** Models the catalog does not know, with their capabilities (`animateImage.customModels`). */
  readonly customModels: readonly CustomModel[];
  /** Base URL per provider (`animateImage.baseUrls`); a provider not listed uses its own default. */
  readonly baseUrls: Readonly<Partial<Record<BaseUrlProvider, string>>>;
  /** The user's API-format ComfyUI workflow file (the `workflow` model); empty: not set. */
  readonly comfyuiWorkflow: string;
}

export interface SettingProblem {
  /** Full setting id as the user sees it, e.g. `animateImage.maxWaitMinutes`. */
  readonly setting: string;
  readonly message: string;
}

export interface ParsedSettings {
  readonly settings: Settings;
  readonly problems: readonly SettingProblem[];
}

const httpUrl = z
  .string()
  .trim()
  .refine((text) => text === '' || /^https?:\/\/[^\s/]+/i.test(text), 'must be empty or an http(s) URL');

/** A base URL that carries no credential: a key in the URL would be stored with every job and sent in the clear. */
const baseUrlValue = z
  .string()
  .trim()
  .min(1, 'must be an http(s) URL')
  .refine((text) => /^https?:\/\/[^\s/]+/i.test(text), 'must be an http(s) URL')
  .superRefine((text, ctx) => {
    const reason = credentialsInUrl(text);
    if (reason)
      ctx.addIssue({
        code: 'custom',
        message: `must not contain ${reason}; the key goes in with "Animate Image: Set API key…"`,
      });
  });

/** One schema per setting (keyed by the name after `animateImage.`), each with its default. */
function scalarSchemas(providerIds: readonly string[]) {
  return {
    defaultProvider: {
      key: 'defaultProvider',
      schema: z.string().refine((id) => providerIds.includes(id), `must be one of: ${providerIds.join(', ')}`),
      fallback: providerIds.includes('local') ? 'local' : (providerIds[0] ?? 'local'),
    },
    defaultModel: { key: 'defaultModel', schema: z.string().trim().max(200), fallback: '' },
    openaiVideosBaseUrl: { key: 'openaiVideos.baseUrl', schema: httpUrl, fallback: '' },
    azureOpenaiEndpoint: { key: 'azureOpenai.endpoint', schema: httpUrl, fallback: '' },
    localEncoder: { key: 'local.encoder', schema: z.enum(localEncoders), fallback: 'auto' as const },
    maxWaitMinutes: {
      key: 'maxWaitMinutes',
      schema: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
      fallback: 30,
    },
    pollIntervalSeconds: { key: 'pollIntervalSeconds', schema: z.number().min(0).max(600), fallback: 0 },
    concurrency: { key: 'concurrency', schema: z.number().int().min(1).max(8), fallback: 3 },
    confirmCostAboveUsd: { key: 'confirmCostAboveUsd', schema: z.number().min(0).max(100_000), fallback: 1 },
    agentBudgetUsd: { key: 'agentBudgetUsd', schema: z.number().min(0).max(100_000), fallback: 0 },
    provenance: { key: 'provenance', schema: z.enum(provenanceModes), fallback: 'beside' as const },
    comfyuiWorkflow: { key: 'comfyui.workflow', schema: z.string().trim().max(4000), fallback: '' },
  } as const;
}

/** Every setting key this extension reads (after `animateImage.`), in package.json order. */
export const settingKeys = [
  'defaultProvider',
  'defaultModel',
  'presets',
  'openaiVideos.baseUrl',
  'azureOpenai.endpoint',
  'baseUrls',
  'comfyui.workflow',
  'customModels',
  'local.encoder',
  'maxWaitMinutes',
  'pollIntervalSeconds',
  'concurrency',
  'confirmCostAboveUsd',
  'agentBudgetUsd',
  'provenance',
] as const;

/**
 * Reads every setting through `read` (undefined = not set). An invalid value never throws: it falls back to
 * its default and comes back as a problem naming the setting. One bad preset drops only that preset.
 */
export function parseSettings(read: (key: string) => unknown, providerIds: readonly string[]): ParsedSettings {
  const problems: SettingProblem[] = [];
  const schemas = scalarSchemas(providerIds);
  function pick<T>(entry: { key: string; schema: z.ZodType<T>; fallback: T }): T {
    const raw = read(entry.key);
    if (raw === undefined || raw === null) return entry.fallback;
    const parsed = entry.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push({ setting: `${settingsSection}.${entry.key}`, message: describe(parsed.error) });
    return entry.fallback;
  }
  const settings: Settings = {
    defaultProvider: pick(schemas.defaultProvider),
    defaultModel: pick(schemas.defaultModel),
    presets: parsePresets(read('presets'), problems),
    openaiVideosBaseUrl: pick(schemas.openaiVideosBaseUrl),
    azureOpenaiEndpoint: pick(schemas.azureOpenaiEndpoint),
    localEncoder: pick(schemas.localEncoder),
    maxWaitMinutes: pick(schemas.maxWaitMinutes),
    pollIntervalSeconds: pick(schemas.pollIntervalSeconds),
    concurrency: pick(schemas.concurrency),
    confirmCostAboveUsd: pick(schemas.confirmCostAboveUsd),
    agentBudgetUsd: pick(schemas.agentBudgetUsd),
    provenance: pick(schemas.provenance),
    customModels: parseCustomModelSetting(read('customModels'), problems),
    baseUrls: parseBaseUrls(read('baseUrls'), problems),
    comfyuiWorkflow: pick(schemas.comfyuiWorkflow),
  };
  return { settings, problems };
}

export function defaultSettings(providerIds: readonly string[]): Settings {
  return parseSettings(() => undefined, providerIds).settings;
}

function parsePresets(raw: unknown, problems: SettingProblem[]): Preset[] {
  const setting = `${settingsSection}.presets`;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ setting, message: 'must be a list of presets' });
    return [];
  }
  const presets: Preset[] = [];
  raw.forEach((item: unknown, index) => {
    const parsed = presetSchema.safeParse(item);
    if (parsed.success) {
      if (!presets.some((p) => p.name === parsed.data.name)) presets.push(parsed.data);
      return;
    }
    const name = typeof item === 'object' && item !== null && 'name' in item ? ` ("${String(item.name)}")` : '';
    problems.push({ setting: `${setting}[${index}]${name}`, message: describe(parsed.error) });
  });
  return presets;
}

/** One bad entry drops only that entry; the problem names it by index and id. */
function parseCustomModelSetting(raw: unknown, problems: SettingProblem[]): CustomModel[] {
  const setting = `${settingsSection}.customModels`;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ setting, message: 'must be a list of models' });
    return [];
  }
  const models: CustomModel[] = [];
  raw.forEach((item: unknown, index) => {
    const parsed = customModelSchema.strict().safeParse(item);
    const id = typeof item === 'object' && item !== null && 'id' in item ? ` ("${String(item.id)}")` : '';
    if (!parsed.success) {
      problems.push({ setting: `${setting}[${index}]${id}`, message: describe(parsed.error) });
      return;
    }
    if (models.some((m) => m.provider === parsed.data.provider && m.id === parsed.data.id)) {
      problems.push({
        setting: `${setting}[${index}]${id}`,
        message: `${parsed.data.provider} model "${parsed.data.id}" is listed twice; the first entry counts`,
      });
      return;
    }
    models.push(parsed.data);
  });
  return models;
}

/** Each provider's URL checked on its own: a bad one falls back to that provider's default only. */
function parseBaseUrls(raw: unknown, problems: SettingProblem[]): Partial<Record<BaseUrlProvider, string>> {
  const setting = `${settingsSection}.baseUrls`;
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ setting, message: 'must be an object of provider id → URL' });
    return {};
  }
  const urls: Partial<Record<BaseUrlProvider, string>> = {};
  for (const [provider, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(baseUrlProviders as readonly string[]).includes(provider)) {
      problems.push({
        setting: `${setting}.${provider}`,
        message: `is not a provider with an address setting; use one of: ${baseUrlProviders.join(', ')}`,
      });
      continue;
    }
    const parsed = baseUrlValue.safeParse(value);
    if (!parsed.success) {
      problems.push({ setting: `${setting}.${provider}`, message: describe(parsed.error) });
      continue;
    }
    urls[provider as BaseUrlProvider] = parsed.data;
  }
  return urls;
}

function describe(error: {
  readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>;
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

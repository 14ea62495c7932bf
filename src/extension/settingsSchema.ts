// The `animateImage.*` settings as one typed object. Pure (no vscode) so it is unit-tested in Node;
// settings.ts feeds it from `workspace.getConfiguration` and reports the problems.
import { z } from 'zod';
import { provenanceModes, type ProvenanceMode } from '../core/provenance';
import { presetSchema, type Preset } from '../shared/protocol';

export const settingsSection = 'animateImage';
export const localEncoders = ['auto', 'wasm', 'ffmpeg'] as const;

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
  /** Where each video's provenance goes: beside it, in a hidden `.animate-image/` folder, or only the jobs store. */
  readonly provenance: ProvenanceMode;
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
    maxWaitMinutes: { key: 'maxWaitMinutes', schema: z.number().int().min(1).max(24 * 60), fallback: 30 },
    pollIntervalSeconds: { key: 'pollIntervalSeconds', schema: z.number().min(0).max(600), fallback: 0 },
    concurrency: { key: 'concurrency', schema: z.number().int().min(1).max(8), fallback: 3 },
    confirmCostAboveUsd: { key: 'confirmCostAboveUsd', schema: z.number().min(0).max(100_000), fallback: 1 },
    provenance: { key: 'provenance', schema: z.enum(provenanceModes), fallback: 'beside' as const },
  } as const;
}

/** Every setting key this extension reads (after `animateImage.`), in package.json order. */
export const settingKeys = [
  'defaultProvider',
  'defaultModel',
  'presets',
  'openaiVideos.baseUrl',
  'azureOpenai.endpoint',
  'local.encoder',
  'maxWaitMinutes',
  'pollIntervalSeconds',
  'concurrency',
  'confirmCostAboveUsd',
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
    provenance: pick(schemas.provenance),
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

function describe(error: { readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }> }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Azure OpenAI's v1 route: `https://RES.openai.azure.com` → `https://RES.openai.azure.com/openai/v1/`. */
export function azureBaseUrl(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  if (/\/openai\/v1$/i.test(trimmed)) return `${trimmed}/`;
  return `${trimmed}/openai/v1/`;
}

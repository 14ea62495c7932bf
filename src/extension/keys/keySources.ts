// Where a user gets each provider's key, and which keys come in parts. Pure (no vscode), unit-tested: every provider
// that needs a key must have an entry here, so a new provider cannot ship with a "Set API key…" that says nothing.
import { KLING_KEY_SEPARATOR, klingKeyFromParts } from '../../core/providers/kling';
import type { ProviderInfo } from '../../core/providers/provider';
import { providerIds, providerInfo } from '../../core/providers/registry';
import { openaiBaseUrlSetting } from '../providers/providerConnection';

/** A page where the key is created, or (a server of the user's own) the setting naming the server that issues it. */
export type KeySource = { readonly url: string } | { readonly setting: string };

// Each page was checked on 2026-11-30 against the provider's own documentation (quoted there as where keys are made);
// where only a docs page says how, that page is given rather than a console address nobody confirmed.
const sources: Readonly<Record<string, KeySource>> = {
  // Any server that speaks the OpenAI Videos API (vLLM-Omni, LiteLLM, a gateway): its own admin issues the key.
  'openai-videos': { setting: openaiBaseUrlSetting },
  // Azure portal → your resource → Keys and Endpoint.
  'azure-openai': { url: 'https://portal.azure.com/' },
  'azure-sora-jobs': { url: 'https://portal.azure.com/' },
  // docs.dev.runwayml.com/guides/setup: developer portal → organization → API Keys.
  runway: { url: 'https://dev.runwayml.com/' },
  // ai.google.dev/gemini-api/docs/api-key: keys are made in Google AI Studio.
  veo: { url: 'https://ai.google.dev/gemini-api/docs/api-key' },
  // Model Studio "Get an API key": Key Management page per region (Singapore, Virginia, Beijing).
  dashscope: { url: 'https://www.alibabacloud.com/help/en/model-studio/get-api-key' },
  // fal docs, "Get Your API Key": fal.ai/dashboard/keys.
  fal: { url: 'https://fal.ai/dashboard/keys' },
  openrouter: { url: 'https://openrouter.ai/settings/keys' },
  // Developer console → API Keys: one access key + secret key pair.
  kling: { url: 'https://app.klingai.com/global/dev' },
  // platform.minimax.io quick start: API Keys → Create new secret key.
  minimax: { url: 'https://platform.minimax.io/docs/guides/quickstart' },
  // Volcengine Ark "获取 API Key 并配置" (the BytePlus ModelArk console has the same API Key page).
  ark: { url: 'https://www.volcengine.com/docs/82379/1541594' },
};

/**
 * Every provider that needs a key (English labels), retired services included: a job already sent to one, or a
 * deployment of it the user added, still needs its key.
 */
export function keyProviders(): ProviderInfo[] {
  return providerIds.map((id) => providerInfo(id)).filter((info) => info.needsKey);
}

export function keySource(providerId: string): KeySource | undefined {
  return sources[providerId];
}

/** One of the values a key is made of, asked for in its own password box. */
export interface KeyPart {
  /** `access` / `secret`: the UI words for it are chosen by this id. */
  readonly id: 'access' | 'secret';
  /** The environment variable holding the same value. */
  readonly env: string;
}

/** Kling signs each request with an access key and a secret key; it takes them joined as one secret. */
const parts: Readonly<Record<string, readonly KeyPart[]>> = {
  kling: [
    { id: 'access', env: 'KLING_ACCESS_KEY' },
    { id: 'secret', env: 'KLING_SECRET_KEY' },
  ],
};

/** The parts a provider's key is asked for in; undefined for a key that is one value. */
export function keyParts(providerId: string): readonly KeyPart[] | undefined {
  return parts[providerId];
}

/** Why a part cannot be used as typed (the separator would split the joined key in the wrong place); undefined = fine. */
export function keyPartProblem(providerId: string, part: KeyPart, value: string): 'empty' | 'separator' | undefined {
  if (!value.trim()) return 'empty';
  if (providerId === 'kling' && part.id === 'access' && value.includes(KLING_KEY_SEPARATOR)) return 'separator';
  return undefined;
}

/** The one secret stored for a key asked for in parts, in the form the provider expects. */
export function joinKeyParts(providerId: string, values: readonly string[]): string {
  if (providerId === 'kling') return klingKeyFromParts(values[0], values[1]);
  throw new Error(`${providerId} has no key in parts`);
}

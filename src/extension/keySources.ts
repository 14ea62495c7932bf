// Where a user gets each provider's key, and which keys come in parts. Pure (no vscode), unit-tested: every provider
// that needs a key must have an entry here, so a new provider cannot ship with a "Set API key…" that says nothing.
import { KLING_KEY_SEPARATOR, klingKeyFromParts } from '../core/providers/kling';
import type { ProviderInfo } from '../core/providers/provider';
import { providerIds, providerInfo } from '../core/providers/registry';
import { openaiBaseUrlSetting } from './providerConnection';

/** A page where the key is created, or (a server of the user's own) the setting naming the server that issues it. */
export type KeySource = { readonly url: string } | { readonly setting: string };

const sources: Readonly<Record<string, KeySource>> = {
  // Any server that speaks the OpenAI Videos API (vLLM-Omni, LiteLLM, a gateway): its own admin issues the key.
  'openai-videos': { setting: openaiBaseUrlSetting },
  // Azure portal → your resource → Keys and Endpoint.
  'azure-openai': { url: 'https://portal.azure.com/' },
  'azure-sora-jobs': { url: 'https://portal.azure.com/' },
  runway: { url: 'https://dev.runwayml.com/' },
  veo: { url: 'https://aistudio.google.com/apikey' },
  dashscope: { url: 'https://bailian.console.aliyun.com/?apiKey=1' },
  fal: { url: 'https://fal.ai/dashboard/keys' },
  openrouter: { url: 'https://openrouter.ai/settings/keys' },
  // Developer console → API Keys: one access key + secret key pair.
  kling: { url: 'https://app.klingai.com/global/dev' },
  minimax: { url: 'https://platform.minimax.io/user-center/basic-information/interface-key' },
  ark: { url: 'https://console.byteplus.com/ark/region:ark+ap-southeast-1/apiKey' },
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

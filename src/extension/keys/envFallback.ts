// Whether the environment variables a provider's key falls back to are set in the extension host (which, in a remote
// window, is the remote machine's environment), and the key they give. Pure; only `keyFromEnv` returns a value.
import { joinKeyParts, keyParts } from './keySources';

export interface EnvVariableState {
  readonly name: string;
  readonly set: boolean;
}

export function envFallbackState(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): EnvVariableState[] {
  return names.map((name) => ({ name, set: (env[name]?.trim() ?? '') !== '' }));
}

/** `OPENAI_API_KEY (set), SORA_KEY (not set)` with the words of the display language. */
export function describeEnvFallback(
  states: readonly EnvVariableState[],
  words: { readonly set: string; readonly notSet: string },
): string {
  return states.map((state) => (state.set ? words.set : words.notSet).replace('{0}', state.name)).join(', ');
}

/**
 * The key from the environment: the first of the provider's variables that is set, or for a key in parts (Kling:
 * KLING_ACCESS_KEY + KLING_SECRET_KEY) all of them joined. `missing`: some parts are set but not these, so there is
 * no key, and the user is told which variable to add.
 */
export type EnvKey =
  { readonly key: string; readonly from: readonly string[] } | { readonly missing: readonly string[] } | undefined;

export function keyFromEnv(
  providerId: string,
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): EnvKey {
  const value = (name: string) => env[name]?.trim() ?? '';
  const parts = keyParts(providerId);
  if (parts) {
    const missing = parts.filter((part) => !value(part.env)).map((part) => part.env);
    if (missing.length === parts.length) return undefined;
    if (missing.length > 0) return { missing };
    return {
      key: joinKeyParts(
        providerId,
        parts.map((part) => value(part.env)),
      ),
      from: parts.map((part) => part.env),
    };
  }
  const name = names.find((n) => value(n) !== '');
  return name ? { key: value(name), from: [name] } : undefined;
}

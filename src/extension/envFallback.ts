// Whether the environment variables a provider's key falls back to are set in the extension host (which, in a remote
// window, is the remote machine's environment). Pure: names only, never values.

export interface EnvVariableState {
  readonly name: string;
  readonly set: boolean;
}

export function envFallbackState(names: readonly string[], env: Readonly<Record<string, string | undefined>>): EnvVariableState[] {
  return names.map((name) => ({ name, set: (env[name]?.trim() ?? '') !== '' }));
}

/** `OPENAI_API_KEY (set), SORA_KEY (not set)` with the words of the display language. */
export function describeEnvFallback(states: readonly EnvVariableState[], words: { readonly set: string; readonly notSet: string }): string {
  return states.map((state) => (state.set ? words.set : words.notSet).replace('{0}', state.name)).join(', ');
}

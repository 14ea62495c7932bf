/**
 * Proxy support for the CLI. Node 20's built-in fetch (which every provider and the OpenAI SDK use) ignores
 * HTTPS_PROXY and friends, so the CLI installs undici's env-proxy agent as the global dispatcher when one is set.
 * The extension does not: VS Code already routes its requests through the user's proxy settings.
 */
import * as l10n from '@vscode/l10n';
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';
import { AnimateError } from '../core/errors';

export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

/** The variable that is set, lower case first (as curl and undici read them), or undefined. */
function firstSet(env: NodeJS.ProcessEnv, name: string): { readonly name: string; readonly value: string } | undefined {
  for (const variable of [name.toLowerCase(), name]) {
    const value = env[variable]?.trim();
    if (value) return { name: variable, value };
  }
  return undefined;
}

/** `proxy:8080` (as curl accepts it) → `http://proxy:8080`; anything that is not an http(s) URL is refused. */
function proxyUrl(found: { readonly name: string; readonly value: string } | undefined): string {
  if (!found) return '';
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // The value may hold a proxy password: messages name the variable, never its value.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new AnimateError(
      'bad-input',
      l10n.t('{0} is not a proxy URL such as http://proxy.example.com:8080; fix or unset it.', found.name),
    );
  }
  return text;
}

/** The proxies the environment asks for; undefined when none is set (then nothing changes). */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const http = firstSet(env, 'HTTP_PROXY');
  const https = firstSet(env, 'HTTPS_PROXY');
  if (!http && !https) return undefined;
  // HTTPS falls back to HTTP_PROXY (as in undici and curl); HTTP traffic uses only HTTP_PROXY.
  return {
    httpProxy: proxyUrl(http),
    httpsProxy: proxyUrl(https ?? http),
    noProxy: firstSet(env, 'NO_PROXY')?.value ?? '',
  };
}

/** Routes every later fetch of this process through the environment's proxy; returns a log line (no credentials). */
export function useProxyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const settings = proxySettingsFromEnv(env);
  if (!settings) return undefined;
  // Explicit values (empty = none), so undici does not read process.env behind the CLI's back.
  setGlobalDispatcher(new EnvHttpProxyAgent(settings));
  const host = (url: string) => (url ? new URL(url).host : 'direct');
  return `proxy: https via ${host(settings.httpsProxy)}, http via ${host(settings.httpProxy)}${settings.noProxy ? `, not for ${settings.noProxy}` : ''}`;
}

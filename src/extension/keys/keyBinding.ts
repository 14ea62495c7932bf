// Which host an API key may go to. Pure (no vscode), unit-tested. A key is saved together with the host of the
// provider's address at that moment (`{key, host}` in SecretStorage); when the address later points elsewhere
// the user is asked before the key goes there, and a yes moves the key to the new host.

export interface StoredKey {
  readonly key: string;
  /** Host (with port) the key was saved for; absent for keys saved by older versions as a plain string. */
  readonly host?: string;
}

/** `https://API.openai.com:443/v1` → `api.openai.com`; `http://127.0.0.1:8080/v1` → `127.0.0.1:8080`; bad → undefined. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** Where a provider's requests (and so its key) go: its configured base URL, else its default. */
export function providerHost(baseUrl: string | undefined, defaultBaseUrl: string | undefined): string | undefined {
  return hostOf(baseUrl) ?? hostOf(defaultBaseUrl);
}

/** Reads what SecretStorage holds: `{"key","host"}` JSON, or an older plain-string key. */
export function parseStoredKey(raw: string | undefined): StoredKey | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (raw.trimStart().startsWith('{')) {
    try {
      const data = JSON.parse(raw) as unknown;
      if (
        typeof data === 'object' &&
        data !== null &&
        'key' in data &&
        typeof data.key === 'string' &&
        data.key.trim() !== ''
      ) {
        const host = 'host' in data && typeof data.host === 'string' && data.host !== '' ? data.host : undefined;
        return { key: data.key, ...(host ? { host } : {}) };
      }
    } catch {
      // not ours: an older plain key that happens to start with "{"
    }
  }
  return { key: raw };
}

export function serializeKey(stored: StoredKey): string {
  return JSON.stringify(stored.host ? { key: stored.key, host: stored.host } : { key: stored.key });
}

/**
 * - `use`: the key was saved for this host (or where it goes is not known yet).
 * - `bind`: an older plain-string key, used where it was always used (the provider's default host, or the configured
 *   one when the provider has no default): save the host with it from now on.
 * - `ask`: the key was saved for another host; only a yes from the user sends it here.
 */
export type KeyDecision = 'use' | 'bind' | 'ask';

export function decideKeyUse(
  stored: StoredKey,
  currentHost: string | undefined,
  defaultHost: string | undefined,
): KeyDecision {
  if (currentHost === undefined) return 'use';
  if (stored.host === undefined) return (defaultHost ?? currentHost) === currentHost ? 'bind' : 'ask';
  return stored.host.toLowerCase() === currentHost.toLowerCase() ? 'use' : 'ask';
}

/**
 * For following a job already sent to `jobHost`: a key saved for another host is refused, never offered — that server
 * does not get another server's key. An older plain key still binds where it was always used.
 */
export function decideKeyUseForJob(
  stored: StoredKey,
  jobHost: string | undefined,
  defaultHost: string | undefined,
): 'use' | 'bind' | 'refuse' {
  if (jobHost === undefined) return stored.host === undefined ? 'use' : 'refuse';
  const decision = decideKeyUse(stored, jobHost, defaultHost);
  return decision === 'ask' ? 'refuse' : decision;
}

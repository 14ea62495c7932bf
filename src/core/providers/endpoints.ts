import * as l10n from '@vscode/l10n';
import { AnimateError } from '../errors';

/** The routes a user may paste after an Azure resource: `/openai`, `/openai/v1`, the jobs API's `…/video/generations/jobs`. */
const AZURE_ROUTE = /\/openai(\/v1(\/video(\/generations(\/jobs)?)?)?)?$/i;

/**
 * The resource root an Azure OpenAI endpoint names, without a trailing slash: `https://res.openai.azure.com`, `…/`,
 * `…/openai`, `…/openai/v1/` and a pasted jobs URL all give `https://res.openai.azure.com` (a proxy's path prefix is
 * kept; the query is not part of it). Both Azure providers start from this, so they read one setting the same way.
 */
export function azureResourceRoot(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(AZURE_ROUTE, '')}`;
}

/**
 * The Videos API's v1 route of an Azure endpoint: `https://res.openai.azure.com` → `https://res.openai.azure.com/openai/v1/`,
 * keeping a query the user gave (Azure's optional `?api-version=preview`). Not a URL: returned trimmed, for the
 * provider to refuse with the format it expects.
 */
export function azureV1BaseUrl(endpoint: string): string {
  const trimmed = endpoint.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed;
  }
  return `${azureResourceRoot(url)}/openai/v1/${url.search}`;
}

/** Query names that carry a credential (`api_key`, `key`, `access_token`, `sig`, `X-Amz-Signature`, …). */
const secretName =
  /(^|[-_.])(api[-_]?key|apikey|key|token|access[-_]?token|secret|client[-_]?secret|password|passwd|pwd|auth|authorization|credentials?|sig|signature|sas|code)$/i;

/** A value shaped like a key or token: a long run of letters and digits mixed (not `2025-04-01-preview`). */
function looksLikeSecret(value: string): boolean {
  return (value.match(/[A-Za-z0-9]{16,}/g) ?? []).some((run) => /[0-9]/.test(run) && /[A-Za-z]/.test(run));
}

type CredentialPlace = { readonly in: 'userinfo' } | { readonly in: 'query'; readonly name: string };

function credentialPlace(raw: string): CredentialPlace | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined; // Not a URL at all: the provider's own check says so with the format it expects.
  }
  if (url.username || url.password) return { in: 'userinfo' };
  for (const [name, value] of url.searchParams) {
    if (secretName.test(name) || looksLikeSecret(value)) return { in: 'query', name };
  }
  return undefined;
}

/**
 * Why a base URL must not be used as given, or undefined when it is fine: a user name or password, or a key in its
 * query (`?api_key=…`) would be stored with every job (jobs.json, settings) and sent where a header belongs. The
 * reason names the part, never its value. A harmless query such as Azure's `?api-version=` is fine.
 */
export function credentialsInUrl(raw: string): string | undefined {
  const place = credentialPlace(raw);
  if (!place) return undefined;
  return place.in === 'userinfo' ? 'a user name or password' : `a credential in its query ("${place.name}=…")`;
}

/**
 * Refuses a base URL that carries credentials, before anything is sent or stored. `what` starts the message
 * (`--base-url`, `The base URL in OPENAI_BASE_URL`); `keyHint` says where the key goes instead.
 */
export function assertNoCredentialsInUrl(raw: string, what: string, keyHint: string): void {
  const place = credentialPlace(raw);
  if (!place) return;
  throw new AnimateError(
    'bad-input',
    place.in === 'userinfo'
      ? l10n.t('{0} must not contain a user name or password: it would be stored with the job. {1}', what, keyHint)
      : l10n.t(
          '{0} must not contain a credential in its query ("{1}=…"): it would be stored with the job. {2}',
          what,
          place.name,
          keyHint,
        ),
  );
}

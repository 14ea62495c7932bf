/**
 * What every HTTP provider sets up the same way: its options (checked with zod, unknown ones warned about), the
 * key (the hint saying how to set it, the check that there is one), the base URL and the error context of each call.
 */
import * as l10n from '@vscode/l10n';
import type { z } from 'zod';
import { AnimateError } from '../errors';
import type { HttpErrorContext, HttpOperation } from './httpErrors';
import type { ProviderContext } from './provider';

/** `ctx.options` checked with `schema`: a bad value is bad input, an unknown key only earns a warning. */
export function providerOptions<Schema extends z.ZodObject>(
  schema: Schema,
  ctx: ProviderContext,
  providerId: string,
): z.infer<Schema> {
  const parsed = schema.safeParse(ctx.options ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
      .join('; ');
    throw new AnimateError('bad-input', l10n.t('Invalid {0} provider options — {1}.', providerId, problems));
  }
  const unknown = Object.keys(ctx.options ?? {}).filter((key) => !(key in schema.shape));
  if (unknown.length > 0) ctx.log.warn(`${providerId}: ignoring unknown option(s) ${unknown.join(', ')}`);
  return parsed.data;
}

/** The sentence telling the user how to set a valid key; `note` goes before its full stop. */
export function keyHintFor(keyEnv: readonly string[], noun = 'key', note = ''): string {
  return l10n.t(
    'Set a valid {0} with {1} (CLI) or the extension\'s "Set API Key" command{2}.',
    noun,
    keyEnv.join(' or '),
    note,
  );
}

/** The key, checked on use so that listing providers needs none. */
export function requireKey(ctx: ProviderContext, label: string, hint: string, noun = 'API key'): string {
  if (!ctx.apiKey) throw new AnimateError('auth', `${l10n.t('No {0} for {1}.', noun, label)} ${hint}`);
  return ctx.apiKey;
}

/** A base URL (`fallback` when unset): http(s), without credentials, query or fragment. `what` names it in messages. */
export function parseBaseUrl(raw: string | undefined, what: string, fallback: string, expected: string): URL {
  const text = raw?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AnimateError(
      'bad-input',
      l10n.t('The {0} "{1}" is not a valid URL (expected {2}).', what, text, expected),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AnimateError('bad-input', l10n.t('The {0} "{1}" must start with https://.', what, text));
  if (url.username || url.password)
    throw new AnimateError('bad-input', l10n.t('The {0} must not contain a user name or password.', what));
  if (url.search || url.hash)
    throw new AnimateError('bad-input', l10n.t('The {0} "{1}" must not have a query or fragment.', what, text));
  return url;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** Warns when the key would cross the network unencrypted (plain http to a host that is not this machine). */
export function warnIfPlainHttp(url: URL, ctx: ProviderContext, providerId: string, secret = 'API key'): void {
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    ctx.log.warn(`${providerId}: base URL uses plain http to ${url.host}; the ${secret} travels unencrypted`);
}

/** The base URL, parsed on first use (listing providers needs none) and warned about once. */
export function lazyBaseUrl(
  ctx: ProviderContext,
  providerId: string,
  parse: (raw: string | undefined) => URL,
  secret?: string,
): () => URL {
  let url: URL | undefined;
  return () => {
    if (url) return url;
    url = parse(ctx.baseUrl);
    warnIfPlainHttp(url, ctx, providerId, secret);
    return url;
  };
}

/** `read()`, or `fallback` when it throws (an invalid base URL: the request itself reports that). */
export function hostOr(fallback: string, read: () => string): string {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** The error context of each call: the host shown, the key hint, and the secrets no message may contain. */
export function errorContexts(host: () => string, hint: string, secrets: readonly string[]) {
  return (operation: HttpOperation, extra: Partial<HttpErrorContext> = {}): HttpErrorContext => ({
    host: host(),
    operation,
    keyHint: hint,
    secrets,
    ...extra,
  });
}

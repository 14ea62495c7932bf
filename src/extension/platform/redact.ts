// Last line of defence for the log: anything that looks like a credential is masked. Pure, unit-tested.
// Callers never pass keys on purpose; this catches a key echoed back inside a provider's error text, a header dump
// or a URL. Covered: `Authorization` (any scheme, header or JSON or URL-encoded), `api-key`, `x-api-key`,
// `x-goog-api-key` and similar headers, `key=`/`sig=`/`token=` query values, and bare OpenAI/Google key formats.

const value = `[^\\s"',;&}]`;

const patterns: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization: Bearer x / Basic x / Token x / a bare value; also "Authorization":"…" and Authorization=Bearer%20…
  [
    new RegExp(
      `\\b(authorization)(["']?\\s*[:=]\\s*["']?)(?:(Bearer|Basic|Token|Digest)(\\s+|%20|\\+))?${value}+`,
      'gi',
    ),
    '$1$2$3$4***',
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***'],
  // Key headers and JSON fields: api-key, x-api-key, x-goog-api-key, api_key, apikey, access_token, secret_key …
  [
    new RegExp(
      `\\b(x-goog-api-key|x-api-key|api[-_]?key|api[-_]?secret|access[-_]?token|secret[-_]?key)(["']?\\s*[:=]\\s*["']?)${value}{4,}`,
      'gi',
    ),
    '$1$2***',
  ],
  // Query values: ?key=… (Google), &sig=… (Azure SAS), token=…
  [/([?&;]|\b)(key|sig|token)=[^&\s"'#]+/gi, '$1$2=***'],
  // Bare key formats, wherever they appear.
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***'],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza***'],
];

export function redact(text: string): string {
  return patterns.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

// Last line of defence for the log: anything that looks like a credential is masked. Pure, unit-tested.
// Callers never pass keys on purpose; this catches a key echoed back inside a provider's error text.

const patterns: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***'],
  [/\b(api[-_]?key|authorization|x-api-key|access[-_]?token)(["']?\s*[:=]\s*["']?)(?!(?:Bearer|Basic)\b)[^\s"',;&}]{4,}/gi, '$1$2***'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***'],
  [/([?&](?:key|api-key|sig|token)=)[^&\s]+/gi, '$1***'],
];

export function redact(text: string): string {
  return patterns.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

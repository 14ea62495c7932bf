/**
 * When to ask again: quick at first (jobs that finish fast are noticed fast), then settling at every 20 s for long
 * jobs. A fixed interval replaces that curve but never undercuts the server's own hint (Runway forbids < 5 s).
 */
export function nextPollDelay(
  elapsedMs: number,
  options: { fixedMs?: number | undefined; hintMs?: number | undefined } = {},
): number {
  if (options.fixedMs !== undefined) return Math.max(options.fixedMs, options.hintMs ?? 0);
  if (options.hintMs !== undefined) return clamp(options.hintMs, 500, 60_000);
  return clamp(elapsedMs / 3, 2_000, 20_000);
}

/** Exponential backoff with jitter for 429/5xx/network trouble; a server's Retry-After wins when it gives one. */
export function backoffDelay(attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, 10 * 60_000);
  const base = Math.min(60_000, 1_000 * 2 ** attempt);
  return Math.round(base * (0.75 + random() * 0.5));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

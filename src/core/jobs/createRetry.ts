import { AnimateError } from '../errors';
import { PASSING_CONNECT_CODES } from '../providers/httpErrors';
import { backoffDelay } from './schedule';

/** Quota, not speed: waiting a few seconds will not help, so these 429s are not retried. */
const QUOTA_CODES = new Set(['insufficient_quota', 'Throttling.AllocationQuota']);

/**
 * The provider's answer to a create proves no job was made, so sending it again cannot bill twice: a 429 (not out
 * of quota), a 503 with Retry-After, or a connection refused before anything was sent. Never a dropped connection,
 * a 502/504 or a timeout after sending (`submit-unknown`).
 */
export function provedNotCreated(error: unknown): boolean {
  if (!(error instanceof AnimateError)) return false;
  if (error.kind === 'rate-limit') return !QUOTA_CODES.has(error.details.code ?? '');
  if (error.kind === 'network') return PASSING_CONNECT_CODES.has(error.details.code ?? '');
  return error.kind === 'provider' && error.details.status === 503 && error.details.retryAfterMs !== undefined;
}

/**
 * How long to wait before create attempt `attempt + 1`: the server's Retry-After plus up to 20 % jitter (so a batch
 * that was turned away together does not come back together), else exponential backoff.
 */
export function createDelay(attempt: number, error: unknown, random: () => number = Math.random): number {
  const retryAfterMs = error instanceof AnimateError ? error.details.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs * (1 + random() * 0.2));
  return backoffDelay(attempt - 1, undefined, random);
}

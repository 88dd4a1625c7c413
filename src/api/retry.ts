/**
 * Bounded retry for platform API calls: 408/429/5xx (and network failures) are retried
 * with exponential backoff and jitter, honouring `Retry-After`, until either the
 * attempt count or the total wait budget is used up. (Upstream retries forever at a
 * fixed 15 s; a bound lets `initialize()` fail with a clear error instead of hanging.)
 */
export interface RetryPolicy {
  /** total attempts including the first */
  maxAttempts: number;
  /** upper bound for the sum of all waits */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryStatuses: readonly number[];
  /** retry when fetch itself fails (no HTTP response) */
  retryNetworkErrors: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxTotalWaitMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  retryStatuses: [408, 429, 500, 502, 503, 504],
  retryNetworkErrors: true,
};

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date); undefined when absent or unparsable. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with ±25 % jitter for retry number `retry` (0-based). */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(exp * (0.75 + random() * 0.5));
}

/**
 * How long to wait before the next attempt, or `undefined` to give up.
 * @param attempt attempts made so far (>= 1)
 * @param waitedMs total already waited
 */
export function nextRetryDelay(
  attempt: number,
  waitedMs: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const wait = retryAfterMs ?? backoffDelay(attempt - 1, policy, random);
  if (waitedMs + wait > policy.maxTotalWaitMs) return undefined;
  return wait;
}

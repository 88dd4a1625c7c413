/**
 * Reconnect backoff: exponential from `initialDelayMs`, capped at `maxDelayMs`, with
 * ±`jitter` randomisation so many clients dropped together do not reconnect in lockstep.
 */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  /** 0..1, fraction of the delay randomised either way */
  jitter: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.3 };

/** Delay before reconnect attempt number `attempt` (0-based). */
export function reconnectDelay(attempt: number, policy: BackoffPolicy = DEFAULT_RECONNECT_BACKOFF, random = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt));
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

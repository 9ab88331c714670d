/** Pure rules of the dispatcher: how fast a channel may send and when a failed step is retried. */

export type RetryPolicy = {
  /** The first retry waits about this long; each next one twice as long. */
  baseMs: number;
  /** No retry waits longer than this. */
  maxMs: number;
  /**
   * `fixed`: every retry waits `baseMs` (a zone's "3 tries, 3 minutes apart" for calls: the calls
   * were spread over time already, and a member who was busy should hear back when promised).
   */
  spacing?: 'exponential' | 'fixed';
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, maxMs: 10 * 60_000 };

/**
 * The wait before the next attempt of a step that failed `attempts` times: exponential with "equal
 * jitter" (half fixed, half random), so that thousands of steps failing together (a provider
 * outage) do not all come back in the same second, and none comes back at once.
 */
export function retryDelay(attempts: number, policy: RetryPolicy, random: () => number): number {
  if (policy.spacing === 'fixed') return policy.baseMs;
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type TokenBucket = {
  /** Whole sends allowed at `now`; Infinity when the channel has no rate limit. */
  available: (now: number) => number;
  take: (count: number) => void;
  /** Milliseconds until the next send is allowed (0 when one is allowed now). */
  waitMs: (now: number) => number;
};

/**
 * A token bucket of `ratePerSecond` tokens a second holding at most one second's worth (at least
 * one token), full at the start. A rate of 0 means no limit. Time comes from the caller's clock.
 */
export function createTokenBucket({ ratePerSecond, now }: { ratePerSecond: number; now: number }): TokenBucket {
  if (ratePerSecond <= 0) return { available: () => Infinity, take: () => {}, waitMs: () => 0 };
  const capacity = Math.max(1, ratePerSecond);
  let tokens = capacity;
  let last = now;
  const refill = (at: number) => {
    // A clock set back (tests, NTP) adds nothing rather than removing tokens.
    if (at > last) tokens = Math.min(capacity, tokens + ((at - last) * ratePerSecond) / 1000);
    last = Math.max(last, at);
  };
  return {
    available(at) {
      refill(at);
      return Math.floor(tokens);
    },
    take(count) {
      tokens -= count;
    },
    waitMs(at) {
      refill(at);
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / ratePerSecond);
    },
  };
}

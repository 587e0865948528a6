// The RateLimiter port: each token's request budget (a token bucket) and each address's failed
// authentications, as src/http/middleware/auth.ts applies them. In memory by default (per process,
// ./memory-rate-limiter.ts); several instances on one PostgreSQL store share theirs through
// ./postgres-rate-limiter.ts, so a client gets the same budget however its requests are spread.
// ./open-rate-limiter.ts chooses, as the store does.

export interface TakeOptions {
  /** Requests per second, sustained. */
  rate: number;
  /** The bucket's size: requests that may come at once. */
  burst: number;
  /** Epoch ms. */
  now: number;
}

export interface TakeOutcome {
  ok: boolean;
  /** When refused: whole seconds until a request would be let through (at least 1); 0 when ok. */
  retryAfterS: number;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** Whole seconds until the bucket is full again. */
  resetS: number;
}

export interface RateLimiter {
  /** Takes one request from `key`'s bucket (a full one if new), or refuses. */
  take(key: string, options: TakeOptions): Promise<TakeOutcome>;
  /** Whole seconds `address` must wait, having failed `maxPerMinute` times in its current minute; 0 when it may try. */
  failureWait(address: string, maxPerMinute: number, now: number): Promise<number>;
  /** Counts a failed authentication from `address`: its minute starts at its first failure. */
  recordFailure(address: string, now: number): Promise<void>;
}

export const FAILURE_WINDOW_MS = 60_000;

/** A bucket after `elapsedMs`: refilled, then one request taken if there is one. */
export function refill(tokens: number, elapsedMs: number, { rate, burst }: Pick<TakeOptions, 'rate' | 'burst'>): { tokens: number; outcome: TakeOutcome } {
  const level = Math.min(burst, tokens + (elapsedMs / 1000) * rate);
  const ok = level >= 1;
  const left = ok ? level - 1 : level;
  return { tokens: left, outcome: outcomeOf(ok, left, { rate, burst }) };
}

export const retryAfter = (level: number, rate: number) => Math.max(1, Math.ceil((1 - level) / rate));

/** What a take answers, from whether it was let through and the bucket's level after it. */
export function outcomeOf(ok: boolean, level: number, { rate, burst }: Pick<TakeOptions, 'rate' | 'burst'>): TakeOutcome {
  return {
    ok,
    retryAfterS: ok ? 0 : retryAfter(level, rate),
    remaining: Math.max(0, Math.floor(level)),
    resetS: Math.max(0, Math.ceil((burst - level) / rate)),
  };
}

/** Seconds left of a failure window that has reached the limit; 0 otherwise. */
export function failureWaitOf(entry: { count: number; since: number } | undefined, maxPerMinute: number, now: number): number {
  if (!entry || now - entry.since >= FAILURE_WINDOW_MS) return 0;
  return entry.count >= maxPerMinute ? Math.ceil((entry.since + FAILURE_WINDOW_MS - now) / 1000) : 0;
}

// The RateLimiter (./rate-limiter.ts) of one process: buckets and failure counts in maps.
import { FAILURE_WINDOW_MS, failureWaitOf, type RateLimiter, refill, type TakeOptions, type TakeOutcome } from './rate-limiter.ts';

/** Per process, as duban always had it. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  async take(key: string, options: TakeOptions): Promise<TakeOutcome> {
    const t = options.now;
    const bucket = this.buckets.get(key) ?? { tokens: options.burst, at: t };
    const { tokens, outcome } = refill(bucket.tokens, t - bucket.at, options);
    this.buckets.set(key, { tokens, at: t });
    return outcome;
  }

  async failureWait(address: string, maxPerMinute: number, now: number): Promise<number> {
    return failureWaitOf(this.failures.get(address), maxPerMinute, now);
  }

  async recordFailure(address: string, now: number): Promise<void> {
    const entry = this.failures.get(address);
    if (!entry || now - entry.since >= FAILURE_WINDOW_MS) this.failures.set(address, { count: 1, since: now });
    else entry.count += 1;
    if (this.failures.size > 10_000) this.failures.clear(); // bounded: a flood of addresses cannot grow it for ever
  }
}

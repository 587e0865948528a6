// The RateLimiter port on both adapters: a token bucket that refills at its rate up to its burst and
// says how long to wait, and failed authentications counted per address for a minute. The
// PostgreSQL one is shared: two instances on one schema give out one budget between them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { MemoryRateLimiter } from '../../src/store/memory-rate-limiter.ts';
import { PostgresRateLimiter } from '../../src/store/postgres-rate-limiter.ts';
import type { RateLimiter } from '../../src/store/rate-limiter.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { skipPostgres, type TestSchema, testSchema } from '../support/pg-schema.ts';

interface Fixture {
  open(): RateLimiter;
  cleanup(): Promise<void>;
}

const adapters: Record<string, { skip: boolean; fixture: () => Promise<Fixture> }> = {
  memory: {
    skip: false,
    fixture: async () => {
      const one = new MemoryRateLimiter(); // one process: every open() is the same limiter
      return { open: () => one, cleanup: async () => {} };
    },
  },
  postgres: {
    skip: skipPostgres,
    fixture: async () => {
      const t = await testSchema();
      return { open: () => new PostgresRateLimiter({ pool: t.otherPool(), schema: t.schema }), cleanup: () => t.drop() };
    },
  },
};

const T0 = Date.parse('2026-11-27T08:00:00Z');

for (const [name, adapter] of Object.entries(adapters)) {
  describe.skipIf(adapter.skip)(`RateLimiter (${name})`, () => {
    let f: Fixture;
    let limiter: RateLimiter;
    beforeEach(async () => {
      f = await adapter.fixture();
      limiter = f.open();
    });
    afterEach(async () => {
      await f.cleanup();
    });

    it('lets a burst through at once, then refills at the rate, and says how long to wait', async () => {
      const take = (now: number, key = 'tok') => limiter.take(key, { rate: 2, burst: 3, now });
      for (let i = 0; i < 3; i++) expect(await take(T0)).toMatchObject({ ok: true, retryAfterS: 0 });
      expect(await take(T0)).toMatchObject({ ok: false, retryAfterS: 1 });
      expect(await take(T0, 'another token')).toMatchObject({ ok: true, retryAfterS: 0 });
      expect(await take(T0 + 499)).toMatchObject({ ok: false, retryAfterS: 1 });
      expect(await take(T0 + 500)).toMatchObject({ ok: true, retryAfterS: 0 });
      expect(await take(T0 + 500)).toMatchObject({ ok: false, retryAfterS: 1 });
      // A long pause refills to the burst, no further.
      for (let i = 0; i < 3; i++) expect((await take(T0 + 3_600_000)).ok).toBe(true);
      expect((await take(T0 + 3_600_000)).ok).toBe(false);
    });

    it('asks for whole seconds: at a slow rate, several', async () => {
      expect(await limiter.take('slow', { rate: 0.1, burst: 1, now: T0 })).toMatchObject({ ok: true, retryAfterS: 0 });
      expect(await limiter.take('slow', { rate: 0.1, burst: 1, now: T0 + 1000 })).toMatchObject({ ok: false, retryAfterS: 9 });
    });

    it('counts failed authentications per address for a minute from the first', async () => {
      for (let i = 0; i < 3; i++) {
        expect(await limiter.failureWait('10.0.0.1', 3, T0 + i * 1000)).toBe(0);
        await limiter.recordFailure('10.0.0.1', T0 + i * 1000);
      }
      expect(await limiter.failureWait('10.0.0.1', 3, T0 + 2000)).toBe(58);
      expect(await limiter.failureWait('10.0.0.1', 4, T0 + 2000)).toBe(0);
      expect(await limiter.failureWait('10.0.0.2', 3, T0 + 2000)).toBe(0);
      expect(await limiter.failureWait('10.0.0.1', 3, T0 + 59_999)).toBe(1);
      expect(await limiter.failureWait('10.0.0.1', 3, T0 + 60_000)).toBe(0);
      // A new minute starts at the next failure.
      await limiter.recordFailure('10.0.0.1', T0 + 60_000);
      expect(await limiter.failureWait('10.0.0.1', 1, T0 + 60_000)).toBe(60);
      expect(await limiter.failureWait('10.0.0.1', 2, T0 + 60_000)).toBe(0);
    });

    it('is one budget for every instance on the storage: the (burst+1)th request is refused, whichever instance gets it', async () => {
      const other = f.open();
      const burst = 10;
      const outcomes = await Promise.all(Array.from({ length: burst + 1 }, (_, i) => (i % 2 ? other : limiter).take('shared', { rate: 1, burst, now: T0 })));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(burst);
      expect(await other.take('shared', { rate: 1, burst, now: T0 })).toMatchObject({ ok: false, retryAfterS: 1 });
      expect(await limiter.take('shared', { rate: 1, burst, now: T0 })).toMatchObject({ ok: false, retryAfterS: 1 });
      await other.recordFailure('10.0.0.9', T0);
      await limiter.recordFailure('10.0.0.9', T0);
      expect(await other.failureWait('10.0.0.9', 2, T0)).toBe(60);
    });
  });
}

describe.skipIf(skipPostgres)('access control with rate limits in PostgreSQL', () => {
  let h: Harness;
  let t: TestSchema;
  beforeEach(async () => {
    h = await startHarness();
    t = await testSchema();
  });
  afterEach(async () => {
    await h.close();
    await t.drop();
  });

  it('throttles an address whose failures were spread over two instances', async () => {
    const instance = () =>
      createHttpApp(h.app, { auth: { failuresPerMinute: 3, now: () => T0, limiter: new PostgresRateLimiter({ pool: t.otherPool(), schema: t.schema }) } }).hono;
    const [a, b] = [instance(), instance()];
    const get = (hono: typeof a) => hono.request('/plans', { headers: { authorization: 'Bearer dbn_wrongwrongwrongwrong' } });
    expect((await get(a)).status).toBe(401);
    expect((await get(b)).status).toBe(401);
    expect((await get(a)).status).toBe(401);
    const refused = await get(b);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
  });
});

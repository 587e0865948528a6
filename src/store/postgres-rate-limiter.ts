// Rate limits in PostgreSQL: the token buckets and failed-authentication counts of every duban
// instance on one database, in the event store's schema. Each call is one atomic statement (an
// upsert that refills, takes and answers at once), so instances never hand out the same token twice.
// Times come from each instance's clock; a bucket never runs backwards when those clocks differ a little.
import type pg from 'pg';
import { createOnce, quoteIdent } from './postgres-sql.ts';
import { FAILURE_WINDOW_MS, failureWaitOf, outcomeOf, type RateLimiter, type TakeOptions, type TakeOutcome } from './rate-limiter.ts';

export interface PostgresRateLimiterOptions {
  /** The PostgreSQL event store's pool (PostgresEventStore.pool). */
  pool: pg.Pool;
  /** Its schema: the rate_buckets and rate_failures tables are created there. */
  schema: string;
  /** Rows idle this long are deleted now and then, in ms (default 1 h): a bucket that long idle is full again at any sane rate. */
  idleMs?: number;
}

const tables = (s: string) => `
CREATE TABLE IF NOT EXISTS ${s}.rate_buckets (key text PRIMARY KEY, tokens double precision NOT NULL, at double precision NOT NULL, ok boolean NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.rate_failures (address text PRIMARY KEY, count integer NOT NULL, since double precision NOT NULL);
`;

export class PostgresRateLimiter implements RateLimiter {
  private readonly pool: pg.Pool;
  private readonly s: string;
  private ready: Promise<void> | null = null;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private readonly idleMs: number;

  constructor(private readonly options: PostgresRateLimiterOptions) {
    this.pool = options.pool;
    this.s = quoteIdent(options.schema);
    this.idleMs = options.idleMs ?? 60 * 60 * 1000;
  }

  init(): Promise<void> {
    if (!this.ready) {
      this.ready = createOnce(this.pool, this.options.schema, 'rate-limits', tables(this.s)).catch((error: unknown) => {
        this.ready = null;
        throw error;
      });
    }
    return this.ready;
  }

  async take(key: string, { rate, burst, now }: TakeOptions): Promise<TakeOutcome> {
    await this.init();
    await this.purge(now);
    // $4 is the refilled level of an existing bucket (b); a new one starts full, as in memory.
    const level = `least($3::float8, b.tokens + greatest(0, $2::float8 - b.at) / 1000 * $4::float8)`;
    const { rows } = await this.pool.query<{ tokens: number; ok: boolean }>(
      `INSERT INTO ${this.s}.rate_buckets AS b (key, tokens, at, ok)
       VALUES ($1, CASE WHEN $3::float8 >= 1 THEN $3::float8 - 1 ELSE $3::float8 END, $2::float8, $3::float8 >= 1)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${level} >= 1 THEN ${level} - 1 ELSE ${level} END,
         ok = ${level} >= 1,
         at = greatest(b.at, $2::float8)
       RETURNING tokens, ok`,
      [key, now, burst, rate],
    );
    const row = rows[0]!;
    return outcomeOf(row.ok, row.tokens, { rate, burst });
  }

  async failureWait(address: string, maxPerMinute: number, now: number): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query<{ count: number; since: number }>(`SELECT count, since FROM ${this.s}.rate_failures WHERE address = $1`, [address]);
    return failureWaitOf(rows[0], maxPerMinute, now);
  }

  async recordFailure(address: string, now: number): Promise<void> {
    await this.init();
    await this.purge(now);
    const expired = `$2::float8 - f.since >= ${FAILURE_WINDOW_MS}`;
    await this.pool.query(
      `INSERT INTO ${this.s}.rate_failures AS f (address, count, since) VALUES ($1, 1, $2::float8)
       ON CONFLICT (address) DO UPDATE SET
         count = CASE WHEN ${expired} THEN 1 ELSE f.count + 1 END,
         since = CASE WHEN ${expired} THEN $2::float8 ELSE f.since END`,
      [address, now],
    );
  }

  /** Deletes what no longer limits anyone, at most once a minute per instance. */
  private async purge(now: number): Promise<void> {
    if (now - this.lastPurge < FAILURE_WINDOW_MS) return;
    this.lastPurge = now;
    await this.pool.query(`DELETE FROM ${this.s}.rate_failures WHERE since <= $1::float8`, [now - FAILURE_WINDOW_MS]);
    await this.pool.query(`DELETE FROM ${this.s}.rate_buckets WHERE at <= $1::float8`, [now - this.idleMs]);
  }
}

/** The rate limits of a PostgreSQL event store, their tables ready. */
export async function openPostgresRateLimiter(options: PostgresRateLimiterOptions): Promise<PostgresRateLimiter> {
  const limiter = new PostgresRateLimiter(options);
  await limiter.init();
  return limiter;
}

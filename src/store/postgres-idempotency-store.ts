// Idempotency keys in PostgreSQL: a table in the event store's schema, so every duban instance on
// the one database agrees on each key — a request in flight in one process is in flight for all,
// and a completed one is replayed by any. begin locks the key's row (or, for a new key, its slot
// through an advisory lock on the key) and decides with the same rule as the other adapters
// (`decide` in ./idempotency-store.ts). Commits are synchronous: a recorded response is durable
// before it is sent.
import type pg from 'pg';
import { StoreError } from './errors.ts';
import {
  type BeginOutcome,
  decide,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type KeyRecord,
  type Settings,
  type StoredResponse,
  settingsOf,
} from './idempotency-store.ts';
import { createOnce, inTransaction, quoteIdent } from './postgres-sql.ts';

export interface PostgresIdempotencyStoreOptions extends IdempotencyStoreOptions {
  /** The PostgreSQL event store's pool (PostgresEventStore.pool). */
  pool: pg.Pool;
  /** Its schema: the idempotency_keys table is created there. */
  schema: string;
}

const tables = (s: string) => `
CREATE TABLE IF NOT EXISTS ${s}.idempotency_keys (
  scope       text   NOT NULL,
  key         text   NOT NULL,
  fingerprint text   NOT NULL,
  started_at  bigint NOT NULL,
  expires_at  bigint NOT NULL,
  status      integer,
  headers     text,
  body        bytea,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON ${s}.idempotency_keys (expires_at);
`;

interface Row {
  fingerprint: string;
  started_at: string;
  expires_at: string;
  status: number | null;
  headers: string | null;
  body: Buffer | null;
}

export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly settings: Settings;
  private readonly pool: pg.Pool;
  private readonly s: string;
  private ready: Promise<void> | null = null;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(private readonly options: PostgresIdempotencyStoreOptions) {
    this.settings = settingsOf(options);
    this.pool = options.pool;
    this.s = quoteIdent(options.schema);
  }

  /** Creates the table if need be; every method waits for it. */
  init(): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError(`the idempotency keys in schema ${this.options.schema} are closed`));
    if (!this.ready) {
      this.ready = createOnce(this.pool, this.options.schema, 'idempotency', tables(this.s)).catch((error: unknown) => {
        this.ready = null;
        throw wrap(error);
      });
    }
    return this.ready;
  }

  async begin(scope: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    await this.init();
    const now = this.settings.now();
    if (now - this.lastPurge >= this.settings.purgeEveryMs) await this.purgeAt(now);
    return run(() =>
      inTransaction(this.pool, async (c) => {
        // Serialises begins on this key across processes, whether or not its row exists yet.
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban:idempotency:${JSON.stringify([scope, key])}`]);
        const { rows } = await c.query<Row>(
          `SELECT fingerprint, started_at, expires_at, status, headers, body FROM ${this.s}.idempotency_keys WHERE scope = $1 AND key = $2`,
          [scope, key],
        );
        const { outcome, take } = decide(recordOf(rows[0]), fingerprint, now, this.settings);
        if (take) {
          await c.query(
            `INSERT INTO ${this.s}.idempotency_keys (scope, key, fingerprint, started_at, expires_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, started_at = excluded.started_at,
               expires_at = excluded.expires_at, status = NULL, headers = NULL, body = NULL`,
            [scope, key, fingerprint, now, now + this.settings.ttlMs],
          );
        }
        return outcome;
      }),
    );
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.init();
    await run(() =>
      this.pool.query(`UPDATE ${this.s}.idempotency_keys SET status = $1, headers = $2, body = $3 WHERE scope = $4 AND key = $5 AND status IS NULL`, [
        response.status,
        JSON.stringify(response.headers),
        Buffer.from(response.body),
        scope,
        key,
      ]),
    );
  }

  async abandon(scope: string, key: string): Promise<void> {
    await this.init();
    await run(() => this.pool.query(`DELETE FROM ${this.s}.idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL`, [scope, key]));
  }

  async purge(): Promise<number> {
    await this.init();
    return this.purgeAt(this.settings.now());
  }

  /** The pool is the event store's: closing leaves it open. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private async purgeAt(now: number): Promise<number> {
    this.lastPurge = now;
    const result = await run(() => this.pool.query(`DELETE FROM ${this.s}.idempotency_keys WHERE expires_at <= $1`, [now]));
    return result.rowCount ?? 0;
  }
}

/** The idempotency keys of a PostgreSQL event store, their table ready. */
export async function openPostgresIdempotencyStore(options: PostgresIdempotencyStoreOptions): Promise<PostgresIdempotencyStore> {
  const store = new PostgresIdempotencyStore(options);
  await store.init();
  return store;
}

function recordOf(row: Row | undefined): KeyRecord | undefined {
  if (!row) return undefined;
  return {
    fingerprint: row.fingerprint,
    startedAt: Number(row.started_at),
    expiresAt: Number(row.expires_at),
    ...(row.status === null
      ? {}
      : { response: { status: row.status, headers: JSON.parse(row.headers ?? '{}') as Record<string, string>, body: new Uint8Array(row.body ?? []) } }),
  };
}

/** Database errors as StoreError, as the SQLite adapter reports its own. */
function wrap(error: unknown): unknown {
  const e = error as { code?: unknown; message?: string };
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    return new StoreError(`idempotency keys: ${e.message ?? e.code} (${e.code})`, { cause: error });
  }
  return error;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw wrap(error);
  }
}

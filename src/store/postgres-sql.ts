// Small helpers shared by what duban keeps in PostgreSQL beside the events (read model, idempotency
// keys, rate limits): a schema name made safe to splice into SQL, a transaction on one pooled
// connection, and table creation that two processes starting at once do not race on.
import type pg from 'pg';
import type { EventStore } from './event-store.ts';

/** A store that keeps its events in PostgreSQL (duck-typed, as PostgresEventStore carries its pool and schema). */
export function isPostgresStore(store: EventStore): store is EventStore & { pool: pg.Pool; schema: string } {
  return 'pool' in store && 'schema' in store && typeof (store as { schema: unknown }).schema === 'string';
}

/** A schema (or table) name as an SQL identifier; only plain names, so nothing odd is ever spliced in. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new RangeError(`not a plain PostgreSQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Runs `work` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (e) {
      broken = e as Error; // the connection is unusable: the pool drops it
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs DDL under a transaction-scoped advisory lock named for the schema and what is created, so
 * two processes starting at once do not both try CREATE … IF NOT EXISTS (which can still collide
 * on the catalogue's unique indexes).
 */
export async function createOnce(pool: pg.Pool, schema: string, what: string, ddl: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban:${schema}:${what}`]);
        // Only when missing: CREATE SCHEMA IF NOT EXISTS asks for the database's CREATE privilege even
        // for a schema that is there, which a role on a managed database given one schema may lack.
        const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        if (!rowCount) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        await client.query(ddl);
      });
      return;
    } catch (error) {
      // The schema itself may be created at the same moment by another part (the event store): try again.
      const code = (error as { code?: string }).code;
      if (attempt >= 3 || (code !== '23505' && code !== '42P06' && code !== '42P07')) throw error;
    }
  }
}

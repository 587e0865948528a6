// Who holds a store: every running `duban serve` holds a shared lock on it for as long as it runs, and
// `duban rebuild` wants it exclusively — so a rebuild is refused while a server reads the read model
// it would drop, and a server does not start in the middle of a rebuild. The operating system (or
// PostgreSQL) lets go of a lock when its process ends, kill -9 included: no stale lock to clear.
//   SQLite store: a SQLite lock on a small file beside it, <store>.lock (0600), held by a read
//     transaction that stays open (shared) or an exclusive one (rebuild).
//   EventStoreDB: the same, beside this instance's local read model file.
//   PostgreSQL: a session advisory lock named for the store's schema.

import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { StoreError } from '../store/errors.ts';
import type { EventStore } from '../store/event-store.ts';
import { isPostgresStore } from '../store/postgres-sql.ts';
import { SqliteEventStore } from '../store/sqlite-event-store.ts';

export interface StoreLock {
  release(): Promise<void>;
}

/** The lock file of a store held in files; null for a store in memory or a PostgreSQL one. */
export function lockFileOf(store: EventStore): string | null {
  if (store instanceof SqliteEventStore) return store.path === ':memory:' ? null : `${store.path}.lock`;
  // As src/app/read-model/open-read-model.ts places an EventStoreDB store's local read model.
  const esdbPath = (store as { esdbReadModelPath?: unknown }).esdbReadModelPath;
  if (typeof esdbPath === 'string') {
    const chosen = (process.env.DUBAN_READ_MODEL ?? '').trim().replace(/^sqlite:/i, '');
    return `${resolve(chosen === '' ? esdbPath : chosen)}.lock`;
  }
  return null;
}

const isBusy = (error: unknown) => /^SQLITE_BUSY|^SQLITE_LOCKED/.test((error as { code?: string }).code ?? '');

function openLockFile(file: string): InstanceType<typeof Database> {
  const db = new Database(file);
  chmodSync(file, 0o600);
  db.pragma('busy_timeout = 0');
  return db;
}

const releasing = (db: InstanceType<typeof Database>): StoreLock => ({
  async release() {
    if (db.open) db.close(); // closing ends its transaction, and the lock with it
  },
});

/** The advisory lock's key: the schema's name, hashed by PostgreSQL itself. */
const ADVISORY_KEY = "hashtext('duban store ' || $1)";

async function advisory(
  store: EventStore & { pool: pg.Pool; schema: string },
  fn: 'pg_try_advisory_lock_shared' | 'pg_try_advisory_lock',
): Promise<StoreLock | null> {
  // A session lock lives on one connection: this one leaves the pool until the lock is released.
  const client = await store.pool.connect();
  try {
    const { rows } = await client.query<{ held: boolean }>(`SELECT ${fn}(${ADVISORY_KEY}) AS held`, [store.schema]);
    if (!rows[0]?.held) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  const unlock = fn === 'pg_try_advisory_lock' ? 'pg_advisory_unlock' : 'pg_advisory_unlock_shared';
  return {
    async release() {
      // Unlocked at once (ending the session would too, but only once PostgreSQL has noticed).
      try {
        await client.query(`SELECT ${unlock}(${ADVISORY_KEY})`, [store.schema]);
        client.release();
      } catch (error) {
        client.release(error as Error);
      }
    },
  };
}

/**
 * Held by a server for as long as it runs (shared: several servers may share a store). Refused while
 * a rebuild holds the store.
 */
export async function holdServerLock(store: EventStore): Promise<StoreLock> {
  const refused = () => new StoreError('a duban rebuild holds this store: start the server when it has finished');
  if (isPostgresStore(store)) return (await advisory(store, 'pg_try_advisory_lock_shared')) ?? Promise.reject(refused());
  const file = lockFileOf(store);
  if (file === null) return { release: async () => {} };
  const db = openLockFile(file);
  try {
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // a read: the shared lock, held until the end
    return releasing(db);
  } catch (error) {
    db.close();
    throw isBusy(error) ? refused() : error;
  }
}

/** Taken by a rebuild, exclusively; null while a server (or another rebuild) holds the store. */
export async function takeRebuildLock(store: EventStore): Promise<StoreLock | null> {
  if (isPostgresStore(store)) return advisory(store, 'pg_try_advisory_lock');
  const file = lockFileOf(store);
  if (file === null) return { release: async () => {} };
  const db = openLockFile(file);
  try {
    db.exec('BEGIN EXCLUSIVE');
    return releasing(db);
  } catch (error) {
    db.close();
    if (isBusy(error)) return null;
    throw error;
  }
}

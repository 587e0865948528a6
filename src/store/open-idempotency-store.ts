// Where a store's idempotency keys live: for the embedded store, a table in its own file (they must
// outlive a restart, as the events do); for a PostgreSQL store, a table in its schema (shared by
// every instance); in memory for a store in memory, or one of another kind.
import type { EventStore } from './event-store.ts';
import type { IdempotencyStore, IdempotencyStoreOptions } from './idempotency-store.ts';
import { MemoryIdempotencyStore } from './memory-idempotency-store.ts';
import { PostgresIdempotencyStore } from './postgres-idempotency-store.ts';
import { isPostgresStore } from './postgres-sql.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store.ts';

export function openIdempotencyStore(store: EventStore, options: IdempotencyStoreOptions = {}): IdempotencyStore {
  // A PostgreSQL store (duck-typed: its pool and schema): a table in its schema, shared by every instance.
  if (isPostgresStore(store)) return new PostgresIdempotencyStore({ ...options, pool: store.pool, schema: store.schema });
  if (store instanceof SqliteEventStore && store.path !== ':memory:') {
    return new SqliteIdempotencyStore(store.path, { ...options, checkpointed: store.checkpointer !== undefined });
  }
  return new MemoryIdempotencyStore(options);
}

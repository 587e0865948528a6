// Where a store's idempotency keys live: for the embedded store, a table in its own file (they must
// outlive a restart, as the events do); in memory for a store in memory, or one of another kind.
import type { EventStore } from './event-store.ts';
import type { IdempotencyStore, IdempotencyStoreOptions } from './idempotency-store.ts';
import { MemoryIdempotencyStore } from './memory-idempotency-store.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store.ts';

export function openIdempotencyStore(store: EventStore, options: IdempotencyStoreOptions = {}): IdempotencyStore {
  if (store instanceof SqliteEventStore && store.path !== ':memory:') return new SqliteIdempotencyStore(store.path, options);
  return new MemoryIdempotencyStore(options);
}

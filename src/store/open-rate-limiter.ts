// Where rate limits are kept for a store: instances sharing a PostgreSQL store share their limits
// too (a table in its schema); otherwise they are per process.
import type { EventStore } from './event-store.ts';
import { MemoryRateLimiter } from './memory-rate-limiter.ts';
import { PostgresRateLimiter } from './postgres-rate-limiter.ts';
import { isPostgresStore } from './postgres-sql.ts';
import type { RateLimiter } from './rate-limiter.ts';

export function openRateLimiter(store: EventStore): RateLimiter {
  return isPostgresStore(store) ? new PostgresRateLimiter({ pool: store.pool, schema: store.schema }) : new MemoryRateLimiter();
}

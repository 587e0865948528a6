// Where a store's read model lives: for the embedded store, a SQLite file beside the store's
// (duban.db → duban.read-model.db) — a cache of the events, left out of backups and rebuilt at will;
// in memory for a store in memory; for a PostgreSQL store, tables rm_* in its schema.
//
// For an EventStoreDB / KurrentDB store, a local SQLite file too: DUBAN_READ_MODEL (a path, or
// sqlite:path), by default ./data/esdb-<host_port>.read-model.db. The read model is a cache of $all that
// any instance rebuilds from the server; keeping it beside each duban instance needs no second server
// and its reads stay local. Each instance catches its own file up through its $all subscription, and reads
// take minPosition across instances. (The PostgreSQL read model could serve it too; not wired for ESDB yet.)
import { resolve } from 'node:path';
import type { EventStore } from '../../store/event-store.ts';
import { isPostgresStore } from '../../store/postgres-sql.ts';
import { SqliteEventStore } from '../../store/sqlite-event-store.ts';
import { PostgresReadModel } from './postgres-read-model.ts';
import type { ReadModel } from './read-model.ts';
import { readModelPathFor, SqliteReadModel } from './sqlite-read-model.ts';

export function openReadModel(store: EventStore): ReadModel {
  // A PostgreSQL store (duck-typed: it carries its pool and schema): the read model sits in its schema,
  // indexing the audit trail from the events table in place when that table's columns fit. It creates
  // its tables at first use; openPostgresReadModel (./postgres-read-model.ts) does so up front.
  if (isPostgresStore(store)) return new PostgresReadModel({ pool: store.pool, schema: store.schema, eventsTable: 'events' });
  // Duck-typed, so that sqlite users never load the EventStoreDB client (src/store/esdb-event-store.ts).
  const esdbPath = (store as { esdbReadModelPath?: unknown }).esdbReadModelPath;
  if (typeof esdbPath === 'string') {
    const chosen = (process.env.DUBAN_READ_MODEL ?? '').trim().replace(/^sqlite:/i, '');
    return new SqliteReadModel(resolve(chosen === '' ? esdbPath : chosen));
  }
  if (store instanceof SqliteEventStore && store.path !== ':memory:') {
    return new SqliteReadModel(readModelPathFor(store.path), { eventsFile: store.path, checkpointer: store.checkpointer });
  }
  return new SqliteReadModel(':memory:');
}

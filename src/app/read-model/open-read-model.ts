// Where a store's read model lives: for the embedded store, a SQLite file beside the store's
// (duban.db → duban.read-model.db) — a cache of the events, left out of backups and rebuilt at will;
// in memory for a store in memory.
//
// For an EventStoreDB / KurrentDB store, a local SQLite file too: DUBAN_READ_MODEL (a path, or
// sqlite:path), by default ./data/esdb-<host_port>.read-model.db. The read model is a cache of $all that
// any instance rebuilds from the server; keeping it beside each duban instance needs no second server
// and its reads stay local. Each instance catches its own file up through its $all subscription, and reads
// take minPosition across instances. (A PostgreSQL read model, where one is built, can serve instead.)
import { resolve } from 'node:path';
import type { EventStore } from '../../store/event-store.ts';
import { SqliteEventStore } from '../../store/sqlite-event-store.ts';
import type { ReadModel } from './read-model.ts';
import { readModelPathFor, SqliteReadModel } from './sqlite-read-model.ts';

export function openReadModel(store: EventStore): ReadModel {
  // Duck-typed, so that sqlite users never load the EventStoreDB client (src/store/esdb-event-store.ts).
  const esdbPath = (store as { esdbReadModelPath?: unknown }).esdbReadModelPath;
  if (typeof esdbPath === 'string') {
    const chosen = (process.env.DUBAN_READ_MODEL ?? '').trim().replace(/^sqlite:/i, '');
    return new SqliteReadModel(resolve(chosen === '' ? esdbPath : chosen));
  }
  if (store instanceof SqliteEventStore && store.path !== ':memory:') {
    return new SqliteReadModel(readModelPathFor(store.path), { eventsFile: store.path });
  }
  return new SqliteReadModel(':memory:');
}

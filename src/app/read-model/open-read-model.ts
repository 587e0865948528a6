// Where a store's read model lives: for the embedded store, a SQLite file beside the store's
// (duban.db → duban.read-model.db) — a cache of the events, left out of backups and rebuilt at will;
// in memory for a store in memory.
import type { EventStore } from '../../store/event-store.ts';
import { SqliteEventStore } from '../../store/sqlite-event-store.ts';
import type { ReadModel } from './read-model.ts';
import { readModelPathFor, SqliteReadModel } from './sqlite-read-model.ts';

export function openReadModel(store: EventStore): ReadModel {
  if (store instanceof SqliteEventStore && store.path !== ':memory:') {
    return new SqliteReadModel(readModelPathFor(store.path), { eventsFile: store.path });
  }
  return new SqliteReadModel(':memory:');
}

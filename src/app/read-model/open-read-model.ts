// Where a store's read model lives: beside the events in the same SQLite file for the embedded
// store (one file to back up); in memory for a store in memory.
import type { EventStore } from '../../store/event-store.ts';
import { SqliteEventStore } from '../../store/sqlite-event-store.ts';
import type { ReadModel } from './read-model.ts';
import { SqliteReadModel } from './sqlite-read-model.ts';

export function openReadModel(store: EventStore): ReadModel {
  if (store instanceof SqliteEventStore) return new SqliteReadModel(store.path, { eventsInSameFile: true });
  return new SqliteReadModel(':memory:');
}

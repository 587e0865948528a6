// The events table as the SQL adapters (SQLite, PostgreSQL) read it: the same columns, read as raw
// arrays, which cost less to read than objects keyed by column name.
import type { Actor, RecordedEvent } from './event-store.ts';

export const COLUMNS =
  'global_position, event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, ' +
  'actor, correlation_id, causation_id, schema_version, data, hash, prev_hash';

/** A row as read, in COLUMNS order. */
export type EventTuple = [
  globalPosition: number,
  eventId: string,
  streamId: string,
  streamRevision: number,
  type: string,
  planId: string,
  recordedAt: string,
  effectiveAt: string,
  actor: string,
  correlationId: string,
  causationId: string | null,
  schemaVersion: number,
  data: string,
  hash: string,
  prevHash: string | null,
];

/**
 * Parsed actors by their JSON: a store has few actors and many events, so each is parsed once and
 * shared (frozen, since every event holding it sees the same object). Bounded, in case of many.
 */
export class ActorCache {
  private readonly actors = new Map<string, Actor>();
  parse(json: string): Actor {
    let actor = this.actors.get(json);
    if (!actor) {
      if (this.actors.size >= 10_000) this.actors.clear();
      actor = Object.freeze(JSON.parse(json) as Actor);
      this.actors.set(json, actor);
    }
    return actor;
  }
}

export function rowToEvent(r: EventTuple, actors: ActorCache): RecordedEvent {
  return {
    eventId: r[1],
    type: r[4],
    streamId: r[2],
    streamRevision: r[3],
    globalPosition: r[0],
    planId: r[5],
    recordedAt: r[6],
    effectiveAt: r[7],
    actor: actors.parse(r[8]),
    correlationId: r[9],
    causationId: r[10],
    schemaVersion: r[11],
    data: JSON.parse(r[12]) as unknown,
    hash: r[13],
    prevHash: r[14],
  };
}

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
 * What rows repeat, kept across reads. Actors are parsed once per JSON text and shared (frozen, since
 * every event holding it sees the same object). The drivers hand out a new string per value, so events
 * also share one string per type, plan and stream, per recordedAt (a batch's; most effectiveAt are it)
 * and per hash (the stream's next prevHash): read events take about a third less memory, and the
 * copies die young, which the garbage collector does not pay to keep (.bench: readAll ~5% faster).
 * Bounded, in case of many. The name is from when it held actors only.
 */
export class ActorCache {
  private readonly actors = new Map<string, Actor>();
  private readonly strings = new Map<string, string>();
  /** Each stream's last hash read. */
  private readonly hashes = new Map<string, string>();
  private lastRecordedAt = '';

  /** The last actor parsed and its JSON: consecutive rows mostly share one (an append's, a batch's). */
  private lastActorJson = '';
  private lastActor: Actor | undefined;
  /** The last type, plan and stream shared, likewise. */
  private lastType = '';
  private lastPlan = '';
  private lastStream = '';

  parse(json: string): Actor {
    // Comparing with the last row's text costs less than hashing it for the map (a new string each row).
    if (json === this.lastActorJson && this.lastActor) return this.lastActor;
    this.lastActorJson = json;
    this.lastActor = this.parseShared(json);
    return this.lastActor;
  }

  private parseShared(json: string): Actor {
    let actor = this.actors.get(json);
    if (!actor) {
      if (this.actors.size >= 10_000) this.actors.clear();
      actor = Object.freeze(JSON.parse(json) as Actor);
      this.actors.set(json, actor);
    }
    return actor;
  }

  type(s: string): string {
    if (s !== this.lastType) this.lastType = this.intern(s);
    return this.lastType;
  }

  plan(s: string): string {
    if (s !== this.lastPlan) this.lastPlan = this.intern(s);
    return this.lastPlan;
  }

  stream(s: string): string {
    if (s !== this.lastStream) this.lastStream = this.intern(s);
    return this.lastStream;
  }

  intern(s: string): string {
    const shared = this.strings.get(s);
    if (shared !== undefined) return shared;
    if (this.strings.size >= 10_000) this.strings.clear();
    this.strings.set(s, s);
    return s;
  }

  /** The string equal to `recordedAt` that earlier rows hold. */
  recordedAt(recordedAt: string): string {
    if (recordedAt !== this.lastRecordedAt) this.lastRecordedAt = recordedAt;
    return this.lastRecordedAt;
  }

  /** The stream's previous hash when prevHash equals it, and notes `hash` as the stream's last. */
  chain(streamId: string, hash: string, prevHash: string | null): string | null {
    const last = this.hashes.get(streamId);
    if (this.hashes.size >= 10_000) this.hashes.clear();
    this.hashes.set(streamId, hash);
    return prevHash !== null && prevHash === last ? last : prevHash;
  }
}

/** One object literal, its fields always in this order, so every event read shares one shape. */
export function rowToEvent(r: EventTuple, cache: ActorCache): RecordedEvent {
  const streamId = cache.stream(r[2]);
  const recordedAt = cache.recordedAt(r[6]);
  return {
    eventId: r[1],
    type: cache.type(r[4]),
    streamId,
    streamRevision: r[3],
    globalPosition: r[0],
    planId: cache.plan(r[5]),
    recordedAt,
    effectiveAt: r[7] === recordedAt ? recordedAt : r[7],
    actor: cache.parse(r[8]),
    correlationId: r[9],
    causationId: r[10],
    schemaVersion: r[11],
    data: JSON.parse(r[12]) as unknown,
    hash: r[13],
    prevHash: cache.chain(streamId, r[13], r[14]),
  };
}

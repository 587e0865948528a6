// How duban's envelope maps onto EventStoreDB: the event and its metadata, $all positions, revisions and
// expected revisions. Pure functions, unit-tested without a server.

import type { AllStreamResolvedEvent, AppendExpectedRevision, CurrentRevision, EventData, Position, ResolvedEvent } from '@eventstore/db-client';
import { jsonEvent, NO_STREAM, START } from '@eventstore/db-client';
import { StoreError } from '../errors.ts';
import type { HashedEnvelope } from '../event-hash.ts';
import type { ExpectedRevision, RecordedEvent } from '../event-store.ts';

/** Marks duban's events in ESDB metadata; the version of this mapping. */
export const ESDB_ENVELOPE_MARK = 'dubanEnvelope';
export const ESDB_ENVELOPE_VERSION = 1;
/** The stream holding facts about the store itself (its hash algorithm), after the stream prefix. */
export const ESDB_META_STREAM = 'duban-store-meta';
export const META_EVENT_TYPE = 'DubanStoreCreated';

/** What duban keeps in an ESDB event's metadata. */
export interface EsdbEnvelopeMetadata
  extends Pick<RecordedEvent, 'planId' | 'recordedAt' | 'effectiveAt' | 'actor' | 'correlationId' | 'causationId' | 'schemaVersion' | 'hash' | 'prevHash'> {
  dubanEnvelope: typeof ESDB_ENVELOPE_VERSION;
  /** ESDB's own conventions, read by its projections. */
  $correlationId: string;
  $causationId?: string;
}

/** Events per read while scanning $all. */
export const SCAN_PAGE = 512;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Above this a "position" is ESDB's "none" (ulong max, or -1 read as unsigned). */
export const NO_POSITION = 1n << 63n;

// ---------------------------------------------------------------------------------------------------
// Pure mapping: envelope ↔ ESDB event, positions, expected revisions.

/** An envelope as an ESDB event to append: the recorded event minus its stream, revision and position. */
export function toEsdbEvent(event: HashedEnvelope & { hash: string }): EventData {
  const metadata: EsdbEnvelopeMetadata = {
    dubanEnvelope: ESDB_ENVELOPE_VERSION,
    planId: event.planId,
    recordedAt: event.recordedAt,
    effectiveAt: event.effectiveAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    schemaVersion: event.schemaVersion,
    hash: event.hash,
    prevHash: event.prevHash,
    $correlationId: event.correlationId,
    ...(event.causationId === null ? {} : { $causationId: event.causationId }),
  };
  // The client JSON.stringifies data whatever its type, so any JSON value goes (the typing says object).
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata as unknown as Record<string, unknown>,
  });
}

export function isEnvelopeMetadata(m: unknown): m is EsdbEnvelopeMetadata {
  if (m === null || typeof m !== 'object' || m instanceof Uint8Array) return false;
  return (m as Record<string, unknown>)[ESDB_ENVELOPE_MARK] === ESDB_ENVELOPE_VERSION;
}

/**
 * An ESDB event back as duban's, or null when it is not one of duban's (system event, link, another
 * application's event, outside the stream prefix). Throws a StoreError for one of duban's events that
 * cannot be placed (no usable $all position).
 */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent, streamPrefix = ''): RecordedEvent | null {
  const e = resolved.event;
  if (!e || resolved.link) return null;
  if (e.type.startsWith('$') || e.streamId.startsWith('$')) return null;
  if (!e.streamId.startsWith(streamPrefix)) return null;
  if (!e.isJson || !isEnvelopeMetadata(e.metadata)) return null;
  const m = e.metadata;
  return {
    eventId: e.id,
    type: e.type,
    streamId: e.streamId.slice(streamPrefix.length),
    streamRevision: revisionToNumber(e.revision),
    globalPosition: positionToGlobal(e.position ?? commitOnly(resolved.commitPosition), e.id),
    planId: m.planId,
    recordedAt: m.recordedAt,
    effectiveAt: m.effectiveAt,
    actor: m.actor,
    correlationId: m.correlationId,
    causationId: m.causationId ?? null,
    schemaVersion: m.schemaVersion,
    data: e.data as unknown,
    hash: m.hash,
    prevHash: m.prevHash ?? null,
  };
}

export function commitOnly(commit: bigint | undefined): Position | undefined {
  return commit === undefined ? undefined : { commit, prepare: commit };
}

/** An ESDB $all position as duban's globalPosition (see the header for why commit alone suffices). */
export function positionToGlobal(position: Position | undefined, eventId = '?'): number {
  if (!position || position.commit <= 0n || position.commit >= NO_POSITION) {
    throw new StoreError(`EventStoreDB gave no $all position for event ${eventId}; duban needs EventStoreDB 22.6 or later`);
  }
  if (position.prepare !== position.commit) {
    throw new StoreError(
      `event ${eventId} sits in an explicit transaction (commit ${position.commit}, prepare ${position.prepare}); ` +
        'duban reads only events appended on their own',
    );
  }
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new StoreError(`the $all position ${position.commit} of event ${eventId} is beyond what duban can number (${Number.MAX_SAFE_INTEGER})`);
  }
  return Number(position.commit);
}

/** Where to read $all from for "events after this globalPosition": the start, or that event's position. */
export function globalToPosition(globalPosition: number): Position | typeof START {
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 0) {
    throw new StoreError(`a position is a non-negative integer, got ${String(globalPosition)}`);
  }
  if (globalPosition === 0) return START;
  const p = BigInt(globalPosition);
  return { commit: p, prepare: p };
}

/** An ESDB revision (bigint) as a streamRevision. */
export function revisionToNumber(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new StoreError(`stream revision ${revision} is out of range`);
  return Number(revision);
}

/** The server's "current revision" of a stream as duban's: -1 for no stream. */
export function currentRevisionToNumber(current: CurrentRevision | AppendExpectedRevision): number {
  return typeof current === 'bigint' ? revisionToNumber(current) : -1;
}

/** The exact expectation the adapter appends with, for a stream whose head it has just read. */
export function pinnedExpectedRevision(actual: number): AppendExpectedRevision {
  return actual < 0 ? NO_STREAM : BigInt(actual);
}

// The port's expectedRevision rules, under the names this module has always exported.
export { checkExpected as checkExpectedRevision, satisfies as satisfiesExpected } from '../event-checks.ts';

/** Whether the caller named the exact state (so a lost race is theirs to handle, not ours to retry). */
export function isPinned(expected: ExpectedRevision): boolean {
  return expected === 'no_stream' || typeof expected === 'number';
}

// Checked events placed in a stream: their envelope at a revision, and hashed one onto the other from
// the stream's head (the chain every adapter extends the same way).
import { InvalidAppendError } from './errors.ts';
import { eventHash } from './event-hash.ts';
import type { HashAlgorithm, HashedEnvelope } from './event-hash.ts';
import type { CheckedEvent } from './event-checks.ts';

/** A checked event's envelope at its place; correlationId defaults to the first eventId of its append. */
export function envelopeAt(
  e: CheckedEvent,
  streamId: string,
  streamRevision: number,
  recordedAt: string,
  correlationDefault: string,
  prevHash: string | null,
): HashedEnvelope {
  return {
    eventId: e.eventId,
    type: e.type,
    streamId,
    streamRevision,
    planId: e.planId,
    recordedAt,
    effectiveAt: e.effectiveAt ?? recordedAt,
    actor: e.actor,
    correlationId: e.correlationId ?? correlationDefault,
    causationId: e.causationId,
    schemaVersion: e.schemaVersion,
    data: e.data,
    prevHash,
  };
}

/** Checked events (actor and data as a read gives them back) hashed onto a stream's head (null: none yet). */
export function chainEvents(
  streamId: string,
  events: readonly CheckedEvent[],
  head: { revision: number; hash: string | null } | null,
  recordedAt: string,
  algorithm: HashAlgorithm,
): Array<HashedEnvelope & { hash: string }> {
  const correlationDefault = events[0]!.eventId;
  let prevHash = head ? head.hash : null;
  let revision = head ? head.revision : -1;
  return events.map((e, i) => {
    revision += 1;
    const envelope = envelopeAt(e, streamId, revision, recordedAt, correlationDefault, prevHash);
    let hash: string;
    try {
      hash = eventHash(envelope, algorithm);
    } catch (err) {
      throw new InvalidAppendError(`event ${i} (${e.eventId}): cannot be hashed: ${(err as Error).message}`);
    }
    prevHash = hash;
    return { ...envelope, hash };
  });
}

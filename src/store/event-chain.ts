// Checked events placed in a stream: their envelope at a revision, and hashed one onto the other from
// the stream's head (the chain every adapter extends the same way).
import { plainCanonicalJson } from './canonical-json.ts';
import { InvalidAppendError } from './errors.ts';
import type { CheckedEvent } from './event-checks.ts';
import { checkEvent } from './event-checks.ts';
import type { HashAlgorithm, HashedEnvelope } from './event-hash.ts';
import { canonicalJson, eventHash, hashCanonical } from './event-hash.ts';
import type { Actor, NewEvent, RecordedEvent } from './event-store.ts';

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

/** An event checked and serialised outside the transaction, with the pieces of its canonical JSON. */
export interface PreparedEvent extends CheckedEvent {
  /** The caller's actor and data when plain JSON, else their JSON read back: what the returned event holds. */
  actor: Actor;
  data: unknown;
  /** The envelope's JCS (envelopeCanonical) from its start to `"correlationId":`. */
  canonHead: string;
  /** The envelope's JCS from `,"data":` to `"effectiveAt":`. */
  canonMiddle: string;
}

export function prepareEvent(e: NewEvent, index: number): PreparedEvent {
  const checked = checkEvent(e, index);
  const at = `event ${index}`;
  const { actor, actorJson, dataJson } = checked;
  // The hash's canonical JSON is made here, from what is stored: plain JSON as it is (the same bytes as
  // its JSON read back, without the round trip), anything else (a Date, a class instance…) read back
  // from its JSON, as it will be read from the store.
  let actorCanon = plainCanonicalJson(actor);
  let dataCanon = plainCanonicalJson(e.data);
  let actorOut = actor as Actor;
  let dataOut = e.data;
  try {
    if (actorCanon === undefined) {
      actorOut = JSON.parse(actorJson) as Actor;
      actorCanon = canonicalJson(actorOut);
    }
    if (dataCanon === undefined) {
      dataOut = JSON.parse(dataJson) as unknown;
      dataCanon = canonicalJson(dataOut);
    }
    for (const s of [checked.eventId, checked.type, checked.planId, checked.correlationId, checked.causationId]) {
      if (s !== null && !s.isWellFormed()) throw new TypeError(`lone surrogate in ${JSON.stringify(s)}`);
    }
  } catch (err) {
    // JCS refuses what JSON.parse can still yield, e.g. a lone surrogate in a string.
    throw new InvalidAppendError(`${at} (${e.eventId}): cannot be hashed: ${(err as Error).message}`);
  }
  const causation = checked.causationId;
  // Written out, not spread: `{ ...checked, more }` cost 2.6 µs an event (.bench), a third of the
  // JavaScript an event of a batch costs, and left objects the later steps read more slowly.
  return {
    eventId: checked.eventId,
    type: checked.type,
    planId: checked.planId,
    effectiveAt: checked.effectiveAt,
    actor: actorOut,
    data: dataOut,
    actorJson,
    dataJson,
    correlationId: checked.correlationId,
    causationId: causation,
    schemaVersion: checked.schemaVersion,
    canonHead: `{"actor":${actorCanon},"causationId":${causation === null ? 'null' : JSON.stringify(causation)},"correlationId":`,
    canonMiddle: `,"data":${dataCanon},"effectiveAt":`,
  };
}

/**
 * JCS of the envelope, its members in JCS order (actor, causationId, correlationId, data, effectiveAt,
 * eventId, planId, prevHash, recordedAt, schemaVersion, streamId, streamRevision, type): actor and
 * data were made canonical outside the transaction, the rest are strings checked well-formed, integers
 * and null, which JSON.stringify writes as JCS does. test/store/canonical-json.test.ts checks the
 * result against eventHash of the event as read back.
 */
export function envelopeCanonical(e: PreparedEvent, env: HashedEnvelope): string {
  return (
    e.canonHead +
    JSON.stringify(env.correlationId) +
    e.canonMiddle +
    JSON.stringify(env.effectiveAt) +
    ',"eventId":' +
    JSON.stringify(env.eventId) +
    ',"planId":' +
    JSON.stringify(env.planId) +
    ',"prevHash":' +
    (env.prevHash === null ? 'null' : JSON.stringify(env.prevHash)) +
    ',"recordedAt":' +
    JSON.stringify(env.recordedAt) +
    ',"schemaVersion":' +
    String(env.schemaVersion) +
    ',"streamId":' +
    JSON.stringify(env.streamId) +
    ',"streamRevision":' +
    String(env.streamRevision) +
    ',"type":' +
    JSON.stringify(env.type) +
    '}'
  );
}

/**
 * The recorded event of a hashed envelope at a position — holding the envelope's actor and data, or
 * those given (a held event's, read back from the JSON stored): written out, not spread (this runs on
 * every append), its members in the order a read gives them (sql-event-rows.ts rowToEvent).
 */
export function recordedEvent(env: HashedEnvelope, hash: string, globalPosition: number, actor: Actor = env.actor, data: unknown = env.data): RecordedEvent {
  return {
    eventId: env.eventId,
    type: env.type,
    streamId: env.streamId,
    streamRevision: env.streamRevision,
    globalPosition,
    planId: env.planId,
    recordedAt: env.recordedAt,
    effectiveAt: env.effectiveAt,
    actor,
    correlationId: env.correlationId,
    causationId: env.causationId,
    schemaVersion: env.schemaVersion,
    data,
    hash,
    prevHash: env.prevHash,
  };
}

/**
 * Prepared events hashed onto a stream's head (revision -1, hash null: none yet), as recorded events
 * with globalPosition 0 (the caller fills it in): chainEvents' result, its canonical JSON assembled
 * from the pieces prepareEvent made instead of canonicalising each envelope whole.
 */
export function chainPrepared(
  streamId: string,
  events: readonly PreparedEvent[],
  head: { revision: number; hash: string | null },
  recordedAt: string,
  algorithm: HashAlgorithm,
): RecordedEvent[] {
  const correlationDefault = events[0]!.eventId;
  let prevHash = head.hash;
  let revision = head.revision;
  const out: RecordedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    revision += 1;
    const envelope = envelopeAt(e, streamId, revision, recordedAt, correlationDefault, prevHash);
    const hash = hashCanonical(envelopeCanonical(e, envelope), algorithm);
    out[i] = recordedEvent(envelope, hash, 0);
    prevHash = hash;
  }
  return out;
}

// What every adapter checks of what callers hand in, with the same rules and the same messages: a new
// event (append), a recorded one (importRecorded, its hash recomputed), an expectedRevision, an instant.
// Adapters layer their own rules on top (EventStoreDB: UUID ids, no $-types; SQLite: the canonical
// JSON pieces of its fast hash).

import { InvalidAppendError } from './errors.ts';
import type { HashAlgorithm, HashedEnvelope } from './event-hash.ts';
import { eventHash } from './event-hash.ts';
import type { Actor, ExpectedRevision, NewEvent, RecordedEvent } from './event-store.ts';

export const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as the store keeps it: `toISOString()` (UTC, milliseconds), so string order = time order. */
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the Dates toISOString writes as ISO_MS_UTC. */
const FIRST_INSTANT = -62167219200000;
const LAST_INSTANT = 253402300799999;

export function normaliseInstant(value: string | Date, what: string, ErrorType: new (m: string) => Error): string {
  // A Date (every append's clock reading) in range needs no parsing and no pattern check.
  if (value instanceof Date) {
    const t = value.getTime();
    if (t >= FIRST_INSTANT && t <= LAST_INSTANT) return value.toISOString();
  }
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  const t = d.getTime();
  if (Number.isNaN(t)) throw new ErrorType(`${what} is not a valid instant: ${String(value)}`);
  const iso = d.toISOString();
  if (!ISO_MS_UTC.test(iso)) throw new ErrorType(`${what} is outside the years 0000-9999: ${String(value)}`);
  return iso;
}

export function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

export function checkExpected(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return;
  throw new InvalidAppendError(`expectedRevision must be a revision (>= -1), 'no_stream', 'stream_exists' or 'any', got ${String(expected)}`);
}

/** Whether a stream at `actual` (-1: none) meets the caller's expectation. */
export function satisfies(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}

/** Refuses an eventId that appears twice in one call (`what`: 'append' or 'import'). */
export function checkDistinctIds(events: readonly { eventId: string }[], what: string): void {
  if (events.length < 2) return;
  const ids = new Set<string>();
  for (const e of events) {
    if (ids.has(e.eventId)) throw new InvalidAppendError(`eventId ${e.eventId} appears twice in one ${what}`);
    ids.add(e.eventId);
  }
}

/** An adapter's own rules, checked where the shared ones check the same field (so the first fault is reported). */
export interface EventRules {
  /** After eventId is known to be a non-empty string. */
  eventId?(eventId: string, at: string): void;
  /** After type is known to be a non-empty string. */
  type?(type: string, at: string): void;
}

/** A new event checked and serialised: the caller's actor and data, and their JSON. */
export interface CheckedEvent {
  eventId: string;
  type: string;
  planId: string;
  effectiveAt: string | null;
  /** The caller's objects, as handed in (checked, not copied). */
  actor: Actor;
  data: unknown;
  actorJson: string;
  dataJson: string;
  correlationId: string | null;
  causationId: string | null;
  schemaVersion: number;
}

export function checkEvent(e: NewEvent, index: number, rules: EventRules = {}): CheckedEvent {
  const at = `event ${index}`;
  if (e === null || typeof e !== 'object') throw new InvalidAppendError(`${at} is not an object`);
  if (!isNonEmptyString(e.eventId)) throw new InvalidAppendError(`${at}: eventId must be a non-empty string`);
  rules.eventId?.(e.eventId, at);
  if (!isNonEmptyString(e.type)) throw new InvalidAppendError(`${at} (${e.eventId}): type must be a non-empty string`);
  rules.type?.(e.type, `${at} (${e.eventId})`);
  if (!isNonEmptyString(e.planId)) throw new InvalidAppendError(`${at} (${e.eventId}): planId must be a non-empty string`);
  const actor = e.actor as Partial<Actor> | undefined;
  if (actor === null || typeof actor !== 'object' || !isNonEmptyString(actor.id) || !isNonEmptyString(actor.role)) {
    throw new InvalidAppendError(`${at} (${e.eventId}): actor must have a non-empty id and role`);
  }
  if (actor.unitId !== undefined && typeof actor.unitId !== 'string') {
    throw new InvalidAppendError(`${at} (${e.eventId}): actor.unitId must be a string`);
  }
  const effectiveAt = e.effectiveAt === undefined ? null : normaliseInstant(e.effectiveAt, `${at} (${e.eventId}): effectiveAt`, InvalidAppendError);
  if (e.correlationId !== undefined && !isNonEmptyString(e.correlationId)) {
    throw new InvalidAppendError(`${at} (${e.eventId}): correlationId must be a non-empty string`);
  }
  if (e.causationId !== undefined && e.causationId !== null && !isNonEmptyString(e.causationId)) {
    throw new InvalidAppendError(`${at} (${e.eventId}): causationId must be a non-empty string or null`);
  }
  const schemaVersion = e.schemaVersion ?? 1;
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw new InvalidAppendError(`${at} (${e.eventId}): schemaVersion must be a positive integer`);
  }
  let dataJson: string | undefined;
  let actorJson: string;
  try {
    dataJson = JSON.stringify(e.data);
    actorJson = JSON.stringify(actor);
  } catch (err) {
    throw new InvalidAppendError(`${at} (${e.eventId}): not JSON-serialisable: ${(err as Error).message}`);
  }
  if (dataJson === undefined) throw new InvalidAppendError(`${at} (${e.eventId}): data must be a JSON value`);
  return {
    eventId: e.eventId,
    type: e.type,
    planId: e.planId,
    effectiveAt,
    actor: actor as Actor,
    data: e.data,
    actorJson,
    dataJson,
    correlationId: e.correlationId ?? null,
    causationId: e.causationId ?? null,
    schemaVersion,
  };
}

/** An event recorded elsewhere, checked, serialised and its hash recomputed with this store's algorithm. */
export interface CheckedRecorded extends CheckedEvent {
  streamId: string;
  streamRevision: number;
  recordedAt: string;
  effectiveAt: string;
  correlationId: string;
  hash: string;
  prevHash: string | null;
  /** The envelope as it will be read back (actor and data through JSON): what the hash was recomputed over. */
  envelope: HashedEnvelope;
}

export function checkRecorded(e: RecordedEvent, index: number, algorithm: HashAlgorithm, rules: EventRules = {}): CheckedRecorded {
  const base = checkEvent(e, index, rules);
  const at = `event ${index} (${e.eventId})`;
  if (!isNonEmptyString(e.streamId)) throw new InvalidAppendError(`${at}: streamId must be a non-empty string`);
  if (!Number.isSafeInteger(e.streamRevision) || e.streamRevision < 0) {
    throw new InvalidAppendError(`${at}: streamRevision must be a whole number >= 0`);
  }
  if (!isNonEmptyString(e.correlationId)) throw new InvalidAppendError(`${at}: correlationId must be a non-empty string`);
  if (!isNonEmptyString(e.hash)) throw new InvalidAppendError(`${at}: hash must be a non-empty string`);
  if (e.prevHash !== null && !isNonEmptyString(e.prevHash)) throw new InvalidAppendError(`${at}: prevHash must be a non-empty string or null`);
  const recordedAt = normaliseInstant(e.recordedAt, `${at}: recordedAt`, InvalidAppendError);
  const effectiveAt = base.effectiveAt ?? recordedAt;
  // The hash is recomputed over the envelope as it will be stored: a match means the row reproduces it.
  const envelope: HashedEnvelope = {
    eventId: base.eventId,
    type: base.type,
    streamId: e.streamId,
    streamRevision: e.streamRevision,
    planId: base.planId,
    recordedAt,
    effectiveAt,
    actor: JSON.parse(base.actorJson) as Actor,
    correlationId: e.correlationId,
    causationId: base.causationId,
    schemaVersion: base.schemaVersion,
    data: JSON.parse(base.dataJson) as unknown,
    prevHash: e.prevHash,
  };
  let hash: string;
  try {
    hash = eventHash(envelope, algorithm);
  } catch (err) {
    throw new InvalidAppendError(`${at}: cannot be hashed: ${(err as Error).message}`);
  }
  if (hash !== e.hash) {
    throw new InvalidAppendError(`${at}: its hash does not recompute with this store's ${algorithm} (the event was changed, or hashed with another algorithm)`);
  }
  return {
    ...base,
    streamId: e.streamId,
    streamRevision: e.streamRevision,
    recordedAt,
    effectiveAt,
    correlationId: e.correlationId,
    hash,
    prevHash: e.prevHash,
    envelope,
  };
}

/** A checked event with its actor and data copied through JSON: what a read will give back. */
export function withJsonCopies(c: CheckedEvent): CheckedEvent {
  return { ...c, actor: JSON.parse(c.actorJson) as Actor, data: JSON.parse(c.dataJson) as unknown };
}

/**
 * append's own arguments, in the port's order: a stream (and the adapter's rule on its name), at least
 * one event, an expectedRevision. Returns the expectation, 'any' when none was given.
 */
export function checkAppendArgs(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision | undefined,
  streamRule?: (streamId: string) => void,
): ExpectedRevision {
  if (!isNonEmptyString(streamId)) throw new InvalidAppendError('streamId must be a non-empty string');
  streamRule?.(streamId);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`an append to ${streamId} needs at least one event`);
  }
  const expected = expectedRevision ?? 'any';
  checkExpected(expected);
  return expected;
}

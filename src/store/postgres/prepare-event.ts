// Checks and serialises a NewEvent before any round trip, as the SQLite store does (the same rules,
// the same messages), and the ExpectedRevision helpers. Kept apart from sqlite-event-store.ts, which
// holds its own copy, so the two adapters can be changed independently; worth sharing once both settle.
import type { Actor, ExpectedRevision, NewEvent } from '../event-store.ts';
import { InvalidAppendError } from '../errors.ts';

export const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as the store keeps it: `toISOString()` (UTC, milliseconds), so string order = time order. */
export function normaliseInstant(value: string | Date, what: string, ErrorType: new (m: string) => Error): string {
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

/** An event checked and serialised outside the transaction. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  planId: string;
  effectiveAt: string | null;
  actorJson: string;
  correlationId: string | null;
  causationId: string | null;
  schemaVersion: number;
  dataJson: string;
}

export function prepareEvent(e: NewEvent, index: number): PreparedEvent {
  const at = `event ${index}`;
  if (e === null || typeof e !== 'object') throw new InvalidAppendError(`${at} is not an object`);
  if (!isNonEmptyString(e.eventId)) throw new InvalidAppendError(`${at}: eventId must be a non-empty string`);
  if (!isNonEmptyString(e.type)) throw new InvalidAppendError(`${at} (${e.eventId}): type must be a non-empty string`);
  if (!isNonEmptyString(e.planId)) throw new InvalidAppendError(`${at} (${e.eventId}): planId must be a non-empty string`);
  const actor = e.actor as Partial<Actor> | undefined;
  if (actor === null || typeof actor !== 'object' || !isNonEmptyString(actor.id) || !isNonEmptyString(actor.role)) {
    throw new InvalidAppendError(`${at} (${e.eventId}): actor must have a non-empty id and role`);
  }
  if (actor.unitId !== undefined && typeof actor.unitId !== 'string') {
    throw new InvalidAppendError(`${at} (${e.eventId}): actor.unitId must be a string`);
  }
  const effectiveAt =
    e.effectiveAt === undefined ? null : normaliseInstant(e.effectiveAt, `${at} (${e.eventId}): effectiveAt`, InvalidAppendError);
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
    actorJson,
    correlationId: e.correlationId ?? null,
    causationId: e.causationId ?? null,
    schemaVersion,
    dataJson,
  };
}

export function checkExpected(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return;
  throw new InvalidAppendError(`expectedRevision must be a revision (>= -1), 'no_stream', 'stream_exists' or 'any', got ${String(expected)}`);
}

export function satisfies(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return actual === expected;
}


// An event as it leaves the server (/events, /events/stream): the whole envelope but its secrets. A
// token's hash (TokenIssued, TokenRevoked) stays inside — with it, a guessable token could be tested
// offline. Such an event's hash then cannot be recomputed from what is served; `duban verify` and
// /audit/verify check it inside, and `duban verify --export` (the operator's own file) keeps it all.
import type { RecordedEvent } from '../store/event-store.ts';

/** The fields of `data`, per event type, that are never served. */
const SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  TokenIssued: ['tokenHash'],
  TokenRevoked: ['tokenHash'],
};

export function servedEvent(event: RecordedEvent): RecordedEvent {
  const secret = SECRET_FIELDS[event.type];
  if (!secret || event.data === null || typeof event.data !== 'object') return event;
  const data: Record<string, unknown> = { ...event.data };
  for (const field of secret) delete data[field];
  return { ...event, data };
}

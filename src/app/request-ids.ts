// Event ids that a request makes again when it is run again. A request with an Idempotency-Key whose
// process died between its append and its recorded response leaves the key held; once the hold has
// lapsed (inFlightTimeoutMs, 60 s), the client's retry runs the command again, on a state that already
// holds the first run's events. Its events get the same ids as the first run's — derived from the key,
// not drawn at random — so the store refuses them (DuplicateEventError, answered 409 already-applied)
// instead of recording the change twice.
// The ids travel with the actor: the one value every command carries from its route to its append
// (the command handler's appendEvents). route.ts gives each keyed request an actor object of its own, registered here; the
// actor's fields, and so what events record, are unchanged.
import { createHash } from 'node:crypto';
import { stringify } from 'uuid';
import type { Actor } from '../store/event-store.ts';

interface RequestIds {
  readonly seed: string;
  /** The request's appends that went in so far. A request's appends run one after another: no command appends side by side. */
  appends: number;
}

const keyed = new WeakMap<Actor, RequestIds>();

/** A copy of `actor` whose appends take ids derived from `seed`: the same seed, the same ids. */
export function actorWithIds(actor: Actor, seed: string): Actor {
  const copy = { ...actor };
  keyed.set(copy, { seed, appends: 0 });
  return copy;
}

/**
 * The ids for the next append of `count` events by `actor`, or null for an actor without a seed (its
 * ids are drawn as usual). They follow from the seed and the number of the request's appends that went
 * in before: a pass decided again after a lost race (ConcurrencyError) takes the same ones, since its
 * first did not go in, and so does a run of the request after a crash.
 */
export function derivedEventIds(actor: Actor, count: number): string[] | null {
  const ids = keyed.get(actor);
  if (!ids) return null;
  return Array.from({ length: count }, (_, i) => uuidV8(createHash('sha256').update(`${ids.seed}\n${ids.appends}\n${i}`).digest()));
}

/** Notes that an append by `actor` went in, so that its next one takes other ids. */
export function countAppend(actor: Actor): void {
  const ids = keyed.get(actor);
  if (ids) ids.appends += 1;
}

/** RFC 9562 UUIDv8 (custom) from the first 16 bytes of a hash: version 8, variant 10. */
function uuidV8(hash: Buffer): string {
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return stringify(hash);
}

// A projection is a fold over recorded events, kept per key (a task, a plan, later a unit, an
// indicator, a meeting …). `keysOf` says which keys an event touches; `evolve` gives a key's next
// state from its previous one (undefined before its first event). Both are pure: no I/O, no clock,
// so the state of a key at any prefix of the events is the same fold over that prefix. Where the
// states live (the read model in the database, versioned by position and valid time) is the
// runner's business, not the projection's. They take events typed (a RecordedDomainEvent: `switch
// (event.type)` narrows `event.data`); whoever reads them from the store types them with asDomainEvent.
import { type AsDomainEvent, asDomainEvent } from '../src/domain/events.ts';
import type { RecordedEvent } from '../src/store/event-store.ts';

/** A recorded event as a projection folds it: the store's envelope, its type and data one of the domain's events. */
export type RecordedDomainEvent = AsDomainEvent<RecordedEvent>;

export interface KeyedProjection<State> {
  readonly name: string;
  keysOf(event: RecordedDomainEvent): readonly string[];
  /** The key's state after the event; undefined leaves it as it was. Must not change `state`. */
  evolve(state: State | undefined, event: RecordedDomainEvent, key: string): State | undefined;
}

/** Folds one key's state over events (what the read model keeps, computed in memory: for tests and checks). */
export function foldKey<State>(projection: KeyedProjection<State>, key: string, events: Iterable<RecordedEvent>): State | undefined {
  let state: State | undefined;
  for (const recorded of events) {
    const event = asDomainEvent(recorded);
    if (!projection.keysOf(event).includes(key)) continue;
    state = projection.evolve(state, event, key) ?? state;
  }
  return state;
}

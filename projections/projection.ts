// A projection is a fold over recorded events. `evolve` may update the state it is handed (the
// runner owns it) and returns it; it does no I/O and reads no clock, so folding a prefix of the
// events gives exactly the state as it stood at that prefix.
import type { RecordedEvent } from '../src/store/event-store.ts';

export interface Projection<State> {
  readonly name: string;
  initial(): State;
  evolve(state: State, event: RecordedEvent): State;
  /** The state as plain JSON, for a snapshot; fromJSON(toJSON(s)) folds on exactly like s. */
  toJSON(state: State): unknown;
  fromJSON(json: unknown): State;
}

export function fold<State>(projection: Projection<State>, events: Iterable<RecordedEvent>, state = projection.initial()): State {
  for (const event of events) state = projection.evolve(state, event);
  return state;
}

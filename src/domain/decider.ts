// The one shape of every aggregate's rules: a state folded from its stream's events, and the events a
// command decides on it. Pure: the clock's reading, new ids and whatever the command needs from
// outside its stream (the plan, the read model's facts) come in with the command.
// src/app/command-handler.ts runs every write through one: fold → decide → append.

/** An event as a decider decides it: the store adds the envelope (ids, positions, recordedAt…). */
export interface Decided<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** Valid time, when earlier than the append (a late report); the store's recordedAt otherwise. */
  effectiveAt?: string;
}

/** An event as a decider folds it: as recorded (src/store/event-store.ts RecordedEvent is one). */
export interface Fact {
  type: string;
  data: unknown;
  effectiveAt: string;
  /** 0-based position within the stream. */
  streamRevision: number;
  actor: { id: string; role: string; unitId?: string };
}

export interface Decider<Command, Event extends Decided, State> {
  /** The state of a stream with no events. */
  initialState(): State;
  /** The state after one more event; must not change the state it is given. */
  evolve(state: State, event: Fact): State;
  /** The events the command makes on the state, or a DomainError when it is refused. */
  decide(command: Command, state: State): Event[];
}

// The one way decider tests read: given the stream's events, when a command comes, then these events
// are decided (or this refusal thrown). The events are folded with the decider's own evolve from its
// initialState, as the command handler folds a stream.
//   const task = deciderSpec(taskDecider);
//   task.given(changed('not_started', 'in_progress')).when(command('at_risk')).then([{ type: 'TaskStatusChanged', … }]);
//   task.given().when(command('in_progress', { reason: ' ' })).thenThrows(RuleViolated, /reason/);
import { expect } from 'vitest';
import type { Decided, Decider, Fact } from '../../src/domain/decider.ts';

/** An event as a test gives it: what evolve reads (type, data), the envelope's fields as far as the test needs them. */
export type GivenEvent = Pick<Fact, 'type' | 'data'> & Partial<Omit<Fact, 'type' | 'data' | 'actor'>> & { actor?: Partial<Fact['actor']> };

type ErrorClass = abstract new (...args: any[]) => Error;

export interface When<Event extends Decided> {
  /** The events decided, exactly. */
  then(expected: readonly Event[]): void;
  /** The events decided, as far as `expected` says (toMatchObject). */
  thenMatches(expected: readonly unknown[]): void;
  /** The refusal: its class, and its message (a string it contains, or a pattern) when given; the error, for more. */
  thenThrows<E extends Error>(kind: ErrorClass & (abstract new (...args: never[]) => E), message?: string | RegExp): E;
  /** The events decided, for what the checks above do not say. */
  events(): Event[];
}

export interface Given<Command, Event extends Decided, State> {
  /** The state the events fold to. */
  readonly state: State;
  when(command: Command): When<Event>;
}

export function deciderSpec<Command, Event extends Decided, State>(decider: Decider<Command, Event, State>) {
  return {
    given(...events: GivenEvent[]): Given<Command, Event, State> {
      // A test's event carries only what it means to say; evolve reads the fields it needs.
      const state = events.reduce((s, e) => decider.evolve(s, e as Fact), decider.initialState());
      return {
        state,
        when(command: Command): When<Event> {
          const run = () => decider.decide(command, state);
          return {
            // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the test means; a When is never awaited
            then: (expected) => expect(run()).toEqual(expected),
            thenMatches: (expected) => expect(run()).toMatchObject(expected as unknown[]),
            thenThrows(kind, message) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error, 'the command was not refused').toBeInstanceOf(kind);
              if (typeof message === 'string') expect((error as Error).message).toContain(message);
              else if (message) expect((error as Error).message).toMatch(message);
              return error as never;
            },
            events: run,
          };
        },
      };
    },
  };
}

// Appending what a decider decided: each event gets a new id, its plan, the actor and its own
// effectiveAt, and goes in only if the stream still holds the events the decision was made on
// (else ConcurrencyError: the caller reads again and decides again, or answers 412).
import type { AppendResult, Actor } from '../store/event-store.ts';
import type { AppContext } from './context.ts';

export interface Decided {
  type: string;
  data: unknown;
  effectiveAt?: string;
}

export function appendDecided(
  ctx: AppContext,
  streamId: string,
  planId: string,
  events: readonly Decided[],
  actor: Actor,
  /** How many events the stream held when the decision was made. */
  seen: number,
): Promise<AppendResult> {
  return ctx.store.append(
    streamId,
    events.map((e) => ({
      eventId: ctx.newId(),
      type: e.type,
      planId,
      data: e.data,
      actor,
      ...(e.effectiveAt ? { effectiveAt: e.effectiveAt } : {}),
    })),
    { expectedRevision: seen === 0 ? 'no_stream' : seen - 1 },
  );
}

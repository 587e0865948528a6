// Appending what a decider decided: each event gets a new id (or, for a request with an
// Idempotency-Key, the one it got the first time the request ran), its plan, the actor and its own
// effectiveAt, and goes in only if the stream still holds the events the decision was made on
// (else ConcurrencyError: the caller reads again and decides again, or answers 412).
import { ConcurrencyError } from '../store/errors.ts';
import type { AppendResult, Actor } from '../store/event-store.ts';
import type { AppContext } from './context.ts';
import { countAppend, derivedEventIds } from './request-ids.ts';

export interface Decided {
  type: string;
  data: unknown;
  effectiveAt?: string;
}

export async function appendDecided(
  ctx: AppContext,
  streamId: string,
  planId: string,
  events: readonly Decided[],
  actor: Actor,
  /** How many events the stream held when the decision was made. */
  seen: number,
): Promise<AppendResult> {
  // A request with an Idempotency-Key makes its ids again when it is run again (./request-ids.ts).
  const ids = derivedEventIds(actor, events.length);
  const result = await ctx.store.append(
    streamId,
    events.map((e, i) => ({
      eventId: ids?.[i] ?? ctx.newId(),
      type: e.type,
      planId,
      data: e.data,
      actor,
      ...(e.effectiveAt ? { effectiveAt: e.effectiveAt } : {}),
    })),
    { expectedRevision: seen === 0 ? 'no_stream' : seen - 1 },
  );
  countAppend(actor);
  return result;
}

const ATTEMPTS = 3;

/**
 * Runs a read → decide → append pass again when another writer got to the stream first, three
 * passes at most. `onConflict` may turn a lost race into its own answer (If-Match: 412).
 */
export async function retryOnConflict<T>(pass: () => Promise<T>, onConflict?: (error: ConcurrencyError) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pass();
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      onConflict?.(error);
      if (attempt >= ATTEMPTS) throw error;
    }
  }
}

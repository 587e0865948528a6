// The one way a write goes in. Every command of every aggregate comes through here:
//   1. the stream's state: the one this process last folded (stream-state.ts), its tail not read;
//   2. the command made on it (the clock read anew on each attempt) and decided by the aggregate's decider;
//   3. the events appended at the revision decided on, with ids a repeated request makes again (request-ids.ts);
//   4. on a lost race, a refusal or a failed If-Match decided on the held state: the stream read and decided
//      again (a lost race three times at most; with If-Match a lost race is the client's 412);
//   5. the read model waited for, up to ctx.minPositionWaitMs: past that, WriteNotYetApplied (503, the
//      write stored, its position and event ids said) — the one way a stored write fails;
//   6. the response built from the read model: nothing there turns a stored write into a 5xx.
// No other module appends to the store (test/app/one-write-path.test.ts checks).
import type { Decided, Decider } from '../domain/decider.ts';
import { DomainError } from '../domain/errors.ts';
import { ConcurrencyError } from '../store/errors.ts';
import type { Actor, AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../store/event-store.ts';
import type { AppContext } from './context.ts';
import { localActor } from './context.ts';
import { PreconditionFailed, WriteNotYetApplied } from './errors.ts';
import { countAppend, derivedEventIds } from './request-ids.ts';
import { foldAppended, foldStream } from './stream-state.ts';

/** A stream's entity tag: how many events it holds. */
export const etagOf = (revision: number) => `"${revision}"`;

const ATTEMPTS = 3;

export interface CommandOf<Command, Event extends Decided, State> {
  decider: Decider<Command, Event, State>;
  streamId: string;
  /** The plan the events belong to (SYSTEM_PLAN_ID for tokens). */
  planId: string;
  /** Who writes; the office's local user when absent. */
  actor?: Actor | undefined;
  /**
   * The command, made for the state it is decided on: called again on every attempt, so "now" is read
   * anew (after a lost race, the winner's write may carry a later time). What it needs from the read
   * model or the plan is read before; it may read more (async) for the state it is given.
   */
  command: (state: State) => Command | Promise<Command>;
  /** If-Match's entity tags ("*" removed): the write goes through only if the stream's is one of them. */
  ifMatch?: readonly string[] | undefined;
}

/** A command's outcome, once its events are stored and the read model has applied them. */
export interface Handled<Event extends Decided> {
  /** The events as decided. */
  decided: Event[];
  /** The events as recorded. */
  events: RecordedEvent[];
  /** The store position of the last of them. */
  position: number;
}

/**
 * Runs a command through its decider and appends what it decides, then waits for the read model to
 * apply it and builds the response with `respond` (from the read model, at `handled.position`).
 */
export async function handleCommand<Command, Event extends Decided, State, Result>(
  ctx: AppContext,
  spec: CommandOf<Command, Event, State>,
  respond: (handled: Handled<Event>) => Result | Promise<Result>,
): Promise<Result> {
  const handled = await decideAndAppend(ctx, spec);
  await waitForOwnWrite(ctx, handled);
  try {
    return await respond(handled);
  } catch (error) {
    // The events are in: whatever fails now is answered as a write not yet readable, never as a 5xx.
    throw new WriteNotYetApplied(
      handled.position,
      ctx.runner.position,
      ctx.minPositionWaitMs,
      handled.events.map((e) => e.eventId),
      error,
    );
  }
}

/**
 * For writes the server makes for itself (plan adoption, tokens): the same fold → decide → append,
 * and the read model given its chance to apply it (a reader waits for it anyway), never failing once stored.
 */
export async function handleSystemCommand<Command, Event extends Decided, State>(
  ctx: AppContext,
  spec: CommandOf<Command, Event, State>,
): Promise<Handled<Event>> {
  const handled = await decideAndAppend(ctx, spec);
  await ctx.runner.waitFor(handled.position, ctx.minPositionWaitMs).catch(() => false);
  return handled;
}

async function waitForOwnWrite(ctx: AppContext, handled: Handled<Decided>): Promise<void> {
  let applied = false;
  try {
    applied = await ctx.runner.waitFor(handled.position, ctx.minPositionWaitMs);
  } catch {
    // A failed catch-up is a read model not yet there, as is a slow one.
  }
  if (!applied)
    throw new WriteNotYetApplied(
      handled.position,
      ctx.runner.position,
      ctx.minPositionWaitMs,
      handled.events.map((e) => e.eventId),
    );
}

async function decideAndAppend<Command, Event extends Decided, State>(ctx: AppContext, spec: CommandOf<Command, Event, State>): Promise<Handled<Event>> {
  const { decider, streamId, ifMatch } = spec;
  const actor = spec.actor ?? localActor;
  // The first pass decides on the state this process last folded, without reading the stream's tail
  // (a read transaction per write; a stream is mostly written through the process that wrote it last).
  // The append names the revision decided on, so a write by another process meanwhile is refused;
  // that, a refusal and a failed If-Match are answered only after the stream has been read and the
  // command decided again.
  let unread = true;
  for (let lost = 0; ; ) {
    const folded = await foldStream(ctx, streamId, decider.evolve, initialOf(decider), { unread });
    unread = false;
    let decided: Event[];
    let result: AppendResult;
    try {
      if (ifMatch && !ifMatch.includes(etagOf(folded.events))) throw new PreconditionFailed(etagOf(folded.events));
      decided = decider.decide(await spec.command(folded.state), folded.state);
      result = await appendEvents(ctx.store, streamId, spec.planId, decided, actor, folded.events === 0 ? 'no_stream' : folded.events - 1, ctx.newId);
    } catch (error) {
      if (folded.unread && mayBeStale(error, ifMatch)) continue;
      if (!(error instanceof ConcurrencyError)) throw error;
      // With If-Match the client named the revision: losing the race is its 412.
      if (ifMatch) throw new PreconditionFailed(etagOf(error.actual + 1));
      if (++lost >= ATTEMPTS) throw error;
      continue;
    }
    foldAppended(ctx, streamId, decider.evolve, result.events);
    return { decided, events: result.events, position: result.lastPosition };
  }
}

/** Whether a pass's failure may come from a state older than the stream (its tail not read). */
function mayBeStale(error: unknown, ifMatch: readonly string[] | undefined): boolean {
  if (error instanceof DomainError || error instanceof PreconditionFailed) return true;
  return error instanceof ConcurrencyError && !ifMatch;
}

// One initial state per decider: the held states are folded from it (stream-state.ts asks the same one each time).
const initials = new WeakMap<object, unknown>();
function initialOf<State>(decider: Decider<unknown, Decided, State>): State {
  if (!initials.has(decider)) initials.set(decider, decider.initialState());
  return initials.get(decider) as State;
}

/**
 * Appends decided events: each gets a new id (or, for a request with an Idempotency-Key, the one it
 * got when the request first ran), its plan, the actor and its own effectiveAt. Also for the server's
 * own records that carry no decision (digests): they come through here, not to the store directly.
 */
export async function appendEvents(
  store: EventStore,
  streamId: string,
  planId: string,
  events: readonly Decided[],
  actor: Actor,
  expectedRevision: ExpectedRevision,
  newId: () => string,
): Promise<AppendResult> {
  // A request with an Idempotency-Key makes its ids again when it is run again (./request-ids.ts).
  const ids = derivedEventIds(actor, events.length);
  const result = await store.append(
    streamId,
    events.map(
      (e, i): NewEvent => ({
        eventId: ids?.[i] ?? newId(),
        type: e.type,
        planId,
        data: e.data,
        actor,
        ...(e.effectiveAt ? { effectiveAt: e.effectiveAt } : {}),
      }),
    ),
    { expectedRevision },
  );
  countAppend(actor);
  return result;
}

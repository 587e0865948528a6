// A decider's state of a stream, folded once and then continued from the stream's tail: a stream is
// append-only with dense revisions, so the state after its first n events never changes, and the next
// command reads only the events after them (from the store, so writes by other processes count too).
// Without it each command re-read its whole stream — a task's status changes grow with the years.
import { LRUCache } from 'lru-cache';
import type { RecordedEvent } from '../store/event-store.ts';
import type { AppContext } from './context.ts';

interface Folded {
  /** How many of the stream's events the state holds. */
  events: number;
  state: unknown;
}

// Per application (its context) and per fold: one LRU of streams each.
const caches = new WeakMap<AppContext, WeakMap<object, LRUCache<string, Folded>>>();

function cacheFor(ctx: AppContext, evolve: object): LRUCache<string, Folded> {
  let byFold = caches.get(ctx);
  if (!byFold) {
    byFold = new WeakMap();
    caches.set(ctx, byFold);
  }
  let cache = byFold.get(evolve);
  if (!cache) {
    cache = new LRUCache<string, Folded>({ max: 20_000 });
    byFold.set(evolve, cache);
  }
  return cache;
}

/**
 * The stream's events folded with `evolve` from `initial`, and how many there were (the revision a
 * decision is made on). `evolve` must be pure and must not change the state it is given; `initial`
 * must be the same for every call with this `evolve`.
 *
 * With `unread: true`, a state this process holds is answered as it is, its tail not read (`unread`
 * in the answer says so): for a decider whose append names the revision it decided on, which the
 * store refuses if another process wrote meanwhile. What such a decision refuses must be read again
 * before it is answered (see changeTaskStatus).
 */
export async function foldStream<S>(
  ctx: AppContext,
  streamId: string,
  evolve: (state: S, event: RecordedEvent) => S,
  initial: S,
  options: { unread?: boolean } = {},
): Promise<{ state: S; events: number; unread: boolean }> {
  const cache = cacheFor(ctx, evolve);
  const known = cache.get(streamId);
  if (known && options.unread) return { state: known.state as S, events: known.events, unread: true };
  let state = (known ? known.state : initial) as S;
  let events = known ? known.events : 0;
  const tail = await ctx.store.readStream(streamId, { fromRevision: events });
  for (const event of tail) {
    // A tail that does not continue where the state ends (not expected of a store): start over.
    if (event.streamRevision !== events) return foldAll(ctx, streamId, evolve, initial, cache);
    state = evolve(state, event);
    events += 1;
  }
  const now = cache.get(streamId);
  // A concurrent command may have folded further meanwhile: keep the longer.
  if (!now || now.events < events) cache.set(streamId, { events, state });
  return { state, events, unread: false };
}

async function foldAll<S>(
  ctx: AppContext,
  streamId: string,
  evolve: (state: S, event: RecordedEvent) => S,
  initial: S,
  cache: LRUCache<string, Folded>,
): Promise<{ state: S; events: number; unread: boolean }> {
  const stream = await ctx.store.readStream(streamId);
  const state = stream.reduce(evolve, initial);
  cache.set(streamId, { events: stream.length, state });
  return { state, events: stream.length, unread: false };
}

/**
 * Continues a folded state with the events the command just appended to its stream, so that the next
 * command on it reads nothing back. Only when the state held ends right where they begin.
 */
export function foldAppended<S>(ctx: AppContext, streamId: string, evolve: (state: S, event: RecordedEvent) => S, appended: readonly RecordedEvent[]): void {
  const cache = cacheFor(ctx, evolve);
  const known = cache.get(streamId);
  if (!known || appended.length === 0 || appended[0]!.streamRevision !== known.events) return;
  cache.set(streamId, { events: known.events + appended.length, state: appended.reduce(evolve, known.state as S) });
}

// The event feed for integrating systems: the store's global order, paged or followed, filtered by
// plan and event type. Works on the EventStore port alone, so it needs no projection. What it hands
// out is served: secrets taken out (./served-event.ts).
import type { EventStore, RecordedEvent, Subscription } from '../store/event-store.ts';
import { type EventScope, scopeCovers } from './event-scope.ts';
import { servedEvent } from './served-event.ts';

export interface EventFilter {
  /** What the caller's token may read (src/app/event-scope.ts); none: everything. */
  scope?: EventScope;
  planId?: string;
  /** Any of these types; none or empty means every type. */
  types?: readonly string[];
}

export interface EventPageQuery extends EventFilter {
  /** Exclusive: events with globalPosition > after. Default 0. */
  after?: number;
  /** Matching events per page. Default 100. */
  limit?: number;
}

export interface EventPage {
  items: RecordedEvent[];
  /** The last position examined: the next page starts after it, so nothing is read twice. */
  nextAfter: number;
  /** The store's head when the page was read; nextAfter === headPosition means the client is up to date. */
  headPosition: number;
}

export const DEFAULT_PAGE_LIMIT = 100;
/** A filtered page stops after examining this many events, so one request's work is bounded. */
export const MAX_EXAMINED_PER_PAGE = 50_000;
/** Events read per store call while filtering: a few plan adoptions each carry a whole plan. */
const FILTER_CHUNK = 500;

export function eventMatcher(filter: EventFilter): (event: RecordedEvent) => boolean {
  const types = filter.types?.length ? new Set(filter.types) : null;
  const planId = filter.planId;
  const scope = filter.scope;
  return (event) =>
    (scope === undefined || scopeCovers(scope, event.planId)) && (planId === undefined || event.planId === planId) && (types === null || types.has(event.type));
}

const isFiltered = (filter: EventFilter) =>
  filter.planId !== undefined || !!filter.types?.length || (filter.scope !== undefined && (filter.scope.planIds !== undefined || !filter.scope.system));

/**
 * One page of the global order. Reads in chunks until `limit` events match, the head (as of the
 * start of the request) is reached, or `maxExamined` events have been looked at.
 */
export async function readEventPage(store: EventStore, query: EventPageQuery, options: { maxExamined?: number } = {}): Promise<EventPage> {
  const after = query.after ?? 0;
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  const maxExamined = options.maxExamined ?? MAX_EXAMINED_PER_PAGE;
  const matches = eventMatcher(query);
  const filtered = isFiltered(query);
  // Pinned for the whole page: events appended meanwhile belong to the next one.
  const headPosition = await store.headPosition();

  const items: RecordedEvent[] = [];
  let position = after;
  let examined = 0;
  while (items.length < limit && position < headPosition && examined < maxExamined) {
    const want = filtered ? FILTER_CHUNK : limit - items.length;
    const chunk = await store.readAll({ after: position, upTo: headPosition, maxCount: Math.min(want, maxExamined - examined) });
    if (chunk.length === 0) {
      position = headPosition; // nothing left up to the head (positions need not be dense)
      break;
    }
    for (const event of chunk) {
      examined += 1;
      position = event.globalPosition;
      if (matches(event)) {
        items.push(servedEvent(event));
        if (items.length === limit) break;
      }
    }
  }
  return { items, nextAfter: position, headPosition };
}

/**
 * Follows the store from `after`: the backlog, then live appends, each matching event handed to
 * `onEvent` in order. `onEvent` is awaited before the next one, so a slow consumer slows the
 * subscription instead of queueing events in memory.
 */
export function followEvents(
  store: EventStore,
  options: EventFilter & {
    after: number;
    onEvent: (event: RecordedEvent) => Promise<void>;
    onError: (error: unknown) => void;
  },
): Subscription {
  const matches = eventMatcher(options);
  return store.subscribe({
    after: options.after,
    onEvent: (event) => (matches(event) ? options.onEvent(servedEvent(event)) : undefined),
    onError: options.onError,
  });
}

// /events: the event feed for integrating systems — pages of the store's global order, and the same
// order as a live Server-Sent Events stream that resumes from Last-Event-ID.
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { type EventFilter, followEvents, readEventPage } from '../../app/event-feed.ts';
import { eventScope } from '../../app/event-scope.ts';
import type { Principal } from '../../app/token/token-queries.ts';
import { EventPage } from '../../app/views.ts';
import { eventTypes } from '../../domain/events.ts';
import type { EventStore, Subscription } from '../../store/event-store.ts';
import { LiveFeedLimit, type LiveFeedLimits } from '../middleware/live-feed-limit.ts';
import type { Api } from '../openapi/route.ts';
import { invalidInput } from '../problem.ts';

export interface EventRouteOptions {
  /** How often a stream sends a `: heartbeat` comment (skipped while a write is pending), in ms. Default 15 000. */
  heartbeatMs?: number;
  /** Aborted when the server stops: every open stream ends, so the server can close. */
  shutdown?: AbortSignal;
  /** Where a stream's failure (its subscription stopped on a store error) is reported. */
  onBug?: (error: unknown, request: Request) => void;
  /** Live feeds open at once, per token and in all (../middleware/live-feed-limit.ts). */
  liveFeeds?: LiveFeedLimits;
}

export const EventType = z.enum(Object.values(eventTypes)).meta({ id: 'EventType', description: 'The kind of an event (the event catalogue).' });

const Position = z.coerce.number().int().min(0);

const filterQuery = {
  planId: z.string().min(1).max(64).optional().describe("Only this plan's events."),
  type: z.array(EventType).max(100).optional().describe('Only events of these types (repeat the parameter or separate with commas).'),
};

const LAST_EVENT_ID = 'Last-Event-ID';

const STREAM_FORMAT =
  'A text/event-stream that stays open. Each matching event is one message: `id:` its globalPosition, `event:` its type, ' +
  '`data:` the Event as JSON (one line). First the events already recorded after the starting position, then each new one as it is appended. ' +
  'Every so often (15 s by default) a comment line `: heartbeat` keeps the connection and its proxies awake. ' +
  'To resume, send the last id received as Last-Event-ID (EventSource does this on reconnect).';

/** Last-Event-ID as a position; undefined when absent or empty (EventSource sends none before its first id). */
function lastEventId(c: Context): number | undefined {
  const raw = c.req.header(LAST_EVENT_ID)?.trim();
  if (!raw) return undefined;
  const parsed = Position.safeParse(raw);
  if (!/^\d+$/.test(raw) || !parsed.success) {
    throw invalidInput([
      {
        in: 'header',
        pointer: `/${LAST_EVENT_ID}`,
        detail: { en: 'must be the id of an event this stream sent (a store position)', zh: '应为本事件流发出过的事件 id（存储位置）' },
      },
    ]);
  }
  return parsed.data;
}

export function eventRoutes(api: Api, store: EventStore, options: EventRouteOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const feeds = new LiveFeedLimit(options.liveFeeds);

  api.route({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    access: { kind: 'read-store', scoped: true },
    summary: 'A page of events in store order',
    description:
      'Events with globalPosition > `after`, oldest first: those of the plans the token is bound to, or of every plan for a store-wide token ' +
      "(the store's own `_system` events — tokens, digests — for a store-wide office token only). A filtered page reads past non-matching events up to the head, " +
      'or until it has examined 50 000 events, and may then hold fewer than `limit` (even none); ' +
      'either way, continue with `after` = `nextAfter` until `nextAfter` equals `headPosition`.',
    tag: 'event-feed',
    query: z.strictObject({
      after: Position.default(0).describe("Start after this store position (the previous page's nextAfter); 0 from the start."),
      limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Events per page, at most.'),
      ...filterQuery,
    }),
    responses: { 200: { description: 'A page of events and where to continue.', schema: EventPage } },
    problems: [422],
    handler: async (_c, { query, principal }) => ({
      body: await readEventPage(store, { after: query.after, limit: query.limit, ...filterOf(query, principal) }),
    }),
  });

  api.route({
    method: 'get',
    path: '/events/stream',
    operationId: 'streamEvents',
    access: { kind: 'read-store', scoped: true },
    summary: 'Follow events live (Server-Sent Events)',
    description:
      "Server-Sent Events: the events already recorded, then each new one as it is appended — as far as the token's plans go, as for GET /events. " +
      'The stream starts after Last-Event-ID when the header is sent, otherwise after `after`: ' +
      'a reconnecting EventSource repeats the original URL, so its header is the newer position. ' +
      'Events the filters leave out are still read past; resume from the last id received, whatever the filters. ' +
      `A token may hold ${feeds.perToken} streams open at once and the server ${feeds.total} in all (DUBAN_SSE_PER_TOKEN, DUBAN_SSE_TOTAL); ` +
      'beyond, 429 too-many-live-feeds with Retry-After.',
    tag: 'event-feed',
    query: z.strictObject({
      after: Position.default(0).describe('Start after this store position when no Last-Event-ID is sent; 0 from the start.'),
      ...filterQuery,
    }),
    headers: [{ name: LAST_EVENT_ID, description: 'Resume after this event id (a store position); wins over `after`.' }],
    responses: {
      200: { description: STREAM_FORMAT, also: { 'text/event-stream': { description: 'Server-sent events, for as long as the connection stays open.' } } },
    },
    problems: [422],
    handler: (c, { query, principal }) => {
      const after = lastEventId(c) ?? query.after;
      const filter = filterOf(query, principal);
      const leave = feeds.enter(principal?.tokenId ?? 'anonymous'); // its place is given back when the stream ends
      c.header('X-Accel-Buffering', 'no'); // a buffering proxy (nginx) would hold events back
      const response = streamSSE(c, (stream) =>
        // Once streaming, an error can no longer become a Problem: report it and end the stream.
        pipeEvents(stream, c.req.raw, { ...filter, after })
          .catch((error: unknown) => options.onBug?.(error, c.req.raw))
          .finally(leave),
      );
      // The stream holds its connection to the end; closing it then lets a stopping server finish
      // without waiting out keep-alive.
      response.headers.set('Connection', 'close');
      c.header('Connection', 'close'); // and on the context's response, should a middleware have made one already

      return response;
    },
  });

  /** Sends events to one client until it goes away, the server stops or the subscription fails. */
  async function pipeEvents(stream: SSEStreamingApi, request: Request, from: EventFilter & { after: number }): Promise<void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    stream.onAbort(end);
    options.shutdown?.addEventListener('abort', end);
    if (stream.aborted || options.shutdown?.aborted) end();

    // Every write is awaited, and the subscription awaits onEvent: a client that reads slowly holds
    // the subscription back (through the socket's drain) instead of events piling up here.
    // Writes resolve, without writing, once the client has gone.
    let writing = 0;
    const send = async (write: () => Promise<unknown>) => {
      writing += 1;
      try {
        await write();
      } finally {
        writing -= 1;
      }
    };
    let subscription: Subscription | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      subscription = followEvents(store, {
        ...from,
        // JSON has no raw line breaks: data is one line.
        onEvent: (event) => send(() => stream.writeSSE({ id: String(event.globalPosition), event: event.type, data: JSON.stringify(event) })),
        onError: (error) => {
          options.onBug?.(error, request);
          end(); // the client reconnects with Last-Event-ID and resumes
        },
      });
      // A heartbeat while a write is pending would only queue behind it.
      heartbeat = setInterval(() => {
        if (writing === 0) void send(() => stream.write(': heartbeat\n\n'));
      }, heartbeatMs);
      await ended;
    } finally {
      clearInterval(heartbeat);
      options.shutdown?.removeEventListener('abort', end);
      await subscription?.close();
    }
  }
}

/** The query's filters, within what the caller's token may read (its plans; `_system` for a store-wide office token only). */
function filterOf(query: { planId?: string | undefined; type?: string[] | undefined }, principal: Principal | null | undefined): EventFilter {
  return {
    scope: eventScope(principal ?? null),
    ...(query.planId !== undefined ? { planId: query.planId } : {}),
    ...(query.type ? { types: query.type } : {}),
  };
}

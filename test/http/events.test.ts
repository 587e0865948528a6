// The event feed: GET /events pages through the hono app in process; GET /events/stream runs over a
// real socket with an SSE client that disconnects, misses events and resumes from Last-Event-ID.

import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { EventPage, EventView } from '../../src/app/views.ts';
import { eventTypes } from '../../src/domain/events.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { Api } from '../../src/http/openapi/route.ts';
import { eventRoutes } from '../../src/http/routes/event-feed.ts';
import { listen, type RunningServer } from '../../src/http/server.ts';
import type { EventStore, Subscription } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { actingAsOffice, type Harness, startHarness, wuhanPlanFile } from '../support/harness.ts';

const PLAN = 'wuhan-2023-p1';
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' }); // the plan's adoption is position 1
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

/** A real status change through the API: one TaskStatusChanged of the Wuhan plan. */
async function change(code: string, status = 'in_progress') {
  const res = await h.request(`/plans/${PLAN}/tasks/${code}/status`, { method: 'POST', json: { status, reason: `办理 ${code}` } });
  expect(res.status).toBe(200);
  return (await res.json()).globalPosition as number;
}

let foreign = 0;
/** An event of another plan, appended to the store directly (the projections pass it by). */
async function appendForeign(planId = 'other-plan') {
  const n = ++foreign;
  const result = await h.store.append(`task-${planId}:${n}`, [
    {
      eventId: `foreign-${n}`,
      type: 'TaskStatusChanged',
      planId,
      data: { taskCode: String(n), from: 'not_started', to: 'in_progress', reason: 'elsewhere' },
      actor: { id: 'other-system', role: 'office' },
    },
  ]);
  return result.lastPosition;
}

const positions = (page: { items: { globalPosition: number }[] }) => page.items.map((e) => e.globalPosition);

describe('GET /events', () => {
  it('pages the global order with after and limit until nextAfter reaches the head', async () => {
    await change('1.1');
    await appendForeign();
    await change('1.2');
    const first = EventPage.parse(await (await h.request('/events?limit=2')).json());
    expect([positions(first), first.nextAfter, first.headPosition]).toEqual([[1, 2], 2, 4]);
    expect(first.items[0]).toMatchObject({ type: 'PlanAdopted', planId: PLAN, streamRevision: 0, prevHash: null });
    const second = await (await h.request(`/events?limit=2&after=${first.nextAfter}`)).json();
    expect([positions(second), second.nextAfter]).toEqual([[3, 4], 4]);
    const last = await (await h.request(`/events?after=${second.nextAfter}`)).json();
    expect(last).toEqual({ items: [], nextAfter: 4, headPosition: 4 });
    // Default: from the start, up to 100.
    expect(positions(await (await h.request('/events')).json())).toEqual([1, 2, 3, 4]);
  });

  it('filters by plan and by type (repeated or comma-separated), reading past what does not match', async () => {
    await appendForeign();
    await appendForeign();
    await change('1.1');
    await appendForeign();
    const wuhanChanges = await (await h.request(`/events?planId=${PLAN}&type=TaskStatusChanged`)).json();
    expect([positions(wuhanChanges), wuhanChanges.nextAfter]).toEqual([[4], 5]);
    const adoptions = await (await h.request('/events?type=PlanAdopted')).json();
    expect([positions(adoptions), adoptions.nextAfter]).toEqual([[1], 5]);
    const firstChange = await (await h.request('/events?type=TaskStatusChanged&limit=1')).json();
    expect([positions(firstChange), firstChange.nextAfter]).toEqual([[2], 2]);
    const other = await (await h.request('/events?planId=other-plan&after=2')).json();
    expect([positions(other), other.nextAfter]).toEqual([[3, 5], 5]);
    for (const types of ['type=PlanAdopted,TaskStatusChanged', 'type=PlanAdopted&type=TaskStatusChanged']) {
      expect(positions(await (await h.request(`/events?${types}`)).json()), types).toEqual([1, 2, 3, 4, 5]);
    }
    expect(await (await h.request('/events?planId=nope')).json()).toEqual({ items: [], nextAfter: 5, headPosition: 5 });
  });

  it("takes every type of the event catalogue, the store's own (tokens, digests) included", async () => {
    const { tokenId } = await h.app.issueToken({ name: '市经信局联络员', role: 'unit', unitId: 'jxj', planId: PLAN, actor: { id: 'local', role: 'office' } });
    await h.app.revokeToken(tokenId, { id: 'local', role: 'office' }, '人员调整');
    for (const type of Object.keys(eventTypes)) {
      const res = await h.request(`/events?type=${type}`);
      expect(res.status, type).toBe(200);
    }
    const tokens = await (await h.request('/events?type=TokenIssued,TokenRevoked')).json();
    expect(tokens.items.map((e: { type: string }) => e.type)).toEqual(['TokenIssued', 'TokenRevoked']);
    // Every type the store holds is one the filter takes.
    const all = await (await h.request('/events?limit=1000')).json();
    for (const e of all.items as { type: string }[]) expect(Object.keys(eventTypes), e.type).toContain(e.type);
  });

  it('answers 422 naming the parameter for a bad after, limit or type', async () => {
    const cases: [string, string][] = [
      ['after=-1', '/after'],
      ['after=abc', '/after'],
      ['after=1.5', '/after'],
      ['limit=0', '/limit'],
      ['limit=1001', '/limit'],
      ['type=Nope', '/type/0'],
      ['type=PlanAdopted,Nope', '/type/1'],
      ['planId=', '/planId'],
    ];
    for (const [query, pointer] of cases) {
      const res = await h.request(`/events?${query}`);
      expect(res.status, query).toBe(422);
      expect(
        (await res.json()).errors.map((e: { in: string; pointer: string }) => `${e.in} ${e.pointer}`),
        query,
      ).toEqual([`query ${pointer}`]);
    }
    expect((await h.request('/events/stream?type=Nope')).status).toBe(422);
    const badId = await h.request('/events/stream', { headers: { 'last-event-id': 'abc' } });
    expect(badId.status).toBe(422);
    expect((await badId.json()).errors).toMatchObject([{ in: 'header', pointer: '/Last-Event-ID' }]);
  });
});

/** An SSE client over node's fetch: collects messages and comments until it aborts or the stream ends. */
const clients = new Set<AbortController>();

async function connect(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  clients.add(controller); // a failed test still hangs up, so the server can close
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const messages: EventSourceMessage[] = [];
  const comments: string[] = [];
  let ended = false;
  let wake = () => {};
  const parser = createParser({
    onEvent: (m) => {
      messages.push(m);
      wake();
    },
    onComment: (c) => {
      comments.push(c.trim());
      wake();
    },
  });
  const done = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        parser.feed(value);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      ended = true;
      wake();
    }
  })();
  return {
    headers: res.headers,
    messages,
    comments,
    ids: () => messages.map((m) => Number(m.id)),
    done,
    /**
     * Waits until what the stream sent makes the condition hold: it is checked again at each message,
     * comment and the end. The deadline only turns a frame that never comes into a failure.
     */
    async until(condition: () => boolean, deadlineMs = 5000) {
      const deadline = Date.now() + deadlineMs;
      while (!condition()) {
        if (ended) throw new Error(`the stream ended; got ids ${messages.map((m) => m.id).join(',')}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; got ids ${messages.map((m) => m.id).join(',')}`);
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
      }
    },
    abort: () => controller.abort(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a promise; the deadline only turns one that never settles into a failure naming what did not happen. */
async function within<T>(promise: Promise<T>, deadlineMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited ${deadlineMs} ms for ${what}`)), deadlineMs)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('GET /events/stream over a socket', () => {
  let server: RunningServer;
  let base: string;
  let shutdown: AbortController;
  const bugs: unknown[] = [];

  beforeEach(async () => {
    shutdown = new AbortController();
    // The harness's application, served for real; heartbeats fast enough to see.
    const { hono } = createHttpApp(h.app, {
      access: actingAsOffice(h.app),
      validateResponses: true,
      heartbeatMs: 100,
      shutdown: shutdown.signal,
      onBug: (e) => bugs.push(e),
    });
    server = await listen(hono, { port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${server.address.port}`;
  });
  afterEach(async () => {
    for (const client of clients) client.abort();
    clients.clear();
    await server.close(); // hangs if a stream were left open
    expect(bugs).toEqual([]);
  });

  it('sends the backlog, then live events; a client that reconnects with Last-Event-ID gets exactly what it missed', async () => {
    await change('1.1');
    await change('1.2');
    // after=0 in the URL throughout: a reconnecting EventSource repeats it, and Last-Event-ID wins.
    const first = await connect(`${base}/events/stream?after=0`);
    await first.until(() => first.messages.length === 3);
    expect(first.ids()).toEqual([1, 2, 3]);

    const live = await change('1.3');
    await first.until(() => first.messages.length === 4);
    const message = first.messages[3]!;
    expect(message).toMatchObject({ id: String(live), event: 'TaskStatusChanged' });
    const event = EventView.parse(JSON.parse(message.data));
    expect(event).toMatchObject({ globalPosition: live, planId: PLAN, streamId: `task-${PLAN}:1.3`, data: { taskCode: '1.3', to: 'in_progress' } });
    expect(event).toEqual((await h.store.readAll({ after: live - 1, maxCount: 1 }))[0]);

    first.abort();
    await first.done;
    await change('2.1');
    await appendForeign();
    await change('2.2');

    const second = await connect(`${base}/events/stream?after=0`, { 'last-event-id': first.messages.at(-1)!.id! });
    await second.until(() => second.messages.length === 3);
    await change('2.3');
    await second.until(() => second.messages.length === 4);
    // Nothing more comes: an event appended after them is the next one sent (the stream keeps the store's order).
    const marker = await appendForeign();
    await second.until(() => second.ids().includes(marker));
    expect([...first.ids(), ...second.ids()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, marker]);
    expect(await h.store.headPosition()).toBe(9);
    second.abort();
    await second.done;
  });

  it('sends heartbeats while idle', async () => {
    const client = await connect(`${base}/events/stream?after=1`);
    await client.until(() => client.comments.length >= 3, 2000);
    expect(client.comments.every((c) => c === 'heartbeat')).toBe(true);
    expect(client.messages).toEqual([]);
    client.abort();
    await client.done;
  });

  it('filters live by plan and type, and reads past what it leaves out so a resume neither misses nor repeats', async () => {
    const client = await connect(`${base}/events/stream?planId=${PLAN}&type=TaskStatusChanged`);
    await appendForeign(); // 2
    const a = await change('1.1'); // 3
    await appendForeign(); // 4
    const b = await change('1.2'); // 5
    await client.until(() => client.messages.length === 2);
    expect(client.ids()).toEqual([a, b]);
    client.abort();
    await client.done;

    await appendForeign(); // 6
    const c = await change('1.3'); // 7
    const resumed = await connect(`${base}/events/stream?planId=${PLAN}&type=TaskStatusChanged`, { 'last-event-id': String(b) });
    await resumed.until(() => resumed.messages.length === 1);
    // Nothing else comes before an event the filters let through, appended after: it is the next one sent.
    const d = await change('2.2'); // 8
    await resumed.until(() => resumed.ids().includes(d));
    expect(resumed.ids()).toEqual([c, d]);
    // Adoptions only: the backlog's first event, then no status change, up to another plan's adoption.
    const adoptions = await connect(`${base}/events/stream?type=PlanAdopted`);
    await adoptions.until(() => adoptions.messages.length === 1);
    await change('2.1');
    const wuhan = await readPlanFile(wuhanPlanFile);
    const other = (await h.app.adoptPlan({ ...wuhan, id: 'second-plan', title: `${wuhan.title}（第二方案）` })).globalPosition;
    await adoptions.until(() => adoptions.ids().includes(other));
    expect(adoptions.ids()).toEqual([1, other]);
    resumed.abort();
    adoptions.abort();
    await Promise.all([resumed.done, adoptions.done]);
  });

  it('ends open streams when the server shuts down', async () => {
    const client = await connect(`${base}/events/stream`);
    await client.until(() => client.messages.length === 1);
    expect(client.headers.get('connection')).toBe('close'); // so the server need not wait out keep-alive
    const closing = server.close();
    shutdown.abort();
    await closing;
    await client.done; // the server ended the response
    server = { ...server, close: async () => {} };
  });
});

describe('GET /events/stream and its subscription', () => {
  it('closes the store subscription when the client goes away', async () => {
    // The route on its own, over a store that counts its open subscriptions and what each delivered.
    const open = new Set<Subscription>();
    const delivered: number[][] = [];
    let closed = () => {};
    const allClosed = new Promise<void>((resolve) => (closed = resolve));
    const store: EventStore = Object.create(h.store);
    store.subscribe = (options) => {
      const seen: number[] = [];
      delivered.push(seen);
      const subscription = h.store.subscribe({
        ...options,
        onEvent: (event) => {
          seen.push(event.globalPosition);
          return options.onEvent(event);
        },
      });
      open.add(subscription);
      return {
        caughtUp: subscription.caughtUp,
        close: async () => {
          open.delete(subscription);
          await subscription.close();
          if (open.size === 0) closed();
        },
      };
    };
    const bugs: unknown[] = [];
    const hono = new Hono();
    eventRoutes(new Api(hono), store, { heartbeatMs: 100, onBug: (e) => bugs.push(e) });
    const server = await listen(hono, { port: 0, host: '127.0.0.1' });
    try {
      const url = `http://127.0.0.1:${server.address.port}/events/stream`;
      const client = await connect(url);
      await client.until(() => client.messages.length === 1);
      expect(open.size).toBe(1);
      client.abort();
      await client.done;
      await within(allClosed, 2000, 'the subscription to close');
      expect(open.size).toBe(0);
      // A stream opened after the next write gets it; the closed one's subscription never does, and nothing fails.
      const position = await change('1.1');
      const later = await connect(url);
      await later.until(() => later.ids().includes(position));
      later.abort();
      await later.done;
      expect(delivered).toEqual([[1], [1, position]]);
      expect(bugs).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('GET /events/stream with a slow client', () => {
  it('holds the subscription back while the client does not read, instead of queueing events', async () => {
    const store = SqliteEventStore.open(':memory:');
    const padding = 'x'.repeat(20_000);
    for (let batch = 0; batch < 10; batch++) {
      const events = Array.from({ length: 100 }, (_, i) => ({
        eventId: `e-${batch}-${i}`,
        type: 'TaskStatusChanged',
        planId: 'p',
        data: { padding },
        actor: { id: 't', role: 'test' },
      }));
      await store.append(`s-${batch}`, events);
    }
    let delivered = 0;
    const counting: EventStore = Object.create(store);
    counting.subscribe = (options) =>
      store.subscribe({
        ...options,
        onEvent: async (event) => {
          delivered += 1;
          await options.onEvent(event);
        },
      });
    const hono = new Hono();
    eventRoutes(new Api(hono), counting, { heartbeatMs: 100 });
    const server = await listen(hono, { port: 0, host: '127.0.0.1' });
    try {
      // 1 000 events of 20 kB: 20 MB, far more than the socket buffers hold.
      const controller = new AbortController();
      clients.add(controller);
      const res = await fetch(`http://127.0.0.1:${server.address.port}/events/stream`, { signal: controller.signal });
      // Real time, on purpose: what is tested is the socket's buffers filling up, which shows only as
      // deliveries stopping — seen as no change over 300 ms, once they have had 500 ms to fill.
      await sleep(500);
      const stalled = delivered;
      await sleep(300);
      expect(delivered).toBe(stalled);
      expect(delivered).toBeLessThan(600);
      // Once read, everything arrives, in order.
      let last = 0;
      const parser = createParser({
        onEvent: (m) => {
          last = Number(m.id);
        },
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      while (last < 1000) parser.feed((await reader.read()).value!);
      expect(delivered).toBe(1000);
      controller.abort();
    } finally {
      await server.close();
      await store.close();
    }
  });
});

// The EventStore contract: what every adapter (sqlite now; postgres and esdb later) must do, written
// against the port only. An adapter's test file calls eventStoreContract(name, factory).
//
// Time: the suite owns the clock. The factory receives `{ clock }` and must hand it to the store, which
// takes recordedAt from it inside the append. An adapter whose recordedAt cannot come from a client
// clock passes `{ controlsClock: false }`: the tests that set exact instants are then skipped, the
// ones that only need order still run.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, StoreError } from '../../src/store/errors.ts';
import { eventHash, type HashAlgorithm, hashAvailable } from '../../src/store/event-hash.ts';
import type { AppendResult, Clock, EventStore, NewEvent, RecordedEvent, SubscribeOptions, Subscription } from '../../src/store/event-store.ts';

export interface ContractStore {
  store: EventStore;
  /** Closes the current store and opens a new one over the same data (omit for in-memory stores). */
  reopen?: () => Promise<EventStore>;
  /** Closes whatever is open and removes the data. */
  cleanup: () => Promise<void>;
}

export type ContractFactory = (context: { clock: Clock }) => Promise<ContractStore>;

export interface ContractOptions {
  /** Whether recordedAt comes from the clock the factory receives. Default true. */
  controlsClock?: boolean;
  /** How long a live event may take to reach a subscriber, in ms. Default 3000. */
  liveTimeoutMs?: number;
  /** Whether the store refuses an eventId it already holds in another stream. Default true (EventStoreDB does not index ids). */
  uniqueEventIds?: boolean;
}

/** A clock the tests move by hand; `tickMs` makes every reading advance it (to catch multiple readings). */
export class TestClock {
  private t: number;
  tickMs = 0;
  readings = 0;
  constructor(start = '2026-03-01T00:00:00.000Z') {
    this.t = Date.parse(start);
  }
  readonly now: Clock = () => {
    this.readings += 1;
    const d = new Date(this.t);
    this.t += this.tickMs;
    return d;
  };
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  iso(): string {
    return new Date(this.t).toISOString();
  }
}

const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'TaskStatusChanged',
    planId: 'contract-plan',
    actor: { id: 'tester', role: 'unit_reporter', unitId: 'kjj' },
    data: { from: 'not_started', to: 'in_progress', reason: '按计划启动' },
    ...overrides,
  };
}

function events(n: number, overrides: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: n }, (_, i) => newEvent({ data: { n: i }, ...overrides }));
}

async function waitFor(condition: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

async function expectRejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as E;
  }
  throw new Error(`expected a ${type.name}, but the call succeeded`);
}

function positions(list: RecordedEvent[]): number[] {
  return list.map((e) => e.globalPosition);
}

function expectStrictlyIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
}

export function eventStoreContract(name: string, factory: ContractFactory, options: ContractOptions = {}): void {
  const controlsClock = options.controlsClock ?? true;
  const liveTimeoutMs = options.liveTimeoutMs ?? 3000;
  const uniqueEventIds = options.uniqueEventIds ?? true;

  describe(`EventStore contract: ${name}`, () => {
    let clock: TestClock;
    let ctx: ContractStore;
    let store: EventStore;
    let subscriptions: Subscription[];

    beforeEach(async () => {
      clock = new TestClock();
      ctx = await factory({ clock: clock.now });
      store = ctx.store;
      subscriptions = [];
    });

    afterEach(async () => {
      await Promise.allSettled(subscriptions.map((s) => s.close()));
      await ctx.cleanup();
    });

    function subscribe(opts: SubscribeOptions): Subscription {
      const sub = store.subscribe(opts);
      subscriptions.push(sub);
      return sub;
    }

    /** A subscriber that records what it receives. */
    function collector(after?: number): { received: RecordedEvent[]; errors: unknown[]; sub: Subscription } {
      const received: RecordedEvent[] = [];
      const errors: unknown[] = [];
      const sub = subscribe({ after, onEvent: (e) => void received.push(e), onError: (err) => void errors.push(err) });
      return { received, errors, sub };
    }

    describe('an empty store', () => {
      it('has head 0, reads nothing, and a missing stream reads as []', async () => {
        expect(await store.headPosition()).toBe(0);
        expect(await store.readAll()).toEqual([]);
        expect(await store.readStream('task-contract:missing')).toEqual([]);
        expect(await store.positionAt('2100-01-01T00:00:00.000Z')).toBe(0);
      });
    });

    describe('order', () => {
      it('gives strictly increasing global positions in append order and revisions 0,1,2… per stream', async () => {
        const streams = ['task-c:1.1', 'task-c:1.2', 'plan-c'];
        const appended: AppendResult[] = [];
        for (let round = 0; round < 3; round++) {
          for (const s of streams) appended.push(await store.append(s, [newEvent({ data: { round, s } })]));
        }
        const all = await store.readAll();
        expect(all.map((e) => e.eventId)).toEqual(appended.map((r) => r.events[0]!.eventId));
        expectStrictlyIncreasing(positions(all));
        expect(positions(all)).toEqual(appended.map((r) => r.lastPosition));
        for (const s of streams) {
          const stream = await store.readStream(s);
          expect(stream.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
          expect(stream.every((e) => e.streamId === s)).toBe(true);
          expectStrictlyIncreasing(positions(stream));
        }
        expect(await store.headPosition()).toBe(all.at(-1)!.globalPosition);
      });

      it('returns from append exactly what a read gives back', async () => {
        const first = await store.append('task-c:2.1', events(2));
        const second = await store.append('task-c:2.1', [newEvent()], { expectedRevision: 1 });
        expect(first.nextExpectedRevision).toBe(1);
        expect(first.lastPosition).toBe(first.events[1]!.globalPosition);
        expect(second.nextExpectedRevision).toBe(2);
        expect(await store.readStream('task-c:2.1')).toEqual([...first.events, ...second.events]);
      });

      it('reads a stream from a revision, up to a count', async () => {
        await store.append('task-c:2.2', events(6));
        const part = await store.readStream('task-c:2.2', { fromRevision: 2, maxCount: 3 });
        expect(part.map((e) => e.streamRevision)).toEqual([2, 3, 4]);
        expect(await store.readStream('task-c:2.2', { fromRevision: 6 })).toEqual([]);
        expect((await store.readStream('task-c:2.2', { maxCount: 2 })).map((e) => e.streamRevision)).toEqual([0, 1]);
      });

      it('lands every one of many concurrent appends to different streams', async () => {
        const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.append(`task-c:3.${i}`, events(2), { expectedRevision: 'no_stream' })));
        const all = await store.readAll();
        expect(all).toHaveLength(50);
        expectStrictlyIncreasing(positions(all));
        expect(new Set(results.map((r) => r.lastPosition)).size).toBe(25);
      });
    });

    describe('expectedRevision', () => {
      it("'no_stream' starts a stream and refuses an existing one, writing nothing", async () => {
        await store.append('task-c:4.1', [newEvent()], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const err = await expectRejection(store.append('task-c:4.1', [newEvent()], { expectedRevision: 'no_stream' }), ConcurrencyError);
        expect(err).toBeInstanceOf(StoreError);
        expect(err.streamId).toBe('task-c:4.1');
        expect(err.expected).toBe('no_stream');
        expect(err.actual).toBe(0);
        expect(await store.readStream('task-c:4.1')).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses a stale or a future revision with the actual one, writing nothing', async () => {
        await store.append('task-c:4.2', events(3));
        const head = await store.headPosition();
        for (const expected of [1, 0, 5]) {
          const err = await expectRejection(store.append('task-c:4.2', events(2), { expectedRevision: expected }), ConcurrencyError);
          expect(err.expected).toBe(expected);
          expect(err.actual).toBe(2);
        }
        expect(await store.readStream('task-c:4.2')).toHaveLength(3);
        expect(await store.headPosition()).toBe(head);
        // No gap was left behind: the next good append continues at revision 3.
        const ok = await store.append('task-c:4.2', [newEvent()], { expectedRevision: 2 });
        expect(ok.events[0]!.streamRevision).toBe(3);
        expect(ok.nextExpectedRevision).toBe(3);
      });

      it("'stream_exists' refuses a missing stream (actual -1) and accepts an existing one", async () => {
        const err = await expectRejection(store.append('task-c:4.3', [newEvent()], { expectedRevision: 'stream_exists' }), ConcurrencyError);
        expect(err.actual).toBe(-1);
        expect(await store.readStream('task-c:4.3')).toEqual([]);
        expect(await store.headPosition()).toBe(0);
        await store.append('task-c:4.3', [newEvent()]);
        const ok = await store.append('task-c:4.3', [newEvent()], { expectedRevision: 'stream_exists' });
        expect(ok.nextExpectedRevision).toBe(1);
      });

      it('accepts the current revision and returns the next one', async () => {
        let r = await store.append('task-c:4.4', [newEvent()], { expectedRevision: 'no_stream' });
        for (let i = 0; i < 4; i++) {
          r = await store.append('task-c:4.4', [newEvent()], { expectedRevision: r.nextExpectedRevision });
        }
        expect(r.nextExpectedRevision).toBe(4);
      });

      it("'any' (the default) appends whether or not the stream exists", async () => {
        await store.append('task-c:4.5', [newEvent()], { expectedRevision: 'any' });
        await store.append('task-c:4.5', [newEvent()], { expectedRevision: 'any' });
        await store.append('task-c:4.5', [newEvent()]);
        expect((await store.readStream('task-c:4.5')).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
      });

      it('lets exactly one of several appends racing for the same revision win', async () => {
        await store.append('task-c:4.6', events(2));
        for (const expected of [1, 'no_stream'] as const) {
          const stream = expected === 1 ? 'task-c:4.6' : 'task-c:4.7';
          const before = (await store.readStream(stream)).length;
          const racers = Array.from({ length: 6 }, (_, i) =>
            store.append(stream, [newEvent({ data: { racer: i } }), newEvent()], { expectedRevision: expected }),
          );
          const settled = await Promise.allSettled(racers);
          const won = settled.filter((s) => s.status === 'fulfilled');
          const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(5);
          for (const l of lost) {
            expect(l.reason).toBeInstanceOf(ConcurrencyError);
            expect((l.reason as ConcurrencyError).actual).toBe(expected === 1 ? 3 : 1);
          }
          const after = await store.readStream(stream);
          expect(after).toHaveLength(before + 2);
          expect(after.map((e) => e.streamRevision)).toEqual(after.map((_, i) => i));
        }
      });
    });

    describe('atomic batches', () => {
      it('lands a batch whole: consecutive revisions, adjacent in the global order, one recordedAt', async () => {
        if (controlsClock) clock.tickMs = 7; // every reading of the clock moves it on
        await store.append('task-c:5.0', [newEvent()]);
        const batch = await store.append('task-c:5.1', events(5));
        await store.append('task-c:5.0', [newEvent()]);
        const all = await store.readAll();
        const ids = batch.events.map((e) => e.eventId);
        const at = all.findIndex((e) => e.eventId === ids[0]);
        expect(all.slice(at, at + 5).map((e) => e.eventId)).toEqual(ids);
        expect(batch.events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
        expectStrictlyIncreasing(positions(batch.events));
        expect(new Set(batch.events.map((e) => e.recordedAt)).size).toBe(1);
        expect(batch.lastPosition).toBe(batch.events[4]!.globalPosition);
        expect(batch.nextExpectedRevision).toBe(4);
      });

      it('refuses an empty batch with InvalidAppendError, writing nothing', async () => {
        await expectRejection(store.append('task-c:5.2', []), InvalidAppendError);
        expect(await store.readStream('task-c:5.2')).toEqual([]);
        expect(await store.headPosition()).toBe(0);
      });

      it("refuses, as DuplicateEventError, a batch appended again at the stream's head with the ids its last events hold (a request run again), writing nothing", async () => {
        const first = events(2);
        const written = await store.append('task-c:5.4', first, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const again = first.map((e) => ({ ...e, data: { ...(e.data as object), again: true } }));
        const error = await store.append('task-c:5.4', again, { expectedRevision: written.nextExpectedRevision }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventError);
        expect(first.map((e) => e.eventId)).toContain((error as DuplicateEventError).eventId);
        expect(await store.readStream('task-c:5.4')).toHaveLength(2);
        expect(await store.headPosition()).toBe(head);
      });

      it('writes none of a batch that holds an invalid event', async () => {
        await store.append('task-c:5.3', [newEvent()]);
        const head = await store.headPosition();
        const bad: NewEvent[][] = [
          [newEvent(), newEvent(), newEvent({ eventId: '' })],
          [newEvent(), newEvent({ effectiveAt: 'not a date' })],
          [newEvent(), newEvent({ type: '' })],
        ];
        const dup = randomUUID();
        bad.push([newEvent({ eventId: dup }), newEvent({ eventId: dup })]);
        for (const batch of bad) {
          await expectRejection(store.append('task-c:5.3', batch), InvalidAppendError);
        }
        expect(await store.readStream('task-c:5.3')).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('writes none of a batch refused on its revision', async () => {
        await store.append('task-c:5.4', events(2));
        await expectRejection(store.append('task-c:5.4', events(4), { expectedRevision: 0 }), ConcurrencyError);
        expect(await store.readStream('task-c:5.4')).toHaveLength(2);
        expect(await store.readAll()).toHaveLength(2);
      });
    });

    describe('envelope', () => {
      it('keeps what the caller gave and fills in the rest', async () => {
        const given = [newEvent({ data: { a: 1, nested: { list: [1, 'two', null, true] } } }), newEvent({ type: 'ProgressReported' })];
        const { events: out } = await store.append('task-c:6.1', given, { expectedRevision: 'no_stream' });
        const read = await store.readStream('task-c:6.1');
        expect(read).toEqual(out);
        for (const [i, e] of read.entries()) {
          const g = given[i]!;
          expect(e.eventId).toBe(g.eventId);
          expect(e.type).toBe(g.type);
          expect(e.planId).toBe(g.planId);
          expect(e.streamId).toBe('task-c:6.1');
          expect(e.streamRevision).toBe(i);
          expect(e.actor).toEqual(g.actor);
          expect(e.data).toEqual(g.data);
          expect(e.recordedAt).toMatch(ISO_MS_UTC);
          if (controlsClock) expect(e.recordedAt).toBe('2026-03-01T00:00:00.000Z');
          expect(e.effectiveAt).toBe(e.recordedAt);
          expect(e.correlationId).toBe(given[0]!.eventId);
          expect(e.causationId).toBeNull();
          expect(e.schemaVersion).toBe(1);
          expect(e.hash).toMatch(HEX64);
        }
      });

      it('keeps effectiveAt, correlationId, causationId and schemaVersion when given', async () => {
        const given = newEvent({
          effectiveAt: '2023-03-23T00:00:00.000Z',
          correlationId: 'corr-1',
          causationId: 'cause-1',
          schemaVersion: 3,
        });
        const [e] = (await store.append('task-c:6.2', [given])).events;
        const [r] = await store.readStream('task-c:6.2');
        for (const x of [e!, r!]) {
          expect(x.effectiveAt).toBe('2023-03-23T00:00:00.000Z');
          expect(x.correlationId).toBe('corr-1');
          expect(x.causationId).toBe('cause-1');
          expect(x.schemaVersion).toBe(3);
          expect(x.recordedAt).not.toBe(x.effectiveAt);
        }
      });

      it('chains each event to the previous one of its stream by hash', async () => {
        await store.append('task-c:6.3', events(2));
        await store.append('task-c:6.4', [newEvent()]);
        await store.append('task-c:6.3', [newEvent()]);
        await store.append('task-c:6.4', events(3));
        for (const s of ['task-c:6.3', 'task-c:6.4']) {
          const stream = await store.readStream(s);
          expect(stream[0]!.prevHash).toBeNull();
          for (let i = 1; i < stream.length; i++) expect(stream[i]!.prevHash).toBe(stream[i - 1]!.hash);
        }
        const all = await store.readAll();
        expect(all.every((e) => HEX64.test(e.hash))).toBe(true);
        expect(new Set(all.map((e) => e.hash)).size).toBe(all.length);
      });
    });

    describe.runIf(controlsClock)('time', () => {
      it('takes recordedAt from the clock, in UTC with milliseconds', async () => {
        clock.set('2026-03-01T08:30:00.123+08:00');
        const [e] = (await store.append('task-c:7.1', [newEvent()])).events;
        expect(e!.recordedAt).toBe('2026-03-01T00:30:00.123Z');
      });

      it('never lets recordedAt go backwards when the clock does', async () => {
        clock.set('2026-03-02T10:00:00.000Z');
        await store.append('task-c:7.2', [newEvent()]);
        clock.set('2026-03-02T09:00:00.000Z'); // the clock steps back an hour
        const back = await store.append('task-c:7.3', events(2));
        expect(back.events.map((e) => e.recordedAt)).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z']);
        clock.set('2026-03-02T10:00:01.000Z');
        const on = await store.append('task-c:7.2', [newEvent()]);
        expect(on.events[0]!.recordedAt).toBe('2026-03-02T10:00:01.000Z');
        const times = (await store.readAll()).map((e) => e.recordedAt);
        expect([...times].sort()).toEqual(times);
      });

      it('finds the last position recorded at or before an instant (a time prefix is a position prefix)', async () => {
        clock.set('2026-03-03T00:00:00.000Z');
        const a = await store.append('task-c:7.4', events(2));
        clock.set('2026-03-04T00:00:00.000Z');
        const b = await store.append('task-c:7.5', [newEvent()]);
        clock.set('2026-03-05T12:00:00.500Z');
        const c = await store.append('task-c:7.4', [newEvent()]);
        expect(await store.positionAt('2026-03-02T23:59:59.999Z')).toBe(0);
        expect(await store.positionAt('2026-03-03T00:00:00.000Z')).toBe(a.lastPosition);
        expect(await store.positionAt('2026-03-03T23:59:59.999Z')).toBe(a.lastPosition);
        expect(await store.positionAt('2026-03-04T00:00:00.000Z')).toBe(b.lastPosition);
        // The same instant written with an offset.
        expect(await store.positionAt('2026-03-04T08:00:00+08:00')).toBe(b.lastPosition);
        expect(await store.positionAt('2026-03-05T12:00:00.499Z')).toBe(b.lastPosition);
        expect(await store.positionAt('2026-03-05T12:00:00.500Z')).toBe(c.lastPosition);
        expect(await store.positionAt('2100-01-01T00:00:00.000Z')).toBe(await store.headPosition());
        const cut = '2026-03-04T12:00:00.000Z';
        const upTo = await store.positionAt(cut);
        const all = await store.readAll();
        expect(all.filter((e) => e.globalPosition <= upTo).every((e) => e.recordedAt <= cut)).toBe(true);
        expect(all.filter((e) => e.globalPosition > upTo).every((e) => e.recordedAt > cut)).toBe(true);
      });
    });

    describe.runIf(!controlsClock)('time (store clock)', () => {
      it('finds positions by the recordedAt it gave', async () => {
        const a = await store.append('task-c:7.6', events(2));
        expect(await store.positionAt(a.events[0]!.recordedAt)).toBeGreaterThanOrEqual(a.lastPosition);
        expect(await store.positionAt('2000-01-01T00:00:00.000Z')).toBe(0);
        expect(await store.positionAt('2100-01-01T00:00:00.000Z')).toBe(await store.headPosition());
      });
    });

    describe('readAll', () => {
      it('bounds a read by after (exclusive), upTo (inclusive) and maxCount', async () => {
        for (let i = 0; i < 10; i++) await store.append(`task-c:8.${i % 3}`, [newEvent({ data: { i } })]);
        const p = positions(await store.readAll());
        expect(p).toHaveLength(10);
        expect(positions(await store.readAll({ after: p[2] }))).toEqual(p.slice(3));
        expect(positions(await store.readAll({ upTo: p[5] }))).toEqual(p.slice(0, 6));
        expect(positions(await store.readAll({ after: p[2], upTo: p[5] }))).toEqual(p.slice(3, 6));
        expect(positions(await store.readAll({ maxCount: 2 }))).toEqual(p.slice(0, 2));
        expect(positions(await store.readAll({ after: p[2], maxCount: 3 }))).toEqual(p.slice(3, 6));
        expect(positions(await store.readAll({ after: p[2], upTo: p[4], maxCount: 5 }))).toEqual(p.slice(3, 5));
        expect(await store.readAll({ after: p[9] })).toEqual([]);
        expect(await store.readAll({ after: p[5], upTo: p[3] })).toEqual([]);
        expect(await store.readAll({ maxCount: 0 })).toEqual([]);
        // Paging by `after` visits every event exactly once.
        const paged: number[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 3 });
          if (page.length === 0) break;
          paged.push(...positions(page));
          after = page.at(-1)!.globalPosition;
        }
        expect(paged).toEqual(p);
      });

      it('answers a read that takes recent events from memory exactly as one from disk', async () => {
        const caller = { 说明: '调用方之后改动了它' };
        for (let i = 0; i < 6; i++) await store.append(`task-c:8.${i % 2}`, [newEvent({ data: i === 3 ? caller : { i } })]);
        caller.说明 = 'changed after the append';
        await store.append('task-c:8.9', events(3));
        const p = positions(await store.readAll());
        for (const q of [{}, { after: p[2] }, { after: p[2], upTo: p[5] }, { after: p[4], maxCount: 2 }, { after: p[8] }, { maxCount: 0 }]) {
          expect(await store.readAll({ ...q, recent: true })).toEqual(await store.readAll(q));
        }
        expect((await store.readAll({ after: p[2], upTo: p[3], recent: true }))[0]!.data).toEqual({ 说明: '调用方之后改动了它' });
      });
    });

    describe('text', () => {
      const text = {
        title: '推动科技成果转化，加快建设具有全国影响力的科技创新中心',
        units: ['市科技局', '市发改委', '东湖高新区管委会', '各区人民政府（含开发区、长江新区、风景区管委会）'],
        指标: { 技术合同成交额: '1500亿元', note: '“双招双引”—— 全角、标点；emoji 🚀' },
        nfd: 'Cafe\u0301', // decomposed on purpose: the store keeps text exactly as given
      };

      it('round-trips Chinese text unchanged', async () => {
        expect(text.title.normalize('NFC')).toBe(text.title);
        const received: RecordedEvent[] = [];
        const sub = subscribe({ onEvent: (e) => void received.push(e) });
        const given = newEvent({ data: text, actor: { id: '张三', role: 'unit_reporter', unitId: 'kjj' } });
        await store.append('task-c:9.1', [given]);
        const [fromStream] = await store.readStream('task-c:9.1');
        const [fromAll] = await store.readAll();
        await waitFor(() => received.length === 1, liveTimeoutMs, 'the event to reach the subscriber');
        await sub.close();
        for (const e of [fromStream!, fromAll!, received[0]!]) {
          expect(e.data).toEqual(text);
          const d = e.data as typeof text;
          expect(d.title).toBe(text.title);
          expect(d.title.normalize('NFC')).toBe(d.title);
          expect(d.指标.技术合同成交额).toBe('1500亿元');
          expect(d.nfd).toBe('Cafe\u0301');
          expect(e.actor.id).toBe('张三');
        }
        if (ctx.reopen) {
          store = await ctx.reopen();
          const [again] = await store.readStream('task-c:9.1');
          expect(again).toEqual(fromStream);
        }
      });
    });

    describe('subscriptions', () => {
      it('catches up, resolves caughtUp, then receives live events in order with no gaps or duplicates', async () => {
        await store.append('task-c:10.1', events(3));
        await store.append('task-c:10.2', [newEvent()]);
        await store.append('task-c:10.1', [newEvent()]);
        const before = positions(await store.readAll());
        const { received, errors, sub } = collector();
        await sub.caughtUp;
        expect(positions(received)).toEqual(before);
        await store.append('task-c:10.2', [newEvent()]);
        await store.append('task-c:10.3', events(2));
        await waitFor(() => received.length >= 8, liveTimeoutMs, 'live events');
        // Nothing more comes: an event appended after them is the next one delivered.
        await store.append('task-c:10.9', [newEvent()]);
        await waitFor(() => received.length >= 9, liveTimeoutMs, 'the marker');
        const all = await store.readAll();
        expect(positions(received)).toEqual(positions(all));
        expect(received).toEqual(all);
        expect(errors).toEqual([]);
      });

      it('starts after a given position', async () => {
        await store.append('task-c:10.4', events(5));
        const all = await store.readAll();
        const { received, sub } = collector(all[1]!.globalPosition);
        await sub.caughtUp;
        expect(positions(received)).toEqual(positions(all.slice(2)));
      });

      it('resolves caughtUp at once on an empty store, then delivers live events', async () => {
        const { received, sub } = collector();
        await sub.caughtUp;
        expect(received).toEqual([]);
        await store.append('task-c:10.5', [newEvent()]);
        await waitFor(() => received.length === 1, liveTimeoutMs, 'the live event');
      });

      it('resolves caughtUp when starting at or past the head', async () => {
        await store.append('task-c:10.6', events(2));
        const head = await store.headPosition();
        const { received, sub } = collector(head);
        await sub.caughtUp;
        expect(received).toEqual([]);
      });

      it('delivers a long catch-up, with appends arriving during it, in order and exactly once', async () => {
        for (let i = 0; i < 5; i++) await store.append(`task-c:11.${i}`, events(500));
        const { received, sub } = collector();
        const extra = Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`task-c:11.x${i}`, [newEvent()])));
        await sub.caughtUp;
        expect(received.length).toBeGreaterThanOrEqual(2500);
        await extra;
        await waitFor(() => received.length >= 2510, liveTimeoutMs, 'all 2510 events');
        // Nothing more comes: an event appended after them is the next one delivered.
        await store.append('task-c:11.y', [newEvent()]);
        await waitFor(() => received.length >= 2511, liveTimeoutMs, 'the marker');
        expect(positions(received)).toEqual(positions(await store.readAll()));
      });

      it('delivers one event at a time, awaiting an async onEvent', async () => {
        await store.append('task-c:12.1', events(4));
        let running = 0;
        let most = 0;
        const seen: number[] = [];
        const sub = subscribe({
          onEvent: async (e) => {
            running += 1;
            most = Math.max(most, running);
            await new Promise((resolve) => setImmediate(resolve)); // a turn of the loop, in which a second delivery could start
            seen.push(e.globalPosition);
            running -= 1;
          },
        });
        await store.append('task-c:12.1', events(3));
        await sub.caughtUp;
        await waitFor(() => seen.length === 7, liveTimeoutMs, 'seven deliveries');
        expect(most).toBe(1);
        expect(seen).toEqual(positions(await store.readAll()));
      });

      it('stops delivering once closed', async () => {
        await store.append('task-c:12.2', [newEvent()]);
        const { received, sub } = collector();
        await sub.caughtUp;
        await sub.close();
        await store.append('task-c:12.2', events(2));
        // Real time: an absence, seen over longer than any adapter's poll interval.
        await sleep(600);
        expect(received).toHaveLength(1);
      });

      it('waits for the running delivery when closed', async () => {
        let started = false;
        let finished = false;
        let release = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        const sub = subscribe({
          onEvent: async () => {
            started = true;
            await held;
            finished = true;
          },
        });
        await store.append('task-c:12.3', [newEvent()]);
        await waitFor(() => started, liveTimeoutMs, 'the delivery to start');
        let closed = false;
        const closing = sub.close().then(() => (closed = true));
        await new Promise((resolve) => setImmediate(resolve)); // what close can do without the delivery
        expect(closed).toBe(false);
        release();
        await closing;
        expect(finished).toBe(true);
      });

      it('stops on an error thrown by onEvent and hands it to onError', async () => {
        await store.append('task-c:12.4', events(3));
        const boom = new Error('projection failed');
        const received: number[] = [];
        const errors: unknown[] = [];
        subscribe({
          onEvent: (e) => {
            if (received.length === 1) throw boom;
            received.push(e.globalPosition);
          },
          onError: (err) => void errors.push(err),
        });
        await waitFor(() => errors.length === 1, liveTimeoutMs, 'onError');
        await store.append('task-c:12.4', [newEvent()]);
        // Real time: an absence (no delivery after the error), seen over longer than a poll interval.
        await sleep(400);
        expect(errors).toEqual([boom]);
        expect(received).toHaveLength(1);
      });

      it('gives every one of many concurrent appends to each subscriber exactly once', async () => {
        const a = collector();
        const b = collector();
        await Promise.all([a.sub.caughtUp, b.sub.caughtUp]);
        await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(`task-c:13.${i % 4}`, events(1 + (i % 3)))));
        const total = (await store.readAll()).length;
        await waitFor(() => a.received.length >= total && b.received.length >= total, liveTimeoutMs, 'every event');
        // Nothing more comes: an event appended after them is the next one each delivers.
        await store.append('task-c:13.y', [newEvent()]);
        await waitFor(() => a.received.length > total && b.received.length > total, liveTimeoutMs, 'the marker');
        const all = positions(await store.readAll());
        expect(positions(a.received)).toEqual(all);
        expect(positions(b.received)).toEqual(all);
      });
    });

    describe('importRecorded (store copy)', () => {
      /** Events as another store recorded them: chained per stream and hashed with `algorithm`. */
      function recordedElsewhere(
        specs: { streamId: string; recordedAt: string; data?: unknown }[],
        algorithm: HashAlgorithm = store.hashAlgorithm,
        heads = new Map<string, { revision: number; hash: string | null }>(),
      ): RecordedEvent[] {
        return specs.map((spec, i) => {
          const head = heads.get(spec.streamId) ?? { revision: -1, hash: null };
          const eventId = randomUUID();
          const envelope = {
            eventId,
            type: 'TaskStatusChanged',
            streamId: spec.streamId,
            streamRevision: head.revision + 1,
            planId: 'contract-plan',
            recordedAt: spec.recordedAt,
            effectiveAt: '2023-03-23T00:00:00.000Z',
            actor: { id: 'elsewhere', role: 'office' },
            correlationId: eventId,
            causationId: null,
            schemaVersion: 1,
            data: spec.data ?? { n: i, 说明: '另一个库里记下的' },
            prevHash: head.hash,
          };
          const hash = eventHash(envelope, algorithm);
          heads.set(spec.streamId, { revision: envelope.streamRevision, hash });
          return { ...envelope, hash, globalPosition: 1000 + i * 7 };
        });
      }

      const strip = ({ globalPosition: _g, ...rest }: RecordedEvent) => rest;

      async function expectNothingImported(before: RecordedEvent[]): Promise<void> {
        expect(await store.readAll()).toEqual(before);
      }

      it('keeps every field but globalPosition, which is its own and increasing in the given order', async () => {
        const source = recordedElsewhere([
          { streamId: 'task-c:20.1', recordedAt: '2025-01-01T00:00:00.000Z' },
          { streamId: 'task-c:20.2', recordedAt: '2025-01-01T00:00:00.000Z' },
          { streamId: 'task-c:20.1', recordedAt: '2025-01-02T08:00:00.123Z' },
        ]);
        const { lastPosition } = await store.importRecorded(source);
        const all = await store.readAll();
        expect(all.map(strip)).toEqual(source.map(strip));
        expectStrictlyIncreasing(positions(all));
        expect(lastPosition).toBe(all.at(-1)!.globalPosition);
        expect(await store.headPosition()).toBe(lastPosition);
        expect((await store.readStream('task-c:20.1')).map(strip)).toEqual([source[0], source[2]].map((e) => strip(e!)));
        if (controlsClock) expect(await store.positionAt('2025-01-01T23:59:59.999Z')).toBe(all[1]!.globalPosition);
      });

      it('continues across calls and leaves the chains for append to extend', async () => {
        const heads = new Map<string, { revision: number; hash: string | null }>();
        const first = recordedElsewhere([{ streamId: 'task-c:21.1', recordedAt: '2025-02-01T00:00:00.000Z' }], store.hashAlgorithm, heads);
        const second = recordedElsewhere(
          [
            { streamId: 'task-c:21.1', recordedAt: '2025-02-02T00:00:00.000Z' },
            { streamId: 'task-c:21.1', recordedAt: '2025-02-02T00:00:00.000Z' },
          ],
          store.hashAlgorithm,
          heads,
        );
        const a = await store.importRecorded(first);
        const b = await store.importRecorded(second);
        expect(b.lastPosition).toBeGreaterThan(a.lastPosition);
        if (controlsClock) clock.set('2024-01-01T00:00:00.000Z'); // behind the imported events
        const next = await store.append('task-c:21.1', [newEvent()], { expectedRevision: 2 });
        const e = next.events[0]!;
        expect(e.streamRevision).toBe(3);
        expect(e.prevHash).toBe(second[1]!.hash);
        expect(e.globalPosition).toBeGreaterThan(b.lastPosition);
        if (controlsClock) expect(e.recordedAt).toBe('2025-02-02T00:00:00.000Z');
      });

      it('refuses an event that does not continue its stream, and imports nothing of the batch', async () => {
        await store.append('task-c:22.1', events(2), { expectedRevision: 'no_stream' });
        const before = await store.readAll();
        const later = '2100-01-01T00:00:00.000Z';
        // Revision 0 again on a stream at revision 1.
        const again = recordedElsewhere([
          { streamId: 'task-c:22.2', recordedAt: later },
          { streamId: 'task-c:22.1', recordedAt: later },
        ]);
        const err = await expectRejection(store.importRecorded(again), StoreError);
        expect(err instanceof ConcurrencyError || err instanceof InvalidAppendError).toBe(true);
        await expectNothingImported(before);
        // A gap: revision 1 of a stream that does not exist.
        const gapped = recordedElsewhere([
          { streamId: 'task-c:22.3', recordedAt: later },
          { streamId: 'task-c:22.3', recordedAt: later },
        ]);
        const err2 = await expectRejection(store.importRecorded(gapped.slice(1)), StoreError);
        expect(err2 instanceof ConcurrencyError || err2 instanceof InvalidAppendError).toBe(true);
        await expectNothingImported(before);
      });

      it("refuses a prevHash that is not the stream head's hash", async () => {
        const head = (await store.append('task-c:23.1', events(1))).events[0]!;
        const before = await store.readAll();
        const heads = new Map([['task-c:23.1', { revision: head.streamRevision, hash: 'f'.repeat(64) as string | null }]]);
        const wrong = recordedElsewhere([{ streamId: 'task-c:23.1', recordedAt: '2100-01-01T00:00:00.000Z' }], store.hashAlgorithm, heads);
        await expectRejection(store.importRecorded(wrong), InvalidAppendError);
        await expectNothingImported(before);
        const right = recordedElsewhere(
          [{ streamId: 'task-c:23.1', recordedAt: '2100-01-01T00:00:00.000Z' }],
          store.hashAlgorithm,
          new Map([['task-c:23.1', { revision: head.streamRevision, hash: head.hash as string | null }]]),
        );
        await store.importRecorded(right);
        expect((await store.readStream('task-c:23.1')).map((e) => e.eventId)).toEqual([head.eventId, right[0]!.eventId]);
      });

      it('refuses an event whose hash does not recompute (changed, or another algorithm), and imports nothing', async () => {
        const source = recordedElsewhere([
          { streamId: 'task-c:24.1', recordedAt: '2025-03-01T00:00:00.000Z' },
          { streamId: 'task-c:24.2', recordedAt: '2025-03-01T00:00:00.000Z' },
        ]);
        const changed = [source[0]!, { ...source[1]!, data: { n: 999 } }];
        await expectRejection(store.importRecorded(changed), InvalidAppendError);
        await expectNothingImported([]);
        const other: HashAlgorithm = store.hashAlgorithm === 'sha256' ? 'sm3' : 'sha256';
        // When this Node's OpenSSL lacks sm3, the changed event above stands for the case.
        if (hashAvailable(other)) {
          const foreign = recordedElsewhere([{ streamId: 'task-c:24.3', recordedAt: '2025-03-01T00:00:00.000Z' }], other);
          await expectRejection(store.importRecorded(foreign), InvalidAppendError);
        }
        await expectNothingImported([]);
      });

      it("refuses a recordedAt below the store's last, within a batch or against what is stored", async () => {
        const first = recordedElsewhere([{ streamId: 'task-c:25.1', recordedAt: '2025-04-02T00:00:00.000Z' }]);
        await store.importRecorded(first);
        const before = await store.readAll();
        const earlier = recordedElsewhere([{ streamId: 'task-c:25.2', recordedAt: '2025-04-01T23:59:59.999Z' }]);
        await expectRejection(store.importRecorded(earlier), InvalidAppendError);
        const backwards = recordedElsewhere([
          { streamId: 'task-c:25.3', recordedAt: '2025-04-03T00:00:00.000Z' },
          { streamId: 'task-c:25.4', recordedAt: '2025-04-02T12:00:00.000Z' },
        ]);
        await expectRejection(store.importRecorded(backwards), InvalidAppendError);
        await expectNothingImported(before);
      });

      it.skipIf(!uniqueEventIds)('refuses an eventId the store already holds, and imports nothing', async () => {
        const source = recordedElsewhere([{ streamId: 'task-c:26.1', recordedAt: '2025-05-01T00:00:00.000Z' }]);
        await store.importRecorded(source);
        const before = await store.readAll();
        const [dup] = recordedElsewhere([{ streamId: 'task-c:26.2', recordedAt: '2025-05-01T00:00:00.000Z' }]);
        const sameId = { ...dup!, eventId: source[0]!.eventId, correlationId: source[0]!.eventId };
        const { hash: _h, globalPosition: _p, ...envelope } = sameId;
        await expectRejection(store.importRecorded([{ ...sameId, hash: eventHash(envelope, store.hashAlgorithm) }]), InvalidAppendError);
        await expectNothingImported(before);
      });

      it('delivers imported events to a live subscriber', async () => {
        const { received, sub } = collector();
        await sub.caughtUp;
        const source = recordedElsewhere([
          { streamId: 'task-c:27.1', recordedAt: '2025-06-01T00:00:00.000Z' },
          { streamId: 'task-c:27.1', recordedAt: '2025-06-01T00:00:00.000Z' },
        ]);
        await store.importRecorded(source);
        await waitFor(() => received.length >= 2, liveTimeoutMs, 'the imported events');
        expect(received.map((e) => e.eventId)).toEqual(source.map((e) => e.eventId));
      });
    });

    describe('reopening', () => {
      it('keeps every event and hash, and continues positions, revisions and chains', async (t) => {
        if (!ctx.reopen) return t.skip();
        clock.set('2026-03-06T00:00:00.000Z');
        await store.append('task-c:14.1', events(2), { expectedRevision: 'no_stream' });
        await store.append('task-c:14.2', [newEvent({ data: { 说明: '重新打开后仍在' } })]);
        await store.append('task-c:14.1', [newEvent({ effectiveAt: '2023-03-23T00:00:00.000Z' })], { expectedRevision: 1 });
        const before = await store.readAll();
        const head = await store.headPosition();

        store = await ctx.reopen();
        expect(await store.readAll()).toEqual(before);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream('task-c:14.1')).toEqual(before.filter((e) => e.streamId === 'task-c:14.1'));

        await expectRejection(store.append('task-c:14.1', [newEvent()], { expectedRevision: 'no_stream' }), ConcurrencyError);
        await expectRejection(store.append('task-c:14.1', [newEvent()], { expectedRevision: 1 }), ConcurrencyError);
        if (controlsClock) clock.set('2026-03-05T00:00:00.000Z'); // behind the last recordedAt
        const next = await store.append('task-c:14.1', [newEvent()], { expectedRevision: 2 });
        const e = next.events[0]!;
        expect(e.streamRevision).toBe(3);
        expect(e.globalPosition).toBeGreaterThan(head);
        expect(e.prevHash).toBe(before.filter((x) => x.streamId === 'task-c:14.1').at(-1)!.hash);
        if (controlsClock) expect(e.recordedAt).toBe('2026-03-06T00:00:00.000Z');

        const { received, sub } = collector(before[0]!.globalPosition);
        await sub.caughtUp;
        expect(positions(received)).toEqual([...positions(before.slice(1)), e.globalPosition]);
      });
    });
  });
}

// The event feed's paging over the store port: filters, the examine bound, and that following
// nextAfter reads every matching event exactly once.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEventPage } from '../../src/app/event-feed.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';

let store: SqliteEventStore;
beforeEach(() => {
  store = SqliteEventStore.open(':memory:');
});
afterEach(async () => {
  await store.close();
});

let ids = 0;
/** Appends one event per [planId, type], each to its own stream, in order. */
async function appendAll(into: SqliteEventStore, events: readonly (readonly [string, string])[]) {
  for (const [planId, type] of events) {
    await into.append(`s-${++ids}`, [{ eventId: `e-${ids}`, type, planId, data: {}, actor: { id: 't', role: 'test' } }]);
  }
}

const positions = (page: { items: { globalPosition: number }[] }) => page.items.map((e) => e.globalPosition);

describe('readEventPage', () => {
  it('pages the global order with after and limit, and answers the head', async () => {
    await appendAll(store, [
      ['a', 'X'],
      ['b', 'Y'],
      ['a', 'Y'],
      ['b', 'X'],
      ['a', 'X'],
    ]);
    expect(await readEventPage(store, {})).toMatchObject({ nextAfter: 5, headPosition: 5 });
    const first = await readEventPage(store, { limit: 2 });
    expect([positions(first), first.nextAfter]).toEqual([[1, 2], 2]);
    const last = await readEventPage(store, { after: 4, limit: 2 });
    expect([positions(last), last.nextAfter, last.headPosition]).toEqual([[5], 5, 5]);
    const beyond = await readEventPage(store, { after: 9 });
    expect([positions(beyond), beyond.nextAfter, beyond.headPosition]).toEqual([[], 9, 5]);
  });

  it('filters by plan and by any of several types, and stops at the last event examined', async () => {
    await appendAll(store, [
      ['a', 'X'],
      ['b', 'Y'],
      ['a', 'Y'],
      ['b', 'X'],
      ['a', 'Z'],
      ['b', 'X'],
    ]);
    const planB = await readEventPage(store, { planId: 'b', limit: 2 });
    expect([positions(planB), planB.nextAfter]).toEqual([[2, 4], 4]);
    const types = await readEventPage(store, { types: ['Y', 'Z'] });
    expect([positions(types), types.nextAfter]).toEqual([[2, 3, 5], 6]);
    const both = await readEventPage(store, { planId: 'a', types: ['X'] });
    expect([positions(both), both.nextAfter]).toEqual([[1], 6]);
    const none = await readEventPage(store, { planId: 'nope' });
    expect([positions(none), none.nextAfter]).toEqual([[], 6]);
  });

  it('examines at most maxExamined events, and continues from there', async () => {
    await appendAll(
      store,
      Array.from({ length: 25 }, (_, i) => [i === 21 ? 'rare' : 'common', 'X'] as const),
    );
    const first = await readEventPage(store, { planId: 'rare' }, { maxExamined: 10 });
    expect([positions(first), first.nextAfter]).toEqual([[], 10]);
    const second = await readEventPage(store, { planId: 'rare', after: first.nextAfter }, { maxExamined: 10 });
    expect([positions(second), second.nextAfter]).toEqual([[], 20]);
    const third = await readEventPage(store, { planId: 'rare', after: second.nextAfter }, { maxExamined: 10 });
    expect([positions(third), third.nextAfter]).toEqual([[22], 25]);
  });

  it('reads every matching event exactly once when a client follows nextAfter to the head', async () => {
    const event = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('X', 'Y'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 60 }),
        fc.record({ planId: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), types: fc.subarray(['X', 'Y']) }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        async (events, filter, limit, maxExamined) => {
          const s = SqliteEventStore.open(':memory:');
          try {
            await appendAll(s, events);
            const expected = (await s.readAll())
              .filter((e) => (filter.planId === undefined || e.planId === filter.planId) && (!filter.types.length || filter.types.includes(e.type)))
              .map((e) => e.globalPosition);
            const seen: number[] = [];
            let after = 0;
            for (;;) {
              const page = await readEventPage(s, { ...filter, after, limit }, { maxExamined });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              seen.push(...positions(page));
              if (page.nextAfter === page.headPosition) break;
              expect(page.nextAfter).toBeGreaterThan(after); // always progress
              after = page.nextAfter;
            }
            expect(seen).toEqual(expected);
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

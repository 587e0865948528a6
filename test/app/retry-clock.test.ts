// A command that loses a race for its stream decides again on the new state, and reads the clock
// again: the winner's write may carry a later time than the loser first read, and a month's progress
// reports (like an indicator's values) take effect in the order they are recorded. Decided with the
// first reading, the loser was refused as "before the latest" (409 valid-time-conflict) — seen in
// the crash test on PostgreSQL, where writers to one task race across connections.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = 'wuhan-2023-p1';
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-28T02:00:00.000Z' });
});
afterEach(async () => {
  await h.close();
});

/** Runs `winner` (a minute later by the clock) just before the first append to a stream starting with `prefix`. */
function raceOnce(prefix: string, winner: () => Promise<unknown>): { raced: () => boolean } {
  const store = h.store;
  const append = store.append.bind(store);
  let raced = false;
  store.append = async (streamId: string, events: Parameters<typeof append>[1], options?: Parameters<typeof append>[2]) => {
    if (!raced && streamId.startsWith(prefix)) {
      raced = true;
      h.clock.advance(60_000);
      await winner();
    }
    return append(streamId, events, options);
  };
  return { raced: () => raced };
}

describe('a command that loses a race for its stream', () => {
  it('a progress report is written after a later one for the same month, not refused as before it', async () => {
    const race = raceOnce(`progress-${PLAN}:5.3`, () =>
      h.app.reportProgress({ planId: PLAN, code: '5.3', unitId: 'rsj', period: '2023-11', done: '梳理人才政策清单' }),
    );
    const loser = await h.app.reportProgress({ planId: PLAN, code: '5.3', unitId: 'rcj', period: '2023-11', done: '制定青年人才安居工作方案' });
    expect(race.raced()).toBe(true);
    expect(loser.report).toMatchObject({ done: '制定青年人才安居工作方案', reportedAt: '2026-11-28T02:01:00.000Z' });
  });

  it('an indicator value as of today is written after a later one, not refused as before it', async () => {
    const race = raceOnce(`indicator-${PLAN}:3.3-1`, () =>
      h.app.reportIndicatorValue({ planId: PLAN, indicatorId: '3.3-1', value: '150', asOfDate: '2026-11-28' }),
    );
    const loser = await h.app.reportIndicatorValue({ planId: PLAN, indicatorId: '3.3-1', value: '160', asOfDate: '2026-11-28' });
    expect(race.raced()).toBe(true);
    expect(loser.indicator.latest).toMatchObject({ valueId: loser.valueId, value: '160' });
  });
});

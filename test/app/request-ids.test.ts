// Event ids a keyed request makes again when run again (src/app/request-ids.ts): derived from the
// request's seed and how many of its appends went in, so a pass decided again after a lost race takes
// the same ids, and a second run of the whole request (after a crash lost the first's response) is
// refused by the store instead of recorded twice. Through the application, SQLite on a temp file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorWithIds, countAppend, derivedEventIds } from '../../src/app/request-ids.ts';
import { DuplicateEventError } from '../../src/store/errors.ts';
import type { Actor, NewEvent } from '../../src/store/event-store.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = 'wuhan-2023-p1';
const OFFICE: Actor = { id: 'office-1', role: 'office' };
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('derivedEventIds', () => {
  it('are the same for the same seed, differ by seed, append and place, and are UUIDv8; an actor without a seed has none', () => {
    const a = actorWithIds(OFFICE, 'seed-a');
    const again = actorWithIds(OFFICE, 'seed-a');
    expect(a).toEqual(OFFICE); // what events record is unchanged
    expect(a).not.toBe(OFFICE);
    const first = derivedEventIds(a, 2)!;
    expect(first).toHaveLength(2);
    for (const id of first) expect(id).toMatch(UUID_V8);
    expect(first[0]).not.toBe(first[1]);
    expect(derivedEventIds(again, 2)).toEqual(first);
    expect(derivedEventIds(a, 2)).toEqual(first); // nothing went in yet: the same again
    countAppend(a);
    expect(derivedEventIds(a, 1)![0]).not.toBe(first[0]);
    expect(derivedEventIds(actorWithIds(OFFICE, 'seed-b'), 1)![0]).not.toBe(first[0]);
    expect(derivedEventIds(OFFICE, 1)).toBeNull();
  });
});

describe('a keyed command', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: '2026-11-28T02:00:00.000Z' });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Every append's event ids, in order. */
  function watchIds(): string[][] {
    const seen: string[][] = [];
    const append = h.store.append.bind(h.store);
    h.store.append = (streamId: string, events: NewEvent[], options?: Parameters<typeof append>[2]) => {
      seen.push(events.map((e) => e.eventId));
      return append(streamId, events, options);
    };
    return seen;
  }

  it('run again with the same seed is refused by the store, and nothing more is recorded', async () => {
    const report = (actor: Actor) => h.app.reportIndicatorValue({ actor, planId: PLAN, indicatorId: '3.3-1', value: '150', asOfDate: '2026-11-28' });
    const ids = watchIds();
    await report(actorWithIds(OFFICE, 'request-1'));
    const head = await h.store.headPosition();
    // The same request run again (a new actor object, as a new process makes it), on the new state.
    const error = await report(actorWithIds(OFFICE, 'request-1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateEventError);
    expect((error as DuplicateEventError).eventId).toBe(ids[0]![0]);
    expect(await h.store.headPosition()).toBe(head);
    // Another request (another seed) with the same input is a new value.
    await report(actorWithIds(OFFICE, 'request-2'));
    expect(await h.store.headPosition()).toBe(head + 1);
  });

  it('decided again after losing a race takes the ids of its first pass, which did not go in', async () => {
    const ids = watchIds();
    const store = h.store;
    const append = store.append;
    let raced = false;
    store.append = async (streamId, events, options) => {
      if (!raced && streamId.startsWith(`indicator-${PLAN}:3.3-1`)) {
        raced = true;
        await h.app.reportIndicatorValue({ actor: OFFICE, planId: PLAN, indicatorId: '3.3-1', value: '150', asOfDate: '2026-11-28' });
      }
      return append(streamId, events, options);
    };
    const keyed = actorWithIds(OFFICE, 'request-3');
    await h.app.reportIndicatorValue({ actor: keyed, planId: PLAN, indicatorId: '3.3-1', value: '160', asOfDate: '2026-11-28' });
    expect(raced).toBe(true);
    // The winner's append (made from inside the loser's first), the loser's first pass (refused: the
    // stream moved), then its second pass.
    const [winner, firstPass, secondPass] = ids;
    expect(firstPass).toEqual(secondPass);
    expect(winner![0]).not.toBe(firstPass![0]);
    // And a later append by the same request takes other ids.
    expect(derivedEventIds(keyed, 1)![0]).not.toBe(firstPass![0]);
  });
});

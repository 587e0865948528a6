import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { RecentEvents, StoredHeldEvent } from '../../src/store/recent-events.ts';

/** A held event whose builds are counted: each build parses its actor once. */
const held = (position: number) => {
  let builds = 0;
  const event = { globalPosition: position, data: { n: position } } as unknown as RecordedEvent;
  const actors = {
    parse: (json: string) => {
      builds += 1;
      return JSON.parse(json) as RecordedEvent['actor'];
    },
  };
  const h = new StoredHeldEvent(event, '{"id":"u","role":"office"}', JSON.stringify({ n: position }), actors);
  return { h, builds: () => builds };
};
const positions = (events: RecordedEvent[] | null) => events?.map((e) => e.globalPosition) ?? null;

describe('RecentEvents', () => {
  it('answers a range it holds in full, and null for one reaching outside it', () => {
    const recent = new RecentEvents(4);
    recent.add([1, 2, 3].map((p) => held(p).h));
    expect(positions(recent.slice(0, 3, -1))).toEqual([1, 2, 3]);
    expect(positions(recent.slice(1, 3, 1))).toEqual([2]);
    expect(recent.slice(0, 4, -1)).toBeNull(); // 4 is not held
    expect(recent.last).toBe(3);
  });

  it('keeps at most twice its capacity, trimming to the newest `capacity` events', () => {
    const recent = new RecentEvents(4);
    for (let p = 1; p <= 8; p++) recent.add([held(p).h]);
    expect(positions(recent.slice(0, 8, -1))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // 8 = 2 × capacity: not yet trimmed
    recent.add([held(9).h]);
    expect(recent.slice(0, 9, -1)).toBeNull(); // 1–5 are gone
    expect(recent.slice(4, 9, -1)).toBeNull();
    expect(positions(recent.slice(5, 9, -1))).toEqual([6, 7, 8, 9]);
  });

  it('starts over when positions are not contiguous (another writer in between)', () => {
    const recent = new RecentEvents(4);
    recent.add([held(1).h, held(2).h]);
    recent.add([held(4).h]);
    expect(recent.slice(0, 4, -1)).toBeNull();
    expect(recent.slice(2, 4, -1)).toBeNull(); // 3 was written by someone else
    expect(positions(recent.slice(3, 4, -1))).toEqual([4]);
  });

  it('builds each event once, at its first read, frozen', () => {
    const recent = new RecentEvents(4);
    const one = held(1);
    recent.add([one.h]);
    expect(one.builds()).toBe(0);
    const [first] = recent.slice(0, 1, -1)!;
    const [again] = recent.slice(0, 1, -1)!;
    expect(one.builds()).toBe(1);
    expect(again).toBe(first);
    expect(Object.isFrozen(first!.data)).toBe(true);
  });
});

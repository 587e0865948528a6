import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newEventId } from '../../src/app/event-id.ts';

const msecsOf = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('newEventId', () => {
  it('makes valid UUIDv7s carrying the millisecond, each greater than the last, across pool refills', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.abs(msecsOf(ids.at(-1)!) - Date.now())).toBeLessThan(5_000);
  });

  it('keeps increasing within one millisecond and when the clock steps back', () => {
    const t = Date.now() + 60_000; // later than any id made so far
    const same = [newEventId(t), newEventId(t), newEventId(t)];
    const back = newEventId(t - 10_000);
    expect(same[1]! > same[0]!).toBe(true);
    expect(same[2]! > same[1]!).toBe(true);
    expect(back > same[2]!).toBe(true);
    expect(msecsOf(same[0]!)).toBe(t);
    expect(msecsOf(back)).toBeGreaterThanOrEqual(t); // never earlier than an id already given
    // A new millisecond takes a fresh random counter.
    expect(msecsOf(newEventId(t + 1))).toBe(t + 1);
  });
});

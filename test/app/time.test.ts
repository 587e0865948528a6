// Dates and date-times as clients write them, turned into instants in the plan's time zone.
import { describe, expect, it } from 'vitest';
import { endOf, startOf, toInstant } from '../../src/app/time.ts';

describe('time', () => {
  it("reads a bare date as the end of that day in the plan's time zone", () => {
    expect(endOf('2023-03-23', 'Asia/Shanghai')).toBe('2023-03-23T15:59:59.999Z');
    expect(endOf('2023-03-23', 'Europe/Berlin')).toBe('2023-03-23T22:59:59.999Z');
  });

  it('reads a bare date as its start when it bounds from below', () => {
    expect(startOf('2023-03-23', 'Asia/Shanghai')).toBe('2023-03-22T16:00:00.000Z');
  });

  it('takes a date-time with its offset, in UTC with milliseconds', () => {
    expect(endOf('2023-04-01T09:30:00+08:00', 'Asia/Shanghai')).toBe('2023-04-01T01:30:00.000Z');
    expect(startOf('2023-04-01T01:30:00.5Z', 'Asia/Shanghai')).toBe('2023-04-01T01:30:00.500Z');
    expect(toInstant('2023-04-01T09:30:00+08:00')).toBe('2023-04-01T01:30:00.000Z');
  });

  it('refuses what is not a date', () => {
    expect(() => endOf('2023-02-30T00:00:00Z', 'Asia/Shanghai')).toThrow(RangeError);
  });
});

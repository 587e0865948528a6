// Turning what a client writes for a time (a bare date or a date-time) into an instant. A bare
// date is read in the plan's time zone: as an upper bound it means the end of that day (everything
// before the next 00:00 there); as a lower bound, its start.
import { DateTime } from 'luxon';
import { endOfDate } from '../domain/light.ts';

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO instant in UTC with milliseconds, the one form instants are stored in. */
export function toInstant(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

/** The latest instant the value covers: a bare date → its last millisecond in `timeZone`. */
export function endOf(value: string, timeZone: string): string {
  // A plan date's end is one rule, kept (and memoised) with the deadline lights.
  if (BARE_DATE.test(value)) return endOfDate(calendarDate(value), timeZone);
  return parseDateTime(value);
}

/** The earliest instant the value covers: a bare date → its first millisecond in `timeZone`. */
export function startOf(value: string, timeZone: string): string {
  if (BARE_DATE.test(value)) return DateTime.fromISO(calendarDate(value), { zone: timeZone }).startOf('day').toUTC().toISO()!;
  return parseDateTime(value);
}

/** A bare date that is a day of the calendar (no 2026-13-01, no 2026-02-30): luxon would make it null. */
function calendarDate(value: string): string {
  if (!DateTime.fromISO(value).isValid) throw new RangeError(`not a date or date-time: ${value}`);
  return value;
}

function parseDateTime(value: string): string {
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not a date or date-time: ${value}`);
  return dt.toUTC().toISO()!;
}

/** An instant as the plan's people read it: yyyy-MM-dd HH:mm in its time zone (2023-05-18 09:30); '' for none. */
export function localTime(instant: string | null, timeZone: string): string {
  if (!instant) return '';
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
}

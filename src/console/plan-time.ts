// Instants as the plan's offices read them: in the plan's time zone, to the minute or to the day.
import { DateTime } from 'luxon';
import { localTime } from '../app/time.ts';

/** 2023-06-15 09:30 in the plan's time zone; '' for none. */
export const planTime = (instant: string | null | undefined, timeZone: string) => localTime(instant ?? null, timeZone);

/** The day an instant falls on in the plan's time zone; '' for none. */
export const planDay = (instant: string | null | undefined, timeZone: string) =>
  instant ? DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toISODate()! : '';

// Deadline lights (临近提醒, 到期催办): green, yellow (due within the plan's window), red (overdue and
// not done), for anything that falls due on a plan date. Pure: the instant to judge at comes in.
//
// A due date is a date in the plan's time zone; the item is on time until the end of that day. The
// days left at an instant are the days after its own date up to and including the due date —
// calendar days, or, when the plan carries a working-day calendar, working days (holidays off,
// 调休 weekend days on). Due today is 0 days left. Yellow while days left ≤ the window.
import { DateTime } from 'luxon';

export type Light = 'green' | 'yellow' | 'red';

export const lightLabels: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** A working-day calendar, as a plan states it (its WorkingDayCalendar) or as a test builds one. */
export interface Calendar {
  weekendDays: readonly number[];
  holidays: readonly string[];
  workingDays: readonly string[];
}

export interface LightRules {
  timeZone: string;
  /** yellowLightDays: how many days (working days with a calendar) before the due date yellow begins. */
  window: number;
  calendar?: Calendar | undefined;
}

export interface Due {
  /** A plan date: due by the end of that day in the plan's time zone. */
  dueDate: string;
  /** When it was done (valid time), if it is done by the instant judged at. */
  doneAt?: string | null;
  /** When it was last owed again (a handling plan returned by the office): red no earlier than this. */
  owedSince?: string | null;
}

export interface LightReading {
  light: Light;
  /** The end of the due date in the plan's time zone, as an instant. */
  dueAt: string;
  /** When the current light began; null for green before it was ever yellow. */
  since: string | null;
  /** Days left to the due date (working days with a calendar); null once overdue or done. */
  daysLeft: number | null;
  /** Calendar days past the due date, when red. */
  daysOverdue: number | null;
  done: boolean;
}

/** Guard against a calendar that marks every day off: the window is walked at most this far. */
const MAX_WALK_DAYS = 400;

export function isWorkingDay(date: DateTime, calendar: Calendar | undefined): boolean {
  if (!calendar) return true;
  const iso = date.toISODate()!;
  if (calendar.workingDays?.includes(iso)) return true;
  if (calendar.holidays?.includes(iso)) return false;
  return !(calendar.weekendDays ?? [6, 7]).includes(date.weekday);
}

// Time-zone arithmetic is the cost of a light (luxon asks Intl for the zone's offset each time), and
// a read judges hundreds of items against a handful of due dates and one instant: the day starts
// and ends below are memoised. They are pure functions of their arguments, and DateTimes are
// immutable, so a memo changes no answer; it is bounded, and simply emptied when full.
const MEMO_MAX = 4096;
function memo<V>(compute: (date: string, zone: string) => V): (date: string, zone: string) => V {
  const cache = new Map<string, V>();
  return (date, zone) => {
    const key = `${zone}\u0000${date}`;
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= MEMO_MAX) cache.clear();
      value = compute(date, zone);
      cache.set(key, value);
    }
    return value;
  };
}

const startOfDay = memo((date: string, zone: string) => DateTime.fromISO(date, { zone }).startOf('day'));

/** The end of a plan date in the zone, as an ISO instant. */
export const endOfDate = memo((date: string, zone: string): string => startOfDay(date, zone).plus({ days: 1 }).minus({ milliseconds: 1 }).toUTC().toISO()!);

/** The start of the day an instant falls on, in the zone (the last one asked for is kept: a read asks for one instant). */
let lastToday: { ms: number; zone: string; day: DateTime } | undefined;
function dayOf(ms: number, zone: string): DateTime {
  if (lastToday?.ms !== ms || lastToday.zone !== zone) lastToday = { ms, zone, day: DateTime.fromMillis(ms, { zone }).startOf('day') };
  return lastToday.day;
}

/** Calendar days from one day start to another in the same zone (memoised like the day starts above). */
const dayCounts = new Map<string, number>();
function calendarDays(from: DateTime, to: DateTime): number {
  const key = `${from.zoneName}\u0000${from.toMillis()}\u0000${to.toMillis()}`;
  let n = dayCounts.get(key);
  if (n === undefined) {
    if (dayCounts.size >= MEMO_MAX) dayCounts.clear();
    n = Math.round(to.diff(from, 'days').days);
    dayCounts.set(key, n);
  }
  return n;
}

/** Days after `from` up to and including `due` that count (all days, or working days by the calendar). */
export function daysLeft(from: DateTime, due: DateTime, calendar: Calendar | undefined): number {
  if (!calendar) return calendarDays(from, due);
  let n = 0;
  for (let d = from.plus({ days: 1 }); d <= due; d = d.plus({ days: 1 })) if (isWorkingDay(d, calendar)) n++;
  return n;
}

/** The first day on which the days left are within the window: from its start the item shows yellow. */
export function yellowFrom(dueDate: string, rules: LightRules): DateTime {
  const due = startOfDay(dueDate, rules.timeZone);
  if (!rules.calendar) return due.minus({ days: rules.window });
  // Walk back while the count of counting days in (d, due] stays within the window.
  let d = due;
  let left = 0;
  for (let i = 0; i < MAX_WALK_DAYS; i++) {
    const before = left + (isWorkingDay(d, rules.calendar) ? 1 : 0);
    if (before > rules.window) break;
    d = d.minus({ days: 1 });
    left = before;
  }
  return d;
}

/** The light of something due on `due.dueDate`, judged at the instant `at`. */
export function lightAt(due: Due, at: string, rules: LightRules): LightReading {
  const zone = rules.timeZone;
  const dueAt = endOfDate(due.dueDate, zone);
  const atMs = Date.parse(at);
  const done = !!due.doneAt && Date.parse(due.doneAt) <= atMs;
  if (done) return { light: 'green', dueAt, since: due.doneAt!, daysLeft: null, daysOverdue: null, done: true };
  const today = dayOf(atMs, zone);
  const dueDay = startOfDay(due.dueDate, zone);
  if (atMs > Date.parse(dueAt)) {
    const overdueFrom = Date.parse(dueAt) + 1;
    const owed = due.owedSince ? Date.parse(due.owedSince) : 0;
    return {
      light: 'red',
      dueAt,
      since: new Date(Math.max(overdueFrom, owed)).toISOString(),
      daysOverdue: calendarDays(dueDay, today),
      daysLeft: null,
      done: false,
    };
  }
  const left = daysLeft(today, dueDay, rules.calendar);
  if (left <= rules.window) {
    const from = yellowFrom(due.dueDate, rules).toMillis();
    const owed = due.owedSince ? Date.parse(due.owedSince) : 0;
    return { light: 'yellow', dueAt, since: new Date(Math.max(from, owed)).toISOString(), daysLeft: left, daysOverdue: null, done: false };
  }
  return { light: 'green', dueAt, since: null, daysLeft: left, daysOverdue: null, done: false };
}

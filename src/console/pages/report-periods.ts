// Which months, quarters and years a plan reports on (its report span, src/domain/plan.ts), and the
// checks of a period as the URL writes it, so a bad one is a 400 page that says why.
import { DateTime } from 'luxon';
import { QuarterId, YearId } from '../../domain/bulletin.ts';
import { Period } from '../../domain/events.ts';
import { type PlanDefinition, reportSpan } from '../../domain/plan.ts';
import { ConsolePageError } from '../console-page.ts';
import type { ConsoleView } from '../view.ts';

export interface QuarterRow {
  quarter: string;
  months: string[];
}

/** The plan's report months (to today's month when it names no end), grouped by quarter. */
export function quartersOf(plan: PlanDefinition, today: string): QuarterRow[] {
  const span = reportSpan(plan);
  const last = span.last ?? today.slice(0, 7);
  const rows: QuarterRow[] = [];
  for (let m = DateTime.fromISO(`${span.first}-01`); m.toFormat('yyyy-MM') <= last; m = m.plus({ months: 1 })) {
    const quarter = `${m.year}-Q${Math.ceil(m.month / 3)}`;
    const row = rows.at(-1);
    if (row?.quarter === quarter) row.months.push(m.toFormat('yyyy-MM'));
    else rows.push({ quarter, months: [m.toFormat('yyyy-MM')] });
  }
  return rows;
}

/** The local day (YYYY-MM-DD, the plan's time zone) an axis of the URL names; now when absent. */
export function dayOfAxis(view: ConsoleView, value: string | undefined): string {
  const tz = view.plan?.timeZone ?? 'Asia/Shanghai';
  if (value === undefined || value === 'now') return DateTime.fromJSDate(view.app.now()).setZone(tz).toISODate()!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return DateTime.fromISO(value, { setZone: true }).setZone(tz).toISODate() ?? value.slice(0, 10);
}

/** The day in effect (validAt, else asOf, else today) and the day recorded up to (asOf, else today). */
export function daysOf(view: ConsoleView): { validDay: string; asOfDay: string } {
  return { validDay: dayOfAxis(view, view.time.validAt ?? view.time.asOf), asOfDay: dayOfAxis(view, view.time.asOf) };
}

const QUARTER_START = ['01', '04', '07', '10'];
/** The first day of a quarter YYYY-Qn. */
export const quarterStart = (q: string) => `${q.slice(0, 4)}-${QUARTER_START[Number(q.slice(6)) - 1]}-01`;

export function checkPeriod(kind: 'month' | 'quarter' | 'year', value: string): string {
  const schema = kind === 'month' ? Period : kind === 'quarter' ? QuarterId : YearId;
  if (schema.safeParse(value).success) return value;
  const form = kind === 'month' ? '2023-05 这样的年月' : kind === 'quarter' ? '2023-Q2 这样的季度' : '2023 这样的年份';
  throw new ConsolePageError(400, '期间有误', `“${value.slice(0, 20)}”不是可识别的期间：请写 ${form}。`);
}

/** A download's format as the URL names it (markdown or md) and the report format it is. */
export function formatOf(value: string | undefined, allowed: readonly string[]): 'csv' | 'md' | 'xlsx' {
  const format = value === 'markdown' ? 'md' : value;
  if (format && allowed.includes(format)) return format as 'csv' | 'md' | 'xlsx';
  throw new ConsolePageError(400, '下载格式有误', `可下载的格式：${allowed.map((f) => (f === 'md' ? 'markdown' : f)).join('、')}。`);
}

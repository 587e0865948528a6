/** @jsxImportSource hono/jsx */
// The date control on every page: 查看日期 (validAt, what was in effect) and 依据记录截至 (asOf, what
// duban had recorded), as a form that works without JavaScript, and a slider across the plan's span
// with its phases, the quarter ends and today drawn beneath it (SVG: no inline style, for the CSP).
import { DateTime } from 'luxon';
import type { PlanDefinition } from '../domain/plan.ts';
import type { ConsoleView } from './view.ts';

export interface PlanSpan {
  first: string;
  last: string;
  days: number;
}

/** The plan's span on the calendar: from its issue (or first phase) to its last phase end or task deadline. */
export function planSpan(plan: PlanDefinition): PlanSpan {
  const starts = [plan.issuedOn, ...plan.phases.map((p) => p.startDate)].sort();
  const ends = [...plan.phases.map((p) => p.endDate), ...plan.tasks.flatMap((t) => (t.deadline ? [t.deadline] : []))].sort();
  const first = starts[0]!;
  const last = ends.at(-1) ?? DateTime.fromISO(first).plus({ years: 1 }).toISODate()!;
  return { first, last, days: dayIndex(first, last) };
}

export const dayIndex = (from: string, to: string) => Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days);

/** The quarter ends (03-31, 06-30, 09-30, 12-31) within the span. */
export function quarterEnds(span: PlanSpan): string[] {
  const ends: string[] = [];
  let at = DateTime.fromISO(span.first).endOf('quarter');
  while (at.toISODate()! <= span.last) {
    ends.push(at.toISODate()!);
    at = at.plus({ days: 1 }).endOf('quarter');
  }
  return ends;
}

/** The calendar date a time point falls on in the plan's zone (a bare date is itself); undefined for now. */
export function dateOf(point: string | undefined, timeZone: string): string | undefined {
  if (point === undefined || point === 'now') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(point)) return point;
  const dt = DateTime.fromISO(point, { setZone: true });
  return dt.isValid ? dt.setZone(timeZone).toISODate()! : undefined;
}

const W = 1000;

export function DateControl(props: { view: ConsoleView; today: string }) {
  const { view, today } = props;
  const plan = view.plan;
  const axes = view.time;
  const keep = Object.entries(Object.fromEntries(new URL(view.c.req.url).searchParams)).filter(([k]) => k !== 'validAt' && k !== 'asOf');
  const span = plan ? planSpan(plan) : undefined;
  const shown = plan ? (dateOf(axes.validAt ?? axes.asOf, plan.timeZone) ?? today) : undefined;
  const x = (date: string) => (span ? Math.max(0, Math.min(W, (dayIndex(span.first, date) / Math.max(1, span.days)) * W)) : 0);
  return (
    <form class="date-control" method="get" action={new URL(view.c.req.url).pathname} aria-label="日期">
      {keep.map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <div class="date-fields">
        <label>
          查看日期
          <input
            type="text"
            name="validAt"
            id="validAt"
            value={axes.validAt ?? ''}
            placeholder="今天（now）"
            inputmode="numeric"
            maxlength={35}
            aria-describedby="date-help"
          />
        </label>
        <label>
          依据记录截至
          <input type="text" name="asOf" id="asOf" value={axes.asOf ?? ''} placeholder="今天（now）" maxlength={35} aria-describedby="date-help" />
        </label>
        <button type="submit">查看</button>
        {axes.validAt || axes.asOf ? (
          <a class="button-link" href={view.self({ validAt: undefined, asOf: undefined })}>
            回到今天
          </a>
        ) : null}
      </div>
      <p id="date-help" class="help">
        日期写作 2023-06-30（当日结束时），或带时区的时刻，或 now。查看日期：当时生效的状态；依据记录截至：duban 当时已记录的内容。
      </p>
      {plan && span && shown ? (
        <div class="timeline">
          <label class="visually-hidden" for="date-slider">
            在计划期内选择查看日期
          </label>
          <input
            type="range"
            id="date-slider"
            class="date-slider"
            min="0"
            max={String(span.days)}
            value={String(Math.max(0, Math.min(span.days, dayIndex(span.first, shown))))}
            data-first={span.first}
            list="date-marks"
          />
          <datalist id="date-marks">
            {quarterEnds(span).map((q) => (
              <option value={String(dayIndex(span.first, q))} label={q} />
            ))}
          </datalist>
          <svg class="timeline-marks" viewBox={`0 0 ${W} 44`} preserveAspectRatio="none" role="img" aria-label={`计划期 ${span.first} 至 ${span.last}`}>
            {plan.phases.map((p, i) => (
              <g>
                <rect x={x(p.startDate)} y="4" width={Math.max(2, x(p.endDate) - x(p.startDate))} height="14" class={`phase phase-${i % 4}`}>
                  <title>{`${p.name} ${p.startDate} 至 ${p.endDate}`}</title>
                </rect>
              </g>
            ))}
            {quarterEnds(span).map((q) => (
              <line x1={x(q)} x2={x(q)} y1="20" y2="30" class="quarter-end">
                <title>{`季末 ${q}`}</title>
              </line>
            ))}
            {today >= span.first && today <= span.last ? (
              <line x1={x(today)} x2={x(today)} y1="0" y2="34" class="today">
                <title>{`今天 ${today}`}</title>
              </line>
            ) : null}
            <line x1={x(shown)} x2={x(shown)} y1="0" y2="44" class="shown">
              <title>{`查看 ${shown}`}</title>
            </line>
          </svg>
          <ul class="phase-legend">
            {plan.phases.map((p, i) => (
              <li>
                <span class={`swatch phase-${i % 4}`} aria-hidden="true" />
                {p.name}（{p.startDate} 至 {p.endDate}）
              </li>
            ))}
            <li>
              <span class="swatch quarter-end" aria-hidden="true" />
              季末
            </li>
            <li>
              <span class="swatch today" aria-hidden="true" />
              今天 {today}
            </li>
          </ul>
        </div>
      ) : null}
    </form>
  );
}

// A unit's monthly reports (信息报送) as a grid, months × the tasks it leads or shares, at (asOf,
// validAt): for each month of the implementation period begun by validAt, whether its report on each
// task came in on time, late, or not at all. Judged as the scorecard judges them (src/app/scorecard/
// scorecard.ts): a lead unit owes a report for each task still open (neither completed nor cancelled)
// at the month's end; its earliest report for the month that still stands (a superseded one counts,
// a withdrawn one does not) is on time when it took effect by the due instant, late after. What the
// web console's unit page shows; one lookup of the progress records and one of the statuses per month.
import { type MonthlyProgressRecord, progress, progressKey } from '../../../projections/progress.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import { UnitNotFound } from '../../domain/errors.ts';
import { expandUnits } from '../../domain/plan.ts';
import { reportMonths } from '../alert/alert.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { dueBy, firstStandingReport, monthEndOf } from '../progress/progress.ts';
import type { Reading, ReadQuery } from '../reading.ts';

export type UnitReportCell =
  /** A report stands, made by the due instant. */
  | 'on_time'
  /** A report stands, made after the due instant. */
  | 'late'
  /** Owed, and the due instant passed at validAt without one. */
  | 'missing'
  /** Owed, not yet due at validAt. */
  | 'pending'
  /** Not owed (a responsible unit, or a task closed by the month's end) and none made. */
  | 'not_owed';

export interface UnitReportMonth {
  period: string;
  dueBy: string;
  cells: { code: string; role: 'lead' | 'responsible'; cell: UnitReportCell; reportedAt: string | null }[];
}

export interface UnitReports extends Reading {
  planId: string;
  unitId: string;
  months: UnitReportMonth[];
}

export async function getUnitReports(ctx: AppContext, planId: string, unitId: string, query: ReadQuery): Promise<UnitReports> {
  const { plan, reading } = await planAt(ctx, planId, query);
  const def = plan.definition;
  if (!def.units.some((u) => u.id === unitId)) throw new UnitNotFound(planId, unitId);
  const mine = def.tasks.flatMap((t): { code: string; role: 'lead' | 'responsible' }[] =>
    expandUnits(def, t.leadUnits).includes(unitId)
      ? [{ code: t.code, role: 'lead' }]
      : expandUnits(def, t.responsibleUnits).includes(unitId)
        ? [{ code: t.code, role: 'responsible' }]
        : [],
  );
  const periods = mine.length ? reportMonths(def, reading.validAt) : [];
  const records = await ctx.states.at<MonthlyProgressRecord>(
    ctx.readModel,
    progress.name,
    mine.flatMap((t) => periods.map((m) => progressKey(planId, t.code, m))),
    reading.position,
    reading.validAt,
  );
  const now = Date.parse(reading.validAt);
  const months: UnitReportMonth[] = [];
  for (const period of periods) {
    const monthEnd = monthEndOf(period, def.timeZone);
    // A month not yet over is judged by the status at validAt (its end has not come).
    const at = Date.parse(monthEnd) < now ? monthEnd : reading.validAt;
    const statuses = await ctx.states.at<TaskStatusRecord>(
      ctx.readModel,
      taskStatus.name,
      mine.map((t) => taskKey(planId, t.code)),
      reading.position,
      at,
    );
    const due = dueBy(def, period);
    months.push({
      period,
      dueBy: due,
      cells: mine.map(({ code, role }): UnitReportMonth['cells'][number] => {
        const record = records.get(progressKey(planId, code, period));
        const first = firstStandingReport(record, unitId);
        if (first !== null) return { code, role, cell: Date.parse(first) <= Date.parse(due) ? 'on_time' : 'late', reportedAt: first };
        const status = statuses.get(taskKey(planId, code))?.status;
        const owed = role === 'lead' && status !== 'completed' && status !== 'cancelled';
        return { code, role, cell: owed ? (Date.parse(due) < now ? 'missing' : 'pending') : 'not_owed', reportedAt: null };
      }),
    });
  }
  return { planId, unitId, months, ...reading };
}

// The task page: GET /plans/{planId}/tasks/{code} — the task at the reading, each unit's latest
// progress report, its indicators with their progress, and links to its history. (The light,
// green/yellow/red, is a later slice.) Kept apart from views.ts because the progress and indicator
// views it uses import views.ts themselves.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type MonthlyProgressRecord, progress, progressKey } from '../../../projections/progress.ts';
import { Period } from '../../domain/events.ts';
import { expandUnits, reportSpan, type TaskDefinition } from '../../domain/plan.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { taskLight } from '../alert/alert.ts';
import { DeadlineLight } from '../alert/alert-views.ts';
import type { AppContext } from '../context.ts';
import { indicatorsAt } from '../indicator/indicator-queries.ts';
import { IndicatorView } from '../indicator/indicator-views.ts';
import { planAt } from '../plan/plan-queries.ts';
import { taskIndicators, unitRef } from '../plan/plan-views.ts';
import { ProgressReportView, reportView, UnitBrief } from '../progress/progress.ts';
import type { Reading, ReadQuery } from '../reading.ts';
import { ReadingFields, TaskView } from '../views.ts';
import { findTask, taskAt } from './task-queries.ts';

/** How many months after the plan's last phase (or before validAt, for a plan without phases) the page looks at. */
export const PROGRESS_MONTHS = 24;

const UnitProgress = z
  .object({
    unit: UnitBrief.describe("A unit of the task (a group's members each on their own)."),
    period: Period.describe('The latest month the unit has a current report for, at validAt.'),
    report: ProgressReportView,
  })
  .meta({ id: 'UnitProgress', description: "A unit's latest progress report (信息报送) on the task." });

const TaskLinks = z
  .object({
    history: ShownText.describe("The task's changes: /plans/{planId}/tasks/{code}/history."),
    audit: ShownText.describe('The audit log for the task: /audit?planId=…&task=….'),
    progress: ShownText.describe("The monthly dispatch (月调度) for validAt's month, in the plan's time zone."),
    indicators: z.record(IdString, ShownText).describe('Per indicator id: /plans/{planId}/indicators/{id}.'),
  })
  .meta({ id: 'TaskLinks', description: "Where the task's history is read (paths relative to the service root)." });

export const TaskReading = TaskView.extend({
  progress: z
    .array(UnitProgress)
    .max(MAX_LISTED)
    .describe(
      `Each of the task's units (lead, then responsible; a group's members each) that has reported: its current report at validAt for the latest month with one — among the plan's months (first phase to last) and at most ${PROGRESS_MONTHS} months after them, none after validAt's month.`,
    ),
  indicatorProgress: z.array(IndicatorView).max(MAX_LISTED).describe("The task's indicators at validAt: latest value, percent of target, on track."),
  light: DeadlineLight.nullable().describe(
    "The task's deadline light at validAt: due on its own (or amended) deadline, else at the end of the plan's implementation period; green once completed. Null for a cancelled task or one with no due date.",
  ),
  links: TaskLinks,
  ...ReadingFields,
}).meta({
  id: 'TaskReading',
  description:
    "A task where it stood at `validAt`, as recorded by `asOf`, with each unit's latest progress report, its indicators' progress and links to its history.",
});
export type TaskReading = z.output<typeof TaskReading>;

/**
 * The months to look at, newest first, none after validAt's month: the plan's own months (the first
 * phase's start month to the last phase's end month), and at most PROGRESS_MONTHS months after them
 * (late reports), the newest; for a plan without phases, the PROGRESS_MONTHS months up to validAt's.
 */
export function periodsToRead(plan: AdoptedPlan, validAt: string): string[] {
  const zone = plan.definition.timeZone;
  const month = (date: string) => DateTime.fromISO(date, { zone }).startOf('month');
  const last = DateTime.fromISO(validAt, { zone }).startOf('month');
  const phases = plan.definition.phases;
  const periods: string[] = [];
  const push = (from: DateTime, to: DateTime, max = Infinity) => {
    for (let m = to; m >= from && max-- > 0; m = m.minus({ months: 1 })) periods.push(m.toFormat('yyyy-MM'));
  };
  if (!phases.length) {
    push(last.minus({ months: PROGRESS_MONTHS - 1 }), last);
    return periods;
  }
  const first = month(phases.map((p) => p.startDate).sort()[0]!);
  const end = month(
    phases
      .map((p) => p.endDate)
      .sort()
      .at(-1)!,
  );
  if (last > end) push(end.plus({ months: 1 }), last, PROGRESS_MONTHS);
  push(first, DateTime.min(last, end));
  return periods;
}

async function latestProgress(ctx: AppContext, plan: AdoptedPlan, task: TaskDefinition, reading: Reading) {
  const planId = plan.definition.id;
  const periods = periodsToRead(plan, reading.validAt);
  const months = await ctx.states.at<MonthlyProgressRecord>(
    ctx.readModel,
    progress.name,
    periods.map((p) => progressKey(planId, task.code, p)),
    reading.position,
    reading.validAt,
  );
  const units = [...new Set(expandUnits(plan.definition, [...task.leadUnits, ...task.responsibleUnits]))];
  return units.flatMap((unitId) => {
    for (const period of periods) {
      const r = months.get(progressKey(planId, task.code, period))?.current[unitId];
      if (r) {
        const { id, name, kind } = unitRef(plan.definition, unitId);
        return [{ unit: { id, name, kind }, period, report: reportView(plan, period, r) }];
      }
    }
    return [];
  });
}

function links(plan: AdoptedPlan, task: TaskDefinition, validAt: string) {
  const planId = plan.definition.id;
  const enc = encodeURIComponent;
  // The month of validAt, brought within the plan's span (a dispatch outside it is refused).
  const span = reportSpan(plan.definition);
  const now = DateTime.fromISO(validAt, { zone: plan.definition.timeZone }).toFormat('yyyy-MM');
  const month = now < span.first ? span.first : span.last !== null && now > span.last ? span.last : now;
  return {
    history: `/plans/${enc(planId)}/tasks/${enc(task.code)}/history`,
    audit: `/audit?${new URLSearchParams({ planId, task: task.code }).toString()}`,
    progress: `/plans/${enc(planId)}/reports/monthly/${month}`,
    indicators: Object.fromEntries(taskIndicators(plan.definition, task.code).map((i) => [i.id, `/plans/${enc(planId)}/indicators/${enc(i.id)}`])),
  };
}

export async function getTaskPage(ctx: AppContext, planId: string, code: string, query: ReadQuery): Promise<TaskReading> {
  const { plan, reading } = await planAt(ctx, planId, query);
  const task = findTask(plan, code);
  const view = await taskAt(ctx, plan, task, reading);
  const indicators = taskIndicators(plan.definition, code);
  return {
    ...view,
    progress: await latestProgress(ctx, plan, task, reading),
    indicatorProgress: await indicatorsAt(ctx, plan, indicators, reading),
    light: taskLight(plan.definition, task, view, reading.validAt),
    links: links(plan, task, reading.validAt),
    ...reading,
  };
}

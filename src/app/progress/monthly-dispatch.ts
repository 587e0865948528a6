// The monthly dispatch (月调度): for every task of the plan, in the plan's order, its status at validAt,
// each lead unit's report for the month or "missing", the responsible units' reports (a group such as
// 各区人民政府 shown once, with its members' reports and the members that have not reported), and a
// list of missing reports per unit. Read at (asOf, validAt) like every read: the task-status and
// progress projections' versions at the reading.
import { z } from 'zod';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type MonthlyProgressRecord, progress, progressKey } from '../../../projections/progress.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import { RuleViolated } from '../../domain/errors.ts';
import { Period } from '../../domain/events.ts';
import { statusLabel } from '../../domain/labels.ts';
import { expandUnits, outsideReportSpan, reportSpan } from '../../domain/plan.ts';
import { TaskStatus } from '../../domain/task-status.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import type { AppContext } from '../context.ts';
import { indicatorsAt } from '../indicator/indicator-queries.ts';
import { IndicatorView } from '../indicator/indicator-views.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import type { Reading, ReadQuery } from '../reading.ts';
import { Instant, ReadingFields } from '../views.ts';
import { dueBy, ProgressReportView, periodStart, reportView, UnitBrief } from './progress.ts';

const LeadEntry = z
  .object({
    unit: UnitBrief,
    report: ProgressReportView.nullable().describe("The unit's current report for the month; null when missing."),
    missing: z.boolean().describe('True when a report is required and none is in.'),
  })
  .meta({ id: 'DispatchLeadUnit', description: 'A lead unit (牵头单位) of the task and its report for the month.' });

const ResponsibleEntry = z
  .object({
    unit: UnitBrief.describe('A unit, or a group such as 各区人民政府 shown once for all its members.'),
    reports: z.array(ProgressReportView).max(MAX_LISTED).describe("The current reports of the unit (or of the group's members) for the month."),
    notReported: z.array(UnitBrief).max(MAX_LISTED).describe("The unit itself, or the group's members, without a report for the month."),
  })
  .meta({ id: 'DispatchResponsibleUnit', description: 'A responsible unit (责任单位) or group of the task and its reports for the month.' });

const DispatchTask = z
  .object({
    code: IdString,
    title: ShownText,
    status: TaskStatus,
    statusLabel: ShownText,
    reportRequired: z.boolean().describe('False once the task is completed or cancelled at validAt: its lead units owe no report.'),
    leadUnits: z.array(LeadEntry).max(MAX_LISTED),
    responsibleUnits: z.array(ResponsibleEntry).max(MAX_LISTED),
    supersededCount: z.number().int().min(0).describe('Reports for the month a later report of the same unit replaced (kept in history).'),
    withdrawnCount: z.number().int().min(0).describe('Reports for the month withdrawn (撤回) as mistaken by validAt (kept in history, left out here).'),
    indicators: z.array(IndicatorView).max(MAX_LISTED).describe("The task's indicators at validAt: latest value, percent of target, on track."),
  })
  .meta({ id: 'DispatchTask' });

export const MonthlyDispatch = z
  .object({
    planId: IdString,
    period: Period,
    timeZone: IdString.describe("The plan's time zone: the CSV gives times in it (2023-05-18 09:30); the instants here stay UTC."),
    dueBy: Instant.describe("The end of the plan's due day (monthlyReportDueDay, default 10) of the next month, in the plan's time zone."),
    overdue: z.boolean().describe('validAt is past dueBy: a missing report is late.'),
    items: z.array(DispatchTask).max(MAX_LISTED).describe("Every task of the plan, in the plan's order."),
    missing: z
      .array(z.object({ unit: UnitBrief, tasks: z.array(ShownText).max(MAX_LISTED).describe('Codes of the tasks it leads with no report for the month.') }))
      .max(MAX_LISTED)
      .describe("Per lead unit, in the plan's unit order: the tasks it has not reported on."),
    ...ReadingFields,
  })
  .meta({
    id: 'MonthlyDispatch',
    description: 'The monthly dispatch (月调度) for a month: every task with its status and reports, and the missing reports per unit.',
    examples: [
      {
        planId: 'wuhan-2023-p1',
        period: '2023-05',
        timeZone: 'Asia/Shanghai',
        dueBy: '2023-06-10T15:59:59.999Z',
        overdue: true,
        items: [
          {
            code: '4.2',
            title: '健全产业链协调机制',
            status: 'in_progress',
            statusLabel: '推进中',
            reportRequired: true,
            leadUnits: [{ unit: { id: 'jxj', name: '市经信局', kind: 'unit' }, report: null, missing: true }],
            responsibleUnits: [
              { unit: { id: 'districts', name: '各区人民政府', kind: 'group' }, reports: [], notReported: [{ id: 'jiangan', name: '江岸区', kind: 'unit' }] },
            ],
            supersededCount: 0,
            withdrawnCount: 0,
            indicators: [],
          },
        ],
        missing: [{ unit: { id: 'jxj', name: '市经信局', kind: 'unit' }, tasks: ['4.2'] }],
        asOf: '2023-06-30T15:59:59.999Z',
        validAt: '2023-06-30T15:59:59.999Z',
        position: 20,
      },
    ],
  });
export type MonthlyDispatch = z.output<typeof MonthlyDispatch>;

const brief = (plan: AdoptedPlan, id: string) => {
  const { name, kind } = unitRef(plan.definition, id);
  return { id, name, kind };
};

export async function monthlyDispatch(ctx: AppContext, planId: string, period: string, query: ReadQuery): Promise<MonthlyDispatch> {
  const { plan, reading } = await planAt(ctx, planId, query);
  const outside = outsideReportSpan(reportSpan(plan.definition), { first: period, last: period }, period);
  if (outside) throw new RuleViolated('period', outside, 'path');
  if (Date.parse(periodStart(period, plan.definition.timeZone)) > Date.parse(reading.validAt)) {
    throw new RuleViolated('period', { rule: 'period-not-begun-at-valid-at', period, validAt: reading.validAt }, 'query');
  }
  return dispatchAt(ctx, plan, reading, period);
}

/** The dispatch for a month at a reading already made (the quarterly bulletin reads each month of its quarter at one reading). */
export async function dispatchAt(
  ctx: AppContext,
  plan: AdoptedPlan,
  reading: Reading,
  period: string,
  /** What the caller has already read at this same reading (the quarterly bulletin, for each month): not read again. */
  known: { indicators?: Awaited<ReturnType<typeof indicatorsAt>>; statuses?: Map<string, TaskStatusRecord> } = {},
): Promise<MonthlyDispatch> {
  const def = plan.definition;
  const planId = def.id;
  const tasks = def.tasks;
  const indicators = known.indicators ?? (await indicatorsAt(ctx, plan, def.indicators, reading));
  const statuses =
    known.statuses ??
    (await ctx.states.at<TaskStatusRecord>(
      ctx.readModel,
      taskStatus.name,
      tasks.map((t) => taskKey(planId, t.code)),
      reading.position,
      reading.validAt,
    ));
  const months = await ctx.states.at<MonthlyProgressRecord>(
    ctx.readModel,
    progress.name,
    tasks.map((t) => progressKey(planId, t.code, period)),
    reading.position,
    reading.validAt,
  );
  const missingByUnit = new Map<string, string[]>();
  const items = tasks.map((task) => {
    const status = statuses.get(taskKey(planId, task.code))!;
    const month = months.get(progressKey(planId, task.code, period));
    const reportOf = (unitId: string) => {
      const r = month?.current[unitId];
      return r ? reportView(plan, period, r) : null;
    };
    const required = status.status !== 'completed' && status.status !== 'cancelled';
    const leadUnits = expandUnits(def, task.leadUnits).map((id) => {
      const report = reportOf(id);
      const missing = required && report === null;
      if (missing) missingByUnit.set(id, [...(missingByUnit.get(id) ?? []), task.code]);
      return { unit: brief(plan, id), report, missing };
    });
    const responsibleUnits = task.responsibleUnits.map((id) => {
      const members = expandUnits(def, [id]);
      const reports = members.map(reportOf).filter((r) => r !== null);
      return {
        unit: brief(plan, id),
        reports,
        notReported: members.filter((m) => !month?.current[m]).map((m) => brief(plan, m)),
      };
    });
    return {
      code: task.code,
      title: task.title,
      status: status.status,
      statusLabel: statusLabel(status.status),
      reportRequired: required,
      leadUnits,
      responsibleUnits,
      supersededCount: month?.superseded.length ?? 0,
      withdrawnCount: month?.withdrawn.length ?? 0,
      indicators: indicators.filter((i) => i.taskCode === task.code),
    };
  });
  const due = dueBy(def, period);
  const missing = def.units.filter((u) => missingByUnit.has(u.id)).map((u) => ({ unit: brief(plan, u.id), tasks: missingByUnit.get(u.id)! }));
  return { planId, period, timeZone: def.timeZone, dueBy: due, overdue: Date.parse(reading.validAt) > Date.parse(due), items, missing, ...reading };
}

// Progress reports (信息报送): a unit's report on a task for a month (load the task's progress
// stream → decide → append). Rules in src/domain/progress.ts; the month's reports per task in
// projections/progress.ts.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type MonthlyProgressRecord, type ProgressReportRecord, progress, progressKey } from '../../../projections/progress.ts';
import { Period, streams } from '../../domain/events.ts';
import { endOfDate } from '../../domain/light.ts';
import { maxBackdateDaysOf, monthlyReportDueDayOf, type PlanDefinition, reportSpan } from '../../domain/plan.ts';
import { type ProgressCommand, type ProgressEvent, progressDecider } from '../../domain/progress.ts';
import { IdString, MAX_LISTED, RecordedLink, ShownText } from '../../domain/text.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import { findTask } from '../task/task-queries.ts';
import { toInstant } from '../time.ts';
import { ActorView, Instant } from '../views.ts';

export const UnitBrief = z
  .object({ id: IdString, name: ShownText, kind: z.enum(['unit', 'group']) })
  .meta({ id: 'UnitBrief', description: 'A unit reference: id, name and kind.' });

export const ProgressReportView = z
  .object({
    reportId: IdString,
    unit: UnitBrief,
    period: Period,
    done: ShownText.describe('What was done (工作进展).'),
    problems: ShownText.nullable().describe('Problems met (存在问题).'),
    nextSteps: ShownText.nullable().describe('Next steps (下步计划).'),
    percentComplete: z.number().int().min(0).max(100).nullable(),
    attachments: z.array(RecordedLink).max(MAX_LISTED),
    reportedAt: Instant.describe('When the report was made (valid time).'),
    recordedAt: Instant,
    reportedBy: ActorView,
    late: z.boolean().describe("Made after the month's report was due."),
    supersedes: IdString.nullable().describe('The report of the same unit, task and month this one replaced.'),
    globalPosition: z.number().int(),
  })
  .meta({
    id: 'ProgressReport',
    description: "A unit's progress report (信息报送) on a task for a month.",
    examples: [
      {
        reportId: '0193a5c0-0000-7000-8000-000000000001',
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        period: '2023-05',
        done: '完成首批专精特新企业梯度培育名单，召开推进会1次',
        problems: '部分区县配套资金未到位',
        nextSteps: '6月底前完成第二批名单申报',
        percentComplete: 30,
        attachments: ['武经信〔2023〕45号'],
        reportedAt: '2023-06-05T02:00:00.000Z',
        recordedAt: '2023-06-05T02:00:00.000Z',
        reportedBy: { id: 'local', role: 'office' },
        late: false,
        supersedes: null,
        globalPosition: 12,
      },
    ],
  });
export type ProgressReportView = z.output<typeof ProgressReportView>;

export const WithdrawalResult = z
  .object({
    reportId: IdString,
    unit: UnitBrief,
    period: Period,
    reason: ShownText,
    withdrawnAt: Instant.describe('When the withdrawal takes effect (valid time): views from then on leave the report out.'),
    reinstated: ProgressReportView.nullable().describe("The unit's earlier report for the month that stands again, if any."),
    globalPosition: z.number().int().describe('Store position of the ProgressReportWithdrawn event.'),
  })
  .meta({ id: 'ProgressReportWithdrawal', description: 'A withdrawn (撤回) progress report.' });

export const ProgressReportResult = z
  .object({
    report: ProgressReportView,
    globalPosition: z.number().int().describe('Store position of the ProgressReported event.'),
  })
  .meta({ id: 'ProgressReportResult' });

/** The first instant of the month, in the plan's time zone. */
export const periodStart = (period: string, timeZone: string) => DateTime.fromISO(`${period}-01`, { zone: timeZone }).startOf('day').toUTC().toISO()!;

/** The plan date a month's report is due: day monthlyReportDueDay (default 10) of the next month. */
export function reportDueDate(plan: PlanDefinition, period: string): string {
  return DateTime.fromISO(`${period}-01`, { zone: plan.timeZone })
    .plus({ months: 1 })
    .set({ day: monthlyReportDueDayOf(plan) })
    .toISODate()!;
}

/** The last instant a month's report is on time: the end of its due date in the plan's time zone. */
export const dueBy = (plan: PlanDefinition, period: string): string => endOfDate(reportDueDate(plan, period), plan.timeZone);

/** The month's last instant (YYYY-MM, in the plan's time zone): a task still open then owes that month's report. */
export const monthEndOf = (period: string, timeZone: string): string =>
  DateTime.fromISO(`${period}-01`, { zone: timeZone }).plus({ months: 1 }).minus({ milliseconds: 1 }).toUTC().toISO()!;

/**
 * When the unit first reported for the month, among its reports that still stand (a superseded one
 * counts, a withdrawn one does not): what on time or late is judged by. Null when none stands.
 */
export function firstStandingReport(record: MonthlyProgressRecord | undefined, unitId: string): string | null {
  const standing = [record?.current[unitId], ...(record?.superseded ?? []).filter((r) => r.unitId === unitId)].filter((r) => r !== undefined);
  return standing.length ? standing.map((r) => r.reportedAt).sort()[0]! : null;
}

export function reportView(plan: AdoptedPlan, period: string, r: ProgressReportRecord): ProgressReportView {
  const { id, name, kind } = unitRef(plan.definition, r.unitId);
  const due = dueBy(plan.definition, period);
  return {
    reportId: r.reportId,
    unit: { id, name, kind },
    period,
    done: r.done,
    problems: r.problems,
    nextSteps: r.nextSteps,
    percentComplete: r.percentComplete,
    attachments: r.attachments,
    reportedAt: r.reportedAt,
    recordedAt: r.recordedAt,
    reportedBy: r.reportedBy,
    late: Date.parse(r.reportedAt) > Date.parse(due),
    supersedes: r.supersedes,
    globalPosition: r.globalPosition,
  };
}

export interface ReportProgressInput {
  planId: string;
  code: string;
  unitId: string;
  period: string;
  done: string;
  problems?: string;
  nextSteps?: string;
  percentComplete?: number;
  attachments?: string[];
  effectiveAt?: string;
  actor?: Actor;
}

/** A command on the task's progress stream, through the command handler; `respond` reads the result back. */
function write<R>(
  ctx: AppContext,
  planId: string,
  code: string,
  actor: Actor,
  command: () => ProgressCommand,
  respond: (event: ProgressEvent, position: number) => Promise<R>,
) {
  return handleCommand(ctx, { decider: progressDecider, streamId: streams.progress(planId, code), planId, actor, command }, ({ decided, position }) =>
    respond(decided[0]!, position),
  );
}

/** A month's reports of a task as they stand after the write at `position`. */
async function monthAfter(ctx: AppContext, planId: string, code: string, period: string, position: number) {
  const key = progressKey(planId, code, period);
  return (await ctx.states.at<MonthlyProgressRecord>(ctx.readModel, progress.name, [key], position, '9999-12-31T23:59:59.999Z')).get(key)!;
}

export interface WithdrawReportInput {
  planId: string;
  code: string;
  reportId: string;
  reason: string;
  effectiveAt?: string;
  actor?: Actor;
}

export async function withdrawReport(ctx: AppContext, input: WithdrawReportInput) {
  const { plan } = await planAt(ctx, input.planId, {});
  const task = findTask(plan, input.code);
  const actor = input.actor ?? localActor;
  return write(
    ctx,
    input.planId,
    task.code,
    actor,
    () => ({
      type: 'WithdrawReport',
      taskCode: task.code,
      reportId: input.reportId,
      reason: input.reason,
      ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
      by: { role: actor.role, ...(actor.unitId ? { unitId: actor.unitId } : {}) },
      now: toInstant(ctx.clock()),
      planEffectiveAt: plan.effectiveAt,
      maxBackdateDays: maxBackdateDaysOf(plan.definition),
    }),
    async (event, position) => {
      if (event.type !== 'ProgressReportWithdrawn') throw new Error('unreachable');
      const data = event.data;
      const month = await monthAfter(ctx, input.planId, task.code, data.period, position);
      const back = data.reinstates ? month.current[data.unitId] : undefined;
      const { id, name, kind } = unitRef(plan.definition, data.unitId);
      return {
        reportId: data.reportId,
        unit: { id, name, kind },
        period: data.period,
        reason: data.reason,
        withdrawnAt: month.withdrawn.at(-1)!.withdrawnAt,
        reinstated: back ? reportView(plan, data.period, back) : null,
        globalPosition: position,
      };
    },
  );
}

export async function reportProgress(ctx: AppContext, input: ReportProgressInput) {
  const { plan } = await planAt(ctx, input.planId, {});
  const task = findTask(plan, input.code);
  const timeZone = plan.definition.timeZone;
  const actor = input.actor ?? localActor;
  const reportId = ctx.newId();
  return write(
    ctx,
    input.planId,
    task.code,
    actor,
    () => {
      const now = toInstant(ctx.clock());
      return {
        type: 'ReportProgress',
        reportId,
        plan: plan.definition,
        task,
        unitId: input.unitId,
        period: input.period,
        done: input.done,
        ...(input.problems !== undefined ? { problems: input.problems } : {}),
        ...(input.nextSteps !== undefined ? { nextSteps: input.nextSteps } : {}),
        ...(input.percentComplete !== undefined ? { percentComplete: input.percentComplete } : {}),
        ...(input.attachments !== undefined ? { attachments: input.attachments } : {}),
        ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
        by: { role: actor.role, ...(actor.unitId ? { unitId: actor.unitId } : {}) },
        now,
        planEffectiveAt: plan.effectiveAt,
        periodStart: periodStart(input.period, timeZone),
        currentPeriod: DateTime.fromISO(now).setZone(timeZone).startOf('month').toUTC().toISO()!,
        maxBackdateDays: maxBackdateDaysOf(plan.definition),
        span: reportSpan(plan.definition),
      };
    },
    async (_event, position) => {
      const month = await monthAfter(ctx, input.planId, task.code, input.period, position);
      return { report: reportView(plan, input.period, month.current[input.unitId]!), globalPosition: position };
    },
  );
}

// The plan amended mid-year (分工调整): the amendments in effect at a reading, and a new one
// (load the plan's stream → decide → append). What a change does and how amendments keep valid time
// in order is in src/domain/plan-amendment.ts; the plan as amended is what planAt reads
// (projections/plan.ts), so task views, `tasks?unit=` and write-task-lead follow it.
import { z } from 'zod';
import type { AdoptedPlan, PlanAmendmentRecord } from '../../../projections/plan.ts';
import { IndicatorTarget, type PlanChange, streams } from '../../domain/events.ts';
import { maxBackdateDaysOf, monthlyReportDueDayOf, PlanDate, yellowLightDaysOf } from '../../domain/plan.ts';
import { type ChangeRequest, describeChange, planDecider } from '../../domain/plan-amendment.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import type { ReadQuery } from '../reading.ts';
import { toInstant } from '../time.ts';
import { ActorView, Instant, ReadingFields, UnitRef } from '../views.ts';

const summary = ShownText.describe('The change in one readable Chinese line, before → after.');
const TaskUnitsView = z.object({ leadUnits: z.array(UnitRef).max(MAX_LISTED), responsibleUnits: z.array(UnitRef).max(MAX_LISTED) });
const TargetView = IndicatorTarget.extend({ comparator: IndicatorTarget.shape.comparator });

export const PlanChangeView = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('task-units'), taskCode: IdString, taskTitle: ShownText, before: TaskUnitsView, after: TaskUnitsView, summary }),
    z.object({ kind: z.literal('task-deadline'), taskCode: IdString, taskTitle: ShownText, before: PlanDate.nullable(), after: PlanDate.nullable(), summary }),
    z.object({ kind: z.literal('indicator-target'), indicatorId: IdString, indicatorName: ShownText, before: TargetView, after: TargetView, summary }),
    z.object({ kind: z.literal('monthly-report-due-day'), before: z.number().int(), after: z.number().int(), summary }),
    z.object({ kind: z.literal('yellow-window'), before: z.number().int(), after: z.number().int(), summary }),
  ])
  .meta({ id: 'PlanChangeView', description: 'One change of an amendment: what it was before and what it is after.' });

export const AmendmentView = z
  .object({
    revision: z.number().int().min(1).describe("The amendment's place in the plan's stream (1 for the first)."),
    globalPosition: z.number().int(),
    recordedAt: Instant,
    effectiveAt: Instant.describe('From when the plan reads as amended (valid time).'),
    amendedBy: ActorView,
    reason: ShownText,
    summary: ShownText.describe('The amendment in one readable Chinese line.'),
    changes: z.array(PlanChangeView).max(MAX_LISTED),
  })
  .meta({
    id: 'PlanAmendment',
    description: 'An amendment of the plan (分工调整), as recorded.',
    examples: [
      {
        revision: 1,
        globalPosition: 5,
        recordedAt: '2026-12-01T02:00:00.000Z',
        effectiveAt: '2026-07-01T00:00:00.000Z',
        amendedBy: { id: 'office', role: 'office', name: '办公室' },
        reason: '根据市政府专题会议纪要，调整任务4.2牵头单位',
        summary: '工作方案调整：任务 4.2 牵头单位 市经信局、市发改委 → 市科技局',
        changes: [
          {
            kind: 'task-units',
            taskCode: '4.2',
            taskTitle: '培育科技型企业',
            before: {
              leadUnits: [
                { id: 'jxj', name: '市经信局', kind: 'unit' },
                { id: 'fgw', name: '市发改委', kind: 'unit' },
              ],
              responsibleUnits: [],
            },
            after: { leadUnits: [{ id: 'kjj', name: '市科技局', kind: 'unit' }], responsibleUnits: [] },
            summary: '任务 4.2 牵头单位 市经信局、市发改委 → 市科技局',
          },
        ],
      },
    ],
  });

export const AmendmentList = z
  .object({
    planId: IdString,
    ...ReadingFields,
    items: z.array(AmendmentView).max(MAX_LISTED).describe('The amendments in effect at validAt as recorded by asOf, oldest first: all of them.'),
  })
  .meta({ id: 'PlanAmendmentList' });

export const PlanRules = z
  .object({
    monthlyReportDueDay: z.number().int().describe('Reports on month M are due by this day of month M+1.'),
    yellowLightDays: z.number().int().describe('The yellow-light window in days.'),
    maxBackdateDays: z.number().int().describe('How many days a unit token may back-date a record.'),
  })
  .meta({ id: 'PlanRules', description: "The plan's rules as they stand (defaults filled in)." });

export const AmendmentResult = z
  .object({
    amendment: AmendmentView,
    rules: PlanRules.describe("The plan's rules after the amendment."),
    globalPosition: z.number().int().describe('Store position of the PlanAmended event.'),
  })
  .meta({ id: 'PlanAmendmentResult' });

type AmendmentOut = z.output<typeof AmendmentView>;

function changeView(plan: AdoptedPlan, change: PlanChange): z.output<typeof PlanChangeView> {
  const title = (code: string) => plan.definition.tasks.find((t) => t.code === code)?.title ?? '';
  const line = describeChange(change);
  switch (change.kind) {
    case 'task-units': {
      const refs = (v: { leadUnits: string[]; responsibleUnits: string[] }) => ({
        leadUnits: v.leadUnits.map((id) => unitRef(plan.definition, id)),
        responsibleUnits: v.responsibleUnits.map((id) => unitRef(plan.definition, id)),
      });
      return {
        kind: change.kind,
        taskCode: change.taskCode,
        taskTitle: title(change.taskCode),
        before: refs(change.before),
        after: refs(change.after),
        summary: line,
      };
    }
    case 'task-deadline':
      return { kind: change.kind, taskCode: change.taskCode, taskTitle: title(change.taskCode), before: change.before, after: change.after, summary: line };
    case 'indicator-target':
      return {
        kind: change.kind,
        indicatorId: change.indicatorId,
        indicatorName: change.indicatorName,
        before: change.before,
        after: change.after,
        summary: line,
      };
    default:
      return { kind: change.kind, before: change.before, after: change.after, summary: line };
  }
}

function amendmentView(plan: AdoptedPlan, record: PlanAmendmentRecord): AmendmentOut {
  return {
    revision: record.revision,
    globalPosition: record.globalPosition,
    recordedAt: record.recordedAt,
    effectiveAt: record.effectiveAt,
    amendedBy: record.amendedBy,
    reason: record.reason,
    summary: `工作方案调整：${record.changes.map(describeChange).join('；')}`,
    changes: record.changes.map((c) => changeView(plan, c)),
  };
}

export async function listAmendments(ctx: AppContext, planId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  return { planId, ...reading, items: (plan.amendments ?? []).map((a) => amendmentView(plan, a)) };
}

export interface AmendPlanInput {
  planId: string;
  reason: string;
  changes: ChangeRequest[];
  effectiveAt?: string;
  actor?: Actor;
}

export async function amendPlan(ctx: AppContext, input: AmendPlanInput) {
  await planAt(ctx, input.planId, {}); // 404 for a plan not adopted (or not yet in effect)
  return handleCommand(
    ctx,
    {
      decider: planDecider,
      streamId: streams.plan(input.planId),
      planId: input.planId,
      actor: input.actor,
      command: () => ({
        type: 'AmendPlan' as const,
        reason: input.reason,
        changes: input.changes,
        ...(input.effectiveAt ? { effectiveAt: toInstant(input.effectiveAt) } : {}),
        now: toInstant(ctx.clock()),
      }),
    },
    async ({ position }) => {
      // The plan as it stands now, read after the write is applied.
      const { plan } = await planAt(ctx, input.planId, { minPosition: position });
      const record = plan.amendments?.find((a) => a.globalPosition === position);
      if (!record) throw new Error(`amendment at ${position} not in the plan read back`);
      return {
        amendment: amendmentView(plan, record),
        rules: {
          monthlyReportDueDay: monthlyReportDueDayOf(plan.definition),
          yellowLightDays: yellowLightDaysOf(plan.definition),
          maxBackdateDays: maxBackdateDaysOf(plan.definition),
        },
        globalPosition: position,
      };
    },
  );
}

export const WithdrawalResult = z
  .object({
    withdrawn: z.object({ revision: z.number().int(), summary: ShownText.describe('What the withdrawn amendment had changed.') }),
    rules: PlanRules.describe("The plan's rules after the withdrawal."),
    amendments: z.array(AmendmentView).max(MAX_LISTED).describe('The amendments in effect now, oldest first: all of them.'),
    globalPosition: z.number().int().describe('Store position of the PlanAmendmentWithdrawn event.'),
  })
  .meta({ id: 'PlanAmendmentWithdrawalResult' });

export interface WithdrawAmendmentInput {
  planId: string;
  revision: number;
  reason: string;
  actor?: Actor;
}

/** Withdraws (撤回) the latest amendment in effect: from now on every view reads the plan without it; history keeps both. */
export async function withdrawAmendment(ctx: AppContext, input: WithdrawAmendmentInput) {
  await planAt(ctx, input.planId, {});
  return handleCommand(
    ctx,
    {
      decider: planDecider,
      streamId: streams.plan(input.planId),
      planId: input.planId,
      actor: input.actor,
      command: () => ({ type: 'WithdrawAmendment' as const, revision: input.revision, reason: input.reason }),
    },
    async ({ decided, position }) => {
      const event = decided[0]!;
      if (event.type !== 'PlanAmendmentWithdrawn') throw new Error('unreachable');
      const { plan } = await planAt(ctx, input.planId, { minPosition: position });
      return {
        withdrawn: { revision: input.revision, summary: `工作方案调整：${event.data.changes.map(describeChange).join('；')}` },
        rules: {
          monthlyReportDueDay: monthlyReportDueDayOf(plan.definition),
          yellowLightDays: yellowLightDaysOf(plan.definition),
          maxBackdateDays: maxBackdateDaysOf(plan.definition),
        },
        amendments: (plan.amendments ?? []).map((a) => amendmentView(plan, a)),
        globalPosition: position,
      };
    },
  );
}

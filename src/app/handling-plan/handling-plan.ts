// Each unit's own handling plan (具体办理工作方案, 备案): the list of every unit that owes one at a
// reading, one unit's plan with its history, a submission and the office's filing or return (load
// the unit's stream → decide → append). Rules: src/domain/handling-plan.ts.
//
// On time: judged by the FIRST submission's effectiveAt against the plan's handlingPlanDeadline (end
// of that day in the plan's time zone). A unit that submitted in time is not made late by the
// office's return or by its own revisions. Not submitted: `due` until the deadline passes at
// validAt, `overdue` after.
import { z } from 'zod';
import { type HandlingPlanRecord, handlingPlan, handlingPlanKey } from '../../../projections/handling-plan.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { HandlingPlanMeasure, streams } from '../../domain/events.ts';
import {
  type FileHandlingPlan,
  HANDLING_PLAN_STATUSES,
  type HandlingPlanEvent,
  handlingPlanDecider,
  type SubmitHandlingPlan,
  tasksOwedBy,
  unitsOwing,
  type WithdrawHandlingPlan,
} from '../../domain/handling-plan.ts';
import { PlanDate } from '../../domain/plan.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { checkOwingUnit, countsOf, deadlineAt, timelinessOf } from '../owed-document.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import type { ReadQuery } from '../reading.ts';
import { ActorView, Instant, ReadingFields, UnitRef } from '../views.ts';
import { writeTiming } from '../write-timing.ts';

const Status = z
  .enum(HANDLING_PLAN_STATUSES)
  .describe('not_submitted 未报送, submitted 已报送 (awaiting the office), returned 已退回 (to resubmit), filed 已备案.');
const Timeliness = z
  .enum(['on_time', 'late', 'due', 'overdue'])
  .nullable()
  .describe(
    "Against the plan's deadline, judged by the first submission: on_time 按时 / late 逾期报送; not submitted: due (deadline not passed at validAt) or overdue 逾期未报. Null when the plan sets no deadline.",
  );

const statusLabels = { not_submitted: '未报送', submitted: '已报送', returned: '已退回', filed: '已备案' } as const;
const timelinessLabels = { on_time: '按时', late: '逾期报送', due: '未到期', overdue: '逾期未报' } as const;

export const HandlingPlanItem = z
  .object({
    unit: UnitRef,
    status: Status,
    statusLabel: ShownText,
    timeliness: Timeliness,
    timelinessLabel: ShownText.nullable(),
    title: ShownText.nullable().describe("The latest submission's title."),
    documentNumber: ShownText.nullable(),
    firstSubmittedAt: Instant.nullable().describe('When the first submission took effect: on time or late is judged by it.'),
    filedAt: Instant.nullable().describe('When the office filed it (备案).'),
    since: Instant.nullable().describe('When its status last changed (valid time).'),
  })
  .meta({
    id: 'HandlingPlanItem',
    description: 'A unit that owes a handling plan, and where its plan stands.',
    examples: [
      {
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        status: 'filed',
        statusLabel: '已备案',
        timeliness: 'on_time',
        timelinessLabel: '按时',
        title: '市经信局落实1号建议案具体办理工作方案',
        documentNumber: '武经信〔2023〕15号',
        firstSubmittedAt: '2023-03-29T02:00:00.000Z',
        filedAt: '2023-04-03T02:00:00.000Z',
        since: '2023-04-03T02:00:00.000Z',
      },
    ],
  });

const Deadline = {
  deadline: PlanDate.nullable().describe("The plan's handlingPlanDeadline (a date in its time zone)."),
  deadlineAt: Instant.nullable().describe("The deadline as an instant: the end of that day in the plan's time zone."),
};

export const HandlingPlanList = z
  .object({
    planId: IdString,
    ...Deadline,
    counts: z
      .object({
        not_submitted: z.number().int(),
        submitted: z.number().int(),
        returned: z.number().int(),
        filed: z.number().int(),
        on_time: z.number().int(),
        late: z.number().int(),
        overdue: z.number().int(),
      })
      .describe('How many units stand where.'),
    items: z
      .array(HandlingPlanItem)
      .max(MAX_LISTED)
      .describe("Every unit that owes a handling plan (lead and responsible units, groups expanded), in the plan's unit order."),
    ...ReadingFields,
  })
  .meta({ id: 'HandlingPlanList', description: "Every unit's handling plan at `validAt`, as recorded by `asOf`." });

export const HandlingPlanEntryView = z
  .object({
    kind: z
      .enum(['submitted', 'filed', 'returned', 'withdrawn'])
      .describe('submitted 报送, filed 备案, returned 退回 or withdrawn 撤回 (the submission named by title was withdrawn, with the reason).'),
    label: ShownText,
    effectiveAt: Instant,
    recordedAt: Instant,
    actor: ActorView,
    globalPosition: z.number().int(),
    title: ShownText.optional(),
    documentNumber: ShownText.optional(),
    reason: ShownText.optional(),
  })
  .meta({ id: 'HandlingPlanEntry' });

export const HandlingPlanView = z
  .object({
    planId: IdString,
    unit: UnitRef,
    ...Deadline,
    status: Status,
    statusLabel: ShownText,
    timeliness: Timeliness,
    timelinessLabel: ShownText.nullable(),
    tasks: z.array(ShownText).max(MAX_LISTED).describe('The tasks the unit owes (leads or shares): its measures name these.'),
    current: z
      .object({
        title: ShownText,
        summary: ShownText,
        measures: z.array(HandlingPlanMeasure).max(MAX_LISTED),
        documentNumber: ShownText.optional(),
        submittedAt: Instant,
      })
      .nullable()
      .describe('The latest submission standing (the filed one, once filed); null before the first, or once every submission was withdrawn.'),
    firstSubmittedAt: Instant.nullable().describe('When the first submission still standing took effect (a withdrawn one does not count).'),
    filedAt: Instant.nullable(),
    since: Instant.nullable(),
    history: z.array(HandlingPlanEntryView).max(MAX_LISTED).describe('Submissions, returns, withdrawals and the filing, oldest first.'),
    revision: z.number().int().min(0).describe('Handling-plan events of the unit by asOf.'),
  })
  .meta({ id: 'HandlingPlanView', description: "One unit's handling plan and its history." });

export const HandlingPlanReading = HandlingPlanView.extend(ReadingFields).meta({
  id: 'HandlingPlanReading',
  description: "One unit's handling plan at `validAt`, as recorded by `asOf`.",
});

export const HandlingPlanResult = z
  .object({ handlingPlan: HandlingPlanView, globalPosition: z.number().int().describe('Store position of the event.') })
  .meta({ id: 'HandlingPlanResult' });

function deadlineOf(plan: AdoptedPlan) {
  const deadline = plan.definition.handlingPlanDeadline ?? null;
  return { deadline, deadlineAt: deadlineAt(plan, deadline) };
}

const timeliness = (record: HandlingPlanRecord | undefined, deadline: string | null, validAt: string) =>
  timelinessOf(record?.firstSubmittedAt, deadline, validAt);
const owingUnit = (plan: AdoptedPlan, unitId: string) => checkOwingUnit(plan, unitId, 'handling plan');

export function itemOf(plan: AdoptedPlan, unitId: string, record: HandlingPlanRecord | undefined, validAt: string): z.output<typeof HandlingPlanItem> {
  const { deadlineAt } = deadlineOf(plan);
  const status = record?.status ?? 'not_submitted';
  const t = timeliness(record, deadlineAt, validAt);
  return {
    unit: unitRef(plan.definition, unitId),
    status,
    statusLabel: statusLabels[status],
    timeliness: t,
    timelinessLabel: t ? timelinessLabels[t] : null,
    title: record?.current?.title ?? null,
    documentNumber: record?.current?.documentNumber ?? null,
    firstSubmittedAt: record?.firstSubmittedAt ?? null,
    filedAt: record?.filedAt ?? null,
    since: record?.since ?? null,
  };
}

function viewOf(plan: AdoptedPlan, unitId: string, record: HandlingPlanRecord | undefined, validAt: string): z.output<typeof HandlingPlanView> {
  const { unit, status, statusLabel, timeliness: t, timelinessLabel, firstSubmittedAt, filedAt, since } = itemOf(plan, unitId, record, validAt);
  const kindLabels = { submitted: '报送', filed: '备案', returned: '退回', withdrawn: '撤回' } as const;
  return {
    planId: plan.definition.id,
    unit,
    ...deadlineOf(plan),
    status,
    statusLabel,
    timeliness: t,
    timelinessLabel,
    tasks: tasksOwedBy(plan.definition, unitId),
    current: record?.current ?? null,
    firstSubmittedAt,
    filedAt,
    since,
    history: (record?.history ?? []).map((e) => ({ ...e, label: kindLabels[e.kind] })),
    revision: record?.revision ?? 0,
  };
}

export async function listHandlingPlans(ctx: AppContext, planId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const units = unitsOwing(plan.definition);
  const records = await ctx.states.at<HandlingPlanRecord>(
    ctx.readModel,
    handlingPlan.name,
    units.map((u) => handlingPlanKey(planId, u)),
    reading.position,
    reading.validAt,
  );
  const items = units.map((u) => itemOf(plan, u, records.get(handlingPlanKey(planId, u)), reading.validAt));
  return {
    planId,
    ...deadlineOf(plan),
    counts: countsOf(items, HANDLING_PLAN_STATUSES),
    items,
    ...reading,
  };
}

export async function getHandlingPlan(ctx: AppContext, planId: string, unitId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  owingUnit(plan, unitId);
  const key = handlingPlanKey(planId, unitId);
  const record = (await ctx.states.at<HandlingPlanRecord>(ctx.readModel, handlingPlan.name, [key], reading.position, reading.validAt)).get(key);
  return { ...viewOf(plan, unitId, record, reading.validAt), ...reading };
}

interface WriteInput {
  planId: string;
  unitId: string;
  effectiveAt?: string;
  actor?: Actor;
}

export interface SubmitHandlingPlanInput extends WriteInput {
  title: string;
  summary: string;
  measures: { taskCode: string; text: string }[];
  documentNumber?: string;
}

export interface FileHandlingPlanInput extends WriteInput {
  outcome: 'filed' | 'returned';
  reason?: string;
}

export interface WithdrawHandlingPlanInput extends WriteInput {
  reason: string;
}

type Command = SubmitHandlingPlan | FileHandlingPlan | WithdrawHandlingPlan;

async function write<R>(
  ctx: AppContext,
  input: WriteInput,
  command: (plan: AdoptedPlan) => Omit<SubmitHandlingPlan, keyof Timing> | Omit<FileHandlingPlan, keyof Timing> | Omit<WithdrawHandlingPlan, keyof Timing>,
  shape: (written: {
    handlingPlan: Omit<Awaited<ReturnType<typeof getHandlingPlan>>, 'asOf' | 'validAt' | 'position'>;
    globalPosition: number;
    event: HandlingPlanEvent;
  }) => R,
) {
  const { plan } = await planAt(ctx, input.planId, {});
  owingUnit(plan, input.unitId);
  const actor = input.actor ?? localActor;
  return handleCommand(
    ctx,
    {
      decider: handlingPlanDecider,
      streamId: streams.unit(input.planId, input.unitId),
      planId: input.planId,
      actor,
      command: () => {
        const timing: Timing = writeTiming(ctx, plan, actor, input.effectiveAt);
        return { ...command(plan), ...timing } as Command;
      },
    },
    async ({ decided, position }) => {
      const { asOf: _a, validAt: _v, position: _p, ...after } = await getHandlingPlan(ctx, input.planId, input.unitId, { minPosition: position });
      return shape({ handlingPlan: after, globalPosition: position, event: decided[0]! });
    },
  );
}

type Timing = Pick<SubmitHandlingPlan, 'effectiveAt' | 'now' | 'planEffectiveAt' | 'maxBackdateDays' | 'byOffice'>;

export async function submitHandlingPlan(ctx: AppContext, input: SubmitHandlingPlanInput) {
  return write(
    ctx,
    input,
    (plan) => ({
      type: 'SubmitHandlingPlan',
      plan: plan.definition,
      unitId: input.unitId,
      title: input.title,
      summary: input.summary,
      measures: input.measures,
      ...(input.documentNumber !== undefined ? { documentNumber: input.documentNumber } : {}),
    }),
    ({ event: _e, ...result }) => {
      return result;
    },
  );
}

export async function fileHandlingPlan(ctx: AppContext, input: FileHandlingPlanInput) {
  return write(
    ctx,
    input,
    () => ({
      type: 'FileHandlingPlan',
      unitId: input.unitId,
      outcome: input.outcome,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    }),
    ({ event: _e, ...result }) => {
      return result;
    },
  );
}

export const HandlingPlanWithdrawalResult = z
  .object({
    unit: UnitRef,
    withdrawn: z.object({ title: ShownText, documentNumber: ShownText.nullable(), submittedAt: Instant }).describe('The submission withdrawn.'),
    reason: ShownText,
    withdrawnAt: Instant.describe('When the withdrawal takes effect (valid time): views from then on leave the submission out.'),
    handlingPlan: HandlingPlanView,
    globalPosition: z.number().int().describe('Store position of the HandlingPlanWithdrawn event.'),
  })
  .meta({ id: 'HandlingPlanWithdrawal', description: 'A withdrawn (撤回) handling-plan submission.' });

/** The unit's latest submission withdrawn (撤回) while it awaits the office. */
export async function withdrawHandlingPlan(ctx: AppContext, input: WithdrawHandlingPlanInput): Promise<z.output<typeof HandlingPlanWithdrawalResult>> {
  return write(
    ctx,
    input,
    () => ({ type: 'WithdrawHandlingPlan', unitId: input.unitId, reason: input.reason }),
    ({ handlingPlan: after, globalPosition, event }) => {
      if (event.type !== 'HandlingPlanWithdrawn') throw new Error('unreachable');
      const { withdrawn, reason } = event.data;
      return {
        unit: after.unit,
        withdrawn: { title: withdrawn.title, documentNumber: withdrawn.documentNumber ?? null, submittedAt: withdrawn.submittedAt },
        reason,
        withdrawnAt: after.history.at(-1)!.effectiveAt,
        handlingPlan: after,
        globalPosition,
      };
    },
  );
}

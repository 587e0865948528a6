// Annual summaries (年度总结): the list of every unit that owes one for a year at a reading, one unit's
// summary with its history, a submission (a resubmission replaces the current one) and a withdrawal
// (撤回): load the unit's annual-summary stream → decide → append. Rules: src/domain/annual-summary.ts.
//
// Who owes one: the units that owe a handling plan (every lead and responsible unit, groups
// expanded: the plan's 各办理单位). Due: the plan's annualSummaryDeadline (end of that day in the
// plan's time zone), for the year it falls in; a year without a deadline has no timeliness. On time
// or late is judged by the first summary still standing; not submitted is `due` until the deadline
// passes at validAt, `overdue` after.

import { z } from 'zod';
import { type AnnualSummaryRecord, annualSummary, annualSummaryKey } from '../../../projections/annual-summary.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type AnnualSummaryEvent, annualSummaryDecider, type SubmitAnnualSummary, type WithdrawAnnualSummary, yearIn } from '../../domain/annual-summary.ts';
import { streams } from '../../domain/events.ts';
import { unitsOwing } from '../../domain/handling-plan.ts';
import { PlanDate, reportSpan } from '../../domain/plan.ts';
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
import { annualSummaryExample, annualSummaryReadingExample, annualSummaryWithdrawalExample } from './annual-summary-examples.ts';

const Status = z.enum(['not_submitted', 'submitted']).describe('not_submitted 未报送, submitted 已报送.');
const Timeliness = z
  .enum(['on_time', 'late', 'due', 'overdue'])
  .nullable()
  .describe(
    "Against the plan's annualSummaryDeadline, judged by the first summary still standing: on_time 按时 / late 逾期报送; not submitted: due (deadline not passed at validAt) or overdue 逾期未报. Null for a year the plan sets no deadline in.",
  );

const statusLabels = { not_submitted: '未报送', submitted: '已报送' } as const;
const timelinessLabels = { on_time: '按时', late: '逾期报送', due: '未到期', overdue: '逾期未报' } as const;

export const AnnualSummaryItem = z
  .object({
    unit: UnitRef,
    status: Status,
    statusLabel: ShownText,
    timeliness: Timeliness,
    timelinessLabel: ShownText.nullable(),
    summaryId: IdString.nullable().describe("The current summary's id."),
    title: ShownText.nullable().describe("The current summary's title."),
    documentNumber: ShownText.nullable(),
    firstSubmittedAt: Instant.nullable().describe('When the first summary still standing took effect: on time or late is judged by it.'),
    since: Instant.nullable().describe('When it last changed (valid time).'),
  })
  .meta({
    id: 'AnnualSummaryItem',
    description: 'A unit that owes an annual summary, and where it stands.',
    examples: [
      {
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        status: 'submitted',
        statusLabel: '已报送',
        timeliness: 'on_time',
        timelinessLabel: '按时',
        summaryId: '0190a1b2-0000-7000-8000-000000000001',
        title: '市经信局2023年度1号建议案办理工作总结',
        documentNumber: '武经信〔2023〕88号',
        firstSubmittedAt: '2023-12-20T02:00:00.000Z',
        since: '2023-12-20T02:00:00.000Z',
      },
    ],
  });

const Deadline = {
  year: z.number().int().describe('The year summed up.'),
  deadline: PlanDate.nullable().describe("The plan's annualSummaryDeadline when it falls in this year (a date in its time zone); null otherwise."),
  deadlineAt: Instant.nullable().describe("The deadline as an instant: the end of that day in the plan's time zone."),
};

export const AnnualSummaryList = z
  .object({
    planId: IdString,
    ...Deadline,
    counts: z
      .object({ submitted: z.number().int(), not_submitted: z.number().int(), on_time: z.number().int(), late: z.number().int(), overdue: z.number().int() })
      .describe('How many units stand where.'),
    items: z
      .array(AnnualSummaryItem)
      .max(MAX_LISTED)
      .describe("Every unit that owes an annual summary (those that owe a handling plan), in the plan's unit order."),
    ...ReadingFields,
  })
  .meta({ id: 'AnnualSummaryList', description: "Every unit's annual summary of a year at `validAt`, as recorded by `asOf`." });

export const AnnualSummaryEntryView = z
  .object({
    kind: z.enum(['submitted', 'withdrawn']).describe('submitted 报送 (a later one replaces the one before) or withdrawn 撤回 (with the reason).'),
    label: ShownText,
    summaryId: IdString,
    title: ShownText,
    documentNumber: ShownText.optional(),
    reason: ShownText.optional(),
    effectiveAt: Instant,
    recordedAt: Instant,
    actor: ActorView,
    globalPosition: z.number().int(),
  })
  .meta({ id: 'AnnualSummaryEntry' });

export const AnnualSummaryView = z
  .object({
    planId: IdString,
    unit: UnitRef,
    ...Deadline,
    status: Status,
    statusLabel: ShownText,
    timeliness: Timeliness,
    timelinessLabel: ShownText.nullable(),
    current: z
      .object({
        summaryId: IdString,
        title: ShownText,
        text: ShownText,
        documentNumber: ShownText.optional(),
        attachments: z.array(ShownText).max(MAX_LISTED).describe('References to attached documents: http(s) URLs or document numbers.'),
        submittedAt: Instant,
        recordedAt: Instant,
        actor: ActorView,
      })
      .nullable()
      .describe('The summary standing; null before the first, or once every one was withdrawn.'),
    firstSubmittedAt: Instant.nullable(),
    since: Instant.nullable(),
    history: z.array(AnnualSummaryEntryView).max(MAX_LISTED).describe('Submissions and withdrawals, oldest first.'),
    revision: z.number().int().min(0).describe('Annual-summary events of the unit for the year by asOf.'),
  })
  .meta({ id: 'AnnualSummaryView', description: "One unit's annual summary of a year, and its history.", examples: [annualSummaryExample] });

export const AnnualSummaryReading = AnnualSummaryView.extend(ReadingFields).meta({
  id: 'AnnualSummaryReading',
  description: "One unit's annual summary of a year at `validAt`, as recorded by `asOf`.",
  examples: [annualSummaryReadingExample],
});

export const AnnualSummaryResult = z
  .object({ annualSummary: AnnualSummaryView, globalPosition: z.number().int().describe('Store position of the event.') })
  .meta({ id: 'AnnualSummaryResult' });

export interface AnnualSummaryQuery extends ReadQuery {
  year?: number;
}

/** The year asked about: given, else the deadline's, else validAt's in the plan's time zone. */
function yearOf(plan: AdoptedPlan, validAt: string, year: number | undefined): number {
  if (year !== undefined) return year;
  const deadline = plan.definition.annualSummaryDeadline;
  return deadline ? Number(deadline.slice(0, 4)) : yearIn(validAt, plan.definition.timeZone);
}

function deadlineOf(plan: AdoptedPlan, year: number) {
  const d = plan.definition.annualSummaryDeadline;
  const deadline = d && Number(d.slice(0, 4)) === year ? d : null;
  return { year, deadline, deadlineAt: deadlineAt(plan, deadline) };
}

const timeliness = (record: AnnualSummaryRecord | undefined, deadline: string | null, validAt: string) =>
  timelinessOf(record?.firstSubmittedAt, deadline, validAt);
const owingUnit = (plan: AdoptedPlan, unitId: string) => checkOwingUnit(plan, unitId, 'annual summary');

function itemOf(plan: AdoptedPlan, unitId: string, year: number, record: AnnualSummaryRecord | undefined, validAt: string): z.output<typeof AnnualSummaryItem> {
  const { deadlineAt } = deadlineOf(plan, year);
  const current = record?.standing.at(-1);
  const status = current ? 'submitted' : 'not_submitted';
  const t = timeliness(record, deadlineAt, validAt);
  return {
    unit: unitRef(plan.definition, unitId),
    status,
    statusLabel: statusLabels[status],
    timeliness: t,
    timelinessLabel: t ? timelinessLabels[t] : null,
    summaryId: current?.summaryId ?? null,
    title: current?.title ?? null,
    documentNumber: current?.documentNumber ?? null,
    firstSubmittedAt: record?.firstSubmittedAt ?? null,
    since: record?.since ?? null,
  };
}

function viewOf(plan: AdoptedPlan, unitId: string, year: number, record: AnnualSummaryRecord | undefined, validAt: string): z.output<typeof AnnualSummaryView> {
  const { unit, status, statusLabel, timeliness: t, timelinessLabel, firstSubmittedAt, since } = itemOf(plan, unitId, year, record, validAt);
  const kindLabels = { submitted: '报送', withdrawn: '撤回' } as const;
  return {
    planId: plan.definition.id,
    unit,
    ...deadlineOf(plan, year),
    status,
    statusLabel,
    timeliness: t,
    timelinessLabel,
    current: record?.standing.at(-1) ?? null,
    firstSubmittedAt,
    since,
    history: (record?.history ?? []).map((e) => ({ ...e, label: kindLabels[e.kind] })),
    revision: record?.revision ?? 0,
  };
}

export async function listAnnualSummaries(ctx: AppContext, planId: string, query: AnnualSummaryQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const year = yearOf(plan, reading.validAt, query.year);
  const units = unitsOwing(plan.definition);
  const records = await ctx.states.at<AnnualSummaryRecord>(
    ctx.readModel,
    annualSummary.name,
    units.map((u) => annualSummaryKey(planId, u, year)),
    reading.position,
    reading.validAt,
  );
  const items = units.map((u) => itemOf(plan, u, year, records.get(annualSummaryKey(planId, u, year)), reading.validAt));
  return {
    planId,
    ...deadlineOf(plan, year),
    counts: countsOf(items, ['submitted', 'not_submitted'] as const),
    items,
    ...reading,
  };
}

export async function getAnnualSummary(ctx: AppContext, planId: string, unitId: string, query: AnnualSummaryQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  owingUnit(plan, unitId);
  const year = yearOf(plan, reading.validAt, query.year);
  const key = annualSummaryKey(planId, unitId, year);
  const record = (await ctx.states.at<AnnualSummaryRecord>(ctx.readModel, annualSummary.name, [key], reading.position, reading.validAt)).get(key);
  return { ...viewOf(plan, unitId, year, record, reading.validAt), ...reading };
}

interface WriteInput {
  planId: string;
  unitId: string;
  year: number;
  effectiveAt?: string;
  actor?: Actor;
}

export interface SubmitAnnualSummaryInput extends WriteInput {
  title: string;
  text: string;
  documentNumber?: string;
  attachments?: string[];
}

export interface WithdrawAnnualSummaryInput extends WriteInput {
  reason: string;
}

type Timing = Pick<SubmitAnnualSummary, 'effectiveAt' | 'now' | 'planEffectiveAt' | 'timeZone' | 'maxBackdateDays' | 'byOffice'>;

async function write<R>(
  ctx: AppContext,
  input: WriteInput,
  command: (plan: AdoptedPlan) => Omit<SubmitAnnualSummary, keyof Timing> | Omit<WithdrawAnnualSummary, keyof Timing>,
  shape: (written: {
    annualSummary: Omit<Awaited<ReturnType<typeof getAnnualSummary>>, 'asOf' | 'validAt' | 'position'>;
    globalPosition: number;
    event: AnnualSummaryEvent;
  }) => R,
) {
  const { plan } = await planAt(ctx, input.planId, {});
  owingUnit(plan, input.unitId);
  const actor = input.actor ?? localActor;
  return handleCommand(
    ctx,
    {
      decider: annualSummaryDecider,
      streamId: streams.annualSummary(input.planId, input.unitId),
      planId: input.planId,
      actor,
      command: () => {
        const timing: Timing = { ...writeTiming(ctx, plan, actor, input.effectiveAt), timeZone: plan.definition.timeZone };
        return { ...command(plan), ...timing } as SubmitAnnualSummary | WithdrawAnnualSummary;
      },
    },
    async ({ decided, position }) => {
      const {
        asOf: _a,
        validAt: _v,
        position: _p,
        ...after
      } = await getAnnualSummary(ctx, input.planId, input.unitId, { minPosition: position, year: input.year });
      return shape({ annualSummary: after, globalPosition: position, event: decided[0]! });
    },
  );
}

export async function submitAnnualSummary(ctx: AppContext, input: SubmitAnnualSummaryInput) {
  return write(
    ctx,
    input,
    (plan) => ({
      type: 'SubmitAnnualSummary',
      summaryId: ctx.newId(),
      unitId: input.unitId,
      planYear: Number(plan.definition.issuedOn.slice(0, 4)),
      span: reportSpan(plan.definition),
      year: input.year,
      title: input.title,
      text: input.text,
      ...(input.documentNumber !== undefined ? { documentNumber: input.documentNumber } : {}),
      ...(input.attachments !== undefined ? { attachments: input.attachments } : {}),
    }),
    ({ event: _e, ...result }) => {
      return result;
    },
  );
}

export const AnnualSummaryWithdrawalResult = z
  .object({
    unit: UnitRef,
    year: z.number().int(),
    withdrawn: z
      .object({ summaryId: IdString, title: ShownText, documentNumber: ShownText.nullable(), submittedAt: Instant })
      .describe('The summary withdrawn.'),
    reinstates: IdString.nullable().describe('The earlier summary of the year that stands again, if any.'),
    reason: ShownText,
    withdrawnAt: Instant.describe('When the withdrawal takes effect (valid time): views from then on leave the summary out.'),
    annualSummary: AnnualSummaryView,
    globalPosition: z.number().int().describe('Store position of the AnnualSummaryWithdrawn event.'),
  })
  .meta({ id: 'AnnualSummaryWithdrawal', description: 'A withdrawn (撤回) annual summary.', examples: [annualSummaryWithdrawalExample] });

/** The unit's current summary of the year withdrawn (撤回): the one it replaced, if any, stands again. */
export async function withdrawAnnualSummary(ctx: AppContext, input: WithdrawAnnualSummaryInput): Promise<z.output<typeof AnnualSummaryWithdrawalResult>> {
  return write(
    ctx,
    input,
    () => ({
      type: 'WithdrawAnnualSummary',
      unitId: input.unitId,
      year: input.year,
      reason: input.reason,
    }),
    ({ annualSummary: after, globalPosition, event }) => {
      if (event.type !== 'AnnualSummaryWithdrawn') throw new Error('unreachable');
      const { summaryId, withdrawn, reinstates, reason } = event.data;
      return {
        unit: after.unit,
        year: input.year,
        withdrawn: { summaryId, title: withdrawn.title, documentNumber: withdrawn.documentNumber ?? null, submittedAt: withdrawn.submittedAt },
        reinstates: reinstates ?? null,
        reason,
        withdrawnAt: after.history.at(-1)!.effectiveAt,
        annualSummary: after,
        globalPosition,
      };
    },
  );
}

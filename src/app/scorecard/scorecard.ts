// Unit scorecards (考评) at a reading: gathers each unit's facts from the projections at
// (asOf, validAt) and scores them with the one formula, src/domain/scorecard.ts.
//
// Facts, and how each is judged (all on valid time, so a late entry counts from when it happened):
//  - handling plan: the first submission of the one standing at validAt against the deadline;
//    none standing after the deadline is missing;
//  - monthly reports: for each month of the implementation period whose due instant has passed at
//    validAt, each task the unit leads (groups expanded) that was neither completed nor cancelled at
//    the end of that month owes one; on time when the unit's earliest report for the month that still
//    stands (withdrawn ones left out) took effect by the due instant, late after;
//  - tasks it leads (cancelled ones left out): completed by the due date or after it; overdue when
//    past it and not completed; else by status;
//  - indicators of the tasks it leads, once the implementation period has begun: on track or met;
//  - action items assigned to it: closed on time or late (against the due date as extended by then),
//    or open past their due date;
//  - the annual summary (by annualSummaryDeadline) and the current rating of each task it leads.
//
// In a period (a month, quarter or year: the bulletin's, or ?period=), only what the unit owed in it
// counts: a handling plan or annual summary due in it, the reports due in it, the tasks it leads not
// already completed before it (and their indicators), action items open past due or closed in it,
// ratings given in it. A unit that owed nothing in the period is not rated (src/domain/scorecard.ts).
import { DateTime } from 'luxon';
import { z } from 'zod';
import { type AnnualSummaryRecord, annualSummary, annualSummaryKey } from '../../../projections/annual-summary.ts';
import { evaluations, evaluationsKey, type PlanEvaluationsRecord } from '../../../projections/evaluation.ts';
import { type HandlingPlanRecord, handlingPlan, handlingPlanKey } from '../../../projections/handling-plan.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type MonthlyProgressRecord, progress, progressKey } from '../../../projections/progress.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import { quarterSpan, type Span, spanBounds, yearSpan } from '../../domain/bulletin.ts';
import { RuleViolated, UnitNotFound } from '../../domain/errors.ts';
import { scopeKey } from '../../domain/evaluation.ts';
import { unitsOwing } from '../../domain/handling-plan.ts';
import { endOfDate } from '../../domain/light.ts';
import { expandUnits, outsideReportSpan, type PlanDefinition, reportSpan, taskDueDate } from '../../domain/plan.ts';
import {
  DEFAULT_SCORECARD_WEIGHTS,
  type LedTaskState,
  type OnceOwed,
  rank,
  SCORECARD_COMPONENTS,
  type ScorecardComponent,
  type ScorecardFacts,
  score,
} from '../../domain/scorecard.ts';
import { IdString, MAX_LISTED, ShownText } from '../../domain/text.ts';
import { reportMonths } from '../alert/alert.ts';
import type { AppContext } from '../context.ts';
import { indicatorsAt } from '../indicator/indicator-queries.ts';
import { actionItemsAt } from '../meeting/supervision-reads.ts';
import { deadlineAt, timelinessOf } from '../owed-document.ts';
import { planAt } from '../plan/plan-queries.ts';
import { unitRef } from '../plan/plan-views.ts';
import { dueBy, firstStandingReport, monthEndOf } from '../progress/progress.ts';
import type { Reading, ReadQuery } from '../reading.ts';
import { ReadingFields, UnitRef } from '../views.ts';

const ComponentView = z
  .object({
    component: z.enum(SCORECARD_COMPONENTS),
    label: ShownText,
    counted: z.boolean().describe('False when nothing of it was due at validAt (or in the period): left out of the total.'),
    measure: ShownText.describe('What the ratio is made of, in words.'),
    numerator: ShownText,
    denominator: ShownText,
    ratio: ShownText.nullable().describe('numerator / denominator, 0…1, four places half-up; null when not counted.'),
    weight: z.number().int(),
    points: ShownText.describe("weight × ratio, two places; the counted components' points sum to the card's points exactly (largest remainder)."),
    contribution: ShownText.describe(
      "Its share of the total, 100 × points / weightCounted, two places; the counted components' contributions sum to the total exactly (largest remainder).",
    ),
  })
  .meta({ id: 'ScorecardComponent' });

export const ScorecardView = z
  .object({
    unit: UnitRef,
    rated: z.boolean().describe('False (未评) when the unit owed nothing yet, or nothing in the period: no total and no rank.'),
    rank: z.number().int().nullable().describe('Among the rated units at validAt, highest total first; equal totals share a rank; null when not rated.'),
    total: ShownText.nullable().describe('100 × points / weightCounted, two places half-up; the sum of the contributions. Null when not rated.'),
    points: ShownText,
    weightCounted: z.number().int(),
    components: z.array(ComponentView).max(MAX_LISTED),
  })
  .meta({
    id: 'Scorecard',
    description: "A unit's scorecard: each component with its measure, weight and points (src/domain/scorecard.ts documents the formula).",
    examples: [
      {
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        rated: true,
        rank: 2,
        total: '57.99',
        points: '52.19',
        weightCounted: 90,
        components: [
          {
            component: 'handlingPlan',
            label: '办理工作方案',
            counted: true,
            measure: '逾期',
            numerator: '0.5',
            denominator: '1',
            ratio: '0.5000',
            weight: 10,
            points: '5.00',
            contribution: '5.56',
          },
          {
            component: 'monthlyReports',
            label: '信息报送',
            counted: true,
            measure: '应报 8，按时 5，逾期 2',
            numerator: '6',
            denominator: '8',
            ratio: '0.7500',
            weight: 25,
            points: '18.75',
            contribution: '20.84',
          },
        ],
      },
    ],
  });

const PeriodFields = {
  period: IdString.nullable().describe(
    'The period judged (YYYY-MM, YYYY-Qn or YYYY): only what fell due in it counts; null for everything since the plan began.',
  ),
};

const Weights = z.object(Object.fromEntries(SCORECARD_COMPONENTS.map((c) => [c, z.number().int()])) as Record<ScorecardComponent, z.ZodNumber>);

export const ScorecardList = z
  .object({
    planId: IdString,
    ...PeriodFields,
    weights: Weights,
    items: z
      .array(ScorecardView)
      .max(MAX_LISTED)
      .describe("Every unit that owes something, the rated ranked first; the unrated (未评) last, in the plan's order."),
    ...ReadingFields,
  })
  .meta({ id: 'ScorecardList', description: "Every unit's scorecard at `validAt`, as recorded by `asOf`, ranked." });

export const ScorecardReading = ScorecardView.extend({ planId: IdString, ...PeriodFields, weights: Weights, ...ReadingFields }).meta({
  id: 'ScorecardReading',
  description: "A unit's scorecard at `validAt`, as recorded by `asOf`, with the plan's weights.",
  examples: [
    // The simulated year's (scripts/simulate-year.ts) jxj at the year's end, two components shown.
    {
      planId: 'wuhan-2023-p1',
      period: null,
      weights: { handlingPlan: 10, monthlyReports: 25, tasks: 25, indicators: 15, actionItems: 15, annualSummary: 5, evaluation: 5 },
      unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
      rated: true,
      rank: 21,
      total: '90.00',
      points: '90.00',
      weightCounted: 100,
      components: [
        {
          component: 'handlingPlan',
          label: '办理工作方案',
          counted: true,
          measure: '按时',
          numerator: '1',
          denominator: '1',
          ratio: '1.0000',
          weight: 10,
          points: '10.00',
          contribution: '10.00',
        },
        {
          component: 'actionItems',
          label: '督办事项',
          counted: true,
          measure: '按时办结 1，逾期办结 0，逾期未办结 0',
          numerator: '1',
          denominator: '1',
          ratio: '1.0000',
          weight: 15,
          points: '15.00',
          contribution: '15.00',
        },
      ],
      asOf: '2024-01-08T08:07:00.000Z',
      validAt: '2023-12-31T16:00:00.000Z',
      position: 348,
    },
  ],
});

const weightsOf = (def: PlanDefinition) => ({ ...DEFAULT_SCORECARD_WEIGHTS, ...(def.scorecardWeights ?? {}) });

function emptyFacts(): ScorecardFacts {
  return {
    handlingPlan: 'not_owed',
    monthlyReports: { due: 0, onTime: 0, late: 0 },
    tasks: [],
    indicators: { withTarget: 0, onTrack: 0 },
    actionItems: { closedOnTime: 0, closedLate: 0, openOverdue: 0 },
    annualSummary: 'not_owed',
    evaluations: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 },
  };
}

/** A document owed once by a plan date, as a scorecard fact: the lists' on time / late / due / overdue. */
function onceOwed(plan: AdoptedPlan, deadline: string | undefined, firstStanding: string | null, validAt: string): OnceOwed {
  const t = timelinessOf(firstStanding, deadlineAt(plan, deadline ?? null), validAt);
  return t === null ? 'not_owed' : t === 'due' ? 'not_yet_due' : t === 'overdue' ? 'missing' : t;
}

/** Every unit's facts at the reading; with `from` (the instant a period began), only what it owed in the period. */
export async function factsAt(ctx: AppContext, plan: AdoptedPlan, reading: Reading, from?: string): Promise<Map<string, ScorecardFacts>> {
  const since = from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(from);
  /** A document owed once, in the period: not owed when its deadline passed before the period began. */
  const inPeriod = (deadline: string | undefined, owed: OnceOwed): OnceOwed => {
    const at = deadlineAt(plan, deadline ?? null);
    return at !== null && Date.parse(at) < since ? 'not_owed' : owed;
  };
  const def = plan.definition;
  const planId = def.id;
  const facts = new Map<string, ScorecardFacts>();
  const of = (unitId: string) => {
    let f = facts.get(unitId);
    if (!f) {
      f = emptyFacts();
      facts.set(unitId, f);
    }
    return f;
  };

  // Handling plans.
  const owing = unitsOwing(def);
  const plans = await ctx.states.at<HandlingPlanRecord>(
    ctx.readModel,
    handlingPlan.name,
    owing.map((u) => handlingPlanKey(planId, u)),
    reading.position,
    reading.validAt,
  );
  for (const unitId of owing) {
    const record = plans.get(handlingPlanKey(planId, unitId));
    const standing = record && (record.status === 'submitted' || record.status === 'filed') ? record.firstSubmittedAt : null;
    of(unitId).handlingPlan = inPeriod(def.handlingPlanDeadline, onceOwed(plan, def.handlingPlanDeadline, standing, reading.validAt));
  }

  // Tasks it leads, and their indicators.
  const statuses = await ctx.states.at<TaskStatusRecord>(
    ctx.readModel,
    taskStatus.name,
    def.tasks.map((t) => taskKey(planId, t.code)),
    reading.position,
    reading.validAt,
  );
  const indicators = await indicatorsAt(ctx, plan, def.indicators, reading);
  for (const task of def.tasks) {
    const status = statuses.get(taskKey(planId, task.code));
    if (!status || status.status === 'cancelled') continue;
    if (status.status === 'completed' && Date.parse(status.since) < since) continue; // done before the period: nothing owed in it
    const dueDate = taskDueDate(def, task);
    const dueAt = dueDate ? Date.parse(endOfDate(dueDate, def.timeZone)) : null;
    let state: LedTaskState;
    if (status.status === 'completed') state = dueAt === null || Date.parse(status.since) <= dueAt ? 'completed_on_time' : 'completed_late';
    else if (dueAt !== null && Date.parse(reading.validAt) > dueAt) state = 'overdue';
    else state = status.status;
    const own = indicators.filter((i) => i.taskCode === task.code && i.elapsedPercent !== null && i.elapsedPercent !== '0.00');
    for (const unitId of expandUnits(def, task.leadUnits)) {
      const f = of(unitId);
      f.tasks.push(state);
      f.indicators.withTarget += own.length;
      f.indicators.onTrack += own.filter((i) => i.met === true || i.onTrack === true).length;
    }
  }

  // Monthly reports due by validAt, owed for the tasks open at each month's end.
  const zone = def.timeZone;
  const months = reportMonths(def, reading.validAt).filter(
    (m) => Date.parse(dueBy(def, m)) < Date.parse(reading.validAt) && Date.parse(dueBy(def, m)) >= since,
  );
  const keys = def.tasks.flatMap((t) => months.map((m) => progressKey(planId, t.code, m)));
  const records = await ctx.states.at<MonthlyProgressRecord>(ctx.readModel, progress.name, keys, reading.position, reading.validAt);
  for (const month of months) {
    const monthEnd = monthEndOf(month, zone);
    const openAt = await ctx.states.at<TaskStatusRecord>(
      ctx.readModel,
      taskStatus.name,
      def.tasks.map((t) => taskKey(planId, t.code)),
      reading.position,
      monthEnd,
    );
    const dueAt = Date.parse(dueBy(def, month));
    for (const task of def.tasks) {
      const s = openAt.get(taskKey(planId, task.code))?.status;
      if (s === 'completed' || s === 'cancelled') continue;
      const record = records.get(progressKey(planId, task.code, month));
      for (const unitId of expandUnits(def, task.leadUnits)) {
        const f = of(unitId);
        f.monthlyReports.due++;
        const first = firstStandingReport(record, unitId);
        if (first === null) continue;
        if (Date.parse(first) <= dueAt) f.monthlyReports.onTime++;
        else f.monthlyReports.late++;
      }
    }
  }

  // The annual summary: owed by the same units as the handling plan, by annualSummaryDeadline.
  const deadline = def.annualSummaryDeadline;
  if (deadline) {
    const year = Number(deadline.slice(0, 4));
    const summaries = await ctx.states.at<AnnualSummaryRecord>(
      ctx.readModel,
      annualSummary.name,
      owing.map((u) => annualSummaryKey(planId, u, year)),
      reading.position,
      reading.validAt,
    );
    for (const unitId of owing) {
      const record = summaries.get(annualSummaryKey(planId, unitId, year));
      of(unitId).annualSummary = inPeriod(deadline, onceOwed(plan, deadline, record?.standing.length ? record.firstSubmittedAt : null, reading.validAt));
    }
  }

  // Action items (督办事项), for the unit each is assigned to: closed on time or late against its due
  // date as extended by then; open past its current due date is overdue; withdrawn ones count for nothing.
  for (const item of await actionItemsAt(ctx, planId, reading)) {
    if (item.withdrawal) continue;
    if (item.closure && Date.parse(item.closure.closedAt) < since) continue; // closed before the period
    const a = of(item.unitId).actionItems;
    if (item.closure) {
      if (item.closure.onTime) a.closedOnTime++;
      else a.closedLate++;
    } else if (Date.parse(reading.validAt) > Date.parse(endOfDate(item.dueDate, def.timeZone))) a.openOverdue++;
  }

  // The evaluation: the current rating of each task a unit leads.
  const rated = (await ctx.states.at<PlanEvaluationsRecord>(ctx.readModel, evaluations.name, [evaluationsKey(planId)], reading.position, reading.validAt)).get(
    evaluationsKey(planId),
  );
  for (const task of def.tasks) {
    const current = rated?.scopes[scopeKey({ kind: 'task', taskCode: task.code })]?.standing.at(-1);
    if (!current || Date.parse(current.effectiveAt) < since) continue; // none, or given before the period
    const rating = current.rating;
    for (const unitId of expandUnits(def, task.leadUnits)) {
      const e = of(unitId).evaluations;
      if (rating === 'satisfied') e.satisfied++;
      else if (rating === 'basically_satisfied') e.basicallySatisfied++;
      else e.dissatisfied++;
    }
  }
  return facts;
}

/** Every unit's scorecard from its facts, ranked (the list, the bulletin's ranking). */
export function cardsOf(plan: AdoptedPlan, facts: Map<string, ScorecardFacts>) {
  const def = plan.definition;
  const weights = weightsOf(def);
  const cards = def.units.filter((u) => facts.has(u.id)).map((u) => ({ unit: unitRef(def, u.id), ...score(facts.get(u.id)!, weights) }));
  return { weights, ranked: rank(cards) };
}

export interface ScorecardQuery extends ReadQuery {
  /** A month (YYYY-MM), quarter (YYYY-Qn) or year (YYYY): only what fell due in it counts. */
  period?: string;
}

/** The month, quarter or year a scorecard judges, as a span of plan dates. */
function periodSpan(id: string): Pick<Span, 'months' | 'startDate' | 'endDate'> {
  if (/^\d{4}-Q[1-4]$/.test(id)) return quarterSpan(id);
  if (/^\d{4}$/.test(id)) return yearSpan(id);
  const start = DateTime.fromISO(`${id}-01`, { zone: 'utc' });
  return { months: [id], startDate: start.toISODate()!, endDate: start.endOf('month').toISODate()! };
}

/**
 * The plan and reading a scorecard answers for, and the instant its period began. validAt defaults to
 * the period's end, or now while it runs; a period outside the plan's span, or not begun at validAt, is 422.
 */
async function scorecardReading(ctx: AppContext, planId: string, query: ScorecardQuery): Promise<{ plan: AdoptedPlan; reading: Reading; from?: string }> {
  const { period, ...read } = query;
  const first = await planAt(ctx, planId, read);
  if (period === undefined) return first;
  const span = periodSpan(period);
  const outside = outsideReportSpan(reportSpan(first.plan.definition), { first: span.months[0]!, last: span.months.at(-1)! }, period);
  if (outside) throw new RuleViolated('period', outside, 'query');
  const { start, end } = spanBounds(span, first.plan.definition.timeZone);
  const at = read.validAt === undefined && Date.parse(end) < Date.parse(first.reading.validAt) ? await planAt(ctx, planId, { ...read, validAt: end }) : first;
  if (Date.parse(at.reading.validAt) < Date.parse(start))
    throw new RuleViolated('period', { rule: 'period-not-begun-at-valid-at', period, validAt: at.reading.validAt }, 'query');
  return { ...at, from: start };
}

const view = ({ unit, rated, rank: r, total, points, weightCounted, components }: ReturnType<typeof cardsOf>['ranked'][number]) => ({
  unit,
  rated,
  rank: r,
  total,
  points,
  weightCounted,
  components,
});

export async function listScorecards(ctx: AppContext, planId: string, query: ScorecardQuery) {
  const { plan, reading, from } = await scorecardReading(ctx, planId, query);
  const { weights, ranked } = cardsOf(plan, await factsAt(ctx, plan, reading, from));
  return { planId, period: query.period ?? null, weights, items: ranked.map(view), ...reading };
}

export async function getScorecard(ctx: AppContext, planId: string, unitId: string, query: ScorecardQuery) {
  const { plan, reading, from } = await scorecardReading(ctx, planId, query);
  if (!plan.definition.units.some((u) => u.id === unitId)) throw new UnitNotFound(planId, unitId);
  const { weights, ranked } = cardsOf(plan, await factsAt(ctx, plan, reading, from));
  const card = ranked.find((c) => c.unit.id === unitId) ?? { unit: unitRef(plan.definition, unitId), rank: null, ...score(emptyFacts(), weights) };
  return { planId, period: query.period ?? null, weights, ...view(card), ...reading };
}

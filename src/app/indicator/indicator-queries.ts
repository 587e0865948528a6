// Reading indicators at a point on both time axes: the latest value, percent of target, whether the
// target is met, whether it is on track for the share of the implementation period elapsed, and the
// series. All arithmetic is decimal.js: no binary float touches a value.
import { Decimal } from 'decimal.js';
import { DateTime } from 'luxon';
import { type IndicatorValueRecord, type IndicatorValuesRecord, indicatorKey, indicatorValues } from '../../../projections/indicator-value.ts';
import type { AdoptedPlan } from '../../../projections/plan.ts';
import { IndicatorNotFound } from '../../domain/indicator.ts';
import { DEFAULT_INDICATOR_TOLERANCE_PERCENT, type IndicatorDefinition, implementationPeriod, type PlanDefinition } from '../../domain/plan.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import type { Reading, ReadQuery } from '../reading.ts';

/** Past every valid time: the state recorded by a position, whatever its valid time (the series is filtered by the value's own). */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

export function findIndicator(plan: AdoptedPlan, indicatorId: string): IndicatorDefinition {
  const indicator = plan.definition.indicators.find((i) => i.id === indicatorId);
  if (!indicator) throw new IndicatorNotFound(plan.definition.id, indicatorId);
  return indicator;
}

/** value / target × 100, rounded half-up to two places; null for a zero target. */
export function percentOf(value: string, target: string): string | null {
  const t = new D(target);
  if (t.isZero()) return null;
  return new D(value).div(t).times(100).toFixed(2, D.ROUND_HALF_UP);
}

/** Whether a value meets the target under its comparator; `about` (左右) within ±tolerance percent of the target. */
export function meets(value: string, target: IndicatorDefinition['target'], tolerancePercent: string): boolean {
  const v = new D(value);
  const t = new D(target.value);
  switch (target.comparator) {
    case 'at_least':
      return v.gte(t);
    case 'at_most':
      return v.lte(t);
    case 'exactly':
      return v.eq(t);
    case 'about':
      return v.minus(t).abs().lte(t.abs().times(tolerancePercent).div(100));
  }
}

/**
 * The share of the implementation period elapsed at `at`, in percent (two places, half-up): the
 * period is the plan's implementationPhase, or the first phase's start to the last phase's end
 * (src/domain/plan.ts implementationPeriod), from 00:00 of its first day to the end of its last day
 * in the plan's time zone. Null for a plan without phases.
 */
export function elapsedPercent(plan: PlanDefinition, at: string): string | null {
  return elapsedShare(plan, at)?.toFixed(2, D.ROUND_HALF_UP) ?? null;
}

/** The same share, exact (what on track is decided on). */
function elapsedShare(plan: PlanDefinition, at: string): Decimal | null {
  const period = implementationPeriod(plan);
  if (!period) return null;
  const start = DateTime.fromISO(period.startDate, { zone: plan.timeZone }).startOf('day').toMillis();
  const end = DateTime.fromISO(period.endDate, { zone: plan.timeZone }).plus({ days: 1 }).startOf('day').toMillis();
  const now = Date.parse(at);
  if (now <= start) return new D(0);
  if (now >= end) return new D(100);
  return new D(now - start).div(end - start).times(100);
}

function valueView(v: IndicatorValueRecord) {
  return {
    valueId: v.valueId,
    value: v.value,
    unit: v.unit,
    effectiveAt: v.effectiveAt,
    recordedAt: v.recordedAt,
    reportedBy: v.reportedBy,
    source: v.source,
    note: v.note,
    corrections: v.corrections.map((c) => ({
      from: c.from,
      to: c.to,
      reason: c.reason,
      effectiveAt: c.effectiveAt,
      recordedAt: c.recordedAt,
      correctedBy: c.correctedBy,
    })),
  };
}

export function indicatorView(plan: AdoptedPlan, indicator: IndicatorDefinition, record: IndicatorValuesRecord | undefined, validAt: string) {
  const tolerancePercent = plan.definition.indicatorTolerancePercent ?? DEFAULT_INDICATOR_TOLERANCE_PERCENT;
  // A value withdrawn by validAt leaves the series (and so latest, percentOfTarget …); it is listed as withdrawn.
  const gone = (v: IndicatorValueRecord) => v.withdrawal !== null && v.withdrawal.effectiveAt <= validAt;
  const recorded = (record?.values ?? []).filter((v) => v.effectiveAt <= validAt);
  const series = recorded.filter((v) => !gone(v)).map(valueView);
  const withdrawn = recorded.filter(gone).map((v) => ({
    ...valueView(v),
    withdrawal: {
      reason: v.withdrawal!.reason,
      effectiveAt: v.withdrawal!.effectiveAt,
      recordedAt: v.withdrawal!.recordedAt,
      withdrawnBy: v.withdrawal!.withdrawnBy,
    },
  }));
  const latest = series.at(-1) ?? null;
  const elapsed = elapsedShare(plan.definition, validAt);
  const percent = latest ? percentOf(latest.value, indicator.target.value) : null;
  const met = latest ? meets(latest.value, indicator.target, tolerancePercent) : null;
  let onTrack: boolean | null = null;
  if (latest) {
    // Met is on track; otherwise the exact percent of target against the exact share elapsed (an
    // at_most target, a ceiling, is on track only while it holds).
    if (met || indicator.target.comparator === 'at_most' || percent === null || elapsed === null) onTrack = met;
    else onTrack = new D(latest.value).div(indicator.target.value).times(100).gte(elapsed);
  }
  return {
    planId: plan.definition.id,
    indicatorId: indicator.id,
    taskCode: indicator.taskCode,
    name: indicator.name,
    target: indicator.target,
    tolerancePercent: indicator.target.comparator === 'about' ? tolerancePercent : null,
    latest,
    percentOfTarget: percent,
    met,
    elapsedPercent: elapsed?.toFixed(2, D.ROUND_HALF_UP) ?? null,
    onTrack,
    series,
    withdrawn,
    revision: record?.revision ?? 0,
  };
}
export type IndicatorView = ReturnType<typeof indicatorView>;

/** The indicators' views at the reading: what the indicator reads, the task page and the monthly dispatch show. */
export async function indicatorsAt(ctx: AppContext, plan: AdoptedPlan, indicators: readonly IndicatorDefinition[], reading: Reading) {
  const keys = indicators.map((i) => indicatorKey(plan.definition.id, i.id));
  const found = await ctx.states.at<IndicatorValuesRecord>(ctx.readModel, indicatorValues.name, keys, reading.position, END_OF_TIME);
  return indicators.map((i) => indicatorView(plan, i, found.get(indicatorKey(plan.definition.id, i.id)), reading.validAt));
}

export async function listIndicators(ctx: AppContext, planId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  return { planId, ...reading, items: await indicatorsAt(ctx, plan, plan.definition.indicators, reading) };
}

export async function getIndicator(ctx: AppContext, planId: string, indicatorId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  const [view] = await indicatorsAt(ctx, plan, [findIndicator(plan, indicatorId)], reading);
  return { ...view!, ...reading };
}

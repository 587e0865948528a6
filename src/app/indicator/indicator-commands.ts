// Reporting an indicator's values, correcting and withdrawing them (撤回): its stream → decide
// (src/domain/indicator.ts) → append, through the command handler.

import type { AdoptedPlan } from '../../../projections/plan.ts';
import { RuleViolated } from '../../domain/errors.ts';
import { streams } from '../../domain/events.ts';
import { type IndicatorCommand, indicatorDecider } from '../../domain/indicator.ts';
import { maxBackdateDaysOf } from '../../domain/plan.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleCommand } from '../command-handler.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { endOf, startOf, toInstant } from '../time.ts';
import { findIndicator, getIndicator } from './indicator-queries.ts';

interface WriteInput {
  planId: string;
  indicatorId: string;
  /** When it took effect: a date-time … */
  effectiveAt?: string;
  /** … or a date (YYYY-MM-DD) in the plan's time zone: the end of that day (now, for today). */
  asOfDate?: string;
  actor?: Actor;
}

export interface ReportValueInput extends WriteInput {
  value: string;
  /** The unit of measure, if the caller names it: must be the target's. */
  unit?: string;
  source?: string;
  note?: string;
}

export interface CorrectValueInput extends WriteInput {
  valueId: string;
  value: string;
  reason: string;
}

export interface WithdrawValueInput extends Omit<WriteInput, 'asOfDate'> {
  valueId: string;
  reason: string;
}

/** The instant a write takes effect from, if the caller gave one. */
function effectiveAtOf(plan: AdoptedPlan, input: WriteInput, now: string): string | undefined {
  if (input.effectiveAt !== undefined && input.asOfDate !== undefined) {
    throw new RuleViolated('asOfDate', { rule: 'effective-at-and-as-of-date' });
  }
  if (input.effectiveAt !== undefined) return toInstant(input.effectiveAt);
  if (input.asOfDate === undefined) return undefined;
  const tz = plan.definition.timeZone;
  const end = endOf(input.asOfDate, tz);
  if (end <= now) return end;
  if (startOf(input.asOfDate, tz) <= now) return now; // today: as of now
  throw new RuleViolated('asOfDate', { rule: 'as-of-date-in-future' });
}

async function write(
  ctx: AppContext,
  input: WriteInput,
  command: (plan: AdoptedPlan, times: Pick<IndicatorCommand, 'effectiveAt' | 'now' | 'planEffectiveAt' | 'maxBackdateDays' | 'by'>) => IndicatorCommand,
) {
  const { plan } = await planAt(ctx, input.planId, {});
  findIndicator(plan, input.indicatorId);
  const actor = input.actor ?? localActor;
  const streamId = streams.indicator(input.planId, input.indicatorId);
  let valueId = '';
  return handleCommand(
    ctx,
    {
      decider: indicatorDecider,
      streamId,
      planId: input.planId,
      actor,
      command: () => {
        // The clock is read again on each attempt: after losing a race, the winner's value may carry a later time.
        const now = toInstant(ctx.clock());
        const effectiveAt = effectiveAtOf(plan, input, now);
        const cmd = command(plan, {
          ...(effectiveAt !== undefined ? { effectiveAt } : {}),
          now,
          planEffectiveAt: plan.effectiveAt,
          // A unit may back-date only so far; the office as far as the plan goes.
          maxBackdateDays: actor.role === 'unit' ? maxBackdateDaysOf(plan.definition) : null,
          by: { role: actor.role, ...(actor.unitId !== undefined ? { unitId: actor.unitId } : {}) },
        });
        valueId = cmd.valueId;
        return cmd;
      },
    },
    async ({ position }) => {
      const { asOf: _a, validAt: _v, position: _p, ...indicator } = await getIndicator(ctx, input.planId, input.indicatorId, { minPosition: position });
      return { indicator, valueId, globalPosition: position };
    },
  );
}

export function reportIndicatorValue(ctx: AppContext, input: ReportValueInput) {
  const valueId = ctx.newId();
  return write(ctx, input, (plan, times) => {
    const { target } = findIndicator(plan, input.indicatorId);
    if (input.unit !== undefined && input.unit !== target.unit) {
      throw new RuleViolated('unit', { rule: 'indicator-unit-mismatch', indicatorId: input.indicatorId, unit: target.unit, given: input.unit });
    }
    return {
      type: 'ReportIndicatorValue',
      indicatorId: input.indicatorId,
      valueId,
      value: input.value,
      unit: target.unit,
      ...(input.source !== undefined ? { source: input.source } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...times,
    };
  });
}

export function correctIndicatorValue(ctx: AppContext, input: CorrectValueInput) {
  return write(ctx, input, (plan, times) => ({
    type: 'CorrectIndicatorValue',
    indicatorId: input.indicatorId,
    valueId: input.valueId,
    value: input.value,
    reason: input.reason,
    unit: findIndicator(plan, input.indicatorId).target.unit,
    ...times,
  }));
}

export function withdrawIndicatorValue(ctx: AppContext, input: WithdrawValueInput) {
  return write(ctx, input, (_plan, times) => ({
    type: 'WithdrawIndicatorValue',
    indicatorId: input.indicatorId,
    valueId: input.valueId,
    reason: input.reason,
    ...times,
  }));
}

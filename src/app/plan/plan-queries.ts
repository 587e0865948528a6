// Reading plans at a point on both time axes.

import { type AdoptedPlan, planCatalogue } from '../../../projections/plan.ts';
import { PlanNotFound } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { type Reading, type ReadQuery, resolveReading } from '../reading.ts';
import { planSummary, planView } from './plan-views.ts';

// A plan's time zone is fixed by its adoption (version 0 of its catalogue entry), the same in any
// rebuild of the read model: kept once known, per read model.
const timeZones = new WeakMap<object, Map<string, string>>();

/** The plan's time zone, for reading its dates; null while the plan is not adopted. */
async function timeZoneOf(ctx: AppContext, planId: string): Promise<string | null> {
  let known = timeZones.get(ctx.readModel);
  if (!known) {
    known = new Map();
    timeZones.set(ctx.readModel, known);
  }
  const held = known.get(planId);
  if (held) return held;
  await ctx.runner.catchUp(); // an adoption just written is looked for too
  const first = await ctx.readModel.first(planCatalogue.name, planId);
  if (!first) return null;
  const timeZone = ctx.states.parse<AdoptedPlan>(planCatalogue.name, planId, first).definition.timeZone;
  known.set(planId, timeZone);
  return timeZone;
}

/** A plan as it stood at the reading; 404 that says why when it was not yet recorded, or not yet in effect. */
export async function planAt(ctx: AppContext, planId: string, query: ReadQuery): Promise<{ plan: AdoptedPlan; reading: Reading }> {
  const timeZone = await timeZoneOf(ctx, planId);
  if (!timeZone) throw new PlanNotFound(planId);
  const reading = await resolveReading(ctx, query, timeZone);
  const plan = (await ctx.states.at<AdoptedPlan>(ctx.readModel, planCatalogue.name, [planId], reading.position, reading.validAt)).get(planId);
  if (plan) return { plan, reading };
  const first = ctx.states.parse<AdoptedPlan>(planCatalogue.name, planId, (await ctx.readModel.first(planCatalogue.name, planId))!);
  if (first.globalPosition > reading.position) {
    throw new PlanNotFound(planId, { because: 'not-yet-recorded', asOf: reading.asOf, recordedAt: first.recordedAt, effectiveFrom: first.effectiveAt });
  }
  throw new PlanNotFound(planId, { because: 'not-yet-in-effect', validAt: reading.validAt, effectiveFrom: first.effectiveAt });
}

export async function listPlans(ctx: AppContext, query: ReadQuery) {
  const reading = await resolveReading(ctx, query, ctx.timeZone);
  const ids = await ctx.readModel.keys(planCatalogue.name, reading.position);
  const plans = await ctx.states.at<AdoptedPlan>(ctx.readModel, planCatalogue.name, ids, reading.position, reading.validAt);
  return { ...reading, items: [...plans.values()].map(planSummary) };
}

export async function getPlan(ctx: AppContext, planId: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  return { ...planView(plan), ...reading };
}

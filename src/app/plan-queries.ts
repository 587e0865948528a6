// Reading plans, now or as of a past moment.
import type { AppContext } from './context.ts';
import { planAsOf, statesAsOf } from './as-of.ts';
import { planSummary, planView } from './plan-views.ts';

export async function listPlans(ctx: AppContext, query: { asOf?: string }) {
  const { states, asOf } = await statesAsOf(ctx, query.asOf, ctx.timeZone);
  return { asOf, items: [...states.plans.values()].map(planSummary) };
}

export async function getPlan(ctx: AppContext, planId: string, query: { asOf?: string }) {
  const { plan } = await planAsOf(ctx, planId, query.asOf);
  return planView(plan);
}

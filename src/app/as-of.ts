// Resolving `asOf` (transaction time) to the store position it stands for, and to the states there.
import { PlanNotFound } from '../domain/errors.ts';
import type { AdoptedPlan } from '../../projections/plan-catalogue.ts';
import type { AppContext } from './context.ts';
import type { ProjectionStates } from './projection-runner.ts';
import { endOf } from './time.ts';

export interface AsOfStates {
  states: ProjectionStates;
  /** The instant asked about, or null for "now". */
  asOf: string | null;
}

/** The projections as they stood at the end of `asOf` (read in `timeZone`), or now. */
export async function statesAsOf(ctx: AppContext, asOf: string | undefined, timeZone: string): Promise<AsOfStates> {
  if (asOf === undefined) {
    await ctx.runner.catchUp();
    return { states: ctx.runner.current, asOf: null };
  }
  const instant = endOf(asOf, timeZone);
  const position = await ctx.store.positionAt(instant);
  return { states: await ctx.runner.at(position), asOf: instant };
}

/** A plan as it stood as of `asOf`; 404 that says why when it was not yet adopted then. */
export async function planAsOf(ctx: AppContext, planId: string, asOf: string | undefined): Promise<AsOfStates & { plan: AdoptedPlan }> {
  await ctx.runner.catchUp();
  const known = ctx.runner.current.plans.get(planId);
  if (!known) throw new PlanNotFound(planId);
  const at = await statesAsOf(ctx, asOf, known.definition.timeZone);
  const plan = at.states.plans.get(planId);
  if (!plan) {
    throw new PlanNotFound(
      planId,
      `plan ${planId} was not yet recorded as of ${at.asOf}: it was adopted (recorded) at ${known.recordedAt}, ` +
        `taking effect from ${known.effectiveAt}; asOf asks what the system showed then`,
    );
  }
  return { ...at, plan };
}

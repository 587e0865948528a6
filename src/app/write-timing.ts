// When a write by a unit or the office takes effect, as its decider judges it: the time it claims
// (effectiveAt, back-dated at most the plan's maxBackdateDays unless the office writes), now, and the
// plan's own start. Read anew for each attempt of the command handler.
import type { AdoptedPlan } from '../../projections/plan.ts';
import { maxBackdateDaysOf } from '../domain/plan.ts';
import type { Actor } from '../store/event-store.ts';
import type { AppContext } from './context.ts';
import { toInstant } from './time.ts';

export interface WriteTiming {
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
  maxBackdateDays: number;
  byOffice: boolean;
}

export function writeTiming(ctx: AppContext, plan: AdoptedPlan, actor: Actor, effectiveAt: string | undefined): WriteTiming {
  return {
    ...(effectiveAt ? { effectiveAt: toInstant(effectiveAt) } : {}),
    now: toInstant(ctx.clock()),
    planEffectiveAt: plan.effectiveAt,
    maxBackdateDays: maxBackdateDaysOf(plan.definition),
    byOffice: actor.role === 'office',
  };
}

// Adopting a plan: one PlanAdopted event on plan-{planId} carrying the whole validated definition.
import { readFile } from 'node:fs/promises';
import { PlanAlreadyAdopted } from '../../domain/errors.ts';
import { streams } from '../../domain/events.ts';
import { PlanDefinition } from '../../domain/plan.ts';
import { ConcurrencyError } from '../../store/errors.ts';
import type { Actor } from '../../store/event-store.ts';
import type { AppContext } from '../context.ts';
import { localActor } from '../context.ts';
import { InvalidPlanFile } from '../errors.ts';
import { startOf } from '../time.ts';

/** Reads and validates a plan file. */
export async function readPlanFile(file: string): Promise<PlanDefinition> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidPlanFile(file, [{ path: '', message: (error as Error).message }]);
  }
  const parsed = PlanDefinition.safeParse(json);
  if (!parsed.success) {
    throw new InvalidPlanFile(
      file,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

export interface Adopted {
  planId: string;
  globalPosition: number;
  recordedAt: string;
  effectiveAt: string;
}

/**
 * Appends PlanAdopted. A plan carried in after the fact takes effect on its issue date (the start
 * of that day in its time zone) while it is recorded now.
 */
export async function adoptPlan(ctx: AppContext, plan: PlanDefinition, actor: Actor = localActor): Promise<Adopted> {
  const effectiveAt = startOf(plan.issuedOn, plan.timeZone);
  try {
    const result = await ctx.store.append(
      streams.plan(plan.id),
      [{ eventId: ctx.newId(), type: 'PlanAdopted', planId: plan.id, data: { plan }, actor, effectiveAt }],
      { expectedRevision: 'no_stream' },
    );
    await ctx.runner.waitFor(result.lastPosition, ctx.minPositionWaitMs);
    const [event] = result.events;
    return { planId: plan.id, globalPosition: result.lastPosition, recordedAt: event!.recordedAt, effectiveAt: event!.effectiveAt };
  } catch (error) {
    if (error instanceof ConcurrencyError) throw new PlanAlreadyAdopted(plan.id);
    throw error;
  }
}

// Adopting a plan: one PlanAdopted event on plan-{planId} carrying the whole validated definition.
import { readFile } from 'node:fs/promises';
import { streams } from '../../domain/events.ts';
import { PlanDefinition } from '../../domain/plan.ts';
import { planDecider } from '../../domain/plan-amendment.ts';
import type { Actor } from '../../store/event-store.ts';
import { handleSystemCommand } from '../command-handler.ts';
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
  // A plan adopted already (by another instance starting at the same time, too) is refused: PlanAlreadyAdopted.
  const { events, position } = await handleSystemCommand(ctx, {
    decider: planDecider,
    streamId: streams.plan(plan.id),
    planId: plan.id,
    actor,
    command: () => ({ type: 'AdoptPlan' as const, plan, effectiveAt }),
  });
  const [event] = events;
  return { planId: plan.id, globalPosition: position, recordedAt: event!.recordedAt, effectiveAt: event!.effectiveAt };
}

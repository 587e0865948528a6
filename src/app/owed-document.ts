// What a handling plan and an annual summary share: a document every unit that owes one must file
// by a plan date. Which units owe it, and whether the first submission still standing came in time.
import type { AdoptedPlan } from '../../projections/plan.ts';
import { UnitNotFound } from '../domain/errors.ts';
import { unitsOwing } from '../domain/handling-plan.ts';
import { endOf } from './time.ts';

export type Timeliness = 'on_time' | 'late' | 'due' | 'overdue';

/** A plan date as the instant it ends in the plan's time zone; nulls pass through. */
export const deadlineAt = (plan: AdoptedPlan, deadline: string | null) => (deadline ? endOf(deadline, plan.definition.timeZone) : null);

/**
 * On time or late, judged by the first submission still standing; with none: due until the deadline
 * has passed at validAt, overdue after. Null when there is no deadline.
 */
export function timelinessOf(firstSubmittedAt: string | null | undefined, deadline: string | null, validAt: string): Timeliness | null {
  if (!deadline) return null;
  if (firstSubmittedAt) return Date.parse(firstSubmittedAt) <= Date.parse(deadline) ? 'on_time' : 'late';
  return Date.parse(validAt) > Date.parse(deadline) ? 'overdue' : 'due';
}

/** 404 unless the plan names the unit and the unit leads or shares a task (and so owes `what`). */
export function checkOwingUnit(plan: AdoptedPlan, unitId: string, what: 'handling plan' | 'annual summary'): void {
  if (!plan.definition.units.some((u) => u.id === unitId)) throw new UnitNotFound(plan.definition.id, unitId);
  if (!unitsOwing(plan.definition).includes(unitId)) {
    throw new UnitNotFound(plan.definition.id, unitId, what);
  }
}

/**
 * How many units stand at each status (keyed in the order given), then how many came in on time,
 * late, or are overdue: the counts of a list of owed documents.
 */
export function countsOf<S extends string>(
  items: readonly { status: S; timeliness: Timeliness | null }[],
  statuses: readonly S[],
): Record<S | 'on_time' | 'late' | 'overdue', number> {
  const counts = {} as Record<S | 'on_time' | 'late' | 'overdue', number>;
  for (const status of statuses) counts[status] = items.filter((i) => i.status === status).length;
  for (const timeliness of ['on_time', 'late', 'overdue'] as const) counts[timeliness] = items.filter((i) => i.timeliness === timeliness).length;
  return counts;
}

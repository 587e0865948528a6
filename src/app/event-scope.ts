// A token's scope over the store's events: the plans it is for (or every plan), and whether the
// store's own events (plan `_system`: tokens issued and revoked, digests), which only a store-wide
// office token reads. The feeds and the audit trail filter by it; src/app/access.ts refuses a call
// naming a plan outside it.
import { SYSTEM_PLAN_ID } from '../domain/events.ts';
import type { Principal } from './token/token-queries.ts';

/** What of the store-wide feeds a caller reads: the plans of its scope (undefined: every plan), and whether the store's own events. */
export interface EventScope {
  planIds?: readonly string[];
  /** The `_system` events (tokens issued and revoked, digests): a store-wide office token only. */
  system: boolean;
}

export function eventScope(who: Pick<Principal, 'planIds' | 'role'> | null): EventScope {
  // No caller: no access control configured (an embedded use); everything.
  if (who === null) return { system: true };
  if (who.planIds !== undefined) return { planIds: who.planIds, system: false };
  return { system: who.role === 'office' };
}

/** Whether an event of this plan is in the scope. */
export function scopeCovers(scope: EventScope, planId: string): boolean {
  if (planId === SYSTEM_PLAN_ID) return scope.system;
  return scope.planIds === undefined || scope.planIds.includes(planId);
}

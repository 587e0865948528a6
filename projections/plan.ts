// The adopted plans: each definition with who adopted it, when it was recorded and when it took
// effect, as amended (分工调整) by each PlanAmended from its effectiveAt. Keyed by plan id.
import type { PlanChange } from '../src/domain/events.ts';
import type { PlanDefinition } from '../src/domain/plan.ts';
import { applyChanges, revertChanges } from '../src/domain/plan-amendment.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

/** One amendment of the plan, as recorded. */
export interface PlanAmendmentRecord {
  /** The PlanAmended event's place in the plan's stream (1 for the first amendment). */
  revision: number;
  globalPosition: number;
  recordedAt: string;
  effectiveAt: string;
  amendedBy: Actor;
  reason: string;
  changes: PlanChange[];
}

export interface AdoptedPlan {
  /** The definition as adopted, with the amendments in effect applied. */
  definition: PlanDefinition;
  adoptedBy: Actor;
  recordedAt: string;
  effectiveAt: string;
  globalPosition: number;
  /** The amendments in effect, oldest first (absent before the first). */
  amendments?: PlanAmendmentRecord[];
}

export const planCatalogue: KeyedProjection<AdoptedPlan> = {
  name: 'plan-catalogue',
  keysOf: (event) => {
    if (event.type === 'PlanAdopted') return [event.data.plan.id];
    if (event.type === 'PlanAmended' || event.type === 'PlanAmendmentWithdrawn') return [event.planId];
    return [];
  },
  evolve(state, event) {
    if (event.type === 'PlanAmended') {
      if (!state) return undefined;
      const data = event.data;
      const record: PlanAmendmentRecord = {
        revision: event.streamRevision,
        globalPosition: event.globalPosition,
        recordedAt: event.recordedAt,
        effectiveAt: event.effectiveAt,
        amendedBy: event.actor,
        reason: data.reason,
        changes: data.changes,
      };
      return { ...state, definition: applyChanges(state.definition, data.changes), amendments: [...(state.amendments ?? []), record] };
    }
    if (event.type === 'PlanAmendmentWithdrawn') {
      // Withdrawn (撤回): the plan reads as if it had not been made; the events keep both.
      if (!state) return undefined;
      const { revision } = event.data;
      const target = state.amendments?.find((a) => a.revision === revision);
      if (!target) return undefined;
      return { ...state, definition: revertChanges(state.definition, target.changes), amendments: state.amendments!.filter((a) => a.revision !== revision) };
    }
    if (event.type !== 'PlanAdopted') return undefined;
    const { plan } = event.data;
    return {
      definition: plan,
      adoptedBy: event.actor,
      recordedAt: event.recordedAt,
      effectiveAt: event.effectiveAt,
      globalPosition: event.globalPosition,
    };
  },
};

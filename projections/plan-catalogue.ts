// The adopted plans: each definition with who adopted it, when it was recorded and when it took
// effect. Keyed by plan id.
import type { PlanAdoptedData } from '../src/domain/events.ts';
import type { PlanDefinition } from '../src/domain/plan.ts';
import type { Actor, RecordedEvent } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface AdoptedPlan {
  definition: PlanDefinition;
  adoptedBy: Actor;
  recordedAt: string;
  effectiveAt: string;
  globalPosition: number;
}

export const planCatalogue: KeyedProjection<AdoptedPlan> = {
  name: 'plan-catalogue',
  keysOf: (event) => (event.type === 'PlanAdopted' ? [(event.data as PlanAdoptedData).plan.id] : []),
  evolve(_state, event: RecordedEvent) {
    if (event.type !== 'PlanAdopted') return undefined;
    const { plan } = event.data as PlanAdoptedData;
    return {
      definition: plan,
      adoptedBy: event.actor,
      recordedAt: event.recordedAt,
      effectiveAt: event.effectiveAt,
      globalPosition: event.globalPosition,
    };
  },
};

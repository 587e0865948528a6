// The adopted plans: each definition with who adopted it, when it was recorded and when it took effect.
import type { PlanAdoptedData } from '../src/domain/events.ts';
import type { PlanDefinition } from '../src/domain/plan.ts';
import type { Actor, RecordedEvent } from '../src/store/event-store.ts';
import type { Projection } from './projection.ts';

export interface AdoptedPlan {
  definition: PlanDefinition;
  adoptedBy: Actor;
  recordedAt: string;
  effectiveAt: string;
  globalPosition: number;
}

export type PlanCatalogue = Map<string, AdoptedPlan>;

export const planCatalogue: Projection<PlanCatalogue> = {
  name: 'plan-catalogue',
  initial: () => new Map(),
  evolve(state, event: RecordedEvent) {
    if (event.type === 'PlanAdopted') {
      const { plan } = event.data as PlanAdoptedData;
      state.set(plan.id, {
        definition: plan,
        adoptedBy: event.actor,
        recordedAt: event.recordedAt,
        effectiveAt: event.effectiveAt,
        globalPosition: event.globalPosition,
      });
    }
    return state;
  },
  toJSON: (state) => [...state.entries()],
  fromJSON: (json) => new Map(json as [string, AdoptedPlan][]),
};

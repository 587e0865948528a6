// Each unit's own handling plan (具体办理工作方案, 备案), keyed `{planId}:{unitId}`: where it stands
// (submitted / returned / filed), the current version, when it was first submitted (what "on time"
// is judged by), and its history: every submission, return and filing, oldest first. A unit with no
// key has not submitted. Valid time per key runs forwards: the decider refuses a write back-dated
// before the key's latest change (src/domain/handling-plan.ts).
import type { HandlingPlanFiledData, HandlingPlanSubmittedData } from '../src/domain/events.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface HandlingPlanEntry {
  kind: 'submitted' | 'filed' | 'returned';
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
  /** For a submission: its title and document number. */
  title?: string;
  documentNumber?: string;
  /** For a return (or a filing with a note). */
  reason?: string;
}

export interface HandlingPlanRecord {
  planId: string;
  unitId: string;
  status: 'submitted' | 'returned' | 'filed';
  /** The latest submission (the one filed, once filed). */
  current: Omit<HandlingPlanSubmittedData, 'unitId'> & { submittedAt: string };
  /** Valid time of the first submission: on time or late is judged by it. */
  firstSubmittedAt: string;
  /** Valid time of the filing (备案), once filed. */
  filedAt: string | null;
  history: HandlingPlanEntry[];
  since: string;
  /** Handling-plan events of the unit (the unit's stream may carry other records too). */
  revision: number;
  globalPosition: number;
}

export const handlingPlanKey = (planId: string, unitId: string) => `${planId}:${unitId}`;

export const handlingPlan: KeyedProjection<HandlingPlanRecord> = {
  name: 'handling-plan',
  keysOf(event) {
    if (event.type === 'HandlingPlanSubmitted' || event.type === 'HandlingPlanFiled') {
      return [handlingPlanKey(event.planId, (event.data as { unitId: string }).unitId)];
    }
    return [];
  },
  evolve(state, event) {
    const base = { effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, actor: event.actor, globalPosition: event.globalPosition };
    if (event.type === 'HandlingPlanSubmitted') {
      const { unitId, ...plan } = event.data as HandlingPlanSubmittedData;
      const entry: HandlingPlanEntry = { kind: 'submitted', ...base, title: plan.title, ...(plan.documentNumber ? { documentNumber: plan.documentNumber } : {}) };
      return {
        planId: event.planId,
        unitId,
        status: 'submitted',
        current: { ...plan, submittedAt: event.effectiveAt },
        firstSubmittedAt: state?.firstSubmittedAt ?? event.effectiveAt,
        filedAt: null,
        history: [...(state?.history ?? []), entry],
        since: event.effectiveAt,
        revision: (state?.revision ?? 0) + 1,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'HandlingPlanFiled' && state) {
      const data = event.data as HandlingPlanFiledData;
      const entry: HandlingPlanEntry = { kind: data.outcome, ...base, ...(data.reason ? { reason: data.reason } : {}) };
      return {
        ...state,
        status: data.outcome,
        filedAt: data.outcome === 'filed' ? event.effectiveAt : null,
        history: [...state.history, entry],
        since: event.effectiveAt,
        revision: state.revision + 1,
        globalPosition: event.globalPosition,
      };
    }
    return undefined;
  },
};

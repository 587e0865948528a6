// Each unit's own handling plan (具体办理工作方案, 备案), keyed `{planId}:{unitId}`: where it stands
// (submitted / returned / filed), the current version, when it was first submitted (what "on time"
// is judged by), and its history: every submission, return and filing, oldest first. A unit with no
// key has not submitted. Valid time per key runs forwards: the decider refuses a write back-dated
// before the key's latest change (src/domain/handling-plan.ts). A withdrawal (撤回) of the latest
// submission makes the one before it current again, with the status it had, or leaves the unit
// not submitted when none is left; firstSubmittedAt is the first submission still standing, so a
// withdrawn submission never makes a unit on time. The withdrawal stays in history.
import type { HandlingPlanSubmittedData } from '../src/domain/events.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface HandlingPlanEntry {
  kind: 'submitted' | 'filed' | 'returned' | 'withdrawn';
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
  /** For a submission: its title and document number. */
  title?: string;
  documentNumber?: string;
  /** For a return (or a filing with a note), and a withdrawal. */
  reason?: string;
}

type Submission = Omit<HandlingPlanSubmittedData, 'unitId'> & { submittedAt: string };

export interface HandlingPlanRecord {
  planId: string;
  unitId: string;
  /** not_submitted only once every submission was withdrawn. */
  status: 'not_submitted' | 'submitted' | 'returned' | 'filed';
  /** The latest submission standing (the one filed, once filed); null once every one was withdrawn. */
  current: Submission | null;
  /** The submissions standing, oldest first (the last is current), each with the status before it: what a withdrawal goes back to. */
  submissions: { submission: Submission; statusBefore: 'not_submitted' | 'submitted' | 'returned' | 'filed' }[];
  /** Valid time of the first submission standing: on time or late is judged by it. */
  firstSubmittedAt: string | null;
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
    if (event.type === 'HandlingPlanSubmitted' || event.type === 'HandlingPlanFiled' || event.type === 'HandlingPlanWithdrawn') {
      return [handlingPlanKey(event.planId, event.data.unitId)];
    }
    return [];
  },
  evolve(state, event) {
    const base = { effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, actor: event.actor, globalPosition: event.globalPosition };
    if (event.type === 'HandlingPlanSubmitted') {
      const { unitId, ...plan } = event.data;
      const entry: HandlingPlanEntry = {
        kind: 'submitted',
        ...base,
        title: plan.title,
        ...(plan.documentNumber ? { documentNumber: plan.documentNumber } : {}),
      };
      const current = { ...plan, submittedAt: event.effectiveAt };
      return {
        planId: event.planId,
        unitId,
        status: 'submitted',
        current,
        submissions: [...(state?.submissions ?? []), { submission: current, statusBefore: state?.status ?? 'not_submitted' }],
        firstSubmittedAt: state?.firstSubmittedAt ?? event.effectiveAt,
        filedAt: null,
        history: [...(state?.history ?? []), entry],
        since: event.effectiveAt,
        revision: (state?.revision ?? 0) + 1,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'HandlingPlanFiled' && state) {
      const data = event.data;
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
    if (event.type === 'HandlingPlanWithdrawn' && state) {
      const data = event.data;
      const submissions = state.submissions.slice(0, -1);
      const entry: HandlingPlanEntry = {
        kind: 'withdrawn',
        ...base,
        title: data.withdrawn.title,
        ...(data.withdrawn.documentNumber ? { documentNumber: data.withdrawn.documentNumber } : {}),
        reason: data.reason,
      };
      return {
        ...state,
        status: data.restores,
        current: submissions.at(-1)?.submission ?? null,
        submissions,
        firstSubmittedAt: submissions[0]?.submission.submittedAt ?? null,
        filedAt: null,
        history: [...state.history, entry],
        since: event.effectiveAt,
        revision: state.revision + 1,
        globalPosition: event.globalPosition,
      };
    }
    return undefined;
  },
};

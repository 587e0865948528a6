// The CPPCC's satisfaction evaluation (满意度测评) of a plan, keyed `{planId}`: per scope (`task:{code}`
// or `overall`) the evaluations standing, oldest first (the last is current: a later evaluation of
// the same scope replaces the earlier, a withdrawal (撤回) makes the one before current again), and
// the scope's history of evaluations and withdrawals. Bounded by the plan's tasks. Valid time runs
// forwards on the plan's evaluation stream (src/domain/evaluation.ts).
import { scopeKey } from '../src/domain/evaluation.ts';
import type { EvaluationScope, Rating } from '../src/domain/events.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface EvaluationEntry {
  evaluationId: string;
  scope: EvaluationScope;
  rating: Rating;
  comments?: string;
  evaluator: { name: string; group?: string };
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
}

export interface EvaluationHistoryEntry {
  kind: 'evaluated' | 'withdrawn';
  evaluationId: string;
  rating: Rating;
  /** For a withdrawal. */
  reason?: string;
  effectiveAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
}

export interface ScopeEvaluations {
  standing: EvaluationEntry[];
  history: EvaluationHistoryEntry[];
}

export interface PlanEvaluationsRecord {
  planId: string;
  scopes: Record<string, ScopeEvaluations>;
  /** Every evaluation recorded, by id: its scope (a withdrawn or replaced one is found too). */
  evaluations: Record<string, EvaluationEntry>;
  revision: number;
  globalPosition: number;
}

export const evaluationsKey = (planId: string) => planId;

export const evaluations: KeyedProjection<PlanEvaluationsRecord> = {
  name: 'evaluations',
  keysOf(event) {
    if (event.type === 'SatisfactionEvaluated' || event.type === 'SatisfactionEvaluationWithdrawn') return [evaluationsKey(event.planId)];
    return [];
  },
  evolve(state, event) {
    const base = { effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, actor: event.actor, globalPosition: event.globalPosition };
    const record: PlanEvaluationsRecord = state ?? { planId: event.planId, scopes: {}, evaluations: {}, revision: 0, globalPosition: 0 };
    if (event.type === 'SatisfactionEvaluated') {
      const data = event.data;
      const key = scopeKey(data.scope);
      const scope = record.scopes[key] ?? { standing: [], history: [] };
      const entry: EvaluationEntry = {
        evaluationId: data.evaluationId,
        scope: data.scope,
        rating: data.rating,
        ...(data.comments !== undefined ? { comments: data.comments } : {}),
        evaluator: data.evaluator,
        ...base,
      };
      return {
        ...record,
        scopes: {
          ...record.scopes,
          [key]: {
            standing: [...scope.standing, entry],
            history: [...scope.history, { kind: 'evaluated', evaluationId: data.evaluationId, rating: data.rating, ...base }],
          },
        },
        evaluations: { ...record.evaluations, [data.evaluationId]: entry },
        revision: record.revision + 1,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'SatisfactionEvaluationWithdrawn') {
      const data = event.data;
      const key = scopeKey(data.scope);
      const scope = record.scopes[key] ?? { standing: [], history: [] };
      return {
        ...record,
        scopes: {
          ...record.scopes,
          [key]: {
            standing: scope.standing.filter((e) => e.evaluationId !== data.evaluationId),
            history: [...scope.history, { kind: 'withdrawn', evaluationId: data.evaluationId, rating: data.rating, reason: data.reason, ...base }],
          },
        },
        revision: record.revision + 1,
        globalPosition: event.globalPosition,
      };
    }
    return undefined;
  },
};

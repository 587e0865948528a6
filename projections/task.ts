// Where each task of each adopted plan stands: status, since when, by whom, why, and the task
// stream's revision (its event count, the ETag). Keyed by `{planId}:{code}`.
import type { Evidence } from '../src/domain/events.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection, RecordedDomainEvent } from './projection.ts';

export interface TaskStatusRecord {
  planId: string;
  code: string;
  status: TaskStatus;
  /** When the current status took effect (valid time of the last change, or the plan's adoption). */
  since: string;
  /** When the current status was recorded. */
  recordedAt: string;
  changedBy: Actor;
  reason: string | null;
  evidence: Evidence | null;
  /** Events in the task's stream: 0 before its first change. */
  revision: number;
  globalPosition: number;
}

export const taskKey = (planId: string, code: string) => `${planId}:${code}`;

export const taskStatus: KeyedProjection<TaskStatusRecord> = {
  name: 'task-status',
  keysOf(event) {
    if (event.type === 'PlanAdopted') {
      const { plan } = event.data;
      return plan.tasks.map((task) => taskKey(plan.id, task.code));
    }
    if (event.type === 'TaskStatusChanged') return [taskKey(event.planId, event.data.taskCode)];
    return [];
  },
  evolve(state, event: RecordedDomainEvent, key) {
    if (event.type === 'PlanAdopted') {
      const { plan } = event.data;
      const code = key.slice(plan.id.length + 1);
      return {
        planId: plan.id,
        code,
        status: 'not_started',
        since: event.effectiveAt,
        recordedAt: event.recordedAt,
        changedBy: event.actor,
        reason: null,
        evidence: null,
        revision: 0,
        globalPosition: event.globalPosition,
      };
    }
    if (event.type === 'TaskStatusChanged' && state) {
      const data = event.data;
      return {
        ...state,
        status: data.to,
        since: event.effectiveAt,
        recordedAt: event.recordedAt,
        changedBy: event.actor,
        reason: data.reason,
        evidence: data.evidence ?? null,
        revision: event.streamRevision + 1,
        globalPosition: event.globalPosition,
      };
    }
    return undefined;
  },
};

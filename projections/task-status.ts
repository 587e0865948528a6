// Current status of every task of every adopted plan: status, since when, by whom, why, and the
// task stream's revision (its event count, the ETag).
import type { PlanAdoptedData, TaskStatusChangedData, Evidence } from '../src/domain/events.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';
import type { Actor, RecordedEvent } from '../src/store/event-store.ts';
import type { Projection } from './projection.ts';

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

/** planId → task code → record, in the plan's task order. */
export type TaskStatusState = Map<string, Map<string, TaskStatusRecord>>;

export const taskStatus: Projection<TaskStatusState> = {
  name: 'task-status',
  initial: () => new Map(),
  evolve(state, event: RecordedEvent) {
    if (event.type === 'PlanAdopted') {
      const { plan } = event.data as PlanAdoptedData;
      const tasks = new Map<string, TaskStatusRecord>();
      for (const task of plan.tasks) {
        tasks.set(task.code, {
          planId: plan.id,
          code: task.code,
          status: 'not_started',
          since: event.effectiveAt,
          recordedAt: event.recordedAt,
          changedBy: event.actor,
          reason: null,
          evidence: null,
          revision: 0,
          globalPosition: event.globalPosition,
        });
      }
      state.set(plan.id, tasks);
    } else if (event.type === 'TaskStatusChanged') {
      const data = event.data as TaskStatusChangedData;
      const record = state.get(event.planId)?.get(data.taskCode);
      if (record) {
        record.status = data.to;
        record.since = event.effectiveAt;
        record.recordedAt = event.recordedAt;
        record.changedBy = event.actor;
        record.reason = data.reason;
        record.evidence = data.evidence ?? null;
        record.revision = event.streamRevision + 1;
        record.globalPosition = event.globalPosition;
      }
    }
    return state;
  },
  toJSON: (state) => [...state.entries()].map(([planId, tasks]) => [planId, [...tasks.entries()]]),
  fromJSON: (json) =>
    new Map((json as [string, [string, TaskStatusRecord][]][]).map(([planId, tasks]) => [planId, new Map(tasks)])),
};

// The task decider: decide(command, state) → events, evolve(state, event) → state. Pure: the
// clock's reading comes in with the command as `now`.
import type { Evidence, TaskStatusChangedData } from './events.ts';
import { RuleViolated, TransitionRefused } from './errors.ts';
import { allowedFrom, type TaskStatus } from './task-status.ts';

export interface TaskState {
  status: TaskStatus;
  /** How many events the task's stream holds (its ETag). */
  revision: number;
}

export const initialTaskState: TaskState = { status: 'not_started', revision: 0 };

export interface ChangeTaskStatus {
  type: 'ChangeTaskStatus';
  taskCode: string;
  to: TaskStatus;
  reason: string;
  evidence?: Evidence;
  /** When the change really happened, if earlier than now (a late report). */
  effectiveAt?: string;
  /** The clock's reading when the command is handled (ISO instant). */
  now: string;
  /** The earliest instant the plan is in effect (its adoption's effectiveAt). */
  planEffectiveAt: string;
}

export type TaskCommand = ChangeTaskStatus;

export interface TaskEvent {
  type: 'TaskStatusChanged';
  data: TaskStatusChangedData;
  effectiveAt?: string;
}

export function decide(command: TaskCommand, state: TaskState): TaskEvent[] {
  const { to, reason } = command;
  const from = state.status;
  if (!allowedFrom(from).includes(to)) throw new TransitionRefused(from, to, allowedFrom(from));
  if (!reason.trim()) throw new RuleViolated('reason', 'every status change carries a reason');
  if (to === 'completed' && !command.evidence?.summary.trim()) {
    throw new RuleViolated('evidence', 'completing a task needs an evidence summary');
  }
  if (command.effectiveAt !== undefined) {
    const at = Date.parse(command.effectiveAt);
    if (at > Date.parse(command.now)) throw new RuleViolated('effectiveAt', 'effectiveAt may not be in the future');
    if (at < Date.parse(command.planEffectiveAt)) {
      throw new RuleViolated('effectiveAt', `effectiveAt may not be before the plan took effect (${command.planEffectiveAt})`);
    }
  }
  const data: TaskStatusChangedData = { taskCode: command.taskCode, from, to, reason };
  if (command.evidence) data.evidence = command.evidence;
  return [{ type: 'TaskStatusChanged', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: TaskState, event: { type: string; data: unknown }): TaskState {
  if (event.type === 'TaskStatusChanged') {
    return { status: (event.data as TaskStatusChangedData).to, revision: state.revision + 1 };
  }
  return { ...state, revision: state.revision + 1 };
}

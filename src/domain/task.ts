// The task decider: decide(command, state) → events, evolve(state, event) → state. Pure: the
// clock's reading comes in with the command as `now`.

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, TransitionRefused, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type Evidence, type TaskStatusChangedData } from './events.ts';
import { allowedFrom, type TaskStatus } from './task-status.ts';

export interface TaskState {
  status: TaskStatus;
  /** How many events the task's stream holds (its ETag). */
  revision: number;
  /** Valid time of the stream's last change; null before the first (the plan's own start applies). */
  lastEffectiveAt: string | null;
}

export const initialTaskState: TaskState = { status: 'not_started', revision: 0, lastEffectiveAt: null };

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
  /** A reopening for a 不满意 rating (满意度测评): that evaluation; only completed → in_progress. */
  evaluationId?: string;
}

/** A reopening for a 不满意 rating asked of a task that is not completed when it would take effect. */
export class TaskNotCompleted extends DomainError<'task-not-completed'> {
  constructor(
    readonly taskCode: string,
    readonly status: TaskStatus,
  ) {
    super('conflict', 'task-not-completed', { taskCode, status });
  }
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
  const checkValidTime = () => {
    if (command.effectiveAt === undefined) return;
    const at = Date.parse(checkEffectiveAt(command));
    // Valid time stays coherent: a task's changes take effect in the order they are recorded, so a
    // late report may go back only as far as the task's previous change (docs/architecture.md, Valid time stays coherent).
    if (state.lastEffectiveAt !== null && at < Date.parse(state.lastEffectiveAt)) {
      throw new ValidTimeConflict(command.effectiveAt, state.lastEffectiveAt, from);
    }
  };
  if (command.evaluationId !== undefined) {
    // A reopening is judged by the task's status when it takes effect: the latest, once valid time is in order.
    checkValidTime();
    if (from !== 'completed') throw new TaskNotCompleted(command.taskCode, from);
    if (to !== 'in_progress') throw new RuleViolated('status', { rule: 'reopen-to-in-progress' });
  }
  if (!allowedFrom(from).includes(to)) throw new TransitionRefused(from, to, allowedFrom(from));
  if (!reason.trim()) throw new RuleViolated('reason', { rule: 'status-change-needs-reason' });
  if (to === 'completed' && !command.evidence?.summary.trim()) {
    throw new RuleViolated('evidence', { rule: 'completion-needs-evidence' });
  }
  checkValidTime();
  const data: TaskStatusChangedData = { taskCode: command.taskCode, from, to, reason };
  if (command.evidence) data.evidence = command.evidence;
  if (command.evaluationId !== undefined) data.evaluationId = command.evaluationId;
  return [{ type: 'TaskStatusChanged', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: TaskState, recorded: { type: string; data: unknown; effectiveAt?: string }): TaskState {
  const event = asDomainEvent(recorded);
  if (event.type === 'TaskStatusChanged') {
    return {
      status: event.data.to,
      revision: state.revision + 1,
      lastEffectiveAt: event.effectiveAt ?? state.lastEffectiveAt,
    };
  }
  return { ...state, revision: state.revision + 1 };
}

export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState> = { initialState: () => initialTaskState, evolve, decide };

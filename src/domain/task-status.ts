// Task statuses and the one table of allowed transitions (docs/domain.md, Task status and its transitions).
import { z } from 'zod';

export const TaskStatus = z
  .enum(['not_started', 'in_progress', 'at_risk', 'blocked', 'completed', 'cancelled'])
  .meta({ id: 'TaskStatus', description: 'Where a task stands. "Overdue" is derived from a deadline and a date, never stored.' });
export type TaskStatus = z.output<typeof TaskStatus>;

export const transitions: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  not_started: ['in_progress', 'cancelled'],
  in_progress: ['at_risk', 'blocked', 'completed', 'cancelled'],
  at_risk: ['in_progress', 'blocked', 'completed', 'cancelled'],
  blocked: ['in_progress', 'at_risk', 'cancelled'],
  // Reopening a completed task is allowed; like every change it carries a reason.
  completed: ['in_progress'],
  cancelled: [],
};

export const allowedFrom = (status: TaskStatus): readonly TaskStatus[] => transitions[status];

// Reading tasks at a point on both time axes: the list with its filters, one task (its history is
// the audit trail's: ../audit-queries.ts).

import type { AdoptedPlan } from '../../../projections/plan.ts';
import { type TaskStatusRecord, taskKey, taskStatus } from '../../../projections/task.ts';
import { RuleViolated, TaskNotFound } from '../../domain/errors.ts';
import { expandUnits, type TaskDefinition } from '../../domain/plan.ts';
import type { TaskStatus } from '../../domain/task-status.ts';
import type { AppContext } from '../context.ts';
import { planAt } from '../plan/plan-queries.ts';
import { taskView } from '../plan/plan-views.ts';
import type { Reading, ReadQuery } from '../reading.ts';

export interface TaskListQuery extends ReadQuery {
  status?: TaskStatus[];
  /** A unit or group id: matches tasks it leads or shares, directly or as a member of a group. */
  unit?: string;
}

/** Does the unit (or group) lead or share the task, directly or through a group? */
export function involves(plan: AdoptedPlan, task: TaskDefinition, unit: string): boolean {
  const wanted = expandUnits(plan.definition, [unit]);
  const involved = expandUnits(plan.definition, [...task.leadUnits, ...task.responsibleUnits]);
  return [...task.leadUnits, ...task.responsibleUnits].includes(unit) || wanted.some((u) => involved.includes(u));
}

/** 422 unless the plan knows the unit or group. */
export function checkUnit(plan: AdoptedPlan, unit: string): void {
  if (!plan.definition.units.some((u) => u.id === unit) && !plan.definition.groups.some((g) => g.id === unit)) {
    throw new RuleViolated('unit', { rule: 'unit-or-group-unknown', planId: plan.definition.id, unitId: unit }, 'query');
  }
}

async function records(ctx: AppContext, plan: AdoptedPlan, tasks: TaskDefinition[], reading: Reading) {
  const keys = tasks.map((t) => taskKey(plan.definition.id, t.code));
  const found = await ctx.states.at<TaskStatusRecord>(ctx.readModel, taskStatus.name, keys, reading.position, reading.validAt);
  return tasks.map((task) => {
    const record = found.get(taskKey(plan.definition.id, task.code));
    if (!record) throw new TaskNotFound(plan.definition.id, task.code);
    return taskView(plan.definition, task, record);
  });
}

export async function listTasks(ctx: AppContext, planId: string, query: TaskListQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  if (query.unit !== undefined) checkUnit(plan, query.unit);
  const tasks = plan.definition.tasks.filter((task) => query.unit === undefined || involves(plan, task, query.unit));
  const items = (await records(ctx, plan, tasks, reading)).filter((view) => !query.status?.length || query.status.includes(view.status));
  return { planId, ...reading, items };
}

export function findTask(plan: AdoptedPlan, code: string): TaskDefinition {
  const task = plan.definition.tasks.find((t) => t.code === code);
  if (!task) throw new TaskNotFound(plan.definition.id, code);
  return task;
}

/** One task's view at a reading already resolved (the task page reads the rest at the same one). */
export async function taskAt(ctx: AppContext, plan: AdoptedPlan, task: TaskDefinition, reading: Reading) {
  const [view] = await records(ctx, plan, [task], reading);
  return view!;
}

export async function getTask(ctx: AppContext, planId: string, code: string, query: ReadQuery) {
  const { plan, reading } = await planAt(ctx, planId, query);
  return { ...(await taskAt(ctx, plan, findTask(plan, code), reading)), ...reading };
}

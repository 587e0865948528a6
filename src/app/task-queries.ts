// Reading tasks: the list with its filters, one task, and its history.
import { RuleViolated, TaskNotFound } from '../domain/errors.ts';
import { streams } from '../domain/events.ts';
import { expandUnits, type TaskDefinition } from '../domain/plan.ts';
import type { TaskStatus } from '../domain/task-status.ts';
import type { AdoptedPlan } from '../../projections/plan-catalogue.ts';
import type { AppContext } from './context.ts';
import { planAsOf } from './as-of.ts';
import type { ProjectionStates } from './projection-runner.ts';
import { taskView } from './plan-views.ts';

export interface TaskListQuery {
  status?: TaskStatus[];
  /** A unit or group id: matches tasks it leads or shares, directly or as a member of a group. */
  unit?: string;
  asOf?: string;
}

function viewOf(states: ProjectionStates, plan: AdoptedPlan, task: TaskDefinition) {
  const record = states.tasks.get(plan.definition.id)?.get(task.code);
  if (!record) throw new TaskNotFound(plan.definition.id, task.code);
  return taskView(plan.definition, task, record);
}

function involves(plan: AdoptedPlan, task: TaskDefinition, unit: string): boolean {
  const wanted = expandUnits(plan.definition, [unit]);
  const involved = expandUnits(plan.definition, [...task.leadUnits, ...task.responsibleUnits]);
  return [...task.leadUnits, ...task.responsibleUnits].includes(unit) || wanted.some((u) => involved.includes(u));
}

export async function listTasks(ctx: AppContext, planId: string, query: TaskListQuery) {
  const { states, plan, asOf } = await planAsOf(ctx, planId, query.asOf);
  const { unit } = query;
  if (unit !== undefined && !plan.definition.units.some((u) => u.id === unit) && !plan.definition.groups.some((g) => g.id === unit)) {
    throw new RuleViolated('unit', `plan ${planId} has no unit or group ${unit}`, 'query');
  }
  const items = plan.definition.tasks
    .filter((task) => query.unit === undefined || involves(plan, task, query.unit))
    .map((task) => viewOf(states, plan, task))
    .filter((view) => !query.status?.length || query.status.includes(view.status));
  return { planId, asOf, items };
}

function findTask(plan: AdoptedPlan, code: string): TaskDefinition {
  const task = plan.definition.tasks.find((t) => t.code === code);
  if (!task) throw new TaskNotFound(plan.definition.id, code);
  return task;
}

export async function getTask(ctx: AppContext, planId: string, code: string, query: { asOf?: string }) {
  const { states, plan } = await planAsOf(ctx, planId, query.asOf);
  return viewOf(states, plan, findTask(plan, code));
}

export async function taskHistory(ctx: AppContext, planId: string, code: string, query: { asOf?: string }) {
  const { plan, asOf } = await planAsOf(ctx, planId, query.asOf);
  findTask(plan, code);
  const events = await ctx.store.readStream(streams.task(planId, code));
  return { planId, code, items: asOf ? events.filter((e) => e.recordedAt <= asOf) : events };
}

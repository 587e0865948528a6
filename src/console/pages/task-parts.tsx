/** @jsxImportSource hono/jsx */
// What the 总览 and 任务 pages share: the axes kept in a GET form, links, and the task list with each
// task's light.
import { taskLight } from '../../app/alert/alert.ts';
import { type PlanDefinition, taskDueDate } from '../../domain/plan.ts';
import { colorOf } from '../light.tsx';
import { type ConsoleView, planPath } from '../view.ts';

/** The page's axes as hidden fields, so a GET form of filters keeps validAt and asOf. */
export function HiddenAxes(props: { view: ConsoleView }) {
  const { validAt, asOf } = props.view.time;
  return (
    <>
      {validAt ? <input type="hidden" name="validAt" value={validAt} /> : null}
      {asOf ? <input type="hidden" name="asOf" value={asOf} /> : null}
    </>
  );
}

export const taskHref = (view: ConsoleView, planId: string, code: string) => view.href(planPath(planId, `/tasks/${encodeURIComponent(code)}`));
export const unitHref = (view: ConsoleView, planId: string, unitId: string) => view.href(planPath(planId, `/units/${encodeURIComponent(unitId)}`));
export const eventHref = (view: ConsoleView, planId: string, eventId: string) => view.href(planPath(planId, '/audit'), { event: eventId });

/**
 * The plan's tasks at the page's reading, each with its deadline light. The light is the one the
 * task page's read (GET /plans/{p}/tasks/{code}) gives — the same function, over the plan as it
 * stood at the reading (an amended deadline counts) — worked out here for every task in one read.
 */
export async function tasksWithLights(view: ConsoleView, planId: string, filter: { unit?: string } = {}) {
  const [list, plan] = await Promise.all([
    view.app.listTasks(planId, { ...view.query, ...(filter.unit ? { unit: filter.unit } : {}) }),
    view.app.getPlan(planId, view.query),
  ]);
  const def: PlanDefinition = plan;
  const byCode = new Map(def.tasks.map((t) => [t.code, t]));
  const items = list.items.map((task) => {
    const defined = byCode.get(task.code)!;
    return { ...task, dueDate: taskDueDate(def, defined), light: colorOf(taskLight(def, defined, task, list.validAt)) };
  });
  return { plan: def, reading: { validAt: list.validAt, asOf: list.asOf, position: list.position }, items };
}

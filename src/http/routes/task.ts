// /plans/{planId}/tasks: task status, its changes (with If-Match) and history.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { etagOf } from '../../app/task/task-commands.ts';
import { TaskReading } from '../../app/task/task-page.ts';
import { statusChangeExample } from '../../app/view-examples.ts';
import { StatusChangeResult, TaskHistory, TaskList } from '../../app/views.ts';
import { Evidence } from '../../domain/events.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import { TaskStatus } from '../../domain/task-status.ts';
import { MultilineText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { ProblemError } from '../problem.ts';
import { AuditFilters } from './audit.ts';
import { readQuery } from './query-params.ts';

const TaskParams = z.strictObject({
  planId: z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1."),
  code: z.string().max(16).describe("The task's code, section.item, e.g. 1.1."),
});

export const StatusChange = z
  .strictObject({
    status: TaskStatus.describe('The new status.'),
    reason: MultilineText.describe('Why the status changes; every change carries one (at most 2000 characters, line breaks allowed).'),
    evidence: Evidence.optional().describe('Required when completing a task.'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe('When the change really happened, if earlier than now (a late report); not in the future.'),
  })
  .meta({ id: 'StatusChange', description: "A change of a task's status.", examples: [statusChangeExample] });

const ETAG_HEADER = { ETag: { description: "The task stream's event count, quoted.", schema: { type: 'string' as const, maxLength: 22 } } };

/** If-Match as a list of entity tags; undefined when absent or "*" (any current representation). */
export function ifMatch(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const tags = header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.includes('*')) return undefined;
  // Weak tags never match in the strong comparison If-Match requires.
  const strong = tags.filter((t) => /^"[^"]*"$/.test(t));
  if (!strong.length)
    throw new ProblemError(412, 'precondition-failed', {
      en: `If-Match ${header} names no strong entity tag such as "3"`,
      zh: `If-Match ${header} 中没有强实体标签（如 "3"）`,
    });
  return strong;
}

export function taskRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/tasks',
    operationId: 'listTasks',
    access: { kind: 'read-plan' },
    summary: "List a plan's tasks with their status",
    tag: 'task',
    params: z.strictObject({ planId: TaskParams.shape.planId }),
    query: z.strictObject({
      status: z.array(TaskStatus).max(20).optional().describe('Only tasks in these statuses (repeat the parameter or separate with commas).'),
      unit: UnitId.optional().describe('Only tasks this unit (or group) leads or shares, directly or as a member of a group.'),
      ...readQuery,
    }),
    responses: { 200: { description: "The tasks, in the plan's order.", schema: TaskList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listTasks(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/tasks/{code}',
    operationId: 'getTask',
    access: { kind: 'read-plan' },
    summary: "Get a task with its status, units, indicators, each unit's latest progress and links to its history",
    tag: 'task',
    params: TaskParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The task at `validAt` as recorded by `asOf`.', schema: TaskReading, headers: ETAG_HEADER } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => {
      const task = await app.getTask(params.planId, params.code, query);
      return { body: task, headers: { etag: etagOf(task.revision) } };
    },
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/tasks/{code}/status',
    operationId: 'changeTaskStatus',
    access: { kind: 'write-task-lead' },
    summary: "Change a task's status",
    description:
      'Appends a TaskStatusChanged event. The transition must be allowed from the current status (409 lists the allowed ones); ' +
      "completing needs evidence. With If-Match, the change goes through only if the task's ETag still matches (412 otherwise).",
    tag: 'task',
    params: TaskParams,
    body: StatusChange,
    headers: [{ name: 'If-Match', description: 'The ETag the change is based on, e.g. "2".' }],
    responses: { 200: { description: "The task after the change, and the event's store position.", schema: StatusChangeResult, headers: ETAG_HEADER } },
    problems: [400, 404, 409, 412, 413, 415, 422],
    handler: async (c, { params, body, principal }) => {
      const result = await app.changeTaskStatus({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        code: params.code,
        to: body.status,
        reason: body.reason,
        ...(body.evidence ? { evidence: body.evidence } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
        ...(c.req.header('if-match') !== undefined ? { ifMatch: ifMatch(c.req.header('if-match')) } : {}),
      });
      return { body: result, headers: { etag: etagOf(result.task.revision) } };
    },
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/tasks/{code}/history',
    operationId: 'getTaskHistory',
    access: { kind: 'read-plan' },
    summary: "A task's changes, in order, as audit rows",
    tag: 'task',
    params: TaskParams,
    query: z.strictObject({ ...AuditFilters.time, ...AuditFilters.page, ...readQuery }),
    responses: { 200: { description: "The task's changes recorded by `asOf` and in effect by `validAt`, a page at a time.", schema: TaskHistory } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.taskHistory(params.planId, params.code, query) }),
  });
}

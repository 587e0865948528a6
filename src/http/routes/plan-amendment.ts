// /plans/{planId}/amendments: the plan amended mid-year (分工调整) — the amendments in effect on any
// date, and a new one (the office only).
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { AmendmentList, AmendmentResult, WithdrawalResult } from '../../app/plan-amendment/plan-amendment.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { Comparator, Decimal, PlanDate, UnitId } from '../../domain/plan.ts';
import type { ChangeRequest } from '../../domain/plan-amendment.ts';
import { IdString, MultilineText, text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const Params = z.strictObject({ planId: z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.") });
const TaskCode = z
  .string()
  .regex(/^\d{1,3}\.\d{1,3}$/, 'a task code is {section}.{item}')
  .max(7, schemaMessage('text-too-long', { max: 7 }))
  .describe('The task, e.g. 4.2.');
const Units = z.array(UnitId).max(100);

export const PlanChangeRequest = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('task-units'),
        taskCode: TaskCode,
        leadUnits: Units.min(1).optional().describe('牵头单位 from now on: unit or group ids, at least one. Absent: unchanged.'),
        responsibleUnits: Units.optional().describe('责任单位 from now on: unit or group ids. Absent: unchanged.'),
      })
      .describe("A task's lead or responsible units (分工调整)."),
    z
      .strictObject({
        kind: z.literal('task-deadline'),
        taskCode: TaskCode,
        deadline: PlanDate.nullable().describe('The new deadline; null: none of its own.'),
      })
      .describe("A task's deadline."),
    z
      .strictObject({
        kind: z.literal('indicator-target'),
        indicatorId: IdString.regex(/^\d{1,3}\.\d{1,3}-\d{1,3}$/, 'an indicator id is {taskCode}-{n}').describe('The indicator, e.g. 1.1-1.'),
        target: z
          .strictObject({
            value: Decimal,
            unit: text({ max: 20 }).optional().describe('The unit of measure; absent: unchanged.'),
            comparator: Comparator.optional().describe('Absent: unchanged.'),
          })
          .describe('The new target.'),
      })
      .describe("An indicator's target."),
    z
      .strictObject({
        kind: z.literal('monthly-report-due-day'),
        day: z.number().int().min(1).max(28).describe('Reports on month M are due by this day of M+1.'),
      })
      .describe('The monthly report due day.'),
    z
      .strictObject({ kind: z.literal('yellow-window'), days: z.number().int().min(1).max(31).describe('Days before a due date from which it shows yellow.') })
      .describe('The yellow-light window.'),
  ])
  .meta({ id: 'PlanChangeRequest', description: 'One change: its `kind` says what changes.' });

export const Amendment = z
  .strictObject({
    reason: MultilineText.describe('Why, or on what basis (a meeting, a document), at most 2000 characters.'),
    changes: z.array(PlanChangeRequest).min(1).max(50).describe('What changes, applied in order.'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe(
        "From when the plan reads as amended, if earlier than now; not in the future, not before the plan took effect, not before the plan's latest amendment.",
      ),
  })
  .meta({
    id: 'PlanAmendmentRequest',
    description: 'An amendment of the plan (分工调整), effective from a date, with a reason.',
    examples: [
      {
        reason: '根据市政府专题会议纪要，任务4.2改由市科技局牵头',
        changes: [
          { kind: 'task-units', taskCode: '4.2', leadUnits: ['kjj'] },
          { kind: 'indicator-target', indicatorId: '1.1-1', target: { value: '5' } },
        ],
        effectiveAt: '2026-07-01T00:00:00+08:00',
      },
    ],
  });

const WithdrawalParams = Params.extend({
  revision: z.coerce.number().int().min(1).max(1_000_000).describe("The amendment's revision (`revision` in GET …/amendments)."),
});

export const Withdrawal = z
  .strictObject({ reason: MultilineText.describe('Why the amendment is withdrawn (撤回): what was mistaken.') })
  .meta({ id: 'PlanAmendmentWithdrawal', examples: [{ reason: '误录：会议纪要未同意调整任务4.2牵头单位' }] });

export function planAmendmentRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/amendments',
    operationId: 'listPlanAmendments',
    access: { kind: 'read-plan' },
    summary: "List the plan's amendments (分工调整) in effect on any date",
    description:
      'The amendments in effect at `validAt` as recorded by `asOf`, oldest first, each change with what it was before and after. ' +
      'Every other read of the plan at the same point (the plan, its tasks, `tasks?unit=`) reads the plan as amended by them.',
    tag: 'plan-amendment',
    params: Params,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The amendments in effect at `validAt` as recorded by `asOf`.', schema: AmendmentList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listAmendments(params.planId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/amendments',
    operationId: 'amendPlan',
    access: { kind: 'write-office' },
    summary: 'Amend the plan (分工调整): units, a deadline, a target, the report due day, the yellow window',
    description:
      "Appends a PlanAmended event on the plan's stream: from its effectiveAt every read sees the plan as amended; the original " +
      'stays in history. The office only. A task, indicator or unit the plan does not have, or a change that changes nothing, is 422; ' +
      "an amendment back-dated before the plan's latest amendment is 409 (valid time does not run backwards).",
    tag: 'plan-amendment',
    params: Params,
    body: Amendment,
    responses: { 200: { description: "The amendment as recorded, the plan's rules after it, and the event's store position.", schema: AmendmentResult } },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.amendPlan({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        reason: body.reason,
        changes: body.changes.map(
          (c): ChangeRequest =>
            c.kind === 'indicator-target'
              ? {
                  kind: c.kind,
                  indicatorId: c.indicatorId,
                  target: {
                    value: c.target.value,
                    ...(c.target.unit !== undefined ? { unit: c.target.unit } : {}),
                    ...(c.target.comparator ? { comparator: c.target.comparator } : {}),
                  },
                }
              : c.kind === 'task-units'
                ? {
                    kind: c.kind,
                    taskCode: c.taskCode,
                    ...(c.leadUnits ? { leadUnits: c.leadUnits } : {}),
                    ...(c.responsibleUnits ? { responsibleUnits: c.responsibleUnits } : {}),
                  }
                : c,
        ),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/amendments/{revision}/withdrawal',
    operationId: 'withdrawPlanAmendment',
    access: { kind: 'write-office' },
    summary: 'Withdraw (撤回) a mistaken amendment',
    description:
      'Appends a PlanAmendmentWithdrawn event: from now on every view, at every validAt, reads the plan as if the amendment had not ' +
      'been made; reads as of earlier keep it, and history keeps both. The office only. Only the latest amendment in effect may be ' +
      'withdrawn (409 otherwise: withdraw the later ones first); one not in effect is 404.',
    tag: 'plan-amendment',
    params: WithdrawalParams,
    body: Withdrawal,
    responses: {
      200: {
        description: "What was withdrawn, the plan's rules and the amendments in effect after it, and the event's store position.",
        schema: WithdrawalResult,
      },
    },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawAmendment({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        revision: params.revision,
        reason: body.reason,
      }),
    }),
  });
}

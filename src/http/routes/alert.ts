// Deadlines and lights (临近提醒, 到期催办) and a unit's record:
//   GET  /plans/{planId}/alerts?unit=&light=        everything yellow or red at validAt, per unit
//   POST /plans/{planId}/alerts/{alertId}/reminder  the office chased it (催办)
//   GET  /plans/{planId}/units/{unitId}             the unit's record: tasks, handling plan, alerts, reminders
import { z } from 'zod';
import { AlertList, ReminderResult } from '../../app/alert/alert-views.ts';
import type { Application } from '../../app/application.ts';
import { UnitRecord } from '../../app/unit/unit-record.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import { MultilineText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");

const AlertParams = z.strictObject({
  planId: PlanId,
  alertId: z
    .string()
    .max(128)
    .describe(
      "The alert's id: handling-plan:{unitId}, monthly-report:{YYYY-MM}:{taskCode}:{unitId}, task:{taskCode}:{unitId} or action-item:{itemId}, e.g. monthly-report:2023-05:4.2:jxj.",
    ),
});

export const ReminderRequest = z
  .strictObject({
    note: MultilineText.describe('What the office asked for (催办意见), at most 2000 characters: a reminder always says what it asks.'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe(
        "When the office chased it, if earlier than now: not in the future, not before the plan took effect, not before the unit's latest reminder (409). The item must be yellow or red then (409 otherwise).",
      ),
  })
  .meta({
    id: 'ReminderRequest',
    description: "Records that the office chased (催办) something a unit owes; the unit's record and the alert show it.",
    examples: [{ note: '请于4月7日前报送具体办理工作方案', effectiveAt: '2023-04-04T09:30:00+08:00' }],
  });

export function alertRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/alerts',
    operationId: 'listAlerts',
    access: { kind: 'read-plan' },
    summary: 'What is yellow or red (临近提醒, 到期催办), per unit',
    description:
      "Everything the plan's units owe that is yellow (due within the plan's yellowLightDays, default 3; working days when the plan has a working-day calendar) " +
      "or red (overdue and not done) at `validAt`, as recorded by `asOf`: handling plans (by handlingPlanDeadline), each month's progress report of a lead unit " +
      '(due on monthlyReportDueDay of the next month, for the months of the implementation period) and each task (its deadline, else the end of the ' +
      "implementation period). Each with what is owed, since when its light stands, by whom, and the office's reminders. `unit` (a unit or group) and " +
      '`light` narrow it.',
    tag: 'alert',
    params: z.strictObject({ planId: PlanId }),
    query: z.strictObject({
      unit: UnitId.optional().describe('Only what this unit owes (a group: its members).'),
      light: z.enum(['yellow', 'red']).optional().describe('Only yellow or only red.'),
      ...readQuery,
    }),
    responses: { 200: { description: 'The alerts per unit.', schema: AlertList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listAlerts(params.planId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/alerts/{alertId}/reminder',
    operationId: 'sendReminder',
    access: { kind: 'write-office' },
    summary: 'Record that the office chased an alert (催办)',
    description:
      "Appends ReminderSent to the unit's reminders stream. The office only. The alert must name something a unit owes (404 otherwise) and be yellow or " +
      "red at the reminder's effectiveAt (409 alert-not-due otherwise). The unit's record (GET /plans/{planId}/units/{unitId}) and the alert show it.",
    tag: 'alert',
    params: AlertParams,
    body: ReminderRequest,
    responses: { 201: { description: "The reminder, the alert as it stood then, and the event's store position.", schema: ReminderResult } },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      status: 201,
      body: await app.sendReminder({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        alertId: params.alertId,
        note: body.note,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/units/{unitId}',
    operationId: 'getUnitRecord',
    access: { kind: 'read-plan' },
    summary: "A unit's record (单位台账): its tasks with their lights, its handling plan, its alerts and the office's reminders",
    description: 'At `validAt` as recorded by `asOf`. A unit the plan does not name (or a group) is 404.',
    tag: 'alert',
    params: z.strictObject({ planId: PlanId, unitId: UnitId.describe('The unit, e.g. jxj.') }),
    query: z.strictObject(readQuery),
    responses: { 200: { description: "The unit's record.", schema: UnitRecord } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getUnitRecord(params.planId, params.unitId, query) }),
  });
}

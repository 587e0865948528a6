// Action items (督办事项), assigned by a meeting's decisions or an inspection's findings:
//   POST /plans/{planId}/action-items/{itemId}/closure             close (办结): the assigned unit or the office
//   POST /plans/{planId}/action-items/{itemId}/extension           extend its due date (延期): the office
//   GET  /plans/{planId}/action-items[/{itemId}]                   ?unit=&status=&overdue=, with lights
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { actionItemReadingExample } from '../../app/meeting/meeting-examples.ts';
import { ActionItemList, ActionItemView } from '../../app/meeting/meeting-views.ts';
import { ReadingFields } from '../../app/views.ts';
import { PlanDate, UnitId } from '../../domain/plan.ts';
import { MultilineText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';
import { actorOf, EffectiveAt, eff, Id, PlanId, PlanParams, Position, READ_PROBLEMS, WRITE_PROBLEMS } from './supervision-fields.ts';

const ItemParams = z.strictObject({ planId: PlanId, itemId: Id('action item') });

const ClosureRequest = z
  .strictObject({
    resolution: MultilineText.describe('How it was done (办结情况).'),
    effectiveAt: EffectiveAt("When it was closed; a unit back-dates at most the plan's maxBackdateDays; not before the item's latest change (409)"),
  })
  .meta({
    id: 'ActionItemClosureRequest',
    description: 'Closes (办结) an action item: the unit it is assigned to, or the office.',
    examples: [{ resolution: '已印发专精特新企业梯度培育方案（武经信〔2023〕60号）' }],
  });

const ExtensionRequest = z
  .strictObject({
    dueDate: PlanDate.describe('The new due date: later than the current one.'),
    reason: MultilineText.describe('Why it is extended (延期理由).'),
    effectiveAt: EffectiveAt("When the extension was granted; not before the item's latest change (409)"),
  })
  .meta({
    id: 'ActionItemExtensionRequest',
    description: "Extends (延期) an action item's due date (the office); the old one stays in its history.",
    examples: [{ dueDate: '2023-07-31', reason: '需待省级政策出台后衔接' }],
  });

const ActionItemResult = z.object({ item: ActionItemView, globalPosition: Position }).meta({ id: 'ActionItemResult' });

export function actionItemRoutes(api: Api, app: Application) {
  api.route({
    method: 'post',
    path: '/plans/{planId}/action-items/{itemId}/closure',
    operationId: 'closeActionItem',
    access: { kind: 'write-action-item-unit' },
    summary: 'Close an action item (督办事项办结)',
    description:
      'Appends ActionItemClosed on `action-item-{planId}:{itemId}`: the unit it is assigned to or the office (another unit is 403). Closed on time when by the ' +
      'end of its due date in force then. An item not open is 409 action-item-state-conflict.',
    tag: 'action-item',
    params: ItemParams,
    body: ClosureRequest,
    responses: { 200: { description: 'The item, closed.', schema: ActionItemResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.closeActionItem({ ...actorOf(principal), planId: params.planId, itemId: params.itemId, resolution: body.resolution, ...eff(body) }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/action-items/{itemId}/extension',
    operationId: 'extendActionItem',
    access: { kind: 'write-office' },
    summary: "Extend an action item's due date (延期)",
    description: "Appends ActionItemExtended: a later due date from effectiveAt on, with a reason; the old one stays in the item's history. The office only.",
    tag: 'action-item',
    params: ItemParams,
    body: ExtensionRequest,
    responses: { 200: { description: 'The item with its new due date.', schema: ActionItemResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.extendActionItem({
        ...actorOf(principal),
        planId: params.planId,
        itemId: params.itemId,
        dueDate: body.dueDate,
        reason: body.reason,
        ...eff(body),
      }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/action-items',
    operationId: 'listActionItems',
    access: { kind: 'read-plan' },
    summary: "The plan's action items (督办事项), with their lights",
    description:
      'Every action item assigned by `validAt`, as recorded by `asOf`: source, unit, due date (as extended by then) and history, status, resolution, on time or late, ' +
      'light. `status` open or closed (withdrawn ones only with status=withdrawn), `unit`, and `overdue=true` (red) or false narrow it.',
    tag: 'action-item',
    params: PlanParams,
    query: z.strictObject({
      unit: UnitId.optional().describe('Only the items assigned to this unit.'),
      status: z.enum(['open', 'closed', 'withdrawn']).optional(),
      overdue: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional()
        .describe('true: only the red ones (open and past due); false: the others.'),
      ...readQuery,
    }),
    responses: { 200: { description: 'The action items.', schema: ActionItemList } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.listActionItems(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/action-items/{itemId}',
    operationId: 'getActionItem',
    access: { kind: 'read-plan' },
    summary: 'An action item (督办事项) at any date',
    tag: 'action-item',
    params: ItemParams,
    query: z.strictObject(readQuery),
    responses: {
      200: {
        description: 'The item at `validAt`.',
        schema: ActionItemView.extend(ReadingFields).meta({ id: 'ActionItemReading', examples: [actionItemReadingExample] }),
      },
    },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.getActionItem(params.planId, params.itemId, query) }),
  });
}

// Inspections (检查, 督办, 视察), the office's record of them, and the action items their findings raise:
//   POST /plans/{planId}/inspections                               record an inspection (the office)
//   POST /plans/{planId}/inspections/{inspectionId}/withdrawal     withdraw it (撤回), with its items
//   GET  /plans/{planId}/inspections[/{inspectionId}]
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { inspectionReadingExample, inspectionWithdrawalExample } from '../../app/meeting/meeting-examples.ts';
import { ActionItemView, InspectionList, InspectionView } from '../../app/meeting/meeting-views.ts';
import { ReadingFields } from '../../app/views.ts';
import { ActionItemRequest } from '../../domain/action-item.ts';
import { InspectionKind, InspectorRole } from '../../domain/inspection.ts';
import { UnitId } from '../../domain/plan.ts';
import { IdString, MAX_LISTED, MultilineText, Name, ShownText, Text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';
import { actorOf, EffectiveAt, eff, Id, PlanId, PlanParams, Position, READ_PROBLEMS, ReasonRequest, TaskCode, WRITE_PROBLEMS } from './supervision-fields.ts';

const InspectionParams = z.strictObject({ planId: PlanId, inspectionId: Id('inspection') });

const InspectionWithdrawalRequest = ReasonRequest(
  'InspectionWithdrawalRequest',
  'Withdraws (撤回) a mistaken inspection record, with the action items its findings raised.',
  '误录：重复录入的督办记录',
);

const InspectionRequest = z
  .strictObject({
    kind: InspectionKind,
    title: Text.optional().describe('A title; by default the kind and the date.'),
    who: z
      .array(z.strictObject({ name: Name, title: Text, role: InspectorRole }))
      .min(1)
      .max(100)
      .describe('Who inspected or visited.'),
    tasks: z.array(TaskCode).max(100).default([]).describe('The tasks looked at.'),
    units: z.array(UnitId).max(100).default([]).describe('The units visited (a group too).'),
    findings: z
      .array(
        z.strictObject({
          text: MultilineText.describe('What was found (督查发现).'),
          taskCodes: z.array(TaskCode).max(50).optional(),
          actionItems: z.array(ActionItemRequest).max(50).optional().describe('Action items the finding raises.'),
        }),
      )
      .max(100)
      .default([]),
    effectiveAt: EffectiveAt('When it took place'),
  })
  .meta({
    id: 'InspectionRequest',
    description: 'Records an inspection, supervision visit or visit (检查, 督办, 视察), the office only.',
    examples: [
      {
        kind: 'visit',
        title: '市政协视察科技创新供应链建设',
        who: [{ name: '李四', title: '市政协副主席', role: 'cppcc_member' }],
        tasks: ['4.2'],
        units: ['jxj'],
        findings: [
          { text: '专精特新企业培育进度偏慢', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2023-08-31', text: '加快推进专精特新企业认定' }] },
        ],
        effectiveAt: '2023-07-20T15:00:00+08:00',
      },
    ],
  });

const InspectionResult = z
  .object({ inspectionId: IdString, inspection: InspectionView, actionItems: z.array(ActionItemView).max(MAX_LISTED), globalPosition: Position })
  .meta({ id: 'InspectionResult' });
const InspectionWithdrawalResult = z
  .object({ inspection: InspectionView, withdrawnActionItems: z.array(ShownText).max(MAX_LISTED), globalPosition: Position })
  .meta({ id: 'InspectionWithdrawalResult', examples: [inspectionWithdrawalExample] });

export function inspectionRoutes(api: Api, app: Application) {
  api.route({
    method: 'post',
    path: '/plans/{planId}/inspections',
    operationId: 'recordInspection',
    access: { kind: 'write-office' },
    summary: 'Record an inspection or supervision visit (检查, 督办, 视察)',
    description:
      'Appends InspectionRecorded on `inspection-{planId}:{inspectionId}`; when is its effectiveAt. A finding may raise action items (ids made by the server). The office only.',
    tag: 'inspection',
    params: PlanParams,
    body: InspectionRequest,
    responses: { 201: { description: "The inspection, its id, the items it raised, and the event's store position.", schema: InspectionResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      status: 201,
      body: await app.recordInspection({
        ...actorOf(principal),
        planId: params.planId,
        kind: body.kind,
        ...(body.title !== undefined ? { title: body.title } : {}),
        who: body.who,
        tasks: body.tasks,
        units: body.units,
        findings: body.findings.map((f) => ({
          text: f.text,
          ...(f.taskCodes ? { taskCodes: f.taskCodes } : {}),
          ...(f.actionItems ? { actionItems: f.actionItems } : {}),
        })),
        ...eff(body),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/inspections/{inspectionId}/withdrawal',
    operationId: 'withdrawInspection',
    access: { kind: 'write-office' },
    summary: 'Withdraw a mistaken inspection record (撤回)',
    description: 'Appends InspectionWithdrawn; the action items its findings raised owe nothing from then on. Not before their latest change (409).',
    tag: 'inspection',
    params: InspectionParams,
    body: InspectionWithdrawalRequest,
    responses: { 200: { description: 'The inspection, withdrawn.', schema: InspectionWithdrawalResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawInspection({
        ...actorOf(principal),
        planId: params.planId,
        inspectionId: params.inspectionId,
        reason: body.reason,
        ...eff(body),
      }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/inspections',
    operationId: 'listInspections',
    access: { kind: 'read-plan' },
    summary: "The plan's inspections and visits (检查, 督办, 视察)",
    tag: 'inspection',
    params: PlanParams,
    query: z.strictObject({ kind: InspectionKind.optional(), ...readQuery }),
    responses: { 200: { description: 'The inspections by date.', schema: InspectionList } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.listInspections(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/inspections/{inspectionId}',
    operationId: 'getInspection',
    access: { kind: 'read-plan' },
    summary: 'An inspection: who, when, tasks, units, findings and their action items',
    tag: 'inspection',
    params: InspectionParams,
    query: z.strictObject(readQuery),
    responses: {
      200: {
        description: 'The inspection at `validAt`.',
        schema: InspectionView.extend(ReadingFields).meta({ id: 'InspectionReading', examples: [inspectionReadingExample] }),
      },
    },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.getInspection(params.planId, params.inspectionId, query) }),
  });
}

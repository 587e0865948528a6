// /plans/{planId}/handling-plans and /plans/{planId}/units/{unitId}/handling-plan: each unit's own
// handling plan (具体办理工作方案), its submission, and the office's filing (备案) or return (退回);
// a submission awaiting the office withdrawn (撤回) by the unit or the office.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { HandlingPlanList, HandlingPlanReading, HandlingPlanResult, HandlingPlanWithdrawalResult } from '../../app/handling-plan/handling-plan.ts';
import { HandlingPlanMeasure } from '../../domain/events.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import { DocumentNumber, MultilineText, Text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
const PlanParams = z.strictObject({ planId: PlanId });
const UnitParams = z.strictObject({ planId: PlanId, unitId: UnitId.describe('The unit (not a group) whose handling plan it is, e.g. jxj.') });

const EffectiveAt = z.iso
  .datetime({ offset: true })
  .max(35, schemaMessage('text-too-long', { max: 35 }))
  .optional()
  .describe(
    "When it really happened, if earlier than now: not in the future, not before the plan took effect, not before the unit's handling plan's latest change; a unit token may back-date by at most the plan's maxBackdateDays (default 2), the office further.",
  );

export const HandlingPlanSubmission = z
  .strictObject({
    title: Text.describe("The handling plan's title."),
    summary: MultilineText.describe('What the plan sets out, in brief.'),
    measures: z.array(HandlingPlanMeasure).min(1).max(100).describe('Measures, each for a task the unit leads or shares.'),
    documentNumber: DocumentNumber.optional().describe("The plan's document number (文号), e.g. 武经信〔2023〕15号."),
    effectiveAt: EffectiveAt,
  })
  .meta({
    id: 'HandlingPlanSubmission',
    description:
      "A unit's own handling plan (具体办理工作方案), submitted for filing (报送备案); a revision or a resubmission after a return replaces the previous one.",
    examples: [
      {
        title: '市经信局落实1号建议案具体办理工作方案',
        summary: '围绕科技型企业培育，明确责任处室、工作措施和时间节点。',
        measures: [{ taskCode: '4.2', text: '制定专项扶持政策，培育科技型中小企业' }],
        documentNumber: '武经信〔2023〕15号',
        effectiveAt: '2023-03-29T10:00:00+08:00',
      },
    ],
  });

export const HandlingPlanFiling = z
  .strictObject({
    outcome: z.enum(['filed', 'returned']).describe('filed 备案, or returned 退回 for the unit to resubmit.'),
    reason: MultilineText.optional().describe('Why it is returned (required then); a note when filed.'),
    effectiveAt: EffectiveAt,
  })
  .meta({
    id: 'HandlingPlanFiling',
    description: "The office's decision on a submitted handling plan: file it (备案) or return it (退回) with a reason.",
    examples: [{ outcome: 'returned', reason: '工作措施未明确时间节点，请补充后重新报送', effectiveAt: '2023-03-30T15:00:00+08:00' }],
  });

export const HandlingPlanWithdrawal = z
  .strictObject({
    reason: MultilineText.describe('Why the submission is withdrawn (at most 2000 characters).'),
    effectiveAt: EffectiveAt,
  })
  .meta({
    id: 'HandlingPlanWithdrawalRequest',
    description:
      "Withdraws (撤回) the unit's latest submission while it awaits the office (not yet filed or returned): the unit itself or the office. " +
      'History keeps both; from then on views show the previous submission as current, or not submitted.',
    examples: [{ reason: '误报：报送了未经审定的初稿，撤回后重新报送' }],
  });

export function handlingPlanRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/handling-plans',
    operationId: 'listHandlingPlans',
    access: { kind: 'read-plan' },
    summary: "List every unit's handling plan (具体办理工作方案): submitted, returned, filed, on time or late",
    description:
      "Every unit that owes a handling plan (lead and responsible units of the plan's tasks, groups expanded to their members), with " +
      "where its plan stands at `validAt` as recorded by `asOf`, and whether it was submitted on time against the plan's " +
      "handlingPlanDeadline (end of that day in the plan's time zone), judged by the first submission.",
    tag: 'handling-plan',
    params: PlanParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: "Every unit's handling plan.", schema: HandlingPlanList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listHandlingPlans(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/units/{unitId}/handling-plan',
    operationId: 'getHandlingPlan',
    access: { kind: 'read-plan' },
    summary: "Get one unit's handling plan with its history",
    description: 'The latest submission, where it stands, and every submission, return and filing, at `validAt` as recorded by `asOf`.',
    tag: 'handling-plan',
    params: UnitParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: "The unit's handling plan.", schema: HandlingPlanReading } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getHandlingPlan(params.planId, params.unitId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/units/{unitId}/handling-plan',
    operationId: 'submitHandlingPlan',
    access: { kind: 'write-own-unit' },
    summary: "Submit a unit's handling plan for filing (报送备案)",
    description:
      "Appends HandlingPlanSubmitted to the unit's stream. The unit itself (a unit token for this unitId) or the office. Allowed " +
      'when not yet submitted, after a return, or as a revision before the office decides; a filed plan is 409. Each measure names ' +
      'a task the unit leads or shares (422 otherwise).',
    tag: 'handling-plan',
    params: UnitParams,
    body: HandlingPlanSubmission,
    responses: { 200: { description: "The unit's handling plan after the submission, and the event's store position.", schema: HandlingPlanResult } },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.submitHandlingPlan({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        unitId: params.unitId,
        title: body.title,
        summary: body.summary,
        measures: body.measures,
        ...(body.documentNumber !== undefined ? { documentNumber: body.documentNumber } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/units/{unitId}/handling-plan/filing',
    operationId: 'fileHandlingPlan',
    access: { kind: 'write-office' },
    summary: "File (备案) or return (退回) a unit's submitted handling plan",
    description:
      "Appends HandlingPlanFiled to the unit's stream. The office only. Only a submitted plan is filed or returned (409 otherwise); " +
      'a return needs a reason (422).',
    tag: 'handling-plan',
    params: UnitParams,
    body: HandlingPlanFiling,
    responses: { 200: { description: "The unit's handling plan after the decision, and the event's store position.", schema: HandlingPlanResult } },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.fileHandlingPlan({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        unitId: params.unitId,
        outcome: body.outcome,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/units/{unitId}/handling-plan/withdrawal',
    operationId: 'withdrawHandlingPlan',
    access: { kind: 'write-own-unit' },
    summary: "Withdraw a unit's latest handling-plan submission (撤回)",
    description:
      "Appends HandlingPlanWithdrawn to the unit's stream, with the reason. The unit itself (a unit token for this unitId) or the office. " +
      'Only a submission that is not yet filed (备案) and awaits the office (status submitted) is withdrawn: a filed or returned plan, or none, is 409. ' +
      "History keeps both; from the withdrawal's effectiveAt on, views show the previous submission as current with the status it had, or " +
      'not submitted when none is left, and firstSubmittedAt and on time / late are judged by what is left. A withdrawal back-dated before the ' +
      "unit's handling plan's latest change is 409.",
    tag: 'handling-plan',
    params: UnitParams,
    body: HandlingPlanWithdrawal,
    responses: {
      200: {
        description: "The submission withdrawn, the unit's handling plan after it, and the event's store position.",
        schema: HandlingPlanWithdrawalResult,
      },
    },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawHandlingPlan({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        unitId: params.unitId,
        reason: body.reason,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });
}

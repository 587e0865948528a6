// /plans/{planId}/annual-summaries and /plans/{planId}/units/{unitId}/annual-summary: each unit's
// annual summary (年度总结), its submission (a resubmission replaces the current one) and its
// withdrawal (撤回) by the unit itself or the office.
import { z } from 'zod';
import { AnnualSummaryList, AnnualSummaryReading, AnnualSummaryResult, AnnualSummaryWithdrawalResult } from '../../app/annual-summary/annual-summary.ts';
import type { Application } from '../../app/application.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import { DocumentNumber, Link, LongText, MultilineText, Text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
const PlanParams = z.strictObject({ planId: PlanId });
const UnitParams = z.strictObject({ planId: PlanId, unitId: UnitId.describe('The unit (not a group) whose annual summary it is, e.g. jxj.') });

const Year = z
  .number()
  .int()
  .min(1900)
  .max(2999)
  .describe("The year summed up, e.g. 2023: not before the plan's issue year, not after the year the write takes effect.");
const YearQuery = z.coerce
  .number()
  .int()
  .min(1900)
  .max(2999)
  .optional()
  .describe("The year summed up; default the year of the plan's annualSummaryDeadline, else the year of validAt in the plan's time zone.");

const EffectiveAt = z.iso
  .datetime({ offset: true })
  .max(35, schemaMessage('text-too-long', { max: 35 }))
  .optional()
  .describe(
    "When it really happened, if earlier than now: not in the future, not before the plan took effect, not before the unit's latest annual-summary change; a unit token may back-date by at most the plan's maxBackdateDays (default 2), the office further.",
  );

export const AnnualSummarySubmission = z
  .strictObject({
    year: Year,
    title: Text.describe("The summary's title."),
    text: LongText.describe('The summary itself (at most 10 000 characters, line breaks allowed).'),
    documentNumber: DocumentNumber.optional().describe('Its document number (文号), e.g. 武经信〔2023〕88号.'),
    attachments: z.array(Link).max(20).optional().describe('References to attached documents: http(s) URLs or document numbers, at most 20.'),
    effectiveAt: EffectiveAt,
  })
  .meta({
    id: 'AnnualSummarySubmission',
    description: "A unit's annual summary (年度总结) of a year; a later one of the same year replaces it (history keeps both).",
    examples: [
      {
        year: 2023,
        title: '市经信局2023年度1号建议案办理工作总结',
        text: '全年培育科技型中小企业1200家，出台专项扶持政策3项，完成年度目标。',
        documentNumber: '武经信〔2023〕88号',
        attachments: ['https://jxj.wuhan.gov.cn/zfxxgk/2023/summary.pdf'],
        effectiveAt: '2023-12-20T10:00:00+08:00',
      },
    ],
  });

export const AnnualSummaryWithdrawal = z
  .strictObject({
    year: Year,
    reason: MultilineText.describe('Why the summary is withdrawn (at most 2000 characters).'),
    effectiveAt: EffectiveAt,
  })
  .meta({
    id: 'AnnualSummaryWithdrawalRequest',
    description: "Withdraws (撤回) the unit's current summary of the year: the one it replaced, if any, stands again; history keeps both.",
    examples: [{ year: 2023, reason: '误报：报送了未经审定的初稿，撤回后重新报送' }],
  });

export function annualSummaryRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/annual-summaries',
    operationId: 'listAnnualSummaries',
    access: { kind: 'read-plan' },
    summary: "List every unit's annual summary (年度总结) of a year: submitted or not, on time or late",
    description:
      'Every unit that owes an annual summary (those that owe a handling plan: lead and responsible units, groups expanded), with where its summary of ' +
      "`year` stands at `validAt` as recorded by `asOf`, and whether it came on time against the plan's annualSummaryDeadline (end of that day in the " +
      "plan's time zone) when the deadline falls in that year, judged by the first summary still standing.",
    tag: 'annual-summary',
    params: PlanParams,
    query: z.strictObject({ year: YearQuery, ...readQuery }),
    responses: { 200: { description: "Every unit's annual summary of the year.", schema: AnnualSummaryList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listAnnualSummaries(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/units/{unitId}/annual-summary',
    operationId: 'getAnnualSummary',
    access: { kind: 'read-plan' },
    summary: "Get one unit's annual summary of a year, with its history",
    description: 'The current summary, whether it came on time, and every submission and withdrawal, at `validAt` as recorded by `asOf`.',
    tag: 'annual-summary',
    params: UnitParams,
    query: z.strictObject({ year: YearQuery, ...readQuery }),
    responses: { 200: { description: "The unit's annual summary.", schema: AnnualSummaryReading } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getAnnualSummary(params.planId, params.unitId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/units/{unitId}/annual-summary',
    operationId: 'submitAnnualSummary',
    access: { kind: 'write-own-unit' },
    summary: "Submit a unit's annual summary (报送年度总结)",
    description:
      "Appends AnnualSummarySubmitted to the unit's annual-summary stream. The unit itself (a unit token for this unitId) or the office. A later " +
      'summary of the same year replaces the current one, which stays in history. The unit must owe one (404 otherwise); the year may not be before ' +
      "the plan's issue year nor after the year the summary takes effect (422).",
    tag: 'annual-summary',
    params: UnitParams,
    body: AnnualSummarySubmission,
    responses: { 200: { description: "The unit's annual summary after the submission, and the event's store position.", schema: AnnualSummaryResult } },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.submitAnnualSummary({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        unitId: params.unitId,
        year: body.year,
        title: body.title,
        text: body.text,
        ...(body.documentNumber !== undefined ? { documentNumber: body.documentNumber } : {}),
        ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/units/{unitId}/annual-summary/withdrawal',
    operationId: 'withdrawAnnualSummary',
    access: { kind: 'write-own-unit' },
    summary: "Withdraw a unit's current annual summary of a year (撤回)",
    description:
      "Appends AnnualSummaryWithdrawn to the unit's annual-summary stream, with the reason. The unit itself or the office. From its effectiveAt on, " +
      'the summary it replaced (if any) is current again, or the unit has not submitted; on time / late is judged by what is left. None standing ' +
      "for the year is 409; a withdrawal back-dated before the unit's latest annual-summary change is 409.",
    tag: 'annual-summary',
    params: UnitParams,
    body: AnnualSummaryWithdrawal,
    responses: {
      200: { description: "The summary withdrawn, the unit's annual summary after it, and the event's store position.", schema: AnnualSummaryWithdrawalResult },
    },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawAnnualSummary({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        unitId: params.unitId,
        year: body.year,
        reason: body.reason,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });
}

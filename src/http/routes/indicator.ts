// /plans/{planId}/indicators: values reported against each indicator's target, their corrections and
// withdrawals (撤回), and where each indicator stands.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { IndicatorList, IndicatorReading, IndicatorWriteResult } from '../../app/indicator/indicator-views.ts';
import { IndicatorAmount } from '../../domain/indicator-value.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { MultilineText, Text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const planId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
const indicatorId = z.string().max(24).describe("The indicator's id, {taskCode}-{n}, e.g. 3.3-1.");
const IndicatorParams = z.strictObject({ planId, indicatorId });
const ValueParams = z.strictObject({ planId, indicatorId, valueId: z.string().max(64).describe("The value's id, as the report answered.") });

const EffectiveAt = z.iso
  .datetime({ offset: true })
  .max(35, schemaMessage('text-too-long', { max: 35 }))
  .optional()
  .describe(
    'When it took effect (valid time), if earlier than now: not in the future, not before the plan took effect, ' +
      "not before the indicator's latest value (409), and for a unit token at most the plan's maxBackdateDays (default 2) back.",
  );

export const IndicatorValueReport = z
  .strictObject({
    value: IndicatorAmount.describe("The value, in the target's unit, as an exact decimal string."),
    unit: z.string().max(20).optional().describe("The unit of measure; if given, it must be the target's (e.g. 亿元)."),
    effectiveAt: EffectiveAt,
    asOfDate: z.iso
      .date()
      .max(10, schemaMessage('text-too-long', { max: 10 }))
      .optional()
      .describe("The date the value refers to (YYYY-MM-DD, the end of that day in the plan's time zone; today means now), instead of effectiveAt."),
    source: Text.optional().describe('Where the figure comes from (at most 500 characters).'),
    note: MultilineText.optional().describe('A remark (at most 2000 characters, line breaks allowed).'),
  })
  .meta({
    id: 'IndicatorValueReport',
    description: 'A value reported for an indicator.',
    examples: [{ value: '150', unit: '亿元', asOfDate: '2023-06-30', source: '武汉基金季度统计', note: '截至二季度末' }],
  });

export const IndicatorValueCorrection = z
  .strictObject({
    value: IndicatorAmount.describe("The corrected value, in the target's unit."),
    reason: MultilineText.describe('Why the value is corrected (at most 2000 characters).'),
    effectiveAt: EffectiveAt.describe('When the correction took effect, if earlier than now: not before the value it corrects.'),
    asOfDate: z.iso
      .date()
      .max(10, schemaMessage('text-too-long', { max: 10 }))
      .optional()
      .describe("The same as a date in the plan's time zone, instead of effectiveAt."),
  })
  .meta({
    id: 'IndicatorValueCorrection',
    description: 'A correction of a reported value; the old value stays in history.',
    examples: [{ value: '160', reason: '统计口径更正：补入二季度末到位资金' }],
  });

export const IndicatorValueWithdrawal = z
  .strictObject({
    reason: MultilineText.describe('Why the value is withdrawn (at most 2000 characters).'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe(
        "When the withdrawal takes effect, if earlier than now: not in the future, not before the date the value refers to; a unit token at most the plan's maxBackdateDays (default 2) back.",
      ),
  })
  .meta({
    id: 'IndicatorValueWithdrawalRequest',
    description: 'Withdraws (撤回) a mistaken value with its corrections. History keeps both; views from then on leave the value out.',
    examples: [{ reason: '误报：数值填报有误，撤回后重新报送' }],
  });

const WRITE_RULES =
  'The office may report for any indicator; a unit only for the indicators of tasks it leads (牵头) or is responsible for (责任), directly or through a group such as 各区人民政府. ' +
  "A value may not take effect before the indicator's latest value (409, valid-time-conflict): late values are recorded in the order of the dates they refer to.";

export function indicatorRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/indicators',
    operationId: 'listIndicators',
    access: { kind: 'read-plan' },
    summary: "List a plan's indicators with their latest values",
    tag: 'indicator',
    params: z.strictObject({ planId }),
    query: z.strictObject(readQuery),
    responses: { 200: { description: "The indicators at `validAt` as recorded by `asOf`, in the plan's order.", schema: IndicatorList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listIndicators(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/indicators/{indicatorId}',
    operationId: 'getIndicator',
    access: { kind: 'read-plan' },
    summary: 'Get an indicator: latest value, percent of target, on track, series',
    description:
      'percentOfTarget is exact decimal arithmetic rounded half-up to two places. onTrack compares it with the share of the implementation period ' +
      "(the first phase's start to the last phase's end, in plan dates) elapsed at validAt. Corrections recorded by asOf apply to the values they correct.",
    tag: 'indicator',
    params: IndicatorParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The indicator at `validAt` as recorded by `asOf`.', schema: IndicatorReading } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.getIndicator(params.planId, params.indicatorId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/indicators/{indicatorId}/values',
    operationId: 'reportIndicatorValue',
    access: { kind: 'write-task-member' },
    summary: 'Report a value for an indicator',
    description: `Appends an IndicatorValueReported event; the server makes the value's id. ${WRITE_RULES}`,
    tag: 'indicator',
    params: IndicatorParams,
    body: IndicatorValueReport,
    responses: {
      201: {
        description: "The indicator after the report, the new value's id and the event's store position.",
        schema: IndicatorWriteResult,
        headers: { Location: { description: 'The indicator.', schema: { type: 'string' as const, format: 'uri-reference', maxLength: 2048 } } },
      },
    },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => {
      const result = await app.reportIndicatorValue({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        indicatorId: params.indicatorId,
        value: body.value,
        ...(body.unit !== undefined ? { unit: body.unit } : {}),
        ...(body.effectiveAt !== undefined ? { effectiveAt: body.effectiveAt } : {}),
        ...(body.asOfDate !== undefined ? { asOfDate: body.asOfDate } : {}),
        ...(body.source !== undefined ? { source: body.source } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
      });
      return {
        status: 201,
        body: result,
        headers: { location: `/plans/${encodeURIComponent(params.planId)}/indicators/${encodeURIComponent(params.indicatorId)}` },
      };
    },
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/indicators/{indicatorId}/values/{valueId}/correction',
    operationId: 'correctIndicatorValue',
    access: { kind: 'write-task-member' },
    summary: 'Correct a reported value',
    description: `Appends an IndicatorValueCorrected event; the old value stays in the value's corrections and in the audit trail. A unit corrects only the values it reported (another unit's value is 403), the office any. ${WRITE_RULES}`,
    tag: 'indicator',
    params: ValueParams,
    body: IndicatorValueCorrection,
    responses: { 200: { description: "The indicator after the correction, and the event's store position.", schema: IndicatorWriteResult } },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.correctIndicatorValue({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        indicatorId: params.indicatorId,
        valueId: params.valueId,
        value: body.value,
        reason: body.reason,
        ...(body.effectiveAt !== undefined ? { effectiveAt: body.effectiveAt } : {}),
        ...(body.asOfDate !== undefined ? { asOfDate: body.asOfDate } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/indicators/{indicatorId}/values/{valueId}/withdrawal',
    operationId: 'withdrawIndicatorValue',
    access: { kind: 'write-task-member' },
    summary: 'Withdraw a mistaken value (撤回)',
    description:
      "Appends an IndicatorValueWithdrawn event with the reason. The unit that reported the value (another unit's value is 403), or the office. History keeps both: " +
      "from the withdrawal's effectiveAt on, the value and its corrections leave the series, latest and percentOfTarget and are listed under " +
      '`withdrawn`; a read at an earlier validAt still shows the value. An unknown value is 404; one already withdrawn is 422.',
    tag: 'indicator',
    params: ValueParams,
    body: IndicatorValueWithdrawal,
    responses: {
      200: { description: "The indicator after the withdrawal, the value withdrawn, and the event's store position.", schema: IndicatorWriteResult },
    },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawIndicatorValue({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        indicatorId: params.indicatorId,
        valueId: params.valueId,
        reason: body.reason,
        ...(body.effectiveAt !== undefined ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });
}

// Progress reports (信息报送) and the monthly dispatch (月调度):
//   POST /plans/{planId}/tasks/{code}/progress          a unit's report on a task for a month
//   POST /plans/{planId}/tasks/{code}/progress/{reportId}/withdrawal   a mistaken report withdrawn (撤回)
//   GET  /plans/{planId}/reports/monthly/{period}        every task's status and reports for the month; ?format=csv
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { dispatchCsv } from '../../app/progress/dispatch-csv.ts';
import { MonthlyDispatch } from '../../app/progress/monthly-dispatch.ts';
import { ProgressReportResult, WithdrawalResult } from '../../app/progress/progress.ts';
import { Period } from '../../domain/events.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import { Link, MultilineText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';

const TaskParams = z.strictObject({
  planId: z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1."),
  code: z.string().max(16).describe("The task's code, section.item, e.g. 1.1."),
});

const ReportParams = TaskParams.extend({ reportId: z.string().max(64).describe("The report's id (reportId in the report and the dispatch).") });

export const Withdrawal = z
  .strictObject({
    reason: MultilineText.describe('Why the report is withdrawn (at most 2000 characters).'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe("When the withdrawal takes effect, if earlier than now; the same rules as a report's effectiveAt."),
  })
  .meta({
    id: 'ProgressReportWithdrawalRequest',
    description: 'Withdraws (撤回) a mistaken report: its unit or the office. History keeps both; views from then on leave the report out.',
    examples: [{ reason: '误报：数据填报有误，撤回后重新报送' }],
  });

const MonthParams = z.strictObject({
  planId: z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1."),
  period: Period,
});

export const ProgressReport = z
  .strictObject({
    unitId: UnitId.describe(
      'The reporting unit: a lead or responsible unit of the task (a district for 各区). A unit token names its own unit; the office names the unit it records for.',
    ),
    period: Period,
    done: MultilineText.describe('What was done in the month (工作进展).'),
    problems: MultilineText.optional().describe('Problems met (存在问题).'),
    nextSteps: MultilineText.optional().describe('Next steps (下步计划).'),
    percentComplete: z.number().int().min(0).max(100).optional().describe('How far the task is, in percent (an integer 0–100).'),
    attachments: z.array(Link).max(20).optional().describe('References to attachments: http(s) URLs or document numbers, at most 20.'),
    effectiveAt: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .optional()
      .describe(
        "When the report was really made, if earlier than now: not in the future, not before the plan took effect or the month began; a unit may go back at most the plan's maxBackdateDays (default 2), the office further; not before the latest report on the task for the month (409).",
      ),
  })
  .meta({
    id: 'ProgressReportRequest',
    description:
      'A progress report (信息报送) on a task for a month. A second report of the same unit, task and month supersedes the first, which stays in history.',
    examples: [
      {
        unitId: 'jxj',
        period: '2023-05',
        done: '完成首批专精特新企业梯度培育名单，召开产业链推进会1次',
        problems: '部分区配套资金未到位',
        nextSteps: '6月底前完成第二批名单申报',
        percentComplete: 30,
        attachments: ['武经信〔2023〕45号'],
        effectiveAt: '2023-06-05T10:00:00+08:00',
      },
    ],
  });

export function progressRoutes(api: Api, app: Application) {
  api.route({
    method: 'post',
    path: '/plans/{planId}/tasks/{code}/progress',
    operationId: 'reportProgress',
    access: { kind: 'write-task-member' },
    summary: 'Report progress on a task for a month (信息报送)',
    description:
      "Appends a ProgressReported event on the task's progress stream (not the task's own stream: a report leaves the task's ETag alone). " +
      'Only the office or a lead or responsible unit of the task (a district via 各区) may report; a unit token reports for itself. ' +
      'A second report of the same unit, task and month supersedes the first, which stays in history.',
    tag: 'progress',
    params: TaskParams,
    body: ProgressReport,
    responses: { 200: { description: "The report as recorded, and the event's store position.", schema: ProgressReportResult } },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.reportProgress({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        code: params.code,
        unitId: body.unitId,
        period: body.period,
        done: body.done,
        ...(body.problems !== undefined ? { problems: body.problems } : {}),
        ...(body.nextSteps !== undefined ? { nextSteps: body.nextSteps } : {}),
        ...(body.percentComplete !== undefined ? { percentComplete: body.percentComplete } : {}),
        ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/tasks/{code}/progress/{reportId}/withdrawal',
    operationId: 'withdrawProgressReport',
    access: { kind: 'write-task-member' },
    summary: 'Withdraw a mistaken progress report (撤回)',
    description:
      "Appends a ProgressReportWithdrawn event with the reason. The unit that made the report (a unit token for another unit's report is 403) or the office. " +
      "History keeps both; from the withdrawal's effectiveAt on, views leave the report out, and the unit's earlier report for the month, if it had one, stands again. " +
      "An unknown report is 404; one already withdrawn is 422; a withdrawal back-dated before the month's latest report on the task is 409.",
    tag: 'progress',
    params: ReportParams,
    body: Withdrawal,
    responses: { 200: { description: 'The withdrawn report, and the report that stands again if any.', schema: WithdrawalResult } },
    problems: [400, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawReport({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        code: params.code,
        reportId: params.reportId,
        reason: body.reason,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/reports/monthly/{period}',
    operationId: 'getMonthlyDispatch',
    access: { kind: 'read-plan' },
    summary: 'The monthly dispatch (月调度) for a month',
    description:
      "Every task of the plan in its order: its status at `validAt`, each lead unit's report for the month or missing, the responsible units' reports " +
      "(a group such as 各区人民政府 once, with its members' reports and who has not reported), and the missing reports per unit. A month's report is due by " +
      "the end of the plan's monthlyReportDueDay (default 10) of the next month. `?format=csv` gives a row per task and unit as CSV (UTF-8 with BOM) for Excel.",
    tag: 'progress',
    params: MonthParams,
    query: z.strictObject({ format: z.enum(['json', 'csv']).optional().describe('json (default) or csv.'), ...readQuery }),
    responses: {
      200: {
        description: 'The dispatch at `validAt` as recorded by `asOf`.',
        schema: MonthlyDispatch,
        also: { 'text/csv': { description: 'With format=csv: a row per task and unit, UTF-8 with a BOM.' } },
      },
    },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => {
      const { format, ...reading } = query;
      const dispatch = await app.monthlyDispatch(params.planId, params.period, reading);
      if (format !== 'csv') return { body: dispatch };
      return new Response(dispatchCsv(dispatch), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="duban-${params.planId}-${params.period}.csv"`,
        },
      });
    },
  });
}

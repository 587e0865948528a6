// /plans/{planId}/evaluations: the CPPCC's satisfaction evaluation (满意度测评), per task and overall;
// its withdrawal (撤回); and the office's reopening of a task rated 不满意.
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { EvaluationList, EvaluationResult, EvaluationWithdrawalResult, ReopenResult } from '../../app/evaluation/evaluation.ts';
import { etagOf } from '../../app/task/task-commands.ts';
import { EvaluationScope, Evaluator, Rating } from '../../domain/events.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { MultilineText } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';
import { ifMatch } from './task.ts';

const PlanId = z.string().max(64).describe("The plan's id, e.g. wuhan-2023-p1.");
const EvaluationParams = z.strictObject({
  planId: PlanId,
  evaluationId: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, 'an evaluation id as given by POST …/evaluations')
    .describe("The evaluation's id (`evaluationId`)."),
});

const EffectiveAt = (what: string) =>
  z.iso
    .datetime({ offset: true })
    .max(35, schemaMessage('text-too-long', { max: 35 }))
    .optional()
    .describe(`When it really happened, if earlier than now: not in the future, not before the plan took effect, ${what}.`);

export const EvaluationRequest = z
  .strictObject({
    scope: EvaluationScope,
    rating: Rating,
    comments: MultilineText.optional().describe("The evaluators' comments (测评意见), at most 2000 characters; required for 不满意."),
    evaluator: Evaluator,
    effectiveAt: EffectiveAt(
      "not before the plan's latest evaluation change (409); a CPPCC token may back-date by at most the plan's maxBackdateDays (default 2), the office further",
    ),
  })
  .meta({
    id: 'EvaluationRequest',
    description:
      "A satisfaction evaluation (满意度测评) of a task or of the plan's handling overall; a later one of the same scope replaces it (history keeps both).",
    examples: [
      {
        scope: { kind: 'task', taskCode: '4.2' },
        rating: 'dissatisfied',
        comments: '科技型中小企业培育数量未达到年度目标，政策落地偏慢',
        evaluator: { name: '市政协提案委员会', group: '市政协领导及委员视察组' },
        effectiveAt: '2023-12-26T10:00:00+08:00',
      },
      { scope: { kind: 'overall' }, rating: 'basically_satisfied', comments: '总体推进有力，个别任务需加快', evaluator: { name: '市政协提案委员会' } },
    ],
  });

export const EvaluationWithdrawal = z
  .strictObject({
    reason: MultilineText.describe('Why the evaluation is withdrawn (at most 2000 characters).'),
    effectiveAt: EffectiveAt("not before the plan's latest evaluation change (409)"),
  })
  .meta({
    id: 'EvaluationWithdrawalRequest',
    description: "Withdraws (撤回) a scope's current evaluation: the one it replaced, if any, stands again; history keeps both.",
    examples: [{ reason: '录入错误：测评结果应为基本满意' }],
  });

export const ReopenRequest = z
  .strictObject({
    note: MultilineText.describe('What the office asks of the lead units (整改要求), quoted after the rating in the reason (at most 2000 characters).'),
    effectiveAt: EffectiveAt("not before the task's latest change (409); the evaluation must be the task's current one then, and the task completed"),
  })
  .meta({
    id: 'ReopenRequest',
    description: 'Reopens (重新办理) a task the CPPCC rated 不满意: completed → in_progress, the rating and its comments as the reason.',
    examples: [{ note: '请牵头单位针对测评意见制定整改措施，于2024年1月底前办结', effectiveAt: '2023-12-28T10:00:00+08:00' }],
  });

const ETAG_HEADER = { ETag: { description: "The task stream's event count, quoted.", schema: { type: 'string' as const, maxLength: 22 } } };

export function evaluationRoutes(api: Api, app: Application) {
  api.route({
    method: 'get',
    path: '/plans/{planId}/evaluations',
    operationId: 'listEvaluations',
    access: { kind: 'read-plan' },
    summary: 'The satisfaction evaluation (满意度测评): per task and overall, with counts per rating',
    description:
      "Each task in the plan's order and the plan's handling overall, with the current rating (满意 / 基本满意 / 不满意) and its label, the comments, " +
      "who evaluated and when, and the scope's history; counts of tasks per current rating. At `validAt` as recorded by `asOf`.",
    tag: 'evaluation',
    params: z.strictObject({ planId: PlanId }),
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The evaluation per task and overall.', schema: EvaluationList } },
    problems: [404, 422, 503],
    handler: async (_c, { params, query }) => ({ body: await app.listEvaluations(params.planId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/evaluations',
    operationId: 'evaluate',
    access: { kind: 'write-cppcc' },
    summary: 'Record a satisfaction evaluation (满意度测评) of a task or overall',
    description:
      "Appends SatisfactionEvaluated to the plan's evaluation stream. A CPPCC token, or the office recording it for the CPPCC. A later evaluation " +
      'of the same scope replaces the current one (kept in history). A task the plan does not have is 422; 不满意 needs comments (422).',
    tag: 'evaluation',
    params: z.strictObject({ planId: PlanId }),
    body: EvaluationRequest,
    responses: { 201: { description: "The evaluation, the one it replaces, and the event's store position.", schema: EvaluationResult } },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      status: 201,
      body: await app.evaluate({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        scope: body.scope,
        rating: body.rating,
        ...(body.comments !== undefined ? { comments: body.comments } : {}),
        evaluator: body.evaluator,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/evaluations/{evaluationId}/withdrawal',
    operationId: 'withdrawEvaluation',
    access: { kind: 'write-cppcc' },
    summary: "Withdraw a scope's current evaluation (撤回)",
    description:
      "Appends SatisfactionEvaluationWithdrawn to the plan's evaluation stream, with the reason. A CPPCC token or the office. Only the scope's " +
      "current evaluation is withdrawn (409 otherwise; 404 for an unknown id); the one it replaced, if any, stands again from the withdrawal's effectiveAt.",
    tag: 'evaluation',
    params: EvaluationParams,
    body: EvaluationWithdrawal,
    responses: {
      200: { description: "The evaluation withdrawn, the one that stands again, and the event's store position.", schema: EvaluationWithdrawalResult },
    },
    problems: [400, 403, 404, 409, 413, 415, 422],
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawEvaluation({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        evaluationId: params.evaluationId,
        reason: body.reason,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/evaluations/{evaluationId}/reopen',
    operationId: 'reopenTaskForEvaluation',
    access: { kind: 'write-office' },
    summary: 'Reopen a task rated 不满意 (重新办理)',
    description:
      "Appends TaskStatusChanged completed → in_progress on the task's own stream, through the task's status path (its ETag and If-Match hold): the " +
      "reason quotes the rating, who gave it and their comments, then the office's note; the event's data names the evaluation. The office only. " +
      "Refused (409) when the evaluation is not 不满意 or is the overall one, is not the task's current evaluation at the reopening's effectiveAt, " +
      'or the task is not completed then; 404 for an unknown evaluation.',
    tag: 'evaluation',
    params: EvaluationParams,
    body: ReopenRequest,
    headers: [{ name: 'If-Match', description: 'The task\'s ETag the reopening is based on, e.g. "3".' }],
    responses: {
      200: { description: "The task after the reopening, the evaluation, and the event's store position.", schema: ReopenResult, headers: ETAG_HEADER },
    },
    problems: [400, 403, 404, 409, 412, 413, 415, 422],
    handler: async (c, { params, body, principal }) => {
      const result = await app.reopenTask({
        ...(principal ? { actor: principal.actor } : {}),
        planId: params.planId,
        evaluationId: params.evaluationId,
        note: body.note,
        ...(body.effectiveAt ? { effectiveAt: body.effectiveAt } : {}),
        ...(c.req.header('if-match') !== undefined ? { ifMatch: ifMatch(c.req.header('if-match')) } : {}),
      });
      return { body: result, headers: { etag: etagOf(result.task.revision) } };
    },
  });
}

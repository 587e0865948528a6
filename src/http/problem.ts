// Problem Details (RFC 9457): the one shape every error response takes, and the mapping from the
// errors the layers below throw. Anything unmapped is a bug and answers 500.
import { z } from 'zod';
import { IdString, MAX_LISTED, ShownText } from '../domain/text.ts';
import { ConcurrencyError, DuplicateEventError } from '../store/errors.ts';
import { ReplacementNotFound, ReplacementNotLatest, SeatHolderMismatch } from '../domain/leading-group.ts';
import { IndicatorNotFound, IndicatorValueNotFound } from '../domain/indicator.ts';
import { HandlingPlanStateConflict } from '../domain/handling-plan.ts';
import { AmendmentNotFound, AmendmentNotLatest } from '../domain/plan-amendment.ts';
import { AlertNotDue, AlertNotFound } from '../domain/reminder.ts';
import { AnnualSummaryNotSubmitted } from '../domain/annual-summary.ts';
import { EvaluationNotCurrent, EvaluationNotFound, EvaluationNotReopenable } from '../domain/evaluation.ts';
import { TaskNotCompleted } from '../domain/task.ts';
import { DomainError, NotOwnRecord, PlanAlreadyAdopted, PlanNotFound, RuleViolated, TaskNotFound, TransitionRefused, UnitNotFound, ValidTimeConflict } from '../domain/errors.ts';
import { ProgressReportNotFound } from '../domain/progress.ts';
import { BulletinAlreadyPublished, BulletinNotPublished } from '../domain/bulletin.ts';
import { ActionItemNotFound, ActionItemStateConflict } from '../domain/action-item.ts';
import { InspectionNotFound, InspectionStateConflict } from '../domain/inspection.ts';
import { MeetingNotFound, MeetingStateConflict } from '../domain/meeting.ts';
import { NotYetApplied, PreconditionFailed } from '../app/errors.ts';
import { TaskStatus } from '../domain/task-status.ts';
import { inLanguage, TITLES, type Language, type Message } from './language.ts';

// A pointer or a detail may quote a name from the body (up to its 1 MiB, each ~ or / escaped to two
// characters), and a fault is raised per field, so these are the bounds that hold whatever is sent.
const QUOTING_MAX = 3 * 1024 * 1024;
const Quoting = z.string().max(QUOTING_MAX);

export const FieldError = z
  .object({
    in: z.enum(['body', 'query', 'path', 'header']).describe('Which part of the request holds the field.'),
    pointer: Quoting.describe('JSON Pointer to the field within that part, e.g. /evidence/summary.'),
    detail: Quoting,
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.output<typeof FieldError>;
/** A field at fault as the layers raise it: its detail in English, or in both languages. */
export type FieldFault = Omit<FieldError, 'detail'> & { detail: Message };

export const Problem = z
  .object({
    type: IdString.describe('A URI reference naming the kind of problem.'),
    title: ShownText,
    status: z.number().int().min(400).max(599),
    detail: Quoting.optional(),
    instance: ShownText.optional(),
    errors: z.array(FieldError).max(1024 * 1024).optional().describe('For 422: every field at fault.'),
    allowed: z.array(TaskStatus).max(MAX_LISTED).optional().describe('For a refused transition: the statuses allowed from the current one.'),
    currentEtag: IdString.optional().describe('For 412: the resource\'s current ETag.'),
    rule: IdString.optional().describe('For 403: the access rule that refused the call.'),
    eventId: IdString.optional().describe('For 409 already-applied: the id of the first event the request recorded when it first ran.'),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 Problem Details.' });
export type ProblemBody = z.output<typeof Problem>;

/** An error that knows its response, in either language. */
export class ProblemError extends Error {
  readonly detail: Message;
  constructor(
    readonly status: number,
    readonly code: string,
    detail: Message,
    readonly extra: Partial<Omit<ProblemBody, 'errors'>> & { errors?: FieldFault[] } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : detail.en);
    this.detail = detail;
  }

  /** Title, detail and field details in the caller's language; type, pointers and the rest as they are. */
  body(instance?: string, lang: Language = 'en'): ProblemBody {
    const { errors, ...extra } = this.extra;
    return {
      type: `/problems/${this.code}`,
      title: TITLES[this.status]?.[lang] ?? (lang === 'zh' ? '错误' : 'Error'),
      status: this.status,
      detail: inLanguage(this.detail, lang),
      ...(instance ? { instance } : {}),
      ...extra,
      ...(errors ? { errors: errors.map((e) => ({ ...e, detail: inLanguage(e.detail, lang) })) } : {}),
    };
  }

  toResponse(instance?: string, lang: Language = 'en'): Response {
    return new Response(JSON.stringify(this.body(instance, lang)), {
      status: this.status,
      headers: { 'content-type': 'application/problem+json', 'content-language': lang === 'zh' ? 'zh-CN' : 'en', vary: 'Accept-Language', ...this.headers },
    });
  }
}

export const invalidInput = (errors: FieldFault[]) => {
  const fields = errors.map((e) => `${e.in} ${e.pointer}`).join(', ');
  return new ProblemError(
    422,
    'validation',
    {
      en: `the request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${fields}`,
      zh: `请求中有 ${errors.length} 处无效：${fields}`,
    },
    { errors },
  );
};

/** Maps whatever a handler threw to its Problem; null when it is not an error we know (a bug). */
export function toProblem(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (error instanceof TransitionRefused) return new ProblemError(409, 'transition-refused', error.message, { allowed: [...error.allowed] as TaskStatus[] });
  if (error instanceof RuleViolated) {
    return invalidInput([{ in: error.location, pointer: `/${error.field}`, detail: error.message }]);
  }
  if (error instanceof IndicatorNotFound || error instanceof IndicatorValueNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof PlanNotFound || error instanceof TaskNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof ProgressReportNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof NotOwnRecord) return new ProblemError(403, 'forbidden', error.message, { rule: error.rule });
  if (error instanceof SeatHolderMismatch) return new ProblemError(409, error.code, error.message);
  if (error instanceof ReplacementNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof ReplacementNotLatest) return new ProblemError(409, error.code, error.message);
  if (error instanceof UnitNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof HandlingPlanStateConflict) return new ProblemError(409, error.code, error.message);
  if (error instanceof AmendmentNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof AmendmentNotLatest) return new ProblemError(409, error.code, error.message);
  if (error instanceof AlertNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof AlertNotDue) return new ProblemError(409, error.code, error.message);
  if (error instanceof AnnualSummaryNotSubmitted) return new ProblemError(409, error.code, error.message);
  if (error instanceof EvaluationNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof EvaluationNotCurrent || error instanceof EvaluationNotReopenable || error instanceof TaskNotCompleted) return new ProblemError(409, error.code, error.message);
  if (error instanceof BulletinAlreadyPublished) return new ProblemError(409, error.code, error.message);
  if (error instanceof BulletinNotPublished) return new ProblemError(404, error.code, error.message);
  if (error instanceof MeetingNotFound || error instanceof ActionItemNotFound || error instanceof InspectionNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof MeetingStateConflict || error instanceof ActionItemStateConflict || error instanceof InspectionStateConflict) return new ProblemError(409, error.code, error.message);
  if (error instanceof ValidTimeConflict) return new ProblemError(409, error.code, error.message);
  if (error instanceof NotYetApplied) return new ProblemError(503, 'not-yet-applied', error.message, {}, { 'retry-after': '1' });
  if (error instanceof PlanAlreadyAdopted) return new ProblemError(409, error.code, error.message);
  if (error instanceof PreconditionFailed) {
    return new ProblemError(412, 'precondition-failed', error.message, { currentEtag: error.currentEtag }, { etag: error.currentEtag });
  }
  if (error instanceof DuplicateEventError) {
    // Only a request run again makes an id the store holds: an Idempotency-Key's retry after its first
    // run's response was lost (src/app/request-ids.ts). The change is in; its first answer is gone.
    return new ProblemError(
      409,
      'already-applied',
      {
        en: 'this request was applied before, but its response was lost (the server stopped before sending it); read the resource for its state now',
        zh: '该请求此前已生效，但其响应因服务中断而丢失；请重新读取该资源以查看当前状态',
      },
      { eventId: error.eventId },
    );
  }
  if (error instanceof ConcurrencyError) return new ProblemError(409, 'concurrent-change', `${error.message}; read it again and retry`);
  if (error instanceof DomainError) return new ProblemError(422, error.code, error.message);
  return null;
}

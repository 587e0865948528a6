// Problem Details (RFC 9457): the one shape every error response takes, and the mapping from the
// errors the layers below throw. Anything unmapped is a bug and answers 500.
import { z } from 'zod';
import { ConcurrencyError } from '../store/errors.ts';
import { DomainError, PlanAlreadyAdopted, PlanNotFound, RuleViolated, TaskNotFound, TransitionRefused, ValidTimeConflict } from '../domain/errors.ts';
import { NotYetApplied, PreconditionFailed } from '../app/errors.ts';
import { TaskStatus } from '../domain/task-status.ts';

export const FieldError = z
  .object({
    in: z.enum(['body', 'query', 'path', 'header']).describe('Which part of the request holds the field.'),
    pointer: z.string().describe('JSON Pointer to the field within that part, e.g. /evidence/summary.'),
    detail: z.string(),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.output<typeof FieldError>;

export const Problem = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(FieldError).optional().describe('For 422: every field at fault.'),
    allowed: z.array(TaskStatus).optional().describe('For a refused transition: the statuses allowed from the current one.'),
    currentEtag: z.string().optional().describe('For 412: the resource\'s current ETag.'),
    rule: z.string().optional().describe('For 403: the access rule that refused the call.'),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 Problem Details.' });
export type ProblemBody = z.output<typeof Problem>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
};

/** An error that knows its response. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extra: Partial<ProblemBody> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(instance?: string): ProblemBody {
    return {
      type: `/problems/${this.code}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }

  toResponse(instance?: string): Response {
    return new Response(JSON.stringify(this.body(instance)), {
      status: this.status,
      headers: { 'content-type': 'application/problem+json', ...this.headers },
    });
  }
}

export const invalidInput = (errors: FieldError[]) =>
  new ProblemError(422, 'validation', `the request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => `${e.in} ${e.pointer}`).join(', ')}`, { errors });

/** Maps whatever a handler threw to its Problem; null when it is not an error we know (a bug). */
export function toProblem(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (error instanceof TransitionRefused) return new ProblemError(409, 'transition-refused', error.message, { allowed: [...error.allowed] as TaskStatus[] });
  if (error instanceof RuleViolated) {
    return invalidInput([{ in: error.location, pointer: `/${error.field}`, detail: error.message }]);
  }
  if (error instanceof PlanNotFound || error instanceof TaskNotFound) return new ProblemError(404, error.code, error.message);
  if (error instanceof ValidTimeConflict) return new ProblemError(409, error.code, error.message);
  if (error instanceof NotYetApplied) return new ProblemError(503, 'not-yet-applied', error.message, {}, { 'retry-after': '1' });
  if (error instanceof PlanAlreadyAdopted) return new ProblemError(409, error.code, error.message);
  if (error instanceof PreconditionFailed) {
    return new ProblemError(412, 'precondition-failed', error.message, { currentEtag: error.currentEtag }, { etag: error.currentEtag });
  }
  if (error instanceof ConcurrencyError) return new ProblemError(409, 'concurrent-change', `${error.message}; read it again and retry`);
  if (error instanceof DomainError) return new ProblemError(422, error.code, error.message);
  return null;
}

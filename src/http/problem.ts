// Problem Details (RFC 9457): the one shape every error response takes, and the mapping from the
// errors the layers below throw. Anything unmapped is a bug and answers 500.
import { z } from 'zod';
import { type ErrorKind, KnownError } from '../domain/errors.ts';
import { type MessageCode, textOf } from '../domain/messages.ts';
import { TaskStatus } from '../domain/task-status.ts';
import { IdString, MAX_LISTED, ShownText } from '../domain/text.ts';
import { StoreError } from '../store/errors.ts';
import { inLanguage, type Language, type Message, TITLES } from './language.ts';

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
    errors: z
      .array(FieldError)
      .max(1024 * 1024)
      .optional()
      .describe('For 422: every field at fault.'),
    allowed: z.array(TaskStatus).max(MAX_LISTED).optional().describe('For a refused transition: the statuses allowed from the current one.'),
    currentEtag: IdString.optional().describe("For 412: the resource's current ETag."),
    rule: IdString.optional().describe('For 403: the access rule that refused the call.'),
    eventId: IdString.optional().describe('For 409 already-applied: the id of the first event the request recorded when it first ran.'),
    stored: z
      .object({ position: z.number().int().min(0), eventIds: z.array(IdString).max(MAX_LISTED) })
      .optional()
      .describe('For 503 not-yet-applied after a write: the write is stored (do not send it again), at this position with these events.'),
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

/** The status each kind of error answers with. */
const STATUS: Record<ErrorKind, number> = {
  'not-found': 404,
  conflict: 409,
  invalid: 422,
  forbidden: 403,
  'precondition-failed': 412,
  unavailable: 503,
};

/** An error's facts that the Problem schema names as members of its own (allowed, rule, currentEtag…), sent beside the detail. */
const MEMBERS = Object.keys(Problem.shape).filter((k) => !['type', 'title', 'status', 'detail', 'instance', 'errors'].includes(k));

interface Known {
  kind: ErrorKind;
  code: MessageCode;
  params: object;
  fieldAtFault?: { in: FieldError['in']; pointer: string } | undefined;
}

/** The kind, code and facts of an error the layers below raise on purpose; null for anything else. */
function known(error: unknown): Known | null {
  if (error instanceof KnownError) return { kind: error.kind, code: error.code, params: error.params as object, fieldAtFault: error.fieldAtFault };
  if (error instanceof StoreError && error.kind && error.code) return { kind: error.kind, code: error.code, params: error.params ?? {} };
  return null;
}

/** Maps whatever a handler threw to its Problem; null when it is not an error we know (a bug). */
export function toProblem(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  const found = known(error);
  if (!found) return null;
  const { kind, code, params } = found;
  const detail = { en: textOf(code, params, 'en'), zh: textOf(code, params, 'zh') };
  if (found.fieldAtFault) return invalidInput([{ ...found.fieldAtFault, detail }]);
  const facts = params as Record<string, unknown>;
  const members = Object.fromEntries(MEMBERS.filter((k) => facts[k] !== undefined).map((k) => [k, facts[k]]));
  const headers: Record<string, string> = {};
  if (kind === 'unavailable') headers['retry-after'] = '1';
  if (kind === 'precondition-failed' && typeof facts.currentEtag === 'string') headers.etag = facts.currentEtag;
  return new ProblemError(STATUS[kind], code, detail, members, headers);
}

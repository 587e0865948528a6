// One route = one declaration: its zod schemas validate the request (and, in tests, the response)
// and are what the OpenAPI document is built from. Route files stay thin: parse, call, map.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { type AccessRule, type AccessTarget, isPublicCall } from '../../app/access.ts';
import { actorWithIds } from '../../app/request-ids.ts';
import type { Principal } from '../../app/token/token-queries.ts';
import { zodMessage } from '../language.ts';
import { recordCaller } from '../middleware/caller.ts';
import { duplicateKeyPath } from '../middleware/duplicate-keys.ts';
import { holdIdempotencyKey, idempotencySeed } from '../middleware/idempotency.ts';
import { budgetOf, rateLimitHeaders, withBudget } from '../middleware/request-budget.ts';
import { type FieldError, type FieldFault, invalidInput, ProblemError } from '../problem.ts';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** The largest request body any route takes (1 MiB); enforced in app.ts, documented by openapi.ts. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Node's limit on a request's header section (16 KiB; 431 beyond), so on any one header's value. */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /**
   * Other media types the response may come in (e.g. text/csv, a stream), described in words: their
   * length is that of the report or stream, not a string's to bound.
   */
  also?: Record<string, { description: string }>;
  /** The body's media type when it is not JSON, e.g. text/event-stream (the handler returns a Response). */
  contentType?: string;
  headers?: Record<string, { description: string; schema: { type: 'string'; maxLength: number; format?: string } }>;
}

export interface HeaderParam {
  name: string;
  description: string;
  required?: boolean;
  /** The longest value the route takes; MAX_HEADER_BYTES when it sets none of its own. */
  maxLength?: number;
}

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /plans/{planId} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  headers?: HeaderParam[];
  responses: Record<number, ResponseSpec>;
  /** Problem statuses the route can answer with, documented as application/problem+json. */
  problems?: number[];
  /** Answers a Reply (JSON), or a Response (a stream, say) that goes out untouched. */
  /** Who may call it (src/app/access.ts): every route says, and the authorization matrix test holds it to it. */
  access: AccessRule;
  handler: (
    c: Context,
    input: {
      params: P extends AnyObject ? z.output<P> : Record<string, never>;
      query: Q extends AnyObject ? z.output<Q> : Record<string, never>;
      body: B extends z.ZodType ? z.output<B> : undefined;
      /** The caller, from its token; null on a public route. */
      principal: Principal | null;
    },
  ) => Promise<Reply | Response> | Reply | Response;
}

// biome-ignore lint/suspicious/noExplicitAny: a route of any schemas, for the lists that bind and document them all
export type AnyRouteSpec = RouteSpec<any, any, any>;

const pointerOf = (path: PropertyKey[]) => `/${path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

function fieldErrors(where: FieldError['in'], error: z.ZodError): FieldFault[] {
  const seen = new Set<string>();
  return error.issues
    .flatMap((issue) =>
      // An unknown key is the fault of that key, not of the object around it.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            in: where,
            pointer: pointerOf([...issue.path, key]),
            detail: where === 'query' ? { en: `unknown parameter ${key}`, zh: `未知参数 ${key}` } : { en: `unknown field ${key}`, zh: `未知字段 ${key}` },
          }))
        : [{ in: where, pointer: pointerOf(issue.path), detail: zodMessage(issue) }],
    )
    .filter((e) => {
      // One fault per field is enough to fix it (a bidi control is also invisible, say).
      if (seen.has(e.pointer)) return false;
      seen.add(e.pointer);
      return true;
    });
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/**
 * Query strings carry strings; a field declared as an array takes every value, commas split too.
 * A parameter the route does not declare is passed on, so the (strict) schema refuses it like an
 * unknown body field: a misspelt filter must not quietly widen the answer.
 */
function queryInput(c: Context, schema: AnyObject | undefined): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  // defineProperty: ?__proto__= must become a key the schema refuses, not the object's prototype.
  const put = (key: string, value: unknown) => Object.defineProperty(input, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, values] of Object.entries(c.req.queries())) {
    const field = schema && Object.hasOwn(schema.shape, key) ? (schema.shape[key] as z.ZodType) : undefined;
    if (!field) put(key, values);
    else if (unwrap(field) instanceof z.ZodArray)
      put(
        key,
        values.flatMap((v) => v.split(',')).filter((v) => v !== ''),
      );
    else put(key, values.length === 1 ? values[0] : values); // repeated where one is expected: the schema says so
  }
  return input;
}

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

async function bodyInput(c: Context): Promise<unknown> {
  // No Content-Type is refused too: guessing would take a form post or a stray upload as JSON.
  const type = c.req.header('content-type');
  if (!type || !JSON_TYPE.test(type.trim())) {
    const given = type ? type : 'no Content-Type';
    throw new ProblemError(415, 'unsupported-media-type', {
      en: `send the body as application/json (UTF-8), not ${given}`,
      zh: `请求体须以 application/json（UTF-8）发送，而不是 ${type ? type : '无 Content-Type'}`,
    });
  }
  let text: string;
  try {
    // Fatal: a malformed byte is refused, not stored for ever as U+FFFD.
    text = strictUtf8.decode(await c.req.arrayBuffer());
  } catch {
    throw new ProblemError(400, 'malformed-utf8', { en: 'the body is not valid UTF-8', zh: '请求体不是有效的 UTF-8 编码' });
  }
  if (!text.trim()) throw new ProblemError(400, 'malformed-json', { en: 'the request needs a JSON body', zh: '请求需要 JSON 请求体' });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    throw new ProblemError(400, 'malformed-json', { en: `the body is not valid JSON: ${reason}`, zh: `请求体不是有效的 JSON：${reason}` });
  }
  // Well-formed JSON, but not I-JSON (RFC 7493): a member named twice is refused by name (422).
  const repeated = duplicateKeyPath(text);
  if (repeated) {
    throw invalidInput([
      {
        in: 'body',
        pointer: pointerOf(repeated),
        detail: { en: 'is named twice in its object; name each member once', zh: '在同一对象中出现了两次；每个成员只能出现一次' },
      },
    ]);
  }
  return body;
}

/**
 * The body's effectiveAt, when it is a date-time, for a rule that judges the caller by the plan as it
 * stood then (write-task-lead). Nothing is refused here: a body that is not JSON, or an effectiveAt that
 * is not a date-time, gives nothing, and the body's own parse after authorization answers for it.
 */
// Made once: zod compiles a schema on its first parse, which for a schema made per request is every parse.
const DATE_TIME = z.iso.datetime({ offset: true });
const NO_QUERY = z.strictObject({});

async function peekEffectiveAt(c: Context): Promise<{ effectiveAt?: string }> {
  try {
    const body = JSON.parse(new TextDecoder().decode(await c.req.arrayBuffer())) as { effectiveAt?: unknown };
    const at = body?.effectiveAt;
    if (typeof at === 'string' && DATE_TIME.safeParse(at).success) return { effectiveAt: at };
  } catch {
    // Not JSON: the body's parse says so.
  }
  return {};
}

/** How a request's caller is known and held to a route's rule (src/http/middleware/auth.ts builds it). */
export interface AccessControl {
  /** The caller from the request's token; throws a 401 or 429 Problem when there is none to accept. */
  authenticate(c: Context): Promise<Principal>;
  /** Counts a public call against its address's budget; throws a 429 Problem when that is spent. */
  admit?(c: Context): Promise<void>;
  /** Throws a 403 Problem naming the rule when the caller may not. */
  authorize(c: Context, who: Principal, rule: AccessRule, target: AccessTarget): Promise<void>;
}

export interface RouteOptions {
  /** Check every response body against its declared schema (tests turn this on). */
  validateResponses?: boolean;
  access?: AccessControl;
}

/** Declares routes on a hono app and remembers them for the OpenAPI document. */
export class Api {
  readonly routes: AnyRouteSpec[] = [];
  constructor(
    readonly app: Hono,
    private readonly options: RouteOptions = {},
  ) {}

  route<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined>(spec: RouteSpec<P, Q, B>): this {
    this.routes.push(spec);
    const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    this.app.on(spec.method.toUpperCase(), honoPath, async (c) => {
      // Who is asking comes first: nothing about the input is told to a caller who may not ask.
      const control = this.options.access;
      // A public call (a published bulletin, say) needs no token: src/app/access.ts isPublicCall.
      const isPublic = isPublicCall(spec.access, (name) => c.req.query(name));
      if (isPublic) await control?.admit?.(c);
      const principal = isPublic || !control ? null : await control.authenticate(c);
      if (principal) recordCaller(c, principal); // for the access log and no-store
      const errors: FieldFault[] = [];
      const parse = <S extends z.ZodType>(where: FieldError['in'], schema: S | undefined, input: unknown) => {
        if (!schema) return {};
        // reportInput: zod's own messages, rendered again in Chinese, need what was given.
        const result = schema.safeParse(input, { reportInput: true });
        if (result.success) return result.data;
        errors.push(...fieldErrors(where, result.error));
        return undefined;
      };
      const params = parse('path', spec.params, c.req.param());
      const query = parse('query', spec.query ?? NO_QUERY, queryInput(c, spec.query));
      if (errors.length) throw invalidInput(errors);
      if (principal && control) {
        const target = { ...(query as { planId?: string }), ...(params as { planId?: string; code?: string }) };
        await control.authorize(c, principal, spec.access, {
          ...(target.planId !== undefined ? { planId: target.planId } : {}),
          ...((params as { code?: string }).code !== undefined ? { code: (params as { code: string }).code } : {}),
          ...((params as { indicatorId?: string }).indicatorId !== undefined ? { indicatorId: (params as { indicatorId: string }).indicatorId } : {}),
          ...((params as { unitId?: string }).unitId !== undefined ? { unitId: (params as { unitId: string }).unitId } : {}),
          ...((params as { itemId?: string }).itemId !== undefined ? { itemId: (params as { itemId: string }).itemId } : {}),
          ...(spec.access.kind === 'write-task-lead' ? await peekEffectiveAt(c) : {}),
        });
      }
      const body = spec.body ? parse('body', spec.body, await bodyInput(c)) : undefined;
      if (errors.length) throw invalidInput(errors);
      // Only now, about to run, does a request hold its Idempotency-Key: a refusal above leaves none behind.
      const replayed = await holdIdempotencyKey(c);
      if (replayed) return replayed;
      // A request with an Idempotency-Key records its events under ids it makes again if run again.
      const seed = principal && idempotencySeed(c);
      const runAs = principal && seed ? { ...principal, actor: actorWithIds(principal.actor, seed) } : principal;
      // biome-ignore lint/suspicious/noExplicitAny: the input was parsed by this spec's own schemas just above
      const reply = await spec.handler(c, { params, query, body, principal: runAs } as any);
      // A handler that shapes its own response (CSV, a stream) gets it passed through untouched.
      if (reply instanceof Response) return withBudget(c, reply);
      const status = reply.status ?? 200;
      if (this.options.validateResponses) this.checkResponse(spec, status, reply.body);
      // The budget's headers go in as the response is made: cheaper than setting them after.
      const budget = budgetOf(c);
      return new Response(JSON.stringify(reply.body), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...(budget && rateLimitHeaders(budget.outcome, budget.burst)), ...reply.headers },
      });
    });
    return this;
  }

  private checkResponse(spec: AnyRouteSpec, status: number, body: unknown): void {
    const declared = spec.responses[status];
    if (!declared) throw new Error(`${spec.operationId} answered ${status}, which it does not declare`);
    if (!declared.schema) return;
    // Round-trip through JSON: what is checked is what the client receives.
    const result = declared.schema.safeParse(JSON.parse(JSON.stringify(body)));
    if (!result.success) throw new Error(`${spec.operationId} ${status} breaks its schema: ${z.prettifyError(result.error)}`);
  }
}

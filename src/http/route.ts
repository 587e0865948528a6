// One route = one declaration: its zod schemas validate the request (and, in tests, the response)
// and are what the OpenAPI document is built from. Route files stay thin: parse, call, map.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AccessRule } from '../app/access.ts';
import type { Principal } from '../app/token-queries.ts';
import { invalidInput, ProblemError, type FieldError } from './problem.ts';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** The largest request body any route takes (1 MiB); enforced in app.ts, documented by openapi.ts. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Other media types the response may come in (e.g. text/csv), as JSON Schemas. */
  also?: Record<string, { type: 'string'; description?: string }>;
  /** The body's media type when it is not JSON, e.g. text/event-stream (the handler returns a Response). */
  contentType?: string;
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
}

export interface HeaderParam {
  name: string;
  description: string;
  required?: boolean;
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteSpec = RouteSpec<any, any, any>;

const pointerOf = (path: PropertyKey[]) => '/' + path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

function fieldErrors(where: FieldError['in'], error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    // An unknown key is the fault of that key, not of the object around it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ in: where, pointer: pointerOf([...issue.path, key]), detail: `unknown field ${key}` }))
      : [{ in: where, pointer: pointerOf(issue.path), detail: issue.message }],
  );
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** Query strings carry strings; a field declared as an array takes every value, commas split too. */
function queryInput(c: Context, schema: AnyObject): Record<string, unknown> {
  const all = c.req.queries();
  const input: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const values = all[key];
    if (!values?.length) continue;
    if (unwrap(field as z.ZodType) instanceof z.ZodArray) input[key] = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
    else input[key] = values.length === 1 ? values[0] : values; // repeated where one is expected: the schema says so
  }
  return input;
}

async function bodyInput(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ProblemError(415, 'unsupported-media-type', `send the body as application/json, not ${type}`);
  }
  const text = await c.req.text();
  if (!text.trim()) throw new ProblemError(400, 'malformed-json', 'the request needs a JSON body');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProblemError(400, 'malformed-json', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** How a request's caller is known and held to a route's rule (src/http/auth.ts builds it). */
export interface AccessControl {
  /** The caller from the request's token; throws a 401 or 429 Problem when there is none to accept. */
  authenticate(c: Context): Promise<Principal>;
  /** Throws a 403 Problem naming the rule when the caller may not. */
  authorize(c: Context, who: Principal, rule: AccessRule, target: { planId?: string; code?: string }): Promise<void>;
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
      const principal = spec.access.kind === 'public' || !control ? null : await control.authenticate(c);
      const errors: FieldError[] = [];
      const parse = <S extends z.ZodType>(where: FieldError['in'], schema: S | undefined, input: unknown) => {
        if (!schema) return {};
        const result = schema.safeParse(input);
        if (result.success) return result.data;
        errors.push(...fieldErrors(where, result.error));
        return undefined;
      };
      const params = parse('path', spec.params, c.req.param());
      const query = parse('query', spec.query, spec.query ? queryInput(c, spec.query) : {});
      if (errors.length) throw invalidInput(errors);
      if (principal && control) {
        const target = { ...(query as { planId?: string }), ...(params as { planId?: string; code?: string }) };
        await control.authorize(c, principal, spec.access, {
          ...(target.planId !== undefined ? { planId: target.planId } : {}),
          ...((params as { code?: string }).code !== undefined ? { code: (params as { code: string }).code } : {}),
        });
      }
      const body = spec.body ? parse('body', spec.body, await bodyInput(c)) : undefined;
      if (errors.length) throw invalidInput(errors);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const reply = await spec.handler(c, { params, query, body, principal } as any);
      // A handler that shapes its own response (CSV, a stream) gets it passed through untouched.
      if (reply instanceof Response) return reply;
      const status = reply.status ?? 200;
      if (this.options.validateResponses) this.checkResponse(spec, status, reply.body);
      return new Response(JSON.stringify(reply.body), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers },
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

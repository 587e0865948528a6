// The OpenAPI 3.1 document, built from the routes' zod schemas: what validates a request is what
// documents it. Committed as openapi/openapi.json; a test fails when the two drift apart.
import { type OpenAPIObject, OpenApiBuilder, type ParameterObject, type SchemaObject } from 'openapi3-ts/oas31';
import { z } from 'zod';
import { GUARDED_METHODS, idempotencyDocs, REPLAYED } from '../middleware/idempotency.ts';
import { RATE_LIMIT_HEADERS } from '../middleware/request-budget.ts';
import { type AnyRouteSpec, MAX_BODY_BYTES, MAX_HEADER_BYTES } from './route.ts';

const COMPONENTS = '#/components/schemas/';

// One tag per domain word, as the route files are named.
const TAGS: Record<string, string> = {
  service: 'The service itself: its health.',
  plan: 'Adopted work plans: units, tasks, indicators, phases, reporting rhythm, leading group, as a whole.',
  task: 'Tasks of a plan: status, its changes and their history.',
  indicator: 'Indicators of a plan: values reported against their targets, corrections, percent of target and whether they are on track.',
  'leading-group': 'The leading group (领导小组): its seats, who holds them, and replacements (递补).',
  'handling-plan': "Each unit's handling plan (办理方案): submitted, filed (备案) or withdrawn.",
  'plan-amendment': 'Amendments to an adopted plan: deadlines, targets and units changed by a document, and their withdrawal (撤回).',
  progress: 'Monthly progress reports of each unit on its tasks, and the monthly dispatch (月调度) they make up.',
  alert: 'Alerts on tasks and indicators that fall behind, and reminders (催办) sent about them.',
  scorecard: "Each unit's scorecard over a period: what it owed and how it did.",
  'annual-summary': "Each unit's annual summary (年度总结), and the annual report of the plan.",
  evaluation: "Evaluations of completed tasks, their withdrawal and a task's reopening.",
  bulletin: 'The quarterly bulletin (季通报): drafted from the record, published, and read as published.',
  meeting: 'Meetings of the leading group: scheduled, held with minutes, cancelled or withdrawn.',
  'action-item': 'Action items (督办事项) a meeting or inspection assigns: extended, closed.',
  inspection: 'Inspections (督查) of units, and what they found.',
  audit: "Every recorded event as a row: who recorded what, when, and why; and the store's integrity.",
  'event-feed': 'The event feed for integrating systems: every event in store order, paged or streamed live.',
};

/** A JSON Schema as OpenAPI wants it: no $schema/$id, local $defs pointed at the components. */
function clean(schema: Record<string, unknown>): SchemaObject {
  const { $schema: _s, $id: _i, $defs: _d, ...rest } = schema;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as SchemaObject;
}

/**
 * zod leaves `examples` out of the input schema of anything holding a transform (our Text fields
 * normalise to NFC), so most components lost theirs; the examples given in `.meta()` are put back.
 */
function withExamples(id: string, schema: SchemaObject): SchemaObject {
  if (schema.examples) return schema;
  const registered = z.globalRegistry._idmap.get(id);
  const examples = registered ? z.globalRegistry.get(registered)?.examples : undefined;
  return Array.isArray(examples) && examples.length ? { ...schema, examples } : schema;
}

function schemaOf(schema: z.ZodType): SchemaObject {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENTS + id };
  return clean(z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>);
}

function parameters(route: AnyRouteSpec): ParameterObject[] {
  const out: ParameterObject[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries((schema as z.ZodObject).shape) as [string, z.ZodType][]) {
      const json = schemaOf(field);
      const { description, ...fieldSchema } = json as SchemaObject & { description?: string };
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: fieldSchema,
        ...(field instanceof z.ZodOptional && field.unwrap() instanceof z.ZodArray ? { style: 'form', explode: true } : {}),
      });
    }
  }
  for (const header of route.headers ?? []) {
    out.push({
      name: header.name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: { type: 'string', maxLength: header.maxLength ?? MAX_HEADER_BYTES },
    });
  }
  return out;
}

export function buildOpenApiDocument(routes: readonly AnyRouteSpec[], version: string): OpenAPIObject {
  const builder = OpenApiBuilder.create()
    .addOpenApiVersion('3.1.0')
    .addInfo({
      title: 'duban (督办) API',
      version,
      description:
        'An event-sourced service that supervises a government work plan to the end. Every change is an event; ' +
        'every read answers for two time axes: `validAt` (valid time: what was in effect then) and `asOf` (transaction time: ' +
        "what duban had recorded by then). A bare date is the end of that day in the plan's time zone; a date-time carries Z or an " +
        'offset; `now` is accepted. Every write returns its `globalPosition`; a read given `minPosition` waits until it is applied.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-duban-proprietary' },
    })
    // Relative: the document is served by the instance it describes, whichever environment (production, test) that is.
    .addServer({ url: '/', description: 'This duban instance (production, test or local alike): the origin that served this document.', 'x-internal': false })
    .addSecurityScheme('bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'A duban token (`duban tokens issue`); its role and unit decide what it may do. See the README, Access.',
    });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag({ name, description });

  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => COMPONENTS + id });
  for (const [id, schema] of Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) {
    builder.addSchema(id, withExamples(id, clean(schema as Record<string, unknown>)));
  }

  for (const route of routes) {
    if (!(route.tag in TAGS)) throw new Error(`${route.operationId} is tagged ${route.tag}, which has no description in TAGS`);
    // Idempotency-Key (src/http/middleware/idempotency.ts): a header, a replay marker, and two more problems.
    const guarded = GUARDED_METHODS.includes(route.method.toUpperCase());
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const headers = {
        ...(spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([h, v]) => [h, { description: v.description, schema: v.schema }]))),
        ...(guarded ? { [REPLAYED]: idempotencyDocs.replayedHeader } : {}),
        ...commonHeaders(Number(status)),
      };
      responses[status] = {
        description: spec.description,
        headers,
        ...(spec.schema || spec.also
          ? {
              content: {
                ...(spec.schema ? { [spec.contentType ?? 'application/json']: { schema: schemaOf(spec.schema) } } : {}),
                ...Object.fromEntries(Object.entries(spec.also ?? {}).map(([type, schema]) => [type, { schema }])),
              },
            }
          : {}),
      };
    }
    const secured = route.access.kind !== 'public';
    // A write may also meet a store found damaged at start (src/http/middleware/read-only.ts): 503.
    // Every call is counted against a budget (429), and any may meet a bug (500).
    const always = [...(secured ? [401, 403] : []), 429, 500];
    const problems = [...new Set([...(route.problems ?? []), ...always, ...(guarded ? [409, 422, 503] : [])])].sort((x, y) => x - y);
    for (const status of problems) {
      const idempotent = guarded ? idempotencyDocs.problems[status] : undefined;
      const described = route.problems?.includes(status) || always.includes(status) ? (PROBLEM_DESCRIPTIONS[status] ?? 'A problem') : undefined;
      const readOnly = guarded && status === 503 ? READ_ONLY_PROBLEM : undefined;
      const retryAfter = status === 429 ? { 'Retry-After': RETRY_AFTER } : {};
      responses[String(status)] = {
        description: [described, idempotent, readOnly].filter(Boolean).join(' Or: '),
        headers: { ...retryAfter, ...commonHeaders(status) },
        content: { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } },
      };
    }
    const params = [...parameters(route), ...(guarded ? [idempotencyDocs.parameter] : [])];
    builder.addPath(route.path, {
      [route.method]: {
        operationId: route.operationId,
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        tags: [route.tag],
        // A read that is public for what was published takes a token or none.
        security: !secured ? [] : route.access.kind === 'read-plan-or-published' ? [{ bearer: [] }, {}] : [{ bearer: [] }],
        ...(params.length ? { parameters: params } : {}),
        ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } } : {}),
        responses,
      },
    });
  }
  return withIntegerFormats(pruneSchemas(builder.getSpec()));
}

const RETRY_AFTER = {
  description: 'Whole seconds to wait before trying again.',
  required: true,
  schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 },
};

// CORS (src/http/middleware/browser-policy.ts): only a request from an origin named in DUBAN_CORS_ORIGINS
// (none by default) is answered with these, so they are optional.
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': {
    description: "The request's Origin, echoed when it is one DUBAN_CORS_ORIGINS allows; absent otherwise (no origin is allowed by default).",
    required: false,
    schema: { type: 'string', format: 'uri', maxLength: MAX_HEADER_BYTES },
  },
  'Access-Control-Expose-Headers': {
    description: 'With Access-Control-Allow-Origin: the response headers a page may read.',
    required: false,
    schema: { type: 'string', maxLength: 1000 },
  },
};

/** The headers every response may carry: CORS, and on a 2xx or 4xx the caller's request budget. */
function commonHeaders(status: number): Record<string, unknown> {
  // A 2xx has always been counted; a 4xx may have been refused before (a body too large, say).
  const budget = status < 300 ? RATE_LIMIT_HEADERS.counted : status < 500 ? RATE_LIMIT_HEADERS.maybe : {};
  return { ...budget, ...CORS_HEADERS };
}

const INT32 = 2 ** 31;

/**
 * zod's integers carry their range (a safe integer at the widest) but no format: it follows from
 * the range, int32 when it fits, int64 otherwise.
 */
function withIntegerFormats<T>(node: T): T {
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const item of n) visit(item);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    const type = o.type;
    if ((type === 'integer' || (Array.isArray(type) && type.includes('integer'))) && o.format === undefined) {
      const low = (o.minimum ?? o.exclusiveMinimum) as number | undefined;
      const high = (o.maximum ?? o.exclusiveMaximum) as number | undefined;
      o.format = low !== undefined && high !== undefined && low >= -INT32 && high < INT32 ? 'int32' : 'int64';
    }
    Object.values(o).forEach(visit);
  };
  visit(node);
  return node;
}

/** Keeps only the component schemas the paths reach: the registry holds every schema with an id. */
function pruneSchemas(doc: OpenAPIObject): OpenAPIObject {
  const all = doc.components?.schemas ?? {};
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS)) {
        const id = value.slice(COMPONENTS.length);
        if (!reached.has(id)) {
          reached.add(id);
          visit(all[id]);
        }
      } else visit(value);
    }
  };
  visit(doc.paths);
  doc.components!.schemas = Object.fromEntries(Object.entries(all).filter(([id]) => reached.has(id)));
  // The builder starts every components section; an empty one says nothing (and a linter reads an empty `headers` as headers missing).
  const components = doc.components as Record<string, object>;
  for (const [section, entries] of Object.entries(components)) if (Object.keys(entries).length === 0) delete components[section];
  return doc;
}

const READ_ONLY_PROBLEM = 'The store was found truncated or forged at start (`/problems/store-read-only`): the service answers reads only; `detail` says why.';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The body is not JSON.',
  404: 'No such resource (or none yet as of the date asked about).',
  409: 'Refused: the change is not allowed from the current state.',
  401: 'No token, or one that is unknown, expired or revoked.',
  403: "The token's role or unit may not do this; `rule` names the rule.",
  412: 'If-Match did not match the current ETag; nothing was written.',
  429: 'Too many requests from this token (or, without one, from this address), or too many failed authentications from this address; see Retry-After.',
  500: 'An unexpected error; it has been logged, and the body says no more.',
  413: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
  415: 'The body is not sent as JSON.',
  422: 'Well-formed but invalid input; `errors` names each field.',
  503: 'The read model has not applied `minPosition` within 2 s; retry after `Retry-After` seconds.',
};

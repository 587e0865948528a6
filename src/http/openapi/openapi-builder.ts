// The OpenAPI 3.1 document, built from the routes' zod schemas: what validates a request is what
// documents it. Committed as openapi/openapi.json; a test fails when the two drift apart.
import { OpenApiBuilder, type OpenAPIObject, type ParameterObject, type SchemaObject } from 'openapi3-ts/oas31';
import { z } from 'zod';
import { GUARDED_METHODS, idempotencyDocs, REPLAYED } from '../middleware/idempotency.ts';
import { MAX_BODY_BYTES, type AnyRouteSpec } from './route.ts';

const COMPONENTS = '#/components/schemas/';

const TAGS: Record<string, string> = {
  service: 'The service itself: health and this document.',
  plans: 'Adopted work plans: units, tasks, indicators, phases, reporting rhythm, leading group.',
  tasks: 'Tasks of a plan: status, its changes and their history.',
  indicators: 'Indicators of a plan: values reported against their targets, corrections, percent of target and whether they are on track.',
  audit: 'Every recorded event as a row: who recorded what, when, and why.',
  events: 'The event feed for integrating systems: every event in store order, paged or streamed live.',
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
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
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
    out.push({ name: header.name, in: 'header', required: header.required ?? false, description: header.description, schema: { type: 'string' } });
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
        'what duban had recorded by then). A bare date is the end of that day in the plan\'s time zone; a date-time carries Z or an ' +
        'offset; `now` is accepted. Every write returns its `globalPosition`; a read given `minPosition` waits until it is applied.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-duban-proprietary' },
    })
    .addServer({ url: '/' })
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
    // Idempotency-Key (src/http/middleware/idempotency.ts): a header, a replay marker, and two more problems.
    const guarded = GUARDED_METHODS.includes(route.method.toUpperCase());
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const headers = {
        ...(spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([h, v]) => [h, { description: v.description, schema: v.schema }]))),
        ...(guarded ? { [REPLAYED]: idempotencyDocs.replayedHeader } : {}),
      };
      responses[status] = {
        description: spec.description,
        ...(Object.keys(headers).length ? { headers } : {}),
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
    const problems = [...new Set([...(route.problems ?? []), ...(secured ? [401, 403, 429] : []), ...(guarded ? [409, 422, 503] : [])])].sort((x, y) => x - y);
    for (const status of problems) {
      const idempotent = guarded ? idempotencyDocs.problems[status] : undefined;
      const described = route.problems?.includes(status) || [401, 403, 429].includes(status) ? (PROBLEM_DESCRIPTIONS[status] ?? 'A problem') : undefined;
      const readOnly = guarded && status === 503 ? READ_ONLY_PROBLEM : undefined;
      responses[String(status)] = {
        description: [described, idempotent, readOnly].filter(Boolean).join(' Or: '),
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
        ...(route.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } }
          : {}),
        responses,
      },
    });
  }
  return pruneSchemas(builder.getSpec());
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
  return doc;
}

const READ_ONLY_PROBLEM = 'The store was found truncated or forged at start (`/problems/store-read-only`): the service answers reads only; `detail` says why.';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The body is not JSON.',
  404: 'No such resource (or none yet as of the date asked about).',
  409: 'Refused: the change is not allowed from the current state.',
  401: 'No token, or one that is unknown, expired or revoked.',
  403: 'The token\'s role or unit may not do this; `rule` names the rule.',
  412: 'If-Match did not match the current ETag; nothing was written.',
  429: 'Too many requests from this token, or too many failed authentications from this address; see Retry-After.',
  413: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
  415: 'The body is not sent as JSON.',
  422: 'Well-formed but invalid input; `errors` names each field.',
  503: 'The read model has not applied `minPosition` within 2 s; retry after `Retry-After` seconds.',
};

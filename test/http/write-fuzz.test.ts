// Every write operation, read from the OpenAPI document (a new one is included without touching
// this file), driven over a real socket with bad input derived from its request schema: wrong types,
// missing and extra fields, huge and empty strings, odd Unicode, numbers out of range, invalid dates,
// malformed and deeply nested JSON, invalid UTF-8 and wrong content types. Whatever comes, the
// answer is a 4xx Problem and the store's head does not move.
import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders } from '../support/auth.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type SocketServer, serveHarness } from '../support/socket-server.ts';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const RUNS = Number(process.env.DUBAN_FUZZ_RUNS ?? 10_000);

/** Path parameters that reach the handler (an existing plan and task); others get generated ones. */
const KNOWN_PARAMS: Record<string, string> = {
  planId: 'wuhan-2023-p1',
  code: '1.1',
  indicatorId: '3.3-1',
  unitId: 'jxj',
  alertId: 'handling-plan:kjj',
  quarter: '2023-Q2',
  year: '2023',
};

/** Writes whose every body field is optional: `{}` is a good body for them (publishing a bulletin), not a bad one. */
const ACCEPTS_EMPTY_BODY = new Set(['POST /plans/{planId}/reports/quarterly/{quarter}/publish']);

type Schema = any;

let h: Harness;
let server: SocketServer;
let doc: Schema;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-11-27T09:00:00.000Z');
  server = await serveHarness(h);
  doc = await (await fetch(`${server.base}/openapi.json`)).json();
});
afterAll(async () => {
  agent.destroy();
  await server?.close();
  await h?.close();
});

interface Operation {
  method: string;
  path: string;
  params: string[];
  body: Schema;
}

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s?.$ref) s = doc.components.schemas[s.$ref.split('/').pop()];
  return s;
}

function writeOperations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const method of ['post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? []).filter((p: Schema) => p.in === 'path').map((p: Schema) => p.name);
      out.push({ method: method.toUpperCase(), path, params, body: resolve(op.requestBody?.content?.['application/json']?.schema ?? {}) });
    }
  }
  return out;
}

// ---- values derived from a schema ----------------------------------------------------------

/** A value the schema takes (the base a mutation spoils). */
function valid(schema: Schema): unknown {
  const s = resolve(schema);
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (s.anyOf || s.oneOf) return valid((s.anyOf ?? s.oneOf)[0]);
  switch (s.type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k: string) => [k, valid(s.properties[k])]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => valid(s.items));
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (s.format === 'date') return '2026-01-01';
      return 'x';
    default:
      return null;
  }
}

const oddText = fc.constantFrom(
  '\ud800',
  'a\udfff',
  '\u202e反转',
  '\u2066x\u2069',
  '\u200f',
  '\u061c',
  '\u200b\u200b',
  '\ufeff',
  '\u0000',
  '\u001b[2J',
  '\u0085',
  '\u007f',
  ' ',
  '\u3000',
  '',
  '\u0301',
  'x\u200d',
  'javascript:alert(1)',
);

/** A value of the wrong JSON type for the schema. */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const all: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.integer(), { maxLength: 3 }),
  ];
  const type = s.type ?? (s.enum ? typeof s.enum[0] : undefined);
  return fc.oneof(
    ...all.filter((arb) => {
      const sample = fc.sample(arb, { numRuns: 1, seed: 1 })[0];
      const t = sample === null ? 'null' : Array.isArray(sample) ? 'array' : typeof sample === 'number' ? 'number' : typeof sample;
      return !(t === type || (t === 'number' && type === 'integer'));
    }),
  );
}

/** A value the schema refuses, of the right type where that is possible. */
function invalid(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const options: fc.Arbitrary<unknown>[] = [wrongType(s)];
  if (s.type === 'string') {
    if (s.enum) options.push(fc.string({ maxLength: 12 }).filter((v) => !s.enum.includes(v)));
    if (s.maxLength !== undefined) {
      options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 50 }).map((n) => '字'.repeat(n)));
      // Near and over the body limit, in the fields meant for long text: every string now declares a
      // bound, and a 400 KB body for each would take the run's time from everything else.
      if (s.maxLength >= 2000) options.push(fc.constantFrom(400_000, 1_100_000).map((n) => 'x'.repeat(n)));
    }
    if (s.pattern) {
      const pattern = new RegExp(s.pattern);
      options.push(fc.oneof(oddText, fc.string({ unit: 'binary' })).filter((v) => !pattern.test(v)));
      // Visible text spoilt by one odd character; any text field refuses these.
      options.push(
        fc
          .tuple(fc.string({ minLength: 1, maxLength: 20 }), oddText)
          .map(([a, b]) => a + b)
          .filter((v) => !pattern.test(v) || /[\ud800-\udfff]/.test(v)),
      );
    }
    if (s.format === 'date-time' || s.format === 'date') {
      options.push(
        fc.constantFrom(
          '2026-02-30T00:00:00Z',
          '2026-13-01T00:00:00Z',
          'yesterday',
          '2026-01-01T25:00:00Z',
          '2026-01-01',
          '+275760-09-13T00:00:01Z',
          '1970-01-01T00:00:00Z',
          '9999-12-31T23:59:59Z',
        ),
      );
    }
  }
  if (s.type === 'integer' || s.type === 'number') {
    options.push(fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5));
    if (s.minimum !== undefined) options.push(fc.constant(s.minimum - 1));
    if (s.maximum !== undefined) options.push(fc.constant(s.maximum + 1));
  }
  if (s.type === 'array') {
    if (s.maxItems !== undefined) options.push(fc.constant(Array.from({ length: s.maxItems + 1 }, () => valid(s.items))));
    if (depth < 4)
      options.push(fc.tuple(invalid(s.items, depth + 1), fc.nat({ max: 3 })).map(([bad, at]) => [...Array.from({ length: at }, () => valid(s.items)), bad]));
  }
  if (s.type === 'object' && s.properties) options.push(invalidObject(s, depth + 1));
  return fc.oneof(...options);
}

/** An object with one thing wrong: a required field missing, an unknown field, or a field the schema refuses. */
function invalidObject(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const keys = Object.keys(s.properties ?? {});
  const base = () => {
    const v = valid(s) as Record<string, unknown>;
    // Optional fields present too, so their rules are reached.
    for (const k of keys) if (!(k in v) && depth < 3) v[k] = valid(s.properties[k]);
    return v;
  };
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', '').chain((key) =>
      // Through JSON text, as a client sends it: JSON.parse keeps "__proto__" as an own key.
      fc.jsonValue({ maxDepth: 2 }).map((value) =>
        JSON.parse(
          JSON.stringify(base())
            .replace(/^\{/, () => `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},`)
            .replace(/,\}$/, () => '}'),
        ),
      ),
    ),
  ];
  if (s.required?.length)
    options.push(
      fc.constantFrom(...(s.required as string[])).map((k) => {
        const v = base();
        delete v[k];
        return v;
      }),
    );
  if (keys.length && depth < 4) {
    options.push(fc.constantFrom(...keys).chain((k) => invalid(s.properties[k], depth + 1).map((bad) => ({ ...base(), [k]: bad }))));
  }
  return fc.oneof(...options);
}

// ---- requests ----------------------------------------------------------------------------

interface Case {
  params: Record<string, string>;
  contentType: string | null;
  body: Buffer;
  what: string;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

function cases(op: Operation): fc.Arbitrary<Case> {
  const knownParams = Object.fromEntries(op.params.map((p) => [p, KNOWN_PARAMS[p] ?? 'x']));
  const params = fc.oneof(
    { weight: 9, arbitrary: fc.constant(knownParams) },
    {
      weight: 1,
      arbitrary: fc.record(
        Object.fromEntries(
          op.params.map((p) => [p, fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('..', '%00', '\u202e', 'x'.repeat(300)))]),
        ),
      ) as fc.Arbitrary<Record<string, string>>,
    },
  );
  const jsonType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON');
  const badBody = invalid(op.body).map((v) => ({ body: json(v), what: 'invalid value' }));
  const malformed = fc.oneof(
    fc
      .string({ maxLength: 40 })
      // "{" + "}" is {}, valid JSON that a route taking an empty body rightly accepts: not malformed.
      .filter((t) => !parses(`{${t}`))
      .map((t) => ({ body: Buffer.from(`{${t}`), what: 'malformed JSON' })),
    invalid(op.body).map((v) => ({ body: json(v).subarray(0, Math.max(1, json(v).length - 1)), what: 'truncated JSON' })),
    fc.integer({ min: 1, max: 200_000 }).map((n) => ({ body: Buffer.from('['.repeat(n) + ']'.repeat(n)), what: `nested ${n} deep` })),
    fc.integer({ min: 1000, max: 100_000 }).map((n) => ({ body: Buffer.from('{"a":'.repeat(n) + '1' + '}'.repeat(n)), what: `objects nested ${n} deep` })),
    fc
      .constantFrom('', ' ', 'null', '0', '"x"', 'true', '[]', '{}', '\ufeff{}', 'NaN', '{"status":1e400}')
      // A UTF-8 BOM before the JSON is read past (RFC 8259 §8.1 allows it): \ufeff{} is {} too.
      .filter((t) => (t !== '{}' && t !== '\ufeff{}') || !ACCEPTS_EMPTY_BODY.has(`${op.method} ${op.path}`))
      .map((t) => ({ body: Buffer.from(t), what: `bare ${JSON.stringify(t)}` })),
    fc.tuple(invalid(op.body), fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6])).map(([v, bytes]) => {
      const text = json(v);
      const at = Math.max(1, text.indexOf('"') + 1);
      return { body: Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at)]), what: 'invalid UTF-8' };
    }),
  );
  const body = fc.oneof({ weight: 6, arbitrary: badBody }, { weight: 3, arbitrary: malformed });
  const withJson = fc.tuple(params, jsonType, body).map(([p, contentType, b]) => ({ params: p, contentType, ...b }));
  const wrongContentType = fc
    .tuple(
      params,
      fc.constantFrom(
        null,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/jsonx',
        '*/*',
      ),
      fc.constant(valid(op.body)),
    )
    .map(([p, contentType, v]) => ({ params: p, contentType, body: json(v), what: `content type ${contentType}` }));
  return fc.oneof({ weight: 9, arbitrary: withJson }, { weight: 1, arbitrary: wrongContentType });
}

function send(op: Operation, c: Case): Promise<{ status: number; contentType: string | undefined; body: string }> {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params[name] ?? 'x'));
  return new Promise((done, fail) => {
    const req = httpRequest(
      `${server.base}${path}`,
      {
        method: op.method,
        agent,
        headers: { ...authHeaders(), ...(c.contentType ? { 'content-type': c.contentType } : {}), 'content-length': String(c.body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => done({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    // A 413 may close before the whole body is written; what matters is the answer.
    req.on('error', fail);
    req.end(c.body);
  });
}

describe('every write operation, fed bad input', () => {
  it('is found in the OpenAPI document', () => {
    const ops = writeOperations();
    expect(ops.map((o) => `${o.method} ${o.path}`)).toContain('POST /plans/{planId}/tasks/{code}/status');
  });

  it(`answers ${RUNS} bad requests with 4xx Problem Details and writes nothing`, async () => {
    const ops = writeOperations();
    const head = await h.store.headPosition();
    const seen = new Map<number, number>();
    let last = '';
    const arbitrary = fc.oneof(...ops.map((op) => cases(op).map((c) => ({ op, c }))));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ op, c }) => {
        let res: Awaited<ReturnType<typeof send>>;
        try {
          res = await send(op, c);
        } catch (error) {
          throw new Error(`after ${last}: ${(error as Error).message}`);
        }
        last = `${c.what} ${c.contentType} ${c.body.length}B -> ${res.status} ${res.body.slice(0, 100)}`;
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        const where = `${op.method} ${op.path} ${c.what} (${c.contentType}): ${res.status} ${res.body.slice(0, 300)}`;
        expect(res.status, where).toBeGreaterThanOrEqual(400);
        expect(res.status, where).toBeLessThan(500);
        expect(res.contentType, where).toBe('application/problem+json');
        let problem: { status?: unknown; errors?: unknown[] };
        try {
          problem = JSON.parse(res.body);
        } catch {
          throw new Error(`not JSON: ${where}`);
        }
        expect(problem.status, where).toBe(res.status);
        if (res.status === 422) expect(problem.errors?.length, where).toBeGreaterThan(0);
        expect(await h.store.headPosition(), where).toBe(head);
      }),
      { numRuns: RUNS },
    );
    expect(h.bugs).toEqual([]);
    // The mix reached every kind of refusal.
    for (const status of [400, 415, 422]) expect(seen.get(status) ?? 0, JSON.stringify([...seen])).toBeGreaterThan(0);
  }, 180_000);
});

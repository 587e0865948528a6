// The OpenAPI document tells the truth about bounds, both ways: every string, list and integer a
// request takes declares its bound, and for every bound it declares (maxLength, maxItems, minimum,
// maximum, enum) a request just past it is refused with a 4xx naming that field, nothing written.
// (Responses are held to their schemas by validateResponses, on in every behaviour test.) The budget
// headers the document declares arrive, and a 429 says when to retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { type Harness, startHarness, testOffice } from '../support/harness.ts';

type Schema = Record<string, any>;
type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A value for each path parameter that its schema takes, so that only the field under test is at fault. */
const PATH_VALUES: Record<string, string> = {
  planId: 'wuhan-2023-p1',
  code: '1.1',
  unitId: 'jxj',
  indicatorId: '1.1-1',
  quarter: '2023-Q2',
  period: '2023-05',
  year: '2023',
  revision: '1',
};

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

function resolver(doc: Doc) {
  return (s: Schema): Schema => {
    let node = s;
    while (node?.$ref) node = doc.components.schemas[String(node.$ref).split('/').pop()!]!;
    return node;
  };
}

/** Every string, array and integer under `schema` that declares no bound, by where it is. */
function unbounded(doc: Doc, schema: Schema, where: string): string[] {
  const resolve = resolver(doc);
  const out: string[] = [];
  const seen = new Set<Schema>();
  const walk = (raw: Schema, at: string): void => {
    const s = resolve(raw);
    if (!s || typeof s !== 'object' || seen.has(s)) return;
    seen.add(s);
    const types = typesOf(s);
    if (types.includes('string') && s.maxLength === undefined && s.enum === undefined && s.const === undefined) out.push(`${at}: string without maxLength`);
    if (types.includes('array') && s.maxItems === undefined) out.push(`${at}: array without maxItems`);
    if (types.includes('integer') && ((s.minimum ?? s.exclusiveMinimum) === undefined || (s.maximum ?? s.exclusiveMaximum) === undefined))
      out.push(`${at}: integer without a range`);
    for (const [key, value] of Object.entries(s.properties ?? {})) walk(value as Schema, `${at}/${key}`);
    if (s.items) walk(s.items, `${at}/0`);
    for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(branch, at);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}/*`);
  };
  walk(schema, where);
  return out;
}

interface Probe {
  /** JSON Pointer of the field, as the Problem's errors name it. */
  pointer: string;
  bound: string;
  /** The request body (or parameter value) holding a value just past the bound, and nothing else. */
  value: unknown;
}

/** A value an item schema takes, to fill a list one past its maxItems. */
function sample(s: Schema): unknown {
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const t = typesOf(s);
  if (t.includes('string')) return 'x';
  if (t.includes('integer') || t.includes('number')) return s.minimum ?? 0;
  if (t.includes('object')) return {};
  return null;
}

/** One probe per declared bound under `schema`; `wrap` puts a value where the field sits in the whole. */
function probes(doc: Doc, schema: Schema, pointer = '', wrap: (v: unknown) => unknown = (v) => v, depth = 0): Probe[] {
  const resolve = resolver(doc);
  const s = resolve(schema);
  if (!s || depth > 6) return [];
  // A nullable field is anyOf [it, null]: its bounds are the field's. Other unions are left out: a
  // branch's field alone does not say which branch was meant.
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches) {
    const real = branches.filter((b) => resolve(b).type !== 'null');
    return real.length === 1 ? probes(doc, real[0]!, pointer, wrap, depth + 1) : [];
  }
  const out: Probe[] = [];
  const t = typesOf(s);
  if (t.includes('string') && s.maxLength !== undefined) out.push({ pointer, bound: `maxLength ${s.maxLength}`, value: wrap('x'.repeat(s.maxLength + 1)) });
  if (s.enum?.every((v: unknown) => typeof v === 'string')) out.push({ pointer, bound: 'enum', value: wrap('not-one-of-them') });
  if (t.includes('integer') || t.includes('number')) {
    if (s.maximum !== undefined) out.push({ pointer, bound: `maximum ${s.maximum}`, value: wrap(s.maximum + 1) });
    if (s.minimum !== undefined) out.push({ pointer, bound: `minimum ${s.minimum}`, value: wrap(s.minimum - 1) });
  }
  if (t.includes('array') && s.items) {
    const item = resolve(s.items);
    if (s.maxItems !== undefined)
      out.push({ pointer, bound: `maxItems ${s.maxItems}`, value: wrap(Array.from({ length: s.maxItems + 1 }, () => sample(item))) });
    out.push(...probes(doc, s.items, `${pointer}/0`, (v) => wrap([v]), depth + 1));
  }
  if (t.includes('object') || s.properties) {
    for (const [key, value] of Object.entries(s.properties ?? {})) {
      out.push(...probes(doc, value as Schema, `${pointer}/${key}`, (v) => wrap({ [key]: v }), depth + 1));
    }
  }
  return out;
}

/** A parameter's value in a URL: a list is sent comma-separated, as the route binder splits it. */
const inUrl = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));

describe('the OpenAPI document tells the truth about bounds', () => {
  let h: Harness;
  let doc: Doc;
  let request: (path: string, init?: RequestInit) => Promise<Response>;

  beforeAll(async () => {
    h = await startHarness();
    // Bounds, not access, are under test: every caller is the office and may do anything, so that a
    // request gets as far as its body's parse.
    const { hono } = createHttpApp(h.app, {
      validateResponses: true,
      access: { authenticate: async () => testOffice, authorize: async () => {} },
      onBug: (e) => void h.bugs.push(e),
    });
    request = async (path, init) => hono.request(path, init);
    doc = (await (await request('/openapi.json')).json()) as Doc;
  });
  afterAll(async () => {
    expect(h.bugs).toEqual([]);
    await h.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Record<string, any> })),
    );

  it('declares a bound for every string, list and integer a request takes', () => {
    const missing = operations().flatMap(({ path, method, op }) => [
      ...(op.parameters ?? []).flatMap((p: Schema) => unbounded(doc, p.schema, `${method.toUpperCase()} ${path} ${p.in} ${p.name}`)),
      ...(op.requestBody ? unbounded(doc, op.requestBody.content['application/json'].schema, `${method.toUpperCase()} ${path} body`) : []),
    ]);
    expect(missing).toEqual([]);
  });

  it('refuses a value just past each declared bound with a 4xx naming the field, and writes nothing', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const params = (op.parameters ?? []) as Schema[];
      const url = (pathOverride: Record<string, string> = {}, query = '') =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathOverride[name] ?? PATH_VALUES[name] ?? 'x1')) + query;
      const send = async (where: 'path' | 'query' | 'body', probe: Probe, target: string, body?: unknown) => {
        const before = await h.store.headPosition();
        const res = await request(target, {
          method: method.toUpperCase(),
          ...(op.requestBody ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : {}),
        });
        const problem = res.status >= 400 && res.status < 500 ? ((await res.json()) as { errors?: { in: string; pointer: string }[] }) : undefined;
        const named = problem?.errors?.some((e) => e.in === where && e.pointer === probe.pointer);
        const after = await h.store.headPosition();
        checked += 1;
        if (!named || after !== before) {
          failures.push(
            `${method.toUpperCase()} ${path} ${where} ${probe.pointer} past ${probe.bound}: ${res.status}${named ? '' : ' not naming it'}${after !== before ? ', and wrote' : ''}`,
          );
        }
      };
      for (const p of params.filter((p) => p.in === 'path' || p.in === 'query')) {
        for (const probe of probes(doc, p.schema, `/${p.name}`)) {
          if (p.in === 'path') await send('path', probe, url({ [p.name]: inUrl(probe.value) }));
          else await send('query', probe, url({}, `?${p.name}=${encodeURIComponent(inUrl(probe.value))}`));
        }
      }
      if (op.requestBody) {
        for (const probe of probes(doc, op.requestBody.content['application/json'].schema)) {
          if (probe.pointer === '') continue; // the body as a whole: its size is bodyLimit's (413)
          await send('body', probe, url(), probe.value);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  }, 300_000);
});

describe('the request budget, as the document declares it', () => {
  let h: Harness;
  let hono: ReturnType<typeof createHttpApp>['hono'];
  let doc: Doc;
  let token: string;

  beforeAll(async () => {
    h = await startHarness();
    ({ hono } = createHttpApp(h.app, {
      validateResponses: true,
      auth: { requestsPerSecond: 1, burst: 5, now: () => 0 },
      corsOrigins: ['https://oa.example.gov.cn'],
      onBug: (e) => void h.bugs.push(e),
    }));
    doc = (await (await hono.request('/openapi.json')).json()) as Doc;
    token = (await h.app.issueToken({ name: 'office', role: 'office', actor: testOffice.actor })).token;
  });
  afterAll(async () => {
    expect(h.bugs).toEqual([]);
    await h.close();
  });

  const required = (path: string, status: number) =>
    Object.entries((doc.paths[path]!.get.responses[String(status)].headers ?? {}) as Record<string, Schema>)
      .filter(([, header]) => header.required)
      .map(([name]) => name);

  it("sends the headers every 2xx declares, counts down a token's budget, and a 429 says when to retry", async () => {
    const get = () => hono.request('/plans/wuhan-2023-p1', { headers: { authorization: `Bearer ${token}` } });
    const first = await get();
    expect(first.status).toBe(200);
    const declared = required('/plans/{planId}', 200);
    expect(declared).toEqual(expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']));
    for (const name of declared) expect(first.headers.get(name), name).toMatch(/^\d+$/);
    expect(first.headers.get('RateLimit-Limit')).toBe('5');
    expect(first.headers.get('RateLimit-Remaining')).toBe('4');
    for (let i = 0; i < 4; i++) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(required('/plans/{planId}', 429)).toContain('Retry-After');
    expect(refused.headers.get('Retry-After')).toMatch(/^[1-9]\d*$/);
    expect(refused.headers.get('RateLimit-Remaining')).toBe('0');
  });

  it("gives a caller without a token its address's budget (on a public route, and on a refusal), and CORS headers to an allowed page", async () => {
    const health = await hono.request('/health');
    expect(health.status).toBe(200);
    for (const name of required('/health', 200)) expect(health.headers.get(name), name).toMatch(/^\d+$/);
    const declared = doc.paths['/health']!.get.responses['200'].headers as Record<string, Schema>;
    // CORS as configured: sent to an allowed origin only, so declared but not required.
    expect(declared['Access-Control-Allow-Origin']?.required).toBe(false);
    const fromPage = await hono.request('/health', { headers: { origin: 'https://oa.example.gov.cn' } });
    expect(fromPage.headers.get('Access-Control-Allow-Origin')).toBe('https://oa.example.gov.cn');
    expect(fromPage.headers.get('Access-Control-Expose-Headers')).toContain('RateLimit-Remaining');
    const anonymous = await hono.request('/plans');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('RateLimit-Limit')).toBe('5');
  });
});

// Hygiene rules that hold for every route, over a real socket: JSON bodies only, strict UTF-8, text
// rules, strict objects and query strings, 405 with Allow, 413 that closes its connection cleanly,
// security headers, CORS by allow-list, and Problem Details in the caller's language. Every refusal
// is Problem Details naming the field, and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authHeaders } from '../support/auth.ts';
import { type Harness, startHarness, type TestResponse } from '../support/harness.ts';
import { rawExchange, type SocketServer, serveHarness } from '../support/socket-server.ts';

const STATUS = '/plans/wuhan-2023-p1/tasks/1.1/status';
let h: Harness;
let server: SocketServer;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-11-27T09:00:00.000Z');
  server = await serveHarness(h, { corsOrigins: ['https://oa.example.gov.cn'] });
});
afterEach(async () => {
  await server.close();
  expect(h.bugs).toEqual([]);
  await h.close();
});

/** fetch over the socket, its json() loosely typed like the harness's. */
const request = (url: string, init?: RequestInit) => fetch(url, init) as Promise<TestResponse>;

const auth = () =>
  Object.entries(authHeaders())
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');

/** A raw POST: the bytes as given, Content-Type only when named. */
function rawPost(path: string, body: Buffer | string, contentType?: string, extra = '') {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head =
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${auth()}${extra}` +
    `${contentType ? `Content-Type: ${contentType}\r\n` : ''}Content-Length: ${bytes.length}\r\n\r\n`;
  return rawExchange(server.port, Buffer.concat([Buffer.from(head, 'latin1'), bytes]));
}

function post(json: unknown, headers: Record<string, string> = {}) {
  return request(server.base + STATUS, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(), ...headers },
    body: typeof json === 'string' ? json : JSON.stringify(json),
  });
}

/** Asserts a Problem naming these fields, and that nothing was written. */
async function expectRefused(res: TestResponse, status: number, pointers: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = await res.json();
  expect(problem.status).toBe(status);
  if (pointers.length) expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(pointers);
  expect(await h.store.headPosition()).toBe(1);
  return problem;
}

describe('request bodies', () => {
  it('must be sent as application/json: no Content-Type and other types are 415, written nothing', async () => {
    const body = JSON.stringify({ status: 'in_progress', reason: '开始' });
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=iso-8859-1']) {
      const res = await rawPost(STATUS, body, type);
      expect(res.status, String(type)).toBe(415);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body).type).toBe('/problems/unsupported-media-type');
    }
    expect(await h.store.headPosition()).toBe(1);
    expect((await rawPost(STATUS, body, 'application/json; charset=utf-8')).status).toBe(200);
  });

  it('must be valid UTF-8: a malformed byte is 400, not U+FFFD stored for ever', async () => {
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80] /* an encoded surrogate */, [0xe6, 0x88] /* cut short */]) {
      const body = Buffer.concat([Buffer.from('{"status":"in_progress","reason":"开始'), Buffer.from(bad), Buffer.from('"}')]);
      const res = await rawPost(STATUS, body, 'application/json');
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body).type).toBe('/problems/malformed-utf8');
    }
    expect(await h.store.headPosition()).toBe(1);
  });

  it('refuses control characters, lone surrogates, bidi controls and invisible-only text, naming the field', async () => {
    const reasons: [string, string][] = [
      ['\\u0000', 'NUL'],
      ['\\u001b[31m红\\u001b[0m', 'a terminal escape'],
      ['\\ud800', 'a lone surrogate'],
      ['\\udc00 low', 'a lone low surrogate'],
      ['审核\\u202e通过', 'a right-to-left override'],
      ['\\u2066x\\u2069', 'an isolate'],
      ['a\\u200fb', 'a right-to-left mark'],
      ['\\u200b\\u200b\\u200b', 'zero-width spaces only'],
      ['\\u3000 \\t', 'spaces only (and a tab)'],
      ['\\ufeff', 'a BOM only'],
    ];
    for (const [reason, what] of reasons) {
      const res = await post(`{"status":"in_progress","reason":"${reason}"}`);
      expect(res.status, what).toBe(422);
      const problem = await res.json();
      expect(
        problem.errors.map((e: { pointer: string }) => e.pointer),
        what,
      ).toContain('/reason');
    }
    const summary = await post({ status: 'in_progress', reason: '开始', evidence: { summary: '\u202e' } });
    await expectRefused(summary, 422, ['/evidence/summary']);
  });

  it('bounds text: a reason and an evidence summary take at most 2000 characters, links at most 20 of 500', async () => {
    await expectRefused(await post({ status: 'in_progress', reason: '长'.repeat(2001) }), 422, ['/reason']);
    await expectRefused(await post({ status: 'in_progress', reason: '开始', evidence: { summary: 'x'.repeat(2001) } }), 422, ['/evidence/summary']);
    const links = Array.from({ length: 21 }, (_, i) => `https://example.org/${i}`);
    await expectRefused(await post({ status: 'in_progress', reason: '开始', evidence: { summary: '见', links } }), 422, ['/evidence/links']);
    await expectRefused(
      await post({ status: 'in_progress', reason: '开始', evidence: { summary: '见', links: [`https://example.org/${'a'.repeat(500)}`] } }),
      422,
      ['/evidence/links/0'],
    );
  });

  it('takes links only as http(s) URLs or document numbers', async () => {
    const notDocumentNumbers = [
      'javascript:alert(1)〔2023〕1号',
      '<img/src=x/onerror=alert(1)>〔2023〕9号',
      '鄂政发[2022]3号',
      '武政办【2023】12号',
      '武政办〔23〕12号',
      '武政办〔2023〕012号',
      'ABC〔2023〕1号',
    ];
    for (const link of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'http://', '见附件', '', ...notDocumentNumbers]) {
      const res = await post({ status: 'in_progress', reason: '开始', evidence: { summary: '见', links: [link] } });
      await expectRefused(res, 422, ['/evidence/links/0']);
    }
    const res = await post({
      status: 'in_progress',
      reason: '开始',
      evidence: { summary: '见', links: ['武政办〔2023〕12号', '武政协办〔2023〕1号', 'https://www.wuhan.gov.cn/zwgk/'] },
    });
    expect(res.status).toBe(200);
  });

  it('keeps a multi-line reason (line breaks normalised) in NFC', async () => {
    const res = await post({ status: 'in_progress', reason: '一、已部署\r\n二、已落实 cafe\u0301' });
    expect(res.status).toBe(200);
    expect((await res.json()).task.reason).toBe('一、已部署\n二、已落实 café');
  });

  it('refuses unknown fields at every depth, __proto__ and constructor included', async () => {
    await expectRefused(await post('{"status":"in_progress","reason":"开始","__proto__":{"x":1}}'), 422, ['/__proto__']);
    await expectRefused(await post('{"status":"in_progress","reason":"开始","evidence":{"summary":"见","__proto__":{"admin":true}}}'), 422, [
      '/evidence/__proto__',
    ]);
    await expectRefused(await post('{"status":"in_progress","reason":"开始","evidence":{"summary":"见","constructor":1}}'), 422, ['/evidence/constructor']);
    await expectRefused(await post('{"status":"in_progress","reason":"开始","evidence":{"summary":"见","extra":1}}'), 422, ['/evidence/extra']);
  });

  it('refuses a body over 1 MiB from Content-Length, before reading it, and closes the connection cleanly', async () => {
    // Only the head is sent: the 413 cannot have waited for the body.
    const head = `POST ${STATUS} HTTP/1.1\r\nHost: localhost\r\n${auth()}Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n`;
    const headOnly = await rawExchange(server.port, head);
    expect(headOnly.status).toBe(413);
    expect(headOnly.headers.connection).toBe('close');
    expect(headOnly.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(headOnly.body)).toMatchObject({ type: '/problems/body-too-large', status: 413 });
    expect(headOnly.ended).toBe(true);
    expect(headOnly.error).toBeUndefined();

    // A client that goes on sending its body, then its next request on the same connection: it gets
    // the 413, a clean end and no reset; the next request is not taken as anything.
    const next = `GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n`;
    const sending = await rawExchange(server.port, Buffer.concat([Buffer.from(head), Buffer.alloc(1_500_000, 0x20)]), {
      andThen: Buffer.concat([Buffer.alloc(500_000, 0x20), Buffer.from(next)]),
    });
    expect(sending.status).toBe(413);
    expect(sending.headers.connection).toBe('close');
    expect(sending.ended).toBe(true);
    expect(sending.error).toBeUndefined();
    expect(sending.received.toString('latin1').match(/HTTP\/1\.1 /g)).toHaveLength(1);

    // A keep-alive client sees Connection: close and takes a new connection for its next request.
    const huge = await post({ status: 'in_progress', reason: '长'.repeat(600_000) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('connection')).toBe('close');
    expect((await request(`${server.base}/health`, { headers: authHeaders() })).status).toBe(200);
    expect(await h.store.headPosition()).toBe(1);
  });
});

describe('query strings', () => {
  it('refuses unknown parameters like unknown fields', async () => {
    for (const [path, pointer] of [
      ['/plans/wuhan-2023-p1/tasks?statuss=blocked', '/statuss'],
      ['/audit?planid=wuhan-2023-p1', '/planid'],
      ['/health?verbose=1', '/verbose'],
      ['/plans?__proto__=x', '/__proto__'],
    ] as const) {
      const res = await request(server.base + path, { headers: authHeaders() });
      expect(res.status, path).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).errors, path).toEqual([{ in: 'query', pointer, detail: `unknown parameter ${pointer.slice(1)}` }]);
    }
    expect((await request(`${server.base}/audit?planId=${'x'.repeat(65)}`, { headers: authHeaders() })).status).toBe(422);
  });
});

describe('methods', () => {
  it('answers a wrong method on a known path with 405 and Allow, an unknown path with 404', async () => {
    const cases: [string, string, string][] = [
      ['GET', STATUS, 'POST, OPTIONS'],
      ['DELETE', '/plans/wuhan-2023-p1', 'GET, HEAD, OPTIONS'],
      ['POST', '/plans', 'GET, HEAD, OPTIONS'],
      ['PUT', '/openapi.json', 'GET, HEAD, OPTIONS'],
      ['POST', '/docs', 'GET, HEAD, OPTIONS'],
      ['DELETE', '/docs/init.js', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await request(server.base + path, { method, headers: authHeaders() });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).type).toBe('/problems/method-not-allowed');
    }
    expect((await request(`${server.base}/nothing`, { method: 'DELETE' })).status).toBe(404);
    expect((await request(`${server.base}/docs/nothing.js`)).status).toBe(404);
    expect(await h.store.headPosition()).toBe(1);
  });

  it('answers CORS preflight for allowed origins only, and plain OPTIONS with Allow', async () => {
    const preflight = (origin: string) =>
      request(server.base + STATUS, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, if-match' },
      });
    const allowed = await preflight('https://oa.example.gov.cn');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://oa.example.gov.cn');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await request(`${server.base}/health`, { headers: { origin: 'https://oa.example.gov.cn' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://oa.example.gov.cn');
    expect(get.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(get.headers.get('access-control-expose-headers')).toContain('X-Request-Id'); // a page can quote it when it reports a fault
    const plain = await request(server.base + STATUS, { method: 'OPTIONS' });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('headers for browsers', () => {
  it('sets security headers everywhere, with a CSP /docs can live with', async () => {
    for (const path of ['/health', '/docs', '/nothing']) {
      const res = await request(server.base + path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("connect-src 'self'");
    }
    // Swagger UI's page loads only scripts from /docs, and no inline script, so script-src 'self' holds.
    const page = await (await request(`${server.base}/docs`)).text();
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="\/docs\//);
      expect(inline!.trim()).toBe('');
    }
  });

  it("lets no cache keep an authenticated response (Cache-Control: no-store), nor a public one but the docs' static files", async () => {
    const office = (await h.app.issueToken({ name: '督办室', role: 'office', actor: { id: 'test', role: 'system' } })).token;
    const bearer = { authorization: `Bearer ${office}` };
    const q2 = '/plans/wuhan-2023-p1/reports/quarterly/2023-Q2';
    expect((await h.request(`${q2}/publish`, { method: 'POST', json: {} })).status).toBe(201);
    const noStore = [
      ['GET', '/plans', bearer],
      ['GET', '/plans/wuhan-2023-p1/tasks/1.1', bearer],
      ['GET', `${q2}?format=csv`, bearer],
      ['POST', STATUS, bearer],
      ['GET', '/plans', {}], // the harness's office, authenticated too
      ['GET', '/plans', { authorization: 'Bearer dbn_wrongwrongwrongwrong' }], // 401
      ['GET', '/health', {}],
      ['GET', `${q2}?published=true`, {}], // a published bulletin: public, and no-store like every public answer (src/http/middleware/no-store.ts)
      ['GET', '/nothing', {}],
      ['GET', '/openapi.json', {}],
    ] as const;
    for (const [method, path, headers] of noStore) {
      const res = await request(server.base + path, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify({ status: 'in_progress', reason: '启动' }) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.headers.get('cache-control'), `${method} ${path} ${res.status}`).toBe('no-store');
    }
    // A live feed too (text/event-stream would say no-cache).
    const controller = new AbortController();
    const feed = await request(`${server.base}/events/stream`, { headers: bearer, signal: controller.signal });
    expect(feed.headers.get('cache-control')).toBe('no-store');
    controller.abort();
    expect((await request(`${server.base}/docs/swagger-ui.css`)).headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('names no origin by default (DUBAN_CORS_ORIGINS unset)', async () => {
    const plain = await serveHarness(h);
    try {
      const res = await request(`${plain.base}/health`, { headers: { origin: 'https://oa.example.gov.cn' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe("Problem Details in the caller's language", () => {
  it('speaks Chinese when Accept-Language prefers it; type and pointers stay as they are', async () => {
    const json = { status: 'in_progress', reason: '\u200b', extra: 1 };
    const zh = await (await post(json, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).json();
    const en = await (await post(json, { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' })).json();
    const none = await (await post(json)).json();
    expect(zh.type).toBe(en.type);
    expect(zh.errors.map((e: { pointer: string }) => e.pointer)).toEqual(en.errors.map((e: { pointer: string }) => e.pointer));
    expect(zh.title).toBe('请求内容无效');
    expect(en.title).toBe('Unprocessable Content');
    expect(none).toEqual(en);
    expect(zh.detail).toMatch(/^请求中有 2 处无效/);
    expect(zh.errors).toEqual(
      [
        { in: 'body', pointer: '/extra', detail: '未知字段 extra' },
        { in: 'body', pointer: '/reason', detail: '需要可见的文字，不能只有空白或不可见字符' },
      ].sort(
        (a, b) =>
          zh.errors.findIndex((e: { pointer: string }) => e.pointer === a.pointer) - zh.errors.findIndex((e: { pointer: string }) => e.pointer === b.pointer),
      ),
    );

    const zhHeaders = { 'accept-language': 'zh' };
    const missing = await request(`${server.base}/nothing`, { headers: zhHeaders });
    expect(await missing.json()).toMatchObject({ type: '/problems/not-found', title: '未找到' });
    expect(missing.headers.get('content-language')).toBe('zh-CN');
    expect(await (await request(server.base + STATUS, { headers: zhHeaders })).json()).toMatchObject({ title: '不支持该请求方法' });
    const type = await rawPost(STATUS, '{}', 'text/plain', 'Accept-Language: zh-TW\r\n');
    expect(JSON.parse(type.body)).toMatchObject({ title: '不支持的媒体类型', detail: '请求体须以 application/json（UTF-8）发送，而不是 text/plain' });
    const utf8 = await rawPost(STATUS, Buffer.from([0x7b, 0xff, 0x7d]), 'application/json', 'Accept-Language: zh\r\n');
    expect(JSON.parse(utf8.body)).toMatchObject({ title: '请求无法解析', detail: '请求体不是有效的 UTF-8 编码' });
    const big = await rawExchange(
      server.port,
      `POST ${STATUS} HTTP/1.1\r\nHost: x\r\nAccept-Language: zh\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n`,
    );
    expect(JSON.parse(big.body)).toMatchObject({ title: '请求体过大' });
    const zodOwn = await (await post({ status: 'done', reason: '开始' }, zhHeaders)).json();
    expect(zodOwn.errors[0]).toMatchObject({ pointer: '/status' });
    expect(zodOwn.errors[0].detail).toMatch(/[\u4e00-\u9fff]/);
    // A domain rule: Chinese title, and the detail too where it has a translation.
    await post({ status: 'in_progress', reason: '开始' });
    const rule = await (await post({ status: 'completed', reason: '完成' }, zhHeaders)).json();
    expect(rule).toMatchObject({ title: '请求内容无效', errors: [{ pointer: '/evidence', detail: '完成任务需要提供佐证材料摘要' }] });
  });
});

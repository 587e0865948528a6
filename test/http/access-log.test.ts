// The access log, captured from its pino logger over a real socket: one JSON line per request — its
// request id (the client's X-Request-Id when sane, else made, and answered either way), method, route
// template, status, milliseconds, client and actor — failed sign-ins and Node's own refusals included,
// never a token.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { rawExchange, type SocketServer, serveHarness } from '../support/socket-server.ts';

let h: Harness;
let server: SocketServer;
let lines: string[];
/** Woken at each line logged. */
let logged = () => {};
let office: { token: string; tokenId: string };

beforeEach(async () => {
  h = await startHarness();
  office = await h.app.issueToken({ name: '督办室', role: 'office', actor: { id: 'test', role: 'system' } });
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      logged();
      done();
    },
  });
  const log = pino({ base: null }, sink);
  server = await serveHarness(h, { access: undefined, accessLog: log }, { log });
});
afterEach(async () => {
  await server.close();
  expect(h.bugs).toEqual([]);
  await h.close();
});

const entries = (): any[] => lines.map((l) => JSON.parse(l));
/** The entries once `count` lines are logged; the deadline only keeps a missing line from hanging the test. */
const until = async (count: number) => {
  const deadline = Date.now() + 5000;
  while (lines.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${lines.length} of ${count} access log lines within 5 s:\n${lines.join('\n')}`);
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      logged = resolve;
      timer = setTimeout(resolve, left);
    });
    clearTimeout(timer);
  }
  return entries();
};

describe('the access log', () => {
  it('writes one JSON line per request: id, method, route template, status, ms, client and actor', async () => {
    const res = await fetch(`${server.base}/plans/wuhan-2023-p1/tasks/1.1?validAt=2026-11-27T08:00:00Z`, {
      headers: { authorization: `Bearer ${office.token}`, 'x-request-id': 'oa-7f3c-0001' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('oa-7f3c-0001');
    const [line] = await until(1);
    expect(line).toMatchObject({
      msg: 'request',
      requestId: 'oa-7f3c-0001',
      method: 'GET',
      route: '/plans/:planId/tasks/:code',
      path: '/plans/wuhan-2023-p1/tasks/1.1',
      status: 200,
      client: '127.0.0.1',
      actor: office.tokenId,
    });
    expect(typeof line.ms).toBe('number');
    expect(line.ms).toBeGreaterThanOrEqual(0);
    expect(lines).toHaveLength(1);
  });

  it('makes a request id when the client sends none, or one that is not sane, and answers it', async () => {
    const made = await fetch(`${server.base}/health`);
    const insane = await fetch(`${server.base}/health`, { headers: { 'x-request-id': 'has spaces; and "quotes"' } });
    const logged = await until(2);
    for (const [i, res] of [made, insane].entries()) {
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(logged[i]).toMatchObject({ requestId: id, route: '/health', status: 200, actor: null });
    }
  });

  it('logs failed sign-ins and other refusals with their problem, and never the token', async () => {
    const wrong = 'dbn_thisIsNotATokenOfThisStore0000';
    expect((await fetch(`${server.base}/plans`, { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    expect((await fetch(`${server.base}/plans`)).status).toBe(401);
    const forbidden = await h.app.issueToken({ name: '市经信局', role: 'unit', unitId: 'jxj', actor: { id: 'test', role: 'system' } });
    const post = await fetch(`${server.base}/plans/wuhan-2023-p1/tasks/1.1/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${forbidden.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', reason: '启动' }),
    });
    expect(post.status).toBe(403);
    expect((await fetch(`${server.base}/no/such/thing`, { headers: { authorization: `Bearer ${office.token}` } })).status).toBe(404);
    const logged = await until(4);
    expect(logged.map((l) => [l.method, l.route, l.status, l.actor, l.problem])).toEqual([
      ['GET', '/plans', 401, null, 'unauthorized'],
      ['GET', '/plans', 401, null, 'unauthorized'],
      ['POST', '/plans/:planId/tasks/:code/status', 403, forbidden.tokenId, 'forbidden'],
      ['GET', null, 404, null, 'not-found'],
    ]);
    const text = lines.join('\n');
    for (const secret of [wrong, forbidden.token, office.token]) expect(text).not.toContain(secret);
  });

  it('logs what Node refused before the app saw it', async () => {
    expect((await rawExchange(server.port, 'NOT HTTP AT ALL\r\n\r\n')).status).toBe(400);
    const [line] = await until(1);
    expect(line).toMatchObject({ status: 400, problem: 'malformed-request', client: '127.0.0.1' });
  });
});

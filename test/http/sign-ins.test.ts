// Failed sign-ins over a real socket: an address that sends bad tokens is throttled (429), but the
// right token from that same address still gets in; behind a proxy named in configuration the client
// is the one it forwarded for (Forwarded or X-Forwarded-For), from anyone else those headers count
// for nothing; the Bearer scheme is read in any case.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { type SocketServer, serveHarness } from '../support/socket-server.ts';

let h: Harness;
let server: SocketServer | undefined;
let office: string;
const BAD = 'Bearer dbn_wrongwrongwrongwrongwrong';

beforeEach(async () => {
  h = await startHarness();
  office = (await h.app.issueToken({ name: '督办室', role: 'office', actor: { id: 'test', role: 'system' } })).token;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  expect(h.bugs).toEqual([]);
  await h.close();
});

const get = (headers: Record<string, string>) => fetch(`${server!.base}/plans`, { headers });

describe('failed sign-ins', () => {
  it('throttle the address that fails, never the right token: 40 bad tokens, then the office token is 200 and a 41st bad one 429', async () => {
    const now = Date.parse('2026-11-27T08:00:00Z');
    server = await serveHarness(h, { access: undefined, auth: { now: () => now } }); // the real access control, 30 failures a minute
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get({ authorization: BAD })).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));

    const valid = await get({ authorization: `Bearer ${office}` });
    expect(valid.status).toBe(200);
    const refused = await get({ authorization: BAD });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ type: '/problems/too-many-failed-authentications' });
    // No token at all is a failure like a wrong one.
    expect((await get({})).status).toBe(429);
    expect((await get({ authorization: `Bearer ${office}` })).status).toBe(200);
  });

  it('read the Bearer scheme in any case', async () => {
    server = await serveHarness(h);
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect((await get({ authorization: `${scheme} ${office}` })).status, scheme).toBe(200);
    }
    expect((await get({ authorization: `Basic ${office}` })).status).toBe(401);
  });
});

describe('the client behind a proxy', () => {
  it('is the one a trusted proxy forwarded for (X-Forwarded-For, Forwarded): clients behind it are throttled apart', async () => {
    server = await serveHarness(h, { access: undefined, trustedProxies: ['127.0.0.0/8'], auth: { failuresPerMinute: 2, now: () => 0 } });
    const from = (client: string) => ({ authorization: BAD, 'x-forwarded-for': client });
    expect((await get(from('203.0.113.7'))).status).toBe(401);
    expect((await get(from('203.0.113.7'))).status).toBe(401);
    expect((await get(from('203.0.113.7'))).status).toBe(429);
    // Another client behind the same proxy has its own count.
    expect((await get(from('203.0.113.8'))).status).toBe(401);
    // A client cannot shed its count by prepending an address of its choosing: the nearest untrusted hop counts.
    expect((await get(from('198.51.100.1, 203.0.113.7'))).status).toBe(429);
    // Forwarded (RFC 7239) says the same, quoted, bracketed or with a port.
    expect((await get({ authorization: BAD, forwarded: 'for="203.0.113.7:4711";proto=https' })).status).toBe(429);
    expect((await get({ authorization: BAD, forwarded: 'for="[2001:db8::1]"' })).status).toBe(401);
    expect((await get({ authorization: BAD, forwarded: 'For="[2001:db8::1]:80"' })).status).toBe(401);
    expect((await get({ authorization: BAD, forwarded: 'for=2001:db8::1' })).status).toBe(429); // malformed: the proxy's own address, fresh
  });

  it("is the socket's address when no proxy is trusted: the headers are ignored, and a new address in each does not help", async () => {
    server = await serveHarness(h, { access: undefined, trustedProxies: [], auth: { failuresPerMinute: 2, now: () => 0 } });
    expect((await get({ authorization: BAD, 'x-forwarded-for': '203.0.113.1' })).status).toBe(401);
    expect((await get({ authorization: BAD, 'x-forwarded-for': '203.0.113.2' })).status).toBe(401);
    expect((await get({ authorization: BAD, 'x-forwarded-for': '203.0.113.3' })).status).toBe(429);
    expect((await get({ authorization: BAD, forwarded: 'for=203.0.113.4' })).status).toBe(429);
  });

  it('refuses a trusted proxy that is not an address or a range, naming it', async () => {
    const { createHttpApp } = await import('../../src/http/app.ts');
    expect(() => createHttpApp(h.app, { trustedProxies: ['10.0.0.0/33'] })).toThrow(/"10\.0\.0\.0\/33"/);
    expect(() => createHttpApp(h.app, { trustedProxies: ['proxy.example'] })).toThrow(/"proxy\.example"/);
  });
});

// The connection, bounded, over real sockets: live feeds capped per token and in all (429 Problem with
// Retry-After); a client that stalls in its headers or trickles its body is answered 408 and cut off
// within the configured time; connections beyond the cap are closed at once; and what Node answers
// itself — a malformed request (400), headers too large (431) — is Problem Details like the rest.
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { parseResponse, rawExchange, type SocketServer, serveHarness } from '../support/socket-server.ts';

let h: Harness;
let server: SocketServer | undefined;
const feeds = new Set<AbortController>();

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  for (const feed of feeds) feed.abort();
  feeds.clear();
  await server?.close();
  server = undefined;
  expect(h.bugs).toEqual([]);
  await h.close();
});

const issue = async (name: string) => (await h.app.issueToken({ name, role: 'office', actor: { id: 'test', role: 'system' } })).token;

/** Opens a live feed and answers its response once the head has arrived; the body stays open until the test aborts it. */
async function openFeed(token: string): Promise<{ res: Response; close(): void }> {
  const controller = new AbortController();
  feeds.add(controller);
  const res = await fetch(`${server!.base}/events/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (res.status !== 200) feeds.delete(controller);
  return { res, close: () => controller.abort() };
}

/**
 * Polls until the check holds: what it waits for is the server (or the client's socket) noticing a
 * connection over the wire, which no event here tells the test; the deadline only turns a hang into a failure.
 */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within the time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('live feeds', () => {
  it('are capped per token: the one past the cap is a 429 Problem with Retry-After, and a closed feed gives its place back', async () => {
    server = await serveHarness(h, { access: undefined, liveFeeds: { perToken: 3, total: 100 } });
    const [a, b] = [await issue('接口 A'), await issue('接口 B')];
    const open = [await openFeed(a), await openFeed(a), await openFeed(a)];
    for (const feed of open) expect(feed.res.status).toBe(200);
    const refused = (await openFeed(a)).res;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ type: '/problems/too-many-live-feeds', status: 429 });
    // Another token is not held back by this one.
    expect((await openFeed(b)).res.status).toBe(200);
    open[0]!.close();
    await eventually(async () => {
      const again = await openFeed(a);
      return again.res.status === 200;
    });
  });

  it('are capped in all', async () => {
    server = await serveHarness(h, { access: undefined, liveFeeds: { perToken: 20, total: 2 } });
    const [a, b] = [await issue('接口 A'), await issue('接口 B')];
    expect((await openFeed(a)).res.status).toBe(200);
    expect((await openFeed(b)).res.status).toBe(200);
    const refused = (await openFeed(b)).res;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/the server already serves 2 live feeds/);
  });

  it('are 20 per token and 1000 in all by default', async () => {
    server = await serveHarness(h, { access: undefined });
    const a = await issue('接口 A');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await openFeed(a)).res.status);
    expect(statuses).toEqual([...Array(20).fill(200), 429]);
    const doc = (await (await fetch(`${server.base}/openapi.json`)).json()) as { paths: Record<string, { get: { description: string } }> };
    expect(doc.paths['/events/stream']!.get.description).toContain('20 streams open at once and the server 1000 in all');
  });
});

/** Writes chunks on a raw connection as told and reads until the server closes it: what came back, and when. */
function stallingClient(port: number, chunks: { afterMs: number; data: string }[]): Promise<{ received: Buffer; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    const timers = chunks.map((c) => setTimeout(() => socket.writable && socket.write(c.data), c.afterMs));
    const giveUp = setTimeout(() => reject(new Error('the server kept the connection open for 10 s')), 10_000);
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', () => {}); // a reset after the answer: what was received counts
    socket.on('close', () => {
      for (const t of [...timers, giveUp]) clearTimeout(t);
      resolve({ received: Buffer.concat(received), closedAfterMs: Date.now() - started });
    });
  });
}

describe('slow clients', () => {
  const limits = { headersTimeoutMs: 600, requestTimeoutMs: 1200 };

  it('that send half their headers and stall are answered 408 (Problem Details) and cut off within the headers timeout', async () => {
    server = await serveHarness(h, {}, limits);
    const { received, closedAfterMs } = await stallingClient(server.port, [{ afterMs: 0, data: 'GET /health HTTP/1.1\r\nHost: duban\r\nAccept: appl' }]);
    expect(closedAfterMs).toBeGreaterThanOrEqual(500);
    expect(closedAfterMs).toBeLessThan(2_500);
    const res = parseResponse(received);
    expect(res.status).toBe(408);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ type: '/problems/request-timeout', status: 408 });
  });

  it('that trickle their body are cut off within the request timeout, headers sent in time or not', async () => {
    server = await serveHarness(h, {}, limits);
    const head = 'POST /plans/wuhan-2023-p1/tasks/1.1/status HTTP/1.1\r\nHost: duban\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{';
    const trickle = Array.from({ length: 60 }, (_, i) => ({ afterMs: 100 * (i + 1), data: ' ' })); // a byte every 100 ms, 6 s in all
    const { received, closedAfterMs } = await stallingClient(server.port, [{ afterMs: 0, data: head }, ...trickle]);
    expect(closedAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(closedAfterMs).toBeLessThan(3_500);
    expect(parseResponse(received).status).toBe(408);
    expect(await h.store.headPosition()).toBe(1); // nothing written
  });

  it('leave a live feed alone: the request timeout ends once a request has arrived whole', async () => {
    server = await serveHarness(h, { heartbeatMs: 100 }, limits);
    const controller = new AbortController();
    feeds.add(controller);
    const res = await fetch(`${server.base}/events/stream`, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const started = Date.now();
    let text = '';
    while (Date.now() - started < 2_000) text += (await reader.read()).value ?? ''; // past both timeouts
    const late = (await reader.read()).value ?? '';
    expect(text).toContain('event: PlanAdopted');
    expect(late).toContain(': heartbeat');
  });

  it("leave an idle keep-alive connection alone: the headers timeout runs from a request's first byte", async () => {
    server = await serveHarness(h, {}, limits);
    const socket = connect({ port: server.port, host: '127.0.0.1' });
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const request = 'GET /health HTTP/1.1\r\nHost: duban\r\n\r\n';
    socket.write(request);
    await eventually(async () => received.includes('"status":"ok"'));
    await new Promise((r) => setTimeout(r, 1_500)); // idle past both timeouts: real time, as the server's timers are
    expect(socket.readyState).toBe('open');
    received = '';
    socket.write(request);
    await eventually(async () => received.includes('"status":"ok"'));
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
  });
});

describe('the connection cap', () => {
  it('closes connections beyond it at once, and takes new ones when a place is free', async () => {
    server = await serveHarness(h, {}, { maxConnections: 2 });
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect({ port: server!.port, host: '127.0.0.1' }, () => resolve(socket));
        socket.on('error', reject);
      });
    const held = [await open(), await open()];
    // Node counts a connection once it has accepted it; the two above are in by the time a request on them is answered.
    for (const socket of held) {
      const answered = new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
      socket.write('GET /health HTTP/1.1\r\nHost: duban\r\n\r\n');
      expect(await answered).toMatch(/^HTTP\/1\.1 200/);
    }
    const third = await rawExchange(server.port, 'GET /health HTTP/1.1\r\nHost: duban\r\n\r\n').then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.message,
    );
    expect(third).toMatch(/no complete response head in ""/); // closed without a byte
    held[0]!.destroy();
    await eventually(async () => {
      try {
        return (await rawExchange(server!.port, 'GET /health HTTP/1.1\r\nHost: duban\r\nConnection: close\r\n\r\n')).status === 200;
      } catch {
        return false;
      }
    });
    held[1]!.destroy();
  });
});

describe('what Node answers itself', () => {
  it('is Problem Details: a malformed request line is 400, headers over the limit 431', async () => {
    server = await serveHarness(h);
    const malformed = await rawExchange(server.port, 'GARBAGE / HTTP/1.1 extra\r\n\r\n');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(malformed.body)).toMatchObject({ type: '/problems/malformed-request', title: 'Bad Request', status: 400 });
    expect(malformed.ended).toBe(true);

    const huge = await rawExchange(server.port, `GET /health HTTP/1.1\r\nHost: duban\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(huge.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(huge.body)).toMatchObject({ type: '/problems/headers-too-large', status: 431 });
  });
});

// `duban serve`'s HTTP edge as a user sets it: DUBAN_* variables and flags for the trusted proxies,
// the live-feed caps and the header timeout reach the server, the access log goes to stdout as JSON
// lines, and a setting that cannot be honoured is refused before the store is opened.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'duban-edge-'));
const store = `sqlite:${join(dir, 'duban.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('duban serve at the edge', () => {
  it('takes its limits from the environment, and logs each request as a JSON line', async () => {
    const server = await serveProcess({ DUBAN_STORE: store, DUBAN_SSE_PER_TOKEN: '1', DUBAN_HEADERS_TIMEOUT_SECONDS: '1', DUBAN_TRUSTED_PROXIES: '127.0.0.1' });
    const feeds = new AbortController();
    try {
      const token = readFileSync(join(dir, 'office-token'), 'utf8').trim();
      const auth = { authorization: `Bearer ${token}` };
      const first = await fetch(`${server.url}/events/stream`, { headers: auth, signal: feeds.signal });
      expect(first.status).toBe(200);
      expect((await fetch(`${server.url}/events/stream`, { headers: auth, signal: feeds.signal })).status).toBe(429);

      const res = await fetch(`${server.url}/plans/wuhan-2023-p1/tasks/1.1`, {
        headers: { ...auth, 'x-request-id': 'cli-edge-1', 'x-forwarded-for': '203.0.113.5' },
      });
      expect(res.status).toBe(200);
      await server.waitFor('"requestId":"cli-edge-1"');
      const line = JSON.parse(server.logs.find((l) => l.includes('"requestId":"cli-edge-1"'))!);
      expect(line).toMatchObject({ msg: 'request', route: '/plans/:planId/tasks/:code', status: 200, client: '203.0.113.5' });
      const requests = server.logs.filter((l) => l.includes('"msg":"request"'));
      expect(requests.length).toBeGreaterThanOrEqual(3);
      for (const l of requests) expect(l).not.toContain(token);

      // Half a request, then nothing: a 408 within the second given, plus the server's look-round.
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect({ port: server.port, host: '127.0.0.1' });
        let got = '';
        socket.on('data', (d: Buffer) => (got += d.toString()));
        socket.on('error', () => {});
        socket.on('close', () => resolve(got));
        socket.write('GET /health HTTP/1.1\r\nHost: duban\r\n');
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      feeds.abort();
      await server.stop();
    }
  }, 60_000);

  it('refuses a limit it cannot honour, naming it, before it opens the store', () => {
    const never = join(dir, 'never.db');
    for (const [flag, value, says] of [
      ['--trusted-proxies', '10.0.0.0/40', 'not "10.0.0.0/40"'],
      ['--max-connections', '1.5', 'a whole number from 1'],
      ['--headers-timeout', '0', 'a number of seconds above 0'],
    ] as const) {
      const run = spawnSync(process.execPath, [bin, 'serve', flag, value, '--store', `sqlite:${never}`, '--port', '0'], { encoding: 'utf8' });
      expect(run.status, `${flag} ${value}`).not.toBe(0);
      expect(run.stderr, `${flag} ${value}`).toContain(`'${flag}`);
      expect(run.stderr, `${flag} ${value}`).toContain(says);
    }
    expect(() => statSync(never)).toThrow();
  });
});

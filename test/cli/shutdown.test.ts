// Stopping `duban serve` on SIGTERM/SIGINT, over a real socket: a request in flight when the signal
// comes still gets its 2xx and its write survives the restart; new connections are refused; the read
// model is checkpointed at the head (a restart has nothing to catch up); exit 0 — or exit 1 when the
// grace period runs out with a request still open.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServedProcess, serveProcess } from '../../scripts/serve-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'duban-shutdown-'));
const store = `sqlite:${join(dir, 'duban.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `duban serve` on this test's store, with these variables besides. */
function serve(extraEnv: Record<string, string> = {}): Promise<ServedProcess> {
  return serveProcess({ DUBAN_STORE: store, ...extraEnv });
}

function token(): string {
  return readFileSync(join(dir, 'office-token'), 'utf8').trim();
}

/** Opens a raw connection and sends a POST's headers and the first part of its body, holding the rest. */
async function halfRequest(port: number, path: string, body: string): Promise<{ socket: Socket; rest: Buffer; response: Promise<string> }> {
  const bytes = Buffer.from(body, 'utf8');
  const cut = Math.floor(bytes.length / 2);
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((done, fail) => socket.once('connect', done).once('error', fail));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const response = new Promise<string>((done) => socket.once('close', () => done(text)));
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token()}\r\ncontent-type: application/json\r\ncontent-length: ${bytes.length}\r\n\r\n`,
  );
  socket.write(bytes.subarray(0, cut));
  return { socket, rest: bytes.subarray(cut), response };
}

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('duban serve stops gracefully', () => {
  it('on SIGTERM: finishes the request in flight (2xx, kept), refuses new connections, checkpoints the read model, exits 0', async () => {
    const first = await serve();
    const path = '/plans/wuhan-2023-p1/tasks/2.3/status';
    const inFlight = await halfRequest(first.port, path, JSON.stringify({ status: 'in_progress', reason: '停机前提交的进展' }));
    await new Promise((r) => setTimeout(r, 100)); // the server has the headers and half the body (another process: no event to wait on)
    first.child.kill('SIGTERM');
    await first.waitFor('stopping: no new connections');
    expect(await refused(first.port)).toBe('ECONNREFUSED');
    expect(first.child.exitCode).toBeNull(); // still waiting on the request in flight
    inFlight.socket.write(inFlight.rest);
    const response = await inFlight.response;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('"status":"in_progress"');
    expect(response.toLowerCase()).toContain('connection: close'); // its connection ends with it, not at the keep-alive timeout
    expect(await first.exited).toBe(0);
    const stopped = first.logs.find((l) => l.includes('stopped; read model checkpoint at'));
    expect(stopped).toBeDefined();
    const checkpoint = (JSON.parse(stopped!) as { checkpoint: number }).checkpoint;

    const second = await serve();
    try {
      // Nothing to catch up: the checkpoint the first process left is the head, its last digest included.
      expect(second.logs.join('\n')).toContain(`read model resumed from its checkpoint at ${checkpoint}, caught up to ${checkpoint}`);
      const auth = { authorization: `Bearer ${token()}` };
      const task = await (await fetch(`${second.url}/plans/wuhan-2023-p1/tasks/2.3`, { headers: auth })).json();
      expect(task).toMatchObject({ status: 'in_progress', reason: '停机前提交的进展', revision: 1 });
      expect(await (await fetch(`${second.url}/health`)).json()).toMatchObject({ position: checkpoint });
    } finally {
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0); // SIGINT stops it the same way
    }
    expect(second.logs.join('\n')).toContain('"signal":"SIGINT"');
  });

  it('on SIGINT with nothing in flight: exits 0 with the read model at the head', async () => {
    const server = await serve();
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    const stopped = server.logs.find((l) => l.includes('stopped; read model checkpoint at'));
    expect(stopped).toBeDefined();
    const again = await serve();
    const checkpoint = (JSON.parse(stopped!) as { checkpoint: number }).checkpoint;
    expect(again.logs.join('\n')).toContain(`read model resumed from its checkpoint at ${checkpoint}, caught up to ${checkpoint}`);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('exits 1 with a log line when a request is still in flight after the grace period', async () => {
    const server = await serve({ DUBAN_SHUTDOWN_GRACE_SECONDS: '1' });
    const held = await halfRequest(server.port, '/plans/wuhan-2023-p1/tasks/2.3/status', JSON.stringify({ status: 'in_progress', reason: '永远发不完' }));
    await new Promise((r) => setTimeout(r, 100)); // the server has the headers and half the body (another process: no event to wait on)
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.logs.join('\n')).toContain('requests still in flight after 1 s: exiting without them');
    held.socket.destroy();
  });
});

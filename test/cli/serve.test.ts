// The `duban` command as a user runs it: real processes on a temp store — serve adopts the bundled
// plan once, a change survives a restart of the process, import adopts another plan file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'duban-cli-'));
const store = `sqlite:${join(dir, 'duban.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, DUBAN_STORE: store, PORT: '0', HOST: '127.0.0.1' };

/** `duban serve` on this test's store. */
const serve = () => serveProcess({ DUBAN_STORE: store });

let auth: Record<string, string> = {};

describe('duban serve', () => {
  it('adopts the bundled plan on an empty store, keeps a change across a restart, and adopts nothing the second time', async () => {
    const first = await serve();
    expect(first.logs.join('\n')).toContain('empty store: adopted plan wuhan-2023-p1');
    expect(first.logs.join('\n')).toContain(join(dir, 'duban.db'));
    // The first start prints an office token once and keeps it in the data folder, for its owner only.
    const tokenFile = join(dir, 'office-token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^dbn_[A-Za-z0-9_-]{43}$/);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(first.logs.join('\n')).toContain(`office token (shown once; also in ${tokenFile}, readable only by you): ${token}`);
    // The log says where to sign in, and with which token — without printing it a second time.
    await first.waitFor(`console: ${first.url}/console/ — sign in with the office token (in ${tokenFile})`);
    expect(first.logs.join('\n').split(token).length - 1).toBe(1);
    const change = (url: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
      fetch(`${url}/plans/wuhan-2023-p1/tasks/2.3/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'cli-restart', ...headers },
        body: JSON.stringify({ status: 'in_progress', reason: '中试平台备案启动' }),
      });
    expect((await change(first.url, {})).status).toBe(401);
    const res = await change(first.url);
    expect(res.status).toBe(200);
    const firstBody = await res.text();
    auth = { authorization: `Bearer ${token}` };
    expect(await first.stop()).toBe(0);

    const second = await serve();
    try {
      expect(second.logs.join('\n')).not.toContain('adopted plan');
      const task = await (await fetch(`${second.url}/plans/wuhan-2023-p1/tasks/2.3`, { headers: auth })).json();
      expect(task).toMatchObject({ status: 'in_progress', reason: '中试平台备案启动', revision: 1 });
      const health = await (await fetch(`${second.url}/health`)).json();
      // 1 the plan, 2 the office token, 3 the change, 4 the digest the first server wrote as it stopped.
      expect(health).toMatchObject({ status: 'ok', position: 4, plans: 1 });
      const audit = (await (await fetch(`${second.url}/audit?type=DigestRecorded`, { headers: auth })).json()) as {
        items: { globalPosition: number; planId: string }[];
      };
      expect(audit.items.map((r: { globalPosition: number; planId: string }) => [r.globalPosition, r.planId])).toEqual([[4, '_system']]);
      expect(second.logs.join('\n')).toContain('read model resumed from its checkpoint at 4, caught up to 4'); // checkpointed as it stopped
      expect(second.logs.join('\n')).not.toContain('office token (shown once');
      await second.waitFor(`console: ${second.url}/console/ — sign in with the office token in ${tokenFile}`);
      expect(second.logs.join('\n')).not.toContain(token);
      // The Idempotency-Key outlived the process: the same POST replays the first answer, writes nothing.
      const replayed = await change(second.url);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(await replayed.text()).toBe(firstBody);
      expect(await (await fetch(`${second.url}/health`)).json()).toMatchObject({ position: 4 });
    } finally {
      await second.stop();
    }
  });

  it('ends open event streams when it stops, and exits 0 at once', async () => {
    const server = await serve();
    const res = await fetch(`${server.url}/events/stream`, { headers: auth });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: PlanAdopted');
    const started = Date.now();
    expect(await server.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000); // not held open by the stream or keep-alive
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()); // the server ended it
  });
});

describe('duban import and --help', () => {
  it('lists its subcommands', () => {
    const out = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/serve/);
    expect(out.stdout).toMatch(/import/);
  });

  it('refuses a time option that is not a number of seconds above 0, naming it, before it opens the store', () => {
    for (const [flag, value] of [
      ['--idempotency-hold', '0'],
      ['--idempotency-hold', 'soon'],
      ['--shutdown-grace', '-1'],
    ] as const) {
      const run = spawnSync(process.execPath, [bin, 'serve', flag, value, '--store', `sqlite:${join(dir, 'never.db')}`], { env, encoding: 'utf8' });
      expect(run.status, `${flag} ${value}`).toBe(2);
      expect(run.stderr, `${flag} ${value}`).toContain(`option '${flag} <seconds>' argument '${value}' is invalid. a number of seconds above 0`);
    }
    expect(() => statSync(join(dir, 'never.db'))).toThrow();
  });

  it('adopts another plan file, refuses it twice, and refuses an invalid one naming the field', () => {
    const plan = JSON.parse(readFileSync(new URL('../../plans/wuhan-2023-p1.json', import.meta.url), 'utf8'));
    plan.id = 'other-2024';
    const file = join(dir, 'other.json');
    writeFileSync(file, JSON.stringify(plan));
    const ok = spawnSync(process.execPath, [bin, 'import', file], { env, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('adopted plan other-2024');
    const again = spawnSync(process.execPath, [bin, 'import', file], { env, encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already adopted');

    plan.id = 'broken';
    plan.tasks[0].leadUnits = ['nobody'];
    writeFileSync(file, JSON.stringify(plan));
    const bad = spawnSync(process.execPath, [bin, 'import', file], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('tasks.0.leadUnits.0');
  });
});

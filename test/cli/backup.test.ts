// `duban store backup <file>`: an online, consistent copy of an embedded store taken while the real
// server runs and takes writes over HTTP; the copy verifies intact and holds at least what the store
// held when the backup began. Refuses a non-SQLite store and an existing file without --force.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'duban-backup-'));
const store = `sqlite:${join(dir, 'duban.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, DUBAN_STORE: store, PORT: '0', HOST: '127.0.0.1' };

const serve = () => serveProcess({ DUBAN_STORE: store });

function run(args: string[], extra: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('duban store backup', () => {
  it('copies a store the server is writing to; the copy verifies intact with at least the events it had when the backup began', async () => {
    const server = await serve();
    const auth = { authorization: `Bearer ${readFileSync(join(dir, 'office-token'), 'utf8').trim()}` };
    try {
      // Writes go on, through HTTP, for as long as the backup runs.
      let writing = true;
      let written = 0;
      let fifth = () => {};
      const fiveWritten = new Promise<void>((resolve) => (fifth = resolve));
      const writer = (async () => {
        // not_started → in_progress, then at_risk ↔ in_progress: each an allowed transition.
        const status = (n: number) => (n === 0 ? 'in_progress' : n % 2 === 1 ? 'at_risk' : 'in_progress');
        while (writing) {
          const res = await fetch(`${server.url}/plans/wuhan-2023-p1/tasks/2.3/status`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...auth },
            body: JSON.stringify({ status: status(written), reason: `第${written + 1}次更新` }),
          });
          if (res.status !== 200) throw new Error(`write ${written + 1}: ${res.status} ${await res.text()}`);
          written += 1;
          if (written === 5) fifth();
        }
      })();
      // The backup starts once five writes are in, or the test fails with the writer's error.
      await Promise.race([fiveWritten, writer]);
      const before = ((await (await fetch(`${server.url}/health`)).json()) as { position: number }).position;
      const file = join(dir, 'backup.db');
      const backup = await run(['store', 'backup', file]);
      writing = false;
      await writer;
      expect(backup.stderr).toBe('');
      expect(backup.status).toBe(0);
      expect(backup.stdout).toMatch(/^backed up sqlite .*duban\.db to .*backup\.db: \d+ events \(head position \d+\)/);
      expect(written).toBeGreaterThan(5);
      expect(statSync(file).mode & 0o777).toBe(0o600); // a copy of the store is as private as the store

      const verify = await run(['verify', '--store', `sqlite:${file}`]);
      expect(verify.status).toBe(0);
      const match = /^intact: (\d+) events, head digest /.exec(verify.stdout);
      expect(match, verify.stdout).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThanOrEqual(before);

      // An existing file is kept unless --force.
      const again = await run(['store', 'backup', file]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('exists; pass --force to replace it');
      const forced = await run(['store', 'backup', file, '--force']);
      expect(forced.status).toBe(0);
      expect((await run(['verify', '--store', `sqlite:${file}`])).stdout).toMatch(/^intact: /);
    } finally {
      await server.stop();
    }
  });

  it('refuses a PostgreSQL or EventStoreDB store, a store that does not exist, and a file it would clobber', async () => {
    const pg = await run(['store', 'backup', join(dir, 'pg.db'), '--store', 'postgres://127.0.0.1:5432/test']);
    expect(pg.status).toBe(2);
    expect(pg.stderr).toContain('back up PostgreSQL with pg_dump');
    const esdb = await run(['store', 'backup', join(dir, 'es.db'), '--store', 'esdb://127.0.0.1:2113']);
    expect(esdb.status).toBe(2);
    expect(esdb.stderr).toContain('embedded (sqlite:) store');
    const none = await run(['store', 'backup', join(dir, 'x.db'), '--store', `sqlite:${join(dir, 'nothing.db')}`]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('there is no store at');
    expect(existsSync(join(dir, 'nothing.db'))).toBe(false);
    const taken = join(dir, 'taken.db');
    writeFileSync(taken, 'mine');
    const clobber = await run(['store', 'backup', taken]);
    expect(clobber.status).toBe(2);
    expect(readFileSync(taken, 'utf8')).toBe('mine');
  });
});

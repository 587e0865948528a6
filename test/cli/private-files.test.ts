// `duban serve` keeps its secrets: a weak DUBAN_ADMIN_TOKEN is refused before anything is opened,
// and the store, the read model, their WAL files and the key files are the owner's alone (0600, the
// data folder 0700) — made so, or tightened at start when an older version left them readable.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'duban-private-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('a hand-set DUBAN_ADMIN_TOKEN', () => {
  it('is refused at start when weak: one line saying how to make a good one, exit 2, no store made', () => {
    const data = join(root, 'weak');
    const run = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--store', `sqlite:${join(data, 'duban.db')}`], {
      env: { ...process.env, DUBAN_ADMIN_TOKEN: 'a'.repeat(43) },
      encoding: 'utf8',
      timeout: 30_000, // a server that took the token would never end by itself
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^duban: DUBAN_ADMIN_TOKEN is too weak: .*randomBytes\(32\)\.toString\('base64url'\).*openssl rand -base64 32/);
    expect(existsSync(data)).toBe(false);
  });
});

describe('the files of a store', () => {
  it('are 0600 in a 0700 data folder, when made and when found readable by others', async () => {
    const data = join(root, 'data');
    const files = () => readdirSync(data).filter((f) => !f.endsWith('.tmp'));
    const url = `sqlite:${join(data, 'duban.db')}`;
    let running = await serveProcess({ DUBAN_STORE: url, DUBAN_ADMIN_TOKEN: '' });
    try {
      // A write, so that the WAL files are there.
      const office = readFileSync(join(data, 'office-token'), 'utf8').trim();
      const res = await fetch(`${running.url}/plans/wuhan-2023-p1/tasks/1.1/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'in_progress', reason: '启动' }),
      });
      expect(res.status).toBe(200);
      expect(files()).toEqual(
        expect.arrayContaining(['duban.db', 'duban.db-wal', 'duban.db-shm', 'duban.read-model.db', 'duban.read-model.db-wal', 'token-secret', 'office-token']),
      );
      expect(Object.fromEntries(files().map((f) => [f, mode(join(data, f)).toString(8)]))).toEqual(Object.fromEntries(files().map((f) => [f, '600'])));
      expect(mode(data).toString(8)).toBe('700');
    } finally {
      expect(await running.stop()).toBe(0);
    }

    // As an older version left them: readable by everyone. The next start closes them.
    for (const f of files()) chmodSync(join(data, f), 0o644);
    chmodSync(data, 0o755);
    running = await serveProcess({ DUBAN_STORE: url, DUBAN_ADMIN_TOKEN: '' });
    try {
      expect(Object.fromEntries(files().map((f) => [f, mode(join(data, f)).toString(8)]))).toEqual(Object.fromEntries(files().map((f) => [f, '600'])));
      expect(mode(data).toString(8)).toBe('700');
    } finally {
      expect(await running.stop()).toBe(0);
    }
  }, 60_000);

  it('makes a new data folder 0700, and leaves a shared sticky folder (like /tmp) as it is', async () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const run = spawnSync(
      process.execPath,
      [bin, 'import', new URL('../../plans/wuhan-2023-p1.json', import.meta.url).pathname, '--store', `sqlite:${join(shared, 'duban.db')}`],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(mode(join(shared, 'duban.db'))).toBe(0o600);

    const nested = join(root, 'new', 'deeper');
    const made = spawnSync(
      process.execPath,
      [bin, 'import', new URL('../../plans/wuhan-2023-p1.json', import.meta.url).pathname, '--store', `sqlite:${join(nested, 'duban.db')}`],
      {
        encoding: 'utf8',
      },
    );
    expect(made.status, made.stderr).toBe(0);
    expect(mode(nested)).toBe(0o700);
    for (const f of readdirSync(nested)) expect(mode(join(nested, f)), f).toBe(0o600);

    // The operator's export of everything (token hashes included) is theirs alone too.
    const exported = join(root, 'events.jsonl');
    const verify = spawnSync(process.execPath, [bin, 'verify', '--store', `sqlite:${join(nested, 'duban.db')}`, '--export', exported], { encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);
    expect(mode(exported)).toBe(0o600);
  }, 30_000);
});

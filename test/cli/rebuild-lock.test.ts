// `duban rebuild` drops the read model a running server reads: refused while a server holds the
// store (exit 2, naming --force), done with --force, and done once the server is gone — stopped, or
// killed with -9 (the lock goes with its process: nothing stale to clear). A server does not start
// while a rebuild holds the store. On SQLite and, when one answers, PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';
import { holdServerLock, takeRebuildLock } from '../../src/app/server-lock.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runDuban } from '../support/run-duban.ts';
import { sharedStoreTargets } from '../support/store-targets.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'duban-rebuild-lock-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const duban = (args: string[], env: Record<string, string>) => runDuban(args, { ...process.env, ...env });

for (const target of sharedStoreTargets()) {
  describe.skipIf(target.skip !== undefined)(`duban rebuild on a ${target.name} store${target.skip ? ` (skipped: ${target.skip})` : ''}`, () => {
    it('is refused while a server holds the store, done with --force, and done once the server is gone, even by kill -9', async () => {
      const { url, drop } = await target.create();
      const env = { DUBAN_STORE: url, DUBAN_ADMIN_TOKEN: '', DUBAN_DATA_DIR: dataDir };
      try {
        let server = await serveProcess(env);
        const refused = await duban(['rebuild'], env);
        expect(refused.status, refused.stderr).toBe(2);
        expect(refused.stderr.trim().split('\n')).toHaveLength(1);
        expect(refused.stderr).toMatch(/^duban: a running duban serve holds .*: stop it first, or pass --force/);
        expect(refused.stdout).toBe('');

        const forced = await duban(['rebuild', '--force'], env);
        expect(forced.status, forced.stderr).toBe(0);
        expect(forced.stdout).toMatch(/^rebuilt \d+ events/);

        expect(await server.stop()).toBe(0);
        const stopped = await duban(['rebuild'], env);
        expect(stopped.status, stopped.stderr).toBe(0);

        server = await serveProcess(env);
        server.child.kill('SIGKILL');
        await server.exited;
        const killed = await duban(['rebuild'], env);
        expect(killed.status, killed.stderr).toBe(0);
      } finally {
        await drop();
      }
    }, 120_000);

    it('lets several servers share a store, and keeps a server from starting during a rebuild', async () => {
      const { url, drop } = await target.create();
      const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
      try {
        const [a, b, c] = stores as [(typeof stores)[0], (typeof stores)[0], (typeof stores)[0]];
        const first = await holdServerLock(a);
        const second = await holdServerLock(b);
        expect(await takeRebuildLock(c)).toBeNull();
        await first.release();
        expect(await takeRebuildLock(c)).toBeNull(); // the second still holds it
        await second.release();
        const rebuilding = await takeRebuildLock(c);
        expect(rebuilding).not.toBeNull();
        await expect(holdServerLock(a)).rejects.toThrow(/a duban rebuild holds this store/);
        await rebuilding!.release();
        await (await holdServerLock(a)).release();
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await drop();
      }
    }, 30_000);
  });
}

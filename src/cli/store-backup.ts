// duban store backup: an online copy of an embedded store.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { StoreError } from '../store/errors.ts';
import { describeStore, parseStoreUrl } from '../store/open-store.ts';
import * as input from './options.ts';
import { storeOption } from './store-option.ts';

/**
 * An online, consistent copy of an embedded store while a server may be writing to it: SQLite's backup
 * API over a connection of its own, every page in one step (one read transaction — in WAL mode it does
 * not hold writers back), so the copy is the store as of one moment, never restarted by a write.
 */
async function backupCommand(file: string, options: { store: string; force?: boolean }) {
  const source = parseStoreUrl(options.store);
  if (source.kind !== 'sqlite') {
    throw new StoreError(
      source.kind === 'postgres'
        ? 'duban store backup copies an embedded (sqlite:) store; back up PostgreSQL with pg_dump'
        : 'duban store backup copies an embedded (sqlite:) store; back up EventStoreDB with its own backup tools',
    );
  }
  if (source.path === ':memory:') throw new StoreError('an in-memory store has nothing on disk to back up');
  if (!existsSync(source.path)) throw new StoreError(`there is no store at ${source.path}`);
  const target = resolve(file);
  if (target === source.path) throw new StoreError('the backup cannot be the store itself');
  if (existsSync(target)) {
    if (!options.force) throw new StoreError(`${target} exists; pass --force to replace it`);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
  }
  writeFileSync(target, '', { mode: 0o600, flag: 'wx' }); // a copy of the store is as private as the store
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(source.path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreError(`cannot open the SQLite store at ${source.path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    db.pragma('busy_timeout = 5000');
    const started = Date.now();
    // Returning the remaining page count makes the next step copy them all at once.
    const { totalPages } = await db.backup(target, { progress: ({ remainingPages }) => remainingPages });
    const copy = new Database(target, { readonly: true });
    try {
      const { events, head } = copy.prepare('SELECT count(*) AS events, coalesce(max(global_position), 0) AS head FROM events').get() as {
        events: number;
        head: number;
      };
      console.log(
        `backed up ${describeStore(options.store)} to ${target}: ${events} events (head position ${head}), ${totalPages} pages in ${((Date.now() - started) / 1000).toFixed(2)} s`,
      );
    } finally {
      copy.close();
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(`the backup to ${target} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
  }
}

export function registerStoreBackup(cmd: Command): void {
  cmd
    .command('backup')
    .description('an online, consistent copy of an embedded (sqlite:) store, safe while the server runs; for PostgreSQL use pg_dump')
    .argument('<file>', 'the backup file to write (a SQLite database; open it with --store sqlite:<file>)', input.fileToWrite)
    .option('--force', 'replace the file if it exists')
    .option(...storeOption)
    .action(backupCommand);
}

// Where the server's own secrets live: in files outside the event store, so that whoever can read or
// rewrite the store cannot read them. By default in the data folder beside an embedded store (the
// SQLite file's folder); a shared store (PostgreSQL, EventStoreDB) has no such folder, so there it is
// DUBAN_DATA_DIR, or ./data. An environment variable may name a file anywhere instead. The folder is
// made 0700 and every file 0600; the CLI finds the same files from the same store URL as the server.
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseStoreUrl } from '../store/open-store.ts';
import { makePrivateFolder } from '../store/private-files.ts';

/** The data folder of a store URL; null for an in-memory store (its secrets live as long as the process). */
export function dataFolderOf(storeUrl: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const target = parseStoreUrl(storeUrl);
  if (target.kind === 'sqlite') return target.path === ':memory:' ? null : dirname(target.path);
  return resolve(env.DUBAN_DATA_DIR?.trim() || './data');
}

/**
 * The path of one key file: the variable `envVar` when set (relative to the working directory),
 * otherwise `fileName` in the store's data folder; null when there is neither (an in-memory store).
 */
export function keyFilePath(storeUrl: string, fileName: string, envVar: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env[envVar]?.trim();
  if (named) return resolve(named);
  const folder = dataFolderOf(storeUrl, env);
  return folder === null ? null : join(folder, fileName);
}

/**
 * Reads a key file, or creates it (0600) with `make()` when it does not exist yet. Two processes
 * starting together both try: one links its file into place, the other reads what it wrote.
 */
export function readOrCreateKeyFile(path: string, make: () => string): { content: string; created: boolean } {
  const existing = readKeyFile(path);
  if (existing !== null) return { content: existing, created: false };
  makePrivateFolder(dirname(path));
  // Written whole under a name of its own, then linked into place: link fails when the name exists, and
  // a process that loses the race never reads a file the winner has created but not yet written.
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(draft, make(), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, path);
    return { content: readFileSync(path, 'utf8'), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { content: readFileSync(path, 'utf8'), created: false };
  } finally {
    rmSync(draft, { force: true });
  }
}

/** A key file's text, or null when there is none; a file found readable by others is made 0600. */
export function readKeyFile(path: string): string | null {
  try {
    const content = readFileSync(path, 'utf8');
    chmodSync(path, 0o600);
    return content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

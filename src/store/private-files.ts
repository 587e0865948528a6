// The store's files are for its owner only: a folder 0700, each file 0600 — the events, the read
// model, their WAL and shared-memory files, the keys. SQLite gives a database's -wal, -shm and
// -journal files the database file's own mode, so a database made 0600 before SQLite first opens it
// keeps its companions private too; files left readable by an older version are tightened at open.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes a private folder (0700), and tightens one that exists — unless it is not ours or is a shared
 * one with the sticky bit (/tmp): closing that to others is not a store's to decide.
 */
export function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const found = statSync(folder);
  const mine = process.getuid === undefined || found.uid === process.getuid();
  if (mine && (found.mode & 0o1000) === 0 && (found.mode & 0o777) !== 0o700) chmodSync(folder, 0o700);
}

const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/** A SQLite database file (and any companions it has) made 0600, created empty when it is not there yet. */
export function makePrivateDatabaseFile(path: string): void {
  makePrivateFolder(dirname(path));
  writeFileSync(path, '', { flag: 'a', mode: 0o600 }); // creates it 0600; one that exists is left as it is
  for (const suffix of COMPANIONS) {
    try {
      chmodSync(path + suffix, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

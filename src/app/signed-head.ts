// The last signed head, remembered outside the store (signed-head.json in the data folder, 0600, or
// where DUBAN_SIGNED_HEAD_FILE says): a store that no longer reaches it was shortened, one that holds
// another digest there was rewritten. It is written only after its digest's append has returned (the
// store has made it durable), and replaced whole (write, fsync, rename), so a crash leaves the old head
// or the new one, never one ahead of the store.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignedHead } from '../domain/digest.ts';
import { keyFilePath, readKeyFile } from './key-files.ts';

export const SIGNED_HEAD_FILE = 'signed-head.json';
export const SIGNED_HEAD_ENV = 'DUBAN_SIGNED_HEAD_FILE';

export const signedHeadPath = (storeUrl: string, env: NodeJS.ProcessEnv = process.env) => keyFilePath(storeUrl, SIGNED_HEAD_FILE, SIGNED_HEAD_ENV, env);

export { SignedHead } from '../domain/digest.ts';

export class SignedHeadUnreadable extends Error {}

/** The head remembered at `path`; null when there is none yet. Throws when the file is not a signed head. */
export function readSignedHead(path: string): SignedHead | null {
  const text = readKeyFile(path);
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SignedHeadUnreadable(`${path} is not JSON`);
  }
  const head = SignedHead.safeParse(parsed);
  if (!head.success) throw new SignedHeadUnreadable(`${path} is not a signed head: ${head.error.issues[0]?.message ?? 'invalid'}`);
  return head.data;
}

/**
 * Remembers `head` unless the file already holds a later one (another process on the same store and
 * folder signed further). Two processes writing at once may leave the earlier of the two: still never
 * ahead of the store.
 */
export function writeSignedHead(path: string, head: SignedHead): void {
  let current: SignedHead | null = null;
  try {
    current = readSignedHead(path);
  } catch {
    current = null; // unreadable: replaced by a good one
  }
  if (current && current.position >= head.position) return;
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(head, null, 2)}\n`, { mode: 0o600 });
  const fd = openSync(temporary, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(folder, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

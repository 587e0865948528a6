// Picks the EventStore adapter from DUBAN_STORE, a URL:
//   sqlite:./data/duban.db   a file, relative to the working directory
//   sqlite:/abs/path.db      an absolute file (sqlite:///abs/path.db is read the same way)
//   sqlite::memory:          in memory, gone when closed
//   postgres://…  esdb://…   adapters to come
import { resolve } from 'node:path';
import type { Clock, EventStore } from './event-store.ts';
import { StoreError } from './errors.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';

export const defaultStoreUrl = 'sqlite:./data/duban.db';

const ACCEPTED = "sqlite:./relative/file.db, sqlite:/absolute/file.db, sqlite::memory: (postgres:// and esdb:// are planned)";

export type StoreTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'esdb'; url: string };

/** Reads a store URL without opening anything; throws a StoreError naming the accepted forms. */
export function parseStoreUrl(url: string): StoreTarget {
  const text = typeof url === 'string' ? url.trim() : '';
  if (text === '') throw new StoreError(`DUBAN_STORE is empty; accepted forms: ${ACCEPTED}`);
  const lower = text.toLowerCase();
  if (lower.startsWith('sqlite:')) {
    let path = text.slice('sqlite:'.length);
    if (path.startsWith('//')) {
      // sqlite:///abs/path.db — the URL form with an empty host.
      if (!path.startsWith('///')) {
        throw new StoreError(`a SQLite store URL has no host: write sqlite:/absolute/path.db or sqlite:./relative/path.db, not ${text}`);
      }
      path = path.slice(2);
    }
    if (path === '') throw new StoreError(`the SQLite store URL ${text} names no file; accepted forms: ${ACCEPTED}`);
    if (path === ':memory:') return { kind: 'sqlite', path };
    return { kind: 'sqlite', path: resolve(path) };
  }
  if (lower.startsWith('postgres://') || lower.startsWith('postgresql://')) return { kind: 'postgres', url: text };
  if (/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//.test(lower)) return { kind: 'esdb', url: text };
  throw new StoreError(`unrecognised store URL ${redact(text)}; accepted forms: ${ACCEPTED}`);
}

export async function openStore(url: string, options: { clock?: Clock } = {}): Promise<EventStore> {
  const target = parseStoreUrl(url);
  switch (target.kind) {
    case 'sqlite':
      return SqliteEventStore.open(target.path, options);
    case 'postgres':
      throw new StoreError(
        `the PostgreSQL adapter is not built yet (${redact(target.url)}); use ${defaultStoreUrl} or another sqlite: URL for now`,
      );
    case 'esdb':
      throw new StoreError(
        `the EventStoreDB adapter is not built yet (${redact(target.url)}); use ${defaultStoreUrl} or another sqlite: URL for now`,
      );
  }
}

/** A human description for logs: the absolute file for sqlite, the URL without its password otherwise. */
export function describeStore(url: string): string {
  let target: StoreTarget;
  try {
    target = parseStoreUrl(url);
  } catch {
    return `unrecognised store URL ${redact(String(url))}`;
  }
  switch (target.kind) {
    case 'sqlite':
      return target.path === ':memory:' ? 'sqlite (in memory)' : `sqlite ${target.path}`;
    case 'postgres':
      return `postgres ${redact(target.url)}`;
    case 'esdb':
      return `esdb ${redact(target.url)}`;
  }
}

/** Hides the password of a URL's userinfo (user:secret@host → user:***@host). */
function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

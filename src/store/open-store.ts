// Picks the EventStore adapter from DUBAN_STORE, a URL:
//   sqlite:./data/duban.db   a file, relative to the working directory
//   sqlite:/abs/path.db      an absolute file (sqlite:///abs/path.db is read the same way)
//   sqlite::memory:          in memory, gone when closed
//   postgres://user@host:5432/db?schema=duban   PostgreSQL (schema optional, default duban)
//   esdb://host:2113?tls=false (also esdb+discover://, kurrentdb://)  EventStoreDB / KurrentDB
// and a new store's hash algorithm from DUBAN_HASH_ALGORITHM (sha256, the default, or sm3). An
// existing store keeps the algorithm it was created with, whatever the variable says: its chains
// are hashed that way. A difference is reported through onNotice, not refused.
import { resolve } from 'node:path';
import { StoreError } from './errors.ts';
import { HASH_ALGORITHMS, type HashAlgorithm, isHashAlgorithm } from './event-hash.ts';
import type { Clock, EventStore } from './event-store.ts';
import { PostgresEventStore } from './postgres-event-store.ts';
import type { SqliteCheckpointer } from './sqlite-checkpointer.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';

export const defaultStoreUrl = 'sqlite:./data/duban.db';

const ACCEPTED =
  'sqlite:./relative/file.db, sqlite:/absolute/file.db, sqlite::memory:, postgres://user@host:5432/db?schema=duban, esdb://host:2113?tls=false (or esdb+discover://, kurrentdb://)';

export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string } | { kind: 'esdb'; url: string };

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

/** Reads DUBAN_HASH_ALGORITHM (or the given text); undefined when unset or empty (sha256 then). */
export function parseHashAlgorithm(text: string | undefined = process.env.DUBAN_HASH_ALGORITHM): HashAlgorithm | undefined {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '') return undefined;
  if (isHashAlgorithm(value)) return value;
  throw new StoreError(`DUBAN_HASH_ALGORITHM is ${text}; accepted values: ${HASH_ALGORITHMS.join(', ')}`);
}

export interface OpenStoreOptions {
  clock?: Clock;
  /** For a new store; default from DUBAN_HASH_ALGORITHM. */
  hashAlgorithm?: HashAlgorithm;
  /** Told when an existing store's algorithm is not the one asked for (default: console.warn). */
  onNotice?: (message: string) => void;
  /** For a SQLite store: checkpoints its WAL (and its read model's) off the event loop. */
  checkpointer?: SqliteCheckpointer;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<EventStore> {
  const target = parseStoreUrl(url);
  const asked = options.hashAlgorithm ?? parseHashAlgorithm();
  switch (target.kind) {
    case 'sqlite': {
      const store = SqliteEventStore.open(target.path, { clock: options.clock, hashAlgorithm: asked, checkpointer: options.checkpointer });
      if (asked !== undefined && store.hashAlgorithm !== asked) {
        (options.onNotice ?? ((m) => console.warn(`duban: ${m}`)))(
          `the store at ${target.path} hashes with ${store.hashAlgorithm}, chosen when it was created; ${asked} applies to new stores only`,
        );
      }
      return store;
    }
    case 'postgres': {
      const store = await PostgresEventStore.open(target.url, { clock: options.clock, hashAlgorithm: asked });
      if (asked !== undefined && store.hashAlgorithm !== asked) {
        (options.onNotice ?? ((m) => console.warn(`duban: ${m}`)))(
          `the store in schema ${store.schema} hashes with ${store.hashAlgorithm}, chosen when it was created; ${asked} applies to new stores only`,
        );
      }
      return store;
    }
    case 'esdb': {
      // Loaded only when asked for: the gRPC client is heavy, and sqlite users never need it.
      const { EsdbEventStore } = await import('./esdb-event-store.ts');
      const store = await EsdbEventStore.open(target.url, { clock: options.clock, hashAlgorithm: asked });
      if (asked !== undefined && store.hashAlgorithm !== asked) {
        (options.onNotice ?? ((m) => console.warn(`duban: ${m}`)))(
          `the store at ${store.description} hashes with ${store.hashAlgorithm}, chosen when it was created; ${asked} applies to new stores only`,
        );
      }
      return store;
    }
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

// Idempotency keys in SQLite: a table in the event store's own file (not the read model's, which is
// a cache thrown away at will), through a connection of its own. Like the store, WAL with
// synchronous=FULL: a response is recorded, and fsynced, before it is sent, so its replay survives
// a crash or restart. begin runs in an IMMEDIATE transaction, so processes sharing the file agree on
// who holds a key. The connection opens at first use: commands that never serve HTTP never touch it.

import type { Database as Db, Statement } from 'better-sqlite3';
import Database from 'better-sqlite3';
import { StoreError } from './errors.ts';
import {
  type BeginOutcome,
  decide,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type KeyRecord,
  type Settings,
  type StoredResponse,
  settingsOf,
} from './idempotency-store.ts';
import { WAL_BACKSTOP_PAGES } from './sqlite-checkpointer.ts';
import type { SqlitePragmas } from './sqlite-event-store.ts';

/** The table's shape, kept in store_meta as idempotency_schema, for a later change to migrate from. */
const SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope       TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  status      INTEGER,
  headers     TEXT,
  body        BLOB,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
`;

interface Row {
  fingerprint: string;
  started_at: number;
  expires_at: number;
  status: number | null;
  headers: string | null;
  body: Buffer | null;
}

interface Statements {
  get: Statement<[string, string], Row>;
  take: Statement<[string, string, string, number, number]>;
  complete: Statement<[number, string, Buffer, string, string]>;
  abandon: Statement<[string, string]>;
  purge: Statement<[number]>;
  begin: { immediate: (scope: string, key: string, fingerprint: string, now: number) => BeginOutcome };
}

export interface SqliteIdempotencyStoreOptions extends IdempotencyStoreOptions {
  /** The file's WAL is checkpointed by a worker (src/store/sqlite-checkpointer.ts): leave it to it. */
  checkpointed?: boolean;
  /** How long a writer waits for another connection's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly settings: Settings;
  private db: Db | undefined;
  private statements: Statements | undefined;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private closed = false;

  /** `path` is the event store's file (SqliteEventStore.path). */
  constructor(
    readonly path: string,
    private readonly options: SqliteIdempotencyStoreOptions = {},
  ) {
    this.settings = settingsOf(options);
  }

  async begin(scope: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    const s = this.open();
    const now = this.settings.now();
    return this.run(() => {
      if (now - this.lastPurge >= this.settings.purgeEveryMs) this.purgeAt(now);
      return s.begin.immediate(scope, key, fingerprint, now);
    });
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    const s = this.open();
    this.run(() => s.complete.run(response.status, JSON.stringify(response.headers), Buffer.from(response.body), scope, key));
  }

  async abandon(scope: string, key: string): Promise<void> {
    const s = this.open();
    this.run(() => s.abandon.run(scope, key));
  }

  async purge(): Promise<number> {
    this.open();
    return this.run(() => this.purgeAt(this.settings.now()));
  }

  /** The connection's durability settings, read back from SQLite. */
  pragmas(): SqlitePragmas {
    this.open();
    const db = this.db!;
    return {
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: Number(db.pragma('synchronous', { simple: true })),
      busyTimeout: Number(db.pragma('busy_timeout', { simple: true })),
      userVersion: Number(db.pragma('user_version', { simple: true })),
      walAutocheckpoint: Number(db.pragma('wal_autocheckpoint', { simple: true })),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.db?.close();
    this.db = undefined;
    this.statements = undefined;
  }

  private purgeAt(now: number): number {
    this.lastPurge = now;
    return this.statements!.purge.run(now).changes;
  }

  private open(): Statements {
    if (this.closed) throw new StoreError(`the idempotency keys at ${this.path} are closed`);
    if (this.statements) return this.statements;
    let db: Db;
    try {
      db = new Database(this.path, { fileMustExist: true }); // the event store made it
    } catch (err) {
      throw new StoreError(`cannot open the idempotency keys in ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(this.options.busyTimeoutMs ?? 5000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL'); // per connection, after journal_mode: a recorded response is on disk
      // The WAL is the store's: when a worker checkpoints it, this connection's commits must not either.
      if (this.options.checkpointed) db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
      db.transaction(() => {
        db.exec(SCHEMA);
        const meta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'").get();
        if (meta) db.prepare("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('idempotency_schema', ?)").run(SCHEMA_VERSION);
      }).immediate();
      const get = db.prepare<[string, string], Row>(
        'SELECT fingerprint, started_at, expires_at, status, headers, body FROM idempotency_keys WHERE scope = ? AND key = ?',
      );
      const take = db.prepare<[string, string, string, number, number]>(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, started_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, started_at = excluded.started_at,
           expires_at = excluded.expires_at, status = NULL, headers = NULL, body = NULL`,
      );
      const statements: Statements = {
        get,
        take,
        complete: db.prepare('UPDATE idempotency_keys SET status = ?, headers = ?, body = ? WHERE scope = ? AND key = ? AND status IS NULL'),
        abandon: db.prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status IS NULL'),
        purge: db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?'),
        begin: db.transaction((scope: string, key: string, fingerprint: string, now: number): BeginOutcome => {
          const { outcome, take: taken } = decide(recordOf(get.get(scope, key)), fingerprint, now, this.settings);
          if (taken) take.run(scope, key, fingerprint, now, now + this.settings.ttlMs);
          return outcome;
        }) as unknown as Statements['begin'],
      };
      this.db = db;
      this.statements = statements;
      return statements;
    } catch (err) {
      db.close();
      throw new StoreError(`cannot prepare the idempotency keys in ${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      const e = err as { code?: unknown; message?: string };
      if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
        throw new StoreError(`idempotency keys in ${this.path}: ${e.message ?? e.code} (${e.code})`, { cause: err });
      }
      throw err;
    }
  }
}

function recordOf(row: Row | undefined): KeyRecord | undefined {
  if (!row) return undefined;
  return {
    fingerprint: row.fingerprint,
    startedAt: row.started_at,
    expiresAt: row.expires_at,
    ...(row.status === null
      ? {}
      : { response: { status: row.status, headers: JSON.parse(row.headers ?? '{}') as Record<string, string>, body: new Uint8Array(row.body ?? []) } }),
  };
}

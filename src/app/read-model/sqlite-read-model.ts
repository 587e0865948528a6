// The read model in SQLite: a database file of its own beside the event store's (duban.db →
// duban.read-model.db), with the events file attached read-only in spirit, so the audit index is
// computed from the events where they lie. It is a cache of the events: its commits use
// synchronous=NORMAL (a commit lost to a power cut only means catching up again from an older
// checkpoint — versions and checkpoint go in one transaction, never lost apart), a rebuild writes
// it without a journal, and a file found broken or half-rebuilt is thrown away and built again.
// Several processes may share it: a batch is written only if the checkpoint is still the one it
// was computed against.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as Db, Statement } from 'better-sqlite3';
import Database from 'better-sqlite3';
import { makePrivateDatabaseFile } from '../../store/private-files.ts';
import { BusyRetry } from '../../store/sqlite-busy.ts';
import { type SqliteCheckpointer, WAL_BACKSTOP_PAGES } from '../../store/sqlite-checkpointer.ts';
import type { AuditIndexQuery, Checkpoint, ReadModel, ReadModelBatch, StoredVersion } from './read-model.ts';
import { type ChainRow, chainTexts, readChain } from './version-chain.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- A rowid table: versions are appended in store order, so a rebuild writes pages sequentially;
-- the (projection, key, …) indexes find a key's versions.
CREATE TABLE IF NOT EXISTS rm_versions (
  id         INTEGER PRIMARY KEY,
  projection TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  valid_from TEXT    NOT NULL,
  -- The position of the whole state this version is rebuilt from (its own when state is whole);
  -- otherwise state holds the changes from the version before (version-chain.ts).
  base       INTEGER NOT NULL,
  state      TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_audit (
  position     INTEGER PRIMARY KEY,
  plan_id      TEXT NOT NULL,
  stream_id    TEXT NOT NULL,
  type         TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  unit_id      TEXT,
  recorded_at  TEXT NOT NULL,
  effective_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_clock (recorded_at TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
`;

// Secondary indexes: built after a bulk rebuild rather than kept up row by row during it.
// A key's version, position and valid_from all grow together, so (projection, key, position) orders
// its versions and serves "latest" and "as recorded by"; (…, valid_from, position) serves "in effect at".
// The audit trail is found through its plan or its stream; other filters narrow those rows (or the
// whole trail) in store order, bounded by the page size.
const INDEXES = `
CREATE INDEX IF NOT EXISTS rm_versions_position ON rm_versions (projection, key, position);
CREATE INDEX IF NOT EXISTS rm_versions_valid ON rm_versions (projection, key, valid_from, position);
CREATE INDEX IF NOT EXISTS rm_versions_first ON rm_versions (projection, key) WHERE version = 0;
CREATE INDEX IF NOT EXISTS rm_audit_plan ON rm_audit (plan_id, position);
CREATE INDEX IF NOT EXISTS rm_audit_stream ON rm_audit (stream_id, position);
`;

// The audit index entry of each event (projections/audit.ts, auditIndexEntry), computed by SQLite
// from the attached events table itself: no event crosses into JavaScript.
const INDEX_EVENTS_IN_PLACE = `
INSERT INTO rm_audit (position, plan_id, stream_id, type, actor_id, unit_id, recorded_at, effective_at)
SELECT global_position, plan_id, stream_id, type, json_extract(actor, '$.id'),
       CASE WHEN json_type(actor, '$.unitId') = 'text' THEN json_extract(actor, '$.unitId') END,
       recorded_at, effective_at
FROM store.events WHERE global_position > ? AND global_position <= ?`;

const CLOCK_IN_PLACE = `
INSERT INTO rm_clock (recorded_at, position)
SELECT recorded_at, max(global_position) FROM store.events WHERE global_position > ? AND global_position <= ? GROUP BY recorded_at
ON CONFLICT (recorded_at) DO UPDATE SET position = excluded.position`;

const DROP = `
DROP TABLE IF EXISTS rm_versions;
DROP TABLE IF EXISTS rm_audit;
DROP TABLE IF EXISTS rm_clock;
DROP TABLE IF EXISTS rm_meta;
`;

/** A version row without its state: its chain is read if the state is asked for. */
interface VersionHead {
  key: string;
  version: number;
  position: number;
  valid_from: string;
  base: number;
}

/** Where the read model of a SQLite event store lives: beside it, named for it. */
export function readModelPathFor(storePath: string): string {
  return storePath.replace(/(\.db|\.sqlite3?)?$/i, '.read-model.db');
}

export interface SqliteReadModelOptions {
  /** The SQLite event store's file: attached, so the audit index and the clock are computed from its events in place. */
  eventsFile?: string;
  /** Checkpoints the file's WAL off the event loop (src/store/sqlite-checkpointer.ts). */
  checkpointer?: SqliteCheckpointer;
}

const BROKEN = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

export class SqliteReadModel implements ReadModel {
  private db!: Db;
  private readonly statements = new Map<string, Statement>();
  private bulk = false;
  private readonly memory: boolean;
  /** True when the events are attached: the audit index is then computed by SQLite in place. */
  readonly indexesEventsInPlace: boolean;
  /**
   * Its writes run on the event loop, and a status change dirties a leaf of three key-ordered indexes
   * for its task: written together, 25 ms of them share those pages (read-model-runner.ts). The
   * PostgreSQL read model writes off the loop, shared by several instances, and writes at once.
   */
  readonly writeDelayMs = 25;

  constructor(
    readonly path: string,
    private readonly options: SqliteReadModelOptions = {},
  ) {
    this.memory = path === ':memory:' || path === '';
    this.indexesEventsInPlace = options.eventsFile !== undefined;
    if (!this.memory) mkdirSync(dirname(path), { recursive: true });
    const retry = new BusyRetry(5000);
    for (;;) {
      try {
        this.open();
        // Left by a rebuild that never finished (it writes without a journal): start from nothing.
        if (this.meta('rebuilding') !== undefined) this.discard();
        break;
      } catch (error) {
        this.db?.close();
        // Another process opening the file too (src/store/sqlite-busy.ts): open again.
        if (retry.again(error)) continue;
        if (!BROKEN.has((error as { code?: string }).code ?? '')) throw error;
        this.discard();
        break;
      }
    }
    if (!this.memory) this.options.checkpointer?.add(path);
  }

  /** SQLite's own default, or only a backstop when a worker checkpoints the file. */
  private get autocheckpoint(): number {
    return this.options.checkpointer && !this.memory ? WAL_BACKSTOP_PAGES : 1000;
  }

  private open(): void {
    if (!this.memory) makePrivateDatabaseFile(this.path);
    this.db = new Database(this.memory ? ':memory:' : this.path);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
    // A larger page cache than SQLite's 2 MB default, for the indexes of a large read model; 16 MiB:
    // at 64 MiB the server's RSS passed 350 MB at 1M events with no read faster (scripts/bench-time.ts).
    this.db.pragma('cache_size = -16384');
    if (this.options.eventsFile !== undefined) this.db.prepare('ATTACH DATABASE ? AS store').run(this.options.eventsFile);
    // A read model from before versions were chained has no base column: a cache, so dropped (and rebuilt).
    // In one transaction: another process opening the file meanwhile sees the tables before or after, never between.
    this.db.transaction(() => {
      const columns = this.db.prepare("SELECT name FROM pragma_table_info('rm_versions')").pluck().all() as string[];
      if (columns.length && !columns.includes('base')) this.db.exec(DROP);
      this.db.exec(SCHEMA);
      this.db.exec(INDEXES);
    })(); // deferred: a read model that has its tables takes no write lock here
    this.statements.clear();
  }

  /** Deletes the read model's file and opens a new, empty one. */
  private discard(): void {
    try {
      this.db?.close();
    } catch {
      // already unusable
    }
    if (!this.memory) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(this.path + suffix, { force: true });
    this.open();
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private meta(key: string): string | undefined {
    return (this.stmt('SELECT value FROM rm_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async checkpoint(): Promise<Checkpoint | null> {
    const position = this.meta('checkpoint');
    const fingerprint = this.meta('fingerprint');
    if (position === undefined || fingerprint === undefined) return null;
    return { position: Number(position), eventHash: this.meta('checkpoint_hash') ?? null, fingerprint };
  }

  async reset(fingerprint: string): Promise<void> {
    this.statements.clear(); // they refer to the tables dropped here
    // In one transaction: another process reading the file (two instances starting together) never
    // finds the tables dropped and not yet made again.
    this.db
      .transaction(() => {
        this.db.exec(DROP);
        this.db.exec(SCHEMA);
        // The indexes went with their tables. A rebuild drops them again for its bulk load and builds them
        // at its end; but a reset followed by no rebuild (a new, empty store) would otherwise serve every
        // read by scanning all versions until the next restart.
        this.db.exec(INDEXES);
        this.db.prepare('INSERT INTO rm_meta (key, value) VALUES (?, ?), (?, ?)').run('fingerprint', fingerprint, 'checkpoint', '0');
      })
      .immediate();
  }

  /**
   * A rebuild from nothing: no journal, no fsync, the file held exclusively, secondary indexes built
   * at the end. A crash meanwhile leaves the `rebuilding` mark, and the next open starts over.
   */
  beginBulk(): void {
    this.bulk = true;
    this.stmt("INSERT INTO rm_meta (key, value) VALUES ('rebuilding', '1') ON CONFLICT (key) DO UPDATE SET value = '1'").run();
    for (const name of this.db
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'index' AND name LIKE 'rm\\_%' ESCAPE '\\' AND sql IS NOT NULL")
      .pluck()
      .all() as string[]) {
      this.db.exec(`DROP INDEX IF EXISTS main.${name}`);
    }
    if (!this.memory && !this.leaveWal()) this.db.pragma('wal_autocheckpoint = 0');
    this.statements.clear();
  }

  /** Leaving WAL needs the file to ourselves: if another connection has it open, stay in WAL (false). */
  private leaveWal(): boolean {
    this.db.pragma('busy_timeout = 0');
    try {
      if (String(this.db.pragma('main.journal_mode = OFF', { simple: true })).toLowerCase() !== 'off') return false;
      this.db.pragma('main.synchronous = OFF');
      this.db.pragma('main.locking_mode = EXCLUSIVE');
      return true;
    } catch {
      return false;
    } finally {
      this.db.pragma('busy_timeout = 5000');
    }
  }

  endBulk(): void {
    if (!this.bulk) return;
    this.db.pragma('temp_store = MEMORY'); // the index builds sort in memory, not in temp files
    this.db.exec(INDEXES);
    // Statistics from a sample: enough for the planner to prefer the right index, cheap on millions of rows.
    this.db.pragma('analysis_limit = 1000');
    this.db.exec('ANALYZE main');
    if (!this.memory) {
      this.db.pragma('main.journal_mode = WAL');
      this.db.pragma('main.synchronous = NORMAL');
      this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
      this.db.pragma('main.locking_mode = NORMAL');
    }
    this.db.prepare("DELETE FROM rm_meta WHERE key = 'rebuilding'").run();
    this.statements.clear();
    this.bulk = false;
    // The bulk load filled the page cache and the index builds sorted in memory: give that memory
    // back, so a server that rebuilt at start holds what one that resumed does.
    this.db.pragma('temp_store = DEFAULT');
    this.db.pragma('shrink_memory');
  }

  async apply(batch: ReadModelBatch): Promise<boolean> {
    const insertVersion = this.stmt('INSERT INTO rm_versions (projection, key, version, position, valid_from, base, state) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertAudit = this.stmt(
      `INSERT INTO rm_audit (position, plan_id, stream_id, type, actor_id, unit_id, recorded_at, effective_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertClock = this.stmt(
      'INSERT INTO rm_clock (recorded_at, position) VALUES (?, ?) ON CONFLICT (recorded_at) DO UPDATE SET position = excluded.position',
    );
    const setMeta = this.stmt('INSERT INTO rm_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const run = this.db.transaction(() => {
      if (Number(this.meta('checkpoint') ?? 0) !== batch.after) return false;
      for (const v of batch.versions) insertVersion.run(v.projection, v.key, v.version, v.position, v.validFrom, v.base, v.state);
      for (const a of batch.audit) {
        insertAudit.run(a.globalPosition, a.planId, a.streamId, a.type, a.actorId, a.unitId, a.recordedAt, a.effectiveAt);
      }
      for (const c of batch.clock) upsertClock.run(c.recordedAt, c.position);
      if (batch.indexInPlace) {
        this.stmt(INDEX_EVENTS_IN_PLACE).run(batch.after, batch.checkpoint.position);
        this.stmt(CLOCK_IN_PLACE).run(batch.after, batch.checkpoint.position);
      }
      setMeta.run('checkpoint', String(batch.checkpoint.position));
      setMeta.run('checkpoint_hash', batch.checkpoint.eventHash);
      return true;
    });
    return run.immediate() as boolean;
  }

  async latest(projection: string, keys: readonly string[]): Promise<Map<string, StoredVersion>> {
    const get = this.stmt('SELECT key, version, position, valid_from, base FROM rm_versions WHERE projection = ? AND key = ? ORDER BY position DESC LIMIT 1');
    const out = new Map<string, StoredVersion>();
    for (const key of keys) {
      const row = get.get(projection, key) as VersionHead | undefined;
      if (row) out.set(key, this.lazyState(projection, row));
    }
    return out;
  }

  async at(projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, StoredVersion>> {
    // Both axes grow with the version (the runner keeps valid time monotone per key), so the
    // versions recorded by `position` and those in effect by `validAt` are both prefixes: the answer
    // is the shorter prefix's last version. Two index seeks per key; its state, when asked for, one
    // index range (the whole version at its base and the changes after it).
    const get = this.stmt(`
      SELECT key, version, position, valid_from, base FROM rm_versions
      WHERE projection = @projection AND key = @key AND position = min(
        (SELECT position FROM rm_versions WHERE projection = @projection AND key = @key AND position <= @position
          ORDER BY position DESC LIMIT 1),
        (SELECT position FROM rm_versions WHERE projection = @projection AND key = @key AND valid_from <= @validAt
          ORDER BY valid_from DESC, position DESC LIMIT 1))`);
    const out = new Map<string, StoredVersion>();
    for (const key of keys) {
      const row = get.get({ projection, key, position, validAt }) as VersionHead | undefined;
      if (row) out.set(key, this.lazyState(projection, row));
    }
    return out;
  }

  async first(projection: string, key: string): Promise<StoredVersion | null> {
    const row = this.stmt('SELECT key, version, position, valid_from, base FROM rm_versions WHERE projection = ? AND key = ? AND version = 0').get(
      projection,
      key,
    ) as VersionHead | undefined;
    return row ? this.lazyState(projection, row) : null;
  }

  /**
   * A version whose state is read only when asked for: readers mostly find the parsed state in
   * their cache by its version (src/app/read-model/state-cache.ts), and a plan's state is large —
   * reading its text on every request, to throw it away, cost a write over a millisecond.
   * A version never changes once written, so reading it a moment later reads the same chain: the
   * whole state at its base and the changes after it, up to it (one index range).
   */
  private lazyState(projection: string, row: VersionHead): StoredVersion {
    const getChain = this.stmt(
      'SELECT version, position, base, state FROM rm_versions WHERE projection = ? AND key = ? AND position >= ? AND position <= ? ORDER BY position, version',
    );
    return {
      version: row.version,
      position: row.position,
      validFrom: row.valid_from,
      base: row.base,
      read: () => readChain(chainTexts(row, getChain.all(projection, row.key, row.base, row.position) as ChainRow[])),
    };
  }

  async keys(projection: string, position: number): Promise<string[]> {
    return this.stmt('SELECT key FROM rm_versions WHERE projection = ? AND version = 0 AND position <= ? ORDER BY key')
      .pluck()
      .all(projection, position) as string[];
  }

  async positionAt(instant: string): Promise<number> {
    const row = this.stmt('SELECT position FROM rm_clock WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1').get(instant) as
      | { position: number }
      | undefined;
    return row?.position ?? 0;
  }

  async auditPositions(q: AuditIndexQuery): Promise<number[]> {
    const where = ['position > ?', 'position <= ?'];
    const args: unknown[] = [q.after, q.upTo];
    const inList = (column: string, values: readonly string[]) => {
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      args.push(...values);
    };
    if (q.planId !== undefined) {
      where.push('plan_id = ?');
      args.push(q.planId);
    }
    if (q.planIds) inList('plan_id', q.planIds.length ? q.planIds : ['']);
    if (q.notPlanIds?.length) {
      where.push(`plan_id NOT IN (${q.notPlanIds.map(() => '?').join(', ')})`);
      args.push(...q.notPlanIds);
    }
    if (q.streamIds) inList('stream_id', q.streamIds.length ? q.streamIds : ['']);
    if (q.types?.length) inList('type', q.types);
    if (q.actorId !== undefined) {
      where.push('actor_id = ?');
      args.push(q.actorId);
    }
    if (q.unit) {
      const streams = q.unit.streamIds.length ? q.unit.streamIds : [''];
      where.push(`(unit_id = ? OR stream_id IN (${streams.map(() => '?').join(', ')}))`);
      args.push(q.unit.unitId, ...streams);
    }
    if (q.effectiveFrom !== undefined) {
      where.push('effective_at >= ?');
      args.push(q.effectiveFrom);
    }
    if (q.effectiveTo !== undefined) {
      where.push('effective_at <= ?');
      args.push(q.effectiveTo);
    }
    args.push(q.limit);
    // Statements are cached by their text; the IN lists' lengths vary, so keep the cache from growing without bound.
    if (this.statements.size > 500) this.statements.clear();
    return this.stmt(`SELECT position FROM rm_audit WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`)
      .pluck()
      .all(...args) as number[];
  }

  async close(): Promise<void> {
    if (!this.memory) this.options.checkpointer?.remove(this.path);
    this.db.close();
  }
}

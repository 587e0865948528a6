// The embedded default adapter: one SQLite file through better-sqlite3, one table `events`.
//
// Durability: WAL; a commit writes the WAL without an fsync (synchronous=NORMAL) and WalSync
// (./wal-sync.ts) fdatasyncs it on libuv's thread pool, so the event loop does not stall on the disk
// (or on the loop, for a writer found to be alone, whom the hand-off would only delay);
// an append is acknowledged only after that sync. Until then this instance shows no reader the
// commit (readAll, headPosition and positionAt stop before it); readStream, which deciders use to
// check revisions, does see it, as does a second process on the same file.
// Appends run in one IMMEDIATE transaction: the stream's revision is checked, recordedAt is taken
// (never earlier than the store's last event, the same for the whole batch) and the hash chain is
// extended inside it, so two writers — in this process or another one on the same file — serialise.
// better-sqlite3 is synchronous: each call runs to completion on the event loop (a writer waiting on
// another process's lock blocks it for up to busy_timeout), which is also what makes appends made
// through one instance strictly ordered. Appends that arrive while a sync runs are committed together
// when it ends (group commit, see scheduleFlush and flush): one transaction and one fsync for all.

import { resolve } from 'node:path';
import type { Database as Db, Statement } from 'better-sqlite3';
import Database from 'better-sqlite3';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, StoreError } from './errors.ts';
import type { PreparedEvent } from './event-chain.ts';
import { envelopeAt, envelopeCanonical, prepareEvent, recordedEvent } from './event-chain.ts';
import type { CheckedRecorded } from './event-checks.ts';
import { checkAppendArgs, checkDistinctIds, checkRecorded, normaliseInstant, satisfies } from './event-checks.ts';
import type { HashAlgorithm } from './event-hash.ts';
import { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHMS, hashAvailable, hashCanonical, isHashAlgorithm } from './event-hash.ts';
import type {
  AppendResult,
  Clock,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.ts';
import { systemClock } from './event-store.ts';
import { HeadPerTurn, noteCommit } from './head-per-turn.ts';
import type { PollingSource } from './polling-subscription.ts';
import { PollingSubscription } from './polling-subscription.ts';
import { makePrivateDatabaseFile } from './private-files.ts';
import { RecentEvents, StoredHeldEvent } from './recent-events.ts';
import type { EventTuple } from './sql-event-rows.ts';
import { ActorCache, COLUMNS, rowToEvent } from './sql-event-rows.ts';
import { BusyRetry } from './sqlite-busy.ts';
import { type SqliteCheckpointer, WAL_BACKSTOP_PAGES } from './sqlite-checkpointer.ts';
import { type SyncFile, type SyncFileNow, WalSync } from './wal-sync.ts';

/** The schema this code writes, kept in `PRAGMA user_version`; later migrations step it up. */
export const SQLITE_SCHEMA_VERSION = 2;

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  plan_id         TEXT    NOT NULL,
  recorded_at     TEXT    NOT NULL,
  effective_at    TEXT    NOT NULL,
  actor           TEXT    NOT NULL,
  correlation_id  TEXT    NOT NULL,
  causation_id    TEXT,
  schema_version  INTEGER NOT NULL,
  data            TEXT    NOT NULL,
  hash            TEXT    NOT NULL,
  prev_hash       TEXT,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX IF NOT EXISTS events_recorded_at ON events (recorded_at);
`;

// v2: facts about the store itself, e.g. hash_algorithm (fixed when the store is created).
const SCHEMA_V2 = `
CREATE TABLE IF NOT EXISTS store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export interface SqliteEventStoreOptions {
  clock?: Clock;
  /** How long a writer waits for another connection's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** How often a live subscription looks for appends made through other connections, in ms. Default 250. */
  pollIntervalMs?: number;
  /** How many events a subscription reads per query while catching up. Default 1000. */
  subscriptionBatchSize?: number;
  /**
   * The hash for a store this call creates (default sha256). An existing store keeps the one it was
   * created with: its chains are in it. Compare `hashAlgorithm` after opening to notice a difference.
   */
  hashAlgorithm?: HashAlgorithm;
  /** Checkpoints the file's WAL off the event loop (src/store/sqlite-checkpointer.ts); the server passes one. */
  checkpointer?: SqliteCheckpointer;
  /** How the WAL file is made durable (default fs.fdatasync); a test may slow it down to watch the window. */
  syncFile?: SyncFile;
  /**
   * The same on the event loop, for a writer found to be alone (see wal-sync.ts). Default
   * fs.fdatasyncSync when syncFile is the default, else none: every sync then goes through syncFile.
   */
  syncFileNow?: SyncFileNow | null;
}

export interface SqlitePragmas {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  busyTimeout: number;
  userVersion: number;
  /** Pages of WAL after which this connection's commit checkpoints it (high when a worker does). */
  walAutocheckpoint: number;
}

type AppendTxn = (streamId: string, events: PreparedEvent[], expected: ExpectedRevision) => AppendResult;

/** An append waiting for its group's commit. */
interface QueuedAppend {
  streamId: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** What fails one append of a group and leaves the others to commit: the append's own fault. */
function failsOnlyItself(err: unknown): boolean {
  return err instanceof ConcurrencyError || err instanceof DuplicateEventError || err instanceof InvalidAppendError;
}

export class SqliteEventStore implements EventStore {
  readonly path: string;
  /** The store's own hash algorithm, read from store_meta. */
  readonly hashAlgorithm: HashAlgorithm;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  private readonly stmtStreamHead: Statement<[string], { stream_revision: number; hash: string }>;
  private readonly stmtLastRecordedAt: Statement<[], { recorded_at: string }>;
  private readonly stmtInsert: Statement<unknown[]>;
  /**
   * Reads by their LIMIT, written into the SQL: a LIMIT bound as a parameter made SQLite re-plan the
   * statement on every run (measured: 14 µs for an empty read of a stream, against 2 µs).
   */
  private readonly readStatements = new Map<string, Statement<unknown[], EventTuple>>();
  private readonly actors = new ActorCache();
  /** What this instance committed last: the read model's catch-up after a write is served from it. */
  private readonly recent = new RecentEvents();
  private readonly stmtHead: Statement<[], { p: number }>;
  /** The head as a catch-up looks at it: read once per turn of the event loop (./head-per-turn.ts). */
  private readonly headPerTurn = new HeadPerTurn(() => this.stmtHead.get()!.p);
  private readonly stmtPositionAt: Statement<[string], { global_position: number }>;
  private readonly importTxn: { immediate: (events: CheckedRecorded[]) => number };
  /** Nested in the group's transaction, better-sqlite3 runs it in a SAVEPOINT: a failure undoes only its own rows. */
  private readonly appendTxn: AppendTxn;
  private readonly groupTxn: { immediate: (group: QueuedAppend[], outcomes: (AppendResult | Error)[]) => void };
  /** Appends made since the last commit, committed together when the event loop next turns. */
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private commitCount = 0;
  /** The worker checkpointing this file, if any: the read model beside it uses it too. */
  readonly checkpointer: SqliteCheckpointer | undefined;
  /** Makes commits durable off the event loop; none for a store in memory. */
  private readonly walSync: WalSync | null;
  /** The first position of each commit written but not yet synced, in commit order: not shown to readers yet. */
  private readonly unsynced: number[] = [];
  /** A failed sync: what was committed since is not known to be on disk, so nothing more is taken. */
  private syncFailure: StoreError | null = null;

  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    return new SqliteEventStore(path, options);
  }

  private constructor(path: string, options: SqliteEventStoreOptions) {
    const inMemory = path === ':memory:' || path === '';
    this.path = inMemory ? ':memory:' : resolve(path);
    if (!inMemory) makePrivateDatabaseFile(this.path);
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.subscriptionBatchSize ?? 1000;

    const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
    const retry = new BusyRetry(busyTimeoutMs);
    for (;;) {
      let db: Db;
      try {
        db = new Database(this.path);
      } catch (err) {
        throw new StoreError(`cannot open the SQLite store at ${this.path}: ${(err as Error).message}`, { cause: err });
      }
      this.db = db;
      try {
        db.pragma(`busy_timeout = ${busyTimeoutMs}`);
        db.pragma('journal_mode = WAL');
        // Per connection, and must come after journal_mode. A file commits without an fsync (NORMAL) and
        // is made durable by WalSync off the event loop before any append is acknowledged; in memory
        // nothing is synced either way.
        db.pragma(inMemory ? 'synchronous = FULL' : 'synchronous = NORMAL');
        this.checkpointer = inMemory ? undefined : options.checkpointer;
        if (this.checkpointer) db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
        this.migrate(options.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM);
        this.hashAlgorithm = this.readHashAlgorithm();

        this.stmtStreamHead = db.prepare('SELECT stream_revision, hash FROM events WHERE stream_id = ? ORDER BY stream_revision DESC LIMIT 1');
        this.stmtLastRecordedAt = db.prepare('SELECT recorded_at FROM events ORDER BY global_position DESC LIMIT 1');
        this.stmtInsert = db.prepare(
          `INSERT INTO events (event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, actor,
             correlation_id, causation_id, schema_version, data, hash, prev_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        this.stmtHead = db.prepare('SELECT COALESCE(MAX(global_position), 0) AS p FROM events');
        // recorded_at never decreases with position, so the last row in (recorded_at, position) order is the answer.
        this.stmtPositionAt = db.prepare('SELECT global_position FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, global_position DESC LIMIT 1');
        this.appendTxn = db.transaction(this.appendInTransaction.bind(this)) as unknown as AppendTxn;
        this.groupTxn = db.transaction(this.groupInTransaction.bind(this)) as unknown as SqliteEventStore['groupTxn'];
        this.importTxn = db.transaction(this.importInTransaction.bind(this)) as unknown as { immediate: (events: CheckedRecorded[]) => number };
        break;
      } catch (err) {
        db.close();
        if (err instanceof StoreError) throw err;
        // Busy at once, without the busy handler (./sqlite-busy.ts): open again until busy_timeout.
        if (retry.again(err)) continue;
        throw new StoreError(`cannot prepare the SQLite store at ${this.path}: ${(err as Error).message}`, { cause: err });
      }
    }
    this.walSync = inMemory ? null : new WalSync(`${this.path}-wal`, options.syncFile, options.syncFileNow);
    this.checkpointer?.add(this.path);
  }

  private migrate(hashAlgorithm: HashAlgorithm): void {
    if (!isHashAlgorithm(hashAlgorithm)) {
      throw new StoreError(`unknown hash algorithm ${String(hashAlgorithm)}; accepted: ${HASH_ALGORITHMS.join(', ')}`);
    }
    const readVersion = () => this.db.pragma('user_version', { simple: true }) as number;
    const check = (version: number) => {
      if (version > SQLITE_SCHEMA_VERSION) {
        throw new StoreError(`the SQLite store at ${this.path} has schema version ${version}; this build knows up to ${SQLITE_SCHEMA_VERSION}`);
      }
    };
    const found = readVersion();
    check(found);
    if (found === SQLITE_SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        const version = readVersion(); // again under the lock: another process may have migrated meanwhile
        check(version);
        if (version < 1) this.db.exec(SCHEMA_V1);
        if (version < 2) {
          this.db.exec(SCHEMA_V2);
          // A v1 file was hashed with SHA-256, the only recipe then; a new file takes the one asked for.
          const algorithm = version === 0 ? hashAlgorithm : 'sha256';
          this.db.prepare("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('hash_algorithm', ?)").run(algorithm);
          // Projection snapshots once lived here; the read model now has a file of its own.
          this.db.exec('DROP TABLE IF EXISTS projection_snapshots');
        }
        this.db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
      })
      .immediate();
  }

  private readHashAlgorithm(): HashAlgorithm {
    const row = this.db.prepare("SELECT value FROM store_meta WHERE key = 'hash_algorithm'").get() as { value: string } | undefined;
    if (!row || !isHashAlgorithm(row.value)) {
      throw new StoreError(
        `the SQLite store at ${this.path} names ${row ? `an unknown hash algorithm ${row.value}` : 'no hash algorithm'} in store_meta; this build knows ${HASH_ALGORITHMS.join(', ')}`,
      );
    }
    // Refused at open rather than at the first append: a store this Node cannot hash is one it cannot extend or verify.
    if (!hashAvailable(row.value)) throw new StoreError(`the SQLite store at ${this.path} hashes with ${row.value}, which this Node's OpenSSL does not offer`);
    return row.value;
  }

  /** The connection's durability settings, read back from SQLite (synchronous is per connection). */
  pragmas(): SqlitePragmas {
    this.assertOpen();
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      busyTimeout: Number(this.db.pragma('busy_timeout', { simple: true })),
      userVersion: Number(this.db.pragma('user_version', { simple: true })),
      walAutocheckpoint: Number(this.db.pragma('wal_autocheckpoint', { simple: true })),
    };
  }

  async append(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    this.assertOpen();
    if (this.syncFailure) throw this.syncFailure;
    const expected = checkAppendArgs(streamId, events, options.expectedRevision);
    const prepared = events.map(prepareEvent);
    if (!streamId.isWellFormed()) throw new InvalidAppendError(`streamId ${JSON.stringify(streamId)} cannot be hashed: lone surrogate`);
    checkDistinctIds(prepared, 'append');

    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: prepared, expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * When the queued appends are committed. While a sync of the WAL is under way they wait for its end:
   * a commit made meanwhile could not be synced before it anyway, and the wait gathers them into one
   * transaction and the next sync. With the disk idle they are committed at once (after the appends
   * made in the same run of the caller's code): waiting for the event loop's turn instead (setImmediate)
   * held every write behind all the requests the loop was parsing, 2.6 ms at the median under load.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const flush = () => this.flush();
    const busy = this.walSync?.joinRunning();
    if (busy) busy.then(flush, flush);
    else queueMicrotask(flush);
  }

  /**
   * Group commit. better-sqlite3 is synchronous, so appends from concurrent requests reach the store
   * one after another; those queued together (scheduleFlush) are committed in ONE IMMEDIATE
   * transaction — one fsync for all — each in a SAVEPOINT of its own, so one append's
   * ConcurrencyError or DuplicateEventError fails only that append. Each caller hears once the WAL is
   * synced after the commit (whenSynced); if the commit itself fails, every append of the group fails.
   * Appends made through this instance keep their call order (positions and recordedAt with it).
   */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue;
    if (group.length === 0) return;
    this.queue = [];
    if (this.closed) {
      for (const a of group) a.reject(new StoreError(`the SQLite store at ${this.path} is closed`));
      return;
    }
    if (this.syncFailure) {
      // The sync these appends waited for failed: nothing more is written (see whenSynced).
      for (const a of group) a.reject(this.syncFailure);
      return;
    }
    const outcomes: (AppendResult | Error)[] = [];
    try {
      this.groupTxn.immediate(group, outcomes);
      this.commitCount += 1;
    } catch (err) {
      const error = this.translate(err);
      for (const a of group) a.reject(error);
      return;
    } finally {
      noteCommit();
    }
    // An append refused in its savepoint wrote nothing: it hears now. The others hear once synced.
    const done: number[] = [];
    for (let i = 0; i < group.length; i++) {
      if (outcomes[i] instanceof Error) group[i]!.reject(outcomes[i]);
      else done.push(i);
    }
    if (done.length === 0) return;
    // Held from the commit, not from the acknowledgement: readers are shown them only once synced
    // (durableLimit), and a catch-up that runs between the sync and the acknowledgement finds them here.
    for (const i of done) this.remember(group[i]!.events, (outcomes[i] as AppendResult).events);
    const acknowledge = () => {
      for (const i of done) group[i]!.resolve(outcomes[i] as AppendResult);
      for (const sub of this.subscriptions) sub.wake();
    };
    if (!this.walSync) {
      acknowledge();
      return;
    }
    const first = (outcomes[done[0]!] as AppendResult).events[0]!.globalPosition;
    this.whenSynced(first).then(acknowledge, (error: unknown) => {
      for (const i of done) group[i]!.reject(error);
    });
  }

  /**
   * Waits for the sync that covers a commit starting at `first`; until then readers of this instance
   * are not shown it (durableLimit). A failed sync fails the store: nothing more is appended.
   */
  private async whenSynced(first: number): Promise<void> {
    this.unsynced.push(first);
    try {
      await this.walSync!.after();
    } catch (err) {
      // The commit stays hidden: it is in the WAL, but not known to be on disk.
      this.syncFailure ??= new StoreError(
        `the SQLite store at ${this.path} could not sync its WAL (${(err as Error).message}): what was committed since is not known to be on disk; restart duban`,
        { cause: err },
      );
      throw this.syncFailure;
    }
    // Syncs complete in order, and so do the commits they cover.
    this.unsynced.splice(this.unsynced.indexOf(first), 1);
  }

  /** The last position readers of this instance may see: before the first commit still waiting for its sync. */
  private durableLimit(): number {
    return this.unsynced.length === 0 ? Number.MAX_SAFE_INTEGER : this.unsynced[0]! - 1;
  }

  /** Keeps committed events to be read back as stored (see StoredHeldEvent). */
  private remember(prepared: readonly PreparedEvent[], recorded: readonly RecordedEvent[]): void {
    const held: StoredHeldEvent[] = new Array(recorded.length);
    for (let i = 0; i < recorded.length; i++) held[i] = new StoredHeldEvent(recorded[i]!, prepared[i]!.actorJson, prepared[i]!.dataJson, this.actors);
    this.recent.add(held);
  }

  private groupInTransaction(group: QueuedAppend[], outcomes: (AppendResult | Error)[]): void {
    // Alone in its group, an append needs no savepoint: its failure rolls back the whole (its own) transaction.
    if (group.length === 1) {
      const a = group[0]!;
      outcomes.push(this.appendInTransaction(a.streamId, a.events, a.expected));
      return;
    }
    for (const a of group) {
      try {
        outcomes.push(this.appendTxn(a.streamId, a.events, a.expected));
      } catch (err) {
        if (!failsOnlyItself(err)) throw err; // e.g. a full disk: the group fails as one
        outcomes.push(err as Error);
      }
    }
  }

  /** How many append transactions this instance has committed (each is one fsync): for tests and benchmarks. */
  get commits(): number {
    return this.commitCount;
  }

  private appendInTransaction(streamId: string, events: PreparedEvent[], expected: ExpectedRevision): AppendResult {
    const head = this.stmtStreamHead.get(streamId);
    const actual = head ? head.stream_revision : -1;
    if (!satisfies(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);

    let recordedAt = normaliseInstant(this.clock(), 'the clock', StoreError);
    const last = this.stmtLastRecordedAt.get();
    if (last && last.recorded_at > recordedAt) recordedAt = last.recorded_at;

    const correlationDefault = events[0]!.eventId;
    let prevHash: string | null = head ? head.hash : null;
    const out: RecordedEvent[] = [];
    let revision = actual;
    let position = 0;
    for (const e of events) {
      revision += 1;
      const envelope = envelopeAt(e, streamId, revision, recordedAt, correlationDefault, prevHash);
      const hash = hashCanonical(envelopeCanonical(e, envelope), this.hashAlgorithm);
      let info: { lastInsertRowid: number | bigint };
      try {
        info = this.stmtInsert.run(
          envelope.eventId,
          streamId,
          revision,
          envelope.type,
          envelope.planId,
          recordedAt,
          envelope.effectiveAt,
          e.actorJson,
          envelope.correlationId,
          envelope.causationId,
          envelope.schemaVersion,
          e.dataJson,
          hash,
          prevHash,
        );
      } catch (err) {
        const c = err as { code?: unknown; message?: string };
        if (c?.code === 'SQLITE_CONSTRAINT_UNIQUE' && (c.message ?? '').includes('events.event_id')) {
          throw new DuplicateEventError(e.eventId); // rolls the whole batch back
        }
        throw err;
      }
      position = Number(info.lastInsertRowid);
      out.push(recordedEvent(envelope, hash, position));
      prevHash = hash;
    }
    return { nextExpectedRevision: revision, lastPosition: position, events: out };
  }

  /**
   * Store copy (see the port). Everything that needs no lock — shape, serialising, recomputing each
   * hash with this store's algorithm — is done first; the chain and time checks and the inserts run in
   * one IMMEDIATE transaction, so a refused batch leaves nothing behind.
   */
  async importRecorded(events: readonly RecordedEvent[]): Promise<{ lastPosition: number }> {
    this.assertOpen();
    if (!Array.isArray(events)) throw new InvalidAppendError('importRecorded takes an array of recorded events');
    if (events.length === 0) return { lastPosition: this.headPositionSync() };
    const prepared = events.map((e, i) => checkRecorded(e, i, this.hashAlgorithm));
    checkDistinctIds(prepared, 'import');
    let lastPosition: number;
    if (this.syncFailure) throw this.syncFailure;
    const from = this.headPositionSync() + 1;
    try {
      lastPosition = this.importTxn.immediate(prepared);
    } catch (err) {
      throw this.translate(err);
    } finally {
      noteCommit();
    }
    if (this.walSync) await this.whenSynced(from);
    for (const sub of this.subscriptions) sub.wake();
    return { lastPosition };
  }

  private importInTransaction(events: CheckedRecorded[]): number {
    // Heads of the streams this batch touches, as the batch extends them.
    const heads = new Map<string, { revision: number; hash: string | null }>();
    let lastRecordedAt = this.stmtLastRecordedAt.get()?.recorded_at ?? '';
    let position = 0;
    events.forEach((e, i) => {
      const at = `event ${i} (${e.eventId})`;
      let head = heads.get(e.streamId);
      if (!head) {
        const row = this.stmtStreamHead.get(e.streamId);
        head = row ? { revision: row.stream_revision, hash: row.hash } : { revision: -1, hash: null };
      }
      if (e.streamRevision !== head.revision + 1) {
        throw new ConcurrencyError(e.streamId, e.streamRevision - 1 < 0 ? 'no_stream' : e.streamRevision - 1, head.revision);
      }
      if (e.prevHash !== head.hash) {
        throw new InvalidAppendError(`${at}: its prevHash is not the hash of ${e.streamId} revision ${head.revision} in this store`);
      }
      if (e.recordedAt < lastRecordedAt) {
        throw new InvalidAppendError(`${at}: recordedAt ${e.recordedAt} is before the store's last event (${lastRecordedAt})`);
      }
      let info: { lastInsertRowid: number | bigint };
      try {
        info = this.stmtInsert.run(
          e.eventId,
          e.streamId,
          e.streamRevision,
          e.type,
          e.planId,
          e.recordedAt,
          e.effectiveAt,
          e.actorJson,
          e.correlationId,
          e.causationId,
          e.schemaVersion,
          e.dataJson,
          e.hash,
          e.prevHash,
        );
      } catch (err) {
        const c = err as { code?: unknown; message?: string };
        if (c?.code === 'SQLITE_CONSTRAINT_UNIQUE' && (c.message ?? '').includes('events.event_id')) {
          throw new DuplicateEventError(e.eventId);
        }
        throw err;
      }
      position = Number(info.lastInsertRowid);
      heads.set(e.streamId, { revision: e.streamRevision, hash: e.hash });
      lastRecordedAt = e.recordedAt;
    });
    return position;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(0, Math.trunc(options.fromRevision ?? 0));
    const limit = options.maxCount === undefined ? -1 : Math.max(0, Math.trunc(options.maxCount));
    try {
      return this.read('stream', limit)
        .all(streamId, from)
        .map((r) => rowToEvent(r, this.actors));
    } catch (err) {
      throw this.translate(err);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options);
  }

  /** readAll without the promise: for the subscription loop. */
  readAllSync(options: ReadAllOptions = {}): RecordedEvent[] {
    this.assertOpen();
    const after = Math.trunc(options.after ?? 0);
    // A commit still waiting for its sync is not shown (nor anything after it): see whenSynced.
    const upTo = Math.min(options.upTo === undefined ? Number.MAX_SAFE_INTEGER : Math.trunc(options.upTo), this.durableLimit());
    const limit = options.maxCount === undefined ? -1 : Math.max(0, Math.trunc(options.maxCount));
    try {
      if (options.recent) {
        // The head (another process may have written since) decides whether memory can answer.
        const end = Math.min(upTo, this.headPerTurn.get());
        if (after >= end || limit === 0) return [];
        const held = this.recent.slice(after, end, limit);
        if (held) return held;
      }
      return this.read('all', limit)
        .all(after, upTo)
        .map((r) => rowToEvent(r, this.actors));
    } catch (err) {
      throw this.translate(err);
    }
  }

  /** The read statement for a stream or the whole store with this LIMIT (-1: none), prepared once. */
  private read(kind: 'stream' | 'all', maxCount: number): Statement<unknown[], EventTuple> {
    const limit = Number.isNaN(maxCount) ? 0 : maxCount >= Number.MAX_SAFE_INTEGER ? -1 : maxCount;
    const id = `${kind} ${limit}`;
    let stmt = this.readStatements.get(id);
    if (!stmt) {
      const where =
        kind === 'stream'
          ? 'stream_id = ? AND stream_revision >= ? ORDER BY stream_revision'
          : 'global_position > ? AND global_position <= ? ORDER BY global_position';
      stmt = this.db.prepare<unknown[], EventTuple>(`SELECT ${COLUMNS} FROM events WHERE ${where}${limit < 0 ? '' : ` LIMIT ${limit}`}`).raw(true);
      if (this.readStatements.size >= 64) this.readStatements.clear(); // callers use a few page sizes; bounded anyway
      this.readStatements.set(id, stmt);
    }
    return stmt;
  }

  async headPosition(): Promise<number> {
    return this.headPositionSync();
  }

  headPositionSync(): number {
    this.assertOpen();
    try {
      return Math.min(this.stmtHead.get()!.p, this.durableLimit());
    } catch (err) {
      throw this.translate(err);
    }
  }

  async positionAt(instant: string): Promise<number> {
    this.assertOpen();
    const iso = normaliseInstant(instant, 'positionAt', StoreError);
    try {
      return Math.min(this.stmtPositionAt.get(iso)?.global_position ?? 0, this.durableLimit());
    } catch (err) {
      throw this.translate(err);
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    if (typeof options?.onEvent !== 'function') throw new StoreError('subscribe needs an onEvent function');
    const source: PollingSource = {
      readPage: (after, maxCount) => this.readAllSync({ after, maxCount }),
      head: this.headPositionSync(),
      batchSize: this.batchSize,
      pollIntervalMs: this.pollIntervalMs,
    };
    const sub = new PollingSubscription(source, options, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(); // appends already made are committed, not dropped
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.closed = true;
    // Their callers hear once synced; the file closes after.
    await this.walSync?.after().catch(() => {});
    this.walSync?.close();
    this.checkpointer?.remove(this.path);
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`the SQLite store at ${this.path} is closed`);
  }

  private translate(err: unknown): unknown {
    if (err instanceof StoreError) return err;
    const e = err as { code?: unknown; message?: string };
    if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
      return new StoreError(`SQLite store at ${this.path}: ${e.message ?? e.code} (${e.code})`, { cause: err });
    }
    return err;
  }
}

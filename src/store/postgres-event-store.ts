// The PostgreSQL adapter: one schema (default `duban`) holding events, store_meta, migrations and the
// append function (src/store/postgres/migrations.ts), reached through a pg.Pool that the read model,
// idempotency keys and rate limits in the same database may share.
//
// Appends: ONE round trip in the common case. The client checks and hashes the events against the
// stream head it believes in (cached from its own appends and reads) and a recordedAt taken from the
// injected clock, never below the last recordedAt it knows of; the append function re-checks all of
// that under a store-wide commit lock and either inserts (autocommit: no BEGIN/COMMIT trips) or
// answers with the actual head, after which the client re-hashes and tries again. Several events go to
// append_events; a single one is a LockedInsert (postgres/locked-insert.ts): the lock and one INSERT
// in one round trip without the function, the heads read only after it inserted nothing. The database is
// the judge: expectedRevision is checked under the lock, and (stream_id, stream_revision) is unique.
// Positions are drawn under the same lock, so they are assigned in commit order (see migrations.ts
// for why a bare sequence would let a tailing reader skip a late commit).
//
// Subscriptions catch up with readAll pages, then follow LISTEN/NOTIFY on a channel named for the
// schema (one dedicated client per store instance), with a slow poll in case a notification is missed.
import pg from 'pg';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, StoreError } from './errors.ts';
import type { PreparedEvent } from './event-chain.ts';
import { chainPrepared, prepareEvent } from './event-chain.ts';
import { checkAppendArgs, checkDistinctIds, checkRecorded, normaliseInstant, satisfies } from './event-checks.ts';
import type { HashAlgorithm } from './event-hash.ts';
import { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHMS, hashAvailable, isHashAlgorithm } from './event-hash.ts';
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
import type { PollingSource } from './polling-subscription.ts';
import { PollingSubscription } from './polling-subscription.ts';
import type { LockedInsertSql } from './postgres/locked-insert.ts';
import { headsSql, LockedInsert, lockedInsertSql } from './postgres/locked-insert.ts';
import { COMMIT_LOCK, lockKeySql, migrate, notifyChannel, quoteIdent, quoteLiteral } from './postgres/migrations.ts';
import type { EventTuple } from './sql-event-rows.ts';
import { ActorCache, COLUMNS, rowToEvent } from './sql-event-rows.ts';

export const DEFAULT_POSTGRES_SCHEMA = 'duban';

export interface PostgresEventStoreOptions {
  clock?: Clock;
  /** For a store this call creates (default sha256); an existing store keeps its own. */
  hashAlgorithm?: HashAlgorithm;
  /** The schema; default the URL's ?schema=, else `duban`. */
  schema?: string;
  /** Fallback poll of a live subscription, in case a notification is missed, in ms. Default 1000. */
  pollIntervalMs?: number;
  /** How many events a subscription reads per query while catching up. Default 1000. */
  subscriptionBatchSize?: number;
  /** Pool size. Default 10. */
  maxConnections?: number;
}

const INT8_OID = 20;
const JSON_OID = 114;
/** For our own queries: bigint positions as numbers (safe up to 2^53), json columns as raw text to parse ourselves. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (v: string) => Number(v);
    if (oid === JSON_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

interface StreamHead {
  revision: number;
  hash: string | null;
}

/** What the client believes about streams: a guess the append function checks, never trusted. */
class HeadCache {
  private readonly heads = new Map<string, StreamHead>();
  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }
  set(streamId: string, head: StreamHead): void {
    if (this.heads.size >= 100_000 && !this.heads.has(streamId)) this.heads.clear();
    this.heads.set(streamId, head);
  }
}

/** An attempt's outcome: 0 appended (at first_position), 1 the expected revision is not met, 2 a guess was stale. */
interface AppendRow {
  status: number;
  actual_revision: number;
  actual_hash: string | null;
  last_recorded_at: string | null;
  first_position: number | null;
}

/** The schema from the URL's ?schema= and the URL without it (pg does not know the parameter). */
export function splitSchema(url: string): { connectionString: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, schema: undefined };
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema === undefined) return { connectionString: url, schema };
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema: schema === '' ? undefined : schema };
}

/** Hides the password of a URL's userinfo. */
function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

export class PostgresEventStore implements EventStore {
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly hashAlgorithm: HashAlgorithm;
  private readonly clock: Clock;
  private readonly where: string;
  private readonly clientConfig: pg.ClientConfig;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly heads = new HeadCache();
  private readonly actors = new ActorCache();
  /** The latest recordedAt this instance knows of: the guess an append starts from. */
  private lastRecordedAt: string | null = null;
  private readonly subscriptions = new Set<PollingSubscription>();
  private listener: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  private readonly sql: {
    append: string;
    heads: string;
    readAll: string;
    readStream: string;
    head: string;
    positionAt: string;
  };
  private readonly lockedInsert: LockedInsertSql;
  private readonly names: { append: string; heads: string; readAll: string; readStream: string };

  static async open(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const { connectionString, schema: fromUrl } = splitSchema(url);
    const schema = options.schema ?? fromUrl ?? DEFAULT_POSTGRES_SCHEMA;
    if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
      throw new StoreError(`the PostgreSQL schema name ${JSON.stringify(schema)} is not a plain identifier (letters, digits, _ and $, at most 63)`);
    }
    const asked = options.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
    if (!isHashAlgorithm(asked)) {
      throw new StoreError(`unknown hash algorithm ${String(asked)}; accepted: ${HASH_ALGORITHMS.join(', ')}`);
    }
    const clientConfig: pg.ClientConfig = { connectionString, application_name: 'duban' };
    const pool = new pg.Pool({ ...clientConfig, max: options.maxConnections ?? 10 });
    // An idle client's error (e.g. the server restarted) must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const where = `${redact(connectionString)} schema ${schema}`;
    try {
      await migrate(pool, schema, asked);
      const { rows } = await pool.query<{ value: string }>(`SELECT value FROM ${quoteIdent(schema)}.store_meta WHERE key = 'hash_algorithm'`);
      const algorithm = rows[0]?.value;
      if (!algorithm || !isHashAlgorithm(algorithm)) {
        throw new StoreError(
          `the PostgreSQL store at ${where} names ${algorithm ? `an unknown hash algorithm ${algorithm}` : 'no hash algorithm'} in store_meta; this build knows ${HASH_ALGORITHMS.join(', ')}`,
        );
      }
      if (!hashAvailable(algorithm))
        throw new StoreError(`the PostgreSQL store at ${where} hashes with ${algorithm}, which this Node's OpenSSL does not offer`);
      return new PostgresEventStore(pool, schema, algorithm, clientConfig, where, options);
    } catch (err) {
      await pool.end().catch(() => {});
      if (err instanceof StoreError) throw err;
      throw new StoreError(`cannot open the PostgreSQL store at ${where}: ${(err as Error).message}`, { cause: err });
    }
  }

  private constructor(
    pool: pg.Pool,
    schema: string,
    hashAlgorithm: HashAlgorithm,
    clientConfig: pg.ClientConfig,
    where: string,
    options: PostgresEventStoreOptions,
  ) {
    this.pool = pool;
    this.schema = schema;
    this.hashAlgorithm = hashAlgorithm;
    this.clientConfig = clientConfig;
    this.where = where;
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.subscriptionBatchSize ?? 1000;
    const s = quoteIdent(schema);
    this.sql = {
      append: `SELECT status, actual_revision, actual_hash, last_recorded_at, first_position FROM ${s}.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      heads: headsSql(schema),
      readAll: `SELECT ${COLUMNS} FROM ${s}.events WHERE global_position > $1 AND global_position <= $2 ORDER BY global_position LIMIT $3`,
      readStream: `SELECT ${COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND stream_revision >= $2 ORDER BY stream_revision LIMIT $3`,
      head: `SELECT COALESCE(max(global_position), 0) AS p FROM ${s}.events`,
      // recorded_at never decreases with position, so the last row in (recorded_at, position) order is the answer.
      positionAt: `SELECT global_position FROM ${s}.events WHERE recorded_at <= $1 ORDER BY recorded_at DESC, global_position DESC LIMIT 1`,
    };
    this.lockedInsert = lockedInsertSql(schema);
    // Named statements are prepared once per connection; the schema is in the name since it is in the text.
    this.names = {
      append: `duban_append:${schema}`,
      heads: `duban_heads:${schema}`,
      readAll: `duban_read_all:${schema}`,
      readStream: `duban_read_stream:${schema}`,
    };
  }

  async append(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = checkAppendArgs(streamId, events, options.expectedRevision);
    const prepared = events.map(prepareEvent);
    checkDistinctIds(prepared, 'append');
    const expectedArg = expected === 'any' ? null : expected === 'stream_exists' ? -2 : expected === 'no_stream' ? -1 : expected;
    let head: StreamHead = this.heads.get(streamId) ?? { revision: -1, hash: null };
    let last = this.lastRecordedAt;

    for (let attempt = 1; ; attempt++) {
      // The clock is read again on a retry: with writers racing, another one may have committed a later
      // reading meanwhile, and an old reading raised to the store's last would lose again to the next.
      const now = normaliseInstant(this.clock(), 'the clock', StoreError);
      const recordedAt = last !== null && last > now ? last : now;
      // The recorded events as they will be if the head and recordedAt guesses hold (positions filled in below).
      const built = chainPrepared(streamId, prepared, head, recordedAt, this.hashAlgorithm);
      let row: AppendRow;
      try {
        row =
          built.length === 1
            ? await this.appendOne(streamId, expected, expectedArg, head, recordedAt, built[0]!, prepared[0]!)
            : await this.appendMany(streamId, expectedArg, head, recordedAt, built, prepared);
      } catch (err) {
        throw this.translate(err);
      }
      if (row.status === 0) {
        const first = row.first_position!;
        for (const [i, e] of built.entries()) e.globalPosition = first + i;
        const tail = built.at(-1)!;
        this.heads.set(streamId, { revision: tail.streamRevision, hash: tail.hash });
        this.noteRecordedAt(recordedAt);
        for (const sub of this.subscriptions) sub.wake();
        return { nextExpectedRevision: tail.streamRevision, lastPosition: tail.globalPosition, events: built };
      }
      head = { revision: row.actual_revision, hash: row.actual_hash };
      this.heads.set(streamId, head);
      if (row.last_recorded_at !== null) {
        this.noteRecordedAt(row.last_recorded_at);
        if (last === null || row.last_recorded_at > last) last = row.last_recorded_at;
      }
      if (row.status === 1) throw new ConcurrencyError(streamId, expected, row.actual_revision);
      // status 2: the guess was stale (another writer got in); hash again on the actual head.
      if (attempt >= 100) throw new StoreError(`an append to ${streamId} lost the race ${attempt} times in a row; giving up`);
    }
  }

  /**
   * One event: the LockedInsert answers the position, or null having inserted nothing (a stale guess
   * or an expectation not met); then the committed heads say which, and give the next guess.
   */
  private async appendOne(
    streamId: string,
    expected: ExpectedRevision,
    expectedArg: number | null,
    head: StreamHead,
    recordedAt: string,
    e: RecordedEvent,
    p: PreparedEvent,
  ): Promise<AppendRow> {
    const values = [
      streamId,
      expectedArg === null ? null : String(expectedArg),
      String(head.revision),
      head.hash,
      recordedAt,
      e.eventId,
      e.type,
      e.planId,
      e.effectiveAt,
      p.actorJson,
      e.correlationId,
      e.causationId,
      String(e.schemaVersion),
      p.dataJson,
      e.hash,
    ];
    const client = await this.pool.connect();
    let position: number | null;
    try {
      position = await new Promise<number | null>((resolve, reject) => {
        client.query(new LockedInsert(this.lockedInsert, values, (err, at) => (err ? reject(err) : resolve(at))));
      });
    } finally {
      client.release();
    }
    if (position !== null) return { status: 0, actual_revision: 0, actual_hash: null, last_recorded_at: null, first_position: position };
    const heads = await this.pool.query<Omit<AppendRow, 'status' | 'first_position'>>({
      name: this.names.heads,
      text: this.sql.heads,
      values: [streamId],
      types: TYPES,
    });
    const h = heads.rows[0]!;
    return { ...h, status: satisfies(expected, h.actual_revision) ? 2 : 1, first_position: null };
  }

  private async appendMany(
    streamId: string,
    expectedArg: number | null,
    head: StreamHead,
    recordedAt: string,
    built: RecordedEvent[],
    prepared: PreparedEvent[],
  ): Promise<AppendRow> {
    const res = await this.pool.query<AppendRow>({
      name: this.names.append,
      text: this.sql.append,
      values: [
        streamId,
        expectedArg,
        head.revision,
        head.hash,
        recordedAt,
        built.map((e) => e.eventId),
        built.map((e) => e.type),
        built.map((e) => e.planId),
        built.map((e) => e.effectiveAt),
        prepared.map((p) => p.actorJson),
        built.map((e) => e.correlationId),
        built.map((e) => e.causationId),
        built.map((e) => e.schemaVersion),
        prepared.map((p) => p.dataJson),
        built.map((e) => e.hash),
      ],
      types: TYPES,
    });
    return res.rows[0]!;
  }

  private noteRecordedAt(at: string): void {
    if (this.lastRecordedAt === null || at > this.lastRecordedAt) this.lastRecordedAt = at;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(0, Math.trunc(options.fromRevision ?? 0));
    const limit = options.maxCount === undefined ? null : Math.max(0, Math.trunc(options.maxCount));
    const rows = await this.rows(this.names.readStream, this.sql.readStream, [streamId, from, limit]);
    const out = rows.map((r) => rowToEvent(r, this.actors));
    const tail = out.at(-1);
    // Read to its end, the stream's head is known: the next append to it needs no second trip.
    if (tail && limit === null) this.heads.set(streamId, { revision: tail.streamRevision, hash: tail.hash });
    if (tail) this.noteRecordedAt(tail.recordedAt);
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = Math.trunc(options.after ?? 0);
    const upTo = options.upTo === undefined ? Number.MAX_SAFE_INTEGER : Math.trunc(options.upTo);
    const limit = options.maxCount === undefined ? null : Math.max(0, Math.trunc(options.maxCount));
    const rows = await this.rows(this.names.readAll, this.sql.readAll, [after, upTo, limit]);
    const out = rows.map((r) => rowToEvent(r, this.actors));
    const tail = out.at(-1);
    if (tail) this.noteRecordedAt(tail.recordedAt);
    return out;
  }

  private async rows(name: string, text: string, values: unknown[]): Promise<EventTuple[]> {
    try {
      const res = await this.pool.query<EventTuple>({ name, text, values, rowMode: 'array', types: TYPES });
      return res.rows;
    } catch (err) {
      throw this.translate(err);
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return (await this.query<{ p: number }>(this.sql.head, []))[0]!.p;
  }

  async positionAt(instant: string): Promise<number> {
    this.assertOpen();
    const iso = normaliseInstant(instant, 'positionAt', StoreError);
    return (await this.query<{ global_position: number }>(this.sql.positionAt, [iso]))[0]?.global_position ?? 0;
  }

  /** One query on the pool, its rows keyed by column, its failure a StoreError. */
  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>({ text, values, types: TYPES })).rows;
    } catch (err) {
      throw this.translate(err);
    }
  }

  /**
   * Store copy: appends events recorded elsewhere as they are (hashes, revisions, recordedAt kept),
   * at this store's next positions, in the given order; all or nothing, under the commit lock.
   */
  async importRecorded(events: readonly RecordedEvent[]): Promise<{ lastPosition: number }> {
    this.assertOpen();
    if (!Array.isArray(events)) throw new InvalidAppendError('importRecorded needs an array of recorded events');
    if (events.length === 0) return { lastPosition: await this.headPosition() };
    const rows = events.map((e, i) => checkRecorded(e, i, this.hashAlgorithm));
    checkDistinctIds(rows, 'import');
    const s = quoteIdent(this.schema);
    const client = await this.pool.connect().catch((err: unknown) => {
      throw this.translate(err);
    });
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        await client.query(`SELECT pg_advisory_xact_lock(${lockKeySql(this.schema, COMMIT_LOCK)})`);
        const lastRow = await client.query<{ global_position: number; recorded_at: string }>({
          text: `SELECT global_position, recorded_at FROM ${s}.events ORDER BY global_position DESC LIMIT 1`,
          types: TYPES,
        });
        let position = lastRow.rows[0]?.global_position ?? 0;
        let lastAt = lastRow.rows[0]?.recorded_at ?? null;
        const streams = [...new Set(rows.map((r) => r.streamId))];
        const headRows = await client.query<{ stream_id: string; stream_revision: number; hash: string }>({
          text: `SELECT DISTINCT ON (stream_id) stream_id, stream_revision, hash FROM ${s}.events
                 WHERE stream_id = ANY($1) ORDER BY stream_id, stream_revision DESC`,
          values: [streams],
          types: TYPES,
        });
        const heads = new Map<string, StreamHead>(streams.map((id) => [id, { revision: -1, hash: null }]));
        for (const h of headRows.rows) heads.set(h.stream_id, { revision: h.stream_revision, hash: h.hash });
        rows.forEach((r, i) => {
          const head = heads.get(r.streamId)!;
          if (r.streamRevision !== head.revision + 1) {
            throw new ConcurrencyError(r.streamId, r.streamRevision - 1, head.revision);
          }
          if (r.prevHash !== head.hash) {
            throw new InvalidAppendError(`event ${i} (${r.eventId}): prevHash does not match the hash of ${r.streamId}'s revision ${head.revision}`);
          }
          if (lastAt !== null && r.recordedAt < lastAt) {
            throw new InvalidAppendError(`event ${i} (${r.eventId}): recordedAt ${r.recordedAt} is earlier than the store's last, ${lastAt}`);
          }
          lastAt = r.recordedAt;
          heads.set(r.streamId, { revision: r.streamRevision, hash: r.hash });
        });
        const first = position + 1;
        await client.query(
          `INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_revision, type, plan_id, recorded_at,
             effective_at, actor, correlation_id, causation_id, schema_version, data, hash, prev_hash)
           SELECT $1::bigint + u.o - 1, u.event_id, u.stream_id, u.stream_revision, u.type, u.plan_id, u.recorded_at,
             u.effective_at, u.actor::json, u.correlation_id, u.causation_id, u.schema_version, u.data::json, u.hash, u.prev_hash
           FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
             $10::text[], $11::text[], $12::integer[], $13::text[], $14::text[], $15::text[])
             WITH ORDINALITY AS u(event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, actor,
               correlation_id, causation_id, schema_version, data, hash, prev_hash, o)`,
          [
            first,
            rows.map((r) => r.eventId),
            rows.map((r) => r.streamId),
            rows.map((r) => r.streamRevision),
            rows.map((r) => r.type),
            rows.map((r) => r.planId),
            rows.map((r) => r.recordedAt),
            rows.map((r) => r.effectiveAt),
            rows.map((r) => r.actorJson),
            rows.map((r) => r.correlationId),
            rows.map((r) => r.causationId),
            rows.map((r) => r.schemaVersion),
            rows.map((r) => r.dataJson),
            rows.map((r) => r.hash),
            rows.map((r) => r.prevHash),
          ],
        );
        position += rows.length;
        await client.query(`SELECT pg_notify(${quoteLiteral(notifyChannel(this.schema))}, $1)`, [String(position)]);
        await client.query('COMMIT');
        for (const [id, h] of heads) this.heads.set(id, h);
        if (lastAt !== null) this.noteRecordedAt(lastAt);
        for (const sub of this.subscriptions) sub.wake();
        return { lastPosition: position };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw err;
      }
    } catch (err) {
      throw this.translate(err);
    } finally {
      client.release(broken);
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    if (typeof options?.onEvent !== 'function') throw new StoreError('subscribe needs an onEvent function');
    const source: PollingSource = {
      readPage: (after, maxCount) => this.readAll({ after, maxCount }),
      // Listen before the first read, so nothing committed after that read goes unannounced.
      beforeStart: () => this.ensureListener().catch(() => {}),
      head: () => this.headPosition(),
      // A notification wakes it; the poll is the fallback, and a lost listener is set up again.
      afterSleep: () => {
        if (!this.isListening) void this.ensureListener().catch(() => {});
      },
      batchSize: this.batchSize,
      pollIntervalMs: this.pollIntervalMs,
    };
    const sub = new PollingSubscription(source, options, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    return sub;
  }

  /**
   * LISTENs on the schema's channel with one dedicated client (not from the pool: it stays connected).
   * Resolves once listening; on failure the subscriptions still poll, and the next poll tries again.
   */
  ensureListener(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.listening) return this.listening;
    // keepAlive: a listener that only ever reads must still notice a dead connection.
    const client = new pg.Client({ ...this.clientConfig, keepAlive: true, connectionTimeoutMillis: 10_000 });
    const drop = () => {
      if (this.listener === client) this.listener = null;
      if (this.listening === attempt) this.listening = null;
      client.end().catch(() => {});
    };
    client.on('notification', () => {
      for (const sub of this.subscriptions) sub.wake();
    });
    client.on('error', drop);
    client.on('end', drop);
    const attempt: Promise<void> = (async () => {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(notifyChannel(this.schema))}`);
      if (this.closed) {
        drop();
        return;
      }
      this.listener = client;
    })();
    this.listening = attempt;
    attempt.catch(drop);
    return attempt;
  }

  /** Whether a LISTEN connection is up (for tests and health checks). */
  get isListening(): boolean {
    return this.listener !== null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.closed = true;
    const listening = this.listening;
    if (listening) await listening.catch(() => {});
    const listener = this.listener;
    this.listener = null;
    this.listening = null;
    if (listener) await listener.end().catch(() => {});
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`the PostgreSQL store at ${this.where} is closed`);
  }

  private translate(err: unknown): unknown {
    if (err instanceof StoreError) return err;
    const e = err as { code?: unknown; message?: string; constraint?: string; detail?: string };
    if (e?.code === '23505') {
      if (e.constraint === 'events_event_id_key') {
        const id = /\(event_id\)=\((.*)\)/.exec(e.detail ?? '')?.[1] ?? '?';
        return new DuplicateEventError(id);
      }
    }
    const code = typeof e?.code === 'string' ? ` (${e.code})` : '';
    return new StoreError(`PostgreSQL store at ${this.where}: ${e?.message ?? String(err)}${code}`, { cause: err });
  }
}

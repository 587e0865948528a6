// The read model in PostgreSQL: tables rm_* in the event store's own schema, so versions, audit
// index, clock and checkpoint commit together, and several duban instances share one read model.
// It behaves as the SQLite one (./sqlite-read-model.ts) does: a batch is written only if the
// checkpoint is still the one it was computed against (compare-and-set on the checkpoint row),
// and the same queries answer the same. Text columns compare bytewise (COLLATE "C"), as SQLite
// does: valid times and keys then order the same on both. It is a cache of the events: its
// commits do not wait for the WAL flush (synchronous_commit off) — a commit lost to a crash only
// means catching up again from an older checkpoint, never versions without their checkpoint.
import type pg from 'pg';
import { createOnce, inTransaction, quoteIdent } from '../../store/postgres-sql.ts';
import type { AuditIndexQuery, Checkpoint, ReadModel, ReadModelBatch, StoredVersion } from './read-model.ts';
import { type ChainRow, chainTexts, readChain } from './version-chain.ts';

export interface PostgresReadModelOptions {
  /** The pool of the PostgreSQL event store (PostgresEventStore.pool): the read model lives in the same database. */
  pool: pg.Pool;
  /** The store's schema; the rm_* tables are created in it. */
  schema: string;
  /**
   * The events table in that schema (e.g. 'events'): when its columns fit, the audit index and the
   * clock are computed from the events where they lie, and no event crosses into JavaScript for them.
   */
  eventsTable?: string;
}

const tables = (s: string) => `
CREATE TABLE IF NOT EXISTS ${s}.rm_meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.rm_versions (
  projection text COLLATE "C" NOT NULL,
  key        text COLLATE "C" NOT NULL,
  version    integer NOT NULL,
  position   bigint  NOT NULL,
  valid_from text COLLATE "C" NOT NULL,
  base       bigint  NOT NULL,
  state      text    NOT NULL,
  PRIMARY KEY (projection, key, version)
);
CREATE TABLE IF NOT EXISTS ${s}.rm_audit (
  position     bigint PRIMARY KEY,
  plan_id      text COLLATE "C" NOT NULL,
  stream_id    text COLLATE "C" NOT NULL,
  type         text COLLATE "C" NOT NULL,
  actor_id     text COLLATE "C" NOT NULL,
  unit_id      text COLLATE "C",
  recorded_at  text COLLATE "C" NOT NULL,
  effective_at text COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.rm_clock (recorded_at text COLLATE "C" PRIMARY KEY, position bigint NOT NULL);
-- As in SQLite: (projection, key, position) serves "latest" and "as recorded by" (version last, to
-- break a tie the same way every time); (…, valid_from,
-- position) serves "in effect at"; the primary key serves "first" (version 0).
CREATE INDEX IF NOT EXISTS rm_versions_position ON ${s}.rm_versions (projection, key, position, version);
CREATE INDEX IF NOT EXISTS rm_versions_valid ON ${s}.rm_versions (projection, key, valid_from, position);
CREATE INDEX IF NOT EXISTS rm_versions_keys ON ${s}.rm_versions (projection, key) WHERE version = 0;
CREATE INDEX IF NOT EXISTS rm_audit_plan ON ${s}.rm_audit (plan_id, position);
CREATE INDEX IF NOT EXISTS rm_audit_stream ON ${s}.rm_audit (stream_id, position);
`;

/** A version found, and its state's text when it is stored whole (null: its chain is read after). */
interface VersionDbRow {
  key: string;
  version: number;
  position: string | number;
  valid_from: string;
  base: string | number;
  state: string | null;
}

/** A version's state when it is stored whole; null when it is stored as changes (its chain is read after). */
const WHOLE_STATE = 'CASE WHEN base = position THEN state END AS state';

const TEXT = new Set(['text', 'character varying', 'character']);

export class PostgresReadModel implements ReadModel {
  private readonly pool: pg.Pool;
  private readonly s: string;
  private ready: Promise<void> | null = null;
  /** The SQL that indexes events in place, when the events table fits; null otherwise. */
  private inPlace: { audit: string; clock: string } | null = null;

  constructor(private readonly options: PostgresReadModelOptions) {
    this.pool = options.pool;
    this.s = quoteIdent(options.schema);
  }

  /** True (once initialised) when the events table sits beside the read model and its columns fit. */
  get indexesEventsInPlace(): boolean {
    return this.inPlace !== null;
  }

  /** Creates the tables if need be (once per instance; every method waits for it). */
  init(): Promise<void> {
    if (!this.ready) {
      this.ready = this.create().catch((error: unknown) => {
        this.ready = null; // let the next call try again
        throw error;
      });
    }
    return this.ready;
  }

  private async create(): Promise<void> {
    await createOnce(this.pool, this.options.schema, 'read-model', tables(this.s));
    // A read model from before versions were chained (version-chain.ts) lacks base: a cache, emptied
    // by the rebuild its older fingerprint asks for; the column is only added so that rebuild can
    // write. Looked for first: ALTER TABLE locks the table even when there is nothing to add.
    const { rowCount } = await this.pool.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'rm_versions' AND column_name = 'base'",
      [this.options.schema],
    );
    if (!rowCount)
      await createOnce(
        this.pool,
        this.options.schema,
        'read-model-base',
        `ALTER TABLE ${this.s}.rm_versions ADD COLUMN IF NOT EXISTS base bigint NOT NULL DEFAULT 0`,
      );
    // Marks the checkpoint row as there from the start, so the compare-and-set always has a row to lock.
    await this.pool.query(`INSERT INTO ${this.s}.rm_meta (key, value) VALUES ('checkpoint', '0') ON CONFLICT (key) DO NOTHING`);
    this.inPlace = this.options.eventsTable === undefined ? null : await this.inPlaceSql(this.options.eventsTable);
  }

  /**
   * The events table's columns, checked rather than assumed: times must be text (ISO strings, as
   * the envelope has them) and the actor JSON (jsonb, json or text holding JSON). Anything else
   * leaves indexing to the runner, which sends the audit and clock rows itself.
   */
  private async inPlaceSql(table: string): Promise<{ audit: string; clock: string } | null> {
    const { rows } = await this.pool.query<{ column_name: string; data_type: string }>(
      'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [this.options.schema, table],
    );
    const type = new Map(rows.map((r) => [r.column_name, r.data_type]));
    const text = (c: string) => TEXT.has(type.get(c) ?? '');
    const integer = (c: string) => ['bigint', 'integer'].includes(type.get(c) ?? '');
    if (!integer('global_position') || !['plan_id', 'stream_id', 'type', 'recorded_at', 'effective_at'].every(text)) return null;
    const actorType = type.get('actor');
    const actor = actorType === 'jsonb' ? 'actor' : actorType === 'json' || text('actor') ? 'actor::jsonb' : null;
    if (!actor) return null;
    const events = `${this.s}.${quoteIdent(table)}`;
    return {
      audit: `
        INSERT INTO ${this.s}.rm_audit (position, plan_id, stream_id, type, actor_id, unit_id, recorded_at, effective_at)
        SELECT global_position, plan_id, stream_id, type, (${actor})->>'id',
               CASE WHEN jsonb_typeof((${actor})->'unitId') = 'string' THEN (${actor})->>'unitId' END,
               recorded_at, effective_at
        FROM ${events} WHERE global_position > $1 AND global_position <= $2`,
      clock: `
        INSERT INTO ${this.s}.rm_clock (recorded_at, position)
        SELECT recorded_at, max(global_position) FROM ${events} WHERE global_position > $1 AND global_position <= $2 GROUP BY recorded_at
        ON CONFLICT (recorded_at) DO UPDATE SET position = excluded.position`,
    };
  }

  private async meta(): Promise<Map<string, string>> {
    await this.init();
    const { rows } = await this.pool.query<{ key: string; value: string }>(`SELECT key, value FROM ${this.s}.rm_meta`);
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  async checkpoint(): Promise<Checkpoint | null> {
    const meta = await this.meta();
    const position = meta.get('checkpoint');
    const fingerprint = meta.get('fingerprint');
    if (position === undefined || fingerprint === undefined) return null;
    return { position: Number(position), eventHash: meta.get('checkpoint_hash') ?? null, fingerprint };
  }

  async reset(fingerprint: string): Promise<void> {
    await this.init();
    await inTransaction(this.pool, async (c) => {
      // TRUNCATE waits for any batch under way, and every other process's next batch then fails its compare-and-set.
      await c.query(`TRUNCATE ${this.s}.rm_versions, ${this.s}.rm_audit, ${this.s}.rm_clock, ${this.s}.rm_meta`);
      await c.query(`INSERT INTO ${this.s}.rm_meta (key, value) VALUES ('fingerprint', $1), ('checkpoint', '0')`, [fingerprint]);
    });
  }

  async apply(batch: ReadModelBatch): Promise<boolean> {
    await this.init();
    const s = this.s;
    return inTransaction(this.pool, async (c) => {
      await c.query('SET LOCAL synchronous_commit = off');
      // The compare-and-set: the row lock makes a concurrent batch wait, then find the checkpoint moved.
      const moved = await c.query(`UPDATE ${s}.rm_meta SET value = $1 WHERE key = 'checkpoint' AND value = $2`, [
        String(batch.checkpoint.position),
        String(batch.after),
      ]);
      if (moved.rowCount !== 1) return false;
      if (batch.versions.length) {
        const v = batch.versions;
        await c.query(
          `INSERT INTO ${s}.rm_versions (projection, key, version, position, valid_from, base, state)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::bigint[], $7::text[])`,
          [
            v.map((r) => r.projection),
            v.map((r) => r.key),
            v.map((r) => r.version),
            v.map((r) => r.position),
            v.map((r) => r.validFrom),
            v.map((r) => r.base),
            v.map((r) => r.state),
          ],
        );
      }
      if (batch.audit.length) {
        const a = batch.audit;
        await c.query(
          `INSERT INTO ${s}.rm_audit (position, plan_id, stream_id, type, actor_id, unit_id, recorded_at, effective_at)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
          [
            a.map((r) => r.globalPosition),
            a.map((r) => r.planId),
            a.map((r) => r.streamId),
            a.map((r) => r.type),
            a.map((r) => r.actorId),
            a.map((r) => r.unitId),
            a.map((r) => r.recordedAt),
            a.map((r) => r.effectiveAt),
          ],
        );
      }
      if (batch.clock.length) {
        // One row per instant (an upsert may not touch a row twice in one statement); the later tick wins, as in SQLite.
        const clock = new Map<string, number>();
        for (const t of batch.clock) clock.set(t.recordedAt, t.position);
        await c.query(
          `INSERT INTO ${s}.rm_clock (recorded_at, position) SELECT * FROM unnest($1::text[], $2::bigint[])
           ON CONFLICT (recorded_at) DO UPDATE SET position = excluded.position`,
          [[...clock.keys()], [...clock.values()]],
        );
      }
      if (batch.indexInPlace) {
        if (!this.inPlace) throw new Error('this read model does not index events in place');
        await c.query(this.inPlace.audit, [batch.after, batch.checkpoint.position]);
        await c.query(this.inPlace.clock, [batch.after, batch.checkpoint.position]);
      }
      await c.query(`INSERT INTO ${s}.rm_meta (key, value) VALUES ('checkpoint_hash', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
        batch.checkpoint.eventHash,
      ]);
      return true;
    });
  }

  async latest(projection: string, keys: readonly string[]): Promise<Map<string, StoredVersion>> {
    await this.init();
    // One statement for every key: an index seek (the newest position) per key.
    const { rows } = await this.pool.query<VersionDbRow>(
      `SELECT v.* FROM unnest($2::text[]) AS k(key)
       CROSS JOIN LATERAL (
         SELECT key, version, position, valid_from, base, ${WHOLE_STATE} FROM ${this.s}.rm_versions
         WHERE projection = $1 AND key = k.key ORDER BY position DESC, version DESC LIMIT 1) v`,
      [projection, keys],
    );
    return this.withChains(projection, rows);
  }

  async at(projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, StoredVersion>> {
    await this.init();
    // As in SQLite: both axes grow with the version, so the answer is the earlier of the last version
    // recorded by `position` and the last in effect by `validAt` — none if either is missing (SQLite's
    // min() is null then; LEAST would skip the null, hence the CASE).
    const s = this.s;
    const { rows } = await this.pool.query<VersionDbRow>(
      `SELECT v.* FROM unnest($2::text[]) AS k(key)
       CROSS JOIN LATERAL (SELECT
         (SELECT position FROM ${s}.rm_versions WHERE projection = $1 AND key = k.key AND position <= $3
           ORDER BY position DESC LIMIT 1) AS recorded,
         (SELECT position FROM ${s}.rm_versions WHERE projection = $1 AND key = k.key AND valid_from <= $4
           ORDER BY valid_from DESC, position DESC LIMIT 1) AS valid) m
       CROSS JOIN LATERAL (
         SELECT key, version, position, valid_from, base, ${WHOLE_STATE} FROM ${s}.rm_versions
         WHERE projection = $1 AND key = k.key
           AND position = CASE WHEN m.recorded IS NULL OR m.valid IS NULL THEN NULL ELSE LEAST(m.recorded, m.valid) END
         ORDER BY version DESC LIMIT 1) v`,
      [projection, keys, position, validAt],
    );
    return this.withChains(projection, rows);
  }

  async first(projection: string, key: string): Promise<StoredVersion | null> {
    await this.init();
    const { rows } = await this.pool.query<VersionDbRow>(
      `SELECT key, version, position, valid_from, base, state FROM ${this.s}.rm_versions WHERE projection = $1 AND key = $2 AND version = 0`,
      [projection, key],
    );
    return rows[0] ? (await this.withChains(projection, rows)).get(key)! : null;
  }

  /**
   * The versions found, with their states: a whole one's text came with it; the chains of the others
   * (the whole state at their base and the changes after it) are read in one statement for all of them.
   */
  private async withChains(projection: string, rows: VersionDbRow[]): Promise<Map<string, StoredVersion>> {
    const chained = rows.filter((r) => r.state === null);
    const chains = new Map<string, ChainRow[]>();
    if (chained.length) {
      const found = await this.pool.query<ChainRow & { key: string }>(
        `SELECT v.key, v.version, v.position, v.base, v.state
         FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS k(key, base, head)
         JOIN ${this.s}.rm_versions v ON v.projection = $1 AND v.key = k.key AND v.position >= k.base AND v.position <= k.head
         ORDER BY v.key, v.position, v.version`,
        [projection, chained.map((r) => r.key), chained.map((r) => Number(r.base)), chained.map((r) => Number(r.position))],
      );
      for (const r of found.rows) {
        let chain = chains.get(r.key);
        if (!chain) {
          chain = [];
          chains.set(r.key, chain);
        }
        chain.push(r);
      }
    }
    const out = new Map<string, StoredVersion>();
    for (const r of rows) {
      const head = { key: r.key, version: r.version, base: Number(r.base) };
      const texts = r.state !== null ? [r.state] : chainTexts(head, chains.get(r.key) ?? []);
      out.set(r.key, { version: r.version, position: Number(r.position), validFrom: r.valid_from, base: head.base, read: () => readChain(texts) });
    }
    return out;
  }

  async keys(projection: string, position: number): Promise<string[]> {
    await this.init();
    const { rows } = await this.pool.query<{ key: string }>(
      `SELECT key FROM ${this.s}.rm_versions WHERE projection = $1 AND version = 0 AND position <= $2 ORDER BY key`,
      [projection, position],
    );
    return rows.map((r) => r.key);
  }

  async positionAt(instant: string): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.s}.rm_clock WHERE recorded_at <= $1 ORDER BY recorded_at DESC LIMIT 1`,
      [instant],
    );
    return rows[0] ? Number(rows[0].position) : 0;
  }

  async auditPositions(q: AuditIndexQuery): Promise<number[]> {
    await this.init();
    const args: unknown[] = [q.after, q.upTo];
    const where = ['position > $1', 'position <= $2'];
    const arg = (value: unknown) => `$${args.push(value)}`;
    if (q.planId !== undefined) where.push(`plan_id = ${arg(q.planId)}`);
    if (q.planIds) where.push(`plan_id = ANY(${arg(q.planIds)}::text[])`);
    if (q.notPlanIds?.length) where.push(`NOT (plan_id = ANY(${arg(q.notPlanIds)}::text[]))`);
    if (q.streamIds) where.push(`stream_id = ANY(${arg(q.streamIds)}::text[])`);
    if (q.types?.length) where.push(`type = ANY(${arg(q.types)}::text[])`);
    if (q.actorId !== undefined) where.push(`actor_id = ${arg(q.actorId)}`);
    if (q.unit) where.push(`(unit_id = ${arg(q.unit.unitId)} OR stream_id = ANY(${arg(q.unit.streamIds)}::text[]))`);
    if (q.effectiveFrom !== undefined) where.push(`effective_at >= ${arg(q.effectiveFrom)}`);
    if (q.effectiveTo !== undefined) where.push(`effective_at <= ${arg(q.effectiveTo)}`);
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.s}.rm_audit WHERE ${where.join(' AND ')} ORDER BY position LIMIT ${arg(q.limit)}`,
      args,
    );
    return rows.map((r) => Number(r.position));
  }

  /** The pool is the event store's: closing the read model leaves it open. */
  async close(): Promise<void> {}
}

/** The read model of a PostgreSQL event store, its tables ready. */
export async function openPostgresReadModel(options: PostgresReadModelOptions): Promise<PostgresReadModel> {
  const readModel = new PostgresReadModel(options);
  await readModel.init();
  return readModel;
}

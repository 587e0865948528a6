// Versioned migrations for the PostgreSQL event store, all inside one schema (events, store_meta, the
// migrations table and the append function). Run on open; several processes may open the same fresh
// schema at once, so the whole run holds a session advisory lock keyed on the schema.
import type pg from 'pg';
import { StoreError } from '../errors.ts';

/** A schema name as an SQL identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string as an SQL literal (for text baked into DDL, e.g. the function body). */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Advisory lock keys: (hashtext('duban:' || schema), n). Both sides compute hashtext in the same
 * cluster, so they agree. 1 = migrations (session lock), 2 = the commit lock (transaction lock).
 */
export const MIGRATION_LOCK = 1;
export const COMMIT_LOCK = 2;
export function lockKeySql(schema: string, n: number): string {
  return `hashtext(${quoteLiteral(`duban:${schema}`)}), ${n}`;
}

/** The NOTIFY channel an append announces itself on (a channel name is at most 63 bytes). */
export function notifyChannel(schema: string): string {
  const name = `duban_events:${schema}`;
  return Buffer.byteLength(name) <= 63 ? name : `duban_events:${schema.slice(0, 20)}:${simpleHash(schema)}`;
}

function simpleHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

/**
 * The append function: ONE round trip per append in the common case. The client sends the stream
 * head it believes in (revision and hash, from its cache) and a recordedAt no earlier than the last
 * it knows of, with the events already hashed on that assumption. Under the store-wide commit lock the
 * function checks the expected revision (status 1 = conflict, with the actual head), then that the
 * guess holds (head revision and hash, and no later recordedAt in the store; status 2 = retry, with
 * the actual head and last recordedAt, after which the client re-hashes), then inserts every row at
 * positions last+1 … last+n and NOTIFYs. Status 0 returns the first position.
 *
 * Why a lock and not a bare sequence: nextval() hands out numbers at draw time, but transactions
 * commit in any order. A writer could draw N, stall, and commit after another writer's N+1 became
 * visible; a reader tailing readAll({after}) would have moved past N and never see it. Taking
 * pg_advisory_xact_lock before the position is drawn makes draw order = commit order: the lock is
 * released only after the commit is visible, so a reader that has seen N never later finds an event
 * below N. recordedAt is checked under the same lock, so it never decreases with position.
 *
 * p_expected: NULL = any, -2 = stream_exists, -1 = no_stream, >= 0 = that revision.
 */
function appendFunction(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE FUNCTION ${s}.append_events(
  p_stream_id text, p_expected integer, p_guess_revision integer, p_guess_hash text, p_recorded_at text,
  p_event_ids text[], p_types text[], p_plan_ids text[], p_effective_at text[], p_actors text[],
  p_correlation_ids text[], p_causation_ids text[], p_schema_versions integer[], p_data text[], p_hashes text[],
  OUT status integer, OUT actual_revision integer, OUT actual_hash text, OUT last_recorded_at text,
  OUT first_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_last_position bigint;
  v_n integer := cardinality(p_event_ids);
BEGIN
  PERFORM pg_advisory_xact_lock(${lockKeySql(schema, COMMIT_LOCK)});
  SELECT e.stream_revision, e.hash INTO actual_revision, actual_hash
    FROM ${s}.events e WHERE e.stream_id = p_stream_id ORDER BY e.stream_revision DESC LIMIT 1;
  IF NOT FOUND THEN actual_revision := -1; actual_hash := NULL; END IF;
  SELECT e.global_position, e.recorded_at INTO v_last_position, last_recorded_at
    FROM ${s}.events e ORDER BY e.global_position DESC LIMIT 1;
  IF NOT FOUND THEN v_last_position := 0; END IF;
  IF (p_expected = -2 AND actual_revision = -1) OR (p_expected >= -1 AND actual_revision <> p_expected) THEN
    status := 1; RETURN;
  END IF;
  IF actual_revision <> p_guess_revision OR actual_hash IS DISTINCT FROM p_guess_hash
     OR last_recorded_at > p_recorded_at THEN
    status := 2; RETURN;
  END IF;
  first_position := v_last_position + 1;
  -- One INSERT per event, with the cached plan: measured faster than one INSERT ... SELECT FROM
  -- unnest(...) both for 1 event (about 4x) and for 100.
  FOR i IN 1..v_n LOOP
    INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_revision, type, plan_id, recorded_at,
        effective_at, actor, correlation_id, causation_id, schema_version, data, hash, prev_hash)
      VALUES (v_last_position + i, p_event_ids[i], p_stream_id, p_guess_revision + i, p_types[i], p_plan_ids[i],
        p_recorded_at, p_effective_at[i], p_actors[i]::json, p_correlation_ids[i], p_causation_ids[i],
        p_schema_versions[i], p_data[i]::json, p_hashes[i], CASE WHEN i = 1 THEN p_guess_hash ELSE p_hashes[i - 1] END);
  END LOOP;
  PERFORM pg_notify(${quoteLiteral(notifyChannel(schema))}, (v_last_position + v_n)::text);
  status := 0;
END
$fn$;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, store_meta and the append function',
    sql: (schema) => {
      const s = quoteIdent(schema);
      // Instants are text as toISOString() writes them (UTC, milliseconds), as in the SQLite store:
      // string order = time order, and what was recorded is what is read back, byte for byte.
      // actor and data are json (not jsonb): the text is kept as given, and still checked to be JSON.
      return `
CREATE TABLE ${s}.store_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE ${s}.events (
  global_position bigint  PRIMARY KEY,
  event_id        text    NOT NULL UNIQUE,
  stream_id       text    NOT NULL,
  stream_revision integer NOT NULL CHECK (stream_revision >= 0),
  type            text    NOT NULL,
  plan_id         text    NOT NULL,
  recorded_at     text    NOT NULL,
  effective_at    text    NOT NULL,
  actor           json    NOT NULL,
  correlation_id  text    NOT NULL,
  causation_id    text,
  schema_version  integer NOT NULL,
  data            json    NOT NULL,
  hash            text    NOT NULL,
  prev_hash       text,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX events_recorded_at ON ${s}.events (recorded_at, global_position);
${appendFunction(schema)}`;
    },
  },
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Brings the schema up to POSTGRES_SCHEMA_VERSION on one dedicated client, under a session advisory
 * lock so two processes opening a fresh schema at once take turns (CREATE SCHEMA IF NOT EXISTS alone
 * can still fail on a race). Each migration runs in its own transaction with its row in `migrations`.
 * A new store's hash algorithm goes into store_meta with the first migration.
 */
export async function migrate(pool: pg.Pool, schema: string, hashAlgorithm: string): Promise<void> {
  const s = quoteIdent(schema);
  const client = await pool.connect();
  let broken = false;
  try {
    // Up to date already (the usual open): no lock, and no CREATE privilege needed on the database.
    const found = await client.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [`${s}.migrations`]);
    if (found.rows[0]?.ok) {
      const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.migrations`);
      if ((rows[0]?.v ?? 0) === POSTGRES_SCHEMA_VERSION) return;
    }
    await client.query(`SELECT pg_advisory_lock(${lockKeySql(schema, MIGRATION_LOCK)})`);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.migrations (
           version    integer     PRIMARY KEY,
           name       text        NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.migrations`);
      const current = rows[0]?.v ?? 0;
      if (current > POSTGRES_SCHEMA_VERSION) {
        throw new StoreError(`the PostgreSQL store in schema ${schema} has schema version ${current}; this build knows up to ${POSTGRES_SCHEMA_VERSION}`);
      }
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql(schema));
          if (m.version === 1) {
            await client.query(`INSERT INTO ${s}.store_meta (key, value) VALUES ('hash_algorithm', $1)`, [hashAlgorithm]);
          }
          await client.query(`INSERT INTO ${s}.migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${lockKeySql(schema, MIGRATION_LOCK)})`).catch(() => {
        broken = true; // a client that could not unlock must not go back to the pool holding the lock
      });
    }
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    client.release(broken);
  }
}

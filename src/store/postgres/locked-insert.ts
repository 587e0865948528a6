// The append of ONE event in one round trip without a function call: two prepared statements sent
// together and closed by one Sync, so they run in ONE implicit transaction — first the commit lock,
// then an INSERT ... SELECT that reads both heads itself and inserts only when the client's guesses
// hold (as append_events checks them). Each statement takes its own snapshot (READ COMMITTED), and the
// INSERT is bound and run only after the lock was granted, so it sees every commit made before.
// Measured against the same statements inside a plpgsql function (as append_events runs them): about
// 20–40 µs less per append, and no schema change. pg has no API for two statements under one Sync, hence this pg.Submittable, written
// against pg's Connection (parse/bind/describe/execute/sync) as pg's own Query uses it.
import type pg from 'pg';
import { COMMIT_LOCK, lockKeySql, notifyChannel, quoteIdent, quoteLiteral } from './migrations.ts';

export interface LockedInsertSql {
  lockName: string;
  lock: string;
  insertName: string;
  /** $1 stream, $2 expected (NULL any, -2 stream_exists, -1 no_stream), $3 guessed head revision, $4 its hash,
   *  $5 recordedAt, $6 … $15 the event; answers one row (the position) or none. */
  insert: string;
}

export function lockedInsertSql(schema: string): LockedInsertSql {
  const s = quoteIdent(schema);
  return {
    lockName: `duban_lock:${schema}`,
    lock: `SELECT FROM pg_advisory_xact_lock(${lockKeySql(schema, COMMIT_LOCK)})`,
    insertName: `duban_insert_one:${schema}`,
    insert: `WITH ins AS (
  INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_revision, type, plan_id, recorded_at,
      effective_at, actor, correlation_id, causation_id, schema_version, data, hash, prev_hash)
    SELECT COALESCE(g.global_position, 0) + 1, $6::text, $1::text, $3::integer + 1, $7::text, $8::text, $5::text,
      $9::text, $10::text::json, $11::text, $12::text, $13::integer, $14::text::json, $15::text, $4::text
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT e.global_position, e.recorded_at FROM ${s}.events e
                       ORDER BY e.global_position DESC LIMIT 1) g ON true
    LEFT JOIN LATERAL (SELECT e.stream_revision, e.hash FROM ${s}.events e WHERE e.stream_id = $1::text
                       ORDER BY e.stream_revision DESC LIMIT 1) h ON true
    WHERE COALESCE(h.stream_revision, -1) = $3::integer AND h.hash IS NOT DISTINCT FROM $4::text
      AND (g.recorded_at IS NULL OR g.recorded_at <= $5::text)
      AND ($2::integer IS NULL OR ($2::integer = -2 AND $3::integer >= 0) OR $2::integer = $3::integer)
    RETURNING global_position)
SELECT global_position, pg_notify(${quoteLiteral(notifyChannel(schema))}, global_position::text) FROM ins`,
  };
}

/** Per connection, the statement names parsed on it; forgotten after any error (they are closed and parsed again). */
const parsedOn = new WeakMap<pg.Connection, Set<string>>();

/**
 * Submitted with client.query: answers the new position, or null when nothing was inserted (a stale
 * guess or an expectation not met). Values are text or null, as the statements cast them.
 */
export class LockedInsert implements pg.Submittable {
  private described = false;
  private position: number | null = null;
  private done = false;

  constructor(
    private readonly sql: LockedInsertSql,
    private readonly values: (string | null)[],
    private readonly callback: (err: Error | null, position: number | null) => void,
  ) {}

  submit(connection: pg.Connection): void {
    let parsed = parsedOn.get(connection);
    const fresh = parsed === undefined;
    if (!parsed) {
      parsed = new Set();
      parsedOn.set(connection, parsed);
    }
    const stream = connection.stream as { cork?: () => void; uncork?: () => void };
    // All the messages in one write, as pg's Query does.
    stream.cork?.();
    try {
      this.statement(connection, parsed, fresh, this.sql.lockName, this.sql.lock);
      connection.bind({ statement: this.sql.lockName, values: [] }, true);
      connection.execute({ portal: '' }, true);
      this.statement(connection, parsed, fresh, this.sql.insertName, this.sql.insert);
      connection.bind({ statement: this.sql.insertName, values: this.values }, true);
      connection.describe({ type: 'P', name: '' }, true);
      connection.execute({ portal: '' }, true);
      connection.sync();
    } finally {
      stream.uncork?.();
    }
  }

  private statement(connection: pg.Connection, parsed: Set<string>, fresh: boolean, name: string, text: string): void {
    if (parsed.has(name)) return;
    // Not known to exist on this connection: closing a statement that does not exist is no error.
    if (!fresh) connection.close({ type: 'S', name }, true);
    connection.parse({ name, text, types: [] }, true);
    parsed.add(name);
  }

  handleRowDescription(): void {
    this.described = true; // the INSERT's; the lock's statement is not described
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    if (this.described && msg.fields[0] != null) this.position = Number(msg.fields[0]);
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}

  handleError(err: Error, connection?: pg.Connection): void {
    // Which statements the server kept is unknown now: close and parse both next time.
    if (connection) parsedOn.set(connection, new Set());
    this.finish(err, null);
  }

  handleReadyForQuery(): void {
    this.finish(null, this.position);
  }

  private finish(err: Error | null, position: number | null): void {
    if (this.done) return;
    this.done = true;
    this.callback(err, position);
  }
}

/**
 * What follows a LockedInsert that inserted nothing: a stream's head (revision -1 and hash NULL when
 * it has no events) and the store's last recordedAt, as committed now. Read without the lock: the
 * client decides from it only what the committed state already shows (the expected revision is not
 * met), or makes its next guess, which the next LockedInsert checks again under the lock.
 */
export function headsSql(schema: string): string {
  const s = quoteIdent(schema);
  return `SELECT COALESCE(h.stream_revision, -1) AS actual_revision, h.hash AS actual_hash, g.recorded_at AS last_recorded_at
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT e.stream_revision, e.hash FROM ${s}.events e WHERE e.stream_id = $1
                       ORDER BY e.stream_revision DESC LIMIT 1) h ON true
    LEFT JOIN LATERAL (SELECT e.recorded_at FROM ${s}.events e ORDER BY e.global_position DESC LIMIT 1) g ON true`;
}

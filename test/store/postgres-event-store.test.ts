// The PostgreSQL adapter against the contract suite, plus what only it has: concurrent migrations,
// positions in commit order under concurrent writers, LISTEN/NOTIFY across pools, reopening.
//
// Needs a PostgreSQL server: DUBAN_TEST_POSTGRES (a URL) if set — then an unreachable server fails
// the run — else postgres://postgres@127.0.0.1:5432/test, and the file is skipped when that is down.
// Every run works in schemas of its own (duban_test_<random>_<n>) and drops them at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, StoreError } from '../../src/store/errors.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { describeStore, openStore, parseStoreUrl } from '../../src/store/open-store.ts';
import { MIGRATIONS, quoteIdent } from '../../src/store/postgres/migrations.ts';
import { PostgresEventStore } from '../../src/store/postgres-event-store.ts';
import { eventStoreContract, newEvent } from './event-store-contract.ts';

const explicitUrl = process.env.DUBAN_TEST_POSTGRES?.trim() || undefined;
const url = explicitUrl ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await reachable();
if (unreachable !== null && explicitUrl) {
  throw new Error(`DUBAN_TEST_POSTGRES=${explicitUrl} is set but PostgreSQL is not reachable there: ${unreachable}`);
}
if (unreachable !== null) {
  console.warn(`skipping the PostgreSQL event store tests: no server at ${url} (${unreachable}); set DUBAN_TEST_POSTGRES to require one`);
}

const run = `duban_test_${randomBytes(4).toString('hex')}`;
let schemas = 0;
const newSchema = () => `${run}_${++schemas}`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropSchema(schema: string): Promise<void> {
  await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`));
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

describe.skipIf(unreachable !== null)('PostgresEventStore', () => {
  afterAll(async () => {
    // Whatever a failed test left behind in this run's schemas.
    await admin(async (c) => {
      const { rows } = await c.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${run}%`]);
      for (const r of rows) await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(r.nspname)} CASCADE`);
    });
  });

  eventStoreContract('postgres', async ({ clock }) => {
    const schema = newSchema();
    let current = await PostgresEventStore.open(url, { clock, schema });
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await PostgresEventStore.open(url, { clock, schema });
        return current;
      },
      cleanup: async () => {
        await current.close();
        await dropSchema(schema);
      },
    };
  });

  describe('PostgreSQL specifics', () => {
    const opened: PostgresEventStore[] = [];
    const open = async (schema: string, options: Parameters<typeof PostgresEventStore.open>[1] = {}) => {
      const s = await PostgresEventStore.open(url, { schema, ...options });
      opened.push(s);
      return s;
    };
    afterAll(async () => {
      await Promise.allSettled(opened.map((s) => s.close()));
    });

    it('migrates a fresh schema once when two stores open it at the same time', async () => {
      const schema = newSchema();
      const [a, b] = await Promise.all([open(schema), open(schema)]);
      await a.append('task-m:1', [newEvent()], { expectedRevision: 'no_stream' });
      await b.append('task-m:1', [newEvent()], { expectedRevision: 0 });
      expect((await a.readStream('task-m:1')).map((e) => e.streamRevision)).toEqual([0, 1]);
      const rows = await admin((c) => c.query<{ version: number }>(`SELECT version FROM ${quoteIdent(schema)}.migrations ORDER BY version`));
      expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // A third open finds nothing to do and changes nothing.
      const c = await open(schema);
      expect(await c.headPosition()).toBe(2);
      const again = await admin((x) => x.query(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.migrations`));
      expect(again.rows[0].n).toBe(MIGRATIONS.length);
    });

    it('goes on appending single events on the same connection after one failed (its statements parsed again)', async () => {
      const schema = newSchema();
      const store = await open(schema, { maxConnections: 1 });
      const e = newEvent();
      await store.append('task-p:1', [e]);
      // A duplicate eventId fails the insert statement of the pair; the connection stays in the pool.
      await expect(store.append('task-p:2', [{ ...e }])).rejects.toBeInstanceOf(DuplicateEventError);
      const next = await store.append('task-p:1', [newEvent()], { expectedRevision: 0 });
      expect(next.lastPosition).toBe(2);
      // Statements dropped under it (as DISCARD ALL would) fail one append, then are parsed again.
      await store.pool.query('DEALLOCATE ALL');
      await expect(store.append('task-p:1', [newEvent()], { expectedRevision: 1 })).rejects.toBeInstanceOf(StoreError);
      const again = await store.append('task-p:1', [newEvent()], { expectedRevision: 1 });
      expect(again.lastPosition).toBe(3);
      const stream = await store.readStream('task-p:1');
      for (let i = 1; i < stream.length; i++) expect(stream[i]!.prevHash).toBe(stream[i - 1]!.hash);
      // The lock is not left held: another store's batch append (which takes it) goes through.
      const other = await open(schema);
      await other.append('task-p:3', [newEvent(), newEvent()]);
      expect(stream).toHaveLength(3);
      expect(await other.headPosition()).toBe(5);
    });

    it('puts a single append with a stale cached head or recordedAt right by one retry, and refuses a wrong expectation', async () => {
      const schema = newSchema();
      const ahead = await open(schema, { clock: () => new Date('2026-05-01T00:00:00.000Z') });
      const behind = await open(schema, { clock: () => new Date('2026-04-01T00:00:00.000Z') });
      await ahead.append('task-g:1', [newEvent()]);
      await behind.readStream('task-g:1');
      await ahead.append('task-g:1', [newEvent()]);
      // behind's cached head (revision 0) and its clock are both behind.
      const r = await behind.append('task-g:1', [newEvent()]);
      expect(r.events[0]!.streamRevision).toBe(2);
      expect(r.events[0]!.recordedAt).toBe('2026-05-01T00:00:00.000Z');
      const stream = await ahead.readStream('task-g:1');
      expect(r.events[0]!.prevHash).toBe(stream[1]!.hash);
      expect(stream[2]).toEqual(r.events[0]);
      await expect(ahead.append('task-g:2', [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(ahead.append('task-g:1', [newEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await ahead.headPosition()).toBe(3);
    });

    it('keeps the hash algorithm a schema was created with', async () => {
      const schema = newSchema();
      const a = await open(schema, { hashAlgorithm: 'sha256' });
      expect(a.hashAlgorithm).toBe('sha256');
      const meta = await admin((c) => c.query(`SELECT value FROM ${quoteIdent(schema)}.store_meta WHERE key = 'hash_algorithm'`));
      expect(meta.rows[0].value).toBe('sha256');
      const b = await open(schema, { hashAlgorithm: 'sm3' });
      expect(b.hashAlgorithm).toBe('sha256');
    });

    it('takes the schema from the URL, and refuses a schema name that is not a plain identifier', async () => {
      const schema = newSchema();
      const s = await PostgresEventStore.open(`${url}?schema=${schema}`);
      opened.push(s);
      expect(s.schema).toBe(schema);
      await expect(PostgresEventStore.open(url, { schema: 'bad"name' })).rejects.toBeInstanceOf(StoreError);
    });

    it('enforces the expected revision across two stores (separate pools) with stale caches', async () => {
      const schema = newSchema();
      const a = await open(schema);
      const b = await open(schema);
      await a.append('task-x:1', [newEvent()], { expectedRevision: 'no_stream' });
      await b.readStream('task-x:1'); // b caches revision 0
      await a.append('task-x:1', [newEvent()], { expectedRevision: 0 });
      // b's cache says 0; the database says 1.
      const err = await b.append('task-x:1', [newEvent()], { expectedRevision: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConcurrencyError);
      expect((err as ConcurrencyError).actual).toBe(1);
      // With 'any' the stale cache costs a retry, not a wrong chain.
      const ok = await b.append('task-x:1', [newEvent()]);
      const stream = await a.readStream('task-x:1');
      expect(ok.events[0]!.streamRevision).toBe(2);
      expect(ok.events[0]!.prevHash).toBe(stream[1]!.hash);
      expect(stream[2]).toEqual(ok.events[0]);
    });

    it('lets exactly one of many writers on separate pools win the same revision', async () => {
      const schema = newSchema();
      const stores = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
      await stores[0]!.append('task-race:1', [newEvent()]);
      const settled = await Promise.allSettled(
        stores.flatMap((s) => [0, 1, 2].map(() => s.append('task-race:1', [newEvent(), newEvent()], { expectedRevision: 0 }))),
      );
      expect(settled.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      for (const x of settled) {
        if (x.status === 'rejected') {
          expect(x.reason).toBeInstanceOf(ConcurrencyError);
          expect((x.reason as ConcurrencyError).actual).toBe(2);
        }
      }
    });

    it('keeps recordedAt monotone across stores whose clocks disagree', async () => {
      const schema = newSchema();
      const ahead = await open(schema, { clock: () => new Date('2026-05-01T00:00:00.000Z') });
      const behind = await open(schema, { clock: () => new Date('2026-04-01T00:00:00.000Z') });
      await ahead.append('task-t:1', [newEvent()]);
      const r = await behind.append('task-t:2', [newEvent()]);
      expect(r.events[0]!.recordedAt).toBe('2026-05-01T00:00:00.000Z');
    });

    it('assigns positions in commit order: 8 writers on separate connections, a tailing reader misses nothing', async () => {
      const schema = newSchema();
      const writers = 8;
      const perWriter = 200;
      const store = await open(schema, { maxConnections: writers + 2 });
      let done = false;
      const seen: number[] = [];
      const reader = (async () => {
        let after = 0;
        for (;;) {
          const finished = done; // read once more after the writers are done
          const page = await store.readAll({ after, maxCount: 500 });
          for (const e of page) seen.push(e.globalPosition);
          if (page.length > 0) after = page.at(-1)!.globalPosition;
          else if (finished) return;
        }
      })();
      try {
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < perWriter; i++) await store.append(`task-w:${w}`, [newEvent()], { expectedRevision: i - 1 });
          }),
        );
      } finally {
        done = true;
        await reader;
      }
      expect(seen).toHaveLength(writers * perWriter);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
      expect(seen).toEqual(Array.from({ length: writers * perWriter }, (_, i) => i + 1));
    }, 120_000);

    it('makes a writer that drew a position and stalls hold back the next one (a bare sequence would not)', async () => {
      const schema = newSchema();
      const store = await open(schema);
      await store.append('task-s:0', [newEvent()]);
      const s = quoteIdent(schema);
      const stalled = new pg.Client({ connectionString: url });
      await stalled.connect();
      try {
        // Draw a position inside an open transaction, as a slow writer would, and do not commit yet.
        await stalled.query('BEGIN');
        const slowId = randomUUID();
        const drawn = await stalled.query<{ status: number; first_position: string }>(
          `SELECT status, first_position FROM ${s}.append_events($1, -1, -1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            'task-s:slow',
            new Date().toISOString(),
            [slowId],
            ['TaskStatusChanged'],
            ['contract-plan'],
            [new Date().toISOString()],
            [JSON.stringify({ id: 'slow', role: 'unit_reporter' })],
            [slowId],
            [null],
            [1],
            ['{}'],
            ['0'.repeat(64)],
          ],
        );
        expect(drawn.rows[0]!.status).toBe(0);
        const slowPosition = Number(drawn.rows[0]!.first_position);
        expect(slowPosition).toBe(2);

        // A second writer starts now; a reader tails meanwhile.
        const fast = store.append('task-s:fast', [newEvent()]);
        const seen: number[] = [];
        let after = 0;
        // Real time: an absence (no position past the stalled one), seen by a reader tailing for 400 ms.
        const deadline = Date.now() + 400;
        while (Date.now() < deadline) {
          const page = await store.readAll({ after });
          for (const e of page) seen.push(e.globalPosition);
          if (page.length) after = page.at(-1)!.globalPosition;
          await sleep(20);
        }
        // The fast writer could not commit a position above the stalled one's.
        expect(seen).toEqual([1]);
        await stalled.query('COMMIT');
        const fastResult = await fast;
        expect(fastResult.lastPosition).toBe(slowPosition + 1);
        for (;;) {
          const page = await store.readAll({ after });
          if (page.length === 0) break;
          for (const e of page) seen.push(e.globalPosition);
          after = page.at(-1)!.globalPosition;
        }
        expect(seen).toEqual([1, 2, 3]);
      } finally {
        await stalled.end();
      }
    });

    it('tells a subscriber on another pool of an append within a short time, by NOTIFY not polling', async () => {
      const schema = newSchema();
      const a = await open(schema);
      const b = await open(schema, { pollIntervalMs: 60_000 }); // polling would take a minute
      const received: RecordedEvent[] = [];
      let arrived = () => {};
      const first = new Promise<void>((resolve) => (arrived = resolve));
      const sub = b.subscribe({
        onEvent: (e) => {
          received.push(e);
          arrived();
        },
      });
      await sub.caughtUp;
      expect(b.isListening).toBe(true);
      const t0 = Date.now();
      const r = await a.append('task-n:1', [newEvent()]);
      await first;
      const took = Date.now() - t0;
      await sub.close();
      expect(received.map((e) => e.eventId)).toEqual([r.events[0]!.eventId]);
      expect(took).toBeLessThan(1000);
    });

    it('falls back to polling when the LISTEN connection dies, and listens again', async () => {
      const schema = newSchema();
      const a = await open(schema);
      const b = await open(schema, { pollIntervalMs: 200 });
      const received: RecordedEvent[] = [];
      let arrived = () => {};
      const first = new Promise<void>((resolve) => (arrived = resolve));
      const sub = b.subscribe({
        onEvent: (e) => {
          received.push(e);
          arrived();
        },
      });
      await sub.caughtUp;
      const killed = await admin((c) =>
        c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1`, [`LISTEN "duban_events:${schema}"`]),
      );
      expect(killed.rowCount).toBe(1);
      const r = await a.append('task-n:2', [newEvent()]);
      const t0 = Date.now();
      await first; // by a poll: nothing listens
      expect(received.map((e) => e.eventId)).toEqual([r.events[0]!.eventId]);
      // Polls: the adapter says nothing when it listens again, over a new connection to the server.
      while (!b.isListening && Date.now() - t0 < 5000) await sleep(20);
      expect(b.isListening).toBe(true);
      await sub.close();
    });

    it('imports recorded events as they are, continuing positions, and refuses a broken chain whole', async () => {
      const source = await open(newSchema());
      // The target's own event is older than the copied ones, as recordedAt may not go back.
      const target = await open(newSchema(), { clock: () => new Date('2020-01-01T00:00:00.000Z') });
      await source.append('task-i:1', [newEvent(), newEvent()]);
      await source.append('task-i:2', [newEvent({ data: { 说明: '复制' } })]);
      await source.append('task-i:1', [newEvent()]);
      await target.append('task-other', [newEvent()]);
      const events = await source.readAll();
      const { lastPosition } = await target.importRecorded(events);
      expect(lastPosition).toBe(5);
      const copied = await target.readAll({ after: 1 });
      expect(copied.map(({ globalPosition: _g, ...rest }) => rest)).toEqual(events.map(({ globalPosition: _g, ...rest }) => rest));
      // The chain continues with an ordinary append.
      const next = await target.append('task-i:1', [newEvent()], { expectedRevision: 2 });
      expect(next.events[0]!.prevHash).toBe(events.filter((e) => e.streamId === 'task-i:1').at(-1)!.hash);

      const other = await open(newSchema());
      const broken = [events[0]!, events[3]!]; // task-i:1 at revisions 0 and 2: revision 1 is missing
      expect(broken.map((e) => [e.streamId, e.streamRevision])).toEqual([
        ['task-i:1', 0],
        ['task-i:1', 2],
      ]);
      const err = await other.importRecorded(broken).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(await other.headPosition()).toBe(0);
      const dup = await target
        .importRecorded([{ ...events[0]!, streamId: 'task-i:new', streamRevision: 0, prevHash: null, recordedAt: '2099-01-01T00:00:00.000Z' }])
        .catch((e: unknown) => e);
      // Moved to another stream its hash no longer recomputes: refused before the id is even looked up.
      expect(dup).toBeInstanceOf(InvalidAppendError);
      expect(await target.headPosition()).toBe(6);
      const wrongPrev = await other.importRecorded([{ ...events[0]!, prevHash: 'f'.repeat(64) }]).catch((e: unknown) => e);
      expect(wrongPrev).toBeInstanceOf(InvalidAppendError);
    });

    it('reports a duplicate eventId as DuplicateEventError, writing nothing', async () => {
      const store = await open(newSchema());
      const e = newEvent();
      await store.append('task-d:1', [e]);
      const err = await store.append('task-d:2', [newEvent(), { ...e }]).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(DuplicateEventError);
      expect((err as DuplicateEventError).eventId).toBe(e.eventId);
      expect(await store.headPosition()).toBe(1);
    });

    it('is opened by openStore from a postgres:// URL with ?schema=, and described without the password', async () => {
      const schema = newSchema();
      const store = await openStore(`${url}?schema=${schema}`);
      try {
        expect(store).toBeInstanceOf(PostgresEventStore);
        expect((store as PostgresEventStore).schema).toBe(schema);
        expect(parseStoreUrl(`${url}?schema=${schema}`).kind).toBe('postgres');
      } finally {
        await store.close();
      }
      expect(describeStore('postgres://duban:secret@db/duban?schema=x')).toBe('postgres postgres://duban:***@db/duban?schema=x');
    });

    it('fails to open an unreachable server with a StoreError that hides the password', async () => {
      const err = await openStore('postgres://duban:secret@127.0.0.1:1/duban').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as Error).message).toMatch(/PostgreSQL/);
      expect((err as Error).message).not.toContain('secret');
    });
  });
});

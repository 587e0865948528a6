// The IdempotencyStore port, run against every adapter (memory, SQLite, PostgreSQL): begin's four
// answers, scopes, abandon, lost requests, expiry and purge; for the shared ones, that a key taken by
// one process is in flight, then replayed, for another; for SQLite, that keys live durably in the store's own file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdempotencyStore, IdempotencyStoreOptions, StoredResponse } from '../../src/store/idempotency-store.ts';
import { MemoryIdempotencyStore } from '../../src/store/memory-idempotency-store.ts';
import { openIdempotencyStore } from '../../src/store/open-idempotency-store.ts';
import { PostgresIdempotencyStore } from '../../src/store/postgres-idempotency-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { SqliteIdempotencyStore } from '../../src/store/sqlite-idempotency-store.ts';
import { TestClock } from '../support/harness.ts';
import { skipPostgres, testSchema } from '../support/pg-schema.ts';

const HOUR = 60 * 60 * 1000;
const response = (status: number, text: string): StoredResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
  body: new TextEncoder().encode(text),
});

interface Fixture {
  open(options: IdempotencyStoreOptions): IdempotencyStore;
  cleanup(): Promise<void>;
}

const adapters: Record<string, () => Fixture | Promise<Fixture>> = {
  memory: () => ({ open: (options) => new MemoryIdempotencyStore(options), cleanup: async () => {} }),
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-idem-'));
    const file = join(dir, 'duban.db');
    const events = SqliteEventStore.open(file);
    const opened: IdempotencyStore[] = [];
    return {
      open: (options) => {
        const store = new SqliteIdempotencyStore(file, options);
        opened.push(store);
        return store;
      },
      cleanup: async () => {
        for (const s of opened) await s.close();
        await events.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  postgres: async () => {
    const t = await testSchema();
    return {
      // Each store on a pool of its own, as each process has.
      open: (options) => new PostgresIdempotencyStore({ ...options, pool: t.otherPool(), schema: t.schema }),
      cleanup: () => t.drop(),
    };
  },
};

for (const [name, adapter] of Object.entries(adapters)) {
  describe.skipIf(name === 'postgres' && skipPostgres)(`IdempotencyStore (${name})`, () => {
    let fixture: Fixture;
    let clock: TestClock;
    let store: IdempotencyStore;
    beforeEach(async () => {
      fixture = await adapter();
      clock = new TestClock(new Date('2026-11-27T08:00:00.000Z'));
      store = fixture.open({ clock: clock.read });
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('answers new, then in-flight, then the replay once complete; another fingerprint is a mismatch throughout', async () => {
      expect(await store.begin('anonymous', 'k1', 'f1')).toBe('new');
      expect(await store.begin('anonymous', 'k1', 'f1')).toBe('in-flight');
      expect(await store.begin('anonymous', 'k1', 'f2')).toBe('mismatch');
      await store.complete('anonymous', 'k1', response(200, '{"ok":true}'));
      const again = await store.begin('anonymous', 'k1', 'f1');
      expect(again).toEqual({ replay: response(200, '{"ok":true}') });
      expect(await store.begin('anonymous', 'k1', 'f2')).toBe('mismatch');
    });

    it('keeps keys per scope: two scopes, the same key, both new and each replays its own', async () => {
      expect(await store.begin('token-a', 'same', 'fa')).toBe('new');
      expect(await store.begin('token-b', 'same', 'fb')).toBe('new');
      await store.complete('token-a', 'same', response(200, 'a'));
      await store.complete('token-b', 'same', response(201, 'b'));
      expect(await store.begin('token-a', 'same', 'fa')).toEqual({ replay: response(200, 'a') });
      expect(await store.begin('token-b', 'same', 'fb')).toEqual({ replay: response(201, 'b') });
    });

    it('frees an abandoned key for a retry, with any body; abandon leaves a completed key alone', async () => {
      expect(await store.begin('s', 'k', 'f1')).toBe('new');
      await store.abandon('s', 'k');
      expect(await store.begin('s', 'k', 'f2')).toBe('new');
      await store.complete('s', 'k', response(409, 'no'));
      await store.abandon('s', 'k');
      expect(await store.begin('s', 'k', 'f2')).toEqual({ replay: response(409, 'no') });
    });

    it('takes over a request held longer than the in-flight timeout (its process died)', async () => {
      const short = fixture.open({ clock: clock.read, inFlightTimeoutMs: 1000 });
      expect(await short.begin('s', 'k', 'f')).toBe('new');
      clock.advance(999);
      expect(await short.begin('s', 'k', 'f')).toBe('in-flight');
      clock.advance(1);
      expect(await short.begin('s', 'k', 'f')).toBe('new');
    });

    it('keeps a key 24 h by default; then it is purged and can be used again, for another request too', async () => {
      expect(await store.begin('s', 'old', 'f1')).toBe('new');
      await store.complete('s', 'old', response(200, 'first'));
      clock.advance(HOUR);
      expect(await store.begin('s', 'young', 'f1')).toBe('new');
      await store.complete('s', 'young', response(200, 'young'));

      clock.advance(23 * HOUR - 1);
      expect(await store.begin('s', 'old', 'f2')).toBe('mismatch');
      expect(await store.purge()).toBe(0);
      clock.advance(1);
      expect(await store.purge()).toBe(1); // old went, young stays
      expect(await store.begin('s', 'young', 'f1')).toEqual({ replay: response(200, 'young') });
      expect(await store.begin('s', 'old', 'f2')).toBe('new');
    });

    it('purges expired keys lazily, from begin, and frees an expired key before any purge', async () => {
      const lazy = fixture.open({ clock: clock.read, ttlMs: 10_000, purgeEveryMs: 60_000 });
      expect(await lazy.begin('s', 'a', 'f')).toBe('new'); // the first begin purges (nothing)
      await lazy.complete('s', 'a', response(200, 'a'));
      clock.advance(10_000);
      expect(await lazy.begin('s', 'a', 'g')).toBe('new'); // expired: free, though not yet purged
      await lazy.complete('s', 'a', response(200, 'a2'));
      expect(await lazy.begin('s', 'b', 'f')).toBe('new');
      await lazy.complete('s', 'b', response(200, 'b'));
      clock.advance(60_000);
      expect(await lazy.begin('s', 'c', 'f')).toBe('new'); // this one purged a and b
      expect(await lazy.purge()).toBe(0);
    });

    it.skipIf(name === 'memory')('is one set of keys for every process on the storage: in flight for all, then replayed by any', async () => {
      const other = fixture.open({ clock: clock.read });
      const outcomes = await Promise.all([store.begin('s', 'race', 'f'), other.begin('s', 'race', 'f'), other.begin('s', 'race', 'f')]);
      expect(outcomes.filter((o) => o === 'new')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'in-flight')).toHaveLength(2);
      expect(await other.begin('s', 'race', 'g')).toBe('mismatch');
      await store.complete('s', 'race', response(201, 'made once'));
      expect(await other.begin('s', 'race', 'f')).toEqual({ replay: response(201, 'made once') });
      await other.close();
    });

    it('replays a body byte for byte, an empty one too', async () => {
      const bytes = new Uint8Array([0, 1, 2, 255, 0x7b]);
      await store.begin('s', 'bin', 'f');
      await store.complete('s', 'bin', { status: 201, headers: {}, body: bytes });
      expect(await store.begin('s', 'bin', 'f')).toEqual({ replay: { status: 201, headers: {}, body: bytes } });
      await store.begin('s', 'empty', 'f');
      await store.complete('s', 'empty', { status: 204, headers: {}, body: new Uint8Array() });
      expect(await store.begin('s', 'empty', 'f')).toEqual({ replay: { status: 204, headers: {}, body: new Uint8Array() } });
    });
  });
}

describe('SqliteIdempotencyStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-idem-'));
    file = join(dir, 'duban.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps its keys in the event store's own file, WAL with synchronous=FULL, and they outlive a reopen", async () => {
    const events = SqliteEventStore.open(file);
    const keys = openIdempotencyStore(events) as SqliteIdempotencyStore;
    expect(keys).toBeInstanceOf(SqliteIdempotencyStore);
    expect(await keys.begin('anonymous', 'k', 'f')).toBe('new');
    await keys.complete('anonymous', 'k', response(200, 'kept'));
    expect(keys.pragmas()).toMatchObject({ journalMode: 'wal', synchronous: 2 });
    await keys.close();
    await events.close();

    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT scope, key, status FROM idempotency_keys').all()).toEqual([{ scope: 'anonymous', key: 'k', status: 200 }]);
    expect(db.prepare("SELECT value FROM store_meta WHERE key = 'idempotency_schema'").get()).toEqual({ value: '1' });
    db.close();

    const reopened = SqliteEventStore.open(file);
    const again = openIdempotencyStore(reopened);
    expect(await again.begin('anonymous', 'k', 'f')).toEqual({ replay: response(200, 'kept') });
    await again.close();
    await reopened.close();
  });

  it('opens nothing until first used, and is in memory for a store in memory', async () => {
    const events = SqliteEventStore.open(file);
    const keys = openIdempotencyStore(events);
    await keys.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'idempotency_keys'").get()).toBeUndefined();
    db.close();
    await events.close();

    const memory = SqliteEventStore.open(':memory:');
    expect(openIdempotencyStore(memory)).toBeInstanceOf(MemoryIdempotencyStore);
    await memory.close();
  });
});

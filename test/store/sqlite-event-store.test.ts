import { spawn } from 'node:child_process';
import { existsSync, fdatasync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

import { DuplicateEventError, InvalidAppendError, StoreError } from '../../src/store/errors.ts';
import { canonicalJson, eventHash } from '../../src/store/event-hash.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { defaultStoreUrl, describeStore, openStore, parseStoreUrl } from '../../src/store/open-store.ts';
import { SQLITE_SCHEMA_VERSION, SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { PROBE_EVERY, QUIET_SYNCS } from '../../src/store/wal-sync.ts';
import { eventStoreContract, newEvent } from './event-store-contract.ts';

eventStoreContract('sqlite (temp file)', async ({ clock }) => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-store-'));
  const file = join(dir, 'events.db');
  let current = SqliteEventStore.open(file, { clock });
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = SqliteEventStore.open(file, { clock });
      return current;
    },
    cleanup: async () => {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

eventStoreContract('sqlite (:memory:)', async ({ clock }) => {
  const store = SqliteEventStore.open(':memory:', { clock });
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore', () => {
  let dir: string;
  const opened: SqliteEventStore[] = [];
  const open = (path: string, options?: Parameters<typeof SqliteEventStore.open>[1]) => {
    const s = SqliteEventStore.open(path, options);
    opened.push(s);
    return s;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-sqlite-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a file in WAL mode, its commits synced off the event loop (synchronous=NORMAL)', () => {
    const store = open(join(dir, 'events.db'));
    const p = store.pragmas();
    expect(p.journalMode).toBe('wal');
    expect(p.synchronous).toBe(1);
    expect(p.busyTimeout).toBeGreaterThan(0);
    expect(p.userVersion).toBe(SQLITE_SCHEMA_VERSION);
  });

  it('keeps synchronous=FULL in memory too', () => {
    const p = open(':memory:').pragmas();
    expect(p.journalMode).toBe('memory');
    expect(p.synchronous).toBe(2);
  });

  it('creates the parent folders of its file, and the schema with its version', () => {
    const file = join(dir, 'a', 'b', 'events.db');
    open(file);
    expect(existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // WAL is kept in the file
      const cols = (raw.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name);
      expect(cols).toEqual([
        'global_position',
        'event_id',
        'stream_id',
        'stream_revision',
        'type',
        'plan_id',
        'recorded_at',
        'effective_at',
        'actor',
        'correlation_id',
        'causation_id',
        'schema_version',
        'data',
        'hash',
        'prev_hash',
      ]);
    } finally {
      raw.close();
    }
  });

  it('refuses a file written by a newer schema', async () => {
    const file = join(dir, 'events.db');
    await open(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => open(file)).toThrow(StoreError);
  });

  it('refuses an eventId already in the store, writing none of the batch', async () => {
    const store = open(':memory:');
    const first = newEvent();
    await store.append('task-s:1', [first]);
    const err = await store.append('task-s:2', [newEvent(), { ...newEvent(), eventId: first.eventId }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateEventError);
    expect(err).toBeInstanceOf(InvalidAppendError);
    expect((err as DuplicateEventError).eventId).toBe(first.eventId);
    expect(await store.readStream('task-s:2')).toEqual([]);
    expect(await store.headPosition()).toBe(1);
  });

  it('refuses malformed envelopes with InvalidAppendError', async () => {
    const store = open(':memory:');
    const bad = [
      { ...newEvent(), actor: { id: '', role: 'x' } },
      { ...newEvent(), planId: '' },
      { ...newEvent(), schemaVersion: 0 },
      { ...newEvent(), causationId: '' },
      { ...newEvent(), data: undefined },
      { ...newEvent(), data: { n: 1n } },
    ];
    for (const e of bad) await expect(store.append('task-s:3', [e])).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('', [newEvent()])).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append('task-s:3', [newEvent()], { expectedRevision: 1.5 })).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await store.headPosition()).toBe(0);
  });

  it('normalises a given effectiveAt to UTC with milliseconds', async () => {
    const store = open(':memory:');
    const [e] = (await store.append('task-s:4', [newEvent({ effectiveAt: '2023-03-23T08:00:00+08:00' })])).events;
    expect(e!.effectiveAt).toBe('2023-03-23T00:00:00.000Z');
  });

  it('stores hashes that recompute from the envelope as read back', async () => {
    const store = open(join(dir, 'events.db'));
    await store.append('task-s:5', [newEvent({ data: { z: 1, a: [{ y: '乙', x: '甲' }] } }), newEvent()]);
    await store.append('task-s:5', [newEvent()]);
    for (const e of await store.readAll()) expect(eventHash(e)).toBe(e.hash);
    const [first] = await store.readStream('task-s:5');
    const tampered: RecordedEvent = { ...first!, data: { z: 2, a: [{ y: '乙', x: '甲' }] } };
    expect(eventHash(tampered)).not.toBe(first!.hash);
  });

  it('writes canonical JSON (RFC 8785): sorted keys, toJSON honoured, no NaN or lone surrogates', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined, 'x'], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,null,"x"]},"b":1}');
    expect(canonicalJson({ t: new Date('2026-01-01T00:00:00Z'), 中: '文' })).toBe('{"t":"2026-01-01T00:00:00.000Z","中":"文"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ s: '\ud800' })).toThrow();
  });

  it('refuses, as an invalid append, data JCS cannot hash (a lone surrogate), writing nothing', async () => {
    const store = open(':memory:');
    const err = await store.append('task-s:9', [newEvent({ data: { s: 'a\ud800b' } })]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidAppendError);
    expect(await store.headPosition()).toBe(0);
  });

  it('serialises writers on two connections to one file', async () => {
    const file = join(dir, 'events.db');
    const a = open(file);
    const b = open(file);
    await a.append('task-s:6', [newEvent()], { expectedRevision: 'no_stream' });
    await expect(b.append('task-s:6', [newEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actual: 0 });
    const r = await b.append('task-s:6', [newEvent()], { expectedRevision: 0 });
    expect(r.events[0]!.prevHash).toBe((await a.readStream('task-s:6'))[0]!.hash);
    expect(positions(await a.readAll())).toEqual([1, 2]);
  });

  describe('durability off the event loop', () => {
    /** Syncs held until the test lets them go (later ones then run at once), counted. */
    function heldSync() {
      const pending: (() => void)[] = [];
      let calls = 0;
      let held = true;
      let failWith: Error | null = null;
      const syncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
        calls += 1;
        const go = () => (failWith ? done(failWith) : fdatasync(fd, done));
        if (held) pending.push(go);
        else go();
      };
      return {
        syncFile,
        get calls() {
          return calls;
        },
        release: () => {
          held = false;
          for (const go of pending.splice(0)) go();
        },
        fail: (error: Error) => (failWith = error),
      };
    }
    const turn = () => new Promise((r) => setImmediate(r));
    /** Two turns of the event loop: an append made before is committed, its sync asked for. */
    const settle = async () => {
      await turn();
      await turn();
    };
    const openHeld = () => {
      const sync = heldSync();
      return { sync, store: open(join(dir, 'events.db'), { syncFile: sync.syncFile }) };
    };

    it('acknowledges an append only after its sync, and shows readers nothing before', async () => {
      const { sync, store } = openHeld();
      let done = false;
      const appended = store.append('task-s:10', [newEvent({ data: { n: 1 } })]).then((r) => {
        done = true;
        return r;
      });
      await settle();
      expect(sync.calls).toBe(1);
      expect(done).toBe(false);
      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
      expect(await store.readAll({ recent: true })).toEqual([]);
      // A decider sees it, so that the next append to the stream is checked against it.
      expect(await store.readStream('task-s:10')).toHaveLength(1);
      sync.release();
      const result = await appended;
      expect(await store.headPosition()).toBe(1);
      expect(await store.readAll()).toEqual(result.events);
    });

    it('shares one sync among the appends that come while one runs', async () => {
      const { sync, store } = openHeld();
      const first = store.append('task-s:11', [newEvent()]);
      await settle();
      const commits = store.commits;
      const more = [12, 13, 14].map((n) => store.append(`task-s:${n}`, [newEvent()]));
      await settle();
      expect(sync.calls).toBe(1); // the three wait for the one running
      // Not even committed yet: a commit now could not be synced before the running sync ends.
      expect(store.commits).toBe(commits);
      expect(await store.readStream('task-s:12')).toEqual([]);
      sync.release();
      await first;
      expect((await Promise.all(more)).map((r) => r.lastPosition)).toEqual([2, 3, 4]);
      expect(store.commits).toBe(commits + 1); // one transaction for the three
      expect(sync.calls).toBe(2); // and one more sync
      expect(await store.headPosition()).toBe(4);
    });

    it("commits an append at once when no sync runs, not at the event loop's next turn", async () => {
      const { sync, store } = openHeld();
      const before = store.commits;
      const appended = store.append('task-s:18', [newEvent()]);
      await Promise.resolve(); // microtasks only: the loop has not turned
      expect(store.commits).toBe(before + 1);
      expect(sync.calls).toBe(1);
      sync.release();
      expect((await appended).lastPosition).toBe(1);
    });

    it('syncs a lone writer on the loop, still before it hears; a burst of writers goes back to group commit off it', async () => {
      const log: string[] = [];
      const syncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
        log.push('sync off');
        fdatasync(fd, done);
      };
      const syncFileNow = () => void log.push('sync on');
      const store = open(join(dir, 'events.db'), { syncFile, syncFileNow });
      for (let i = 0; i < 12; i++) {
        const appended = store.append('task-s:19', [newEvent()]);
        log.push('append');
        await appended;
        log.push('heard');
      }
      // Each append heard after its own sync; the first ones off the loop, then (alone) on it.
      for (let i = 0; i < log.length; i += 3) expect(log.slice(i, i + 3)).toEqual(['append', expect.stringMatching(/^sync/), 'heard']);
      expect(log.filter((s) => s === 'sync off')).toHaveLength(QUIET_SYNCS);
      expect(log.slice(-2)).toEqual(['sync on', 'heard']);
      // Others write while a probe runs: back to one sync, off the loop, for each group.
      for (let i = log.filter((s) => s === 'sync on').length; i < PROBE_EVERY - 1; i++) await store.append('task-s:19', [newEvent()]);
      log.length = 0;
      const probe = store.append('task-s:20', [newEvent()]);
      await Promise.resolve();
      const burst = [21, 22, 23].map((n) => store.append(`task-s:${n}`, [newEvent()]));
      await Promise.all([probe, ...burst]);
      const commits = store.commits;
      await Promise.all([24, 25].map((n) => store.append(`task-s:${n}`, [newEvent()])));
      expect(store.commits).toBe(commits + 1);
      expect(log).toEqual(['sync off', 'sync off', 'sync off']);
      expect(await store.headPosition()).toBe(12 + (PROBE_EVERY - 1 - (12 - QUIET_SYNCS)) + 6);
    });

    it('fails the appends a failed sync covered, and refuses more: nothing later is known to be on disk', async () => {
      const { sync, store } = openHeld();
      const lost = store.append('task-s:15', [newEvent()]);
      await settle();
      sync.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
      sync.release();
      await expect(lost).rejects.toThrow(/could not sync its WAL .*EIO.*restart duban/);
      await expect(store.append('task-s:16', [newEvent()])).rejects.toThrow(/could not sync its WAL/);
      expect(await store.headPosition()).toBe(0);
    });
  });

  it('opens a file another process holds locked for a moment, waiting for it rather than failing', async () => {
    const file = join(dir, 'held.db');
    // Another process creates the file and holds it exclusively for 400 ms.
    const holder = spawn(process.execPath, [
      '-e',
      `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE held (x); ');
      process.stdout.write('held\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);
    `,
    ]);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const started = Date.now();
    const store = open(file, { busyTimeoutMs: 5000 });
    expect(Date.now() - started).toBeGreaterThan(100);
    await store.append('task-s:17', [newEvent()]);
    expect(await store.headPosition()).toBe(1);
    await exited;
  });

  it('reads recent events from disk when another connection wrote between them', async () => {
    const file = join(dir, 'events.db');
    const a = open(file);
    const b = open(file);
    await a.append('task-s:7', [newEvent({ data: { by: 'a' } })]);
    await b.append('task-s:7', [newEvent({ data: { by: 'b' } })], { expectedRevision: 0 });
    await a.append('task-s:7', [newEvent({ data: { by: 'a' } })], { expectedRevision: 1 });
    // a holds positions 1 and 3 only: a read across 2 must not skip it, and one up to b's later write must see it.
    expect((await a.readAll({ recent: true })).map((e) => e.data)).toEqual([{ by: 'a' }, { by: 'b' }, { by: 'a' }]);
    await b.append('task-s:8', [newEvent({ data: { by: 'b' } })]);
    expect(positions(await a.readAll({ after: 2, recent: true }))).toEqual([3, 4]);
    expect(positions(await a.readAll({ after: 2, upTo: 3, recent: true }))).toEqual([3]);
  });

  it('reads what the file holds, not its memory, unless asked for recent events', async () => {
    const file = join(dir, 'events.db');
    const a = open(file);
    await a.append('task-s:9', [newEvent({ data: { 说明: '原文' } })]);
    const tamper = new Database(file);
    tamper.prepare('UPDATE events SET data = ? WHERE global_position = 1').run(JSON.stringify({ 说明: '改过' }));
    tamper.close();
    expect((await a.readAll())[0]!.data).toEqual({ 说明: '改过' });
    expect((await a.readAll({ recent: true }))[0]!.data).toEqual({ 说明: '原文' });
  });

  it('wakes a subscription at once on an append through the same store', async () => {
    const store = open(':memory:', { pollIntervalMs: 60_000 });
    const got: number[] = [];
    let resolve = () => {};
    const delivered = new Promise<void>((r) => (resolve = r));
    const sub = store.subscribe({
      onEvent: (e) => {
        got.push(e.globalPosition);
        resolve();
      },
    });
    await sub.caughtUp;
    const t0 = Date.now();
    await store.append('task-s:7', [newEvent()]);
    await delivered; // the poll, a minute away, would time the test out
    expect(got).toEqual([1]);
    expect(Date.now() - t0).toBeLessThan(100);
    await sub.close();
  });

  it('sees appends made through another connection by polling', async () => {
    const file = join(dir, 'events.db');
    const reader = open(file, { pollIntervalMs: 50 });
    const writer = open(file);
    const got: number[] = [];
    let resolve = () => {};
    const both = new Promise<void>((r) => (resolve = r));
    const sub = reader.subscribe({ onEvent: (e) => void (got.push(e.globalPosition) === 2 && resolve()) });
    await sub.caughtUp;
    await writer.append('task-s:8', [newEvent(), newEvent()]);
    await both;
    expect(got).toEqual([1, 2]);
    await sub.close();
  });

  it('catches up in batches', async () => {
    const store = open(':memory:', { subscriptionBatchSize: 7 });
    await store.append(
      'task-s:9',
      Array.from({ length: 30 }, () => newEvent()),
    );
    const got: number[] = [];
    const sub = store.subscribe({ after: 3, onEvent: (e) => void got.push(e.globalPosition) });
    await sub.caughtUp;
    expect(got).toEqual(Array.from({ length: 27 }, (_, i) => i + 4));
    await sub.close();
  });

  it('rejects caughtUp when closed before catching up, and allows close from inside onEvent', async () => {
    const store = open(':memory:');
    await store.append(
      'task-s:10',
      Array.from({ length: 5 }, () => newEvent()),
    );
    const got: number[] = [];
    const sub = store.subscribe({
      onEvent: async (e) => {
        got.push(e.globalPosition);
        if (got.length === 2) await sub.close(); // must not wait for itself
      },
    });
    await expect(sub.caughtUp).rejects.toBeInstanceOf(StoreError);
    // Real time: an absence (no third delivery after close), seen over what a catch-up of five takes many times over.
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual([1, 2]);
  });

  it('closes its subscriptions when the store closes, and refuses use afterwards', async () => {
    const store = SqliteEventStore.open(':memory:');
    const sub = store.subscribe({ onEvent: () => {} });
    await sub.caughtUp;
    await store.close();
    await sub.close();
    await expect(store.append('task-s:11', [newEvent()])).rejects.toBeInstanceOf(StoreError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreError);
    await store.close(); // twice is fine
  });

  it('rejects an invalid instant for positionAt', async () => {
    const store = open(':memory:');
    await expect(store.positionAt('yesterday')).rejects.toBeInstanceOf(StoreError);
  });

  describe('openStore', () => {
    it('opens sqlite: URLs with relative and absolute paths, and in memory', async () => {
      const abs = join(dir, 'abs', 'duban.db');
      const rel = relative(process.cwd(), join(dir, 'rel', 'duban.db'));
      for (const url of [`sqlite:${abs}`, `sqlite:${rel.startsWith('.') ? rel : `./${rel}`}`, `sqlite://${join(dir, 'abs3', 'duban.db')}`, 'sqlite::memory:']) {
        const store = await openStore(url);
        try {
          expect(store).toBeInstanceOf(SqliteEventStore);
          await store.append('task-u:1', [newEvent()]);
          expect(await store.headPosition()).toBe(1);
        } finally {
          await store.close();
        }
      }
      expect(existsSync(abs)).toBe(true);
      expect(existsSync(join(dir, 'rel', 'duban.db'))).toBe(true);
      expect(existsSync(join(dir, 'abs3', 'duban.db'))).toBe(true);
    });

    it('parses the forms it accepts', () => {
      expect(defaultStoreUrl).toBe('sqlite:./data/duban.db');
      expect(parseStoreUrl(defaultStoreUrl)).toEqual({ kind: 'sqlite', path: join(process.cwd(), 'data', 'duban.db') });
      expect(parseStoreUrl('sqlite:/var/lib/duban/events.db')).toEqual({ kind: 'sqlite', path: '/var/lib/duban/events.db' });
      expect(parseStoreUrl('sqlite:///var/lib/duban/events.db')).toEqual({ kind: 'sqlite', path: '/var/lib/duban/events.db' });
      expect(parseStoreUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
      expect(parseStoreUrl('postgres://u:p@db/duban').kind).toBe('postgres');
      expect(parseStoreUrl('esdb://localhost:2113?tls=false').kind).toBe('esdb');
    });

    it('names the accepted forms for anything else', async () => {
      for (const url of ['', 'mysql://db/duban', './data/duban.db', 'sqlite:', 'sqlite://host/file.db']) {
        const err = await openStore(url).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as Error).message).toMatch(/sqlite:/);
      }
    });

    it('describes a store for the logs', () => {
      expect(describeStore('sqlite:./data/duban.db')).toBe(`sqlite ${join(process.cwd(), 'data', 'duban.db')}`);
      expect(describeStore('sqlite:/srv/duban.db')).toBe('sqlite /srv/duban.db');
      expect(describeStore('sqlite::memory:')).toBe('sqlite (in memory)');
      expect(describeStore('postgres://duban:secret@db/duban')).toBe('postgres postgres://duban:***@db/duban');
      expect(describeStore('nonsense')).toMatch(/unrecognised/);
    });
  });
});

function positions(list: RecordedEvent[]): number[] {
  return list.map((e) => e.globalPosition);
}

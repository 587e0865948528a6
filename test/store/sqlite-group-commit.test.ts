// Group commit: appends queued together (made in one run of code, or while a sync runs) share one
// IMMEDIATE transaction (one fsync), each in a savepoint of its own, so one append's failure fails
// only that append.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError, StoreError } from '../../src/store/errors.ts';
import { eventHash } from '../../src/store/event-hash.ts';
import type { AppendResult } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { newEvent, TestClock } from './event-store-contract.ts';

describe('SqliteEventStore group commit', () => {
  let dir: string;
  let file: string;
  let clock: TestClock;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-group-'));
    file = join(dir, 'events.db');
    clock = new TestClock();
    store = SqliteEventStore.open(file, { clock: clock.now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits concurrent appends to different streams in one transaction', async () => {
    const before = store.commits;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`task-g:${i}`, [newEvent()], { expectedRevision: 'no_stream' })));
    expect(store.commits - before).toBe(1);
    expect(results.map((r) => r.lastPosition)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Sequential appends are a transaction each.
    await store.append('task-g:0', [newEvent()]);
    await store.append('task-g:1', [newEvent()]);
    expect(store.commits - before).toBe(3);
    // Another connection sees all 22, chained and hashed as read back.
    const other = new Database(file, { readonly: true });
    try {
      expect((other.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(22);
    } finally {
      other.close();
    }
    for (const e of await store.readAll()) expect(eventHash(e)).toBe(e.hash);
  });

  it('fails only the appends that break their own rules; the rest of the group commits', async () => {
    await store.append('task-g:taken', [newEvent({ eventId: 'dup' })]);
    const before = store.commits;
    const outcomes = await Promise.allSettled([
      store.append('task-g:a', [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
      store.append('task-g:taken', [newEvent()], { expectedRevision: 'no_stream' }), // ConcurrencyError
      store.append('task-g:b', [newEvent(), newEvent({ eventId: 'dup' })]), // DuplicateEventError: both undone
      store.append('task-g:c', [newEvent()], { expectedRevision: -1 }),
      store.append('task-g:a', [newEvent()], { expectedRevision: 1 }), // sees the group's own first append
      store.append('task-g:c', [newEvent()], { expectedRevision: 5 }), // ConcurrencyError
    ]);
    expect(store.commits - before).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventError);
    expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('task-g:b')).toEqual([]);
    expect((await store.readStream('task-g:a')).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
    expect(await store.readStream('task-g:taken')).toHaveLength(1);
    const all = await store.readAll();
    expect(all).toHaveLength(5);
    // What each caller was told is what is stored.
    const told = outcomes.flatMap((o) => (o.status === 'fulfilled' ? (o.value as AppendResult).events : []));
    expect(told.map((e) => [e.globalPosition, e.hash])).toEqual(all.slice(1).map((e) => [e.globalPosition, e.hash]));
  });

  it('keeps positions and recordedAt monotone across and within groups, whatever the clock does', async () => {
    clock.set('2026-03-01T10:00:00.000Z');
    clock.tickMs = -7; // a clock going backwards between readings
    const rounds: Promise<AppendResult>[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 6; i++) rounds.push(store.append(`task-m:${i}`, [newEvent(), newEvent()]));
      await Promise.all(rounds);
      clock.advance(round % 2 ? 1000 : -3000);
    }
    const all = await store.readAll();
    expect(all).toHaveLength(60);
    for (let i = 1; i < all.length; i++) {
      expect(all[i]!.globalPosition).toBeGreaterThan(all[i - 1]!.globalPosition);
      expect(all[i]!.recordedAt >= all[i - 1]!.recordedAt).toBe(true);
    }
    // Within a stream, each append continues the chain the group left.
    const stream = await store.readStream('task-m:3');
    for (let i = 1; i < stream.length; i++) expect(stream[i]!.prevHash).toBe(stream[i - 1]!.hash);
  });

  it('commits appends still queued when closed; appends after close are refused', async () => {
    const pending = store.append('task-q:1', [newEvent()]);
    await store.close();
    await expect(pending).resolves.toMatchObject({ lastPosition: 1 });
    await expect(store.append('task-q:1', [newEvent()])).rejects.toThrow(StoreError);
    store = SqliteEventStore.open(file, { clock: clock.now });
    expect(await store.headPosition()).toBe(1);
  });
});

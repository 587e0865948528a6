// A catch-up's look at the SQLite store's head is read once per turn of the event loop
// (src/store/head-per-turn.ts): the catch-ups of one turn share it, the next turn reads again, and a
// commit by any store of this process is seen at once, in the same turn.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'TaskStatusChanged',
  planId: 'p',
  actor: { id: 'office', role: 'office' },
  data: { taskCode: '1.1', to: 'in_progress', reason: '启动' },
});

/** Syncs that answer at once: an append then resolves in the turn that committed it. */
const syncAtOnce = { syncFile: (_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => done(null), syncFileNow: null };

describe('the SQLite store head a catch-up reads', () => {
  let dir: string;
  let file: string;
  const stores: SqliteEventStore[] = [];
  const open = () => {
    const store = SqliteEventStore.open(file, syncAtOnce);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-head-per-turn-'));
    file = join(dir, 'duban.db');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a commit of another store in this process in the same turn', async () => {
    const a = open();
    const b = open();
    await a.append('task-p:1.1', [event()]);
    await new Promise((resolve) => setImmediate(resolve));
    // One turn from here on: b reads (and keeps) the head, a commits, b reads again.
    expect((await b.readAll({ after: 0, recent: true })).map((e) => e.globalPosition)).toEqual([1]);
    const second = event();
    await a.append('task-p:1.1', [second]);
    expect((await b.readAll({ after: 1, recent: true })).map((e) => e.eventId)).toEqual([second.eventId]);
  });

  it('shares one reading within a turn, and reads again in the next', async () => {
    const store = open();
    await store.append('task-p:1.1', [event()]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.readAll({ after: 0, recent: true })).toHaveLength(1);
    // Another process's commit (a connection of its own, as another process has) in the same turn:
    // concurrent with this turn's catch-ups, it is left to the next.
    const other = new Database(file);
    try {
      other
        .prepare(
          `INSERT INTO events (event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, actor,
             correlation_id, causation_id, schema_version, data, hash, prev_hash)
           VALUES (?, 'task-p:1.2', 0, 'TaskStatusChanged', 'p', '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z',
             '{"id":"office","role":"office"}', ?, NULL, 1, '{"taskCode":"1.2","to":"in_progress","reason":"x"}', 'h', NULL)`,
        )
        .run(randomUUID(), randomUUID());
    } finally {
      other.close();
    }
    expect(await store.readAll({ after: 1, recent: true })).toEqual([]);
    // Reads other than a catch-up's always look.
    expect(await store.headPosition()).toBe(2);
    expect((await store.readAll({ after: 1 })).map((e) => e.streamId)).toEqual(['task-p:1.2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.readAll({ after: 1, recent: true })).map((e) => e.streamId)).toEqual(['task-p:1.2']);
  });
});

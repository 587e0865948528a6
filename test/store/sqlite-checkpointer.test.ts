// The worker that checkpoints SQLite WALs off the event loop: a file it is given is checkpointed by
// it (the database file takes the WAL's pages), not by its own connection's commits.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { readModelPathFor } from '../../src/app/read-model/sqlite-read-model.ts';
import { SqliteCheckpointer, WAL_BACKSTOP_PAGES } from '../../src/store/sqlite-checkpointer.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import type { SqliteIdempotencyStore } from '../../src/store/sqlite-idempotency-store.ts';
import { wuhanPlanFile } from '../support/harness.ts';

const event = (i: number) => ({
  eventId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  type: 'TaskStatusChanged',
  planId: 'p',
  actor: { id: 'kjj-reporter', role: 'unit_reporter' },
  data: { taskCode: '1.1', to: 'in_progress', reason: '推进'.repeat(200) },
});

describe('SqliteCheckpointer', () => {
  let dir: string;
  let checkpointer: SqliteCheckpointer;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-checkpointer-'));
    checkpointer = new SqliteCheckpointer({ intervalMs: 60_000 }); // passes only when asked, in these tests
  });
  afterEach(async () => {
    await checkpointer.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints a store it is given, whose own commits leave the WAL to it', async () => {
    const file = join(dir, 'duban.db');
    const store = SqliteEventStore.open(file, { checkpointer });
    try {
      expect(store.checkpointer).toBe(checkpointer);
      await store.append('task-p:1.1', [event(0)]);
      const before = statSync(file).size;
      for (let i = 1; i <= 300; i++) await store.append('task-p:1.1', [event(i)], { expectedRevision: i - 1 });
      // 300 commits of ~2 KB each sit in the WAL: with the backstop, no commit checkpointed them.
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(300 * 1024);
      expect(statSync(file).size).toBe(before);
      await checkpointer.checkpointNow();
      expect(statSync(file).size).toBeGreaterThan(before + 300 * 1024);
      expect((await store.readAll()).length).toBe(301);
    } finally {
      await store.close();
    }
  });

  it('checkpoints the read model beside the store too, and every connection to the files leaves it the WAL', async () => {
    const file = join(dir, 'duban.db');
    const store = SqliteEventStore.open(file, { checkpointer });
    const app = createApplication(store, { pollMs: 60_000 });
    try {
      await app.start();
      const rmFile = readModelPathFor(file);
      const before = statSync(rmFile).size;
      await app.adoptPlan(await readPlanFile(wuhanPlanFile)); // the plan's versions: hundreds of KB of read model
      expect(statSync(rmFile).size).toBe(before);
      await checkpointer.checkpointNow();
      expect(statSync(rmFile).size).toBeGreaterThan(before);
      expect(store.pragmas().walAutocheckpoint).toBe(WAL_BACKSTOP_PAGES);
      expect((app.idempotency as SqliteIdempotencyStore).pragmas().walAutocheckpoint).toBe(WAL_BACKSTOP_PAGES);
    } finally {
      await app.close();
      await store.close();
    }
    // Without a worker, SQLite's own default.
    const plain = SqliteEventStore.open(join(dir, 'plain.db'));
    expect(plain.pragmas().walAutocheckpoint).toBe(1000);
    await plain.close();
  });

  it('stops: a store opened afterwards is left to SQLite, and asking for a pass answers at once', async () => {
    await checkpointer.stop();
    await expect(checkpointer.checkpointNow()).resolves.toBeUndefined();
    const file = join(dir, 'later.db');
    const store = SqliteEventStore.open(file, { checkpointer });
    try {
      for (let i = 0; i < 20; i++) await store.append('task-p:1.1', [event(i)], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
      // No worker takes the WAL's pages: the pass asked for does nothing, and the commits are left to
      // SQLite's own autocheckpoint at the backstop.
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(20 * 1024);
      const before = statSync(file).size;
      await checkpointer.checkpointNow();
      expect(statSync(file).size).toBe(before);
      expect(store.pragmas().walAutocheckpoint).toBe(WAL_BACKSTOP_PAGES);
      expect((await store.readAll()).length).toBe(20);
    } finally {
      await store.close();
    }
  });
});

// The write path's shortcuts keep their answers: a new store's read model has its indexes, one
// catch-up pass serves every caller that comes while one runs, and a task command decided on the
// state its process holds still answers on what another process wrote meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Application, createApplication } from '../../src/app/application.ts';
import { PreconditionFailed } from '../../src/app/errors.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { readModelPathFor } from '../../src/app/read-model/sqlite-read-model.ts';
import type { ReadAllOptions, ReadStreamOptions } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { wuhanPlanFile } from '../support/harness.ts';

describe('the write path', () => {
  let dir: string;
  let file: string;
  const stores: SqliteEventStore[] = [];
  const apps: Application[] = [];
  const open = async () => {
    const store = SqliteEventStore.open(file);
    // The real store, its reads counted.
    const calls = { readAll: 0, readStream: [] as { id: string; o: ReadStreamOptions | undefined }[] };
    const readAll = store.readAll.bind(store);
    const readStream = store.readStream.bind(store);
    store.readAll = (o?: ReadAllOptions) => {
      calls.readAll += 1;
      return readAll(o);
    };
    store.readStream = (id: string, o?: ReadStreamOptions) => {
      calls.readStream.push({ id, o });
      return readStream(id, o);
    };
    const app = createApplication(store, { pollMs: 60_000 });
    await app.start();
    stores.push(store);
    apps.push(app);
    return { store, app, calls };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-write-path-'));
    file = join(dir, 'duban.db');
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives a new store's read model its indexes (reads seek, not scan)", async () => {
    const { app } = await open();
    await app.adoptPlan(await readPlanFile(wuhanPlanFile));
    const db = new Database(readModelPathFor(file), { readonly: true });
    try {
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'rm\\_%' ESCAPE '\\'").pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['rm_versions_position', 'rm_versions_valid', 'rm_versions_first', 'rm_audit_plan', 'rm_audit_stream']));
      const plan = db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT position FROM rm_versions WHERE projection = 'task-status' AND key = 'k' AND position <= 9 ORDER BY position DESC LIMIT 1",
        )
        .all() as { detail: string }[];
      expect(plan.map((r) => r.detail).join()).toMatch(/USING (COVERING )?INDEX rm_versions_position/);
    } finally {
      db.close();
    }
  });

  it('runs one catch-up pass for all the callers that come while one runs', async () => {
    const { app, calls } = await open();
    const plan = await readPlanFile(wuhanPlanFile);
    await app.adoptPlan(plan);
    const before = calls.readAll;
    // Fifteen writers at once, each reading its own write back (the response's task).
    const results = await Promise.all(plan.tasks.map((t) => app.changeTaskStatus({ planId: plan.id, code: t.code, to: 'in_progress', reason: '启动' })));
    expect(results.every((r) => r.task.status === 'in_progress')).toBe(true);
    // Each command catches up several times (the plan, its reading, the task after the write): 15 × 4
    // passes before; shared now, a handful.
    expect(calls.readAll - before).toBeLessThan(15);
    expect(app.position()).toBe(await stores[0]!.headPosition());
  });

  it('decides on the task state it holds, and reads the stream before a refusal or a lost race is answered', async () => {
    const a = await open();
    const plan = await readPlanFile(wuhanPlanFile);
    await a.app.adoptPlan(plan);
    const b = await open(); // another process on the same file
    const change = (app: Application, to: 'in_progress' | 'at_risk', ifMatch?: string) =>
      app.changeTaskStatus({ planId: plan.id, code: '1.1', to, reason: '调度', ...(ifMatch ? { ifMatch: [ifMatch] } : {}) });
    const taskReads = () => a.calls.readStream.filter((r) => r.id.startsWith('task-') && r.o !== undefined).map((r) => r.o!.fromRevision);

    expect((await change(a.app, 'in_progress')).task.revision).toBe(1);
    expect((await change(b.app, 'at_risk')).task.revision).toBe(2);
    // a holds in_progress at revision 1, where in_progress → in_progress is refused: before answering,
    // a reads b's write, and at_risk → in_progress goes through.
    expect((await change(a.app, 'in_progress')).task.revision).toBe(3);
    await expect(change(a.app, 'in_progress')).rejects.toThrow(); // no change, on the stream as read
    expect(taskReads()).toEqual([0, 1, 3]);
    expect((await change(b.app, 'at_risk')).task.revision).toBe(4);
    // a holds in_progress at 3 and decides at_risk; the store refuses revision 3, a reads b's at_risk,
    // and at_risk → at_risk is refused.
    await expect(change(a.app, 'at_risk')).rejects.toThrow();
    expect(taskReads()).toEqual([0, 1, 3, 3]);
    // Now a holds the stream as it is: its next writes read nothing.
    expect((await change(a.app, 'in_progress')).task.revision).toBe(5);
    expect((await change(a.app, 'at_risk')).task.revision).toBe(6);
    expect(taskReads()).toEqual([0, 1, 3, 3]);

    // If-Match: the client's tag is checked against the stream, not only against what a holds.
    expect((await change(b.app, 'in_progress')).task.revision).toBe(7);
    expect((await change(a.app, 'at_risk', '"7"')).task.revision).toBe(8);
    expect((await change(b.app, 'in_progress')).task.revision).toBe(9);
    await expect(change(a.app, 'at_risk', '"7"')).rejects.toEqual(new PreconditionFailed('"9"'));
    expect((await change(b.app, 'at_risk')).task.revision).toBe(10);
    // The client's tag is the one a holds, but the stream has moved past it: the store refuses the
    // append, and the answer is 412 with the stream's tag (no second pass: the client named the revision).
    const reads = taskReads().length;
    await expect(change(a.app, 'at_risk', '"9"')).rejects.toEqual(new PreconditionFailed('"10"'));
    expect(taskReads()).toHaveLength(reads);

    const events = await a.store.readStream(`task-${plan.id}:1.1`);
    expect(events.map((e) => (e.data as { to: string }).to)).toEqual([
      'in_progress',
      'at_risk',
      'in_progress',
      'at_risk',
      'in_progress',
      'at_risk',
      'in_progress',
      'at_risk',
      'in_progress',
      'at_risk',
    ]);
    expect(events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

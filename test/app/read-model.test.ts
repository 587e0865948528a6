// The read model in the database: a rebuild gives the same answers as the live one for any
// (asOf, validAt); a restart resumes from the checkpoint instead of refolding; two processes
// sharing one file keep one coherent read model.
import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditIndexEntry } from '../../projections/audit.ts';
import { createApplication } from '../../src/app/application.ts';
import { readModelPathFor } from '../../src/app/read-model/sqlite-read-model.ts';
import { asDomainEvent } from '../../src/domain/events.ts';
import type { ReadAllOptions } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { statusHistory } from '../support/status-history.ts';

let h: Harness;
const PLAN = '/plans/wuhan-2023-p1';

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

async function history() {
  for (const [at, code, json] of statusHistory) {
    h.clock.set(at);
    const res = await h.request(`${PLAN}/tasks/${code}/status`, { method: 'POST', json });
    expect(res.status, `${code} ${JSON.stringify(json)}`).toBe(200);
  }
}

const asOfs = ['2026-11-27', '2026-11-28T01:30:00Z', '2026-11-29', '2026-12-02', '2026-12-04T03:00:00Z', 'now'];
const validAts = [undefined, '2023-04-01', '2026-11-20', '2026-11-28T12:00:00Z', '2026-12-01', '2026-12-03T10:00:00Z', 'now'];

async function answers(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const asOf of asOfs) {
    for (const validAt of validAts) {
      const q = `asOf=${encodeURIComponent(asOf)}${validAt ? `&validAt=${encodeURIComponent(validAt)}` : ''}`;
      for (const path of [`${PLAN}/tasks?${q}`, `${PLAN}/tasks/1.1?${q}`, `/audit?${q}`, `${PLAN}/tasks/1.1/history?${q}`, `/plans?${q}`]) {
        const res = await h.request(path);
        out.push([path, res.status, await res.json()]);
      }
    }
  }
  return out;
}

describe('the read model', () => {
  it('gives the same answers for every (asOf, validAt) after being dropped and rebuilt', async () => {
    await history();
    const before = await answers();
    expect(before.filter((a) => (a as [string, number])[1] === 200).length).toBeGreaterThan(150);
    const { events } = await h.app.rebuild();
    expect(events).toBe(await h.store.headPosition());
    expect(await answers()).toEqual(before);
    // The same after a restart on the rebuilt file.
    await h.restart();
    expect(await answers()).toEqual(before);
  });

  it('resumes from its checkpoint on a restart: nothing before the checkpoint is read again', async () => {
    await history();
    const head = await h.store.headPosition();
    await h.app.close();
    const store = SqliteEventStore.open(h.file, { clock: h.clock.read });
    const reads: ReadAllOptions[] = [];
    const readAll = store.readAll.bind(store);
    store.readAll = (options: ReadAllOptions = {}) => {
      reads.push(options);
      return readAll(options);
    };
    const app = createApplication(store, { clock: h.clock.read });
    const outcome = await app.start();
    expect(outcome).toEqual({ rebuilt: false, why: null, checkpoint: head, position: head });
    // Only the checkpoint's own event (to check its hash) and what lies after it.
    expect(Math.min(...reads.map((r) => r.after ?? 0))).toBeGreaterThanOrEqual(head - 1);
    await app.close();
    await store.close();
    await h.restart();
  });

  it("is rebuilt when it was made by other projection code, or for another store's history", async () => {
    await history();
    await h.app.close();
    const store = SqliteEventStore.open(h.file, { clock: h.clock.read });
    const db = (await import('better-sqlite3')).default(readModelPathFor(h.file));
    db.prepare("UPDATE rm_meta SET value = 'other' WHERE key = 'fingerprint'").run();
    const app = createApplication(store, { clock: h.clock.read });
    expect(await app.start()).toMatchObject({ rebuilt: true, why: 'the read model was built by other projection code' });
    await app.close();
    db.prepare("UPDATE rm_meta SET value = 'feed' WHERE key = 'checkpoint_hash'").run();
    db.close();
    const again = createApplication(store, { clock: h.clock.read });
    expect(await again.start()).toMatchObject({ rebuilt: true, why: expect.stringMatching(/with the checkpoint's hash/) });
    expect((await again.getTask('wuhan-2023-p1', '1.1', {})).status).toBe('completed');
    await again.close();
    await store.close();
    await h.restart();
  });

  it("lives in a file of its own beside the store's; a half-rebuilt or broken one is thrown away and built again", async () => {
    await history();
    expect(readModelPathFor(h.file)).toBe(h.file.replace(/\.db$/, '.read-model.db'));
    const answer = await h.app.getTask('wuhan-2023-p1', '1.1', { validAt: '2026-12-01' });
    await h.app.close();
    const Database = (await import('better-sqlite3')).default;
    // A rebuild that died midway leaves its mark.
    const db = new Database(readModelPathFor(h.file));
    db.prepare("INSERT INTO rm_meta (key, value) VALUES ('rebuilding', '1')").run();
    db.close();
    const store = SqliteEventStore.open(h.file, { clock: h.clock.read });
    const app = createApplication(store, { clock: h.clock.read });
    expect(await app.start()).toMatchObject({ rebuilt: true, why: 'no read model yet' });
    expect(await app.getTask('wuhan-2023-p1', '1.1', { validAt: '2026-12-01' })).toEqual(answer);
    await app.close();
    // A file that is not a database at all.
    writeFileSync(readModelPathFor(h.file), 'not a database, not at all; '.repeat(200));
    rmSync(`${readModelPathFor(h.file)}-wal`, { force: true });
    rmSync(`${readModelPathFor(h.file)}-shm`, { force: true });
    const again = createApplication(store, { clock: h.clock.read });
    expect(await again.start()).toMatchObject({ rebuilt: true });
    expect(await again.getTask('wuhan-2023-p1', '1.1', { validAt: '2026-12-01' })).toEqual(answer);
    await again.close();
    await store.close();
    await h.restart();
  });

  it('indexes the audit trail exactly as projections/audit.ts says, live and in SQL in place, and keeps the clock', async () => {
    await history();
    h.clock.set('2026-12-06T00:00:00Z');
    await h.app.changeTaskStatus({
      planId: 'wuhan-2023-p1',
      code: '5.1',
      to: 'in_progress',
      reason: '区里启动',
      actor: { id: 'ja-1', role: 'unit', unitId: 'jiangan' },
    });
    const expectIndexed = async () => {
      await h.app.readModel.checkpoint(); // a read of the read model has the runner write what it holds in memory
      const db = (await import('better-sqlite3')).default(readModelPathFor(h.file), { readonly: true });
      const rows = db.prepare('SELECT * FROM rm_audit ORDER BY position').all();
      const clock = db.prepare('SELECT recorded_at, position FROM rm_clock ORDER BY recorded_at').all();
      db.close();
      const events = await h.store.readAll();
      expect(rows).toEqual(
        events
          .map((e) => auditIndexEntry(asDomainEvent(e)))
          .map((e) => ({
            position: e.globalPosition,
            plan_id: e.planId,
            stream_id: e.streamId,
            type: e.type,
            actor_id: e.actorId,
            unit_id: e.unitId,
            recorded_at: e.recordedAt,
            effective_at: e.effectiveAt,
          })),
      );
      expect(clock).toEqual(events.map((e) => ({ recorded_at: e.recordedAt, position: e.globalPosition })));
    };
    // Applied live, a few events at a time: the entries are written from the events in hand.
    await expectIndexed();
    // A rebuild reads pages of hundreds: their entries are computed by SQL from the events in place.
    for (let i = 0; i < 200; i++) {
      h.clock.set(new Date(Date.parse('2026-12-06T01:00:00Z') + i * 60_000).toISOString());
      const to = i % 2 === 0 ? 'at_risk' : 'in_progress';
      await h.app.changeTaskStatus({ planId: 'wuhan-2023-p1', code: '5.1', to, reason: '调度', actor: { id: 'ja-1', role: 'unit', unitId: 'jiangan' } });
    }
    expect(await h.store.headPosition()).toBeGreaterThan(200);
    await h.app.rebuild();
    await expectIndexed();
  });

  it("is shared safely by two processes on one file: each reads the other's writes with minPosition", async () => {
    const other = SqliteEventStore.open(h.file, { clock: h.clock.read });
    const second = createApplication(other, { clock: h.clock.read, pollMs: 10_000 });
    await second.start();
    h.clock.set('2026-11-28T01:00:00Z');
    const first = await h.app.changeTaskStatus({ planId: 'wuhan-2023-p1', code: '1.1', to: 'in_progress', reason: '启动' });
    expect((await second.getTask('wuhan-2023-p1', '1.1', { minPosition: first.globalPosition })).status).toBe('in_progress');
    const fromSecond = await second.changeTaskStatus({ planId: 'wuhan-2023-p1', code: '1.1', to: 'at_risk', reason: '滞后' });
    const seen = await h.app.getTask('wuhan-2023-p1', '1.1', { minPosition: fromSecond.globalPosition });
    expect(seen).toMatchObject({ status: 'at_risk', revision: 2, position: fromSecond.globalPosition });
    // One read model: every task key has exactly the versions its events made.
    const db = (await import('better-sqlite3')).default(readModelPathFor(h.file), { readonly: true });
    const versions = db
      .prepare("SELECT version FROM rm_versions WHERE projection = 'task-status' AND key = 'wuhan-2023-p1:1.1' ORDER BY version")
      .pluck()
      .all();
    db.close();
    expect(versions).toEqual([0, 1, 2]);
    await second.close();
    await other.close();
  });
});

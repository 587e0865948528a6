// The projections' checkpoint: a restart restores the snapshot and catches up from it, and ends in
// exactly the state a fold from the first event gives; a snapshot that does not fit is not used.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan-adoption.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { SqliteSnapshotStore } from '../../src/store/sqlite-snapshot-store.ts';
import { wuhanPlanFile } from '../support/harness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'duban-snap-'));
  dirs.push(dir);
  return join(dir, 'duban.db');
}

async function open(file: string, withSnapshots: boolean) {
  const store = SqliteEventStore.open(file);
  const snapshots = new SqliteSnapshotStore(file);
  const app = createApplication(store, withSnapshots ? { snapshots, snapshotEvery: 3 } : {});
  const restored = await app.start();
  return {
    store,
    snapshots,
    app,
    restored,
    async close() {
      await app.stop();
      snapshots.close();
      await store.close();
    },
  };
}

async function views(app: Application) {
  return {
    tasks: await app.listTasks('wuhan-2023-p1', {}),
    audit: await app.readAudit({ limit: 1000 }),
    plans: await app.listPlans({}),
  };
}

async function seed(app: Application) {
  await app.adoptPlan(await readPlanFile(wuhanPlanFile));
  for (const code of ['1.1', '2.3', '3.1', '5.1']) await app.changeTaskStatus({ planId: 'wuhan-2023-p1', code, to: 'in_progress', reason: `启动 ${code}` });
  await app.changeTaskStatus({ planId: 'wuhan-2023-p1', code: '2.3', to: 'at_risk', reason: '中试平台进度滞后' });
}

describe('projection snapshots', () => {
  it('restores the checkpoint on restart, catches up past it, and equals a fold from the first event', async () => {
    const file = files();
    const first = await open(file, true);
    expect(first.restored).toEqual({ restored: false, why: 'no snapshot yet' });
    await seed(first.app);
    await first.close(); // leaves a checkpoint at the head (6)

    const second = await open(file, true);
    expect(second.restored).toEqual({ restored: true, position: 6 });
    await second.app.changeTaskStatus({ planId: 'wuhan-2023-p1', code: '1.1', to: 'blocked', reason: '资金未到位' });
    const fromSnapshot = await views(second.app);
    await second.app.stop(); // checkpoint at 7
    second.snapshots.close();
    await second.store.close();

    const rebuilt = await open(file, false);
    expect(rebuilt.restored.restored).toBe(false);
    expect(await views(rebuilt.app)).toEqual(fromSnapshot);
    expect(fromSnapshot.tasks.items.find((t) => t.code === '1.1')!.status).toBe('blocked');
    expect(fromSnapshot.audit.items).toHaveLength(7);
    await rebuilt.close();

    const third = await open(file, true);
    expect(third.restored).toEqual({ restored: true, position: 7 });
    expect(await views(third.app)).toEqual(fromSnapshot);
    await third.close();
  });

  it('ignores a snapshot made by other projection code, or of another history', async () => {
    const file = files();
    const first = await open(file, true);
    await seed(first.app);
    await first.close();

    const snapshots = new SqliteSnapshotStore(file);
    const saved = (await snapshots.load('projections'))!;
    await snapshots.save({ ...saved, fingerprint: 'other code' });
    snapshots.close();
    const second = await open(file, true);
    expect(second.restored).toEqual({ restored: false, why: 'the snapshot was made by other projection code' });
    expect((await views(second.app)).audit.items).toHaveLength(6);
    await second.close();

    // The same snapshot next to a different history (another store with other events).
    const other = files();
    const otherApp = await open(other, true);
    await seed(otherApp.app);
    await otherApp.close();
    const foreign = new SqliteSnapshotStore(other);
    await foreign.save({ ...saved, position: 6, eventHash: 'not this store' });
    foreign.close();
    const third = await open(other, true);
    expect(third.restored).toEqual({ restored: false, why: 'the store holds no event 6 with the snapshot\'s hash' });
    await third.close();
  });
});

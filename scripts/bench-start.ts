// Benchmark (not a test): how long the service takes to bring its projections up on start, with
// and without the snapshot checkpoint, and what an `asOf` read costs.
//   npx tsx scripts/bench-start.ts [--events N]   (default 100000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { createApplication } from '../src/app/application.ts';
import { readPlanFile } from '../src/app/plan-adoption.ts';
import { streams } from '../src/domain/events.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
import { SqliteSnapshotStore } from '../src/store/sqlite-snapshot-store.ts';

const arg = process.argv.indexOf('--events');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const dir = mkdtempSync(join(tmpdir(), 'duban-bench-start-'));
const file = join(dir, 'duban.db');
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(3);

try {
  // The Wuhan plan, then N status changes in batches of 100, cycling each task in_progress ⇄ at_risk.
  const store = SqliteEventStore.open(file);
  const plan = await readPlanFile(new URL('../plans/wuhan-2023-p1.json', import.meta.url).pathname);
  const seedApp = createApplication(store);
  await seedApp.adoptPlan(plan);
  const status = new Map<string, TaskStatus>(plan.tasks.map((t) => [t.code, 'not_started']));
  const revision = new Map<string, number>(plan.tasks.map((t) => [t.code, -1]));
  for (let written = 0; written < N; ) {
    const code = plan.tasks[(written / 100) % plan.tasks.length | 0]!.code;
    const batch = [];
    for (let i = 0; i < 100 && written < N; i++, written++) {
      const from = status.get(code)!;
      const to: TaskStatus = from === 'in_progress' ? 'at_risk' : 'in_progress';
      status.set(code, to);
      batch.push({ eventId: uuidv7(), type: 'TaskStatusChanged', planId: plan.id, actor: { id: 'bench', role: 'office' }, data: { taskCode: code, from, to, reason: '月调度:进度更新' } });
    }
    const r = await store.append(streams.task(plan.id, code), batch, { expectedRevision: revision.get(code)! < 0 ? 'no_stream' : revision.get(code)! });
    revision.set(code, r.nextExpectedRevision);
  }
  const head = await store.headPosition();
  await store.close();
  console.log(`store: ${head} events in ${file}`);

  const open = () => {
    const s = SqliteEventStore.open(file);
    const snapshots = new SqliteSnapshotStore(file);
    return { s, snapshots, app: createApplication(s, { snapshots }) };
  };

  let run = open();
  let t0 = performance.now();
  let restored = await run.app.start();
  console.log(`start, folding from the first event: ${seconds(t0)} s (${JSON.stringify(restored)}) → position ${run.app.position()}`);
  // start() already saved a checkpoint once it had folded past 10 000 positions.
  await run.app.stop();
  run.snapshots.close();
  await run.s.close();

  run = open();
  t0 = performance.now();
  restored = await run.app.start();
  console.log(`start, from the snapshot checkpoint:  ${seconds(t0)} s (${JSON.stringify(restored)}) → position ${run.app.position()}`);
  t0 = performance.now();
  await run.app.listTasks(plan.id, {});
  console.log(`list tasks, now:                      ${seconds(t0)} s`);
  const mid = (await run.s.readAll({ after: Math.floor(head / 2) - 1, maxCount: 1 }))[0]!;
  const folded = await run.s.positionAt(mid.recordedAt);
  t0 = performance.now();
  await run.app.listTasks(plan.id, { asOf: mid.recordedAt });
  console.log(`list tasks, asOf a past instant:      ${seconds(t0)} s (folds the first ${folded} events)`);
  await run.app.stop();
  run.snapshots.close();
  await run.s.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

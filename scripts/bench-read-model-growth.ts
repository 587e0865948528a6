// How the read model grows under many progress reports on one task: writes
// reports to one task's month through the HTTP routes in process (the hono app, a real office token,
// the same write path a client's POST takes) on a SQLite store, and at 100, 1,000 and 10,000 reports
// prints the read model's bytes per event byte (pages in use, from SQLite's dbstat, grown since the
// plan was adopted) and the write latency p50/p95 of the last reports before each mark — beside
// writes to fresh streams made at the same marks (other tasks' months: each key's first report).
// Done means: the ratio stays under 5, and p95 at 10,000 within 2× of p95 at 100. (First, 300
// reports to another task's month warm the code up, untimed; its key is not one of the fresh ones.)
//
//   npm run bench:growth                      (10,000 reports)
//   npm run bench:growth -- --reports 1000    (a quick run: marks at 100 and 1,000)
//   npm run bench:growth -- --text 600        (characters of report text; default 300)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createApplication } from '../src/app/application.ts';
import { readPlanFile } from '../src/app/plan/plan-adoption.ts';
import { readModelPathFor } from '../src/app/read-model/sqlite-read-model.ts';
import { createHttpApp } from '../src/http/app.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
import { percentile } from './percentile.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '10000' },
    text: { type: 'string', default: '300' },
    window: { type: 'string', default: '100' },
    fresh: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'warm-up': { type: 'string', default: '300' },
  },
});
const REPORTS = Number(values.reports);
const TEXT = Number(values.text);
/** The writes timed before each mark (the last `window` reports up to it). */
const WINDOW = Number(values.window);
const MARKS = [100, 1_000, 10_000, 100_000].filter((m) => m <= REPORTS);

const PLAN = 'wuhan-2023-p1';
const dir = mkdtempSync(join(tmpdir(), 'duban-growth-'));
const file = join(dir, 'duban.db');

/** Bytes of the pages in use: the events table and its indexes, or the whole read model. */
function pagesInUse(path: string, table?: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const where = table ? 'WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ?)' : '';
    return db
      .prepare(`SELECT coalesce(sum(pgsize), 0) FROM dbstat ${where}`)
      .pluck()
      .get(...(table ? [table] : [])) as number;
  } finally {
    db.close();
  }
}

// A clock that moves a second per reading: reports of May 2023, recorded through the summer.
let now = Date.parse('2023-05-20T02:00:00.000Z');
const clock = () => {
  now += 1000;
  return new Date(now);
};

const store = SqliteEventStore.open(file, { clock });
const app = createApplication(store, { clock });
await app.start();
await app.adoptPlan(await readPlanFile(new URL('../plans/wuhan-2023-p1.json', import.meta.url).pathname));
const { token } = await app.issueToken({ name: 'bench office', role: 'office', planId: PLAN, actor: { id: 'bench', role: 'system' } });
const { hono } = createHttpApp(app, { storeKind: 'sqlite' });

const text = '完成首批专精特新企业梯度培育名单，召开推进会1次，'.repeat(Math.ceil(TEXT / 24)).slice(0, TEXT);
async function report(code: string, unitId: string, period: string, i: number): Promise<number> {
  const started = performance.now();
  const res = await hono.request(`/plans/${PLAN}/tasks/${code}/progress`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ unitId, period, done: `${i} ${text}`, percentComplete: i % 101 }),
  });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`report ${i}: ${res.status} ${await res.text()}`);
  return ms;
}

// Fresh keys: a task and month with no report yet (other tasks, this and earlier months of the plan's
// year): the read model's key has no version, its task's stream at most two reports of other months.
const plan = JSON.parse(JSON.stringify(await readPlanFile(new URL('../plans/wuhan-2023-p1.json', import.meta.url).pathname))) as {
  tasks: { code: string; leadUnits: string[] }[];
};
const WARM_UP = { code: plan.tasks.find((t) => t.code !== '4.2')!.code, period: '2023-03' };
const freshKeys = plan.tasks
  .filter((t) => t.code !== '4.2')
  .flatMap((t) => ['2023-03', '2023-04', '2023-05'].map((period) => ({ code: t.code, unitId: t.leadUnits[0]!, period })))
  .filter((k) => k.code !== WARM_UP.code || k.period !== WARM_UP.period);
let freshUsed = 0;
/** Writes to fresh keys timed at each mark: by default as many as there are, shared among the marks. */
const FRESH = values.fresh ? Number(values.fresh) : Math.floor(freshKeys.length / MARKS.length);

// Warm-up, not timed: the code paths compiled before the first mark, as they are in a running server.
const warmUnit = plan.tasks.find((t) => t.code === WARM_UP.code)!.leadUnits[0]!;
for (let i = 0; i < Number(values['warm-up']); i++) await report(WARM_UP.code, warmUnit, WARM_UP.period, i);

await app.readModel.checkpoint(); // what the runner holds, written
const base = { events: pagesInUse(file, 'events'), readModel: pagesInUse(readModelPathFor(file)) };
const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
const rows: Record<string, string | number>[] = [];
const times: number[] = [];
const started = performance.now();
for (let i = 1; i <= REPORTS; i++) {
  times.push(await report('4.2', i % 3 ? 'jxj' : 'fgw', '2023-05', i));
  if (!MARKS.includes(i)) continue;
  const last = times.slice(-WINDOW).sort((a, b) => a - b);
  const fresh: number[] = [];
  for (let f = 0; f < FRESH && freshUsed < freshKeys.length; f++) {
    const k = freshKeys[freshUsed++]!;
    fresh.push(await report(k.code, k.unitId, k.period, i));
  }
  fresh.sort((a, b) => a - b);
  await app.readModel.checkpoint();
  const events = pagesInUse(file, 'events') - base.events;
  const readModel = pagesInUse(readModelPathFor(file)) - base.readModel;
  rows.push({
    reports: i,
    'events MB': mb(events),
    'read model MB': mb(readModel),
    'read model / events': (readModel / events).toFixed(2),
    'write p50 ms': percentile(last, 50).toFixed(2),
    'write p95 ms': percentile(last, 95).toFixed(2),
    'fresh p50 ms': percentile(fresh, 50).toFixed(2),
    'fresh p95 ms': percentile(fresh, 95).toFixed(2),
  });
  console.log(`${i} reports (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
console.table(rows);
const first = rows[0]!;
const end = rows.at(-1)!;
const worst = Math.max(...rows.map((r) => Number(r['read model / events'])));
const p95Growth = Number(end['write p95 ms']) / Number(first['write p95 ms']);
console.log(
  `read model / events at most ${worst.toFixed(2)} (under 5: ${worst < 5 ? 'yes' : 'NO'}); ` +
    `write p95 ${first.reports} → ${end.reports} reports: ×${p95Growth.toFixed(2)} (within 2×: ${p95Growth <= 2 ? 'yes' : 'NO'})`,
);
await app.close();
await store.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`store kept in ${dir}`);

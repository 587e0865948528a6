// Benchmark of the SQLite event store (not a test):  npm run bench:store -- [--events N] [--postgres URL]
// (Node with duban's heap flags, as npm start runs the server: see bin/duban.js; the header says which)
// (then the PostgreSQL store against Emmett's, scripts/bench-postgres.ts, with at most 2000 events per
// phase: on the URL given, else on the local server when one answers; --no-postgres skips it).
//
// On a temp file: N single-event appends spread over 15 task streams (each its own transaction and
// fsync, with the right expectedRevision), then N more in batches of 100, then everything read back
// with readAll in pages and folded through the task-status projection. The yardstick: the same rows
// inserted with raw better-sqlite3 into a same-shaped table in another temp file with the same pragmas
// (WAL, synchronous=FULL), one transaction per row and one per 100 rows — taking turns with the store
// in 10 rounds per phase, so a slow patch of the disk does not land on one side only. Temp files are removed.
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { foldKey } from '../projections/projection.ts';
import { taskStatus } from '../projections/task.ts';
import type { NewEvent, RecordedEvent } from '../src/store/event-store.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';
import { benchPostgres, DEFAULT_BENCH_POSTGRES_URL, postgresReachable } from './bench-postgres.ts';

function parseArgs(argv: string[]): { events: number; postgres: string | false | undefined } {
  let events = 100_000;
  let postgres: string | false | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--postgres' || a.startsWith('--postgres=')) {
      postgres = a === '--postgres' ? argv[++i] : a.slice('--postgres='.length);
      if (!postgres) throw new Error('--postgres wants a URL');
      continue;
    }
    if (a === '--no-postgres') {
      postgres = false;
      continue;
    }
    const v = a.startsWith('--events=') ? a.slice('--events='.length) : a === '--events' ? argv[++i] : undefined;
    if (v !== undefined) {
      events = Number(v);
      if (!Number.isSafeInteger(events) || events < 100) throw new Error(`--events wants an integer >= 100, got ${v}`);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench:store --  [--events N] [--postgres URL | --no-postgres]   (default 100000)');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  return { events, postgres };
}

const PLAN_ID = 'bench';
const ROUNDS = 10;
const TASK_CODES = ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3'];
const UNITS = [
  ['kjj', '市科技局'],
  ['fgw', '市发改委'],
  ['rsj', '市人社局'],
  ['czj', '市财政局'],
  ['jxj', '市经信局'],
] as const;
const REASONS = [
  '按月调度推进，牵头单位已完成阶段目标',
  '配套资金未到位，进度滞后于计划',
  '协调会议已明确责任分工，恢复推进',
  '指标值较上季度明显提升，风险解除',
];

type Status = 'not_started' | 'in_progress' | 'at_risk';

/** Per task stream: its revision and status, so every event is a legal TaskStatusChanged. */
class Streams {
  readonly revision = new Map<string, number>();
  readonly status = new Map<string, Status>();
  private n = 0;

  next(): { streamId: string; code: string; expected: number | 'no_stream'; event: NewEvent } {
    const code = TASK_CODES[this.n % TASK_CODES.length]!;
    const streamId = `task-${PLAN_ID}:${code}`;
    const rev = this.revision.get(streamId) ?? -1;
    const from = this.status.get(streamId) ?? 'not_started';
    const to: Status = from === 'in_progress' ? 'at_risk' : 'in_progress';
    const [unitId, unitName] = UNITS[this.n % UNITS.length]!;
    const event: NewEvent = {
      eventId: uuidv7(),
      type: 'TaskStatusChanged',
      planId: PLAN_ID,
      actor: { id: `${unitId}-reporter`, role: 'unit_reporter', unitId },
      data: {
        taskCode: code,
        from,
        to,
        reason: `${unitName}：${REASONS[this.n % REASONS.length]!}`,
        ...(this.n % 4 === 0 ? { evidence: { summary: `武科技〔2023〕${(this.n % 97) + 1}号 月调度材料`, links: [`doc-${this.n}`] } } : {}),
      },
    };
    this.n += 1;
    this.revision.set(streamId, rev + 1);
    this.status.set(streamId, to);
    return { streamId, code, expected: rev === -1 ? 'no_stream' : rev, event };
  }
}

interface Append {
  streamId: string;
  expected: number | 'no_stream';
  events: NewEvent[];
}

interface Row {
  phase: string;
  events: number;
  seconds: number;
}

const RAW_SCHEMA = `
CREATE TABLE events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, stream_revision INTEGER NOT NULL,
  type TEXT NOT NULL, plan_id TEXT NOT NULL, recorded_at TEXT NOT NULL, effective_at TEXT NOT NULL,
  actor TEXT NOT NULL, correlation_id TEXT NOT NULL, causation_id TEXT, schema_version INTEGER NOT NULL,
  data TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT,
  UNIQUE (stream_id, stream_revision)
);
CREATE INDEX events_recorded_at ON events (recorded_at);`;

function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);
  return db;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, (performance.now() - t0) / 1000];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, (performance.now() - t0) / 1000];
}

async function main(): Promise<void> {
  const { events: N, postgres } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const rows: Row[] = [];
  const say = (s: string) => process.stderr.write(`${s}\n`);
  try {
    const fs = statfsSync(dir);
    console.log(`duban store benchmark: N = ${N}, temp dir ${dir} (fs type 0x${fs.type.toString(16)}), node ${process.version}`);
    console.log(`node flags: ${process.execArgv.filter((a) => a.includes('semi-space')).join(' ') || "none (npm run bench:store gives duban's)"}`);
    const store = SqliteEventStore.open(join(dir, 'store.db'));
    const p = store.pragmas();
    console.log(`store pragmas: journal_mode=${p.journalMode} synchronous=${p.synchronous} (2 = FULL)`);
    const streams = new Streams();

    // The events are made before the clock starts, so the phases time the store, not the generator.
    const singles: Append[] = Array.from({ length: N }, () => {
      const { streamId, expected, event } = streams.next();
      return { streamId, expected, events: [event] };
    });
    const batches: Append[] = [];
    for (let i = 0; i < N; i += 100) {
      const size = Math.min(100, N - i);
      const first = streams.next();
      const batch = [first.event];
      // The rest of the batch continues the same stream, so statuses and revisions stay legal.
      for (let j = 1; j < size; j++) {
        const from = streams.status.get(first.streamId)!;
        const to: Status = from === 'in_progress' ? 'at_risk' : 'in_progress';
        streams.status.set(first.streamId, to);
        streams.revision.set(first.streamId, streams.revision.get(first.streamId)! + 1);
        batch.push({ ...first.event, eventId: uuidv7(), data: { ...(first.event.data as object), from, to } });
      }
      batches.push({ streamId: first.streamId, expected: first.expected, events: batch });
    }

    // The yardstick: a same-shaped table in another file, same pragmas, fed the rows the store wrote.
    const raw = openRaw(join(dir, 'raw.db'));
    console.log(
      `raw pragmas:   journal_mode=${String(raw.pragma('journal_mode', { simple: true }))} synchronous=${String(raw.pragma('synchronous', { simple: true }))}`,
    );
    const insert = raw.prepare(
      `INSERT INTO events (event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, actor,
         correlation_id, causation_id, schema_version, data, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The store's rows as written, read back through a connection of their own (for the raw side).
    const storeFile = new Database(join(dir, 'store.db'), { readonly: true });
    const storeRows = storeFile
      .prepare(
        `SELECT event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, actor, correlation_id,
         causation_id, schema_version, data, hash, prev_hash FROM events WHERE global_position > ? AND global_position <= ?
         ORDER BY global_position`,
      )
      .raw(true);
    const insertMany = raw.transaction((batch: unknown[][]) => {
      for (const r of batch) insert.run(...r);
    });

    // Store and raw take turns, ROUNDS times per phase, so the disk's moods hit both alike.
    async function phase(appends: Append[], label: string): Promise<[number, number]> {
      let tStore = 0;
      let tRaw = 0;
      const per = Math.ceil(appends.length / ROUNDS);
      for (let r = 0; r < ROUNDS; r++) {
        const chunk = appends.slice(r * per, (r + 1) * per);
        if (chunk.length === 0) break;
        // The caller keeps nothing of what append returns (as the app does not): holding 10,000 results
        // to the end of a round made them outlive the young generation, a cost of the harness, not the
        // store. The raw rows are read back from the store's file afterwards instead: the same rows.
        const from = store.headPositionSync();
        const [, ts] = await timeAsync(async () => {
          for (const a of chunk) await store.append(a.streamId, a.events, { expectedRevision: a.expected });
        });
        const written = storeRows.all(from, store.headPositionSync()) as unknown[][];
        let next = 0;
        const rawTxns = chunk.map((a) => {
          const txn = written.slice(next, next + a.events.length);
          next += a.events.length;
          return txn;
        });
        const [, tr] = time(() => {
          for (const txn of rawTxns) insertMany.immediate(txn);
        });
        tStore += ts;
        tRaw += tr;
        say(`  ${label}: round ${r + 1}/${ROUNDS} store ${ts.toFixed(2)} s, raw ${tr.toFixed(2)} s`);
      }
      return [tStore, tRaw];
    }

    // 1. N appends of one event each; 2. N more in batches of 100 (each batch to one stream).
    say(`appending ${N} single events …`);
    const [tSingle, tRawSingle] = await phase(singles, '1 event/append');
    say(`appending ${N} events in batches of 100 …`);
    const [tBatch, tRawBatch] = await phase(batches, '100 events/append');
    // The appends made are not kept for the reading phases (the heap the garbage collector walks is the store's).
    singles.length = 0;
    batches.length = 0;
    rows.push({ phase: 'store append, 1 event/append', events: N, seconds: tSingle });
    rows.push({ phase: 'store append, 100 events/append', events: N, seconds: tBatch });

    // 3. Read everything back in pages, each page dropped once counted — as the raw yardstick below
    // drops its rows, and as rebuild, verify and copy use readAll. Keeping 200,000 events to the end
    // made them outlive the young generation: the garbage collector's copying, a cost of the harness.
    // Then read once more, kept in one array, for the fold (timed too, reported apart).
    say('reading all back …');
    const readPages = async (each: (page: RecordedEvent[]) => void, upTo = Number.MAX_SAFE_INTEGER) => {
      let after = 0;
      while (after < upTo) {
        const page = await store.readAll({ after, maxCount: 5000 });
        if (page.length === 0) break;
        each(page);
        after = page.at(-1)!.globalPosition;
      }
    };
    // Both sides warm up first (their code compiled, the pages cached), untimed: 20,000 events each.
    const rawPage = raw.prepare('SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT 5000').raw(true);
    const WARM_UP = 20_000;
    await readPages(() => {}, WARM_UP);
    for (let after = 0; after < WARM_UP; after += 5000) {
      for (const r of rawPage.all(after) as unknown[][]) {
        JSON.parse(r[8] as string);
        JSON.parse(r[12] as string);
      }
    }
    const [readCount, tRead] = await timeAsync(async () => {
      let n = 0;
      await readPages((page) => (n += page.length));
      return n;
    });
    if (readCount !== 2 * N) throw new Error(`read ${readCount} events, expected ${2 * N}`);
    const [all, tReadKept] = await timeAsync(async () => {
      const out: RecordedEvent[] = [];
      await readPages((page) => {
        for (const e of page) out.push(e);
      });
      return out;
    });
    rows.push({ phase: 'store readAll (pages of 5000)', events: readCount, seconds: tRead });
    // The yardstick for reading: the same rows through raw better-sqlite3, in pages, data and actor parsed.
    const [rawCount, tRawRead] = time(() => {
      let n = 0;
      let after = 0;
      for (;;) {
        const page = rawPage.all(after) as unknown[][];
        if (page.length === 0) break;
        for (const r of page) {
          JSON.parse(r[8] as string);
          JSON.parse(r[12] as string);
        }
        n += page.length;
        after = page.at(-1)![0] as number;
      }
      return n;
    });
    // The driver's own ceiling: the same pages with nothing done to the rows (what any store on
    // better-sqlite3 must at least spend to read them).
    const [, tRawRows] = time(() => {
      let after = 0;
      for (;;) {
        const page = rawPage.all(after) as unknown[][];
        if (page.length === 0) break;
        after = page.at(-1)![0] as number;
      }
    });
    raw.close();
    storeFile.close();

    // 4. Fold through the task-status projection, primed with a stand-in PlanAdopted carrying the 15 tasks.
    const adopted = {
      ...all[0]!,
      type: 'PlanAdopted',
      streamId: `plan-${PLAN_ID}`,
      streamRevision: 0,
      globalPosition: 0,
      data: { plan: { id: PLAN_ID, tasks: TASK_CODES.map((code) => ({ code })) } },
    } as RecordedEvent;
    const [tasks, tFold] = time(() => new Map(TASK_CODES.map((code) => [code, foldKey(taskStatus, `${PLAN_ID}:${code}`, [adopted, ...all])!] as const)));
    if (tasks.size !== 15 || [...tasks.values()].some((t) => !t)) throw new Error('the fold did not see the 15 bench tasks');
    for (const [code, rec] of tasks) {
      const streamId = `task-${PLAN_ID}:${code}`;
      if (rec.revision !== streams.revision.get(streamId)! + 1 || rec.status !== streams.status.get(streamId)) {
        throw new Error(`fold disagrees on task ${code}`);
      }
    }
    rows.push({ phase: 'fold task-status', events: all.length, seconds: tFold });
    await store.close();

    rows.push({ phase: 'raw insert, 1 row/transaction', events: N, seconds: tRawSingle });
    rows.push({ phase: 'raw insert, 100 rows/transaction', events: N, seconds: tRawBatch });
    rows.push({ phase: 'raw read (pages of 5000, JSON parsed)', events: rawCount, seconds: tRawRead });
    rows.push({ phase: 'raw read, rows only (driver ceiling)', events: rawCount, seconds: tRawRows });
    rows.push({ phase: 'store readAll, all kept in one array', events: all.length, seconds: tReadKept });

    // Report.
    const rate = (r: Row) => r.events / r.seconds;
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log('');
    console.log(`${'phase'.padEnd(36)}${'events'.padStart(10)}${'seconds'.padStart(10)}${'events/s'.padStart(12)}`);
    for (const r of rows) {
      console.log(`${r.phase.padEnd(36)}${fmt(r.events).padStart(10)}${r.seconds.toFixed(2).padStart(10)}${fmt(rate(r)).padStart(12)}`);
    }
    const ratio = (a: Row, b: Row) => (rate(a) / rate(b)).toFixed(2);
    console.log('');
    console.log(
      `store/raw, single: ${ratio(rows[0]!, rows[4]!)}   store/raw, batches of 100: ${ratio(rows[1]!, rows[5]!)}   store/raw, readAll: ${ratio(rows[2]!, rows[6]!)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = postgres === false ? undefined : (postgres ?? ((await postgresReachable()) ? DEFAULT_BENCH_POSTGRES_URL : undefined));
  if (pgUrl) await benchPostgres({ url: pgUrl, events: Math.min(N, 2000) });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

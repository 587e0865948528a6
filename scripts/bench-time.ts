// Benchmark (not a test): the figures the read model is judged by, on a store shaped like a year of use.
//   npx tsx scripts/bench-time.ts [--events N] [--file path] [--keep] [--requests N] [--restarts K]
//                                 [--kind-seconds S] [--seed S]          (npm run bench:time -- …)
//
// 1. Generate N events (default 1 000 000) through the store API: ~N/4500 copies of the Wuhan plan
//    (bench-0001, bench-0002, …, PlanAdopted effective on the issue date), then TaskStatusChanged
//    events following the legal transitions, ~300 per task stream, appended ~50 per append, round-robin
//    over the streams, while a fake clock walks recordedAt through 2026; ~10% are late reports (their
//    effectiveAt days before recordedAt, never before the stream's previous effectiveAt).
//    --file reuses a generated file holding ≥ N events (otherwise it must not exist yet, or be empty).
// 2. `duban rebuild --store sqlite:<file>`: the events/s from its last line, if the command exists.
// 3. `duban serve --port 0`: first start, then restarts (spawn → the log line carrying `url`).
// 4. Sequential keep-alive reads over HTTP with random plan, task, asOf and validAt, and without them.
// 5. The server's VmRSS after the reads.
// 6. Baselines from the same run (shared machines move): an indexed point read with raw better-sqlite3
//    on the same file, and GET /health (the server's floor per request).
// 7. One table against the targets. It reports; it does not fail on a missed target (exit 0).
//    Exit 1 only when it cannot run (bad arguments, generation failing, the server not starting).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import cliProgress from 'cli-progress';
import { v7 as uuidv7 } from 'uuid';
import { readPlanFile } from '../src/app/plan/plan-adoption.ts';
import { startOf } from '../src/app/time.ts';
import { streams, type TaskStatusChangedData } from '../src/domain/events.ts';
import type { TaskStatus } from '../src/domain/task-status.ts';
import { transitions } from '../src/domain/task-status.ts';
import type { Actor, NewEvent } from '../src/store/event-store.ts';
import { SqliteEventStore } from '../src/store/sqlite-event-store.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'duban.js');
const TEMPLATE = join(ROOT, 'plans', 'wuhan-2023-p1.json');

const EVENTS_PER_STREAM = 300;
const EVENTS_PER_APPEND = 50;
const LATE_SHARE = 0.1;
const YEAR_START = Date.parse('2026-01-01T00:00:00.000Z');
const YEAR_END = Date.parse('2026-12-31T23:59:59.999Z');
const DAY = 86_400_000;
const ACTOR: Actor = { id: 'bench', role: 'office' };
const WARMUP = 50;

const TARGET = { readP95Ms: 50, restartS: 2, rssMb: 300, rebuildPerS: 100_000 };

/** A wrong argument or an unusable --file: said in one line, without a stack. */
class UsageError extends Error {}

interface Options {
  events: number;
  file: string | undefined;
  keep: boolean;
  requests: number;
  restarts: number;
  kindSeconds: number;
  seed: number;
}

const USAGE = `usage: npx tsx scripts/bench-time.ts [options]
  --events N         events in the store (default 1000000)
  --file PATH        use this SQLite file: reused if it holds >= N events, else generated into (must be new or empty)
  --keep             keep the temp dir with the generated store (its path is printed)
  --requests N       requests per read kind (default 1000)
  --restarts K       restarts measured, the last one serves the reads (default 3; the figure is their median)
  --kind-seconds S   stop a read kind after S seconds even if short of N requests (default 120)
  --seed S           random seed (default 1)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { events: 1_000_000, file: undefined, keep: false, requests: 1000, restarts: 3, kindSeconds: 120, seed: 1 };
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} wants an integer >= ${min}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.startsWith('--') && argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s, 2) : [argv[i]!, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--events':
        o.events = int(flag, value(), 1000);
        break;
      case '--file':
        o.file = resolve(value() ?? '');
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--requests':
        o.requests = int(flag, value(), 1);
        break;
      case '--restarts':
        o.restarts = int(flag, value(), 1);
        break;
      case '--kind-seconds':
        o.kindSeconds = int(flag, value(), 1);
        break;
      case '--seed':
        o.seed = int(flag, value(), 0);
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        throw new UsageError(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return o;
}

/** mulberry32: small, seeded, good enough to pick plans and phrases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const say = (s: string) => process.stderr.write(`${s}\n`);
const iso = (ms: number) => new Date(ms).toISOString();
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

// ---------------------------------------------------------------------------------------------
// 1. Generation

/** Reasons by the status a change goes to: a dozen phrases of the length real reports have. */
const REASONS: Record<'start' | 'reopen' | 'at_risk' | 'blocked' | 'completed', string[]> = {
  start: [
    '已完成年度目标的60%，正在推进项目签约',
    '协调会议已明确责任分工，各责任单位按月调度推进',
    '配套资金已拨付到位，项目恢复正常推进',
  ],
  reopen: ['市政协视察时指出部分成果尚未转化落地，重新列入督办', '满意度测评未达标，按整改要求重新办理'],
  at_risk: [
    '受原材料价格上涨影响，部分项目开工时间推迟，进度滞后于计划',
    '关键设备采购招标流标，需重新组织招标，存在延期风险',
    '指标完成率低于序时进度15个百分点，已约谈牵头单位',
  ],
  blocked: ['用地规划调整尚未获批，项目暂停施工，待市自然资源规划局审批', '合作方资金链紧张，协议签署暂缓，需市领导出面协调'],
  completed: ['年度目标任务已全部完成，经第三方评估验收合格', '各项指标均已达到或超过方案要求，已形成办理工作总结'],
};

/**
 * Where a task goes next, weighted: completing is rare and a completed task, having more reports to
 * come, is reopened; never cancelled (final). Checked against `transitions` below.
 */
const NEXT: Record<Exclude<TaskStatus, 'cancelled'>, [TaskStatus, number][]> = {
  not_started: [['in_progress', 1]],
  in_progress: [['at_risk', 0.6], ['blocked', 0.3], ['completed', 0.1]],
  at_risk: [['in_progress', 0.7], ['blocked', 0.25], ['completed', 0.05]],
  blocked: [['in_progress', 0.6], ['at_risk', 0.4]],
  completed: [['in_progress', 1]],
};
for (const [from, tos] of Object.entries(NEXT)) {
  for (const [to] of tos) {
    if (!transitions[from as TaskStatus].includes(to)) throw new Error(`bench bug: ${from} → ${to} is not a legal transition`);
  }
}

interface StreamState {
  planId: string;
  code: string;
  streamId: string;
  status: Exclude<TaskStatus, 'cancelled'>;
  revision: number; // -1: no stream yet
  lastEffective: number;
  remaining: number;
}

async function generate(file: string, N: number, seed: number): Promise<{ seconds: number; plans: number; appends: number }> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const template = await readPlanFile(TEMPLATE);
  const codes = template.tasks.map((t) => t.code);
  const effectiveAt = startOf(template.issuedOn, template.timeZone);
  const planCount = Math.max(1, Math.round(N / (codes.length * EVENTS_PER_STREAM + 1)));
  const taskEvents = N - planCount;
  const planIds = Array.from({ length: planCount }, (_, i) => `bench-${String(i + 1).padStart(4, '0')}`);

  const all: StreamState[] = [];
  for (const planId of planIds) {
    for (const code of codes) {
      all.push({ planId, code, streamId: streams.task(planId, code), status: 'not_started', revision: -1, lastEffective: Date.parse(effectiveAt), remaining: 0 });
    }
  }
  all.forEach((s, i) => (s.remaining = Math.floor(taskEvents / all.length) + (i < taskEvents % all.length ? 1 : 0)));
  const appends = all.reduce((n, s) => n + Math.ceil(s.remaining / EVENTS_PER_APPEND), 0);
  const step = (YEAR_END - YEAR_START) / Math.max(1, appends);

  let now = YEAR_START;
  const store = SqliteEventStore.open(file, { clock: () => new Date(now) });
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'generating [{bar}] {percentage}% {value}/{total} events {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(N, 0);
  let written = 0;
  let nextNote = 0.1;
  const progress = (n: number) => {
    written += n;
    bar?.update(written);
    if (!bar && written / N >= nextNote) {
      say(`  generated ${fmtInt(written)} / ${fmtInt(N)} events`);
      nextNote += 0.1;
    }
  };

  const t0 = performance.now();
  try {
    // The plans, all recorded at the start of the year, effective from their issue date.
    for (const planId of planIds) {
      const plan = { ...template, id: planId };
      await store.append(streams.plan(planId), [{ eventId: uuidv7(), type: 'PlanAdopted', planId, actor: ACTOR, effectiveAt, data: { plan } }], {
        expectedRevision: 'no_stream',
      });
      progress(1);
    }
    // The changes: round-robin over the task streams, one batch each per round, the clock moving on.
    let done = 0;
    for (let round = 0; all.some((s) => s.remaining > 0); round++) {
      for (const s of all) {
        if (s.remaining === 0) continue;
        const size = Math.min(EVENTS_PER_APPEND, s.remaining);
        now = Math.floor(YEAR_START + (done + 1) * step);
        // ~10% late reports, 1–20 days back but not before the stream's previous effectiveAt; sorted so
        // effectiveAt never decreases within the stream (the late ones of a batch come first).
        const effective: number[] = [];
        for (let i = 0; i < size; i++) {
          effective.push(random() < LATE_SHARE ? Math.max(s.lastEffective, Math.floor(now - (1 + random() * 19) * DAY)) : now);
        }
        effective.sort((a, b) => a - b);
        const batch: NewEvent[] = effective.map((eff) => {
          const from = s.status;
          let r = random();
          let to: TaskStatus = NEXT[from][0]![0];
          for (const [cand, w] of NEXT[from]) {
            if ((r -= w) < 0) {
              to = cand;
              break;
            }
          }
          const reasons = to === 'in_progress' ? (from === 'completed' ? REASONS.reopen : REASONS.start) : REASONS[to as 'at_risk' | 'blocked' | 'completed'];
          const data: TaskStatusChangedData = { taskCode: s.code, from, to, reason: pick(reasons) };
          if (to === 'completed') {
            data.evidence = { summary: `武科技〔2026〕${1 + Math.floor(random() * 200)}号 ${s.code} 任务验收报告及佐证材料`, links: [`doc-${s.planId}-${s.code}-${s.revision + 1}`] };
          }
          s.status = to as StreamState['status'];
          s.revision += 1;
          s.lastEffective = eff;
          return { eventId: uuidv7(), type: 'TaskStatusChanged', planId: s.planId, actor: ACTOR, data, ...(eff < now ? { effectiveAt: iso(eff) } : {}) };
        });
        const expected = s.revision - size; // the revision before this batch
        await store.append(s.streamId, batch, { expectedRevision: expected < 0 ? 'no_stream' : expected });
        s.remaining -= size;
        done += 1;
        progress(size);
      }
    }
  } finally {
    bar?.stop();
    await store.close();
  }
  return { seconds: (performance.now() - t0) / 1000, plans: planCount, appends };
}

// ---------------------------------------------------------------------------------------------
// What the file holds (whether generated now or reused)

interface PlanInfo {
  id: string;
  codes: string[];
  recordedAt: number;
  effectiveAt: number;
}

interface StoreInfo {
  events: number;
  plans: PlanInfo[];
  firstRecorded: number;
  lastRecorded: number;
  streamIds: string[];
}

function countEvents(file: string): number {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    return table ? (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

function inspect(file: string): StoreInfo {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    // plan-… streams through the (stream_id, stream_revision) index, not a scan of every event.
    const rows = db
      .prepare("SELECT plan_id, recorded_at, effective_at, data FROM events WHERE stream_id >= 'plan-' AND stream_id < 'plan.' AND type = 'PlanAdopted'")
      .all() as { plan_id: string; recorded_at: string; effective_at: string; data: string }[];
    const plans = rows.map((r) => ({
      id: r.plan_id,
      codes: (JSON.parse(r.data) as { plan: { tasks: { code: string }[] } }).plan.tasks.map((t) => t.code),
      recordedAt: Date.parse(r.recorded_at),
      effectiveAt: Date.parse(r.effective_at),
    }));
    const span = db.prepare('SELECT MIN(recorded_at) AS first, MAX(recorded_at) AS last FROM events').get() as { first: string; last: string };
    const streamIds = (db.prepare('SELECT DISTINCT stream_id FROM events').all() as { stream_id: string }[]).map((r) => r.stream_id);
    return { events, plans, firstRecorded: Date.parse(span.first), lastRecorded: Date.parse(span.last), streamIds };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Rebuild

type RebuildResult = { ok: true; events: number; seconds: number; rate: number; wall: number } | { ok: false; why: string };

function rebuild(file: string): RebuildResult {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'rebuild', '--store', `sqlite:${file}`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = (performance.now() - t0) / 1000;
  const firstLine = (s: string | null) => (s ?? '').trim().split('\n').find((l) => l.trim() !== '') ?? '';
  if (r.error) return { ok: false, why: r.error.message };
  if (r.status !== 0) return { ok: false, why: `exit ${r.status ?? r.signal}: ${firstLine(r.stderr) || firstLine(r.stdout)}` };
  const num = (s: string) => Number(s.replace(/[,_\s]/g, ''));
  const lines = r.stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const m = /rebuilt\s+([\d,_]+)\s+events\s+in\s+([\d.,]+)\s*s\s*\(\s*([\d.,_]+)\s+events\/s\s*\)/.exec(line);
    if (m) return { ok: true, events: num(m[1]!), seconds: num(m[2]!), rate: num(m[3]!), wall };
  }
  return { ok: false, why: `exit 0 but no "rebuilt <N> events in <S> s (<R> events/s)" line; last stdout line: ${lines[0] ?? ''}` };
}

// ---------------------------------------------------------------------------------------------
// 3. The server

interface Server {
  child: ChildProcess;
  url: string;
  seconds: number;
}

const children = new Set<ChildProcess>();

function startServer(file: string, timeoutMs: number): Promise<Server> {
  return new Promise((resolveStart, rejectStart) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--store', `sqlite:${file}`], {
      cwd: ROOT,
      // The reads are made as the office: the server issues this token on start if the store lacks it.
      env: { ...process.env, DUBAN_ADMIN_TOKEN: BENCH_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (tail.length > 20) tail.shift();
    };
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => rejectStart(new Error(`no "url" log line within ${timeoutMs / 1000} s; last output:\n${tail.join('\n')}`)));
    }, timeoutMs);
    // Both pipes are read to the end, so a chatty server never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (settled) return;
      keep(line);
      let url: unknown;
      try {
        url = (JSON.parse(line) as { url?: unknown }).url;
      } catch {
        return;
      }
      if (typeof url === 'string') settle(() => resolveStart({ child, url, seconds: (performance.now() - t0) / 1000 }));
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!settled) keep(line);
    });
    child.on('error', (err) => settle(() => rejectStart(err)));
    child.on('exit', (code, signal) =>
      settle(() => rejectStart(new Error(`the server exited (${code ?? signal}) before listening; last output:\n${tail.join('\n')}`))),
    );
  });
}

async function stopServer(child: ChildProcess, timeoutMs = 60_000): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const t0 = performance.now();
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`  the server did not exit within ${timeoutMs / 1000} s of SIGTERM: SIGKILL`);
    child.kill('SIGKILL');
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
  return (performance.now() - t0) / 1000;
}

function memory(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Reads over HTTP

interface Latency {
  name: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  nonOk: number;
  samples: string[];
  capped: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(name: string, times: number[], nonOk: number, samples: string[], capped: boolean): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, n: times.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), nonOk, samples, capped };
}

/** The office token the benchmark reads with (a fixed value, so a reused store already knows it). */
const BENCH_TOKEN = 'bench-office-token-not-a-secret-0123456789';

async function get(base: string, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  return { status: res.status, body: await res.text() };
}

async function measure(name: string, base: string, nextPath: () => string, requests: number, maxSeconds: number): Promise<Latency> {
  const times: number[] = [];
  const samples: string[] = [];
  let nonOk = 0;
  const start = performance.now();
  let capped = false;
  for (let i = 0; i < requests; i++) {
    if ((performance.now() - start) / 1000 > maxSeconds) {
      capped = true;
      break;
    }
    const path = nextPath();
    const t0 = performance.now();
    const { status, body } = await get(base, path);
    times.push(performance.now() - t0);
    if (status !== 200) {
      nonOk += 1;
      if (samples.length < 3) samples.push(`${status} GET ${path}: ${body.length > 400 ? `${body.slice(0, 400)}…` : body}`);
    }
  }
  const l = summarise(name, times, nonOk, samples, capped);
  say(`  ${name}: n=${l.n}${capped ? ` (stopped after ${maxSeconds} s)` : ''} p50 ${fmtMs(l.p50)} p95 ${fmtMs(l.p95)} p99 ${fmtMs(l.p99)} ms, non-200: ${nonOk}`);
  for (const s of samples) say(`    ${s}`);
  return l;
}

// ---------------------------------------------------------------------------------------------
// 6. Raw SQLite baseline

function sqliteBaseline(file: string, streamIds: string[], count: number, random: () => number): Latency {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY stream_revision DESC LIMIT 1');
    const pickStream = () => streamIds[Math.floor(random() * streamIds.length)]!;
    for (let i = 0; i < WARMUP; i++) stmt.get(pickStream());
    const times: number[] = [];
    let missing = 0;
    for (let i = 0; i < count; i++) {
      const id = pickStream();
      const t0 = performance.now();
      const row = stmt.get(id);
      times.push(performance.now() - t0);
      if (!row) missing += 1;
    }
    return summarise('raw SQLite point read', times, missing, [], false);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 7. The table

interface TableRow {
  metric: string;
  figure: string;
  target: string;
  met: string;
}

function printTable(rows: TableRow[]): void {
  const head: TableRow = { metric: 'metric', figure: 'figure', target: 'target', met: 'met?' };
  const w = (k: keyof TableRow) => Math.max(...[head, ...rows].map((r) => r[k].length));
  const line = (r: TableRow) => `| ${r.metric.padEnd(w('metric'))} | ${r.figure.padStart(w('figure'))} | ${r.target.padEnd(w('target'))} | ${r.met.padEnd(w('met'))} |`;
  console.log(line(head));
  console.log(`|${'-'.repeat(w('metric') + 2)}|${'-'.repeat(w('figure') + 2)}|${'-'.repeat(w('target') + 2)}|${'-'.repeat(w('met') + 2)}|`);
  for (const r of rows) console.log(line(r));
}

const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const random = rng(o.seed ^ 0x5bd1e995);
  const rows: TableRow[] = [];
  let dir: string | undefined;
  let server: Server | undefined;

  const cleanup = () => {
    for (const c of children) c.kill('SIGKILL');
    if (dir && !o.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  try {
    let file: string;
    if (o.file) {
      file = o.file;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'duban-bench-time-'));
      file = join(dir, 'duban.db');
    }
    console.log(`duban time benchmark: N = ${fmtInt(o.events)}, store ${file}${dir ? (o.keep ? ' (kept: --keep)' : ' (temp, removed at the end; --keep keeps it)') : ''}, node ${process.version}`);

    // 1. Generate (or reuse).
    const existing = countEvents(file);
    if (o.file && existing >= o.events) {
      console.log(`generate: reusing ${file}, which holds ${fmtInt(existing)} events`);
      rows.push({ metric: 'generate (store API, ~50 events/append)', figure: 'reused file', target: '', met: '' });
    } else {
      if (existing > 0) throw new UsageError(`${file} holds ${existing} events, fewer than --events ${o.events}: give a new --file path, or fewer --events`);
      say(`generating ${fmtInt(o.events)} events …`);
      const g = await generate(file, o.events, o.seed);
      const rate = o.events / g.seconds;
      console.log(
        `generate: ${fmtInt(o.events)} events (${g.plans} plans × 15 tasks, ${fmtInt(g.appends)} task appends) in ${g.seconds.toFixed(1)} s = ${fmtInt(rate)} events/s`,
      );
      rows.push({ metric: 'generate (store API, ~50 events/append)', figure: `${fmtInt(rate)} ev/s`, target: '', met: '' });
    }
    const info = inspect(file);
    if (info.plans.length === 0) throw new Error(`${file} holds no PlanAdopted event to read`);
    console.log(
      `store: ${fmtInt(info.events)} events, ${info.plans.length} plans, ${fmtInt(info.streamIds.length)} streams, recorded ${iso(info.firstRecorded)} → ${iso(info.lastRecorded)}`,
    );

    // 2. Rebuild.
    say('duban rebuild …');
    const rb = rebuild(file);
    if (rb.ok) {
      console.log(`rebuild: ${fmtInt(rb.events)} events in ${rb.seconds} s = ${fmtInt(rb.rate)} events/s (process wall time ${rb.wall.toFixed(2)} s)`);
      rows.push({ metric: 'rebuild', figure: `${fmtInt(rb.rate)} ev/s`, target: `>= ${fmtInt(TARGET.rebuildPerS)} ev/s`, met: yes(rb.rate >= TARGET.rebuildPerS) });
    } else {
      console.log(`rebuild: not available (${rb.why})`);
      rows.push({ metric: 'rebuild', figure: 'not available', target: `>= ${fmtInt(TARGET.rebuildPerS)} ev/s`, met: 'n/a' });
    }

    // 3. First start, then restarts; the last one stays up for the reads.
    say('first start …');
    try {
      server = await startServer(file, 30 * 60_000);
    } catch (err) {
      console.log(`first start: FAILED: ${(err as Error).message}`);
      rows.push({ metric: 'first start (spawn → listening)', figure: 'FAILED', target: '', met: '' });
      printTable(rows);
      return 1;
    }
    console.log(`first start: ${server.seconds.toFixed(2)} s, listening on ${server.url}`);
    const firstLabel = existing >= o.events && o.file ? 'first start of this run (file reused: may find its read model built)' : 'first start (spawn → listening)';
    rows.push({ metric: firstLabel, figure: `${server.seconds.toFixed(2)} s`, target: '', met: '' });
    const restarts: number[] = [];
    for (let i = 0; i < o.restarts; i++) {
      const stopped = await stopServer(server.child);
      say(`  stopped in ${stopped.toFixed(2)} s; restart ${i + 1}/${o.restarts} …`);
      try {
        server = await startServer(file, 30 * 60_000);
      } catch (err) {
        console.log(`restart: FAILED: ${(err as Error).message}`);
        rows.push({ metric: 'restart (spawn → listening)', figure: 'FAILED', target: `< ${TARGET.restartS} s`, met: 'NO' });
        printTable(rows);
        return 1;
      }
      restarts.push(server.seconds);
    }
    const restart = percentile([...restarts].sort((a, b) => a - b), 50);
    console.log(`restart: ${restarts.map((s) => s.toFixed(2)).join(', ')} s`);
    rows.push({
      metric: `restart (spawn → listening${o.restarts > 1 ? `, median of ${o.restarts}` : ''})`,
      figure: `${restart.toFixed(2)} s`,
      target: `< ${TARGET.restartS} s`,
      met: yes(restart < TARGET.restartS),
    });

    // 4. Reads.
    const base = server.url;
    const pickPlan = () => info.plans[Math.floor(random() * info.plans.length)]!;
    const between = (lo: number, hi: number) => lo + Math.floor(random() * Math.max(0, hi - lo + 1));
    /**
     * asOf after the plan's adoption (a 404 before it is right, and not what is measured); validAt in
     * [effective, asOf] — half of them within the recorded year, where the tasks' changes lie (before
     * it every task is still at its first state, the cheapest case).
     */
    const times = (p: PlanInfo) => {
      const asOf = between(Math.max(info.firstRecorded, p.recordedAt) + 1, info.lastRecorded);
      const validAt = random() < 0.5 ? between(p.effectiveAt, asOf) : between(info.firstRecorded, asOf);
      return `asOf=${encodeURIComponent(iso(asOf))}&validAt=${encodeURIComponent(iso(validAt))}`;
    };
    const code = (p: PlanInfo) => encodeURIComponent(p.codes[Math.floor(random() * p.codes.length)]!);
    const id = (p: PlanInfo) => encodeURIComponent(p.id);
    const kinds: { name: string; path: () => string }[] = [
      { name: 'GET /plans/{id}/tasks ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/tasks?${times(p)}`)(pickPlan()) },
      { name: 'GET /plans/{id}/tasks/{code} ?asOf&validAt', path: () => ((p) => `/plans/${id(p)}/tasks/${code(p)}?${times(p)}`)(pickPlan()) },
      { name: 'GET /audit ?planId&asOf&validAt&limit=100', path: () => ((p) => `/audit?planId=${id(p)}&${times(p)}&limit=100`)(pickPlan()) },
      { name: 'GET /plans/{id}/tasks (now)', path: () => `/plans/${id(pickPlan())}/tasks` },
      { name: 'GET /plans/{id}/tasks/{code} (now)', path: () => ((p) => `/plans/${id(p)}/tasks/${code(p)}`)(pickPlan()) },
      { name: 'GET /audit ?planId&limit=100 (now)', path: () => `/audit?planId=${id(pickPlan())}&limit=100` },
    ];
    // Warm-up: WARMUP requests over the kinds, or fewer if slow reads would make it drag on.
    const warmSeconds = Math.min(30, o.kindSeconds);
    say(`reads: up to ${WARMUP} warm-up requests (at most ${warmSeconds} s), then ${o.requests} per kind, sequential, keep-alive …`);
    const w0 = performance.now();
    let warm = 0;
    while (warm < WARMUP && (performance.now() - w0) / 1000 < warmSeconds) await get(base, kinds[warm++ % kinds.length]!.path());
    if (warm < WARMUP) say(`  warm-up cut at ${warm} requests after ${warmSeconds} s`);
    const reads: Latency[] = [];
    for (const k of kinds) reads.push(await measure(k.name, base, k.path, o.requests, o.kindSeconds));

    // 5. Memory after the reads.
    const mem = memory(server.child.pid!);

    // 6. Baselines: /health, then (server idle) a raw indexed point read on the same file.
    const health = await measure('GET /health', base, () => '/health', o.requests, o.kindSeconds);
    const raw = sqliteBaseline(file, info.streamIds, 1000, random);
    say(`  raw SQLite point read: p50 ${fmtMs(raw.p50)} p95 ${fmtMs(raw.p95)} p99 ${fmtMs(raw.p99)} ms`);
    const stopped = await stopServer(server.child);
    say(`  server stopped in ${stopped.toFixed(2)} s`);

    // 7. The table.
    for (const r of reads) {
      const n = r.n < o.requests ? ` (n=${r.n}${r.capped ? `, cut at ${o.kindSeconds} s` : ''})` : '';
      rows.push({ metric: `${r.name} p50${n}`, figure: `${fmtMs(r.p50)} ms`, target: '', met: '' });
      rows.push({ metric: `${r.name} p95`, figure: `${fmtMs(r.p95)} ms`, target: `< ${TARGET.readP95Ms} ms`, met: yes(r.p95 < TARGET.readP95Ms) });
      rows.push({ metric: `${r.name} p99`, figure: `${fmtMs(r.p99)} ms`, target: '', met: '' });
      rows.push({ metric: `${r.name} non-200`, figure: `${r.nonOk} / ${r.n}`, target: '0', met: yes(r.nonOk === 0) });
    }
    if (mem) {
      rows.push({ metric: 'server RSS after the reads (VmRSS)', figure: `${mem.rssMb.toFixed(0)} MB`, target: `< ${TARGET.rssMb} MB`, met: yes(mem.rssMb < TARGET.rssMb) });
      rows.push({ metric: 'server peak RSS since restart (VmHWM)', figure: `${mem.hwmMb.toFixed(0)} MB`, target: '', met: '' });
    } else {
      rows.push({ metric: 'server RSS after the reads (VmRSS)', figure: 'unreadable', target: `< ${TARGET.rssMb} MB`, met: 'n/a' });
    }
    rows.push({ metric: 'baseline: GET /health p50', figure: `${fmtMs(health.p50)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: GET /health p95', figure: `${fmtMs(health.p95)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: GET /health p99', figure: `${fmtMs(health.p99)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: raw SQLite latest-in-stream read p50', figure: `${fmtMs(raw.p50)} ms`, target: '', met: '' });
    rows.push({ metric: 'baseline: raw SQLite latest-in-stream read p95', figure: `${fmtMs(raw.p95)} ms`, target: '', met: '' });
    console.log('');
    printTable(rows);
    return 0;
  } finally {
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? `bench-time: ${err.message}` : err);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  },
);

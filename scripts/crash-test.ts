// The crash test: `duban serve` killed with SIGKILL in the middle of a steady stream of writes,
// again and again, and after each restart:
//  - every write answered 2xx is in the store exactly once, at the position it was acknowledged with
//    (each write carries its Idempotency-Key in its text, so it is found by that); a write in flight at
//    the kill is there at most once;
//  - the writes in flight at the kill, sent again with their keys once the dead process's hold on the
//    keys has lapsed (the server runs with --idempotency-hold 1), end up in the store once at most:
//    applied now when the kill lost them, refused when they were in (409 already-applied, or the change
//    no longer allowed) — never recorded twice;
//  - the last acknowledged writes sent again with their keys are replayed, not written twice;
//  - `duban verify` says intact: no gap in any stream's revisions, every hash and chain holds;
//  - the read model as the restarted server resumed it answers as a full rebuild does (the same reads,
//    at one fixed asOf/validAt, before and after `duban rebuild`).
//
//   npx tsx scripts/crash-test.ts [--kills 20] [--store <url>] [--rate 100] [--min-run-ms 1000]
//                                 [--max-run-ms 3000] [--rebuild-every 1] [--keep]
//
// --store takes any store URL; without it, a new SQLite file in a temp folder (removed afterwards
// unless --keep). Prints a table, one row per kill; exit 1 when a write was lost or anything failed.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { EventStore } from '../src/store/event-store.ts';
import { describeStore, openStore } from '../src/store/open-store.ts';
import { type ServedProcess, serveProcess } from './serve-process.ts';

const bin = fileURLToPath(new URL('../bin/duban.js', import.meta.url));
const run = promisify(execFile);

export interface CrashTestOptions {
  kills?: number;
  /** A store URL; default a new SQLite file in a temp folder. */
  store?: string;
  /** Writes started per second. Default 100. */
  rate?: number;
  /** The kill comes at a random moment this long after the writes begin. Defaults 1000 and 3000 ms. */
  minRunMs?: number;
  maxRunMs?: number;
  /** Compare the read model with a full rebuild after every k-th kill (and the last). Default 1. */
  rebuildEvery?: number;
  /** Keep the temp folder of the default store. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface KillRow {
  kill: number;
  /** How long the writes ran before the kill. */
  ranMs: number;
  /** Writes answered 2xx. */
  acked: number;
  /** Of those, found exactly once at their acknowledged position. */
  found: number;
  /** Writes without an answer when the server died, and how many of them are in the store (once). */
  inFlight: number;
  inFlightCommitted: number;
  /** Writes answered 4xx (a status change that raced another; not a loss). */
  refused: number;
  /** Writes in flight at the kill, sent again with their key: applied now / first response replayed / 409 already-applied / refused. */
  retried: { applied: number; replayed: number; already: number; refused: number };
  /** Acknowledged writes sent again with their key: replayed with the same position / tried. */
  replayed: string;
  verify: 'intact' | 'broken';
  readModel: 'same' | 'differs' | '-';
  problems: string[];
}

/** How long a request's key stays held after its process died, before a retry runs: short, for the test. */
const HOLD_SECONDS = 1;

/** `duban serve` on the store, the office token set; the last 200 log lines kept for a report. */
function startServer(storeUrl: string, token: string, dataDir: string): Promise<ServedProcess> {
  return serveProcess(
    { DUBAN_ADMIN_TOKEN: token, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', DUBAN_DATA_DIR: dataDir },
    { args: ['--store', storeUrl, '--idempotency-hold', String(HOLD_SECONDS)], maxLogLines: 200 },
  );
}

async function duban(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

interface Write {
  key: string;
  kind: 'status' | 'progress';
  path: string;
  body: unknown;
  task: string;
}

interface Ack extends Write {
  position: number;
}

interface PlanFacts {
  planId: string;
  tasks: { code: string; unitId: string }[];
}

class Client {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }
  async get(path: string): Promise<{ status: number; text: string }> {
    const res = await fetch(this.base + path, { headers: this.headers() });
    return { status: res.status, text: await res.text() };
  }
  async json(path: string): Promise<any> {
    const { status, text } = await this.get(path);
    if (status !== 200) throw new Error(`GET ${path} → ${status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  }
  post(write: Write): Promise<Response> {
    return fetch(this.base + write.path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': write.key }),
      body: JSON.stringify(write.body),
    });
  }
}

async function planFacts(client: Client): Promise<PlanFacts> {
  const plans = (await client.json('/plans')) as { items: { id: string }[] };
  const planId = plans.items[0]?.id;
  if (!planId) throw new Error('the store holds no plan');
  const plan = (await client.json(`/plans/${planId}`)) as { groups: { id: string; members: string[] }[]; tasks: { code: string; leadUnits: string[] }[] };
  const expand = (id: string) => plan.groups.find((g) => g.id === id)?.members[0] ?? id;
  return { planId, tasks: plan.tasks.map((t) => ({ code: t.code, unitId: expand(t.leadUnits[0]!) })) };
}

const MAX_IN_FLIGHT = 32;

/** Drives writes at a steady rate until stopped; one status change per task in flight at a time. */
class Driver {
  readonly acked: Ack[] = [];
  readonly pending = new Map<string, Write>();
  refused = 0;
  private readonly busy = new Set<string>();
  private readonly running: Promise<void>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private n = 0;

  constructor(
    private readonly client: Client,
    private readonly plan: PlanFacts,
    private readonly status: Map<string, string>,
    private readonly prefix: string,
  ) {}

  start(rate: number): void {
    this.timer = setInterval(() => this.fire(), Math.max(1, Math.round(1000 / rate)));
  }

  /** Stops starting writes; those in flight stay in flight. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Waits for every write started to end one way or another (after a kill: with a network error). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.running);
  }

  private next(): Write | null {
    const n = ++this.n;
    const key = `${this.prefix}-w${String(n).padStart(5, '0')}`;
    const p = `/plans/${this.plan.planId}`;
    const free = this.plan.tasks.filter((t) => !this.busy.has(t.code) && this.status.get(t.code) !== 'cancelled');
    if (n % 2 === 0 && free.length > 0) {
      const task = free[n % free.length]!;
      const to = this.status.get(task.code) === 'in_progress' ? 'at_risk' : 'in_progress';
      return { key, kind: 'status', task: task.code, path: `${p}/tasks/${task.code}/status`, body: { status: to, reason: `crash test ${key}` } };
    }
    const task = this.plan.tasks[n % this.plan.tasks.length]!;
    return {
      key,
      kind: 'progress',
      task: task.code,
      path: `${p}/tasks/${task.code}/progress`,
      body: { unitId: task.unitId, period: '2023-12', done: `crash test ${key}`, percentComplete: n % 101 },
    };
  }

  private fire(): void {
    // A server slower than the rate gets no more than this many writes at once, rather than a growing queue.
    if (this.pending.size >= MAX_IN_FLIGHT) return;
    const write = this.next();
    if (!write) return;
    if (write.kind === 'status') this.busy.add(write.task);
    this.pending.set(write.key, write);
    const done = (async () => {
      try {
        const res = await this.client.post(write);
        const text = await res.text();
        this.pending.delete(write.key);
        if (res.status >= 200 && res.status < 300) {
          const answer = JSON.parse(text) as { globalPosition: number; task?: { status: string } };
          this.acked.push({ ...write, position: answer.globalPosition });
          if (write.kind === 'status' && answer.task) this.status.set(write.task, answer.task.status);
        } else {
          this.refused += 1;
          if (write.kind === 'status') this.status.delete(write.task); // unknown now: looked up before the next round
        }
      } catch {
        // No answer (the server died): the write stays pending, its outcome unknown.
        if (write.kind === 'status') this.status.delete(write.task);
      } finally {
        if (write.kind === 'status') this.busy.delete(write.task);
      }
    })();
    this.running.push(done);
  }
}

const MARKER = /crash test (crash-[a-z0-9]+-k\d+-w\d+)/;

/** Marker → the positions of the events carrying it, over the events after a position. */
async function markersAfter(store: EventStore, after: number): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  for (let from = after; ; ) {
    const page = await store.readAll({ after: from, maxCount: 1000 });
    for (const e of page) {
      const m = MARKER.exec(JSON.stringify(e.data));
      if (m) found.set(m[1]!, [...(found.get(m[1]!) ?? []), e.globalPosition]);
    }
    if (page.length < 1000) break;
    from = page.at(-1)!.globalPosition;
  }
  return found;
}

/** Reads that cover the projections the writes touch, at one fixed instant so the answers compare. */
function reads(plan: PlanFacts, at: string): string[] {
  const p = `/plans/${plan.planId}`;
  const q = `asOf=${encodeURIComponent(at)}&validAt=${encodeURIComponent(at)}`;
  return [
    `${p}/tasks?${q}`,
    `${p}/tasks/${plan.tasks[0]!.code}?${q}`,
    `${p}/tasks/${plan.tasks[1]!.code}/history?${q}`,
    `${p}/scorecards?${q}`,
    `${p}/alerts?${q}`,
    `/audit?planId=${plan.planId}&${q}`,
  ];
}

async function readAnswers(client: Client, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const { status, text } = await client.get(path);
    out.push(`${status} ${text}`);
  }
  return out;
}

async function syncStatuses(client: Client, plan: PlanFacts, status: Map<string, string>): Promise<void> {
  const list = (await client.json(`/plans/${plan.planId}/tasks`)) as { items: { code: string; status: string }[] };
  for (const t of list.items) status.set(t.code, t.status);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashTest(options: CrashTestOptions = {}): Promise<{ rows: KillRow[]; ok: boolean; store: string }> {
  const kills = Math.max(1, Math.trunc(options.kills ?? 20));
  const rate = options.rate ?? 100;
  const minRunMs = options.minRunMs ?? 1000;
  const maxRunMs = Math.max(minRunMs, options.maxRunMs ?? 3000);
  const rebuildEvery = Math.max(1, Math.trunc(options.rebuildEvery ?? 1));
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = options.store ? null : mkdtempSync(join(tmpdir(), 'duban-crash-'));
  const storeUrl = options.store ?? `sqlite:${join(dir!, 'duban.db')}`;
  // A shared store's signing key and signed head (an embedded store keeps them beside its file): this run's own.
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-crash-data-'));
  const token = `dbn_${randomBytes(32).toString('base64url')}`;
  const runId = randomBytes(4).toString('hex');
  const rows: KillRow[] = [];
  let server: ServedProcess | null = null;
  let store: EventStore | null = null;
  log(`crash test: ${kills} kills of duban serve on ${describeStore(storeUrl)}, ${rate} writes/s`);
  try {
    server = await startServer(storeUrl, token, dataDir);
    store = await openStore(storeUrl, { onNotice: () => {} });
    let client = new Client(server.url, token);
    const plan = await planFacts(client);
    const status = new Map<string, string>();

    for (let kill = 1; kill <= kills; kill++) {
      await syncStatuses(client, plan, status);
      const before = await store.headPosition();
      const driver = new Driver(client, plan, status, `crash-${runId}-k${kill}`);
      const ranMs = minRunMs + Math.floor(Math.random() * (maxRunMs - minRunMs + 1));
      driver.start(rate);
      await sleep(ranMs);
      driver.stop();
      server.child.kill('SIGKILL');
      const killedAt = Date.now();
      await server.exited;
      await driver.settle();

      const problems: string[] = [];
      // Verify the store as the crash left it, while the server starts again (it writes nothing until asked).
      const [verified, restarted] = await Promise.all([
        duban(['verify', '--store', storeUrl], { DUBAN_DATA_DIR: dataDir }),
        startServer(storeUrl, token, dataDir),
      ]);
      server = restarted;
      const verify = verified.code === 0 && verified.stdout.startsWith('intact') ? 'intact' : 'broken';
      if (verify === 'broken') problems.push(`duban verify: exit ${verified.code}: ${(verified.stdout + verified.stderr).trim().slice(0, 300)}`);

      client = new Client(server.url, token);
      const markers = await markersAfter(store, before);
      let found = 0;
      for (const a of driver.acked) {
        const at = markers.get(a.key) ?? [];
        if (at.length === 1 && at[0] === a.position) found += 1;
        else problems.push(`${a.key} (${a.kind}) acknowledged at position ${a.position}: found at [${at.join(', ')}]`);
      }
      let inFlightCommitted = 0;
      for (const key of driver.pending.keys()) {
        const at = markers.get(key) ?? [];
        if (at.length === 1) inFlightCommitted += 1;
        if (at.length > 1) problems.push(`${key} (in flight at the kill) is in the store ${at.length} times: [${at.join(', ')}]`);
      }
      const known = new Set([...driver.acked.map((a) => a.key), ...driver.pending.keys()]);
      for (const [key, at] of markers) if (!known.has(key)) problems.push(`${key} is in the store (at [${at.join(', ')}]) but was never sent in this round`);

      // The writes in flight at the kill again, with their keys, once their hold has lapsed: each is in
      // the store once at most afterwards. One the kill lost is applied now (or refused, when a later
      // write made it illegal). One that was in gets its recorded response replayed when the kill came
      // after the response was recorded; else it runs again and is refused — 409 already-applied when it
      // would be recorded again (its ids come from its key), or a refusal when its change is no longer allowed.
      await sleep(Math.max(0, killedAt + HOLD_SECONDS * 1000 + 100 - Date.now()));
      const retried = { applied: 0, replayed: 0, already: 0, refused: 0 };
      for (const w of driver.pending.values()) {
        const res = await client.post(w);
        const text = await res.text();
        const wasIn = (markers.get(w.key) ?? []).length > 0;
        if (res.status < 300 && res.headers.get('idempotent-replayed') === 'true') {
          // Its response was recorded before the kill, only not sent: the first answer, replayed.
          retried.replayed += 1;
          if (!wasIn) problems.push(`${w.key} (${w.kind}, not in the store) sent again: a response replayed for a write that is not there`);
        } else if (res.status < 300) {
          retried.applied += 1;
          if (wasIn) problems.push(`${w.key} (${w.kind}, in the store before) sent again: applied again, ${res.status}`);
        } else if (res.status === 409 && text.includes('/problems/already-applied')) {
          retried.already += 1;
          if (!wasIn) problems.push(`${w.key} (${w.kind}, not in the store) sent again: 409 already-applied`);
        } else if (res.status < 500) retried.refused += 1;
        else problems.push(`${w.key} (${w.kind}) sent again: ${res.status} ${text.slice(0, 200)}`);
      }

      // The last acknowledged writes again, with their keys: replayed, nothing new written.
      const again = driver.acked.slice(-3);
      let replayed = 0;
      for (const a of again) {
        const res = await client.post(a);
        const text = await res.text();
        const answer = res.status < 300 ? (JSON.parse(text) as { globalPosition?: number }) : {};
        if (res.status < 300 && res.headers.get('idempotent-replayed') === 'true' && answer.globalPosition === a.position) replayed += 1;
        else problems.push(`${a.key} sent again: ${res.status} replayed=${res.headers.get('idempotent-replayed')} ${text.slice(0, 200)}`);
      }
      const head = await store.headPosition();
      // One read of the store after both rounds sent again.
      const after = await markersAfter(store, before);
      for (const key of driver.pending.keys()) {
        const at = after.get(key) ?? [];
        if (at.length > 1) problems.push(`${key} (in flight at the kill, then sent again) is in the store ${at.length} times: [${at.join(', ')}]`);
      }
      if (again.length > 0 && [...after.values()].some((at) => at.length > 1)) problems.push('a write sent again is in the store twice');

      let readModel: KillRow['readModel'] = '-';
      if (kill % rebuildEvery === 0 || kill === kills) {
        const at = new Date(Date.now() + 1000).toISOString(); // after every write so far, as both sides see them
        await sleep(1100);
        const paths = reads(plan, at);
        const resumed = await readAnswers(
          client,
          paths.map((p) => `${p}&minPosition=${head}`),
        );
        await server.stop();
        const rebuilt = await duban(['rebuild', '--store', storeUrl]);
        if (rebuilt.code !== 0) problems.push(`duban rebuild: exit ${rebuilt.code}: ${rebuilt.stderr.slice(0, 300)}`);
        server = await startServer(storeUrl, token, dataDir);
        client = new Client(server.url, token);
        const fresh = await readAnswers(
          client,
          paths.map((p) => `${p}&minPosition=${head}`),
        );
        readModel = resumed.every((r, i) => r === fresh[i]) ? 'same' : 'differs';
        resumed.forEach((r, i) => {
          if (r !== fresh[i]) problems.push(`${paths[i]}: the resumed read model answers ${r.slice(0, 160)}…, a rebuild ${fresh[i]!.slice(0, 160)}…`);
        });
        if (!resumed.every((r) => r.startsWith('200 ')))
          problems.push(`a read was not answered 200: ${resumed.find((r) => !r.startsWith('200 '))!.slice(0, 200)}`);
      }

      const row: KillRow = {
        kill,
        ranMs,
        acked: driver.acked.length,
        found,
        inFlight: driver.pending.size,
        inFlightCommitted,
        refused: driver.refused,
        retried,
        replayed: `${replayed}/${again.length}`,
        verify,
        readModel,
        problems,
      };
      rows.push(row);
      log(formatRow(row));
      for (const p of problems.slice(0, 10)) log(`  problem: ${p}`);
    }
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await store?.close();
    if (dir && !options.keep) rmSync(dir, { recursive: true, force: true });
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
  return { rows, ok: rows.length === kills && rows.every((r) => r.problems.length === 0), store: storeUrl };
}

const COLUMNS = [
  'kill',
  'ran ms',
  'acked',
  'found',
  'in flight',
  'of them stored',
  'refused',
  'sent again: new/replay/already/no',
  'replayed',
  'verify',
  'read model',
];

function cells(r: KillRow): string[] {
  return [
    r.kill,
    r.ranMs,
    r.acked,
    r.found,
    r.inFlight,
    r.inFlightCommitted,
    r.refused,
    `${r.retried.applied}/${r.retried.replayed}/${r.retried.already}/${r.retried.refused}`,
    r.replayed,
    r.verify,
    r.readModel,
  ].map(String);
}

function formatRow(r: KillRow): string {
  return cells(r)
    .map((c, i) => c.padStart(COLUMNS[i]!.length))
    .join('  ');
}

export function formatTable(rows: KillRow[]): string {
  const lines = [COLUMNS.join('  '), ...rows.map(formatRow)];
  const total = rows.reduce(
    (s, r) => ({
      acked: s.acked + r.acked,
      found: s.found + r.found,
      inFlight: s.inFlight + r.inFlight,
      stored: s.stored + r.inFlightCommitted,
      applied: s.applied + r.retried.applied,
      replayed: s.replayed + r.retried.replayed,
      already: s.already + r.retried.already,
      refused: s.refused + r.retried.refused,
    }),
    { acked: 0, found: 0, inFlight: 0, stored: 0, applied: 0, replayed: 0, already: 0, refused: 0 },
  );
  lines.push(
    `total: ${total.acked} writes acknowledged, ${total.found} found exactly once where acknowledged; ${total.inFlight} in flight at a kill, ${total.stored} of them stored (once); ` +
      `sent again: ${total.applied} applied then, ${total.replayed} answered with their recorded response, ${total.already} answered already-applied, ${total.refused} refused`,
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
  const result = await runCrashTest({
    kills: num('--kills') ?? 20,
    store: arg('--store'),
    rate: num('--rate'),
    minRunMs: num('--min-run-ms'),
    maxRunMs: num('--max-run-ms'),
    rebuildEvery: num('--rebuild-every'),
    keep: argv.includes('--keep'),
  });
  console.log(formatTable(result.rows));
  console.log(result.ok ? 'no write lost, nothing half-written, the read model equals a rebuild, verify intact' : 'FAILED: see the problems above');
  process.exitCode = result.ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

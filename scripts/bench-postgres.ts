// Benchmark of the PostgreSQL event store against a peer (not a test):
//   npx tsx scripts/bench-postgres.ts [--postgres URL] [--events N]
// or benchPostgres() from scripts/bench-store.ts --postgres URL.
//
// On fresh schemas (dropped at the end): N sequential single-event appends over 15 task streams
// (each with the right expectedRevision), N more in batches of 100, then everything read back with
// readAll in pages of 5000. The peer baseline, in the same run on the same server: Emmett's PostgreSQL
// store (@event-driven-io/emmett-postgresql 0.42.0). It cannot be a project dependency (its peer wants
// commander 12), so it is installed on demand under .bench/emmett (git-ignored) and imported from there;
// its tables go to their own schema through the connection's search_path. A second baseline, raw pg:
// the same rows INSERTed into a table with the same columns and indexes, one prepared statement per
// commit, with no checks, no lock and no hashing: the floor of any durable sequential append on this
// server (mostly its WAL flush), so a run shows how far any store could get ahead of Emmett. The three
// take turns in rounds, so a slow patch of the machine does not land on one side only.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import type { NewEvent } from '../src/store/event-store.ts';
import { quoteIdent } from '../src/store/postgres/migrations.ts';
import { PostgresEventStore } from '../src/store/postgres-event-store.ts';

export const DEFAULT_BENCH_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const EMMETT = '@event-driven-io/emmett-postgresql@0.42.0';
const ROUNDS = 5;
const STREAMS = 15;
const WARM_UP = 1000;

export interface PostgresBenchOptions {
  url?: string;
  /** Events per phase (single appends, then as many in batches of 100). Default 2000. */
  events?: number;
  /** Also time single appends with synchronous_commit=off on both sides (not durable). Default true. */
  asyncCommit?: boolean;
  /** Where to say progress; default stderr. */
  say?: (line: string) => void;
}

export interface PostgresBenchRow {
  store: 'duban' | 'emmett' | 'raw pg';
  phase: 'single' | 'singleAsync' | 'batch100' | 'readAll';
  events: number;
  seconds: number;
}

export interface PostgresBenchResult {
  rows: PostgresBenchRow[];
  /** duban / Emmett, sequential single appends; undefined when the baseline was unavailable. */
  singleRatio?: number;
  /** The same with synchronous_commit=off on both sides: what each costs beyond the WAL flush. */
  singleAsyncRatio?: number;
  /** raw pg / Emmett, sequential single appends: the most any store could reach in this run. */
  rawSingleRatio?: number;
  emmettUnavailable?: string;
}

/** Whether a PostgreSQL server answers at the URL (for bench-store's default). */
export async function postgresReachable(url: string = DEFAULT_BENCH_POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Installs Emmett under .bench/emmett if it is not there, and imports it; throws with the reason otherwise. */
async function loadEmmett(): Promise<{ emmett: any; dumbo: any }> {
  const prefix = join(repoRoot, '.bench', 'emmett');
  const modules = join(prefix, 'node_modules', '@event-driven-io');
  const entry = join(modules, 'emmett-postgresql', 'dist', 'index.js');
  if (!existsSync(entry)) {
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, EMMETT], { stdio: 'pipe' });
  }
  const emmett = await import(pathToFileURL(entry).href);
  const dumbo = await import(pathToFileURL(join(modules, 'dumbo', 'dist', 'index.js')).href);
  return { emmett, dumbo };
}

/** The URL with the session's search_path set to the schema (Emmett's tables go there). */
function withSearchPath(url: string, schema: string): string {
  return withOption(url, `search_path=${schema}`);
}

/** The URL with one more server setting for its sessions (libpq's options=-c name=value). */
function withOption(url: string, setting: string): string {
  const u = new URL(url);
  const before = u.searchParams.get('options');
  u.searchParams.set('options', `${before ? `${before} ` : ''}-c ${setting}`);
  return u.toString();
}

interface Plan {
  singles: { streamId: string; expected: number; event: NewEvent }[];
  batches: { streamId: string; expected: number; events: NewEvent[] }[];
}

function makePlan(n: number): Plan {
  const revision = new Map<string, number>();
  const event = (i: number): NewEvent => ({
    eventId: randomUUID(),
    type: 'TaskStatusChanged',
    planId: 'bench',
    actor: { id: 'kjj-reporter', role: 'unit_reporter', unitId: 'kjj' },
    data: { taskCode: `${1 + (i % STREAMS)}`, from: 'in_progress', to: 'at_risk', reason: '市科技局：配套资金未到位，进度滞后于计划' },
  });
  const singles: Plan['singles'] = [];
  for (let i = 0; i < n; i++) {
    const streamId = `task-bench:${i % STREAMS}`;
    const rev = revision.get(streamId) ?? -1;
    singles.push({ streamId, expected: rev, event: event(i) });
    revision.set(streamId, rev + 1);
  }
  const batches: Plan['batches'] = [];
  for (let i = 0; i < n; i += 100) {
    const streamId = `task-bench:${(i / 100) % STREAMS}`;
    const rev = revision.get(streamId) ?? -1;
    const size = Math.min(100, n - i);
    batches.push({ streamId, expected: rev, events: Array.from({ length: size }, (_, j) => event(i + j)) });
    revision.set(streamId, rev + size);
  }
  return { singles, batches };
}

const RAW_HASH = 'a'.repeat(64);

/** The raw baseline: one INSERT per commit into a table like duban's events, positions counted here. */
class RawPg {
  private position = 0;
  private constructor(
    private readonly client: pg.Client,
    private readonly table: string,
  ) {}

  static async open(url: string, schema: string, create: boolean): Promise<RawPg> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const table = `${quoteIdent(schema)}.events`;
    if (create) {
      await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
      await client.query(`CREATE TABLE ${table} (
        global_position bigint PRIMARY KEY, event_id text NOT NULL UNIQUE, stream_id text NOT NULL,
        stream_revision integer NOT NULL, type text NOT NULL, plan_id text NOT NULL, recorded_at text NOT NULL,
        effective_at text NOT NULL, actor json NOT NULL, correlation_id text NOT NULL, causation_id text,
        schema_version integer NOT NULL, data json NOT NULL, hash text NOT NULL, prev_hash text,
        UNIQUE (stream_id, stream_revision))`);
      await client.query(`CREATE INDEX ON ${table} (recorded_at, global_position)`);
    }
    const raw = new RawPg(client, table);
    raw.position = Number((await client.query(`SELECT COALESCE(max(global_position), 0) AS p FROM ${table}`)).rows[0].p);
    return raw;
  }

  async append(streamId: string, expected: number, e: NewEvent): Promise<void> {
    const at = new Date().toISOString();
    await this.client.query({
      name: 'raw_insert',
      text: `INSERT INTO ${this.table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      values: [
        ++this.position,
        e.eventId,
        streamId,
        expected + 1,
        e.type,
        e.planId,
        at,
        at,
        JSON.stringify(e.actor),
        e.eventId,
        null,
        1,
        JSON.stringify(e.data),
        RAW_HASH,
        expected >= 0 ? RAW_HASH : null,
      ],
    });
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export async function benchPostgres(options: PostgresBenchOptions = {}): Promise<PostgresBenchResult> {
  const url = options.url ?? DEFAULT_BENCH_POSTGRES_URL;
  const n = options.events ?? 2000;
  const say = options.say ?? ((s: string) => process.stderr.write(`${s}\n`));
  const tag = randomBytes(4).toString('hex');
  const ourSchema = `duban_bench_${tag}`;
  const emmettSchema = `duban_bench_emmett_${tag}`;
  const rawSchema = `duban_bench_raw_${tag}`;
  const rows: PostgresBenchRow[] = [];
  const result: PostgresBenchResult = { rows };

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const ours = await PostgresEventStore.open(url, { schema: ourSchema });
  const raw = await RawPg.open(url, rawSchema, true);
  let emmettStore: any;
  let emmettPool: any;
  let emmettLib: any;
  try {
    try {
      const { emmett, dumbo } = await loadEmmett();
      emmettLib = emmett;
      await admin.query(`CREATE SCHEMA ${quoteIdent(emmettSchema)}`);
      const connectionString = withSearchPath(url, emmettSchema);
      emmettPool = dumbo.dumbo({ connectionString });
      emmettStore = emmett.getPostgreSQLEventStore(connectionString, { connectionOptions: { dumbo: emmettPool } });
      await emmettStore.schema.migrate();
    } catch (err) {
      const why = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').at(-1) || (err as Error).message;
      result.emmettUnavailable = why;
      console.log(`Emmett baseline unavailable: ${why}`);
      emmettStore = undefined;
    }

    // A warm-up, not timed, on streams of its own: both sides' code is compiled and their statements
    // prepared before the clock starts, so the figures compare steady states, not start-up costs.
    const warm = makePlan(WARM_UP);
    for (const a of warm.singles) await ours.append(`warm-${a.streamId}`, [a.event], { expectedRevision: a.expected });
    if (emmettStore) {
      for (const a of makePlan(WARM_UP).singles) {
        await emmettStore.appendToStream(`warm-${a.streamId}`, [{ type: a.event.type, data: a.event.data }], {
          expectedStreamVersion: BigInt(a.expected + 1),
        });
      }
    }
    for (const a of makePlan(WARM_UP).singles) await raw.append(`warm-${a.streamId}`, a.expected, a.event);
    say(`  warmed up (${WARM_UP} appends each)`);

    const ourPlan = makePlan(n);
    const emmettPlan = makePlan(n);
    const rawPlan = makePlan(n);
    const per = Math.ceil(n / ROUNDS);
    const perBatches = Math.ceil(ourPlan.batches.length / ROUNDS);
    const t = { single: [0, 0, 0], batch100: [0, 0] };
    for (let r = 0; r < ROUNDS; r++) {
      const ourChunk = ourPlan.singles.slice(r * per, (r + 1) * per);
      t.single[0]! += await timed(async () => {
        for (const a of ourChunk) await ours.append(a.streamId, [a.event], { expectedRevision: a.expected });
      });
      if (emmettStore) {
        const chunk = emmettPlan.singles.slice(r * per, (r + 1) * per);
        t.single[1]! += await timed(async () => {
          for (const a of chunk) {
            await emmettStore.appendToStream(a.streamId, [{ type: a.event.type, data: a.event.data }], {
              expectedStreamVersion: BigInt(a.expected + 1),
            });
          }
        });
      }
      const rawChunk = rawPlan.singles.slice(r * per, (r + 1) * per);
      t.single[2]! += await timed(async () => {
        for (const a of rawChunk) await raw.append(a.streamId, a.expected, a.event);
      });
      say(`  single appends: round ${r + 1}/${ROUNDS}`);
    }
    for (let r = 0; r < ROUNDS; r++) {
      const ourChunk = ourPlan.batches.slice(r * perBatches, (r + 1) * perBatches);
      t.batch100[0]! += await timed(async () => {
        for (const a of ourChunk) await ours.append(a.streamId, a.events, { expectedRevision: a.expected });
      });
      if (emmettStore) {
        const chunk = emmettPlan.batches.slice(r * perBatches, (r + 1) * perBatches);
        t.batch100[1]! += await timed(async () => {
          for (const a of chunk) {
            await emmettStore.appendToStream(
              a.streamId,
              a.events.map((e) => ({ type: e.type, data: e.data })),
              { expectedStreamVersion: BigInt(a.expected + 1) },
            );
          }
        });
      }
      say(`  batches of 100: round ${r + 1}/${ROUNDS}`);
    }
    // The same again with synchronous_commit=off on both sides: a WAL flush per commit (a few ms on
    // an ordinary disk) is the floor of any durable sequential append, and hides what the stores
    // themselves cost per append (round trips, server work). Not durable: measured, never the default.
    if (options.asyncCommit ?? true) {
      const oursAsync = await PostgresEventStore.open(withOption(url, 'synchronous_commit=off'), { schema: ourSchema });
      const emmettAsync = emmettStore
        ? emmettLib.getPostgreSQLEventStore(withOption(withSearchPath(url, emmettSchema), 'synchronous_commit=off'), {
            schema: { autoMigration: 'None' },
          })
        : undefined;
      const rawAsync = await RawPg.open(withOption(url, 'synchronous_commit=off'), rawSchema, false);
      try {
        const a = makePlan(n);
        const b = makePlan(n);
        const c = makePlan(n);
        const tA = [0, 0, 0];
        for (let r = 0; r < ROUNDS; r++) {
          const ourChunk = a.singles.slice(r * per, (r + 1) * per);
          tA[0]! += await timed(async () => {
            for (const x of ourChunk) await oursAsync.append(`async-${x.streamId}`, [x.event], { expectedRevision: x.expected });
          });
          if (emmettAsync) {
            const chunk = b.singles.slice(r * per, (r + 1) * per);
            tA[1]! += await timed(async () => {
              for (const x of chunk) {
                await emmettAsync.appendToStream(`async-${x.streamId}`, [{ type: x.event.type, data: x.event.data }], {
                  expectedStreamVersion: BigInt(x.expected + 1),
                });
              }
            });
          }
          const rawChunk = c.singles.slice(r * per, (r + 1) * per);
          tA[2]! += await timed(async () => {
            for (const x of rawChunk) await rawAsync.append(`async-${x.streamId}`, x.expected, x.event);
          });
          say(`  single appends, synchronous_commit=off: round ${r + 1}/${ROUNDS}`);
        }
        rows.push({ store: 'duban', phase: 'singleAsync', events: n, seconds: tA[0]! });
        if (emmettAsync) rows.push({ store: 'emmett', phase: 'singleAsync', events: n, seconds: tA[1]! });
        rows.push({ store: 'raw pg', phase: 'singleAsync', events: n, seconds: tA[2]! });
      } finally {
        await oursAsync.close();
        await rawAsync.close();
        if (emmettAsync) await emmettAsync.close().catch(() => {});
      }
    }
    rows.push({ store: 'duban', phase: 'single', events: n, seconds: t.single[0]! });
    rows.push({ store: 'duban', phase: 'batch100', events: n, seconds: t.batch100[0]! });
    if (emmettStore) {
      rows.push({ store: 'emmett', phase: 'single', events: n, seconds: t.single[1]! });
      rows.push({ store: 'emmett', phase: 'batch100', events: n, seconds: t.batch100[1]! });
    }
    rows.push({ store: 'raw pg', phase: 'single', events: n, seconds: t.single[2]! });

    let read = 0;
    const tRead = await timed(async () => {
      let after = 0;
      for (;;) {
        const page = await ours.readAll({ after, maxCount: 5000 });
        if (page.length === 0) break;
        read += page.length;
        after = page.at(-1)!.globalPosition;
      }
    });
    const expected = ((options.asyncCommit ?? true) ? 3 : 2) * n + WARM_UP;
    if (read !== expected) throw new Error(`duban read ${read} events, expected ${expected}`);
    rows.push({ store: 'duban', phase: 'readAll', events: read, seconds: tRead });
    if (emmettStore) {
      let readE = 0;
      const tReadE = await timed(async () => {
        let after = 0n;
        for (;;) {
          const page = await emmettLib.readMessagesBatch(emmettPool.execute, { after, batchSize: 5000 });
          const messages = page.messages as { metadata: { globalPosition: bigint } }[];
          if (messages.length === 0) break;
          readE += messages.length;
          after = messages.at(-1)!.metadata.globalPosition;
        }
      });
      rows.push({ store: 'emmett', phase: 'readAll', events: readE, seconds: tReadE });
    }
  } finally {
    await ours.close();
    await raw.close();
    if (emmettStore) await emmettStore.close().catch(() => {});
    if (emmettPool) await emmettPool.close?.().catch?.(() => {});
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(ourSchema)} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(emmettSchema)} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(rawSchema)} CASCADE`);
    await admin.end();
  }

  const rate = (r: PostgresBenchRow) => r.events / r.seconds;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log('');
  console.log(`PostgreSQL event stores, ${url.replace(/:[^/@:]*@/, ':***@')}, N = ${n}`);
  console.log(`${'store'.padEnd(8)}${'phase'.padEnd(30)}${'events'.padStart(10)}${'seconds'.padStart(10)}${'events/s'.padStart(12)}`);
  const label = {
    single: '1 event/append (sequential)',
    singleAsync: '1 event/append, sync_commit off',
    batch100: '100 events/append',
    readAll: 'readAll (pages of 5000)',
  };
  for (const r of rows) {
    console.log(
      `${r.store.padEnd(8)}${label[r.phase].padEnd(30)}${fmt(r.events).padStart(10)}${r.seconds.toFixed(2).padStart(10)}${fmt(rate(r)).padStart(12)}`,
    );
  }
  const find = (store: string, phase: string) => rows.find((r) => r.store === store && r.phase === phase);
  const oursSingle = find('duban', 'single');
  const theirsSingle = find('emmett', 'single');
  if (oursSingle && theirsSingle) {
    result.singleRatio = rate(oursSingle) / rate(theirsSingle);
    const batch = rate(find('duban', 'batch100')!) / rate(find('emmett', 'batch100')!);
    const readRatio = rate(find('duban', 'readAll')!) / rate(find('emmett', 'readAll')!);
    console.log('');
    const asyncOurs = find('duban', 'singleAsync');
    const asyncTheirs = find('emmett', 'singleAsync');
    if (asyncOurs && asyncTheirs) result.singleAsyncRatio = rate(asyncOurs) / rate(asyncTheirs);
    const rawSingle = find('raw pg', 'single')!;
    result.rawSingleRatio = rate(rawSingle) / rate(theirsSingle);
    console.log(
      `duban/Emmett: single appends ${result.singleRatio.toFixed(2)} (target >= 2), batches of 100 ${batch.toFixed(2)}, readAll ${readRatio.toFixed(2)}` +
        (result.singleAsyncRatio === undefined ? '' : `; single appends with synchronous_commit=off ${result.singleAsyncRatio.toFixed(2)}`),
    );
    console.log(
      `raw pg/Emmett, single appends: ${result.rawSingleRatio.toFixed(2)} (the most any store could reach here); ` +
        `duban/raw pg ${(rate(oursSingle) / rate(rawSingle)).toFixed(2)}`,
    );
  }
  return result;
}

function parseArgs(argv: string[]): { url: string; events: number } {
  let url = DEFAULT_BENCH_POSTGRES_URL;
  let events = 2000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--postgres') url = argv[++i] ?? url;
    else if (a.startsWith('--postgres=')) url = a.slice('--postgres='.length);
    else if (a === '--events') events = Number(argv[++i]);
    else if (a.startsWith('--events=')) events = Number(a.slice('--events='.length));
    else throw new Error(`unknown argument ${a}; usage: npx tsx scripts/bench-postgres.ts [--postgres URL] [--events N]`);
  }
  if (!Number.isSafeInteger(events) || events < 100) throw new Error(`--events wants an integer >= 100`);
  return { url, events };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url, events } = parseArgs(process.argv.slice(2));
  benchPostgres({ url, events }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

// HTTP write benchmark (not a test):  npm run bench:http -- [--seconds 10] [--connections 15] [--profile DIR]
//
// Starts duban as it runs in production (`node bin/duban.js serve`, its own process, an ephemeral
// port) on a temp SQLite store that adopts the bundled Wuhan plan, with an office token, and drives
// it with autocannon. First the yardstick, GET /health at the same concurrency; then the writes:
// each connection owns one of the plan's 15 tasks and changes its status back and forth
// (not_started → in_progress, then at_risk ↔ in_progress), the next request as soon as the last is
// answered. Prints writes/s, latency p50/p95/p99 and non-2xx counts; at the end the server is stopped
// and the store counted: every 2xx must be an event on disk (each is answered after its fsync).
// --profile DIR runs the server with --cpu-prof, writing the profile into DIR on stop; --trace loads
// scripts/server-trace.mjs into the server and prints what the client cannot see: the writes' time
// inside the server (the rest of the client's figure is queueing before the loop reads the request),
// the garbage collector's pauses and the event loop's delay; --server-dir
// CHECKOUT runs another checkout's duban (e.g. an older commit's, for before/after figures);
// The server gets the Node flags npm start gives it (DUBAN_NODE_FLAGS); BENCH_NODE_ARGS="--max-semi-space-size=64"
// (say) passes more, after them. --instances N runs N servers on the one store file (the first starts
// alone and adopts the plan), the connections dealt among them: several processes on one SQLite file.
// The baseline, measured in the same run unless --no-floor: the same writes against
// scripts/bench-http-floor.mjs, plain node:http and better-sqlite3 making only the durable group-
// committed insert — what this machine and client give when a server does nothing else.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { percentile } from './percentile.ts';
import { DUBAN_NODE_FLAGS, type ServedProcess, serveProcess } from './serve-process.ts';

interface Args {
  seconds: number;
  connections: number;
  profile?: string;
  /** Skip the GET /health yardstick (to profile the writes alone). */
  noHealth: boolean;
  /** Another checkout whose duban to run (to compare before and after); default this one. */
  serverDir?: string;
  /** Load scripts/server-trace.mjs into the server and report its figures. */
  trace: boolean;
  /** Servers on the one store, the connections dealt among them. */
  instances: number;
  /** Skip the baseline (scripts/bench-http-floor.mjs). */
  noFloor: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 10, connections: 15, noHealth: false, trace: false, instances: 1, noFloor: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--seconds') args.seconds = Number(value());
    else if (flag === '--connections') args.connections = Number(value());
    else if (flag === '--profile') args.profile = resolve(value());
    else if (flag === '--no-health') args.noHealth = true;
    else if (flag === '--no-floor') args.noFloor = true;
    else if (flag === '--trace') args.trace = true;
    else if (flag === '--instances') args.instances = Number(value());
    else if (flag === '--server-dir') args.serverDir = resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log(
        'usage: npm run bench:http -- [--seconds 10] [--connections 15 (at most 15, a task each)] [--profile DIR] [--no-health] [--no-floor] [--trace] [--instances 1] [--server-dir CHECKOUT]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!(args.seconds > 0)) throw new Error('--seconds wants a number above 0');
  if (!Number.isInteger(args.connections) || args.connections < 1 || args.connections > 15) {
    throw new Error('--connections wants 1 to 15: each connection changes a task of its own, and the plan has 15');
  }
  if (!Number.isInteger(args.instances) || args.instances < 1 || args.instances > args.connections) {
    throw new Error('--instances wants 1 up to the number of connections: each server gets one at least');
  }
  return args;
}

const PLAN = JSON.parse(readFileSync(new URL('../plans/wuhan-2023-p1.json', import.meta.url), 'utf8')) as { id: string; tasks: { code: string }[] };

const TRACE_PRELOAD = fileURLToPath(new URL('./server-trace.mjs', import.meta.url));

/** Starts `duban serve` (this checkout's, or another's) on a temp store, the office token set. */
function startServer(dir: string, token: string, profile?: string, serverDir?: string, trace?: string): Promise<ServedProcess> {
  return serveProcess(
    { DUBAN_ADMIN_TOKEN: token, ...(trace ? { DUBAN_BENCH_TRACE: trace } : {}) },
    {
      args: ['--store', `sqlite:${join(dir, 'duban.db')}`],
      nodeArgs: [
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
        ...(trace ? ['--import', TRACE_PRELOAD] : []),
        ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ],
      ...(serverDir ? { bin: join(serverDir, 'bin', 'duban.js'), cwd: serverDir } : {}),
      maxLogLines: 200,
      inheritStderr: true,
    },
  );
}

const FLOOR_SERVER = fileURLToPath(new URL('./bench-http-floor.mjs', import.meta.url));

/** A server the benchmark drives: where it listens, and its process (for its CPU time). */
type Driven = Pick<ServedProcess, 'url' | 'child'>;

/** Starts the baseline server (scripts/bench-http-floor.mjs) on its own file in `dir`. */
function startFloor(dir: string, token: string): Promise<Driven & { stop(): Promise<number | null> }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...DUBAN_NODE_FLAGS, FLOOR_SERVER, join(dir, 'floor.db')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BENCH_TOKEN: token },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    exited.then(
      (code) => fail(new Error(`the baseline server exited (${code}) before it listened`)),
      () => {},
    );
    child.stdout!.once('data', (chunk: Buffer) => {
      const url = (JSON.parse(chunk.toString('utf8').split('\n')[0]!) as { url: string }).url;
      const stop = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      };
      done({ url, child, stop });
    });
  });
}

/** The server's CPU seconds so far (Linux /proc; NaN elsewhere): CPU per request tells the code's cost from the disk's. */
function cpuSeconds(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

interface Figures {
  label: string;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** The server's CPU seconds during the phase. */
  cpu: number;
}

/** Drives every server at once, the connections dealt among them; figures summed over them. */
async function drive(label: string, servers: Driven[], connections: number, options: (url: string) => Parameters<typeof autocannon>[0]): Promise<Figures> {
  const latencies: number[] = [];
  const cpu0 = servers.map((s) => cpuSeconds(s.child));
  const runs = await Promise.all(
    servers.map((server, i) => {
      const share = Math.floor(connections / servers.length) + (i < connections % servers.length ? 1 : 0);
      const instance = autocannon({ ...options(server.url), connections: share, pipelining: 1, timeout: 30 });
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
      return instance;
    }),
  );
  latencies.sort((a, b) => a - b);
  const cpu = servers.reduce((sum, s, i) => sum + cpuSeconds(s.child) - cpu0[i]!, 0);
  const total = (pick: (r: (typeof runs)[number]) => number) => runs.reduce((sum, r) => sum + pick(r), 0);
  return {
    label,
    requests: total((r) => r.requests.total),
    ok: total((r) => r['2xx']),
    non2xx: total((r) => r.non2xx),
    errors: total((r) => r.errors + r.timeouts),
    seconds: Math.max(...runs.map((r) => r.duration)),
    latencies,
    cpu,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-http-'));
  if (args.profile) mkdirSync(args.profile, { recursive: true });
  const token = randomBytes(32).toString('base64url'); // as strong as an issued token: serve refuses less
  const servers: ServedProcess[] = [];
  try {
    console.log(
      `duban HTTP benchmark${args.serverDir ? ` (server from ${args.serverDir})` : ''}: ${args.connections} connections${args.instances > 1 ? ` over ${args.instances} servers on one store` : ''}, ${args.seconds} s per phase, store in ${dir} (fs type 0x${statfsSync(dir).type.toString(16)}), node ${process.version}`,
    );
    const traces = Array.from({ length: args.instances }, (_, i) => (args.trace ? join(dir, `trace-${i}.json`) : undefined));
    // The first alone (it adopts the plan into the new store), then the others.
    servers.push(await startServer(dir, token, args.profile, args.serverDir, traces[0]));
    servers.push(...(await Promise.all(traces.slice(1).map((trace) => startServer(dir, token, args.profile, args.serverDir, trace)))));

    const health = args.noHealth ? null : await drive('GET /health', servers, args.connections, (url) => ({ url: `${url}/health`, duration: args.seconds }));

    const codes = PLAN.tasks.map((t) => t.code).slice(0, args.connections);
    const statusChanges = () => {
      let nextTask = 0;
      return (url: string): Parameters<typeof autocannon>[0] => ({
        url,
        duration: args.seconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        // Each connection takes a task of its own and alternates in_progress / at_risk on it (the first
        // in_progress starts it); one request at a time, so the alternation follows the answers.
        setupClient: (client) => {
          const path = `/plans/${PLAN.id}/tasks/${codes[nextTask++ % codes.length]!}/status`;
          const change = (status: string, reason: string) => ({ method: 'POST', path, body: JSON.stringify({ status, reason }) });
          (client as { setRequests(r: unknown[]): void }).setRequests([
            change('in_progress', '协调会议已明确责任分工，恢复推进'),
            change('at_risk', '配套资金未到位，进度滞后于计划'),
          ]);
        },
      });
    };

    let floor: Figures | null = null;
    let floorStored = 0;
    if (!args.noFloor) {
      const floorServer = await startFloor(dir, token);
      try {
        floor = await drive('baseline: node:http + sqlite', [floorServer], args.connections, statusChanges());
      } finally {
        await floorServer.stop();
      }
      const fdb = new Database(join(dir, 'floor.db'), { readonly: true });
      floorStored = (fdb.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      fdb.close();
    }

    const writes = await drive('POST …/tasks/{code}/status', servers, args.connections, statusChanges());

    const exits = await Promise.all(servers.splice(0).map((server) => server.stop()));
    // Every 2xx write is on disk: count the status changes in the store.
    const db = new Database(join(dir, 'duban.db'), { readonly: true });
    const stored = (db.prepare("SELECT count(*) AS n FROM events WHERE type = 'TaskStatusChanged'").get() as { n: number }).n;
    db.close();

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const ms = (n: number) => n.toFixed(1);
    console.log('');
    console.log(
      `${'phase'.padEnd(28)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'2xx'.padStart(9)}${'non-2xx'.padStart(9)}${'errors'.padStart(8)}${'server CPU'.padStart(12)}`,
    );
    for (const f of [health, floor, writes]) {
      if (!f) continue;
      console.log(
        `${f.label.padEnd(28)}${fmt(f.ok / f.seconds).padStart(9)}${ms(percentile(f.latencies, 50)).padStart(9)}${ms(percentile(f.latencies, 95)).padStart(9)}${ms(percentile(f.latencies, 99)).padStart(9)}${fmt(f.ok).padStart(9)}${fmt(f.non2xx).padStart(9)}${fmt(f.errors).padStart(8)}${`${((1000 * f.cpu) / Math.max(1, f.requests)).toFixed(2)} ms/req`.padStart(14)}`,
      );
    }
    console.log('');
    const share = health ? ` (${fmt((100 * writes.ok) / writes.seconds / (health.ok / health.seconds))}% of GET /health)` : '';
    console.log(`writes/s: ${fmt(writes.ok / writes.seconds)}${share}`);
    if (floor) {
      const floorDurable = floorStored >= floor.ok && floorStored <= floor.ok + args.connections;
      console.log(
        `baseline (the same writes, plain node:http + better-sqlite3 group commit, nothing else): ${fmt(floor.ok / floor.seconds)}/s, p99 ${ms(percentile(floor.latencies, 99))} ms; ` +
          `duban ${(writes.ok / writes.seconds / (floor.ok / floor.seconds)).toFixed(2)} of its writes/s${floorDurable ? '' : ` — baseline MISMATCH: ${floorStored} rows for ${floor.ok} 2xx`}`,
      );
      if (!floorDurable) process.exitCode = 1;
    }
    // The requests in flight when the clock stopped (one per connection at most) may be stored unanswered.
    const durable = stored >= writes.ok && stored <= writes.ok + args.connections;
    console.log(
      `durable: ${stored} status changes in the store for ${writes.ok} 2xx answers (+ at most ${args.connections} in flight at the end)${durable ? '' : ' — MISMATCH'}; server exit ${exits.join(', ')}`,
    );
    if (!durable) process.exitCode = 1;
    for (const trace of traces) if (trace) printTrace(trace, writes.seconds);
    if (args.profile) console.log(`server CPU profile in ${args.profile}`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Trace {
  first: number;
  requests: [number, number][];
  pauses: [number, number][];
  loopDelayP99Ms: number;
}

/** What scripts/server-trace.mjs saw in the server during the writes. */
function printTrace(file: string, seconds: number): void {
  const t = JSON.parse(readFileSync(file, 'utf8')) as Trace;
  const inside = t.requests.map(([, ms]) => ms).sort((a, b) => a - b);
  const pauses = t.pauses.map(([, ms]) => ms).sort((a, b) => a - b);
  const total = pauses.reduce((sum, ms) => sum + ms, 0);
  const ms = (n: number) => n.toFixed(1);
  console.log(
    `inside the server (request event to last byte written): p50 ${ms(percentile(inside, 50))} ms, p95 ${ms(percentile(inside, 95))} ms, p99 ${ms(percentile(inside, 99))} ms`,
  );
  console.log(
    `garbage collector: ${pauses.length} pauses, ${ms(total)} ms in all (${((100 * total) / (1000 * seconds)).toFixed(1)}% of the phase), median ${ms(percentile(pauses, 50))} ms, longest ${ms(pauses.at(-1) ?? 0)} ms; event loop delay p99 ${ms(t.loopDelayP99Ms)} ms`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

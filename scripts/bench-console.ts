// Console page benchmark (not a test):  npm run bench:console -- [--rounds 50] [--dir DIR]
//
// Makes the simulated year's store in a temp folder (scripts/simulate-year.ts, its own process), starts
// duban on it as production runs it (`node bin/duban.js serve`, an ephemeral port), signs in as the
// office through the console's form, then asks every console page `--rounds` times, one request at a
// time over one keep-alive loopback connection, timing each from the client (request sent to the last
// byte of the body read). GET /health, asked the same way in the same run, is the yardstick: what the
// loopback, the client and the server's framing cost on this machine. Per page: p50 and p95, and what a
// first visit transfers — the HTML plus the CSS and JS it links (fetched once: they are hashed and
// cached for a year after). Each page passes when p95 < 100 ms and HTML + CSS + JS < 300 KB; a FAIL line
// says which did not. It exits 0 whatever the figures (a benchmark, not a timed test).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './percentile.ts';
import { serveProcess } from './serve-process.ts';
import { PLAN_ID } from './simulate-year.ts';

const P95_LIMIT_MS = 100;
const BYTES_LIMIT = 300 * 1024;

interface Args {
  rounds: number;
  /** A folder to keep the store in (default: a temp folder, removed at the end). */
  dir?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { rounds: 50 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--rounds') args.rounds = Number(value());
    else if (flag === '--dir') args.dir = resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: npm run bench:console -- [--rounds 50] [--dir DIR (kept; default a temp folder)]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error('--rounds wants a whole number above 0');
  return args;
}

const plan = `/console/plans/${PLAN_ID}`;
/** Every console page, as the browser suite opens them (a meeting's page and a stream's are found from their lists). */
const PAGES = [
  plan,
  `${plan}?validAt=2023-06-30`,
  `${plan}/tasks`,
  `${plan}/tasks?validAt=2023-09-30&asOf=now`,
  `${plan}/tasks/2.1`,
  `${plan}/tasks/4.2?validAt=2023-06-30`,
  `${plan}/units`,
  `${plan}/units/jxj`,
  `${plan}/indicators`,
  `${plan}/alerts`,
  `${plan}/reports`,
  `${plan}/reports/dispatch/2023-06`,
  `${plan}/reports/bulletin/2023-Q2`,
  `${plan}/reports/annual/2023`,
  `${plan}/meetings`,
  `${plan}/audit`,
  `${plan}/compare?from=2023-06-30&to=2023-12-31&axis=validAt`,
  '/console/public',
  `/console/public/${PLAN_ID}`,
  '/console/ops',
  '/console/ops/streams',
  '/console/ops/tail',
];

/** Simulates the year into dir/duban.db in its own process; the office token it issued. */
async function simulate(dir: string): Promise<string> {
  const script = fileURLToPath(new URL('./simulate-year.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--dir', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`simulate-year exited with ${code}`);
  return readFileSync(join(dir, 'office-token'), 'utf8').trim();
}

interface Timed {
  status: number;
  body: Buffer;
  ms: number;
}

async function timedGet(base: string, path: string, cookie?: string): Promise<Timed> {
  const started = performance.now();
  try {
    // A page that never ends (a live feed by mistake) is a failure, not a hang.
    const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, body, ms: performance.now() - started };
  } catch {
    return { status: 0, body: Buffer.alloc(0), ms: performance.now() - started };
  }
}

/** The console's own CSS and JS a page links (stylesheets and scripts under /console/assets/). */
function linkedAssets(html: string): string[] {
  const links = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g), ...html.matchAll(/<script\b[^>]*\bsrc="[^"]*"[^>]*>/g)].map((m) => m[0]);
  const urls = links.flatMap((tag) => [...tag.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!));
  return [...new Set(urls.filter((u) => u.startsWith('/console/assets/')))];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The pages that change with the date, asked on a new date every request (the plan's year walked a day
 * at a time): nothing drawn or compared before can be reused, as when a user moves the slider.
 */
const DATED: readonly (readonly [string, (date: string) => string])[] = [
  [`${plan}?validAt={day}`, (d) => `${plan}?validAt=${d}`],
  [`${plan}/tasks?validAt={day}`, (d) => `${plan}/tasks?validAt=${d}`],
  [`${plan}/tasks/2.1?validAt={day}`, (d) => `${plan}/tasks/2.1?validAt=${d}`],
  [`${plan}/units?validAt={day}`, (d) => `${plan}/units?validAt=${d}`],
  [`${plan}/units/jxj?validAt={day}`, (d) => `${plan}/units/jxj?validAt=${d}`],
  [`${plan}/indicators?validAt={day}`, (d) => `${plan}/indicators?validAt=${d}`],
  [`${plan}/alerts?validAt={day}`, (d) => `${plan}/alerts?validAt=${d}`],
  [`${plan}/compare?from=2023-06-30&to={day}`, (d) => `${plan}/compare?from=2023-06-30&to=${d}&axis=validAt`],
];

/** The i-th day from 2023-04-01, as YYYY-MM-DD. */
const dayOf = (i: number) => new Date(Date.UTC(2023, 3, 1) + i * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'duban-bench-console-'));
  const started = Date.now();
  const token = await simulate(dir);
  console.log(`simulated year in ${((Date.now() - started) / 1000).toFixed(1)} s: ${join(dir, 'duban.db')}`);
  const server = await serveProcess({}, { args: ['--store', `sqlite:${join(dir, 'duban.db')}`], maxLogLines: 200 });
  try {
    const base = server.url.replace(/\/$/, '');
    const signIn = await fetch(`${base}/console/sign-in`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next: '/console/' }).toString(),
      redirect: 'manual',
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('duban_console='))
      ?.split(';')[0];
    if (signIn.status !== 303 || !cookie) throw new Error(`sign-in answered ${signIn.status}`);

    // A meeting's page and a stream's page, when their lists link to them.
    const pages = [...PAGES];
    for (const [list, pattern] of [
      [`${plan}/meetings`, new RegExp(`href="(${plan}/meetings/[^"/?]+)[^"]*"`)],
      ['/console/ops/streams', /href="(\/console\/ops\/streams\/[^"/?]+)[^"]*"/],
    ] as const) {
      const found = pattern.exec((await timedGet(base, list, cookie)).body.toString('utf8'))?.[1];
      if (found) pages.splice(pages.indexOf(list) + 1, 0, found.replaceAll('&amp;', '&'));
    }

    let day = 0;
    const measure = async (path: string | ((date: string) => string), withCookie: boolean) => {
      const times: number[] = [];
      let last: Timed | undefined;
      const at = () => (typeof path === 'string' ? path : path(dayOf(day++ % 270)));
      for (let i = 0; i < 3; i++) last = await timedGet(base, at(), withCookie ? cookie : undefined); // warm up
      for (let i = 0; i < args.rounds; i++) {
        last = await timedGet(base, at(), withCookie ? cookie : undefined);
        times.push(last.ms);
      }
      times.sort((a, b) => a - b);
      return { status: last!.status, html: last!.body, p50: percentile(times, 50), p95: percentile(times, 95) };
    };

    console.log(`\n${args.rounds} requests per page, one at a time, keep-alive loopback; client time, request to last byte\n`);
    const health = await measure('/health', false);
    const width = Math.max(...pages.map((p) => p.length));
    const header = `${'page'.padEnd(width)}  status      p50      p95       html     css+js      total  verdict`;
    console.log(header);
    console.log('-'.repeat(header.length));
    console.log(`${'GET /health (yardstick)'.padEnd(width)}  ${String(health.status).padStart(6)} ${ms(health.p50).padStart(8)} ${ms(health.p95).padStart(8)}`);

    const assetBytes = new Map<string, number>();
    const failures: string[] = [];
    for (const path of pages) {
      const r = await measure(path, true);
      const html = r.html.toString('utf8');
      let assets = 0;
      for (const url of linkedAssets(html)) {
        if (!assetBytes.has(url)) assetBytes.set(url, (await timedGet(base, url)).body.length);
        assets += assetBytes.get(url)!;
      }
      const total = r.html.length + assets;
      const why = [
        ...(r.status !== 200 ? [`status ${r.status}`] : []),
        ...(r.p95 >= P95_LIMIT_MS ? [`p95 ${ms(r.p95)} ≥ ${P95_LIMIT_MS} ms`] : []),
        ...(total >= BYTES_LIMIT ? [`${kb(total)} ≥ ${kb(BYTES_LIMIT)}`] : []),
      ];
      if (why.length) failures.push(`FAIL ${path}: ${why.join(', ')}`);
      console.log(
        `${path.padEnd(width)}  ${String(r.status).padStart(6)} ${ms(r.p50).padStart(8)} ${ms(r.p95).padStart(8)} ${kb(r.html.length).padStart(10)} ${kb(assets).padStart(10)} ${kb(total).padStart(10)}  ${why.length ? 'FAIL' : 'pass'}`,
      );
    }
    console.log(`\nthe same pages on a new date every request (a day further into the plan's year each time)\n`);
    for (const [name, path] of DATED) {
      const r = await measure(path, true);
      const why = [...(r.status !== 200 ? [`status ${r.status}`] : []), ...(r.p95 >= P95_LIMIT_MS ? [`p95 ${ms(r.p95)} ≥ ${P95_LIMIT_MS} ms`] : [])];
      if (why.length) failures.push(`FAIL ${name}: ${why.join(', ')}`);
      console.log(`${name.padEnd(width)}  ${String(r.status).padStart(6)} ${ms(r.p50).padStart(8)} ${ms(r.p95).padStart(8)}  ${why.length ? 'FAIL' : 'pass'}`);
    }
    console.log(`\nlimits: p95 < ${P95_LIMIT_MS} ms, HTML + CSS + JS < ${kb(BYTES_LIMIT)} (assets counted once, as a first visit loads them)`);
    if (failures.length) for (const line of failures) console.log(line);
    else console.log(`every page passes (${pages.length} pages, ${DATED.length} on a new date each time)`);
  } finally {
    await server.stop();
    if (!args.dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench-console: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

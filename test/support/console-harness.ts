// The web console's test duban: the harness's store filled by the simulated year (or the plan alone),
// real tokens (no acting as the office: the console's access is the thing tested), and the hono app
// with real access control — in process (app.request) or behind a real HTTP server on a free port
// (the browser suite and the benchmark). Sign in through the form, as a person does.
import { type Client, PLAN_ID, type Summary, simulateYear } from '../../scripts/simulate-year.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { listen, type RunningServer } from '../../src/http/server.ts';
import { type Harness, startHarness } from './harness.ts';

export const PLAN = PLAN_ID;

/** Who signs in: the office for the whole store, a unit (jxj leads 4.2; kjj leads 2.1), and the CPPCC. */
export type Who = 'office' | 'unit' | 'otherUnit' | 'cppcc';

export interface ConsolePage {
  status: number;
  html: string;
  headers: Headers;
}

export interface ConsoleHarness {
  h: Harness;
  /** Where the server listens ('http://127.0.0.1:port'), or 'http://localhost' in process. */
  base: string;
  tokens: Record<Who, string>;
  tokenIds: Record<Who, string>;
  /** The unit ids behind 'unit' and 'otherUnit'. */
  units: { unit: string; otherUnit: string };
  /** A request as a browser sends it (no redirects followed). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Signs in through the form; the session cookie ('duban_console=…'), or throws with the page's status. */
  signIn(token: string, next?: string): Promise<string>;
  /** A console page, with the session cookie (or none: anonymous). */
  get(path: string, cookie?: string): Promise<ConsolePage>;
  /** The REST API's JSON answer, with a bearer token (the office's unless given); throws unless 200. */
  api(path: string, token?: string): Promise<any>;
  close(): Promise<void>;
}

export interface ConsoleHarnessOptions {
  /** Fill the store with the simulated year (default true); false: the Wuhan plan alone. */
  simulate?: boolean;
  /** Serve over a real socket on 127.0.0.1 (default false: in process). */
  serve?: boolean;
  /** Failed sign-ins an address may make per minute (default: many, so tests do not trip it). */
  failuresPerMinute?: number;
  /** The harness clock (default 2026-11-27T08:00:00Z, after the simulated year). */
  now?: string;
}

const issuer = { id: 'console-harness', role: 'system' } as const;

export async function startConsoleHarness(options: ConsoleHarnessOptions = {}): Promise<ConsoleHarness> {
  const h = (options.simulate ?? true) ? (await simulatedHarness(options.now)).h : await startHarness({ now: options.now ?? YEAR_LATER });
  const units = { unit: 'jxj', otherUnit: 'kjj' };
  const issue = (name: string, role: 'office' | 'unit' | 'cppcc', unitId?: string) =>
    h.app.issueToken({ name, role, ...(unitId ? { unitId } : {}), actor: issuer });
  const issued = {
    office: await issue('办公室（测试）', 'office'),
    unit: await issue('市经信局（测试）', 'unit', units.unit),
    otherUnit: await issue('市科技局（测试）', 'unit', units.otherUnit),
    cppcc: await issue('市政协（测试）', 'cppcc'),
  };
  const tokens = Object.fromEntries(Object.entries(issued).map(([k, v]) => [k, v.token])) as Record<Who, string>;
  const tokenIds = Object.fromEntries(Object.entries(issued).map(([k, v]) => [k, v.tokenId])) as Record<Who, string>;

  // Real access control: the console's sessions and the API's bearer tokens as in production.
  const { hono } = createHttpApp(h.app, {
    validateResponses: true,
    storeKind: 'sqlite',
    auth: { failuresPerMinute: options.failuresPerMinute ?? 10_000 },
    onBug: (error) => {
      h.bugs.push(error);
    },
  });
  let server: RunningServer | undefined;
  let base = 'http://localhost';
  if (options.serve) {
    server = await listen(hono, { port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${server.address.port}`;
  }
  const send = (path: string, init: RequestInit = {}): Promise<Response> =>
    server ? fetch(`${base}${path}`, { redirect: 'manual', ...init }) : Promise.resolve(hono.request(`${base}${path}`, init));

  const harness: ConsoleHarness = {
    h,
    base,
    tokens,
    tokenIds,
    units,
    fetch: send,
    async signIn(token, next = '/console/') {
      const res = await send('/console/sign-in', {
        method: 'POST',
        headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, next }).toString(),
      });
      const cookie = sessionCookie(res);
      if (res.status !== 303 || !cookie) throw new Error(`sign-in answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return cookie;
    },
    async get(path, cookie) {
      const res = await send(path, cookie ? { headers: { cookie } } : {});
      return { status: res.status, html: await res.text(), headers: res.headers };
    },
    async api(path, token = tokens.office) {
      const res = await send(path, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
      return body;
    },
    async close() {
      await server?.close();
      await h.close();
    },
  };
  return harness;
}

/** The `name=value` of the session cookie a response sets, or undefined. */
export function sessionCookie(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('duban_console='));
  return set?.split(';')[0];
}

/** When the simulated year is read back: after it (the harness clock). */
const YEAR_LATER = '2026-11-27T08:00:00.000Z';

/**
 * The test duban (acting as the office for a REST call without a token) with the simulated year
 * written through its API in process: what the console's page tests read.
 */
export async function simulatedHarness(now = YEAR_LATER): Promise<{ h: Harness; summary: Summary }> {
  const h = await startHarness({ now });
  h.clock.tickMs = 1;
  const summary = await simulateYear(inProcessClient(h));
  h.clock.tickMs = 0;
  return { h, summary };
}

/** Signs in through the console's form, in process; the session cookie ('duban_console=…'). */
export async function signInInProcess(h: Harness, token: string): Promise<string> {
  const res = await h.request('/console/sign-in', {
    method: 'POST',
    headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/console/' }).toString(),
  });
  const cookie = sessionCookie(res as unknown as Response);
  if (res.status !== 303 || !cookie) throw new Error(`sign-in answered ${res.status}`);
  return cookie;
}

/** An office token for the whole store, issued straight through the application. */
export async function officeToken(h: Harness, name = '办公室（测试）'): Promise<string> {
  return (await h.app.issueToken({ name, role: 'office', actor: issuer })).token;
}

/** The simulated year's writes through the harness's API, in process, as the office. */
export function inProcessClient(h: Harness): Client {
  return {
    async call(method, path, body) {
      const res = await h.request(path, { method, ...(body !== undefined ? { json: body } : {}) });
      const answer = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(answer).slice(0, 600)}`);
      return answer;
    },
  };
}

/** The console's paths for a plan, as the brief fixes them (some pages may not exist yet). */
export function consolePaths(plan = PLAN) {
  const p = `/console/plans/${encodeURIComponent(plan)}`;
  return {
    overview: p,
    tasks: `${p}/tasks`,
    task: (code: string) => `${p}/tasks/${encodeURIComponent(code)}`,
    units: `${p}/units`,
    unit: (unitId: string) => `${p}/units/${encodeURIComponent(unitId)}`,
    indicators: `${p}/indicators`,
    alerts: `${p}/alerts`,
    reports: `${p}/reports`,
    dispatch: (month: string) => `${p}/reports/dispatch/${month}`,
    bulletin: (quarter: string) => `${p}/reports/bulletin/${quarter}`,
    annual: (year: string) => `${p}/reports/annual/${year}`,
    meetings: `${p}/meetings`,
    audit: `${p}/audit`,
    compare: (from: string, to: string, axis = 'validAt') => `${p}/compare?from=${from}&to=${to}&axis=${axis}`,
    publicList: '/console/public',
    publicPlan: `/console/public/${encodeURIComponent(plan)}`,
    ops: '/console/ops',
    opsStreams: '/console/ops/streams',
    opsTail: '/console/ops/tail',
  };
}

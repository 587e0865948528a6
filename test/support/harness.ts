// A real duban for tests: the SQLite store on a temp file (or :memory:), the application, the hono
// app with response validation on, and a clock the test moves. Requests go through app.request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Application, createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import type { Principal } from '../../src/app/token/token-queries.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { accessControl } from '../../src/http/middleware/auth.ts';
import type { AccessControl } from '../../src/http/openapi/route.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';

export const wuhanPlanFile = new URL('../../plans/wuhan-2023-p1.json', import.meta.url).pathname;

/** Who a behaviour test's request is, unless it sends a token. */
export const testOffice: Principal = { tokenId: 'local', role: 'office', name: 'test office', actor: { id: 'local', role: 'office' } };

/**
 * Behaviour tests act as the office unless they send a token of their own; the access tests
 * (test/http/access.test.ts) run the real thing over a socket, anonymous callers included.
 */
export function actingAsOffice(app: Application): AccessControl {
  const real = accessControl(app);
  return {
    authenticate: (c) => (c.req.header('authorization') !== undefined ? real.authenticate(c) : Promise.resolve(testOffice)),
    authorize: real.authorize,
  };
}

/** A clock that stands still until moved — or, with tickMs, moves on by that much at every reading, as a real one does between a command's start and its append. */
export class TestClock {
  tickMs = 0;
  constructor(private now: Date) {}
  read = (): Date => {
    const at = new Date(this.now);
    if (this.tickMs) this.now = new Date(this.now.getTime() + this.tickMs);
    return at;
  };
  set(iso: string): void {
    this.now = new Date(iso);
  }
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

/** A Response whose json() is loosely typed, as tests read many shapes. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface Harness {
  dir: string;
  file: string;
  clock: TestClock;
  /** Errors that reached the 500 handler: a test expects none. */
  bugs: unknown[];
  store: SqliteEventStore;
  app: Application;
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<TestResponse>;
  /** Closes the store and opens the same file again, as a restart would (`whileStopped` runs in between). */
  restart(whileStopped?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: { adoptWuhan?: boolean; now?: string; signing?: boolean; minPositionWaitMs?: number } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-test-'));
  const file = join(dir, 'duban.db');
  const clock = new TestClock(new Date(options.now ?? '2026-11-27T08:00:00.000Z'));
  const bugs: unknown[] = [];
  let ids = 0;
  const newId = () => `00000000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;

  const open = async () => {
    const store = SqliteEventStore.open(file, { clock: clock.read });
    // With signing: digests signed with a key in the data folder, as duban serve does.
    const signing = options.signing ? { signing: { keyFile: join(dir, 'signing-key.pem'), signedHeadFile: join(dir, 'signed-head.json') } } : {};
    const app = createApplication(store, {
      clock: clock.read,
      newId,
      ...signing,
      ...(options.minPositionWaitMs !== undefined ? { minPositionWaitMs: options.minPositionWaitMs } : {}),
    });
    await app.start();
    const { hono } = createHttpApp(app, {
      access: actingAsOffice(app),
      validateResponses: true,
      storeKind: 'sqlite',
      onBug: (error) => {
        bugs.push(error);
      },
    });
    return { store, app, hono };
  };

  let current = await open();
  if (options.adoptWuhan ?? true) await current.app.adoptPlan(await readPlanFile(wuhanPlanFile));

  const harness: Harness = {
    dir,
    file,
    clock,
    bugs,
    get store() {
      return current.store;
    },
    get app() {
      return current.app;
    },
    request(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return Promise.resolve(current.hono.request(path, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) }));
    },
    async restart(whileStopped) {
      await current.app.close();
      await current.store.close();
      await whileStopped?.();
      current = await open();
    },
    async close() {
      await current.app.close();
      await current.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

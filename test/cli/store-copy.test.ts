// `duban store copy`: the simulated year (scripts/simulate-year.ts, with digests over it) copied from one
// SQLite store into another by the real command — stopped part way and resumed, refused into a store
// that is not a prefix of the source, read back and verified — and the copy answers reads as the
// original does.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateYear } from '../../scripts/simulate-year.ts';
import { createApplication } from '../../src/app/application.ts';
import { createDigestWriter } from '../../src/app/digest.ts';
import { checkCopy, copyStore, HistoryDigest } from '../../src/app/store-copy.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { actingAsOffice, type Harness, startHarness } from '../support/harness.ts';
import { postgresUrl, skipPostgres } from '../support/pg-schema.ts';

const bin = new URL('../../bin/duban.js', import.meta.url).pathname;
const run = promisify(execFile);
const PLAN = '/plans/wuhan-2023-p1';

let h: Harness;
let dir: string;
let sourceEvents: RecordedEvent[];

/** Runs `duban store copy`; resolves with its exit code and output whatever the code. */
async function copy(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'store', 'copy', ...args], { env: { ...process.env, DUBAN_HASH_ALGORITHM: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function readAllOf(file: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(file);
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duban-copy-'));
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.tickMs = 1;
  await simulateYear({
    async call(method, path, body) {
      const res = await h.request(path, { method, ...(body !== undefined ? { json: body } : {}) });
      const answer = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(answer).slice(0, 400)}`);
      return answer;
    },
  });
  // Digests over the year, so the target's verification checks digest ranges as well as chains.
  let ids = 0;
  await createDigestWriter(h.store, { every: 100, newId: () => `00000000-0000-7000-9000-${String(++ids).padStart(12, '0')}`, clock: h.clock.read }).flush();
  h.clock.tickMs = 0;
  sourceEvents = await h.store.readAll();
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('duban store copy (sqlite → sqlite)', () => {
  const target = () => join(dir, 'copy', 'duban.db');

  it('stops after --max-events, resumes where it stopped, and verifies the whole copy', async () => {
    expect(sourceEvents.length).toBeGreaterThan(300);
    expect(sourceEvents.some((e) => e.type === 'DigestRecorded')).toBe(true);

    const first = await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${target()}`, '--page-size', '40', '--max-events', '130');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('copied 130 events');
    expect(first.stdout).toMatch(/stopped at source position 130 of \d+: run the same command again/);
    expect(first.stdout).toContain('verified: 130 events');
    expect(await readAllOf(target())).toEqual(sourceEvents.slice(0, 130));

    const second = await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${target()}`, '--page-size', '40');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain(`copied ${sourceEvents.length - 130} events`);
    expect(second.stdout).toContain('after the 130 it already held');
    const digest = new HistoryDigest();
    for (const e of sourceEvents) digest.add(e);
    expect(second.stdout).toContain(
      `verified: ${sourceEvents.length} events, history digest ${digest.hex()} (the source's), chains and digests intact (sha256)`,
    );
    expect(second.stdout).not.toContain('stopped at');
    // Ids, order, times, hashes — and, the source's positions being dense, positions too.
    expect(await readAllOf(target())).toEqual(sourceEvents);

    // A rerun with nothing new copies nothing and verifies again.
    const third = await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${target()}`);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('copied 0 events');
  }, 60_000);

  it('copies what the source recorded since, when run again on a live source', async () => {
    const before = sourceEvents.length;
    const res = await h.request(`${PLAN}/tasks/5.2/progress`, {
      method: 'POST',
      json: { unitId: 'rcj', period: '2023-12', done: '复制之后又报送了一次。', percentComplete: 90 },
    });
    expect(res.status, JSON.stringify(await res.clone().json())).toBeLessThan(300);
    sourceEvents = await h.store.readAll();
    expect(sourceEvents.length).toBeGreaterThan(before);
    const again = await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${target()}`);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`copied ${sourceEvents.length - before} events`);
    expect(await readAllOf(target())).toEqual(sourceEvents);
  }, 60_000);

  it('answers reads on the copy as on the original', async () => {
    const store = SqliteEventStore.open(target(), { clock: h.clock.read });
    const app = createApplication(store, { clock: h.clock.read });
    try {
      await app.start();
      const { hono } = createHttpApp(app, { access: actingAsOffice(app), validateResponses: true, storeKind: 'sqlite' });
      const paths = [
        PLAN,
        `${PLAN}/tasks`,
        `${PLAN}/tasks/3.3`,
        `${PLAN}/tasks/2.1/history`,
        `${PLAN}/scorecards?validAt=2023-12-31`,
        `${PLAN}/scorecards?validAt=2023-07-15`,
        `${PLAN}/indicators/3.3-1`,
        `${PLAN}/meetings`,
        `${PLAN}/reports/quarterly/2023-Q3`,
        '/audit?planId=wuhan-2023-p1',
        '/events?planId=wuhan-2023-p1',
      ];
      for (const path of paths) {
        const [a, b] = await Promise.all([h.request(path), hono.request(path)]);
        expect(b.status, path).toBe(a.status);
        expect(a.status, path).toBe(200);
        expect(await b.text(), path).toBe(await a.text());
      }
    } finally {
      await app.close();
      await store.close();
    }
  }, 60_000);

  it('refuses a target that is not a prefix of the source, and one that is longer, writing nothing', async () => {
    const other = join(dir, 'other', 'duban.db');
    const foreign = SqliteEventStore.open(other);
    await foreign.append('plan-elsewhere', [
      { eventId: '00000000-0000-7000-8000-ffffffffffff', type: 'PlanAdopted', planId: 'elsewhere', actor: { id: 'x', role: 'office' }, data: {} },
    ]);
    await foreign.close();
    const refused = await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${other}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the target is not a prefix of the source: its event 1 is 00000000-0000-7000-8000-ffffffffffff .*copy into an empty store/);
    expect(await readAllOf(other)).toHaveLength(1);

    // The full copy, as a source, into a store that holds a little less: fine; the other way round: refused.
    const short = join(dir, 'short', 'duban.db');
    expect((await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${short}`, '--max-events', '50')).code).toBe(0);
    const longer = await copy('--from', `sqlite:${short}`, '--to', `sqlite:${target()}`);
    expect(longer.code).toBe(2);
    expect(longer.stderr).toContain('the target holds more events than the source had when the copy started');
  }, 60_000);

  it('refuses a target hashed with another algorithm, and a missing source', async () => {
    const sm3 = join(dir, 'sm3', 'duban.db');
    SqliteEventStore.open(sm3, { hashAlgorithm: 'sm3' }).close();
    const refused = await copy('--from', `sqlite:${h.file}`, '--to', `sqlite:${sm3}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the target hashes with sm3, the source with sha256');
    const missing = await copy('--from', `sqlite:${join(dir, 'nothing.db')}`, '--to', `sqlite:${join(dir, 'x', 'duban.db')}`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no store at');
  }, 30_000);

  it("a new target takes the source's algorithm", async () => {
    const src = join(dir, 'sm3-src', 'duban.db');
    const s = SqliteEventStore.open(src, { hashAlgorithm: 'sm3' });
    await s.append('task-x:1', [
      {
        eventId: '00000000-0000-7000-8000-000000000abc',
        type: 'TaskStatusChanged',
        planId: 'x',
        actor: { id: 'x', role: 'office' },
        data: { to: 'in_progress' },
      },
    ]);
    await s.close();
    const dst = join(dir, 'sm3-dst', 'duban.db');
    const res = await copy('--from', `sqlite:${src}`, '--to', `sqlite:${dst}`);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('chains and digests intact (sm3)');
    const t = SqliteEventStore.open(dst);
    expect(t.hashAlgorithm).toBe('sm3');
    await t.close();
  }, 30_000);

  it('checkCopy reports a target changed after the copy (exit 1 in the command)', async () => {
    const tampered = join(dir, 'tampered', 'duban.db');
    const source = SqliteEventStore.open(h.file);
    const t = SqliteEventStore.open(tampered);
    const result = await copyStore(source, t, { pageSize: 64 });
    expect(result).toMatchObject({ complete: true, copied: sourceEvents.length, resumedAfter: 0, positionsKept: true });
    expect((await checkCopy(t, result.source)).ok).toBe(true);
    await t.close();
    const db = new Database(tampered);
    db.prepare(
      "UPDATE events SET data = json_set(data, '$.summary', '改过的') WHERE global_position = (SELECT min(global_position) FROM events WHERE type = 'ProgressReported')",
    ).run();
    db.prepare('DELETE FROM events WHERE global_position = (SELECT max(global_position) FROM events)').run();
    db.close();
    const reopened = SqliteEventStore.open(tampered);
    const check = await checkCopy(reopened, result.source);
    await reopened.close();
    await source.close();
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain(`the target holds ${sourceEvents.length - 1} events, the source's copied part ${sourceEvents.length}`);
    expect(check.problems.join('\n')).toMatch(/history digest/);
    expect(check.problems.join('\n')).toMatch(/the target does not verify: changed at progress-wuhan-2023-p1:/);
  }, 30_000);
});

describe.skipIf(skipPostgres)('duban store copy (sqlite → PostgreSQL → sqlite)', () => {
  const schema = `duban_test_${randomBytes(6).toString('hex')}`;
  const pgUrl = (() => {
    const url = new URL(postgresUrl);
    url.searchParams.set('schema', schema);
    return url.toString();
  })();
  afterAll(async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('moves the simulated year into PostgreSQL, resumably, and back, keeping ids, order, times, hashes and positions', async () => {
    const first = await copy('--from', `sqlite:${h.file}`, '--to', pgUrl, '--page-size', '50', '--max-events', '120');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('copied 120 events');
    const rest = await copy('--from', `sqlite:${h.file}`, '--to', pgUrl, '--page-size', '50');
    expect(rest.code, rest.stdout + rest.stderr).toBe(0);
    expect(rest.stdout).toContain('after the 120 it already held');
    expect(rest.stdout).toMatch(/verified: \d+ events, history digest [0-9a-f]{64} \(the source's\), chains and digests intact/);

    const store = await openStore(pgUrl);
    try {
      expect(await store.readAll()).toEqual(sourceEvents);
      // The PostgreSQL store answers reads as the original does.
      const app = createApplication(store, { clock: h.clock.read });
      try {
        await app.start();
        const { hono } = createHttpApp(app, { access: actingAsOffice(app), validateResponses: true, storeKind: 'postgres' });
        for (const path of [`${PLAN}/tasks`, `${PLAN}/scorecards?validAt=2023-12-31`, `${PLAN}/reports/quarterly/2023-Q3`, '/audit?planId=wuhan-2023-p1']) {
          const [a, b] = await Promise.all([h.request(path), hono.request(path)]);
          expect(b.status, path).toBe(200);
          expect(await b.text(), path).toBe(await a.text());
        }
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
    }

    const back = join(dir, 'from-postgres', 'duban.db');
    const home = await copy('--from', pgUrl, '--to', `sqlite:${back}`);
    expect(home.code, home.stdout + home.stderr).toBe(0);
    expect(await readAllOf(back)).toEqual(sourceEvents);
  }, 120_000);
});

// The whole application on the PostgreSQL read model answers as it does on the SQLite one: the same
// history, read through HTTP at every (asOf, validAt), gives the same bodies from both. And a store
// carrying a pool and a schema (as PostgresEventStore does) gets its read model, idempotency keys
// and rate limits in PostgreSQL without being asked, shared by every instance on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Application, createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { openReadModel } from '../../src/app/read-model/open-read-model.ts';
import { PostgresReadModel } from '../../src/app/read-model/postgres-read-model.ts';
import { SqliteReadModel } from '../../src/app/read-model/sqlite-read-model.ts';
import type { WrittenReadModel } from '../../src/app/read-model/written-read-model.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { accessControl } from '../../src/http/middleware/auth.ts';
import type { AccessControl } from '../../src/http/openapi/route.ts';
import type { EventStore } from '../../src/store/event-store.ts';
import { openIdempotencyStore } from '../../src/store/open-idempotency-store.ts';
import { PostgresIdempotencyStore } from '../../src/store/postgres-idempotency-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { actingAsOffice, TestClock, testOffice, wuhanPlanFile } from '../support/harness.ts';
import { skipPostgres, type TestSchema, testSchema } from '../support/pg-schema.ts';
import { statusHistory } from '../support/status-history.ts';

const PLAN = '/plans/wuhan-2023-p1';

describe.skipIf(skipPostgres)('the application on the PostgreSQL read model', () => {
  let t: TestSchema;
  beforeEach(async () => {
    t = await testSchema();
  });
  afterEach(async () => {
    await t.drop();
  });

  it('is what openReadModel and openIdempotencyStore give a store carrying a pool and a schema', async () => {
    const store = { pool: t.pool, schema: t.schema } as unknown as EventStore;
    const rm = openReadModel(store);
    expect(rm).toBeInstanceOf(PostgresReadModel);
    expect(await rm.checkpoint()).toBeNull(); // its tables made at first use
    expect(openIdempotencyStore(store)).toBeInstanceOf(PostgresIdempotencyStore);
  });

  it('answers every (asOf, validAt) exactly as the SQLite read model does', async () => {
    const clock = new TestClock(new Date('2026-11-27T08:00:00.000Z'));
    let ids = 0;
    const newId = () => `00000000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;
    const store = SqliteEventStore.open(':memory:', { clock: clock.read });
    const sqlite = createApplication(store, { clock: clock.read, newId, readModel: new SqliteReadModel(':memory:') });
    const postgres = createApplication(store, { clock: clock.read, newId, readModel: new PostgresReadModel({ pool: t.pool, schema: t.schema }) });
    const http = (app: Application) => createHttpApp(app, { access: actingAsOffice(app), validateResponses: true, storeKind: 'sqlite' }).hono;
    try {
      await sqlite.start();
      await sqlite.adoptPlan(await readPlanFile(wuhanPlanFile));
      const writer = http(sqlite);
      for (const [at, code, json] of statusHistory) {
        clock.set(at);
        const res = await writer.request(`${PLAN}/tasks/${code}/status`, {
          method: 'POST',
          body: JSON.stringify(json),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, `${code} ${JSON.stringify(json)}`).toBe(200);
      }
      clock.set('2026-12-06T00:00:00Z');
      await sqlite.changeTaskStatus({
        planId: 'wuhan-2023-p1',
        code: '5.1',
        to: 'in_progress',
        reason: '区里启动',
        actor: { id: 'ja-1', role: 'unit', unitId: 'jiangan' },
      });
      expect(await postgres.start()).toMatchObject({ rebuilt: true, position: await store.headPosition() });

      const answers = async (hono: ReturnType<typeof http>) => {
        const out: unknown[] = [];
        for (const asOf of ['2026-11-27', '2026-11-28T01:30:00Z', '2026-11-29', '2026-12-04T03:00:00Z', 'now']) {
          for (const validAt of [undefined, '2023-04-01', '2026-11-20', '2026-11-28T12:00:00Z', '2026-12-03T10:00:00Z', 'now']) {
            const q = `asOf=${encodeURIComponent(asOf)}${validAt ? `&validAt=${encodeURIComponent(validAt)}` : ''}`;
            for (const path of [
              `${PLAN}/tasks?${q}`,
              `${PLAN}/tasks/1.1?${q}`,
              `/audit?${q}`,
              `${PLAN}/tasks/1.1/history?${q}`,
              `/plans?${q}`,
              `/audit?${q}&unit=jiangan`,
            ]) {
              const res = await hono.request(path);
              out.push([path, res.status, await res.json()]);
            }
          }
        }
        return out;
      };
      const expected = await answers(writer);
      expect(expected.filter((a) => (a as [string, number])[1] === 200).length).toBeGreaterThan(120);
      expect(await answers(http(postgres))).toEqual(expected);
    } finally {
      await postgres.close();
      await sqlite.close();
      await store.close();
    }
  });

  it('two instances on a store with a pool and a schema share read model, idempotency keys and rate limits', async () => {
    const clock = new TestClock(new Date('2026-11-28T01:00:00.000Z'));
    // The SQLite store in memory stands in for the events; carrying a pool and a schema, it gets the rest in PostgreSQL.
    const store = Object.assign(SqliteEventStore.open(':memory:', { clock: clock.read }), { pool: t.pool, schema: t.schema });
    const instances = [createApplication(store, { clock: clock.read }), createApplication(store, { clock: clock.read, pollMs: 10_000 })];
    try {
      for (const app of instances) await app.start();
      expect((instances[0]!.readModel as WrittenReadModel).inner).toBeInstanceOf(PostgresReadModel);
      await instances[0]!.adoptPlan(await readPlanFile(wuhanPlanFile));
      // As the office unless a token is sent; a token goes through the real thing, with its limits left to pick.
      const http = (app: Application) => {
        const real = accessControl(app, { failuresPerMinute: 2, now: () => clock.read().getTime() });
        const access: AccessControl = {
          authenticate: (c) => (c.req.header('authorization') !== undefined ? real.authenticate(c) : Promise.resolve(testOffice)),
          authorize: real.authorize,
        };
        return createHttpApp(app, { access, validateResponses: true, storeKind: 'sqlite' }).hono;
      };
      const [a, b] = instances.map(http) as [ReturnType<typeof http>, ReturnType<typeof http>];
      const post = (hono: typeof a) =>
        hono.request('/plans/wuhan-2023-p1/tasks/1.1/status', {
          method: 'POST',
          body: JSON.stringify({ status: 'in_progress', reason: '启动' }),
          headers: { 'content-type': 'application/json', 'idempotency-key': '"one-start"' },
        });
      const first = await post(a);
      expect(first.status).toBe(200);
      const replayed = await post(b);
      expect(replayed.status).toBe(200);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(await replayed.json()).toEqual(await first.json());
      expect(await store.headPosition()).toBe(2);
      // Failed authentications counted across both: the third, on either, is throttled.
      const wrong = (hono: typeof a) => hono.request('/plans', { headers: { authorization: 'Bearer dbn_wrongwrongwrongwrong' } });
      expect((await wrong(a)).status).toBe(401);
      expect((await wrong(b)).status).toBe(401);
      expect((await wrong(a)).status).toBe(429);
    } finally {
      for (const app of instances) await app.close();
      await store.close();
    }
  });
});

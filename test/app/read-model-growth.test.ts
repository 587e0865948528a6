// The read model grows with the events, not with the events squared: hundreds of
// progress reports on one task (one key whose state holds every report) keep the read model's bytes
// within a small multiple of the events' bytes — on SQLite and on PostgreSQL — and every past state
// still reads exactly as the fold of the events up to it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { progress, progressKey } from '../../projections/progress.ts';
import { foldKey } from '../../projections/projection.ts';
import { type Application, createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { PostgresReadModel } from '../../src/app/read-model/postgres-read-model.ts';
import type { ReadModel } from '../../src/app/read-model/read-model.ts';
import { readModelPathFor, SqliteReadModel } from '../../src/app/read-model/sqlite-read-model.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { TestClock, wuhanPlanFile } from '../support/harness.ts';
import { skipPostgres, type TestSchema, testSchema } from '../support/pg-schema.ts';

const REPORTS = 300;
const KEY = progressKey('wuhan-2023-p1', '4.2', '2023-05');

/** Bytes of the pages SQLite holds for these tables and their indexes (dbstat). */
function sqliteBytes(file: string, tables: string[] | 'all'): number {
  const db = new Database(file, { readonly: true });
  try {
    const where = tables === 'all' ? '' : `WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name IN (${tables.map(() => '?').join(', ')}))`;
    return db
      .prepare(`SELECT coalesce(sum(pgsize), 0) FROM dbstat ${where}`)
      .pluck()
      .get(...(tables === 'all' ? [] : tables)) as number;
  } finally {
    db.close();
  }
}

interface Target {
  name: string;
  skip: boolean;
  open(eventsFile: string): Promise<{ readModel: ReadModel; bytes(): Promise<number>; close(): Promise<void> }>;
}

let pg: TestSchema | null = null;
const targets: Target[] = [
  {
    name: 'SQLite',
    skip: false,
    async open(eventsFile) {
      const path = readModelPathFor(eventsFile);
      const readModel = new SqliteReadModel(path, { eventsFile });
      return { readModel, bytes: async () => sqliteBytes(path, 'all'), close: async () => {} };
    },
  },
  {
    name: 'PostgreSQL',
    skip: skipPostgres,
    async open() {
      pg = await testSchema();
      const { pool, schema } = pg;
      const readModel = new PostgresReadModel({ pool, schema });
      const bytes = async () => {
        const { rows } = await pool.query<{ bytes: string }>(
          `SELECT sum(pg_total_relation_size(format('%I.%I', $1::text, t))) AS bytes FROM unnest(ARRAY['rm_versions', 'rm_audit', 'rm_clock', 'rm_meta']) t`,
          [schema],
        );
        return Number(rows[0]!.bytes);
      };
      return { readModel, bytes, close: async () => {} };
    },
  },
];

describe.each(targets)('the read model on $name, under hundreds of reports on one task', (target) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-growth-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
    pg = null;
  });

  it.skipIf(target.skip)(
    `keeps its bytes within a small multiple of the events' bytes, and every past state as the events fold it`,
    { timeout: 120_000 },
    async () => {
      const file = join(dir, 'duban.db');
      const clock = new TestClock(new Date('2023-05-20T02:00:00.000Z'));
      const store = SqliteEventStore.open(file, { clock: clock.read });
      const rm = await target.open(file);
      const app: Application = createApplication(store, { clock: clock.read, readModel: rm.readModel });
      try {
        await app.start();
        await app.adoptPlan(await readPlanFile(wuhanPlanFile));
        await app.readModel.checkpoint(); // everything held written
        const before = { events: sqliteBytes(file, ['events']), readModel: await rm.bytes() };

        const done = '完成首批专精特新企业梯度培育名单，召开推进会1次。'.repeat(8);
        for (let i = 0; i < REPORTS; i++) {
          clock.advance(60_000);
          await app.reportProgress({
            planId: 'wuhan-2023-p1',
            code: '4.2',
            unitId: i % 3 ? 'jxj' : 'fgw',
            period: '2023-05',
            done: `${i} ${done}`,
            percentComplete: i % 101,
          });
        }
        await app.readModel.checkpoint();
        const events = sqliteBytes(file, ['events']) - before.events;
        const readModel = (await rm.bytes()) - before.readModel;
        // Each version holding the whole month (every report so far) made this some hundred times the events.
        expect(readModel / events, `read model ${readModel} B for ${events} B of events`).toBeLessThan(5);

        // Past states: each as the fold of the events up to it, read at its own position and at the ones between.
        const all = await store.readAll({ after: 0, maxCount: 100_000 });
        const head = all.at(-1)!.globalPosition;
        const far = '9999-12-31T23:59:59.999Z';
        for (let position = head - REPORTS; position <= head; position += 7) {
          const expected = JSON.parse(
            JSON.stringify(
              foldKey(
                progress,
                KEY,
                all.filter((e) => e.globalPosition <= position),
              ) ?? null,
            ),
          );
          const found = (await app.readModel.at(progress.name, [KEY], position, far)).get(KEY);
          expect(found ? found.read().state : null, `at ${position}`).toEqual(expected);
        }
        const latest = (await app.readModel.latest(progress.name, [KEY])).get(KEY)!;
        expect(JSON.stringify(latest.read().state)).toBe(JSON.stringify(foldKey(progress, KEY, all)));
      } finally {
        await app.close();
        await rm.close();
        await store.close();
      }
    },
  );
});

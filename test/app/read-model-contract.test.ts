// The ReadModel contract (./read-model-contract.ts) on SQLite (two connections to one file) and on
// PostgreSQL (two pools on one schema of the test's own), and what only PostgreSQL does: indexing
// the audit trail from an events table in place, and creating its tables from two processes at once;
// and a read model left by the code before versions were chained, rebuilt on both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresReadModel, PostgresReadModel } from '../../src/app/read-model/postgres-read-model.ts';
import type { ReadModel } from '../../src/app/read-model/read-model.ts';
import { SqliteReadModel } from '../../src/app/read-model/sqlite-read-model.ts';
import { skipPostgres, type TestSchema, testSchema } from '../support/pg-schema.ts';
import { readModelContract } from './read-model-contract.ts';

readModelContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-rm-'));
  const file = join(dir, 'duban.read-model.db');
  return {
    readModel: new SqliteReadModel(file),
    another: async () => new SqliteReadModel(file),
    async versions(projection, key) {
      const db = new Database(file, { readonly: true });
      try {
        return db
          .prepare('SELECT version FROM rm_versions WHERE projection = ? AND key = ? ORDER BY position, version')
          .pluck()
          .all(projection, key) as number[];
      } finally {
        db.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

readModelContract(
  'postgres',
  async () => {
    const t = await testSchema();
    return {
      readModel: new PostgresReadModel({ pool: t.pool, schema: t.schema }),
      another: () => openPostgresReadModel({ pool: t.otherPool(), schema: t.schema }),
      async versions(projection, key) {
        const { rows } = await t.pool.query<{ version: number }>(
          `SELECT version FROM "${t.schema}".rm_versions WHERE projection = $1 AND key = $2 ORDER BY position, version`,
          [projection, key],
        );
        return rows.map((r) => r.version);
      },
      cleanup: () => t.drop(),
    };
  },
  { skip: skipPostgres },
);

describe.skipIf(skipPostgres)('PostgresReadModel', () => {
  let t: TestSchema;
  beforeEach(async () => {
    t = await testSchema();
  });
  afterEach(async () => {
    await t.drop();
  });

  async function eventsTable(actorType: 'jsonb' | 'text') {
    await t.pool.query(`CREATE TABLE "${t.schema}".events (
      global_position bigint PRIMARY KEY, event_id uuid, stream_id text NOT NULL, stream_revision integer, type text NOT NULL,
      plan_id text NOT NULL, recorded_at text NOT NULL, effective_at text NOT NULL, actor ${actorType} NOT NULL, data jsonb)`);
    const rows: [number, string, string, string, object, string, string][] = [
      [1, 'plan-a', 'plan-a', 'PlanAdopted', { id: 'office-1', role: 'office' }, '2026-11-28T01:00:00.000Z', '2026-11-28T01:00:00.000Z'],
      [2, 'plan-a', 'task-1', 'TaskStatusChanged', { id: 'ja-1', role: 'unit', unitId: 'jiangan' }, '2026-11-28T01:00:00.000Z', '2026-11-20T00:00:00.000Z'],
      [3, 'plan-a', 'task-2', 'TaskStatusChanged', { id: 'office-1', role: 'office', unitId: null }, '2026-11-28T02:00:00.000Z', '2026-11-28T02:00:00.000Z'],
    ];
    for (const [position, plan, stream, type, actor, recorded, effective] of rows) {
      await t.pool.query(
        `INSERT INTO "${t.schema}".events (global_position, plan_id, stream_id, type, actor, recorded_at, effective_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [position, plan, stream, type, JSON.stringify(actor), recorded, effective],
      );
    }
  }

  for (const actorType of ['jsonb', 'text'] as const) {
    it(`indexes the audit trail and the clock from the events table in place (actor as ${actorType})`, async () => {
      await eventsTable(actorType);
      const rm = await openPostgresReadModel({ pool: t.pool, schema: t.schema, eventsTable: 'events' });
      expect(rm.indexesEventsInPlace).toBe(true);
      await rm.reset('fp');
      expect(await rm.apply({ after: 0, checkpoint: { position: 2, eventHash: 'h2' }, versions: [], audit: [], clock: [], indexInPlace: true })).toBe(true);
      expect(await rm.apply({ after: 2, checkpoint: { position: 3, eventHash: 'h3' }, versions: [], audit: [], clock: [], indexInPlace: true })).toBe(true);
      const { rows } = await t.pool.query(`SELECT * FROM "${t.schema}".rm_audit ORDER BY position`);
      expect(rows).toEqual([
        {
          position: '1',
          plan_id: 'plan-a',
          stream_id: 'plan-a',
          type: 'PlanAdopted',
          actor_id: 'office-1',
          unit_id: null,
          recorded_at: '2026-11-28T01:00:00.000Z',
          effective_at: '2026-11-28T01:00:00.000Z',
        },
        {
          position: '2',
          plan_id: 'plan-a',
          stream_id: 'task-1',
          type: 'TaskStatusChanged',
          actor_id: 'ja-1',
          unit_id: 'jiangan',
          recorded_at: '2026-11-28T01:00:00.000Z',
          effective_at: '2026-11-20T00:00:00.000Z',
        },
        {
          position: '3',
          plan_id: 'plan-a',
          stream_id: 'task-2',
          type: 'TaskStatusChanged',
          actor_id: 'office-1',
          unit_id: null,
          recorded_at: '2026-11-28T02:00:00.000Z',
          effective_at: '2026-11-28T02:00:00.000Z',
        },
      ]);
      expect(await rm.positionAt('2026-11-28T01:30:00.000Z')).toBe(2);
      expect(await rm.positionAt('2026-11-28T02:00:00.000Z')).toBe(3);
      expect(await rm.auditPositions({ after: 0, upTo: 3, limit: 10, unit: { unitId: 'jiangan', streamIds: [] } })).toEqual([2]);
    });
  }

  it('leaves indexing to the runner when there is no events table, or its times are not text', async () => {
    expect((await openPostgresReadModel({ pool: t.pool, schema: t.schema, eventsTable: 'events' })).indexesEventsInPlace).toBe(false);
    await t.pool.query(
      `CREATE TABLE "${t.schema}".events (global_position bigint, plan_id text, stream_id text, type text, actor jsonb, recorded_at timestamptz, effective_at text)`,
    );
    expect((await openPostgresReadModel({ pool: t.pool, schema: t.schema, eventsTable: 'events' })).indexesEventsInPlace).toBe(false);
  });

  it('creates its tables once when several processes start at once, in a schema not made yet', async () => {
    const schema = `${t.schema}_new`;
    const pools = [t.otherPool(), t.otherPool(), t.otherPool()];
    try {
      const models = await Promise.all(pools.map((pool) => openPostgresReadModel({ pool, schema })));
      await models[0]!.reset('fp');
      expect(await models[1]!.checkpoint()).toEqual({ position: 0, eventHash: null, fingerprint: 'fp' });
    } finally {
      await t.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});

/** A read model as the code before chained versions left it: rm_versions without base, a version in it. */
const OLD_VERSIONS = (s: string) => `
CREATE TABLE ${s}rm_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE ${s}rm_versions (projection text NOT NULL, key text NOT NULL, version integer NOT NULL, position bigint NOT NULL, valid_from text NOT NULL, state text NOT NULL);
INSERT INTO ${s}rm_meta (key, value) VALUES ('fingerprint', 'old'), ('checkpoint', '1');
INSERT INTO ${s}rm_versions VALUES ('p', 'k', 0, 1, '2026-01-01', '"old"');`;

describe('a read model from before versions were chained (no base column)', () => {
  const write = async (rm: ReadModel) => {
    await rm.reset('new');
    expect(
      await rm.apply({
        after: 0,
        checkpoint: { position: 1, eventHash: 'h' },
        versions: [{ projection: 'p', key: 'k', version: 0, position: 1, validFrom: '2026-01-01', base: 1, state: '"new"' }],
        audit: [],
        clock: [],
      }),
    ).toBe(true);
    expect((await rm.latest('p', ['k'])).get('k')?.read().state).toBe('new');
  };

  it('is dropped when SQLite opens it, and rebuilt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duban-rm-'));
    const file = join(dir, 'duban.read-model.db');
    try {
      const db = new Database(file);
      db.exec(OLD_VERSIONS(''));
      db.close();
      const rm = new SqliteReadModel(file);
      try {
        expect(await rm.checkpoint()).toBeNull();
        await write(rm);
      } finally {
        await rm.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(skipPostgres)('gains the column in PostgreSQL, its old rows emptied by the reset its fingerprint asks for', async () => {
    const t = await testSchema();
    try {
      await t.pool.query(OLD_VERSIONS(`"${t.schema}".`));
      const rm = await openPostgresReadModel({ pool: t.pool, schema: t.schema });
      expect(await rm.checkpoint()).toMatchObject({ fingerprint: 'old' });
      await write(rm);
    } finally {
      await t.drop();
    }
  });
});

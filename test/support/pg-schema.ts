// A PostgreSQL schema of a test's own: `duban_test_<random>` in the database DUBAN_TEST_POSTGRES
// names (default: the local server's `test`), dropped at the end. When no server answers and
// DUBAN_TEST_POSTGRES is unset, the PostgreSQL tests are skipped; when it is set, they fail instead.
// DUBAN_TEST_POSTGRES=off skips them whatever answers (npm run test:unit, the edit loop, sets it).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const off = process.env.DUBAN_TEST_POSTGRES === 'off';

export const postgresUrl = (!off && process.env.DUBAN_TEST_POSTGRES) || 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.DUBAN_TEST_POSTGRES) throw error; // asked for, and not there: a failure, not a skip
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** True when the PostgreSQL tests must be skipped: no server, and none asked for. */
export const skipPostgres = off || !(await reachable());

export interface TestSchema {
  pool: pg.Pool;
  schema: string;
  /** Another pool on the same database, as a second process would have. */
  otherPool(): pg.Pool;
  /** Drops the schema and ends the pools. */
  drop(): Promise<void>;
}

export async function testSchema(): Promise<TestSchema> {
  const schema = `duban_test_${randomBytes(6).toString('hex')}`;
  const pools: pg.Pool[] = [];
  const open = () => {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 4 });
    pool.on('error', () => {}); // an idle connection the server dropped: the pool replaces it
    pools.push(pool);
    return pool;
  };
  const pool = open();
  await pool.query(`CREATE SCHEMA "${schema}"`);
  return {
    pool,
    schema,
    otherPool: open,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      for (const p of pools) await p.end();
    },
  };
}

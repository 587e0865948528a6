// The stores several processes can share, for tests that run one scenario on each: a SQLite file on
// this machine, and PostgreSQL when one answers (DUBAN_TEST_POSTGRES, or 127.0.0.1:5432/test).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresUrl, skipPostgres } from './pg-schema.ts';

export interface StoreTarget {
  name: string;
  /** Why the target cannot run here; undefined when it can. */
  skip?: string;
  /** Whether rate limits are shared by the processes on this store. */
  sharesRateLimits: boolean;
  /** A new, empty store: its URL, and how to remove it. */
  create(): Promise<{ url: string; drop: () => Promise<void> }>;
}

export function sharedStoreTargets(): StoreTarget[] {
  return [
    {
      name: 'SQLite',
      sharesRateLimits: false,
      async create() {
        const dir = mkdtempSync(join(tmpdir(), 'duban-shared-'));
        return { url: `sqlite:${join(dir, 'duban.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    {
      name: 'PostgreSQL',
      ...(skipPostgres
        ? { skip: process.env.DUBAN_TEST_POSTGRES === 'off' ? 'DUBAN_TEST_POSTGRES=off' : 'no PostgreSQL answers and DUBAN_TEST_POSTGRES is unset' }
        : {}),
      sharesRateLimits: true,
      async create() {
        const schema = `duban_test_${randomBytes(6).toString('hex')}`;
        const url = new URL(postgresUrl);
        url.searchParams.set('schema', schema);
        return {
          url: url.toString(),
          async drop() {
            const client = new pg.Client({ connectionString: postgresUrl });
            await client.connect();
            try {
              await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            } finally {
              await client.end();
            }
          },
        };
      },
    },
  ];
}

// The stores several processes can share, for tests that run one scenario on each: a SQLite file on
// this machine, and PostgreSQL when one answers (DUBAN_TEST_POSTGRES, or 127.0.0.1:5432/test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  ];
}

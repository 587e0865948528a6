// The crash test (scripts/crash-test.ts) in small: `duban serve` killed with SIGKILL three times
// mid-writes, on SQLite and on PostgreSQL; every acknowledged write is found exactly once where it was
// acknowledged, the writes in flight at a kill, sent again with their keys, are never recorded twice,
// verify stays intact, and the resumed read model answers as a full rebuild does.
import { describe, expect, it } from 'vitest';
import { formatTable, runCrashTest } from '../../scripts/crash-test.ts';
import { sharedStoreTargets } from '../support/store-targets.ts';

for (const target of sharedStoreTargets()) {
  describe.skipIf(target.skip !== undefined)(`crash test (kill -9 mid-writes, ${target.name})`, () => {
    it('loses no acknowledged write and leaves nothing half-written over 3 kills', async () => {
      const { url, drop } = await target.create();
      try {
        const lines: string[] = [];
        const result = await runCrashTest({ store: url, kills: 3, rate: 60, minRunMs: 600, maxRunMs: 1200, rebuildEvery: 3, log: (line) => lines.push(line) });
        const table = formatTable(result.rows);
        expect(result.rows, lines.join('\n')).toHaveLength(3);
        for (const row of result.rows) {
          expect(row.problems, `${table}\n${lines.join('\n')}`).toEqual([]);
          expect(row.found).toBe(row.acked);
          expect(row.verify).toBe('intact');
        }
        expect(
          result.rows.reduce((n, r) => n + r.acked, 0),
          table,
        ).toBeGreaterThan(0);
        expect(result.rows.at(-1)!.readModel).toBe('same');
        expect(result.ok).toBe(true);
      } finally {
        await drop();
      }
    }, 180_000);
  });
}

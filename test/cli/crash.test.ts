// The crash test (scripts/crash-test.ts) in small: `duban serve` on a temp SQLite file killed with
// SIGKILL three times mid-writes; every acknowledged write is found exactly once where it was
// acknowledged, verify stays intact, and the resumed read model answers as a full rebuild does.
import { describe, expect, it } from 'vitest';
import { formatTable, runCrashTest } from '../../scripts/crash-test.ts';

describe('crash test (kill -9 mid-writes, SQLite)', () => {
  it('loses no acknowledged write and leaves nothing half-written over 3 kills', async () => {
    const lines: string[] = [];
    const result = await runCrashTest({ kills: 3, rate: 60, minRunMs: 600, maxRunMs: 1200, rebuildEvery: 3, log: (line) => lines.push(line) });
    const table = formatTable(result.rows);
    expect(result.rows, lines.join('\n')).toHaveLength(3);
    for (const row of result.rows) {
      expect(row.problems, table + '\n' + lines.join('\n')).toEqual([]);
      expect(row.found).toBe(row.acked);
      expect(row.verify).toBe('intact');
    }
    expect(result.rows.reduce((n, r) => n + r.acked, 0), table).toBeGreaterThan(0);
    expect(result.rows.at(-1)!.readModel).toBe('same');
    expect(result.ok).toBe(true);
  }, 120_000);
});

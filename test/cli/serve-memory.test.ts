// Memory after a rebuild at start: a store whose read model is gone is rebuilt
// when `duban serve` starts, and the process must come back down to what a normal start holds. The
// store carries a task with many long progress reports (one key whose state grows with each), as the
// probe that found the server at ~795 MB did. RSS is read from /proc/<pid>/status until it settles.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveProcess } from '../../scripts/serve-process.ts';
import { createApplication } from '../../src/app/application.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { readModelPathFor } from '../../src/app/read-model/sqlite-read-model.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { TestClock, wuhanPlanFile } from '../support/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'duban-rss-'));
const file = join(dir, 'duban.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REPORTS = 900;

/** The process's resident set (VmRSS), in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

describe.skipIf(!existsSync('/proc/self/status'))('memory after a rebuild at start', () => {
  it(`returns under 300 MB after rebuilding a read model of ${REPORTS} long reports on one task`, { timeout: 240_000 }, async () => {
    const clock = new TestClock(new Date('2023-05-20T02:00:00.000Z'));
    const store = SqliteEventStore.open(file, { clock: clock.read });
    const app = createApplication(store, { clock: clock.read });
    await app.start();
    await app.adoptPlan(await readPlanFile(wuhanPlanFile));
    const done = '完成首批专精特新企业梯度培育名单，召开推进会1次。'.repeat(60); // ~1,500 characters, as a long report is
    for (let i = 0; i < REPORTS; i++) {
      clock.advance(1000);
      await app.reportProgress({ planId: 'wuhan-2023-p1', code: '4.2', unitId: 'jxj', period: '2023-05', done: `${i} ${done}` });
    }
    await app.close();
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(readModelPathFor(file) + suffix, { force: true });

    const served = await serveProcess({ DUBAN_STORE: `sqlite:${file}`, DUBAN_ADMIN_TOKEN: '' }, { startTimeoutMs: 180_000 });
    try {
      expect(served.logs.join('\n')).toMatch(/rebuil/i);
      const pid = served.child.pid!;
      // V8 collects what the rebuild left once the process is idle (its memory reducer, some 10 s on):
      // give it 40 s, reading every second (a real process: real time).
      let rss = rssMb(pid);
      for (let i = 0; i < 40 && rss >= 300; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        rss = rssMb(pid);
      }
      console.log(`RSS after the rebuild: ${rss.toFixed(0)} MB`);
      expect(rss).toBeLessThan(300);
    } finally {
      await served.stop();
    }
  });
});

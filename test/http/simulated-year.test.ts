// The simulated year (scripts/simulate-year.ts) run through the HTTP API in process, and read back
// against values worked out by hand from the facts the script fixes (its header lists them).
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Summary, simulateYear } from '../../scripts/simulate-year.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { get } = jsonCalls(() => h);
let summary: Summary;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.tickMs = 1;
  summary = await simulateYear({
    async call(method, path, body) {
      const res = await h.request(path, { method, ...(body !== undefined ? { json: body } : {}) });
      const answer = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(answer).slice(0, 600)}`);
      return answer;
    },
  });
}, 120_000);
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

type Card = {
  unit: { id: string };
  rank: number | null;
  total: string | null;
  weightCounted: number;
  components: { component: string; counted: boolean; points: string; measure: string }[];
};
const cards = async (validAt: string) =>
  Object.fromEntries(((await get(`${PLAN}/scorecards?validAt=${validAt}`)).items as Card[]).map((c) => [c.unit.id, c])) as Record<string, Card>;
const points = (card: Card) => Object.fromEntries(card.components.map((c) => [c.component, c.counted ? c.points : null]));
// The 20 units that owe only a handling plan (and later an annual summary) and did everything on time.
const RESPONSIBLE_ON_TIME = [
  'rsj',
  'swj',
  'wb',
  'jyj',
  'scjgj',
  'zrzyj',
  'jiangan',
  'jianghan',
  'qiaokou',
  'wuchang',
  'qingshan',
  'hongshan',
  'caidian',
  'jiangxia',
  'dongxihu',
  'huangpi',
  'ehdz',
  'wedz',
  'cjxq',
  'dhfjq',
];

describe('the simulated year', () => {
  it('made its writes through the API: 29 handling plans (fgw twice, xinzhou none), 185 reports (8 × 26 − 19 closed in November − 5 missing + 1 superseding)', () => {
    expect(summary.byKind).toMatchObject({
      'handling plan': 29,
      'handling plan filing': 29,
      report: 185,
      bulletin: 4,
      evaluation: 15,
      reopen: 1,
      'annual summary': 28,
    });
  });

  it('scorecards on 2023-04-15: handling plans and led tasks in progress only (no report due before 05-10, no item yet)', async () => {
    const by = await cards('2023-04-15');
    // A lead unit on time: 10 + ½ × 25 (every led task in progress) + 0 of 15 (no indicator value yet) = 22.5 / 50 = 45.00.
    for (const u of ['fgw', 'rcj', 'czj', 'jxj', 'jrj', 'gzw']) expect(by[u], u).toMatchObject({ total: '45.00', weightCounted: 50, rank: 22 });
    expect(points(by.jxj!)).toEqual({
      handlingPlan: '10.00',
      monthlyReports: null,
      tasks: '12.50',
      indicators: '0.00',
      actionItems: null,
      annualSummary: null,
      evaluation: null,
    });
    // kjj late: 5 + 12.5 = 17.5 / 50 = 35.00; hanyang late, owing only its plan: 50.00; xinzhou none: 0.00.
    expect(by.kjj).toMatchObject({ total: '35.00', rank: 28 });
    expect(by.hanyang).toMatchObject({ total: '50.00', weightCounted: 10, rank: 21 });
    expect(by.xinzhou).toMatchObject({ total: '0.00', rank: 29 });
    for (const u of RESPONSIBLE_ON_TIME) expect(by[u], u).toMatchObject({ total: '100.00', rank: 1 });
  });

  it("scorecards on 2023-07-15: April–June reports, 2.1 at risk (entered late), the first indicator values, jxj's item closed", async () => {
    const by = await cards('2023-07-15');
    // jxj: 12 reports on time 25; tasks ½ → 12.5; indicators 1.2-1, 1.2-2 none, 4.2-1 20 of 60 = 33.33 % < elapsed
    // 106 / 244 = 43.44 % → 0; item closed on time 15. (10 + 25 + 12.5 + 0 + 15) / 90 = 69.44
    expect(points(by.jxj!)).toEqual({
      handlingPlan: '10.00',
      monthlyReports: '25.00',
      tasks: '12.50',
      indicators: '0.00',
      actionItems: '15.00',
      annualSummary: null,
      evaluation: null,
    });
    expect(by.jxj).toMatchObject({ total: '69.44', rank: 24 });
    // fgw: 18 due, 17 on time, May's 1.1 late: 17.5 / 18 × 25 = 24.31; 1.1-1 (2 of 4 = 50 %) on track of 6: 2.5
    // → (10 + 24.3056 + 12.5 + 2.5) / 75 = 65.74
    expect(by.fgw).toMatchObject({ total: '65.74', rank: 25 });
    // kjj: late plan 5; 30 due, 28 in: 23.33; tasks (9 × ½ + ¼ at risk) / 10 = 0.475 × 25 = 11.875; 1.1-1 and
    // 3.3-1 (160 of 300 = 53.33 %) on track of 9: 3.33 → 43.5417 / 75 = 58.06; kjj's item was extended, not overdue.
    expect(points(by.kjj!)).toMatchObject({ handlingPlan: '5.00', monthlyReports: '23.33', tasks: '11.88', indicators: '3.33', actionItems: null });
    expect(by.kjj).toMatchObject({ total: '58.06', rank: 27 });
    // czj: April missing: 2 / 3 × 25 = 16.67; 3.3-1 on track 15 → (10 + 16.6667 + 12.5 + 15) / 75 = 72.22
    expect(by.czj).toMatchObject({ total: '72.22', rank: 23 });
    // jrj, gzw: 3 of 3 reports, 3.3-1 on track: (10 + 25 + 12.5 + 15) / 75 = 83.33; rcj: no value on track: 63.33
    expect(by.jrj).toMatchObject({ total: '83.33', rank: 21 });
    expect(by.gzw).toMatchObject({ total: '83.33', rank: 21 });
    expect(by.rcj).toMatchObject({ total: '63.33', rank: 26 });
  });

  it('scorecards on 2024-01-10: the whole year, every component counted for the lead units', async () => {
    const by = await cards('2024-01-10');
    // jxj: 28 reports on time, 4 tasks completed on time, 4.2-1 met (62 ≥ 60) of 3, item on time, summary on time,
    // 4 tasks rated 满意: 10 + 25 + 25 + 5 + 15 + 5 + 5 = 90.00
    expect(points(by.jxj!)).toEqual({
      handlingPlan: '10.00',
      monthlyReports: '25.00',
      tasks: '25.00',
      indicators: '5.00',
      actionItems: '15.00',
      annualSummary: '5.00',
      evaluation: '5.00',
    });
    expect(by.jxj).toMatchObject({ total: '90.00', weightCounted: 100, rank: 21 });
    // kjj: 5 + 70 / 72 × 25 (24.31) + (8 on time + ½ for 2.2 late + 0 for 3.3 reopened and overdue) / 10 × 25 (21.25)
    // + 2 / 9 × 15 (3.33) + 15 (extended, closed in time) + 2.5 (summary late) + (8 + 0.6 + 0) / 10 × 5 (4.30) = 75.69
    expect(points(by.kjj!)).toEqual({
      handlingPlan: '5.00',
      monthlyReports: '24.31',
      tasks: '21.25',
      indicators: '3.33',
      actionItems: '15.00',
      annualSummary: '2.50',
      evaluation: '4.30',
    });
    expect(by.kjj).toMatchObject({ total: '75.69', rank: 22 });
    // fgw: 42 due, 40 on time, 1 late: 24.11; tasks 25; 1.1-1 and 4.2-1 met of 6: 5; its item overdue: 0 of 15;
    // summary 5; six 满意 5 → 74.11
    expect(by.fgw).toMatchObject({ total: '74.11', rank: 23 });
    // czj: 7 / 8 reports (21.875), 3.3 overdue 0, 3.3-1 met 15, item on time 15, summary 5, 3.3 不满意 0 → 66.88
    expect(by.czj).toMatchObject({ total: '66.88', rank: 24 });
    // hanyang: plan late 5 + summary 5 of 15 → 66.67; jrj, gzw: (10 + 25 + 0 + 15 + 5 + 0) / 85 = 64.71
    expect(by.hanyang).toMatchObject({ total: '66.67', rank: 25 });
    expect(by.jrj).toMatchObject({ total: '64.71', rank: 26 });
    // rcj: 23 due (5.1 done in Nov), 21 on time + ½: 23.37; tasks (1 + 0 + ½) / 3: 12.5; 0 of 3; item late 7.5;
    // summary 5; 5.1 and 5.3 满意 5 → 63.37
    expect(by.rcj).toMatchObject({ total: '63.37', rank: 28 });
    expect(by.xinzhou).toMatchObject({ total: '0.00', rank: 29 });
  });

  it('the action items overdue at a date', async () => {
    const overdue = async (validAt: string) =>
      ((await get(`${PLAN}/action-items?overdue=true&validAt=${validAt}`)).items as { itemId: string }[]).map((i) => i.itemId);
    // 07-01: kjj's item was due 06-30 but extended on 06-28 to 07-31; none overdue.
    expect(await overdue('2023-07-01')).toEqual([]);
    // 10-17: rcj's (due 10-15) until it closed on 10-20; 11-05: fgw's (due 10-31), never closed.
    expect(await overdue('2023-10-17')).toEqual([summary.actionItems['rcj-0914']]);
    expect(await overdue('2023-10-21')).toEqual([]);
    expect(await overdue('2023-11-05')).toEqual([summary.actionItems['fgw-0914']]);
  });

  it('the Q2 bulletin in all four formats, and the published one byte for byte after later events', async () => {
    const live = await get(`${PLAN}/reports/quarterly/2023-Q2`);
    // At 06-30: 14 tasks in progress and 2.1 at risk from 06-15 — entered on 07-10, after the publication (07-07).
    expect(live.sections.tasks.counts.byStatus).toMatchObject({ in_progress: 14, at_risk: 1 });
    const published = await get(`${PLAN}/reports/quarterly/2023-Q2?published=true`);
    expect(published.sections.tasks.counts.byStatus).toMatchObject({ in_progress: 15, at_risk: 0 });
    expect(published.publication).toMatchObject({ note: '2023-Q2 情况季通报' });
    for (const format of ['json', 'md', 'csv', 'xlsx']) {
      const first = await h.request(`${PLAN}/reports/quarterly/2023-Q2?published=true&format=${format}`);
      const again = await h.request(`${PLAN}/reports/quarterly/2023-Q2?published=true&format=${format}`);
      expect(first.status, format).toBe(200);
      const a = Buffer.from(await first.arrayBuffer());
      expect(Buffer.from(await again.arrayBuffer()).equals(a), format).toBe(true);
      expect(first.headers.get('repr-digest'), format).toBe(`sha-256=:${createHash('sha256').update(a).digest('base64')}:`);
      const liveBytes = Buffer.from(await (await h.request(`${PLAN}/reports/quarterly/2023-Q2?format=${format}`)).arrayBuffer());
      expect(liveBytes.equals(a), `${format}: the live bulletin has changed since`).toBe(false);
    }
    // The same figure — tasks at risk: 1 now, 0 as published — in each format.
    const text = async (q: string) => (await h.request(`${PLAN}/reports/quarterly/2023-Q2?${q}`)).text();
    expect(await text('format=md')).toMatch(/\| 有风险\s*\| 1\s*\|/);
    expect(await text('published=true&format=md')).toMatch(/\| 有风险\s*\| 0\s*\|/);
    expect(await text('published=true&format=md')).toMatch(/^# 情况季通报（2023年第二季度）/);
    const csv = Buffer.from(await (await h.request(`${PLAN}/reports/quarterly/2023-Q2?published=true&format=csv`)).arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('\r\n有风险,0\r\n');
    expect(await text('format=csv')).toContain('\r\n有风险,1\r\n');
    const atRisk = async (q: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await (await h.request(`${PLAN}/reports/quarterly/2023-Q2?${q}`)).arrayBuffer());
      let found: unknown;
      book.eachSheet((sheet) =>
        sheet.eachRow((row) => {
          if (row.getCell(1).value === '有风险') found = row.getCell(2).value;
        }),
      );
      return found;
    };
    expect(await atRisk('format=xlsx')).toBe(1);
    expect(await atRisk('published=true&format=xlsx')).toBe(0);
  });
});

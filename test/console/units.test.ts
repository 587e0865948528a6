// 单位 pages of the console on the simulated year, in process: the list in the plan's order (by score
// on request), and a unit's record whose scorecard, tasks and month-by-report grid agree with the REST
// answers for the same validAt (the simulated year's missing and late reports where the script puts them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_REPORTS } from '../../scripts/simulate-year.ts';
import { officeToken, signInInProcess, simulatedHarness } from '../support/console-harness.ts';
import type { Harness } from '../support/harness.ts';

const PLAN_ID = 'wuhan-2023-p1';
const REST = `/plans/${PLAN_ID}`;
const CONSOLE = `/console/plans/${PLAN_ID}`;
let h: Harness;
let cookie = '';

beforeAll(async () => {
  ({ h } = await simulatedHarness());
  cookie = await signInInProcess(h, await officeToken(h));
}, 180_000);
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

async function page(path: string, status = 200): Promise<string> {
  const res = await h.request(path, { headers: { cookie } });
  const html = await res.text();
  expect(res.status, html.slice(0, 400)).toBe(status);
  // The CSP forbids inline style: nothing on these pages may carry it.
  expect(html).not.toMatch(/\sstyle=/);
  return html;
}
const rest = async (path: string) => {
  const res = await h.request(path);
  expect(res.status).toBe(200);
  return res.json();
};
const unitIds = (html: string) => [...html.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]!);
const rowOf = (html: string, attr: string, value: string) => {
  const m = new RegExp(`<tr ${attr}="${value.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
  expect(m, `${attr}=${value}`).not.toBeNull();
  return m![1]!;
};
const cellOf = (row: string, code: string) => new RegExp(`data-task-code="${code.replace(/\./g, '\\.')}" data-report="([a-z_]+)"`).exec(row)?.[1];

describe('单位: the list', () => {
  it("shows every unit in the plan's own order, each row linking to its page", async () => {
    const plan = await h.app.getPlan(PLAN_ID, {});
    const html = await page(`${CONSOLE}/units?validAt=2023-06-30`);
    expect(unitIds(html)).toEqual(plan.units.map((u) => u.id));
    // Links keep the date.
    expect(html).toContain(`href="${CONSOLE}/units/czj?validAt=2023-06-30"`);
  });

  it('shows each unit its red and yellow alerts and its score and rank as the REST answers give them', async () => {
    const html = await page(`${CONSOLE}/units?validAt=2023-06-30`);
    const alerts = await rest(`${REST}/alerts?validAt=2023-06-30`);
    const cards = await rest(`${REST}/scorecards?validAt=2023-06-30`);
    for (const a of alerts.items) {
      const row = rowOf(html, 'data-unit', a.unit.id);
      expect(row).toContain(`data-red="${a.red}" data-yellow="${a.yellow}"`);
      if (a.red) expect(row).toContain('data-light="red">红灯</span>');
    }
    // czj's missing April report on 3.3 is red at 06-30.
    expect(alerts.items.some((a: { unit: { id: string }; red: number }) => a.unit.id === 'czj' && a.red > 0)).toBe(true);
    for (const c of cards.items) {
      const row = rowOf(html, 'data-unit', c.unit.id);
      expect(row).toContain(`data-field="total">${c.total ?? '未评'}</td>`);
      expect(row).toContain(`data-field="rank">${c.rank ?? '—'}</td>`);
    }
  });

  it('sorts by score only when asked (?sort=score): ranked first, highest total first, the unrated last in plan order', async () => {
    const cards = await rest(`${REST}/scorecards?validAt=2023-12-31`);
    const html = await page(`${CONSOLE}/units?validAt=2023-12-31&sort=score`);
    const order = unitIds(html);
    const plan = await h.app.getPlan(PLAN_ID, {});
    expect([...order].sort()).toEqual(plan.units.map((u) => u.id).sort());
    expect(order).not.toEqual(plan.units.map((u) => u.id));
    const rankOf = new Map<string, number | null>(cards.items.map((c: { unit: { id: string }; rank: number | null }) => [c.unit.id, c.rank]));
    const ranks = order.map((id) => rankOf.get(id) ?? null);
    const rated = ranks.filter((r) => r !== null) as number[];
    expect(rated).toEqual([...rated].sort((a, b) => a - b));
    expect(ranks.indexOf(null) === -1 || ranks.slice(ranks.indexOf(null)).every((r) => r === null)).toBe(true);
    expect(order[0]).toBe(cards.items[0].unit.id);
    // The default is the plan's order again.
    expect(unitIds(await page(`${CONSOLE}/units?validAt=2023-12-31`))).toEqual(plan.units.map((u) => u.id));
  });
});

describe("单位台账: a unit's page", () => {
  it("shows the scorecard's every component with the weight and points of the REST scorecard", async () => {
    for (const [unit, validAt] of [
      ['czj', '2023-06-30'],
      ['fgw', '2023-12-31'],
      ['kjj', '2023-09-30'],
    ] as const) {
      const html = await page(`${CONSOLE}/units/${unit}?validAt=${validAt}`);
      const card = await rest(`${REST}/units/${unit}/scorecard?validAt=${validAt}`);
      expect(card.components.length).toBeGreaterThan(5);
      for (const c of card.components) {
        const row = rowOf(html, 'data-component', c.component);
        expect(row).toContain(`data-field="weight">${c.weight}</td>`);
        expect(row).toContain(`data-field="points">${c.points}</td>`);
        expect(row).toContain(c.label);
      }
      expect(html).toContain(`data-field="total">${card.total ?? '未评'}</strong>`);
    }
  });

  it('lists its tasks with the status and light of the REST unit record', async () => {
    const html = await page(`${CONSOLE}/units/fgw?validAt=2023-08-31`);
    const record = await rest(`${REST}/units/fgw?validAt=2023-08-31`);
    expect(record.tasks.length).toBeGreaterThan(0);
    for (const t of record.tasks) {
      const row = rowOf(html, 'data-task', t.code);
      expect(row).toContain(`data-status="${t.status}">${t.statusLabel}</td>`);
      expect(row).toContain(`data-light="${t.light?.light ?? 'none'}"`);
    }
    for (const a of record.alerts) expect(html).toContain(`data-alert="${a.id}"`);
    for (const i of record.actionItems) expect(html).toContain(`data-action-item="${i.itemId}"`);
  });

  it("marks the script's missing reports missing, a late one late, an on-time one on time", async () => {
    for (const [month, code, unit] of MISSING_REPORTS) {
      const html = await page(`${CONSOLE}/units/${unit}?validAt=2023-10-31`);
      expect(cellOf(rowOf(html, 'data-month', month), code), `${unit} ${month} ${code}`).toBe('missing');
    }
    const fgw = await page(`${CONSOLE}/units/fgw?validAt=2023-06-30`);
    expect(cellOf(rowOf(fgw, 'data-month', '2023-05'), '1.1')).toBe('late');
    expect(cellOf(rowOf(fgw, 'data-month', '2023-04'), '1.1')).toBe('on_time');
    // Before its due day (06-10) the April report owed by czj is not yet missing.
    const early = await page(`${CONSOLE}/units/czj?validAt=2023-05-05`);
    expect(cellOf(rowOf(early, 'data-month', '2023-04'), '3.3')).toBe('pending');
  });

  it("counts, over the months due, what the scorecard's monthly-report component counts", async () => {
    for (const unit of ['fgw', 'kjj', 'rcj']) {
      const html = await page(`${CONSOLE}/units/${unit}?validAt=2023-12-31`);
      const card = await rest(`${REST}/units/${unit}/scorecard?validAt=2023-12-31`);
      const measure = card.components.find((c: { component: string }) => c.component === 'monthlyReports').measure as string;
      const [, due, onTime, late] = /应报 (\d+)，按时 (\d+)，逾期 (\d+)/.exec(measure)!.map(Number);
      const cells = [...html.matchAll(/data-report="([a-z_]+)"/g)].map((m) => m[1]);
      // Only the lead tasks owe; a report on a responsible task is shown but not owed.
      const record = await rest(`${REST}/units/${unit}?validAt=2023-12-31`);
      const lead = new Set(record.tasks.filter((t: { role: string }) => t.role === 'lead').map((t: { code: string }) => t.code));
      const leadCells = [...html.matchAll(/data-task-code="([^"]+)" data-report="([a-z_]+)"/g)].filter((m) => lead.has(m[1])).map((m) => m[2]);
      expect(cells.length).toBeGreaterThan(0);
      expect(leadCells.filter((c) => c === 'missing').length, unit).toBe(due! - onTime! - late!);
      expect(leadCells.filter((c) => c === 'late').length, unit).toBe(late);
    }
  });

  it('answers an unknown unit with a Chinese 404 page', async () => {
    const html = await page(`${CONSOLE}/units/nobody?validAt=2023-06-30`, 404);
    expect(html).toContain('未找到');
    expect(html).toContain('lang="zh-CN"');
  });
});

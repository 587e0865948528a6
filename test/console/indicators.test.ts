// 指标 page of the console on the simulated year, in process: every indicator as a chart beside its
// table, and the latest value shown as the REST indicator read gives it at the same validAt and asOf —
// before and after 3.3-1's June value was corrected (07-20), on both axes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function page(query: string): Promise<string> {
  const res = await h.request(`${CONSOLE}/indicators?${query}`, { headers: { cookie } });
  const html = await res.text();
  expect(res.status, html.slice(0, 400)).toBe(200);
  // The CSP forbids inline style: not in the page, not in the charts' SVG.
  expect(html).not.toMatch(/\sstyle=/);
  return html;
}
const rest = async (path: string) => {
  const res = await h.request(path);
  expect(res.status).toBe(200);
  return res.json();
};
const sectionOf = (html: string, id: string) => {
  const m = new RegExp(`<section data-indicator="${id.replace(/\./g, '\\.')}" id="ind-${id.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  expect(m, id).not.toBeNull();
  return m![1]!;
};
const latestShown = (html: string, id: string) => /<span data-field="latest-value">([^<]*)<\/span>/.exec(sectionOf(html, id))![1];
const latestRest = async (id: string, query: string) => {
  const reading = await rest(`${REST}/indicators/${id}?${query}`);
  return reading.latest === null ? '—' : (reading.latest.value as string);
};

describe('指标', () => {
  it("shows every indicator of the plan, in the plan's order, each with a chart (SVG) and a table", async () => {
    const html = await page('validAt=2023-08-31');
    const list = await rest(`${REST}/indicators?validAt=2023-08-31`);
    const ids = [...html.matchAll(/<section data-indicator="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(list.items.map((i: { indicatorId: string }) => i.indicatorId));
    for (const id of ids) {
      const section = sectionOf(html, id!);
      expect(section).toMatch(/<figure class="chart"><svg role="img" aria-label="[^"]+"/);
      expect(section).toContain('<th scope="col">数值所指日期</th>');
    }
  });

  it("shows 3.3-1's latest value as the REST read gives it, before and after the June value's correction, on both axes", async () => {
    const now = await rest(`${REST}/indicators/3.3-1?validAt=2023-08-31`);
    const june = now.series.find((v: { corrections: unknown[] }) => v.corrections.length > 0);
    expect(june, 'the June value was corrected').toBeDefined();
    const correction = june.corrections[0];
    expect(correction.effectiveAt.slice(0, 10)).toBe('2023-07-20');
    // asOf: just before the correction was recorded, and after it.
    const before = new Date(Date.parse(correction.recordedAt) - 1).toISOString();
    const readings = [
      `validAt=2023-08-31&asOf=${encodeURIComponent(before)}`,
      `validAt=2023-08-31&asOf=${encodeURIComponent(correction.recordedAt)}`,
      'validAt=2023-07-19',
      'validAt=2023-07-21',
      'validAt=2023-08-31',
    ];
    const shown: string[] = [];
    for (const q of readings) {
      const value = latestShown(await page(q), '3.3-1')!;
      expect(value, q).toBe(await latestRest('3.3-1', q));
      shown.push(value);
    }
    // Recorded before the correction, the value was the one first reported; after it, the corrected one.
    expect(shown[0]).toBe(correction.from);
    expect(shown[1]).toBe(correction.to);
    expect(shown[0]).not.toBe(shown[1]);
  });

  it('marks a corrected value in the chart and in the table, and shows none before the first value', async () => {
    const html = await page('validAt=2023-08-31');
    const section = sectionOf(html, '3.3-1');
    expect(section).toContain('data-corrected="true"');
    expect(section).toContain('（更正）');
    expect(section).toContain('更正前');
    // Before any value was reported (the first quarter's are reported at its end).
    const early = await page('validAt=2023-03-25');
    expect(latestShown(early, '3.3-1')).toBe(await latestRest('3.3-1', 'validAt=2023-03-25'));
    expect(sectionOf(early, '3.3-1')).toContain('截至查看日期尚无数值');
  });

  it('draws the same reading the same way (the charts are kept by option) and keeps the date in its links', async () => {
    const a = await page('validAt=2023-09-30');
    const b = await page('validAt=2023-09-30');
    expect(b).toBe(a);
    expect(a).toContain(`href="${CONSOLE}/tasks/3.3?validAt=2023-09-30"`);
  });
});

// 公开 on the simulated year, in process: no session needed, the published Q1–Q4 bulletins exactly as
// published (the bytes GET …/reports/quarterly/{quarter}?published=true gives anyone), and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, CONSOLE_PLAN, element, PLAN, PLAN_ID, type SimulatedConsole, simulatedConsole } from './simulated-console.ts';

let s: SimulatedConsole;

beforeAll(async () => {
  s = await simulatedConsole();
}, 180_000);
afterAll(async () => {
  expect(s.h.bugs).toEqual([]);
  await s.h.close();
});

const visit = async (path: string, status = 200) => {
  const res = await s.anonymous(path);
  const text = await res.text();
  expect(res.status, text.slice(0, 400)).toBe(status);
  return text;
};
const QUARTERS = ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4'];

describe('公开', () => {
  it('answers 200 without a session and lists the published Q1–Q4 bulletins', async () => {
    const index = await visit('/console/public');
    expect(attrs(index, 'data-published')).toEqual(QUARTERS);
    expect(index).toContain(`href="/console/public/${PLAN_ID}"`);
    const plan = await visit(`/console/public/${PLAN_ID}`);
    expect(attrs(plan, 'data-published')).toEqual(QUARTERS);
    for (const q of QUARTERS) expect(plan).toContain(`href="/console/public/${PLAN_ID}/bulletins/${q}"`);
  });

  it('shows a published bulletin as published, with its publication date', async () => {
    const page = await visit(`/console/public/${PLAN_ID}/bulletins/2023-Q2`);
    const rest = await (await s.anonymous(`${PLAN}/reports/quarterly/2023-Q2?published=true`)).json();
    expect(element(page, 'p', 'data-published', rest.publication.publishedAt)).toContain('2023-07-07 16:00');
    expect(page).toContain('一、任务进展情况');
    // The evaluation is public only as the Q4 bulletin carries it (the ranking's 满意度测评).
    expect(await visit(`/console/public/${PLAN_ID}/bulletins/2023-Q4`)).toContain('满意度测评');
  });

  it('downloads the bytes GET ?published=true gives anyone', async () => {
    for (const [mine, theirs] of [
      ['csv', 'csv'],
      ['markdown', 'md'],
      ['xlsx', 'xlsx'],
    ] as const) {
      const a = await s.anonymous(`/console/public/${PLAN_ID}/bulletins/2023-Q4/download?format=${mine}`);
      expect(a.status).toBe(200);
      const b = await s.anonymous(`${PLAN}/reports/quarterly/2023-Q4?published=true&format=${theirs}`);
      expect(new Uint8Array(await a.arrayBuffer())).toEqual(new Uint8Array(await b.arrayBuffer()));
    }
  });

  it('shows an unpublished quarter as the API does (404), and keeps the plan pages for signed-in users', async () => {
    await visit(`/console/public/${PLAN_ID}/bulletins/2024-Q1`, 404);
    expect(await visit(`${CONSOLE_PLAN}/meetings`, 401)).toContain('请先登录');
    await visit(`${CONSOLE_PLAN}/alerts`, 401);
  });
});

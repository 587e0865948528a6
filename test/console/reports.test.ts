// 预警与催办 and 月调度 · 季通报 · 年度 on the simulated year, in process: what the pages show equals the
// REST answer for the same axes, and each download gives the REST download's bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../support/harness.ts';
import { attrs, CONSOLE_PLAN, element, PLAN, type SimulatedConsole, signIn, simulatedConsole } from './simulated-console.ts';

let s: SimulatedConsole;

beforeAll(async () => {
  s = await simulatedConsole();
}, 180_000);
afterAll(async () => {
  expect(s.h.bugs).toEqual([]);
  await s.h.close();
});

const html = async (path: string, status = 200) => {
  const res = await s.page(path);
  const text = await res.text();
  expect(res.status, text.slice(0, 400)).toBe(status);
  return text;
};
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

type Alert = { id: string; light: string; unit: { id: string } };
const restAlerts = async (query: string): Promise<Alert[]> =>
  ((await (await s.rest(`${PLAN}/alerts?${query}`)).json()).items as { alerts: Alert[] }[]).flatMap((u) => u.alerts);

/** The alert rows of the page: id and the light its row shows. */
const pageAlerts = (page: string) => attrs(page, 'data-alert').map((id) => ({ id, light: attrs(element(page, 'tr', 'data-alert', id)!, 'data-light')[0] }));

describe('预警与催办', () => {
  it('lists on 2023-06-30 the same red items as GET /alerts, each with its light', async () => {
    const page = await html(`${CONSOLE_PLAN}/alerts?validAt=2023-06-30`);
    const rest = await restAlerts('validAt=2023-06-30');
    expect(rest.filter((a) => a.light === 'red').length).toBeGreaterThan(0);
    expect(pageAlerts(page)).toEqual(rest.map((a) => ({ id: a.id, light: a.light })));
    expect(
      pageAlerts(page)
        .filter((a) => a.light === 'red')
        .map((a) => a.id),
    ).toEqual(rest.filter((a) => a.light === 'red').map((a) => a.id));
  });

  it("shows the office's reminders with their date, unit and what was asked", async () => {
    const page = await html(`${CONSOLE_PLAN}/alerts?validAt=2023-06-30`);
    expect(page).toContain('2023-04-05 10:00');
    expect(element(page, 'tr', 'data-reminder', attrs(page, 'data-reminder')[0]!)).toContain('市财政局');
    expect(page).toContain('请补报4月进展情况');
  });

  it('filters by light and unit with the GET form, as the API does', async () => {
    const page = await html(`${CONSOLE_PLAN}/alerts?validAt=2023-06-30&light=red&unit=czj`);
    const rest = await restAlerts('validAt=2023-06-30&light=red&unit=czj');
    expect(rest.length).toBe(1);
    expect(pageAlerts(page)).toEqual(rest.map((a) => ({ id: a.id, light: a.light })));
    expect(page).toContain('<option value="czj" selected="">');
    const none = await html(`${CONSOLE_PLAN}/alerts?validAt=2023-06-30&light=yellow`);
    expect(pageAlerts(none)).toEqual([]);
    await html(`${CONSOLE_PLAN}/alerts?light=blue`, 400);
  });
});

describe('月调度', () => {
  it("shows May's dispatch on 2023-06-30 with every task's status as GET /reports/monthly gives it, and who is missing", async () => {
    const page = await html(`${CONSOLE_PLAN}/reports/dispatch/2023-05?validAt=2023-06-30`);
    const rest = await (await s.rest(`${PLAN}/reports/monthly/2023-05?validAt=2023-06-30`)).json();
    const statuses = attrs(page, 'data-task').map((code) => [code, attrs(element(page, 'tr', 'data-task', code)!, 'data-status')[0]]);
    expect(statuses).toEqual(rest.items.map((t: { code: string; status: string }) => [t.code, t.status]));
    expect(page).toContain(`data-field="missing-count">${rest.missing.reduce((n: number, m: { tasks: string[] }) => n + m.tasks.length, 0)}<`);
    expect(element(page, 'tr', 'data-unit', 'kjj')).toContain('2.1');
  });

  it('downloads the same CSV bytes as the REST download, with a file name', async () => {
    const mine = await s.page(`${CONSOLE_PLAN}/reports/dispatch/2023-05/download?format=csv&validAt=2023-06-30`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-disposition')).toBe('attachment; filename="duban-wuhan-2023-p1-2023-05.csv"');
    const rest = await s.rest(`${PLAN}/reports/monthly/2023-05?format=csv&validAt=2023-06-30`);
    expect(await bytes(mine)).toEqual(await bytes(rest));
  });

  it('refuses a month it cannot read with a Chinese page', async () => {
    expect(await html(`${CONSOLE_PLAN}/reports/dispatch/2023-13`, 400)).toContain('期间有误');
    await html(`${CONSOLE_PLAN}/reports/dispatch/2023-05/download?format=xlsx`, 400);
  });
});

describe('季通报 and the year', () => {
  it('lists the months, quarters and years, each published quarter marked', async () => {
    const page = await html(`${CONSOLE_PLAN}/reports?validAt=2023-06-30`);
    expect(attrs(page, 'data-published')).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
    expect(page).toContain(`href="${CONSOLE_PLAN}/reports/dispatch/2023-06?validAt=2023-06-30"`);
    expect(page).not.toContain(`href="${CONSOLE_PLAN}/reports/dispatch/2023-07?validAt=2023-06-30"`);
    expect(page).toContain(`href="${CONSOLE_PLAN}/reports/annual/2023?validAt=2023-06-30"`);
  });

  it('shows the Q2 bulletin marked as published on 2023-07-07, and the published text on asking', async () => {
    const page = await html(`${CONSOLE_PLAN}/reports/bulletin/2023-Q2`);
    expect(element(page, 'span', 'data-field', 'published-at')).toContain('2023-07-07 16:00');
    expect(page).toContain('一、任务进展情况');
    const published = await html(`${CONSOLE_PLAN}/reports/bulletin/2023-Q2?published=true`);
    const rest = await (await s.rest(`${PLAN}/reports/quarterly/2023-Q2?published=true`)).json();
    expect(published).toContain(`data-published="${rest.publication.publishedAt}"`);
  });

  it('downloads each format with the same bytes as the REST download, live and as published', async () => {
    for (const [mine, theirs] of [
      ['csv', 'csv'],
      ['markdown', 'md'],
      ['xlsx', 'xlsx'],
    ] as const) {
      for (const published of ['', '&published=true']) {
        const a = await s.page(`${CONSOLE_PLAN}/reports/bulletin/2023-Q2/download?format=${mine}${published}`);
        expect(a.status).toBe(200);
        expect(a.headers.get('content-disposition')).toContain(`.${theirs}"`);
        const b = await s.rest(`${PLAN}/reports/quarterly/2023-Q2?format=${theirs}${published}`);
        expect(await bytes(a)).toEqual(await bytes(b));
      }
    }
  });

  it("shows the year's summary material and downloads what GET /reports/annual gives", async () => {
    const page = await html(`${CONSOLE_PLAN}/reports/annual/2023`);
    expect(page).toContain('总结材料（2023年度）');
    const a = await s.page(`${CONSOLE_PLAN}/reports/annual/2023/download?format=markdown`);
    const b = await s.rest(`${PLAN}/reports/annual/2023?format=md`);
    expect(await a.text()).toBe(await b.text());
  });

  it('asks for a session: a visitor is refused the report pages and their downloads', async () => {
    expect((await s.anonymous(`${CONSOLE_PLAN}/reports/bulletin/2023-Q2`)).status).toBe(401);
    expect((await s.anonymous(`${CONSOLE_PLAN}/reports/bulletin/2023-Q2/download?format=csv`)).status).toBe(401);
  });
});

describe('a bulletin published with a document number', () => {
  it('is marked with its number and date on the index and the bulletin page', async () => {
    const h = await startHarness({ now: '2023-07-07T08:00:00.000Z' });
    try {
      const res = await h.request(`${PLAN}/reports/quarterly/2023-Q2/publish`, { method: 'POST', json: { documentNumber: '武科办〔2023〕18号' } });
      expect(res.status).toBe(201);
      const { token } = await h.app.issueToken({ name: '测试办公室', role: 'office', actor: { id: 'console-test', role: 'system' } });
      const cookie = await signIn(h, token);
      const page = await (await h.request(`${CONSOLE_PLAN}/reports/bulletin/2023-Q2`, { headers: { cookie } })).text();
      expect(element(page, 'span', 'data-field', 'document-number')).toContain('武科办〔2023〕18号');
      expect(element(page, 'span', 'data-field', 'published-at')).toContain('2023-07-07 16:00');
      const index = await (await h.request(`${CONSOLE_PLAN}/reports`, { headers: { cookie } })).text();
      expect(element(index, 'span', 'data-published', '2023-Q2')).toContain('武科办〔2023〕18号');
      expect(h.bugs).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

// The console's 总览 and 任务 pages on the simulated year, in process: the status and light a page shows
// for a task on a date (and as recorded by a time) are the REST answer's for the same validAt and asOf;
// the list's filters filter; an unknown task is a Chinese 404 page; the overview counts what the list has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeToken, signInInProcess, simulatedHarness } from '../support/console-harness.ts';
import type { Harness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
const CONSOLE = '/console/plans/wuhan-2023-p1';
let h: Harness;
let cookie: string;
const { get } = jsonCalls(() => h);

beforeAll(async () => {
  ({ h } = await simulatedHarness());
  cookie = await signInInProcess(h, await officeToken(h));
}, 180_000);
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

/** A console page as the signed-in office sees it. */
async function page(path: string, status = 200): Promise<string> {
  const res = await h.request(path, { headers: { cookie } });
  const html = await res.text();
  expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return html;
}

const axes = (validAt: string, asOf?: string) => new URLSearchParams({ validAt, ...(asOf ? { asOf } : {}) }).toString();

/** The task rows of a page: their hooks, in order. */
function taskRows(html: string) {
  return html
    .split('<tr data-task="')
    .slice(1)
    .map((row) => {
      const body = row.slice(0, row.indexOf('</tr>'));
      return {
        code: body.slice(0, body.indexOf('"')),
        status: /data-status="([^"]+)"/.exec(body)?.[1],
        light: /data-light="([^"]+)"/.exec(body)?.[1],
      };
    });
}

/** The status and light the task page shows. */
function taskPageHooks(html: string) {
  const status = /<dd data-field="status" data-status="([^"]+)"/.exec(html)?.[1];
  const lightCell = html.slice(html.indexOf('<dd data-field="light"'));
  const light = /data-light="([^"]+)"/.exec(lightCell)?.[1];
  return { status, light };
}

/** What the API answers for the task on the same axes: its status, and its light (none when it has none). */
async function rest(code: string, validAt: string, asOf?: string) {
  const task = await get(`${PLAN}/tasks/${code}?${axes(validAt, asOf)}`);
  return { status: task.status as string, light: (task.light?.light as string | undefined) ?? 'none' };
}

describe('任务 and 总览 on the simulated year', () => {
  it('shows each task with the status and light the API gives for the same validAt, on the list and on its page', async () => {
    for (const validAt of ['2023-06-30', '2023-11-25', '2023-12-31']) {
      const rows = taskRows(await page(`${CONSOLE}/tasks?${axes(validAt)}`));
      expect(rows.map((r) => r.code)).toEqual((await get(`${PLAN}/tasks?${axes(validAt)}`)).items.map((t: { code: string }) => t.code));
      for (const row of rows) expect({ status: row.status, light: row.light }, `${row.code} at ${validAt}`).toEqual(await rest(row.code, validAt));
      for (const code of ['2.1', '3.3', '5.2']) {
        expect(taskPageHooks(await page(`${CONSOLE}/tasks/${code}?${axes(validAt)}`)), `${code} at ${validAt}`).toEqual(await rest(code, validAt));
      }
    }
    // The facts the year fixes: 2.1 at risk in June, completed by the year's end; 3.3 reopened 12-28 and overdue; 5.2 never done.
    expect(taskPageHooks(await page(`${CONSOLE}/tasks/2.1?${axes('2023-06-30')}`))).toEqual({ status: 'at_risk', light: 'green' });
    expect(taskPageHooks(await page(`${CONSOLE}/tasks/2.1?${axes('2023-12-31')}`))).toEqual({ status: 'completed', light: 'green' });
    expect(taskPageHooks(await page(`${CONSOLE}/tasks/3.3?${axes('2023-12-31')}`))).toEqual({ status: 'in_progress', light: 'red' });
  });

  it('reads as recorded by asOf: before the late entry of 2.1 at risk, June shows it in progress, as the API does', async () => {
    const history = await get(`${PLAN}/tasks/2.1/history`);
    const late = history.items.find((e: { changes: { after: string | null }[] }) => e.changes.some((c) => c.after === 'at_risk'));
    const before = new Date(Date.parse(late.recordedAt) - 1).toISOString();
    const asOfBefore = await rest('2.1', '2023-06-30', before);
    expect(asOfBefore.status).toBe('in_progress');
    expect(taskPageHooks(await page(`${CONSOLE}/tasks/2.1?${axes('2023-06-30', before)}`))).toEqual(asOfBefore);
    const row = taskRows(await page(`${CONSOLE}/tasks?${axes('2023-06-30', before)}`)).find((r) => r.code === '2.1')!;
    expect({ status: row.status, light: row.light }).toEqual(asOfBefore);
    expect(taskPageHooks(await page(`${CONSOLE}/tasks/2.1?${axes('2023-06-30', late.recordedAt)}`)).status).toBe('at_risk');
  });

  it('filters the list by status, section, unit and light, keeping the axes in the form', async () => {
    const at = axes('2023-12-31');
    const completed = taskRows(await page(`${CONSOLE}/tasks?${at}&status=completed`));
    const restCompleted = (await get(`${PLAN}/tasks?${at}&status=completed`)).items.map((t: { code: string }) => t.code);
    expect(completed.map((r) => r.code)).toEqual(restCompleted);
    expect(completed.every((r) => r.status === 'completed')).toBe(true);

    const section2 = taskRows(await page(`${CONSOLE}/tasks?${at}&section=2`));
    expect(section2.map((r) => r.code)).toEqual(['2.1', '2.2', '2.3']);

    const rcj = taskRows(await page(`${CONSOLE}/tasks?${at}&unit=rcj`));
    expect(rcj.map((r) => r.code)).toEqual((await get(`${PLAN}/tasks?${at}&unit=rcj`)).items.map((t: { code: string }) => t.code));
    expect(rcj.length).toBeGreaterThan(0);
    expect(rcj.length).toBeLessThan(15);

    const red = taskRows(await page(`${CONSOLE}/tasks?${at}&light=red`));
    expect(red.map((r) => r.code)).toEqual(['3.3', '5.2']);
    expect(red.every((r) => r.light === 'red')).toBe(true);

    const both = taskRows(await page(`${CONSOLE}/tasks?${at}&section=5&status=in_progress`));
    expect(both.map((r) => r.code)).toEqual(['5.2']);

    const html = await page(`${CONSOLE}/tasks?${at}&status=completed`);
    expect(html).toContain('<input type="hidden" name="validAt" value="2023-12-31"');
    expect(html).toMatch(/<option value="completed" selected="">|<option value="completed" selected>/);
    await page(`${CONSOLE}/tasks?${at}&status=overdue`, 400);
    await page(`${CONSOLE}/tasks?${at}&unit=nobody`, 400);
  });

  it('opens for a unit token as for the office: the same tasks, statuses and lights', async () => {
    const { token } = await h.app.issueToken({ name: '测试：市科技局', role: 'unit', unitId: 'kjj', actor: { id: 'test', role: 'system' } });
    const res = await h.request('/console/sign-in', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next: '/console/' }).toString(),
    });
    const unitCookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const asUnit = async (path: string) => {
      const r = await h.request(path, { headers: { cookie: unitCookie } });
      expect(r.status, path).toBe(200);
      return r.text();
    };
    const at = axes('2023-12-31');
    expect(taskRows(await asUnit(`${CONSOLE}/tasks?${at}`))).toEqual(taskRows(await page(`${CONSOLE}/tasks?${at}`)));
    expect(taskPageHooks(await asUnit(`${CONSOLE}/tasks/2.1?${at}`))).toEqual(await rest('2.1', '2023-12-31'));
    expect(await asUnit(`${CONSOLE}?${at}`)).toContain('data-count-status="completed">13<');
  });

  it('answers an unknown task with a Chinese 404 page', async () => {
    const html = await page(`${CONSOLE}/tasks/9.9?${axes('2023-12-31')}`, 404);
    expect(html).toContain('未找到');
    expect(html).toContain('lang="zh-CN"');
    expect(html).not.toMatch(/at \w+ \(|"type":/);
  });

  it('links the task history to its events on the audit page, keeping the axes', async () => {
    const html = await page(`${CONSOLE}/tasks/2.1?${axes('2023-12-31')}`);
    const history = await get(`${PLAN}/tasks/2.1/history?${axes('2023-12-31')}`);
    expect(history.items.length).toBe(3);
    for (const e of history.items) expect(html).toContain(`${CONSOLE}/audit?validAt=2023-12-31&amp;event=${e.eventId}`);
    expect(html).toContain('有风险 → 已完成');
  });

  it('counts on the overview what the list has: 13 tasks completed on 2023-12-31 (3.3 reopened), with lights by section', async () => {
    const html = await page(`${CONSOLE}?${axes('2023-12-31')}`);
    const restCompleted = (await get(`${PLAN}/tasks?${axes('2023-12-31')}&status=completed`)).items.length;
    expect(restCompleted).toBe(13);
    expect(html).toContain(`data-count-status="completed">${restCompleted}<`);
    expect(html).toContain('data-count-status="all">15<');
    // Section 3 has 3.3 red, section 5 has 5.2 red.
    const section = (n: number) => html.slice(html.indexOf(`<tr data-section="${n}">`), html.indexOf('</tr>', html.indexOf(`<tr data-section="${n}">`)));
    expect(section(3)).toMatch(/data-light-count="red"><a [^>]*>1</);
    expect(section(1)).toMatch(/data-light-count="red">0</);
    expect(html).toContain('总结汇报阶段');
    // The week's changes link to their events.
    expect(html).toMatch(/<a href="\/console\/plans\/wuhan-2023-p1\/audit\?validAt=2023-12-31&amp;event=[^"]+">/);
    // Alerts per unit link to the unit page.
    const alerts = await get(`${PLAN}/alerts?${axes('2023-12-31')}`);
    for (const u of alerts.items) expect(html).toContain(`<tr data-unit="${u.unit.id}">`);
  });
});

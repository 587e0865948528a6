// Deadlines and lights (临近提醒, 到期催办): GET /plans/{planId}/alerts at dates worked out by hand,
// reminders (催办) and the unit's record, the task page's light, and a plan with a working-day calendar.
//
// The Wuhan plan: yellowLightDays 3 (default), monthlyReportDueDay 10 (default), handling plans due
// 2023-03-31 (→ 2023-03-31T15:59:59.999Z), tasks due at the end of 具体办理阶段 2023-11-30, monthly
// reports owed by the lead units for April–November (reporting has monthly_dispatch, monthly).
// 29 units owe a handling plan; 26 (task, lead unit) pairs, groups expanded, owe a report each month:
//   fgw 1.1 1.2 1.3 4.1 4.2 4.3 · kjj 1.1 1.2 1.3 2.1 2.2 2.3 3.1 3.2 3.3 4.1 · jxj 1.2 1.3 4.1 4.2
//   jrj 3.3 · gzw 3.3 · czj 3.3 · rcj 5.1 5.2 5.3  (6 + 10 + 4 + 1 + 1 + 1 + 3 = 26)
// The office records, back-dated (+08:00):
//   jxj handling plan submitted 03-29 10:00; fgw submitted 03-28 10:00, returned 03-30 15:00,
//   resubmitted 04-04 10:00; kjj submitted 04-06 10:00 (late). jxj's April report on 4.2 on 05-05.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { type Harness, startHarness, wuhanPlanFile } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { get, post } = jsonCalls(() => h);

const handlingPlan = (taskCode: string, effectiveAt: string) => ({
  title: '具体办理工作方案',
  summary: '明确责任处室、工作措施和时间节点。',
  measures: [{ taskCode, text: '细化落实措施' }],
  effectiveAt,
});
type Alerts = { counts: { red: number; yellow: number }; items: { unit: { id: string }; red: number; yellow: number; alerts: Record<string, any>[] }[] };
const alertsOf = (body: Alerts, unitId: string) => body.items.find((i) => i.unit.id === unitId)?.alerts ?? [];
const idsOf = (body: Alerts, unitId: string) => alertsOf(body, unitId).map((a) => a.id);

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  await post(`${PLAN}/units/jxj/handling-plan`, handlingPlan('4.2', '2023-03-29T10:00:00+08:00'));
  await post(`${PLAN}/units/fgw/handling-plan`, handlingPlan('1.1', '2023-03-28T10:00:00+08:00'));
  await post(`${PLAN}/units/fgw/handling-plan/filing`, { outcome: 'returned', reason: '工作措施未明确时间节点', effectiveAt: '2023-03-30T15:00:00+08:00' });
  await post(`${PLAN}/units/fgw/handling-plan`, handlingPlan('1.1', '2023-04-04T10:00:00+08:00'));
  await post(`${PLAN}/units/kjj/handling-plan`, handlingPlan('1.1', '2023-04-06T10:00:00+08:00'));
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2023-04', done: '完成产业链调研', effectiveAt: '2023-05-05T10:00:00+08:00' });
  h.clock.set('2026-12-02T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/alerts at three dates', () => {
  it('2023-03-27: nothing is within three days of its due date yet', async () => {
    const body = await get(`${PLAN}/alerts?validAt=2023-03-27`);
    expect(body).toMatchObject({ planId: 'wuhan-2023-p1', yellowLightDays: 3, countsWorkingDays: false, counts: { red: 0, yellow: 0 }, items: [] });
  });

  it('2023-03-30: handling plans are yellow (3-31 is 1 day off) except the submitted ones; fgw yellow again from its return', async () => {
    const body = await get(`${PLAN}/alerts?validAt=2023-03-30`);
    // 29 owe; jxj (3-29) is in; fgw was in from 3-28 but returned 3-30 15:00 → owed again, yellow.
    expect(body.counts).toEqual({ red: 0, yellow: 28 });
    expect(idsOf(body, 'jxj')).toEqual([]);
    const [fgw] = alertsOf(body, 'fgw');
    expect(fgw).toMatchObject({
      id: 'handling-plan:fgw',
      kind: 'handling_plan',
      kindLabel: '办理工作方案',
      unit: { id: 'fgw', name: '市发改委', kind: 'unit' },
      light: 'yellow',
      lightLabel: '黄灯',
      dueDate: '2023-03-31',
      dueAt: '2023-03-31T15:59:59.999Z',
      since: '2023-03-30T07:00:00.000Z', // the return, later than yellow's start (3-28 00:00 = 3-27T16:00Z)
      daysLeft: 1,
      daysOverdue: null,
      done: false,
      reminders: [],
      href: '/plans/wuhan-2023-p1/units/fgw/handling-plan',
    });
    expect(alertsOf(body, 'kjj')[0]).toMatchObject({ light: 'yellow', since: '2023-03-27T16:00:00.000Z', daysLeft: 1 });
  });

  it('2023-04-05: the 26 that had not submitted are red since 4-01 00:00 Shanghai; fgw resubmitted, so green', async () => {
    const body = await get(`${PLAN}/alerts?validAt=2023-04-05`);
    // 29 − jxj − fgw = 27 red (kjj submits only on 4-06); no report is due before 5-10.
    expect(body.counts).toEqual({ red: 27, yellow: 0 });
    expect(idsOf(body, 'fgw')).toEqual([]);
    expect(alertsOf(body, 'kjj')).toEqual([
      expect.objectContaining({ id: 'handling-plan:kjj', light: 'red', since: '2023-03-31T16:00:00.000Z', daysOverdue: 5 }),
    ]);
    expect(body.items.map((i: { unit: { id: string } }) => i.unit.id)).not.toContain('jxj');
  });

  it('2023-05-08: April reports are yellow (due 5-10, 2 days left); jxj reported on 4.2 and owes 1.2, 1.3, 4.1', async () => {
    const body = await get(`${PLAN}/alerts?validAt=2023-05-08`);
    // red: 29 − jxj − fgw − kjj = 26 handling plans; yellow: 26 April pairs − jxj's 4.2 = 25.
    expect(body.counts).toEqual({ red: 26, yellow: 25 });
    expect(idsOf(body, 'jxj')).toEqual(['monthly-report:2023-04:1.2:jxj', 'monthly-report:2023-04:1.3:jxj', 'monthly-report:2023-04:4.1:jxj']);
    expect(alertsOf(body, 'jxj')[0]).toMatchObject({
      kind: 'monthly_report',
      kindLabel: '月度信息报送',
      task: { code: '1.2' },
      period: '2023-04',
      owed: expect.stringMatching(/^1\.2 .+：2023-04 进展情况$/),
      light: 'yellow',
      dueDate: '2023-05-10',
      dueAt: '2023-05-10T15:59:59.999Z',
      since: '2023-05-06T16:00:00.000Z', // 5-07 00:00 Shanghai, 3 days before 5-10
      daysLeft: 2,
      href: '/plans/wuhan-2023-p1/reports/monthly/2023-04',
    });
    // A unit's reds come before its yellows.
    expect(alertsOf(body, 'rcj').map((a) => a.light)).toEqual(['red', 'yellow', 'yellow', 'yellow']);
  });

  it('a withdrawn (撤回) submission owes the plan again: kjj red again from the withdrawal', async () => {
    await post(`${PLAN}/units/kjj/handling-plan/withdrawal`, { reason: '误报：报送了旧稿', effectiveAt: '2023-04-08T10:00:00+08:00' });
    expect(idsOf(await get(`${PLAN}/alerts?validAt=2023-04-07&unit=kjj`), 'kjj')).toEqual([]);
    const after = await get(`${PLAN}/alerts?validAt=2023-04-09&unit=kjj`);
    expect(alertsOf(after, 'kjj')).toEqual([expect.objectContaining({ id: 'handling-plan:kjj', light: 'red', since: '2023-04-08T02:00:00.000Z' })]);
  });

  it('?unit= and ?light= narrow the list; a group stands for its members', async () => {
    const red = await get(`${PLAN}/alerts?validAt=2023-05-11&unit=jxj&light=red`);
    expect(red.counts).toEqual({ red: 3, yellow: 0 });
    expect(red.items.map((i: { unit: { id: string } }) => i.unit.id)).toEqual(['jxj']);
    expect(alertsOf(red, 'jxj')[0]).toMatchObject({ light: 'red', since: '2023-05-10T16:00:00.000Z', daysOverdue: 1 });
    const districts = await get(`${PLAN}/alerts?validAt=2023-04-05&unit=districts`);
    expect(districts.counts).toEqual({ red: 16, yellow: 0 }); // 16 districts, none submitted
    expect((await get(`${PLAN}/alerts?validAt=2023-04-05&light=yellow`)).counts).toEqual({ red: 0, yellow: 0 });
  });

  it('refuses an unknown unit and a light that is not yellow or red, naming the field', async () => {
    for (const [query, pointer] of [
      ['unit=nobody', '/unit'],
      ['light=green', '/light'],
      ['validAt=soon', '/validAt'],
    ] as const) {
      const res = await h.request(`${PLAN}/alerts?${query}`);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).errors[0]).toMatchObject({ in: 'query', pointer });
    }
  });
});

describe('tasks: due at the end of the implementation phase unless amended; green once completed', () => {
  it('the task page shows the light: green, yellow from 11-27, red from 12-01', async () => {
    expect((await get(`${PLAN}/tasks/1.1?validAt=2023-11-26`)).light).toMatchObject({ light: 'green', dueDate: '2023-11-30', daysLeft: 4, since: null });
    expect((await get(`${PLAN}/tasks/1.1?validAt=2023-11-27`)).light).toMatchObject({ light: 'yellow', daysLeft: 3, since: '2023-11-26T16:00:00.000Z' });
    expect((await get(`${PLAN}/tasks/1.1?validAt=2023-12-01`)).light).toMatchObject({ light: 'red', daysOverdue: 1, since: '2023-11-30T16:00:00.000Z' });
    const alerts = await get(`${PLAN}/alerts?validAt=2023-11-27&unit=fgw`);
    expect(idsOf(alerts, 'fgw').filter((id: string) => id.startsWith('task:'))).toEqual([
      'task:1.1:fgw',
      'task:1.2:fgw',
      'task:1.3:fgw',
      'task:4.1:fgw',
      'task:4.2:fgw',
      'task:4.3:fgw',
    ]);
  });

  it('a completed task is green from its completion, and owes no more reports; an amended deadline moves the light', async () => {
    await post(`${PLAN}/tasks/4.2/status`, { status: 'in_progress', reason: '启动', effectiveAt: '2023-04-10T10:00:00+08:00' });
    await post(`${PLAN}/tasks/4.2/status`, {
      status: 'completed',
      reason: '办结',
      evidence: { summary: '验收通过' },
      effectiveAt: '2023-10-20T10:00:00+08:00',
    });
    const page = await get(`${PLAN}/tasks/4.2?validAt=2023-12-15`);
    expect(page.light).toMatchObject({ light: 'green', done: true, since: '2023-10-20T02:00:00.000Z' });
    const before = await get(`${PLAN}/alerts?validAt=2023-10-19&unit=jxj`);
    expect(idsOf(before, 'jxj')).toContain('monthly-report:2023-05:4.2:jxj');
    const after = await get(`${PLAN}/alerts?validAt=2023-12-15&unit=jxj`);
    expect(idsOf(after, 'jxj').filter((id: string) => id.includes(':4.2:'))).toEqual([]);

    await post(`${PLAN}/amendments`, {
      reason: '提前完成',
      effectiveAt: '2023-05-01T09:00:00+08:00',
      changes: [{ kind: 'task-deadline', taskCode: '1.2', deadline: '2023-06-30' }],
    });
    expect((await get(`${PLAN}/tasks/1.2?validAt=2023-04-30`)).light).toMatchObject({ light: 'green', dueDate: '2023-11-30' });
    expect((await get(`${PLAN}/tasks/1.2?validAt=2023-07-01`)).light).toMatchObject({ light: 'red', dueDate: '2023-06-30', daysOverdue: 1 });
  });
});

describe("POST /plans/{planId}/alerts/{alertId}/reminder (催办) and the unit's record", () => {
  it("records a reminder the alert and the unit's record show from its effectiveAt on", async () => {
    const res = await post(
      `${PLAN}/alerts/handling-plan:kjj/reminder`,
      { note: '请于4月7日前报送具体办理工作方案', effectiveAt: '2023-04-04T09:30:00+08:00' },
      201,
    );
    expect(res.reminder).toMatchObject({
      alertId: 'handling-plan:kjj',
      kind: 'handling_plan',
      light: 'red',
      note: '请于4月7日前报送具体办理工作方案',
      effectiveAt: '2023-04-04T01:30:00.000Z',
      actor: { role: 'office' },
    });
    expect(res.alert).toMatchObject({ id: 'handling-plan:kjj', light: 'red', reminders: [{ reminderId: res.reminder.reminderId }] });

    const alerts = await get(`${PLAN}/alerts?validAt=2023-04-05&unit=kjj`);
    expect(alertsOf(alerts, 'kjj')[0]!.reminders).toHaveLength(1);
    expect(alertsOf(await get(`${PLAN}/alerts?validAt=2023-04-03&unit=kjj`), 'kjj')[0]!.reminders).toEqual([]);

    const record = await get(`${PLAN}/units/kjj?validAt=2023-04-05`);
    expect(record).toMatchObject({
      unit: { id: 'kjj', kind: 'unit' },
      handlingPlan: { status: 'not_submitted', timeliness: 'overdue', light: { light: 'red' } },
      reminders: [{ alertId: 'handling-plan:kjj', note: '请于4月7日前报送具体办理工作方案' }],
    });
    // kjj leads ten tasks (above) and shares 4.3, 5.1 and 5.2 as a responsible unit (责任单位).
    expect(record.tasks.map((t: { code: string; role: string }) => `${t.code} ${t.role}`)).toEqual([
      ...['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1'].map((c) => `${c} lead`),
      '4.3 responsible',
      '5.1 responsible',
      '5.2 responsible',
    ]);
    expect(record.tasks[0]).toMatchObject({ role: 'lead', status: 'not_started', light: { light: 'green', dueDate: '2023-11-30' } });
    expect(record.alerts.map((a: { id: string }) => a.id)).toEqual(['handling-plan:kjj']);
    const audit = await get(`/audit?planId=wuhan-2023-p1&type=ReminderSent`);
    expect(audit.items).toEqual([
      expect.objectContaining({
        summary: '催办单位 市科技局：办理工作方案（红灯）',
        reason: '请于4月7日前报送具体办理工作方案',
        effectiveAt: '2023-04-04T01:30:00.000Z',
      }),
    ]);
    const later = await get(`${PLAN}/units/kjj?validAt=2023-04-07`);
    expect(later).toMatchObject({ handlingPlan: { status: 'submitted', timeliness: 'late', light: { light: 'green', done: true } }, alerts: [] });
    expect(later.reminders).toHaveLength(1);
  });

  it('refuses what is not due, what names nothing, a reminder back-dated past the last, and bad input — writing nothing', async () => {
    await post(`${PLAN}/alerts/handling-plan:kjj/reminder`, { note: '请尽快报送', effectiveAt: '2023-04-04T09:30:00+08:00' }, 201);
    const head = async () => (await h.request('/events?limit=1&order=desc')).json();
    const before = JSON.stringify(await head());
    const refuse = async (alertId: string, json: unknown, status: number, type?: string) => {
      const res = await h.request(`${PLAN}/alerts/${alertId}/reminder`, { method: 'POST', json });
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = await res.json();
      if (type) expect(body.type).toContain(type);
      return body;
    };
    // jxj submitted on 3-29: green on 4-04.
    await refuse('handling-plan:jxj', { note: '催办', effectiveAt: '2023-04-04T09:30:00+08:00' }, 409, 'alert-not-due');
    await refuse('handling-plan:nobody', { note: '催办' }, 404, 'alert-not-found');
    await refuse('task:9.9:kjj', { note: '催办' }, 404, 'alert-not-found');
    await refuse('task:2.1:jxj', { note: '催办' }, 404, 'alert-not-found'); // jxj does not lead 2.1
    await refuse('monthly-report:2031-01:1.1:kjj', { note: '催办' }, 404, 'alert-not-found'); // not a month of the plan
    await refuse('not-an-alert', { note: '催办' }, 404, 'alert-not-found');
    // April's report is due 5-10: green on 4-03.
    await refuse('monthly-report:2023-04:1.1:kjj', { note: '催办', effectiveAt: '2023-04-03T09:00:00+08:00' }, 409, 'alert-not-due');
    // Back-dated before kjj's latest reminder.
    const conflict = await refuse('handling-plan:kjj', { note: '催办', effectiveAt: '2023-04-04T09:00:00+08:00' }, 409, 'valid-time-conflict');
    expect(conflict.detail).toContain('latest reminder to kjj');
    const bad = await refuse('handling-plan:kjj', { note: '催办', effectiveAt: '2022-01-01T00:00:00+08:00' }, 422);
    expect(bad.errors[0]).toMatchObject({ in: 'body', pointer: '/effectiveAt' });
    expect((await refuse('handling-plan:kjj', { note: 42 }, 422)).errors[0]).toMatchObject({ pointer: '/note' });
    expect((await refuse('handling-plan:kjj', { note: '催办', nope: 1 }, 422)).errors[0].pointer).toBe('/nope');
    expect((await refuse('handling-plan:kjj', {}, 422)).errors[0].pointer).toBe('/note');
    expect(JSON.stringify(await head())).toBe(before);
  });

  it('a unit the plan does not name has no record', async () => {
    const res = await h.request(`${PLAN}/units/nobody`);
    expect(res.status).toBe(404);
  });
});

describe('a plan with a working-day calendar counts the window in working days', () => {
  it('handling plans due Thu 2023-05-04 (after 劳动节) are yellow from Wed 4-26, not Mon 5-01', async () => {
    const wuhan = await readPlanFile(wuhanPlanFile);
    await h.app.adoptPlan({
      ...wuhan,
      id: 'wuhan-cal',
      handlingPlanDeadline: '2023-05-04',
      workingDayCalendar: {
        weekendDays: [6, 7],
        holidays: ['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03'],
        workingDays: ['2023-04-23', '2023-05-06'],
      },
    });
    // Working days after 4-26 up to 5-04: 4-27, 4-28, 5-04 = 3 → yellow; after 4-25: 4 → green.
    expect((await get('/plans/wuhan-cal/alerts?validAt=2023-04-25')).counts).toEqual({ red: 0, yellow: 0 });
    const body = await get('/plans/wuhan-cal/alerts?validAt=2023-04-26&unit=jxj');
    expect(body).toMatchObject({ countsWorkingDays: true, counts: { red: 0, yellow: 1 } });
    expect(alertsOf(body, 'jxj')[0]).toMatchObject({ id: 'handling-plan:jxj', daysLeft: 3, since: '2023-04-25T16:00:00.000Z', countsWorkingDays: true });
    // 4-30 (a holiday): only 5-04 is left.
    expect(alertsOf(await get('/plans/wuhan-cal/alerts?validAt=2023-04-30&unit=jxj'), 'jxj')[0]).toMatchObject({ daysLeft: 1 });
  });
});

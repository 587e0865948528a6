// Annual summaries (年度总结): the list at two dates with on time / late / not submitted worked out by
// hand, one unit's history, the lights and reminders on them, and refusals that write nothing.
//
// The plan is recorded 2026-11-27 08:00Z, in effect from 2023-03-23 (Shanghai); its annualSummaryDeadline
// is 2023-12-31, i.e. 2023-12-31T15:59:59.999Z; 29 units owe a summary (those that owe a handling plan).
// The office records, back-dated (all +08:00):
//   jxj 市经信局  2023 summary 12-20 10:00, resubmitted 12-28 10:00 (replaces it)   → submitted, on time
//   kjj 市科技局  2023 summary 2024-01-05 10:00                                   → submitted, late
//   fgw 市发改委  2023 summary 12-25 10:00, withdrawn (撤回) 12-26 10:00           → not submitted
//   the other 26: not submitted (due until the deadline, overdue after)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type TestResponse } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const LIST = `${PLAN}/annual-summaries`;
const unitPath = (unitId: string) => `${PLAN}/units/${unitId}/annual-summary`;
const DEADLINE_AT = '2023-12-31T15:59:59.999Z';
let h: Harness;

const submit = (unitId: string, json: unknown, headers: Record<string, string> = {}) => h.request(unitPath(unitId), { method: 'POST', json, headers });
const withdraw = (unitId: string, json: unknown) => h.request(`${unitPath(unitId)}/withdrawal`, { method: 'POST', json });
const ok = async (res: TestResponse | Promise<TestResponse>, status = 200) => {
  const r = await res;
  expect(r.status, JSON.stringify(await r.clone().json())).toBe(status);
  return r.json();
};
const summary = (title: string, effectiveAt?: string, extra: Record<string, unknown> = {}) => ({
  year: 2023,
  title,
  text: '全年围绕科技型企业培育，出台专项政策，完成年度目标任务。',
  ...(effectiveAt ? { effectiveAt } : {}),
  ...extra,
});
const list = async (query: string) => ok(h.request(`${LIST}${query}`));
const byUnit = (body: { items: { unit: { id: string } }[] }) =>
  Object.fromEntries(body.items.map((i) => [i.unit.id, i])) as Record<string, Record<string, unknown>>;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  await ok(submit('jxj', summary('市经信局2023年度办理工作总结', '2023-12-20T10:00:00+08:00', { documentNumber: '武经信〔2023〕88号' })));
  await ok(submit('fgw', summary('市发改委2023年度办理工作总结', '2023-12-25T10:00:00+08:00')));
  await ok(withdraw('fgw', { year: 2023, reason: '误报：报送了未经审定的初稿', effectiveAt: '2023-12-26T10:00:00+08:00' }));
  await ok(
    submit(
      'jxj',
      summary('市经信局2023年度办理工作总结（修订稿）', '2023-12-28T10:00:00+08:00', {
        attachments: ['https://jxj.wuhan.gov.cn/2023/summary.pdf', '武经信〔2023〕89号'],
      }),
    ),
  );
  await ok(submit('kjj', summary('市科技局2023年度办理工作总结', '2024-01-05T10:00:00+08:00')));
  h.clock.set('2026-12-02T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/annual-summaries', () => {
  it('on the deadline (validAt 2023-12-31): jxj on time with its revision, fgw withdrawn, the other 27 due', async () => {
    const body = await list('?validAt=2023-12-31');
    expect(body).toMatchObject({ planId: 'wuhan-2023-p1', year: 2023, deadline: '2023-12-31', deadlineAt: DEADLINE_AT, validAt: DEADLINE_AT });
    expect(body.items).toHaveLength(29);
    expect(body.counts).toEqual({ submitted: 1, not_submitted: 28, on_time: 1, late: 0, overdue: 0 });
    const u = byUnit(body);
    expect(u.jxj).toMatchObject({
      unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
      status: 'submitted',
      statusLabel: '已报送',
      timeliness: 'on_time',
      timelinessLabel: '按时',
      title: '市经信局2023年度办理工作总结（修订稿）',
      documentNumber: null,
      firstSubmittedAt: '2023-12-20T02:00:00.000Z',
      since: '2023-12-28T02:00:00.000Z',
    });
    expect(u.fgw).toMatchObject({
      status: 'not_submitted',
      timeliness: 'due',
      timelinessLabel: '未到期',
      title: null,
      firstSubmittedAt: null,
      since: '2023-12-26T02:00:00.000Z',
    });
    expect(u.kjj).toMatchObject({ status: 'not_submitted', timeliness: 'due' });
    expect(body.items.map((i: { unit: { id: string } }) => i.unit.id)).not.toContain('szf');
  });

  it('on 2024-01-10: kjj late, fgw and the other 26 overdue', async () => {
    const body = await list('?validAt=2024-01-10');
    expect(body.counts).toEqual({ submitted: 2, not_submitted: 27, on_time: 1, late: 1, overdue: 27 });
    const u = byUnit(body);
    expect(u.kjj).toMatchObject({ status: 'submitted', timeliness: 'late', timelinessLabel: '逾期报送', firstSubmittedAt: '2024-01-05T02:00:00.000Z' });
    expect(u.fgw).toMatchObject({ status: 'not_submitted', timeliness: 'overdue', timelinessLabel: '逾期未报' });
  });

  it("on 2023-12-25 (end of day): fgw's summary still stood, on time", async () => {
    const body = await list('?validAt=2023-12-25');
    expect(body.counts).toEqual({ submitted: 2, not_submitted: 27, on_time: 2, late: 0, overdue: 0 });
    expect(byUnit(body).fgw).toMatchObject({ status: 'submitted', title: '市发改委2023年度办理工作总结' });
  });

  it('as recorded before any summary (asOf 2026-11-30): none submitted; a year without a deadline has no timeliness', async () => {
    expect((await list('?asOf=2026-11-30&validAt=2024-01-10')).counts).toEqual({ submitted: 0, not_submitted: 29, on_time: 0, late: 0, overdue: 29 });
    const other = await list('?year=2024');
    expect(other).toMatchObject({ year: 2024, deadline: null, deadlineAt: null, counts: { submitted: 0, not_submitted: 29, on_time: 0, late: 0, overdue: 0 } });
    expect(other.items[0]).toMatchObject({ timeliness: null, timelinessLabel: null });
  });
});

describe('GET /plans/{planId}/units/{unitId}/annual-summary', () => {
  it('gives the current summary and its history; the replaced one stays in history', async () => {
    const body = await ok(h.request(unitPath('jxj')));
    expect(body).toMatchObject({
      unit: { id: 'jxj', name: '市经信局' },
      year: 2023,
      status: 'submitted',
      timeliness: 'on_time',
      current: {
        title: '市经信局2023年度办理工作总结（修订稿）',
        attachments: ['https://jxj.wuhan.gov.cn/2023/summary.pdf', '武经信〔2023〕89号'],
        submittedAt: '2023-12-28T02:00:00.000Z',
      },
      firstSubmittedAt: '2023-12-20T02:00:00.000Z',
      revision: 2,
    });
    expect(body.history.map((e: { kind: string; label: string; title: string; effectiveAt: string }) => `${e.label} ${e.title} ${e.effectiveAt}`)).toEqual([
      '报送 市经信局2023年度办理工作总结 2023-12-20T02:00:00.000Z',
      '报送 市经信局2023年度办理工作总结（修订稿） 2023-12-28T02:00:00.000Z',
    ]);
    expect(body.history[0].documentNumber).toBe('武经信〔2023〕88号');
    const then = await ok(h.request(`${unitPath('jxj')}?validAt=2023-12-27`));
    expect(then).toMatchObject({ current: { title: '市经信局2023年度办理工作总结', documentNumber: '武经信〔2023〕88号' }, revision: 1 });
  });

  it('shows a withdrawal with its reason; 404 for a unit that owes none', async () => {
    const body = await ok(h.request(unitPath('fgw')));
    expect(body).toMatchObject({ status: 'not_submitted', current: null, firstSubmittedAt: null });
    expect(body.history.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'withdrawn']);
    expect(body.history[1]).toMatchObject({ label: '撤回', reason: '误报：报送了未经审定的初稿', effectiveAt: '2023-12-26T02:00:00.000Z' });
    expect((await h.request(unitPath('szf'))).status).toBe(404);
    expect((await h.request(unitPath('nosuch'))).status).toBe(404);
  });
});

describe('writes', () => {
  it('answers a withdrawal with what it withdrew and what stands again', async () => {
    const body = await ok(withdraw('jxj', { year: 2023, reason: '修订稿有误，恢复原稿' }));
    expect(body).toMatchObject({
      unit: { id: 'jxj' },
      year: 2023,
      withdrawn: { title: '市经信局2023年度办理工作总结（修订稿）', documentNumber: null, submittedAt: '2023-12-28T02:00:00.000Z' },
      reason: '修订稿有误，恢复原稿',
      annualSummary: { status: 'submitted', current: { title: '市经信局2023年度办理工作总结', documentNumber: '武经信〔2023〕88号' }, revision: 3 },
    });
    expect(body.reinstates).toBe(body.annualSummary.current.summaryId);
    expect(body.globalPosition).toBe(await h.store.headPosition());
  });

  it('refuses, writing nothing: nothing to withdraw, a year out of range, back-dating, a unit that owes none, a bad body', async () => {
    const head = await h.store.headPosition();
    const refused = async (res: Promise<TestResponse>, status: number, type: string, pointer?: string) => {
      const r = await res;
      const problem = await r.json();
      expect(r.status, JSON.stringify(problem)).toBe(status);
      expect(problem.type).toBe(type);
      if (pointer) expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    };
    await refused(withdraw('rcj', { year: 2023, reason: '无' }), 409, '/problems/annual-summary-not-submitted');
    await refused(withdraw('fgw', { year: 2023, reason: '再撤一次' }), 409, '/problems/annual-summary-not-submitted');
    await refused(submit('rcj', summary('总结', undefined, { year: 2022 })), 422, '/problems/validation', '/year');
    await refused(submit('rcj', summary('总结', undefined, { year: 2027 })), 422, '/problems/validation', '/year');
    await refused(submit('jxj', summary('补报', '2023-12-27T10:00:00+08:00')), 409, '/problems/valid-time-conflict');
    await refused(submit('szf', summary('总结')), 404, '/problems/unit-not-found');
    await refused(submit('jxj', {}), 422, '/problems/validation', '/year');
    await refused(submit('jxj', summary('总结', undefined, { text: '' })), 422, '/problems/validation', '/text');
    await refused(submit('jxj', summary('总结', undefined, { attachments: ['javascript:alert(1)'] })), 422, '/problems/validation', '/attachments/0');
    expect(await h.store.headPosition()).toBe(head);
  });

  it("lets a unit submit its own summary, back-dated at most maxBackdateDays; not another unit's", async () => {
    const token = `Bearer ${(await h.app.issueToken({ name: 'rcj 令牌', role: 'unit', unitId: 'rcj', actor: { id: 'test', role: 'system' } })).token}`;
    const head = await h.store.headPosition();
    expect((await submit('jxj', summary('越权'), { authorization: token })).status).toBe(403);
    expect((await submit('rcj', summary('补报', '2023-12-30T10:00:00+08:00'), { authorization: token })).status).toBe(422);
    expect(await h.store.headPosition()).toBe(head);
    const body = await ok(submit('rcj', summary('市人才工作局2023年度办理工作总结'), { authorization: token }));
    expect(body.annualSummary).toMatchObject({ status: 'submitted', timeliness: 'late', history: [{ actor: { role: 'unit', unitId: 'rcj' } }] });
  });

  it('puts a readable Chinese line in the audit trail', async () => {
    const audit = await ok(h.request('/audit?planId=wuhan-2023-p1'));
    const lines = audit.items.map((r: { summary: string }) => r.summary);
    expect(lines).toContain('单位 市经信局 报送 2023 年度总结《市经信局2023年度办理工作总结》（武经信〔2023〕88号）');
    expect(lines).toContain('单位 市经信局 报送 2023 年度总结《市经信局2023年度办理工作总结（修订稿）》：替换此前报送，原报送留存');
    expect(lines).toContain('单位 市发改委 撤回 2023 年度总结《市发改委2023年度办理工作总结》：已报送 → 未报送');
  });
});

describe('lights and reminders on annual summaries', () => {
  const alertsOf = async (query: string, unit: string) => {
    const body = await ok(h.request(`${PLAN}/alerts?unit=${unit}&${query}`));
    return (body.items[0]?.alerts ?? []).filter((a: { kind: string }) => a.kind === 'annual_summary');
  };

  it('yellow within three days of the deadline, red after it until submitted, green from then', async () => {
    expect(await alertsOf('validAt=2023-12-27', 'kjj')).toEqual([]); // 4 days left: green
    const [yellow] = await alertsOf('validAt=2023-12-29', 'kjj');
    expect(yellow).toMatchObject({
      id: 'annual-summary:kjj',
      kind: 'annual_summary',
      kindLabel: '年度总结',
      owed: '2023年度办理工作总结',
      light: 'yellow',
      dueDate: '2023-12-31',
      dueAt: DEADLINE_AT,
      daysLeft: 2,
      href: '/plans/wuhan-2023-p1/units/kjj/annual-summary',
    });
    const [red] = await alertsOf('validAt=2024-01-02', 'kjj');
    expect(red).toMatchObject({ light: 'red', daysOverdue: 2, since: '2023-12-31T16:00:00.000Z' });
    expect(await alertsOf('validAt=2024-01-10', 'kjj')).toEqual([]); // submitted late on 01-05: green
    expect(await alertsOf('validAt=2024-01-02', 'jxj')).toEqual([]); // on time
    // fgw withdrew its only summary on 12-26: owed again from then, red after the deadline.
    expect((await alertsOf('validAt=2024-01-02', 'fgw'))[0]).toMatchObject({ light: 'red' });
  });

  it("the office chases one (催办); the unit's record shows the alert and the reminder", async () => {
    const sent = await ok(
      h.request(`${PLAN}/alerts/annual-summary:rcj/reminder`, {
        method: 'POST',
        json: { note: '请尽快报送年度总结', effectiveAt: '2024-01-02T09:00:00+08:00' },
      }),
      201,
    );
    expect(sent.reminder).toMatchObject({ alertId: 'annual-summary:rcj', kind: 'annual_summary', light: 'red', note: '请尽快报送年度总结' });
    const record = await ok(h.request(`${PLAN}/units/rcj?validAt=2024-01-03`));
    const alert = record.alerts.find((a: { id: string }) => a.id === 'annual-summary:rcj');
    expect(alert).toMatchObject({ light: 'red', reminders: [{ note: '请尽快报送年度总结', effectiveAt: '2024-01-02T01:00:00.000Z' }] });
    expect(record.reminders[0]).toMatchObject({ alertId: 'annual-summary:rcj' });
    expect(record.annualSummary).toMatchObject({
      year: 2023,
      status: 'not_submitted',
      statusLabel: '未报送',
      timeliness: 'overdue',
      light: { light: 'red', dueDate: '2023-12-31' },
      href: '/plans/wuhan-2023-p1/units/rcj/annual-summary?year=2023',
    });
    const jxj = await ok(h.request(`${PLAN}/units/jxj?validAt=2024-01-03`));
    expect(jxj.annualSummary).toMatchObject({ status: 'submitted', timeliness: 'on_time', light: { light: 'green', done: true } });
    expect((await ok(h.request(`${PLAN}/units/szf`))).annualSummary).toBeNull();
    // Not due: jxj submitted on time, so its item is green and not chased.
    const head = await h.store.headPosition();
    const refused = await h.request(`${PLAN}/alerts/annual-summary:jxj/reminder`, { method: 'POST', json: { note: '催办' } });
    expect(refused.status).toBe(409);
    expect((await refused.json()).type).toBe('/problems/alert-not-due');
    expect(await h.store.headPosition()).toBe(head);
  });
});

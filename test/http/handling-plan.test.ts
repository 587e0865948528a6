// Each unit's handling plan (具体办理工作方案, 备案): the list at validAt before and after the deadline
// and now, worked out by hand; one unit's history; who may submit; refusals that write nothing.
//
// The plan is recorded 2026-11-27 08:00Z, in effect from 2023-03-23 (Shanghai); its handling-plan
// deadline is 2023-03-31, i.e. 2023-03-31T15:59:59.999Z. The office records, back-dated (all +08:00):
//   jxj 市经信局  submitted 03-29 10:00, filed 04-03 10:00                       → filed, on time
//   kjj 市科技局  submitted 04-06 10:00                                          → submitted, late
//   fgw 市发改委  submitted 03-28 10:00, returned 03-30 15:00, resubmitted 04-04, filed 04-07
//                                        → filed, on time (judged by the first submission)
//   the other 26 of the 29 units that owe one: not submitted (due until the deadline, overdue after)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type TestResponse } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const LIST = `${PLAN}/handling-plans`;
const unitPath = (unitId: string) => `${PLAN}/units/${unitId}/handling-plan`;
const DEADLINE_AT = '2023-03-31T15:59:59.999Z';
let h: Harness;

const submit = (unitId: string, json: unknown, headers: Record<string, string> = {}) => h.request(unitPath(unitId), { method: 'POST', json, headers });
const file = (unitId: string, json: unknown, headers: Record<string, string> = {}) =>
  h.request(`${unitPath(unitId)}/filing`, { method: 'POST', json, headers });
const withdraw = (unitId: string, json: unknown, headers: Record<string, string> = {}) =>
  h.request(`${unitPath(unitId)}/withdrawal`, { method: 'POST', json, headers });
const ok = async (res: TestResponse | Promise<TestResponse>) => {
  const r = await res;
  expect(r.status, JSON.stringify(await r.clone().json())).toBe(200);
  return r;
};
const plan = (title: string, taskCode: string, effectiveAt?: string, documentNumber?: string) => ({
  title,
  summary: '明确责任处室、工作措施和时间节点。',
  measures: [{ taskCode, text: '细化落实措施' }],
  ...(documentNumber ? { documentNumber } : {}),
  ...(effectiveAt ? { effectiveAt } : {}),
});
const list = async (query: string) => {
  const res = await h.request(`${LIST}${query}`);
  expect(res.status).toBe(200);
  return res.json();
};
const byUnit = (body: { items: { unit: { id: string } }[] }) =>
  Object.fromEntries(body.items.map((i) => [i.unit.id, i])) as Record<string, Record<string, unknown>>;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  await ok(submit('jxj', plan('市经信局具体办理工作方案', '4.2', '2023-03-29T10:00:00+08:00', '武经信〔2023〕15号')));
  await ok(submit('kjj', plan('市科技局具体办理工作方案', '1.1', '2023-04-06T10:00:00+08:00')));
  await ok(submit('fgw', plan('市发改委具体办理工作方案', '1.1', '2023-03-28T10:00:00+08:00')));
  await ok(file('fgw', { outcome: 'returned', reason: '工作措施未明确时间节点，请补充后重新报送', effectiveAt: '2023-03-30T15:00:00+08:00' }));
  await ok(file('jxj', { outcome: 'filed', effectiveAt: '2023-04-03T10:00:00+08:00' }));
  await ok(submit('fgw', plan('市发改委具体办理工作方案（修改稿）', '3.1', '2023-04-04T10:00:00+08:00')));
  await ok(file('fgw', { outcome: 'filed', effectiveAt: '2023-04-07T10:00:00+08:00' }));
  h.clock.set('2026-12-02T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/handling-plans', () => {
  it('at the deadline (validAt 2023-03-31): jxj submitted, fgw returned, both on time; the rest due', async () => {
    const body = await list('?validAt=2023-03-31');
    expect(body).toMatchObject({ planId: 'wuhan-2023-p1', deadline: '2023-03-31', deadlineAt: DEADLINE_AT, validAt: DEADLINE_AT });
    expect(body.items).toHaveLength(29);
    expect(body.counts).toEqual({ not_submitted: 27, submitted: 1, returned: 1, filed: 0, on_time: 2, late: 0, overdue: 0 });
    const u = byUnit(body);
    expect(u.jxj).toMatchObject({
      unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
      status: 'submitted',
      statusLabel: '已报送',
      timeliness: 'on_time',
      firstSubmittedAt: '2023-03-29T02:00:00.000Z',
      filedAt: null,
      documentNumber: '武经信〔2023〕15号',
    });
    expect(u.fgw).toMatchObject({ status: 'returned', timeliness: 'on_time', since: '2023-03-30T07:00:00.000Z' });
    expect(u.kjj).toMatchObject({ status: 'not_submitted', timeliness: 'due', timelinessLabel: '未到期', title: null, firstSubmittedAt: null });
    expect(u.hongshan).toMatchObject({ unit: { id: 'hongshan', kind: 'unit' }, status: 'not_submitted', timeliness: 'due' });
  });

  it('the day after the deadline: the units that have not submitted are overdue', async () => {
    const body = await list('?validAt=2023-04-01');
    expect(body.counts).toEqual({ not_submitted: 27, submitted: 1, returned: 1, filed: 0, on_time: 2, late: 0, overdue: 27 });
    expect(byUnit(body).kjj).toMatchObject({ status: 'not_submitted', timeliness: 'overdue', timelinessLabel: '逾期未报' });
  });

  it('now: jxj and fgw filed on time, kjj submitted late, 26 overdue', async () => {
    const body = await list('');
    expect(body.counts).toEqual({ not_submitted: 26, submitted: 1, returned: 0, filed: 2, on_time: 2, late: 1, overdue: 26 });
    const u = byUnit(body);
    expect(u.jxj).toMatchObject({ status: 'filed', statusLabel: '已备案', timeliness: 'on_time', filedAt: '2023-04-03T02:00:00.000Z' });
    expect(u.fgw).toMatchObject({
      status: 'filed',
      timeliness: 'on_time',
      title: '市发改委具体办理工作方案（修改稿）',
      firstSubmittedAt: '2023-03-28T02:00:00.000Z',
      filedAt: '2023-04-07T02:00:00.000Z',
    });
    expect(u.kjj).toMatchObject({ status: 'submitted', timeliness: 'late', timelinessLabel: '逾期报送', firstSubmittedAt: '2023-04-06T02:00:00.000Z' });
    // The units come in the plan's order; groups (各区人民政府 …) are expanded, units that owe nothing left out.
    expect(body.items.map((i: { unit: { id: string } }) => i.unit.id).slice(0, 3)).toEqual(['fgw', 'kjj', 'rcj']);
    expect(body.items.map((i: { unit: { id: string } }) => i.unit.id)).not.toContain('szf');
  });

  it('as recorded before any submission (asOf 2026-11-30): all 29 not submitted, overdue', async () => {
    const body = await list('?asOf=2026-11-30&validAt=now');
    expect(body.counts).toEqual({ not_submitted: 29, submitted: 0, returned: 0, filed: 0, on_time: 0, late: 0, overdue: 29 });
  });
});

describe('GET /plans/{planId}/units/{unitId}/handling-plan', () => {
  it('gives the plan filed and its whole history: submission, return, resubmission, filing', async () => {
    const res = await h.request(unitPath('fgw'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      unit: { id: 'fgw', name: '市发改委', kind: 'unit' },
      status: 'filed',
      timeliness: 'on_time',
      current: { title: '市发改委具体办理工作方案（修改稿）', measures: [{ taskCode: '3.1', text: '细化落实措施' }], submittedAt: '2023-04-04T02:00:00.000Z' },
      revision: 4,
    });
    expect(body.tasks).toContain('4.2');
    expect(body.history.map((e: { kind: string; label: string; effectiveAt: string }) => `${e.kind} ${e.label} ${e.effectiveAt}`)).toEqual([
      'submitted 报送 2023-03-28T02:00:00.000Z',
      'returned 退回 2023-03-30T07:00:00.000Z',
      'submitted 报送 2023-04-04T02:00:00.000Z',
      'filed 备案 2023-04-07T02:00:00.000Z',
    ]);
    expect(body.history[1].reason).toBe('工作措施未明确时间节点，请补充后重新报送');
    // At validAt 2023-03-31 it was returned, with its first version.
    const then = await (await h.request(`${unitPath('fgw')}?validAt=2023-03-31`)).json();
    expect(then).toMatchObject({ status: 'returned', current: { title: '市发改委具体办理工作方案' }, filedAt: null });
    expect(then.history).toHaveLength(2);
  });

  it('a unit that has not submitted, and one the plan does not name (404)', async () => {
    const res = await h.request(unitPath('rcj'));
    expect(await res.json()).toMatchObject({ status: 'not_submitted', timeliness: 'overdue', current: null, history: [], revision: 0 });
    expect((await h.request(unitPath('nosuch'))).status).toBe(404);
    expect((await h.request(unitPath('szf'))).status).toBe(404); // names no task: owes no handling plan
  });

  it('puts a readable Chinese line in the audit trail', async () => {
    const audit = await (await h.request('/audit?planId=wuhan-2023-p1')).json();
    const lines = audit.items.map((r: { summary: string }) => r.summary);
    expect(lines).toContain('单位 市发改委 的办理工作方案退回：已报送 → 已退回');
    expect(lines).toContain('单位 市经信局 报送办理工作方案《市经信局具体办理工作方案》（武经信〔2023〕15号），1 项措施：→ 已报送');
  });
});

describe('writes', () => {
  const token = async (role: 'unit' | 'supervisor', unitId?: string) =>
    `Bearer ${(await h.app.issueToken({ name: `${unitId ?? role} 令牌`, role, ...(unitId ? { unitId } : {}), actor: { id: 'test', role: 'system' } })).token}`;

  it("a unit submits its own plan (back-dated within 2 days), not another unit's (403)", async () => {
    const rcj = await token('unit', 'rcj');
    const tasks = (await (await h.request(unitPath('rcj'))).json()).tasks as string[];
    const head = await h.store.headPosition();
    const other = await submit('jxj', plan('代报', '4.2'), { authorization: rcj });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ type: '/problems/forbidden', rule: 'write-own-unit' });
    const tooOld = await submit('rcj', plan('市人社局方案', tasks[0]!, '2026-11-28T10:00:00+08:00'), { authorization: rcj });
    expect(tooOld.status).toBe(422);
    expect(await h.store.headPosition()).toBe(head);
    const mine = await ok(submit('rcj', plan('市人社局方案', tasks[0]!, '2026-12-01T10:00:00+08:00'), { authorization: rcj }));
    expect((await mine.json()).handlingPlan).toMatchObject({ status: 'submitted', timeliness: 'late', history: [{ actor: { role: 'unit', unitId: 'rcj' } }] });
    // Filing is the office's alone.
    const filing = await file('rcj', { outcome: 'filed' }, { authorization: rcj });
    expect(filing.status).toBe(403);
    expect((await file('rcj', { outcome: 'filed' }, { authorization: await token('supervisor') })).status).toBe(403);
  });

  it('a revision before the office decides replaces the submission, keeping the first date', async () => {
    await ok(submit('kjj', plan('市科技局具体办理工作方案（二稿）', '2.2')));
    const body = await (await h.request(unitPath('kjj'))).json();
    expect(body).toMatchObject({
      status: 'submitted',
      current: { title: '市科技局具体办理工作方案（二稿）' },
      firstSubmittedAt: '2023-04-06T02:00:00.000Z',
      timeliness: 'late',
    });
  });

  it('refuses bad input with 4xx problem+json and writes nothing', async () => {
    const head = await h.store.headPosition();
    const cases: [Promise<TestResponse>, number, string?][] = [
      [submit('jxj', plan('再报', '4.2')), 409, '/problems/handling-plan-state-conflict'], // filed already
      [submit('kjj', plan('方案', '4.2')), 422, '/problems/validation'], // kjj does not owe 4.2
      [submit('kjj', plan('方案', '1.1', '2023-04-05T10:00:00+08:00')), 409, '/problems/valid-time-conflict'], // before its last change
      [submit('rcj', plan('方案', '9.9')), 422],
      [submit('rcj', plan('方案', '1.1', '2027-01-01T00:00:00+08:00')), 422],
      [submit('rcj', plan('方案', '1.1', '2023-03-01T00:00:00+08:00')), 422], // before the plan took effect
      [submit('rcj', { title: '方案', summary: '', measures: [] }), 422],
      [submit('nosuch', plan('方案', '1.1')), 404, '/problems/unit-not-found'],
      [file('rsj', { outcome: 'filed' }), 409, '/problems/handling-plan-state-conflict'], // nothing submitted
      [file('kjj', { outcome: 'returned' }), 422], // a return needs a reason
      [file('fgw', { outcome: 'filed' }), 409], // already filed
      [file('kjj', { outcome: 'maybe' }), 422],
    ];
    for (const [pending, status, type] of cases) {
      const res = await pending;
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      if (type) expect(body.type).toBe(type);
    }
    expect(await h.store.headPosition()).toBe(head);
  });
});

describe('POST /plans/{planId}/units/{unitId}/handling-plan/withdrawal (撤回)', () => {
  const token = async (unitId: string) =>
    `Bearer ${(await h.app.issueToken({ name: `${unitId} 令牌`, role: 'unit', unitId, actor: { id: 'test', role: 'system' } })).token}`;

  it('withdraws the only submission: from then on not submitted (overdue), earlier views still show it, history keeps both', async () => {
    const res = await ok(withdraw('kjj', { reason: '误报：报送了未经审定的初稿' }));
    const body = await res.json();
    expect(body).toMatchObject({
      unit: { id: 'kjj', name: '市科技局' },
      withdrawn: { title: '市科技局具体办理工作方案', documentNumber: null, submittedAt: '2023-04-06T02:00:00.000Z' },
      reason: '误报：报送了未经审定的初稿',
      withdrawnAt: '2026-12-02T02:00:00.000Z',
      handlingPlan: { status: 'not_submitted', current: null, firstSubmittedAt: null, timeliness: 'overdue', revision: 2 },
    });
    expect(body.globalPosition).toBe(await h.store.headPosition());
    const now = await (await h.request(unitPath('kjj'))).json();
    expect(now.history.map((e: { kind: string; label: string }) => `${e.kind} ${e.label}`)).toEqual(['submitted 报送', 'withdrawn 撤回']);
    expect(now.history[1]).toMatchObject({ title: '市科技局具体办理工作方案', reason: '误报：报送了未经审定的初稿', actor: { role: 'office' } });
    expect((await list('')).counts).toEqual({ not_submitted: 27, submitted: 0, returned: 0, filed: 2, on_time: 2, late: 0, overdue: 27 });
    // At an earlier validAt, and as recorded before the withdrawal, it still stands.
    expect(byUnit(await list('?validAt=2026-12-01')).kjj).toMatchObject({ status: 'submitted', timeliness: 'late', title: '市科技局具体办理工作方案' });
    expect(byUnit(await list('?asOf=2026-12-01T03:00:00Z')).kjj).toMatchObject({ status: 'submitted' });
    const audit = await (await h.request('/audit?planId=wuhan-2023-p1&type=HandlingPlanWithdrawn')).json();
    expect(audit.items.map((r: { summary: string }) => r.summary)).toEqual(['单位 市科技局 撤回办理工作方案《市科技局具体办理工作方案》：已报送 → 未报送']);
  });

  it('a revision withdrawn: the previous submission is current again, with its first date', async () => {
    const kjj = await token('kjj');
    await ok(submit('kjj', plan('市科技局具体办理工作方案（二稿）', '2.2'), { authorization: kjj }));
    h.clock.set('2026-12-02T03:00:00.000Z');
    const body = (await (await ok(withdraw('kjj', { reason: '二稿有误' }, { authorization: kjj }))).json()).handlingPlan;
    expect(body).toMatchObject({
      status: 'submitted',
      current: { title: '市科技局具体办理工作方案', submittedAt: '2023-04-06T02:00:00.000Z' },
      firstSubmittedAt: '2023-04-06T02:00:00.000Z',
      timeliness: 'late',
    });
    expect(body.history.at(-1)).toMatchObject({
      kind: 'withdrawn',
      label: '撤回',
      title: '市科技局具体办理工作方案（二稿）',
      reason: '二稿有误',
      actor: { role: 'unit', unitId: 'kjj' },
    });
  });

  it('a withdrawn submission does not count as on time: the next, late one decides', async () => {
    await ok(submit('rcj', plan('市人才工作局方案', '1.1', '2023-03-30T10:00:00+08:00')));
    await ok(withdraw('rcj', { reason: '报错单位方案', effectiveAt: '2023-04-02T10:00:00+08:00' }));
    await ok(submit('rcj', plan('市人才工作局方案（正式稿）', '1.1', '2023-04-05T10:00:00+08:00')));
    expect(byUnit(await list('')).rcj).toMatchObject({ status: 'submitted', timeliness: 'late', firstSubmittedAt: '2023-04-05T02:00:00.000Z' });
    expect(byUnit(await list('?validAt=2023-04-01')).rcj).toMatchObject({
      status: 'submitted',
      timeliness: 'on_time',
      firstSubmittedAt: '2023-03-30T02:00:00.000Z',
    });
    expect(byUnit(await list('?validAt=2023-04-03')).rcj).toMatchObject({ status: 'not_submitted', timeliness: 'overdue', firstSubmittedAt: null });
  });

  it('lets only the unit itself or the office withdraw (403 for another unit), and refuses a filed plan with 409', async () => {
    const jxj = await token('jxj'); // issuing a token is itself an event
    const head = await h.store.headPosition();
    const other = await withdraw('kjj', { reason: '代为撤回' }, { authorization: jxj });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ type: '/problems/forbidden', rule: 'write-own-unit' });
    const filed = await withdraw('jxj', { reason: '撤回' }, { authorization: jxj });
    expect(filed.status).toBe(409);
    expect(await filed.json()).toMatchObject({
      type: '/problems/handling-plan-state-conflict',
      detail: expect.stringMatching(/already filed \(已备案\); a filed plan is not withdrawn/),
    });
    expect(await h.store.headPosition()).toBe(head);
  });

  it('refuses bad input with 4xx problem+json naming the field, and writes nothing', async () => {
    const head = await h.store.headPosition();
    const cases: [Promise<TestResponse>, number, string, string?][] = [
      [withdraw('kjj', {}), 422, '/problems/validation', '/reason'],
      [withdraw('kjj', { reason: '  ' }), 422, '/problems/validation', '/reason'],
      [withdraw('kjj', { reason: '撤回', effectiveAt: '2027-01-01T00:00:00+08:00' }), 422, '/problems/validation', '/effectiveAt'],
      [withdraw('kjj', { reason: '撤回', effectiveAt: '2023-04-05T10:00:00+08:00' }), 409, '/problems/valid-time-conflict'],
      [withdraw('kjj', { reason: '撤回', extra: 1 }), 422, '/problems/validation'],
      [withdraw('nosuch', { reason: '撤回' }), 404, '/problems/unit-not-found'],
      [withdraw('rsj', { reason: '撤回' }), 409, '/problems/handling-plan-state-conflict'], // nothing submitted
      [withdraw('fgw', { reason: '撤回' }), 409, '/problems/handling-plan-state-conflict'], // filed
    ];
    for (const [pending, status, type, pointer] of cases) {
      const res = await pending;
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(body.type).toBe(type);
      if (pointer) expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect(await h.store.headPosition()).toBe(head);
  });
});

// The plan amended mid-year (分工调整): a task's lead units and an indicator's target moved with
// effectiveAt, read at (asOf, validAt) pairs worked out by hand; authorization follows the amended
// plan; refusals write nothing.
//
// The story: the plan is recorded 2026-11-27 08:00Z and in effect from 2023-03-23 (Shanghai).
//   recorded 2026-12-01 02:00Z, in effect 2026-07-01 (Shanghai) = 2026-06-30T16:00Z:
//     task 4.2 牵头单位 市经信局 jxj、市发改委 fgw → 市科技局 kjj
//   recorded 2026-12-05 02:00Z, in effect 2026-10-01 (Shanghai) = 2026-09-30T16:00Z:
//     indicator 1.1-1 target 4 个 → 5 个
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const AMEND = `${PLAN}/amendments`;
let h: Harness;

const amend = (json: unknown, headers: Record<string, string> = {}) => h.request(AMEND, { method: 'POST', json, headers });
const get = async (path: string) => {
  const res = await h.request(path);
  return { status: res.status, body: await res.json() };
};
const leads = async (query: string) => ((await get(`${PLAN}/tasks/4.2${query}`)).body.leadUnits as { id: string }[]).map((u) => u.id);
const codesFor = async (unit: string, query: string) => ((await get(`${PLAN}/tasks?unit=${unit}${query}`)).body.items as { code: string }[]).map((t) => t.code);

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  const first = await amend({
    reason: '根据市政府专题会议纪要，任务4.2改由市科技局牵头',
    changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: ['kjj'] }],
    effectiveAt: '2026-07-01T00:00:00+08:00',
  });
  expect(first.status, JSON.stringify(await first.clone().json())).toBe(200);
  h.clock.set('2026-12-05T02:00:00.000Z');
  const second = await amend({
    reason: '年中调整指标目标',
    changes: [{ kind: 'indicator-target', indicatorId: '1.1-1', target: { value: '5' } }],
    effectiveAt: '2026-10-01T00:00:00+08:00',
  });
  expect(second.status, JSON.stringify(await second.clone().json())).toBe(200);
  h.clock.set('2026-12-10T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('reads follow the plan as amended at validAt', () => {
  it("task 4.2's lead units: before and after the amendment took effect, as known now", async () => {
    expect(await leads('?validAt=2026-06-30')).toEqual(['jxj', 'fgw']);
    expect(await leads('?validAt=2026-07-01')).toEqual(['kjj']);
    expect(await leads('')).toEqual(['kjj']);
    const { body } = await get(`${PLAN}/tasks/4.2?validAt=2026-07-01`);
    expect(body.leadUnits).toEqual([{ id: 'kjj', name: '市科技局', kind: 'unit' }]);
  });

  it('as recorded before the amendment: the original, whatever validAt', async () => {
    expect(await leads('?asOf=2026-11-30&validAt=2026-07-01')).toEqual(['jxj', 'fgw']);
    expect(await leads('?asOf=2026-11-30')).toEqual(['jxj', 'fgw']);
    expect(await leads('?asOf=2026-12-02&validAt=2026-07-01')).toEqual(['kjj']);
  });

  it('tasks?unit= follows the amended units', async () => {
    expect(await codesFor('kjj', '&validAt=2026-06-30')).not.toContain('4.2');
    expect(await codesFor('kjj', '&validAt=2026-07-01')).toContain('4.2');
    expect(await codesFor('jxj', '&validAt=2026-06-30')).toContain('4.2');
    expect(await codesFor('jxj', '&validAt=2026-07-01')).not.toContain('4.2');
    expect(await codesFor('kjj', '&asOf=2026-11-30&validAt=2026-07-01')).not.toContain('4.2');
  });

  it("an indicator's target changes from its effectiveAt", async () => {
    const target = async (query: string) =>
      ((await get(`${PLAN}/tasks/1.1${query}`)).body.indicators as { id: string; target: { value: string } }[]).find((i) => i.id === '1.1-1')!.target;
    expect(await target('?validAt=2026-09-30')).toEqual({ value: '4', unit: '个', comparator: 'at_least' });
    expect(await target('?validAt=2026-10-01')).toEqual({ value: '5', unit: '个', comparator: 'at_least' });
    expect(await target('?asOf=2026-12-04&validAt=2026-10-01')).toEqual({ value: '4', unit: '个', comparator: 'at_least' });
    const plan = (await get(`${PLAN}?validAt=2026-10-01`)).body;
    expect(plan.indicators.find((i: { id: string }) => i.id === '1.1-1').target.value).toBe('5');
  });

  it('GET amendments: those in effect at validAt as recorded by asOf, with before → after', async () => {
    expect((await get(`${AMEND}?validAt=2026-06-30`)).body.items).toEqual([]);
    expect((await get(`${AMEND}?asOf=2026-12-02`)).body.items).toHaveLength(1);
    const { status, body } = await get(AMEND);
    expect(status).toBe(200);
    expect(body).toMatchObject({ planId: 'wuhan-2023-p1', position: 3 });
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({
      revision: 1,
      effectiveAt: '2026-06-30T16:00:00.000Z',
      recordedAt: '2026-12-01T02:00:00.000Z',
      reason: '根据市政府专题会议纪要，任务4.2改由市科技局牵头',
      summary: '工作方案调整：任务 4.2 牵头单位 市经信局、市发改委 → 市科技局',
    });
    expect(body.items[0].changes[0]).toMatchObject({
      kind: 'task-units',
      taskCode: '4.2',
      before: {
        leadUnits: [
          { id: 'jxj', name: '市经信局', kind: 'unit' },
          { id: 'fgw', name: '市发改委', kind: 'unit' },
        ],
      },
      after: { leadUnits: [{ id: 'kjj', name: '市科技局', kind: 'unit' }] },
    });
    expect(body.items[0].changes[0].after.responsibleUnits.map((u: { id: string }) => u.id)).toEqual(['swj', 'districts']);
    expect(body.items[1].changes[0]).toMatchObject({
      kind: 'indicator-target',
      indicatorId: '1.1-1',
      before: { value: '4' },
      after: { value: '5', unit: '个' },
    });
  });

  it('the audit row reads before → after', async () => {
    const rows = (await get(`/audit?planId=wuhan-2023-p1`)).body.items as { type: string; typeLabel: string; summary: string }[];
    const row = rows.find((r) => r.type === 'PlanAmended' && r.summary.includes('4.2'))!;
    expect(row).toMatchObject({ typeLabel: '工作方案调整', summary: '工作方案调整：任务 4.2 牵头单位 市经信局、市发改委 → 市科技局' });
  });
});

describe('authorization follows the amended plan', () => {
  it('the old lead unit is refused a status change after the amendment; the new lead may', async () => {
    const issuer = { id: 'test', role: 'system' };
    const token = async (unitId: string) => (await h.app.issueToken({ name: `${unitId} 的令牌`, role: 'unit', unitId, actor: issuer })).token;
    const post = async (unitId: string) =>
      h.request(`${PLAN}/tasks/4.2/status`, {
        method: 'POST',
        json: { status: 'in_progress', reason: '启动' },
        headers: { authorization: `Bearer ${await token(unitId)}` },
      });
    const old = await post('jxj');
    expect(old.status).toBe(403);
    expect((await old.json()).detail).toMatch(/does not lead task 4.2 \(牵头单位: 市科技局\)/);
    expect((await post('kjj')).status).toBe(200);
  });

  it('judges a back-dated status change by the plan as amended by its effectiveAt, not as it stands now', async () => {
    // 4.2 goes back to 市经信局 jxj from 2026-12-09 12:00 (Shanghai); 市科技局 kjj led it until then.
    expect(
      (
        await amend({
          reason: '任务4.2恢复由市经信局牵头',
          changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: ['jxj'] }],
          effectiveAt: '2026-12-09T12:00:00+08:00',
        })
      ).status,
    ).toBe(200);
    const issuer = { id: 'test', role: 'system' };
    const auth = async (unitId: string) => ({
      authorization: `Bearer ${(await h.app.issueToken({ name: `${unitId} 的令牌`, role: 'unit', unitId, actor: issuer })).token}`,
    });
    const jxj = await auth('jxj');
    const kjj = await auth('kjj');
    const post = (json: unknown, headers: Record<string, string>) => h.request(`${PLAN}/tasks/4.2/status`, { method: 'POST', json, headers });
    const head = await h.store.headPosition();
    const before = '2026-12-09T08:00:00+08:00';
    const refused = await post({ status: 'in_progress', reason: '启动', effectiveAt: before }, jxj); // leads now, not then
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toMatch(/unit jxj does not lead task 4.2 \(牵头单位: 市科技局\)/);
    expect((await post({ status: 'in_progress', reason: '启动' }, kjj)).status).toBe(403); // led then, not now
    expect(await h.store.headPosition()).toBe(head);
    expect((await post({ status: 'in_progress', reason: '补报：启动', effectiveAt: before }, kjj)).status).toBe(200);
    expect((await post({ status: 'at_risk', reason: '进度滞后' }, jxj)).status).toBe(200);
  });

  it('only the office amends', async () => {
    const t = (await h.app.issueToken({ name: '督查', role: 'supervisor', actor: { id: 'test', role: 'system' } })).token;
    const res = await amend({ reason: '试', changes: [{ kind: 'yellow-window', days: 5 }] }, { authorization: `Bearer ${t}` });
    expect(res.status).toBe(403);
    expect((await res.json()).rule).toBe('write-office');
  });
});

describe('POST /plans/{planId}/amendments', () => {
  it('answers with the amendment and the rules after it', async () => {
    const res = await amend({
      reason: '调整报送和预警规则',
      changes: [
        { kind: 'monthly-report-due-day', day: 5 },
        { kind: 'yellow-window', days: 7 },
        { kind: 'task-deadline', taskCode: '4.2', deadline: '2026-12-31' },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rules).toEqual({ monthlyReportDueDay: 5, yellowLightDays: 7, maxBackdateDays: 2 });
    expect(body.amendment.changes.map((c: { summary: string }) => c.summary)).toEqual([
      '月度报送截止日 每月10日 → 每月5日',
      '黄灯提前期 3天 → 7天',
      '任务 4.2 完成时限 （未定） → 2026-12-31',
    ]);
    expect(body.globalPosition).toBe(4);
    expect((await get(`${PLAN}/tasks/4.2`)).body.deadline).toBe('2026-12-31');
    expect((await get(`${PLAN}/tasks/4.2?validAt=2026-12-09`)).body.deadline).toBeUndefined();
  });

  it('back-dated before the latest amendment: 409, nothing written', async () => {
    const head = await h.store.headPosition();
    const res = await amend({ reason: '补记', changes: [{ kind: 'yellow-window', days: 5 }], effectiveAt: '2026-09-01T00:00:00+08:00' });
    expect(res.status).toBe(409);
    expect((await res.json()).type).toBe('/problems/valid-time-conflict');
    const zh = await amend(
      { reason: '补记', changes: [{ kind: 'yellow-window', days: 5 }], effectiveAt: '2026-09-01T00:00:00+08:00' },
      { 'accept-language': 'zh-CN' },
    );
    expect((await zh.json()).detail).toMatch(/^effectiveAt 2026-08-31T16:00:00.000Z 早于方案最近一次调整的生效时间 2026-09-30T16:00:00.000Z/);
    expect(await h.store.headPosition()).toBe(head);
  });

  it('bad input: 4xx problem+json, nothing written', async () => {
    const head = await h.store.headPosition();
    const bad: [unknown, number][] = [
      [{ reason: '无', changes: [] }, 422],
      [{ reason: '无', changes: [{ kind: 'task-units', taskCode: '9.9', leadUnits: ['kjj'] }] }, 422],
      [{ reason: '无', changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: ['nobody'] }] }, 422],
      [{ reason: '无', changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: [] }] }, 422],
      [{ reason: '无', changes: [{ kind: 'task-units', taskCode: '4.2' }] }, 422],
      [{ reason: '无', changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: ['kjj'] }] }, 422], // changes nothing
      [{ reason: '无', changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: ['kjj', 'kjj'] }] }, 422],
      [{ reason: '无', changes: [{ kind: 'indicator-target', indicatorId: '9.9-1', target: { value: '1' } }] }, 422],
      [{ reason: '无', changes: [{ kind: 'monthly-report-due-day', day: 29 }] }, 422],
      [{ reason: '无', changes: [{ kind: 'yellow-window', days: 3 }] }, 422],
      [{ reason: '无', changes: [{ kind: 'yellow-window', days: 5 }], effectiveAt: '2027-01-01T00:00:00Z' }, 422],
      [{ reason: '无', changes: [{ kind: 'yellow-window', days: 5 }], effectiveAt: '2020-01-01T00:00:00Z' }, 422],
      [{ reason: '无', changes: [{ kind: 'unknown' }] }, 422],
    ];
    for (const [json, status] of bad) {
      const res = await amend(json);
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await h.store.headPosition()).toBe(head);
  });
});

describe('POST /plans/{planId}/amendments/{revision}/withdrawal (撤回)', () => {
  const withdraw = (revision: number, json: unknown = { reason: '误录：会议纪要未同意调整' }) =>
    h.request(`${AMEND}/${revision}/withdrawal`, { method: 'POST', json });

  it('only the latest amendment in effect: an earlier one is 409, an unknown one 404, nothing written', async () => {
    const head = await h.store.headPosition();
    expect((await withdraw(1)).status).toBe(409);
    expect((await withdraw(9)).status).toBe(404);
    expect((await withdraw(2, {})).status).toBe(422);
    expect(await h.store.headPosition()).toBe(head);
  });

  it('from then on every view leaves it out; earlier readings and the history keep it', async () => {
    h.clock.set('2026-12-11T02:00:00.000Z');
    const res = await withdraw(2);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    const body = await res.json();
    expect(body.withdrawn).toEqual({ revision: 2, summary: '工作方案调整：指标 1.1-1（推进建设的重大科技基础设施）目标 不少于4个 → 不少于5个' });
    expect(body.amendments.map((a: { revision: number }) => a.revision)).toEqual([1]);
    const target = async (query: string) =>
      ((await get(`${PLAN}/tasks/1.1${query}`)).body.indicators as { id: string; target: { value: string } }[]).find((i) => i.id === '1.1-1')!.target.value;
    expect(await target('?validAt=2026-10-01')).toBe('4');
    expect(await target('')).toBe('4');
    expect(await target('?asOf=2026-12-10&validAt=2026-10-01')).toBe('5');
    expect((await get(AMEND)).body.items).toHaveLength(1);
    expect((await get(`${AMEND}?asOf=2026-12-10`)).body.items).toHaveLength(2);
    // The earlier one took effect before the withdrawn one did: withdrawing it would run the plan's valid time backwards.
    const back = await withdraw(1);
    expect(back.status).toBe(409);
    expect((await back.json()).type).toBe('/problems/valid-time-conflict');
    const rows = (await get(`/audit?planId=wuhan-2023-p1`)).body.items as { type: string; typeLabel: string; summary: string }[];
    expect(rows.filter((r) => r.type === 'PlanAmended')).toHaveLength(2);
    expect(rows.find((r) => r.type === 'PlanAmendmentWithdrawn')).toMatchObject({
      typeLabel: '撤回工作方案调整',
      summary: '撤回工作方案调整（方案记录第 2 条）：指标 1.1-1（推进建设的重大科技基础设施）目标 不少于4个 → 不少于5个',
    });
  });

  it('the latest amendment withdrawn: task 4.2 led as the plan adopted it, at every validAt', async () => {
    h.clock.set('2026-12-11T02:00:00.000Z');
    expect((await withdraw(2)).status).toBe(200);
    h.clock.set('2026-12-12T02:00:00.000Z');
    // A third amendment effective the same day as the first, withdrawn: back to the first's plan.
    const third = await amend({
      reason: '再调整',
      changes: [{ kind: 'task-units', taskCode: '4.2', leadUnits: ['fgw'] }],
      effectiveAt: '2026-10-01T00:00:00+08:00',
    });
    expect(third.status).toBe(200);
    expect(await leads('?validAt=2026-10-01')).toEqual(['fgw']);
    expect((await withdraw(4)).status).toBe(200);
    expect(await leads('?validAt=2026-10-01')).toEqual(['kjj']);
    expect(await leads('?validAt=2026-07-01')).toEqual(['kjj']);
  });
});

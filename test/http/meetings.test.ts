// Meetings (协调会议制度), action items (督办事项) and inspections (检查, 督办, 视察), through the HTTP API
// on the bundled plan, lived through 2023 (the clock is moved; units act with their own tokens on the
// day, the office with an office token). Expected values are worked out by hand here.
//
// Plan facts: Asia/Shanghai (+08:00); yellowLightDays 3 (yellow from the start of the third day before
// the due date); maxBackdateDays 2 for units.
// Timeline (Shanghai time; "rec" is the clock when the request is made):
//   05-04 10:00  the office schedules a coordination meeting M for 05-10 09:00
//   05-10 12:00  the office records M as held, effectiveAt 05-10 09:00 (heldAt 2023-05-10T01:00:00.000Z):
//                d1 (task 4.2): A → jxj due 06-30, B → fgw due 06-15; d2 (task 3.3): C → czj due 06-20
//   06-14 10:00  the office extends B to 07-15
//   06-25 10:00  the office chases C (red since 06-21 00:00 = 2023-06-20T16:00:00.000Z)
//   06-28 15:00  jxj closes A (on time: due 06-30)
//   07-20 10:00  fgw closes B (late: due 07-15 after the extension)
//   07-25 16:00  the office records a visit (视察), effectiveAt 07-25 15:00; its finding raises D → jxj due 08-31
//   08-01 10:00  refusals: kjj closing C (403), bad input (422) — nothing written
//   C is never closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { get, postAs: post } = jsonCalls(() => h);
const tokens: Record<string, Record<string, string>> = {};
const ids: Record<string, string> = {};

const on = (shanghai: string) => h.clock.set(`${shanghai.replace(' ', 'T')}:00+08:00`);
const issue = async (name: string, role: 'unit' | 'office', unitId?: string) => {
  const { token } = await h.app.issueToken({ name, role, ...(unitId ? { unitId } : {}), actor: { id: 'test', role: 'system' } });
  return { authorization: `Bearer ${token}` };
};
const byId = (items: any[]) => Object.fromEntries(items.map((i) => [i.itemId, i]));
const brief = (items: any[]) => items.map((i) => ({ id: i.itemId, status: i.status, light: i.light?.light ?? null }));

beforeAll(async () => {
  h = await startHarness({ now: '2023-03-23T01:00:00.000Z' });
  tokens.office = await issue('领导小组办公室', 'office');
  for (const unit of ['jxj', 'fgw', 'czj', 'kjj']) tokens[unit] = await issue(`${unit} 令牌`, 'unit', unit);

  on('2023-05-04 10:00');
  const scheduled = await post(
    `${PLAN}/meetings`,
    {
      kind: 'coordination',
      title: '科技创新供应链工作协调会',
      chair: { name: '盛继亮', title: '市政府副秘书长' },
      scheduledFor: '2023-05-10T09:00:00+08:00',
      place: '市科技局三楼会议室',
    },
    tokens.office!,
    201,
  );
  ids.M = scheduled.meetingId;

  on('2023-05-10 12:00');
  const held = await post(
    `${PLAN}/meetings/${ids.M}/minutes`,
    {
      attendees: [
        { name: '盛继亮', title: '市政府副秘书长', unitId: 'szf' },
        { name: '张三', title: '副局长', unitId: 'jxj' },
        { name: '李四', unitId: 'fgw' },
        { name: '王五', title: '处长', unitId: 'czj' },
      ],
      minutes: '会议听取了各单位工作进展汇报，研究部署专精特新企业培育和科技金融支持工作。',
      decisions: [
        {
          text: '加快专精特新企业梯度培育',
          taskCodes: ['4.2'],
          actionItems: [
            { unitId: 'jxj', dueDate: '2023-06-30', text: '制定专精特新企业梯度培育方案' },
            { unitId: 'fgw', dueDate: '2023-06-15', text: '梳理重点产业链企业名单' },
          ],
        },
        { text: '完善科技金融支持', taskCodes: ['3.3'], actionItems: [{ unitId: 'czj', dueDate: '2023-06-20', text: '落实科技金融专项资金' }] },
      ],
      effectiveAt: '2023-05-10T09:00:00+08:00',
    },
    tokens.office!,
  );
  [ids.A, ids.B, ids.C] = held.actionItems.map((i: { itemId: string }) => i.itemId);

  on('2023-06-14 10:00');
  await post(`${PLAN}/action-items/${ids.B}/extension`, { dueDate: '2023-07-15', reason: '需与省级产业链图谱衔接' }, tokens.office!);
  on('2023-06-25 10:00');
  await post(`${PLAN}/alerts/action-item:${ids.C}/reminder`, { note: '请于6月底前落实专项资金' }, tokens.office!, 201);
  on('2023-06-28 15:00');
  await post(`${PLAN}/action-items/${ids.A}/closure`, { resolution: '已印发梯度培育方案（武经信〔2023〕60号）' }, tokens.jxj!);
  on('2023-07-20 10:00');
  await post(`${PLAN}/action-items/${ids.B}/closure`, { resolution: '已形成重点产业链企业名单' }, tokens.fgw!);
  on('2023-07-25 16:00');
  const visit = await post(
    `${PLAN}/inspections`,
    {
      kind: 'visit',
      title: '市政协视察科技创新供应链建设',
      who: [
        { name: '赵六', title: '市政协副主席', role: 'cppcc_member' },
        { name: '盛继亮', title: '市政府副秘书长', role: 'city_leader' },
      ],
      tasks: ['4.2'],
      units: ['jxj', 'districts'],
      findings: [
        { text: '专精特新企业认定进度偏慢', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2023-08-31', text: '加快推进专精特新企业认定' }] },
        { text: '各区配套政策基本到位' },
      ],
      effectiveAt: '2023-07-25T15:00:00+08:00',
    },
    tokens.office!,
    201,
  );
  ids.V = visit.inspectionId;
  ids.D = visit.actionItems[0].itemId;
  on('2023-08-01 10:00');
});
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('a coordination meeting held with two decisions assigning three action items', () => {
  it('lists the meeting scheduled, then held, on both time axes', async () => {
    const before = await get(`${PLAN}/meetings?validAt=2023-05-05`);
    expect(before.items.map((m: { meetingId: string; status: string }) => [m.meetingId, m.status])).toEqual([[ids.M, 'scheduled']]);
    expect(before.items[0].held).toBeNull();
    expect((await get(`${PLAN}/meetings?validAt=2023-05-03`)).items).toEqual([]);
    const meeting = await get(`${PLAN}/meetings/${ids.M}?validAt=2023-05-11`);
    expect(meeting).toMatchObject({
      kind: 'coordination',
      kindLabel: '协调会议',
      title: '科技创新供应链工作协调会',
      chair: { name: '盛继亮', title: '市政府副秘书长' },
      scheduledFor: '2023-05-10T01:00:00.000Z',
      status: 'held',
      statusLabel: '已召开',
      scheduledAt: '2023-05-04T02:00:00.000Z',
      cancellation: null,
      withdrawals: [],
    });
    expect(meeting.held.heldAt).toBe('2023-05-10T01:00:00.000Z');
    expect(meeting.held.attendees[0]).toEqual({ name: '盛继亮', title: '市政府副秘书长', unit: { id: 'szf', name: '市人民政府', kind: 'unit' } });
    expect(meeting.held.attendees[2]).toEqual({ name: '李四', title: null, unit: { id: 'fgw', name: '市发改委', kind: 'unit' } });
    expect(
      meeting.held.decisions.map(
        (d: { decisionId: string; tasks: { code: string }[]; actionItems: { itemId: string; unit: { id: string }; dueDate: string }[] }) => [
          d.decisionId,
          d.tasks.map((t) => t.code),
          d.actionItems.map((a) => [a.itemId, a.unit.id, a.dueDate]),
        ],
      ),
    ).toEqual([
      [
        'd1',
        ['4.2'],
        [
          [ids.A, 'jxj', '2023-06-30'],
          [ids.B, 'fgw', '2023-06-15'],
        ],
      ],
      ['d2', ['3.3'], [[ids.C, 'czj', '2023-06-20']]],
    ]);
    expect((await get(`${PLAN}/meetings?kind=coordination&status=held`)).items).toHaveLength(1);
    expect((await get(`${PLAN}/meetings?status=cancelled`)).items).toHaveLength(0);
    // Not yet scheduled on 05-03: 404.
    expect((await h.request(`${PLAN}/meetings/${ids.M}?validAt=2023-05-03`)).status).toBe(404);
  });

  it('2023-06-13: all three open; B yellow (due 06-15, two days left), A and C green; nothing overdue', async () => {
    const body = await get(`${PLAN}/action-items?validAt=2023-06-13`);
    expect(brief(body.items)).toEqual([
      { id: ids.A, status: 'open', light: 'green' },
      { id: ids.B, status: 'open', light: 'yellow' },
      { id: ids.C, status: 'open', light: 'green' },
    ]);
    expect(body.counts).toEqual({ open: 3, closed: 0, overdue: 0 });
    const items = byId(body.items);
    expect(items[ids.B!].light).toMatchObject({ dueDate: '2023-06-15', dueAt: '2023-06-15T15:59:59.999Z', since: '2023-06-11T16:00:00.000Z', daysLeft: 2 });
    expect(items[ids.B!].dueDateHistory).toEqual([]);
    expect(items[ids.C!].light).toMatchObject({ daysLeft: 7, since: null });
    expect(items[ids.A!]).toMatchObject({
      source: {
        kind: 'meeting',
        id: ids.M,
        title: '科技创新供应链工作协调会',
        partId: 'd1',
        text: '加快专精特新企业梯度培育',
        tasks: [{ code: '4.2' }],
        href: `${PLAN}/meetings/${ids.M}`,
      },
      unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
      text: '制定专精特新企业梯度培育方案',
      assignedAt: '2023-05-10T01:00:00.000Z',
      dueDate: '2023-06-30',
      resolution: null,
      closedOnTime: null,
    });
    expect((await get(`${PLAN}/action-items?validAt=2023-06-13&overdue=true`)).items).toEqual([]);
  });

  it('B on 06-16: red as duban showed it on 06-13 (before the extension was recorded), green as known now', async () => {
    const then = await get(`${PLAN}/action-items/${ids.B}?validAt=2023-06-16&asOf=2023-06-13`);
    expect(then).toMatchObject({ dueDate: '2023-06-15', light: { light: 'red', daysOverdue: 1, since: '2023-06-15T16:00:00.000Z' } });
    const now = await get(`${PLAN}/action-items/${ids.B}?validAt=2023-06-16`);
    expect(now).toMatchObject({ dueDate: '2023-07-15', originalDueDate: '2023-06-15', light: { light: 'green', daysLeft: 29 } });
    expect(now.dueDateHistory).toMatchObject([
      { previousDueDate: '2023-06-15', dueDate: '2023-07-15', reason: '需与省级产业链图谱衔接', from: '2023-06-14T02:00:00.000Z' },
    ]);
  });

  it('2023-06-29: A closed on time, B extended and open, C overdue 9 days', async () => {
    const body = await get(`${PLAN}/action-items?validAt=2023-06-29`);
    expect(brief(body.items)).toEqual([
      { id: ids.A, status: 'closed', light: 'green' },
      { id: ids.B, status: 'open', light: 'green' },
      { id: ids.C, status: 'open', light: 'red' },
    ]);
    expect(body.counts).toEqual({ open: 2, closed: 1, overdue: 1 });
    const items = byId(body.items);
    expect(items[ids.A!]).toMatchObject({
      statusLabel: '已办结',
      resolution: {
        text: '已印发梯度培育方案（武经信〔2023〕60号）',
        closedAt: '2023-06-28T07:00:00.000Z',
        dueDate: '2023-06-30',
        onTime: true,
        closedBy: { role: 'unit', unitId: 'jxj' },
      },
      closedOnTime: true,
      light: { light: 'green', done: true, since: '2023-06-28T07:00:00.000Z' },
    });
    expect(items[ids.C!].light).toMatchObject({ light: 'red', daysOverdue: 9, since: '2023-06-20T16:00:00.000Z', done: false });
    expect(brief((await get(`${PLAN}/action-items?validAt=2023-06-29&overdue=true`)).items)).toEqual([{ id: ids.C, status: 'open', light: 'red' }]);
    expect(brief((await get(`${PLAN}/action-items?validAt=2023-06-29&status=closed`)).items)).toEqual([{ id: ids.A, status: 'closed', light: 'green' }]);
    expect(brief((await get(`${PLAN}/action-items?validAt=2023-06-29&unit=fgw&status=open`)).items)).toEqual([{ id: ids.B, status: 'open', light: 'green' }]);
  });

  it('2023-07-31: B closed late, C overdue 41 days, D (from the visit) open', async () => {
    const body = await get(`${PLAN}/action-items?validAt=2023-07-31`);
    expect(brief(body.items)).toEqual([
      { id: ids.A, status: 'closed', light: 'green' },
      { id: ids.B, status: 'closed', light: 'green' },
      { id: ids.C, status: 'open', light: 'red' },
      { id: ids.D, status: 'open', light: 'green' },
    ]);
    expect(body.counts).toEqual({ open: 2, closed: 2, overdue: 1 });
    const items = byId(body.items);
    expect(items[ids.B!]).toMatchObject({ closedOnTime: false, resolution: { closedAt: '2023-07-20T02:00:00.000Z', dueDate: '2023-07-15', onTime: false } });
    expect(items[ids.C!].light).toMatchObject({ daysOverdue: 41 });
    expect(brief((await get(`${PLAN}/action-items?validAt=2023-07-31&unit=jxj`)).items).map((i) => i.id)).toEqual([ids.A, ids.D]);
    expect(brief((await get(`${PLAN}/action-items?validAt=2023-07-31&overdue=true`)).items).map((i) => i.id)).toEqual([ids.C]);
  });

  it("shows the overdue item among the alerts, with the office's reminder, and in the unit's record", async () => {
    const alerts = await get(`${PLAN}/alerts?validAt=2023-06-29&unit=czj`);
    const czj = alerts.items.find((i: { unit: { id: string } }) => i.unit.id === 'czj');
    const alert = czj.alerts.find((a: { id: string }) => a.id === `action-item:${ids.C}`);
    expect(alert).toMatchObject({
      kind: 'action_item',
      kindLabel: '督办事项',
      unit: { id: 'czj', name: '市财政局' },
      owed: '督办事项：落实科技金融专项资金',
      task: null,
      light: 'red',
      dueDate: '2023-06-20',
      daysOverdue: 9,
      href: `${PLAN}/action-items/${ids.C}`,
    });
    expect(alert.reminders).toMatchObject([
      { alertId: `action-item:${ids.C}`, kind: 'action_item', light: 'red', note: '请于6月底前落实专项资金', effectiveAt: '2023-06-25T02:00:00.000Z' },
    ]);
    // A closed item and one not yet due are no alerts; before C fell due there was none for it.
    const jxj = (await get(`${PLAN}/alerts?validAt=2023-06-29&unit=jxj`)).items.flatMap((i: { alerts: { id: string }[] }) => i.alerts.map((a) => a.id));
    expect(jxj).not.toContain(`action-item:${ids.A}`);
    const early = (await get(`${PLAN}/alerts?validAt=2023-06-13&unit=fgw`)).items.flatMap((i: { alerts: { id: string; light: string }[] }) => i.alerts);
    expect(early.find((a: { id: string }) => a.id === `action-item:${ids.B}`)).toMatchObject({ light: 'yellow', daysLeft: 2 });
    const record = await get(`${PLAN}/units/czj?validAt=2023-06-29`);
    expect(record.alerts.map((a: { id: string }) => a.id)).toContain(`action-item:${ids.C}`);
    expect(record.reminders[0]).toMatchObject({ alertId: `action-item:${ids.C}` });
    expect(record.actionItems.map((i: { itemId: string; light: { light: string } }) => [i.itemId, i.light.light])).toEqual([[ids.C, 'red']]);
    expect((await get(`${PLAN}/units/jxj?validAt=2023-07-31`)).actionItems.map((i: { itemId: string; status: string }) => [i.itemId, i.status])).toEqual([
      [ids.A, 'closed'],
      [ids.D, 'open'],
    ]);
    // A reminder for an item not yet due is refused.
    const res = await h.request(`${PLAN}/alerts/action-item:${ids.D}/reminder`, { method: 'POST', json: { note: '催办' }, headers: tokens.office! });
    expect(res.status).toBe(409);
  });
});

describe('an inspection whose finding raises an action item', () => {
  it('records who, when, tasks, units and findings', async () => {
    const visit = await get(`${PLAN}/inspections/${ids.V}`);
    expect(visit).toMatchObject({
      kind: 'visit',
      kindLabel: '视察',
      title: '市政协视察科技创新供应链建设',
      at: '2023-07-25T07:00:00.000Z',
      who: [
        { name: '赵六', title: '市政协副主席', role: 'cppcc_member', roleLabel: '市政协委员' },
        { name: '盛继亮', title: '市政府副秘书长', role: 'city_leader', roleLabel: '市领导' },
      ],
      tasks: [{ code: '4.2' }],
      units: [
        { id: 'jxj', kind: 'unit' },
        { id: 'districts', kind: 'group' },
      ],
      status: 'recorded',
    });
    expect(visit.findings.map((f: { findingId: string; actionItems: { itemId: string }[] }) => [f.findingId, f.actionItems.map((a) => a.itemId)])).toEqual([
      ['f1', [ids.D]],
      ['f2', []],
    ]);
    expect((await get(`${PLAN}/inspections?validAt=2023-07-24`)).items).toEqual([]);
    expect((await get(`${PLAN}/inspections?kind=visit`)).items.map((i: { inspectionId: string }) => i.inspectionId)).toEqual([ids.V]);
    const item = await get(`${PLAN}/action-items/${ids.D}`);
    expect(item).toMatchObject({
      source: { kind: 'inspection', id: ids.V, partId: 'f1', text: '专精特新企业认定进度偏慢', href: `${PLAN}/inspections/${ids.V}` },
      unit: { id: 'jxj' },
      assignedAt: '2023-07-25T07:00:00.000Z',
      dueDate: '2023-08-31',
      status: 'open',
    });
    expect((await h.request(`${PLAN}/action-items/${ids.D}?validAt=2023-07-24`)).status).toBe(404);
  });
});

describe('refusals write nothing', () => {
  it('a unit that is not the assignee gets 403 closing; the office may not extend backwards; bad input is 422 naming the field', async () => {
    const head = await h.store.headPosition();
    const refuse = async (path: string, json: unknown, as: Record<string, string>, status: number, pointer?: string) => {
      const res = await h.request(path, { method: 'POST', json, headers: as });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      if (pointer) expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      return body;
    };
    const forbidden = await refuse(`${PLAN}/action-items/${ids.C}/closure`, { resolution: '代为办结' }, tokens.kjj!, 403);
    expect(forbidden.rule).toBe('write-action-item-unit');
    expect(forbidden.detail).toMatch(/assigned to unit czj; unit kjj may close only its own/);
    await refuse(`${PLAN}/action-items/${ids.C}/extension`, { dueDate: '2023-09-30', reason: '延期' }, tokens.czj!, 403);
    await refuse(`${PLAN}/action-items/${ids.A}/closure`, { resolution: '再次办结' }, tokens.jxj!, 409);
    await refuse(`${PLAN}/action-items/${ids.C}/extension`, { dueDate: '2023-06-01', reason: '提前' }, tokens.office!, 422, '/dueDate');
    await refuse(`${PLAN}/action-items/${ids.C}/closure`, {}, tokens.czj!, 422, '/resolution');
    await refuse(`${PLAN}/action-items/${ids.C}/closure`, { resolution: '补记', effectiveAt: '2023-05-01T10:00:00+08:00' }, tokens.office!, 409);
    await refuse(`${PLAN}/action-items/nope/closure`, { resolution: '办结' }, tokens.office!, 404);
    const meeting = {
      kind: 'coordination',
      title: '第二次协调会',
      chair: { name: '盛继亮', title: '市政府副秘书长' },
      scheduledFor: '2023-08-10T09:00:00+08:00',
      place: '市科技局',
    };
    await refuse(`${PLAN}/meetings`, { ...meeting, kind: 'party' }, tokens.office!, 422, '/kind');
    await refuse(`${PLAN}/meetings`, meeting, tokens.jxj!, 403);
    const minutes = (items: unknown[]) => ({
      attendees: [{ name: '张三', unitId: 'jxj' }],
      minutes: '纪要',
      decisions: [{ text: '决定', taskCodes: ['4.2'], actionItems: items }],
    });
    await refuse(`${PLAN}/meetings/${ids.M}/minutes`, minutes([]), tokens.office!, 409); // already held
    await refuse(`${PLAN}/meetings/${ids.M}/cancellation`, { reason: '取消' }, tokens.office!, 409);
    const inspection = (findings: unknown[]) => ({ kind: 'inspection', who: [{ name: '赵六', title: '市政协副主席', role: 'cppcc_member' }], findings });
    await refuse(
      `${PLAN}/inspections`,
      inspection([{ text: '问题', actionItems: [{ unitId: 'districts', dueDate: '2023-09-30', text: '整改' }] }]),
      tokens.office!,
      422,
      '/findings/0/actionItems/0/unitId',
    );
    await refuse(
      `${PLAN}/inspections`,
      inspection([{ text: '问题', actionItems: [{ unitId: 'jxj', dueDate: '2023-07-01', text: '整改' }] }]),
      tokens.office!,
      422,
      '/findings/0/actionItems/0/dueDate',
    );
    await refuse(`${PLAN}/inspections`, inspection([{ text: '问题', taskCodes: ['9.9'] }]), tokens.office!, 422, '/findings/0/taskCodes/0');
    await refuse(`${PLAN}/inspections`, { ...inspection([]), who: [{ name: '赵六', title: '副主席', role: 'mayor' }] }, tokens.office!, 422, '/who/0/role');
    await refuse(`${PLAN}/inspections`, { ...inspection([]), units: ['nowhere'] }, tokens.office!, 422, '/units/0');
    expect(await h.store.headPosition()).toBe(head);
  });
});

describe('withdrawal (撤回) and cancellation', () => {
  it("a meeting's minutes withdrawn: scheduled again, its items owe nothing from then on; a schedule cancelled, then withdrawn", async () => {
    on('2023-08-02 10:00');
    const { meetingId } = await post(
      `${PLAN}/meetings`,
      {
        kind: 'leading_group',
        title: '领导小组第二次会议',
        chair: { name: '陈劲超', title: '市政府副市长' },
        scheduledFor: '2023-08-03T09:00:00+08:00',
        place: '市政府',
      },
      tokens.office!,
      201,
    );
    on('2023-08-03 12:00');
    const held = await post(
      `${PLAN}/meetings/${meetingId}/minutes`,
      {
        attendees: [{ name: '陈劲超', unitId: 'szf' }],
        minutes: '误录纪要',
        decisions: [{ text: '误录决定', taskCodes: [], actionItems: [{ unitId: 'kjj', dueDate: '2023-08-04', text: '误录事项' }] }],
      },
      tokens.office!,
    );
    const itemId = held.actionItems[0].itemId;
    on('2023-08-06 10:00');
    expect((await get(`${PLAN}/action-items/${itemId}`)).light.light).toBe('red');
    const withdrawn = await post(`${PLAN}/meetings/${meetingId}/withdrawal`, { reason: '误录：纪要属另一次会议' }, tokens.office!);
    expect(withdrawn.withdrawnActionItems).toEqual([itemId]);
    expect(withdrawn.meeting).toMatchObject({ status: 'scheduled', held: null, withdrawals: [{ withdrawn: 'minutes', reason: '误录：纪要属另一次会议' }] });
    const item = await get(`${PLAN}/action-items/${itemId}`);
    expect(item).toMatchObject({ status: 'withdrawn', light: null, withdrawal: { reason: '误录：纪要属另一次会议' } });
    // Owes nothing now: no alert, not in the default list; before the withdrawal it was red.
    const kjj = (await get(`${PLAN}/alerts?unit=kjj`)).items.flatMap((i: { alerts: { id: string }[] }) => i.alerts.map((a) => a.id));
    expect(kjj).not.toContain(`action-item:${itemId}`);
    expect((await get(`${PLAN}/action-items`)).items.map((i: { itemId: string }) => i.itemId)).not.toContain(itemId);
    expect((await get(`${PLAN}/action-items?status=withdrawn`)).items.map((i: { itemId: string }) => i.itemId)).toEqual([itemId]);
    expect((await get(`${PLAN}/action-items/${itemId}?validAt=2023-08-05`)).status).toBe('open');
    // Cancelled, the cancellation withdrawn (scheduled again), then the schedule withdrawn.
    await post(`${PLAN}/meetings/${meetingId}/cancellation`, { reason: '改期' }, tokens.office!);
    expect((await get(`${PLAN}/meetings?status=cancelled`)).items.map((m: { meetingId: string }) => m.meetingId)).toEqual([meetingId]);
    expect((await post(`${PLAN}/meetings/${meetingId}/withdrawal`, { reason: '误录取消' }, tokens.office!)).meeting.status).toBe('scheduled');
    expect((await post(`${PLAN}/meetings/${meetingId}/withdrawal`, { reason: '会议未安排' }, tokens.office!)).meeting.status).toBe('withdrawn');
    const again = await h.request(`${PLAN}/meetings/${meetingId}/withdrawal`, { method: 'POST', json: { reason: '再撤' }, headers: tokens.office! });
    expect(again.status).toBe(409);
  });

  it('an inspection withdrawn takes its items with it', async () => {
    on('2023-08-07 10:00');
    const made = await post(
      `${PLAN}/inspections`,
      {
        kind: 'supervision',
        who: [{ name: '办公室', title: '督查组', role: 'office' }],
        findings: [{ text: '误录', actionItems: [{ unitId: 'rcj', dueDate: '2023-09-30', text: '误录事项' }] }],
      },
      tokens.office!,
      201,
    );
    expect(made.inspection.title).toBe('督办（2023-08-07）');
    const withdrawn = await post(`${PLAN}/inspections/${made.inspectionId}/withdrawal`, { reason: '重复录入' }, tokens.office!);
    expect(withdrawn.withdrawnActionItems).toEqual([made.actionItems[0].itemId]);
    expect(withdrawn.inspection).toMatchObject({ status: 'withdrawn', withdrawal: { reason: '重复录入' } });
    expect((await get(`${PLAN}/action-items/${made.actionItems[0].itemId}`)).status).toBe('withdrawn');
  });

  it('the audit trail reads each record', async () => {
    const audit = await get(`/audit?planId=wuhan-2023-p1&type=MeetingHeld,ActionItemClosed,ActionItemExtended,InspectionRecorded`);
    const summaries = audit.items.map((r: { summary: string }) => r.summary);
    expect(summaries).toContain('召开协调会议《科技创新供应链工作协调会》：2 项议定事项，交办 3 项督办事项');
    expect(summaries).toContain('督办事项办结（单位 市经信局，按期）');
    expect(summaries).toContain('督办事项延期（单位 市发改委）：2023-06-15 → 2023-07-15');
  });
});

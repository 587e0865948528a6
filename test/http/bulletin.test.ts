// The quarterly bulletin (情况季通报) and the year's summary material (总结材料): the 2023-Q2 bulletin
// of the Wuhan plan with counts worked out by hand, each format's key content, publishing and the
// published bulletin reproduced byte for byte after a later back-dated change, public reads.
//
// The Wuhan plan: 15 tasks, all due 2023-11-30 (the end of 具体办理阶段 2023-04-01 … 2023-11-30);
// 29 units owe a handling plan by 2023-03-31; monthly reports are owed April–November by the lead
// units, 26 (task, lead unit) pairs a month, groups expanded:
//   fgw 1.1 1.2 1.3 4.1 4.2 4.3 · kjj 1.1 1.2 1.3 2.1 2.2 2.3 3.1 3.2 3.3 4.1 · jxj 1.2 1.3 4.1 4.2
//   jrj 3.3 · gzw 3.3 · czj 3.3 · rcj 5.1 5.2 5.3, due on the 10th of the next month.
// The office records, back-dated (+08:00):
//   handling plans: jxj submitted 03-29 (on time), filed 04-03; fgw submitted 04-04 (late).
//   tasks: 1.1 in_progress 03-25 (before Q2); 4.2 in_progress 04-10; 5.3 in_progress 05-01, completed 06-20.
//   reports: jxj on 4.2 for April, 05-05 (on time); jiangan (江岸区, responsible through 各区) on 4.2
//   for April, 05-06; fgw on 4.2 for May, 06-12 (late: due 06-10).
//   indicator 4.2-1 (target ≥ 60 家): 12 on 03-30, 30 on 06-15.
// Q2's validAt: 2023-06-30T23:59:59.999+08:00 = 2023-06-30T15:59:59.999Z.
//   tasks: in_progress 2 (1.1, 4.2), completed 1 (5.3), not_started 12; changed in Q2: 4.2, 5.3;
//     every light green (due 11-30, 5.3 done).
//   reports (5.3 completed at validAt: rcj owes none on it, so 25 pairs are required each month):
//     April: submitted 2 (jxj, jiangan), late 0, missing 24 (fgw 6, jxj 3: 1.2 1.3 4.1, rcj 2: 5.1 5.2);
//     May: submitted 1 (fgw, late), missing 24 (fgw 5); June: nothing in, missing 25, not yet due.
//   handling plans: filed 1, submitted 1, not_submitted 27; on_time 1, late 1, overdue 27.
//   alerts: 27 handling plans red; April 24 + May 24 reports red (June's due 07-10: green); tasks green:
//     red 75, yellow 0; fgw 11 red (6 + 5), jxj 7 (3 + 4: fgw, not jxj, reported 4.2 for May), kjj 21 (plan + 10 + 10).
//   indicator 4.2-1: at Q2's start 12, at its end 30, 50.00% of target, elapsed 91 of 244 days =
//     37.30%, on track.

import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
const Q2 = `${PLAN}/reports/quarterly/2023-Q2`;
let h: Harness;
const { get, post } = jsonCalls(() => h);
const ids: Record<string, string> = {};

const bytes = async (path: string) => {
  const res = await h.request(path);
  expect(res.status, path).toBe(200);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};
/** A Markdown table row with these cells, whatever their padding. */
const mdRow = (...cells: (string | number)[]) => new RegExp(`\\| ${cells.map((c) => String(c).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' +\\| ')} +\\|`);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const handlingPlan = (taskCode: string, effectiveAt: string) => ({
  title: '具体办理工作方案',
  summary: '明确责任处室、工作措施和时间节点。',
  measures: [{ taskCode, text: '细化落实措施' }],
  effectiveAt,
});

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  h.clock.tickMs = 1;
  await post(`${PLAN}/units/jxj/handling-plan`, handlingPlan('4.2', '2023-03-29T10:00:00+08:00'));
  await post(`${PLAN}/units/jxj/handling-plan/filing`, { outcome: 'filed', effectiveAt: '2023-04-03T10:00:00+08:00' });
  await post(`${PLAN}/units/fgw/handling-plan`, handlingPlan('1.1', '2023-04-04T10:00:00+08:00'));
  await post(`${PLAN}/tasks/1.1/status`, { status: 'in_progress', reason: '启动', effectiveAt: '2023-03-25T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/status`, { status: 'in_progress', reason: '启动产业链协调', effectiveAt: '2023-04-10T10:00:00+08:00' });
  await post(`${PLAN}/tasks/5.3/status`, { status: 'in_progress', reason: '启动', effectiveAt: '2023-05-01T10:00:00+08:00' });
  await post(`${PLAN}/tasks/5.3/status`, {
    status: 'completed',
    reason: '人才服务机制建成',
    evidence: { summary: '市人才服务中心挂牌运行' },
    effectiveAt: '2023-06-20T10:00:00+08:00',
  });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2023-04', done: '完成产业链调研', effectiveAt: '2023-05-05T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jiangan', period: '2023-04', done: '江岸区梳理重点企业名单', effectiveAt: '2023-05-06T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'fgw', period: '2023-05', done: '召开链长制推进会', effectiveAt: '2023-06-12T10:00:00+08:00' });
  await post(`${PLAN}/indicators/4.2-1/values`, { value: '12', effectiveAt: '2023-03-30T10:00:00+08:00' }, 201);
  await post(`${PLAN}/indicators/4.2-1/values`, { value: '30', effectiveAt: '2023-06-15T10:00:00+08:00' }, 201);

  // Meetings, action items and inspections (see the Q3 worked example below).
  const chair = { name: '陈劲超', title: '市政府副市长' };
  const a = await post(
    `${PLAN}/meetings`,
    {
      kind: 'coordination',
      title: '科技创新供应链工作协调会',
      chair,
      scheduledFor: '2023-06-15T09:00:00+08:00',
      place: '市科技局三楼会议室',
      effectiveAt: '2023-06-01T10:00:00+08:00',
    },
    201,
  );
  ids.meetingA = a.meetingId;
  const heldA = await post(`${PLAN}/meetings/${ids.meetingA}/minutes`, {
    attendees: [
      { name: '陈劲超', title: '市政府副市长', unitId: 'szf' },
      { name: '张三', title: '副局长', unitId: 'jxj' },
    ],
    minutes: '研究部署专精特新企业培育工作。',
    decisions: [
      { text: '加快专精特新企业梯度培育', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2023-07-31', text: '制定专精特新企业梯度培育方案' }] },
    ],
    effectiveAt: '2023-06-15T11:00:00+08:00',
  });
  ids.item1 = heldA.actionItems[0].itemId;
  const b = await post(
    `${PLAN}/meetings`,
    {
      kind: 'leading_group',
      title: '领导小组第二次全体会议',
      chair,
      scheduledFor: '2023-07-12T09:00:00+08:00',
      place: '市政府第一会议室',
      effectiveAt: '2023-07-03T10:00:00+08:00',
    },
    201,
  );
  ids.meetingB = b.meetingId;
  const heldB = await post(`${PLAN}/meetings/${ids.meetingB}/minutes`, {
    attendees: [
      { name: '陈劲超', title: '市政府副市长', unitId: 'szf' },
      { name: '李四', unitId: 'fgw' },
      { name: '王五', title: '副局长', unitId: 'kjj' },
    ],
    minutes: '听取上半年工作汇报，部署下半年重点工作。',
    decisions: [
      { text: '推进链长制', taskCodes: ['4.2', '4.3'], actionItems: [{ unitId: 'fgw', dueDate: '2023-08-15', text: '完善链长制工作台账' }] },
      { text: '加快科技成果转化', taskCodes: ['1.1'], actionItems: [{ unitId: 'kjj', dueDate: '2023-09-15', text: '制定科技成果转化专项方案' }] },
      { text: '做好人才服务保障', taskCodes: ['5.1'], actionItems: [] },
    ],
    effectiveAt: '2023-07-12T11:30:00+08:00',
  });
  [ids.item2, ids.item3] = heldB.actionItems.map((i: { itemId: string }) => i.itemId);
  const c = await post(
    `${PLAN}/meetings`,
    {
      kind: 'coordination',
      title: '科技金融专题协调会',
      chair,
      scheduledFor: '2023-09-20T15:00:00+08:00',
      place: '市财政局',
      effectiveAt: '2023-09-01T10:00:00+08:00',
    },
    201,
  );
  ids.meetingC = c.meetingId;
  await post(`${PLAN}/meetings/${ids.meetingC}/cancellation`, { reason: '与向市政协汇报时间冲突', effectiveAt: '2023-09-18T10:00:00+08:00' });
  await post(`${PLAN}/action-items/${ids.item1}/closure`, { resolution: '已印发梯度培育方案', effectiveAt: '2023-07-20T10:00:00+08:00' });
  await post(`${PLAN}/action-items/${ids.item2}/extension`, { dueDate: '2023-08-25', reason: '需征求各区意见', effectiveAt: '2023-08-10T10:00:00+08:00' });
  await post(`${PLAN}/action-items/${ids.item2}/closure`, { resolution: '台账已建立', effectiveAt: '2023-09-05T10:00:00+08:00' });
  const visit = await post(
    `${PLAN}/inspections`,
    {
      kind: 'visit',
      title: '市政协委员视察人才服务工作',
      who: [{ name: '李华', title: '市政协委员', role: 'cppcc_member' }],
      tasks: ['5.1'],
      units: ['rcj'],
      findings: [
        { text: '人才服务窗口办理时限偏长', taskCodes: ['5.1'], actionItems: [{ unitId: 'rcj', dueDate: '2023-10-31', text: '压缩人才服务事项办理时限' }] },
      ],
      effectiveAt: '2023-09-08T15:00:00+08:00',
    },
    201,
  );
  ids.inspection = visit.inspectionId;
  ids.item4 = visit.actionItems[0].itemId;
  const mistaken = await post(
    `${PLAN}/inspections`,
    {
      kind: 'inspection',
      who: [{ name: '赵六', title: '督查专员', role: 'office' }],
      tasks: ['4.2'],
      units: ['jxj'],
      findings: [{ text: '误录', actionItems: [{ unitId: 'jxj', dueDate: '2023-08-25', text: '误录事项' }] }],
      effectiveAt: '2023-08-20T10:00:00+08:00',
    },
    201,
  );
  ids.item5 = mistaken.actionItems[0].itemId;
  await post(`${PLAN}/inspections/${mistaken.inspectionId}/withdrawal`, { reason: '误录：不属本方案', effectiveAt: '2023-08-22T10:00:00+08:00' });
});
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/reports/quarterly/{quarter}', () => {
  it('reads 2023-Q2 at its last instant, with the counts worked out by hand', async () => {
    const b = await get(Q2);
    expect(b).toMatchObject({
      planId: 'wuhan-2023-p1',
      kind: 'quarterly',
      title: '情况季通报',
      period: '2023-Q2',
      periodLabel: '2023年第二季度',
      startDate: '2023-04-01',
      endDate: '2023-06-30',
      complete: true,
      publication: null,
      validAt: '2023-06-30T15:59:59.999Z',
    });
    const { tasks, indicators, reports, handlingPlans, alerts } = b.sections;
    expect(tasks.counts).toEqual({
      byStatus: { not_started: 12, in_progress: 2, at_risk: 0, blocked: 0, completed: 1, cancelled: 0 },
      byLight: { red: 0, yellow: 0, green: 15, none: 0 },
      changedInPeriod: 2,
    });
    expect(tasks.items.filter((t: { changedInPeriod: boolean }) => t.changedInPeriod).map((t: { code: string }) => t.code)).toEqual(['4.2', '5.3']);
    expect(tasks.items.find((t: { code: string }) => t.code === '5.3')).toMatchObject({
      status: 'completed',
      statusLabel: '已完成',
      since: '2023-06-20T02:00:00.000Z',
      light: 'green',
      dueDate: '2023-11-30',
    });

    expect(reports.months.map((m: { period: string; overdue: boolean; totals: unknown }) => [m.period, m.overdue, m.totals])).toEqual([
      ['2023-04', true, { submitted: 2, late: 0, missing: 24 }],
      ['2023-05', true, { submitted: 1, late: 1, missing: 24 }],
      ['2023-06', false, { submitted: 0, late: 0, missing: 25 }],
    ]);
    const unitIn = (month: number, id: string) => reports.months[month].units.find((u: { unit: { id: string } }) => u.unit.id === id);
    expect(unitIn(0, 'jxj')).toEqual({ unit: { id: 'jxj', name: '市经信局', kind: 'unit' }, submitted: 1, late: 0, missing: ['1.2', '1.3', '4.1'] });
    expect(unitIn(0, 'jiangan')).toMatchObject({ submitted: 1, late: 0, missing: [] });
    expect(unitIn(0, 'fgw').missing).toEqual(['1.1', '1.2', '1.3', '4.1', '4.2', '4.3']);
    expect(unitIn(0, 'rcj').missing).toEqual(['5.1', '5.2']);
    expect(unitIn(1, 'fgw')).toMatchObject({ submitted: 1, late: 1, missing: ['1.1', '1.2', '1.3', '4.1', '4.3'] });

    expect(handlingPlans.counts).toEqual({ not_submitted: 27, submitted: 1, returned: 0, filed: 1, on_time: 1, late: 1, overdue: 27 });
    expect(handlingPlans.items).toHaveLength(29);

    expect(alerts.counts).toEqual({ red: 75, yellow: 0 });
    expect(alerts.byKind).toEqual([
      { kind: 'handling_plan', kindLabel: '办理工作方案', red: 27, yellow: 0 },
      { kind: 'monthly_report', kindLabel: '月度信息报送', red: 48, yellow: 0 },
      { kind: 'task', kindLabel: '任务办结', red: 0, yellow: 0 },
      { kind: 'annual_summary', kindLabel: '年度总结', red: 0, yellow: 0 },
      { kind: 'action_item', kindLabel: '督办事项', red: 0, yellow: 0 },
    ]);
    const redOf = (id: string) => alerts.units.find((u: { unit: { id: string } }) => u.unit.id === id)?.red;
    expect([redOf('fgw'), redOf('jxj'), redOf('kjj')]).toEqual([11, 7, 21]);

    expect(indicators.items.find((i: { indicatorId: string }) => i.indicatorId === '4.2-1')).toEqual({
      indicatorId: '4.2-1',
      taskCode: '4.2',
      name: '新增专精特新“小巨人”企业',
      target: { value: '60', unit: '家', comparator: 'at_least' },
      valueAtStart: '12',
      value: '30',
      valueDate: '2023-06-15T02:00:00.000Z',
      percentOfTarget: '50.00',
      met: false,
      onTrack: true,
      elapsedPercent: '37.30',
    });
    expect(indicators.counts).toEqual({ met: 0, onTrack: 1, offTrack: 0, noValue: 13 });

    // Meeting A held 06-15 assigned item 1 (jxj, due 07-31): open and green at Q2's end.
    expect(b.sections.meetings.counts).toEqual({ held: 1, cancelled: 0, decisions: 1, actionItems: 1 });
    expect(b.sections.meetings.items.map((m: { title: string; status: string; at: string }) => [m.title, m.status, m.at])).toEqual([
      ['科技创新供应链工作协调会', 'held', '2023-06-15T03:00:00.000Z'],
    ]);
    expect(b.sections.actionItems.counts).toEqual({ opened: 1, closed: 0, closedOnTime: 0, closedLate: 0, overdue: 0, openAtEnd: 1 });
    expect(b.sections.actionItems.opened).toMatchObject([
      { itemId: ids.item1, unit: { id: 'jxj' }, dueDate: '2023-07-31', status: 'open', closedAt: null, daysOverdue: null },
    ]);
    expect(b.sections.actionItems.inspections).toEqual([]);

    // The ranking judges what was owed in the quarter (weights 25/25/15; the handling plans were due
    // 03-31, before it; item 1 is not yet due, so no unit's action items count): months due in it by
    // 06-30 are April and May; 4.2-1 at 50% of target against 37.30% elapsed is on track.
    //   jxj: reports 1 on time of 8 → 25/8 = 3.125; tasks ½ of 4 → 3.125; indicators 1 of 3 (1.2 ×2, 4.2) → 5:
    //        11.25 / 65 → 17.31
    //   rcj: reports 0 of 6; tasks 1 (5.3 on time) of 3 → 8.3333; indicators 0 of 3: → 12.82
    //   fgw: reports ½ of 12 → 1.0417; tasks (½ + ½) of 6 → 4.1667; indicators 1 of 6 → 2.5: 7.7083 / 65 → 11.86
    //   kjj: reports 0 of 20; tasks ½ of 10 → 1.25; indicators 0 of 9: → 1.92
    //   jrj, gzw, czj (lead 3.3): 0.00, rank 5; the 22 units that owe only a handling plan owed nothing
    //   in the quarter: not rated (未评), after the rated, in the plan's order.
    const { ranking } = b.sections;
    expect(ranking.weights).toEqual({ handlingPlan: 10, monthlyReports: 25, tasks: 25, indicators: 15, actionItems: 15, annualSummary: 5, evaluation: 5 });
    expect(ranking.items).toHaveLength(29);
    type Row = {
      rated: boolean;
      rank: number | null;
      unit: { id: string };
      total: string | null;
      points: string;
      weightCounted: number;
      components: { counted: boolean; points: string; contribution: string }[];
    };
    expect(ranking.items.slice(0, 8).map((r: Row) => [r.rank, r.unit.id, r.total, r.points, r.weightCounted])).toEqual([
      [1, 'jxj', '17.31', '11.25', 65],
      [2, 'rcj', '12.82', '8.33', 65],
      [3, 'fgw', '11.86', '7.71', 65],
      [4, 'kjj', '1.92', '1.25', 65],
      [5, 'czj', '0.00', '0.00', 65],
      [5, 'jrj', '0.00', '0.00', 65],
      [5, 'gzw', '0.00', '0.00', 65],
      [null, 'rsj', null, '0.00', 0],
    ]);
    expect(ranking.items.slice(7).every((r: Row) => !r.rated && r.rank === null && r.total === null)).toBe(true);
    // What is listed adds up: 3.125 + 3.125 + 5 = 11.25 in points (the cent left over by rounding down goes to
    // the first of the equal remainders); in contributions 4.807…, 4.807…, 7.692… → 4.81 + 4.81 + 7.69 = 17.31.
    expect(
      ranking.items[0].components.map((c: { component: string; counted: boolean; points: string; contribution: string }) => [
        c.component,
        c.counted,
        c.points,
        c.contribution,
      ]),
    ).toEqual([
      ['handlingPlan', false, '0.00', '0.00'],
      ['monthlyReports', true, '3.13', '4.81'],
      ['tasks', true, '3.12', '4.81'],
      ['indicators', true, '5.00', '7.69'],
      ['actionItems', false, '0.00', '0.00'],
      ['annualSummary', false, '0.00', '0.00'],
      ['evaluation', false, '0.00', '0.00'],
    ]);
    const sum = (xs: string[]) => (xs.reduce((a, x) => a + Math.round(Number(x) * 100), 0) / 100).toFixed(2);
    for (const r of ranking.items.filter((x: Row) => x.rated) as Row[]) {
      const counted = r.components.filter((c) => c.counted);
      expect(sum(counted.map((c) => c.contribution)), r.unit.id).toBe(r.total);
      expect(sum(counted.map((c) => c.points)), r.unit.id).toBe(r.points);
    }
  });

  it('prints Markdown with Chinese headings and tables', async () => {
    const { res, body } = await bytes(`${Q2}?format=md`);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = body.toString('utf8');
    expect(md.startsWith('# 情况季通报（2023年第二季度）\n')).toBe(true);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## 一、任务进展情况',
      '## 二、指标进展情况',
      '## 三、信息报送情况',
      '## 四、办理工作方案',
      '## 五、预警情况',
      '## 六、会议及议定事项',
      '## 七、督办事项',
      '## 八、单位排名',
    ]);
    expect(md).toContain('| 数据截至（有效时间） | 2023-06-30 23:59');
    expect(md).toMatch(/\| 5\.3 +\| 强化人才服务机制 +\| 市人才工作局 +\| 已完成 +\| 2023-06-20 10:00 \| 是 +\| 2023-11-30 \| 绿灯 \|/);
    expect(md).toMatch(/\| 2023-05 \| 市发改委 +\| 1 +\| 1 +\| 5 +\| 1\.1、1\.2、1\.3、4\.1、4\.3 +\|/);
    expect(md).toMatch(/## 六、会议及议定事项\n\n### 会议\n\n\| 会议 +\| 类别 +\| 状态 +\| 时间 +\|/);
    expect(md).toMatch(mdRow('科技创新供应链工作协调会', '协调会议', '已召开', '2023-06-15 11:00', '陈劲超（市政府副市长）', '市科技局三楼会议室', 2, 1, ''));
    // Each component's column is its share of the total: the row adds up to 总分.
    expect(md).toMatch(mdRow(1, '市经信局', '17.31', '—', '4.81', '4.81', '7.69', '—', '—', '—'));
    expect(md).toMatch(mdRow('未评', '市人社局', '未评', '—', '—', '—', '—', '—', '—', '—'));
  });

  it('gives one CSV, UTF-8 with a BOM, a block per table', async () => {
    const { res, body } = await bytes(`${Q2}?format=csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="duban-wuhan-2023-p1-2023-Q2.csv"');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('情况季通报（2023年第二季度）');
    expect(lines).toContain('一、任务进展情况');
    expect(lines).toContain('状态,任务数');
    expect(lines).toContain('推进中,2');
    expect(lines).toContain('任务,任务名称,牵头单位,状态,状态起始,本期变动,完成期限,灯号,逾期天数');
    expect(lines).toContain('4.2,健全产业链协调机制,市经信局、市发改委,推进中,2023-04-10 10:00,是,2023-11-30,绿灯,');
    expect(lines).toContain('2023-04,市经信局,1,0,3,1.2、1.3、4.1');
    expect(lines).toContain('办理工作方案,27,0');
  });

  it('gives an Excel workbook, a sheet per section with Chinese names, byte-stable', async () => {
    const { res, body } = await bytes(`${Q2}?format=xlsx&asOf=2026-12-01T03:00:00Z`);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '一、任务进展情况',
      '二、指标进展情况',
      '三、信息报送情况',
      '四、办理工作方案',
      '五、预警情况',
      '六、会议及议定事项',
      '七、督办事项',
      '八、单位排名',
    ]);
    expect(wb.created.toISOString()).toBe('2026-12-01T03:00:00.000Z');
    const overview = wb.getWorksheet('概况')!;
    expect(overview.getCell('A1').value).toBe('情况季通报（2023年第二季度）');
    expect(overview.getCell('A3').value).toBe('项目');
    const tasks = wb.getWorksheet('一、任务进展情况')!;
    const rows = tasks
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows).toContainEqual(['推进中', 2]);
    expect(rows).toContainEqual(['5.3', '强化人才服务机制', '市人才工作局', '已完成', '2023-06-20 10:00', '是', '2023-11-30', '绿灯']);
    // The same reading later gives the same bytes: fixed document dates and zip entry times.
    h.clock.advance(3000);
    expect(sha256((await bytes(`${Q2}?format=xlsx&asOf=2026-12-01T03:00:00Z`)).body)).toBe(sha256(body));
  });

  it('refuses a quarter that is not one, one that has not begun, and one before the plan', async () => {
    expect((await h.request(`${PLAN}/reports/quarterly/2023-Q5`)).status).toBe(422);
    const future = await h.request(`${PLAN}/reports/quarterly/2027-Q1`);
    expect(future.status).toBe(422);
    expect((await future.json()).errors[0]).toMatchObject({ in: 'path', pointer: '/quarter' });
    expect((await h.request(`${PLAN}/reports/quarterly/2022-Q4`)).status).toBe(404);
    expect((await h.request(`${Q2}?validAt=2023-05-01`)).status).toBe(422);
    expect((await h.request(`${Q2}?format=pdf`)).status).toBe(422);
  });
});

describe('2023-Q3: meetings and decisions, action items, the ranking', () => {
  // Q3's validAt: 2023-09-30T23:59:59.999+08:00 = 2023-09-30T15:59:59.999Z. Recorded (beforeAll):
  //   meeting A (协调会议) held 06-15 (Q2): d1 → item 1, jxj, due 07-31; closed 07-20: on time.
  //   meeting B (领导小组会议) held 07-12 11:30: d1 (4.2, 4.3) → item 2, fgw, due 08-15, extended 08-10 to
  //     08-25, closed 09-05: late; d2 (1.1) → item 3, kjj, due 09-15, open: 15 days overdue at 09-30;
  //     d3 (5.1) assigns nothing.
  //   meeting C (协调会议) scheduled for 09-20 15:00, cancelled 09-18.
  //   a visit (视察) 09-08 15:00: f1 → item 4, rcj, due 10-31, open, not yet due.
  //   an inspection 08-20 raising item 5 (jxj, due 08-25), withdrawn 08-22: neither it nor its item counts.
  // So in Q3: meetings held 1 (B, 3 decisions, 2 items), cancelled 1 (C); items opened 3 (2, 3, 4),
  // closed 2 (1 on time, 2 late), overdue 1 (3), open at the end 2 (3, 4); one inspection.
  // Alerts: item 3 red; item 4 (31 days left) green.
  //
  // The ranking judges what was owed in Q3: no handling plan (due 03-31); the reports due in it, June's,
  // July's and August's (September's falls due 10-10), none of which came in; the tasks not completed before
  // it (5.3 was completed 06-20: rcj leads two more, not started). Indicator 4.2-1 at 50% against 75.00%
  // elapsed is off track: no unit has an indicator on track. No task is past its deadline (11-30).
  //   jxj: reports 0 of 12; tasks ½ of 4 → 3.125; indicators 0 of 3; item 1 closed on time 15
  //        → 18.125 / 80 → 22.66
  //   fgw: reports 0 of 18; tasks 1 of 6 → 4.1667; indicators 0 of 6; item 2 closed late 7.5 → 11.6667 / 80 → 14.58
  //   kjj: reports 0 of 30; tasks ½ of 10 → 1.25; indicators 0 of 9; item 3 open overdue 0 → 1.25 / 80 → 1.56
  //   rcj: reports 0 of 6; tasks 0 of 2; indicators 0 of 3 (item 4 not yet due) → 0 / 65
  //   jrj, gzw, czj (3.3): 0.00 with rcj, rank 4; the 22 units owing only a handling plan: not rated.
  const Q3 = `${PLAN}/reports/quarterly/2023-Q3`;
  const expectedRanking = [
    [1, 'jxj', '22.66', '18.13', 80, '15.00'],
    [2, 'fgw', '14.58', '11.67', 80, '7.50'],
    [3, 'kjj', '1.56', '1.25', 80, '0.00'],
    [4, 'rcj', '0.00', '0.00', 65, '—'],
  ];
  // The action items' shares of those totals: 15 / 80 = 18.75; 7.5 / 80 = 9.375 → 9.37 (fgw's tasks, 5.208…,
  // have the larger remainder and take the cent); 0; not counted.
  const itemContributions = ['18.75', '9.37', '0.00', '—'];

  it('lists the meetings held and cancelled, the action items opened, closed and overdue, and ranks the units', async () => {
    const b = await get(Q3);
    expect(b).toMatchObject({ period: '2023-Q3', startDate: '2023-07-01', endDate: '2023-09-30', complete: true, validAt: '2023-09-30T15:59:59.999Z' });
    const { meetings, actionItems, ranking, alerts } = b.sections;

    expect(meetings.counts).toEqual({ held: 1, cancelled: 1, decisions: 3, actionItems: 2 });
    expect(meetings.items).toEqual([
      {
        meetingId: ids.meetingB,
        kind: 'leading_group',
        kindLabel: '领导小组会议',
        title: '领导小组第二次全体会议',
        status: 'held',
        statusLabel: '已召开',
        at: '2023-07-12T03:30:00.000Z',
        chair: { name: '陈劲超', title: '市政府副市长' },
        place: '市政府第一会议室',
        attendees: 3,
        cancellation: null,
        decisions: [
          {
            decisionId: 'd1',
            text: '推进链长制',
            tasks: [
              { code: '4.2', title: '健全产业链协调机制' },
              { code: '4.3', title: '推动产业集群提能升级' },
            ],
            actionItems: [{ itemId: ids.item2, unit: { id: 'fgw', name: '市发改委', kind: 'unit' }, text: '完善链长制工作台账', dueDate: '2023-08-15' }],
          },
          {
            decisionId: 'd2',
            text: '加快科技成果转化',
            tasks: [{ code: '1.1', title: '加快形成重大原创性突破成果' }],
            actionItems: [{ itemId: ids.item3, unit: { id: 'kjj', name: '市科技局', kind: 'unit' }, text: '制定科技成果转化专项方案', dueDate: '2023-09-15' }],
          },
          { decisionId: 'd3', text: '做好人才服务保障', tasks: [{ code: '5.1', title: '培育引进高水平创新人才' }], actionItems: [] },
        ],
      },
      {
        meetingId: ids.meetingC,
        kind: 'coordination',
        kindLabel: '协调会议',
        title: '科技金融专题协调会',
        status: 'cancelled',
        statusLabel: '已取消',
        at: '2023-09-20T07:00:00.000Z',
        chair: { name: '陈劲超', title: '市政府副市长' },
        place: '市财政局',
        attendees: 0,
        cancellation: { reason: '与向市政协汇报时间冲突', cancelledAt: '2023-09-18T02:00:00.000Z' },
        decisions: [],
      },
    ]);

    expect(actionItems.counts).toEqual({ opened: 3, closed: 2, closedOnTime: 1, closedLate: 1, overdue: 1, openAtEnd: 2 });
    const row = (i: {
      itemId: string;
      unit: { id: string };
      dueDate: string;
      originalDueDate: string;
      extended: boolean;
      status: string;
      closedAt: string | null;
      closedOnTime: boolean | null;
      daysOverdue: number | null;
    }) => [i.itemId, i.unit.id, i.dueDate, i.originalDueDate, i.extended, i.status, i.closedAt, i.closedOnTime, i.daysOverdue];
    const item2 = [ids.item2, 'fgw', '2023-08-25', '2023-08-15', true, 'closed', '2023-09-05T02:00:00.000Z', false, null];
    const item3 = [ids.item3, 'kjj', '2023-09-15', '2023-09-15', false, 'open', null, null, 15];
    expect(actionItems.opened.map(row)).toEqual([item2, item3, [ids.item4, 'rcj', '2023-10-31', '2023-10-31', false, 'open', null, null, null]]);
    expect(actionItems.closed.map(row)).toEqual([
      [ids.item1, 'jxj', '2023-07-31', '2023-07-31', false, 'closed', '2023-07-20T02:00:00.000Z', true, null],
      item2,
    ]);
    expect(actionItems.overdue.map(row)).toEqual([item3]);
    expect(actionItems.overdue[0]).toMatchObject({
      text: '制定科技成果转化专项方案',
      unit: { id: 'kjj', name: '市科技局', kind: 'unit' },
      source: { kind: 'meeting', kindLabel: '会议', id: ids.meetingB, title: '领导小组第二次全体会议', partId: 'd2', taskCodes: ['1.1'] },
      assignedAt: '2023-07-12T03:30:00.000Z',
      statusLabel: '未办结',
    });
    expect(actionItems.opened[2].source).toEqual({
      kind: 'inspection',
      kindLabel: '检查',
      id: ids.inspection,
      title: '市政协委员视察人才服务工作',
      partId: 'f1',
      taskCodes: ['5.1'],
    });
    expect(actionItems.inspections).toEqual([
      {
        inspectionId: ids.inspection,
        kind: 'visit',
        kindLabel: '视察',
        title: '市政协委员视察人才服务工作',
        at: '2023-09-08T07:00:00.000Z',
        who: [{ name: '李华', title: '市政协委员', roleLabel: '市政协委员' }],
        units: [{ id: 'rcj', name: '市人才工作局', kind: 'unit' }],
        findings: [
          {
            findingId: 'f1',
            text: '人才服务窗口办理时限偏长',
            taskCodes: ['5.1'],
            actionItems: [
              { itemId: ids.item4, unit: { id: 'rcj', name: '市人才工作局', kind: 'unit' }, text: '压缩人才服务事项办理时限', dueDate: '2023-10-31' },
            ],
          },
        ],
      },
    ]);
    expect(alerts.byKind.find((k: { kind: string }) => k.kind === 'action_item')).toEqual({ kind: 'action_item', kindLabel: '督办事项', red: 1, yellow: 0 });

    // The ranking, worked out above; the same as GET …/scorecards at the bulletin's reading.
    const top = ranking.items
      .slice(0, 4)
      .map(
        (r: {
          rank: number;
          unit: { id: string };
          total: string;
          points: string;
          weightCounted: number;
          components: { component: string; counted: boolean; points: string }[];
        }) => {
          const items = r.components.find((c) => c.component === 'actionItems')!;
          return [r.rank, r.unit.id, r.total, r.points, r.weightCounted, items.counted ? items.points : '—'];
        },
      );
    expect(top).toEqual(expectedRanking);
    expect(ranking.items).toHaveLength(29);
    expect(ranking.items.slice(4, 7).map((r: { rank: number; unit: { id: string }; total: string }) => [r.rank, r.unit.id, r.total])).toEqual([
      [4, 'czj', '0.00'],
      [4, 'jrj', '0.00'],
      [4, 'gzw', '0.00'],
    ]);
    expect(
      ranking.items.slice(7).every((r: { rated: boolean; rank: number | null; total: string | null }) => !r.rated && r.rank === null && r.total === null),
    ).toBe(true);
    const cards = await get(`${PLAN}/scorecards?period=2023-Q3&asOf=${b.asOf}&validAt=${b.validAt}`);
    expect(cards.position).toBe(b.position);
    expect(ranking.items.map((r: { rank: number; unit: { id: string }; total: string }) => [r.rank, r.unit.id, r.total])).toEqual(
      cards.items.map((c: { rank: number; unit: { id: string }; total: string }) => [c.rank, c.unit.id, c.total]),
    );
  });

  it('prints them in Markdown, CSV and Excel', async () => {
    const [first] = expectedRanking;
    const md = (await bytes(`${Q3}?format=md`)).body.toString('utf8');
    const section = (heading: string) => md.slice(md.indexOf(`## ${heading}`), md.indexOf('\n## ', md.indexOf(`## ${heading}`) + 1));
    const meetingsMd = section('六、会议及议定事项');
    expect(meetingsMd).toMatch(
      mdRow('领导小组第二次全体会议', '领导小组会议', '已召开', '2023-07-12 11:30', '陈劲超（市政府副市长）', '市政府第一会议室', 3, 3, ''),
    );
    expect(meetingsMd).toMatch(
      mdRow('科技金融专题协调会', '协调会议', '已取消', '2023-09-20 15:00', '陈劲超（市政府副市长）', '市财政局', 0, 0, '与向市政协汇报时间冲突'),
    );
    expect(meetingsMd).toMatch(/### 议定事项\n/);
    expect(meetingsMd).toMatch(mdRow('领导小组第二次全体会议', 'd2', '加快科技成果转化', '1.1', '制定科技成果转化专项方案', '市科技局', '2023-09-15'));
    expect(meetingsMd).toMatch(mdRow('领导小组第二次全体会议', 'd3', '做好人才服务保障', '5.1', '', '', ''));
    const itemsMd = section('七、督办事项');
    expect(itemsMd.match(/^### .+$/gm)).toEqual(['### 数量', '### 本期交办', '### 本期办结', '### 逾期未办结', '### 检查督办']);
    expect(itemsMd).toMatch(mdRow(3, 2, 1, 1, 1, 2));
    expect(itemsMd).toMatch(
      mdRow('完善链长制工作台账', '市发改委', '会议：领导小组第二次全体会议（d1）', '2023-07-12 11:30', '2023-08-25（原 2023-08-15）', '已办结'),
    );
    expect(itemsMd).toMatch(
      mdRow('完善链长制工作台账', '市发改委', '会议：领导小组第二次全体会议（d1）', '2023-08-25（原 2023-08-15）', '2023-09-05 10:00', '否'),
    );
    expect(itemsMd).toMatch(mdRow('制定专精特新企业梯度培育方案', '市经信局', '会议：科技创新供应链工作协调会（d1）', '2023-07-31', '2023-07-20 10:00', '是'));
    const overdueMd = itemsMd.slice(itemsMd.indexOf('### 逾期未办结'), itemsMd.indexOf('### 检查督办')).trim().split('\n');
    expect(overdueMd).toHaveLength(5); // heading, blank, header, rule, one row
    expect(overdueMd[4]).toMatch(mdRow('制定科技成果转化专项方案', '市科技局', '会议：领导小组第二次全体会议（d2）', '2023-09-15', 15));
    expect(itemsMd).toMatch(
      mdRow(
        '市政协委员视察人才服务工作',
        '视察',
        '2023-09-08 15:00',
        '李华（市政协委员）',
        '市人才工作局',
        'f1',
        '人才服务窗口办理时限偏长',
        '市人才工作局：压缩人才服务事项办理时限（2023-10-31）',
      ),
    );
    expect(itemsMd).not.toContain('误录');
    const rankingMd = md.slice(md.indexOf('## 八、单位排名'));
    expect(rankingMd).toMatch(
      mdRow(
        '名次',
        '单位',
        '总分',
        '办理工作方案（权重10）',
        '信息报送（权重25）',
        '牵头任务（权重25）',
        '指标进度（权重15）',
        '督办事项（权重15）',
        '年度总结（权重5）',
        '满意度测评（权重5）',
      ),
    );
    // Shares of the total: 0 + 3.125 / 80 → 3.91 (the cent left over) + 0 + 18.75 = 22.66.
    expect(rankingMd).toMatch(mdRow(1, '市经信局', first![2]!, '—', '0.00', '3.91', '0.00', '18.75', '—', '—'));

    const csv = (await bytes(`${Q3}?format=csv`)).body.toString('utf8').slice(1).split('\r\n');
    expect(csv).toContain('六、会议及议定事项');
    expect(csv).toContain('会议,类别,状态,时间,主持,地点,出席人数,议定事项数,取消原因');
    expect(csv).toContain('领导小组第二次全体会议,领导小组会议,已召开,2023-07-12 11:30,陈劲超（市政府副市长）,市政府第一会议室,3,3,');
    expect(csv).toContain('领导小组第二次全体会议,d1,推进链长制,4.2、4.3,完善链长制工作台账,市发改委,2023-08-15');
    expect(csv).toContain('七、督办事项');
    expect(csv).toContain('本期交办,本期办结,其中按时,其中逾期,逾期未办结,期末未办结');
    expect(csv).toContain('3,2,1,1,1,2');
    expect(csv).toContain('制定科技成果转化专项方案,市科技局,会议：领导小组第二次全体会议（d2）,2023-09-15,15');
    expect(csv).toContain('完善链长制工作台账,市发改委,会议：领导小组第二次全体会议（d1）,2023-08-25（原 2023-08-15）,2023-09-05 10:00,否');
    expect(csv).toContain('八、单位排名');
    expect(csv).toContain(`1,市经信局,${first![2]},—,0.00,3.91,0.00,18.75,—,—`);
    expect(csv).toContain('未评,市人社局,未评,—,—,—,—,—,—,—');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes(`${Q3}?format=xlsx`)).body as unknown as ArrayBuffer);
    const rowsOf = (name: string) =>
      wb
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    const meetingRows = rowsOf('六、会议及议定事项');
    expect(meetingRows).toContainEqual([
      '科技金融专题协调会',
      '协调会议',
      '已取消',
      '2023-09-20 15:00',
      '陈劲超（市政府副市长）',
      '市财政局',
      0,
      0,
      '与向市政协汇报时间冲突',
    ]);
    expect(meetingRows).toContainEqual(['领导小组第二次全体会议', 'd2', '加快科技成果转化', '1.1', '制定科技成果转化专项方案', '市科技局', '2023-09-15']);
    const itemRows = rowsOf('七、督办事项');
    expect(itemRows).toContainEqual([3, 2, 1, 1, 1, 2]);
    expect(itemRows).toContainEqual(['逾期未办结']);
    expect(itemRows).toContainEqual(['制定科技成果转化专项方案', '市科技局', '会议：领导小组第二次全体会议（d2）', '2023-09-15', 15]);
    expect(itemRows).toContainEqual([
      '压缩人才服务事项办理时限',
      '市人才工作局',
      '检查：市政协委员视察人才服务工作（f1）',
      '2023-09-08 15:00',
      '2023-10-31',
      '未办结',
    ]);
    const rankRows = rowsOf('八、单位排名');
    expect(rankRows[1]).toEqual([
      '名次',
      '单位',
      '总分',
      '办理工作方案（权重10）',
      '信息报送（权重25）',
      '牵头任务（权重25）',
      '指标进度（权重15）',
      '督办事项（权重15）',
      '年度总结（权重5）',
      '满意度测评（权重5）',
    ]);
    expect(rankRows.slice(2, 6).map((r) => [r[0], r[1], r[2], r[7]])).toEqual(
      expectedRanking.map(([rank, id, total], i) => [
        rank,
        { jxj: '市经信局', fgw: '市发改委', rcj: '市人才工作局', kjj: '市科技局' }[id as string],
        total,
        itemContributions[i],
      ]),
    );
  });
});

describe('POST /plans/{planId}/reports/quarterly/{quarter}/publish', () => {
  it('refuses bad input and writes nothing', async () => {
    const head = await h.store.headPosition();
    const bad: [string, unknown, number][] = [
      [`${Q2}/publish`, { documentNumber: 5 }, 422],
      [`${Q2}/publish`, { extra: 1 }, 422],
      [`${Q2}/publish`, { effectiveAt: '2023-06-20T10:00:00+08:00' }, 422], // before the quarter ended
      [`${Q2}/publish`, { effectiveAt: '2030-01-01T00:00:00Z' }, 422], // in the future
      [`${PLAN}/reports/quarterly/2026-Q4/publish`, {}, 422], // not ended
      [`${PLAN}/reports/quarterly/2023-Q9/publish`, {}, 422],
      ['/plans/nope/reports/quarterly/2023-Q2/publish', {}, 404],
    ];
    for (const [path, json, status] of bad) {
      const res = await h.request(path, { method: 'POST', json });
      expect(res.status, `${path} ${JSON.stringify(json)}: ${await res.clone().text()}`).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const early = await (await h.request(`${Q2}/publish`, { method: 'POST', json: { effectiveAt: '2023-06-20T10:00:00+08:00' } })).json();
    expect(early.errors[0]).toMatchObject({ in: 'body', pointer: '/effectiveAt' });
    expect(await h.store.headPosition()).toBe(head);
    expect((await h.request(`${Q2}?published=true`)).status).toBe(404);
  });

  it('publishes once; ?published=true is the published bulletin byte for byte after a later back-dated change inside the quarter', async () => {
    const published = await post(
      `${Q2}/publish`,
      { documentNumber: '武科办〔2023〕18号', note: '第二季度情况通报', effectiveAt: '2023-07-05T10:00:00+08:00' },
      201,
    );
    expect(published).toMatchObject({ period: '2023-Q2', publishedAt: '2023-07-05T02:00:00.000Z', documentNumber: '武科办〔2023〕18号', rendererVersion: 3 });
    expect(published.builtAt.validAt).toBe('2023-06-30T15:59:59.999Z');
    expect(published.builtAt.position).toBe(published.globalPosition - 1);
    const forms = ['json', 'md', 'csv', 'xlsx'] as const;
    const first: Record<string, Buffer> = {};
    for (const f of forms) {
      const { res, body } = await bytes(`${Q2}?published=true&format=${f}`);
      expect(sha256(body), f).toBe(published.hashes[f]);
      expect(res.headers.get('published-at')).toBe('2023-07-05T02:00:00.000Z');
      expect(res.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(published.hashes[f], 'hex').toString('base64')}:`);
      first[f] = body;
    }
    const asPublished = JSON.parse(first.json!.toString('utf8'));
    expect(asPublished.publication).toEqual({ publishedAt: '2023-07-05T02:00:00.000Z', documentNumber: '武科办〔2023〕18号', note: '第二季度情况通报' });
    expect(asPublished.sections.tasks.counts.byStatus.in_progress).toBe(2);
    expect(first.md!.toString('utf8')).toContain('| 发布时间             | 2023-07-05 10:00');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first.xlsx as unknown as ArrayBuffer);
    expect(wb.created.toISOString()).toBe('2023-07-05T02:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2023-07-05T02:00:00.000Z');

    // Once only.
    const again = await h.request(`${Q2}/publish`, { method: 'POST', json: {} });
    expect(again.status).toBe(409);
    expect((await again.json()).type).toBe('/problems/bulletin-already-published');

    // A late change, effective inside the quarter: task 2.1 in progress from 06-01.
    h.clock.advance(60_000);
    await post(`${PLAN}/tasks/2.1/status`, { status: 'in_progress', reason: '补录：6月已启动', effectiveAt: '2023-06-01T10:00:00+08:00' });
    const live = await get(Q2);
    expect(live.sections.tasks.counts.byStatus.in_progress).toBe(3);
    expect(live.publication).toBeNull();
    for (const f of forms) {
      const { body } = await bytes(`${Q2}?published=true&format=${f}`);
      expect(sha256(body), f).toBe(published.hashes[f]);
      expect(body.equals(first[f]!), f).toBe(true);
      if (f !== 'json') expect(sha256((await bytes(`${Q2}?format=${f}`)).body), `live ${f}`).not.toBe(published.hashes[f]);
    }
    // As of before it was recorded, it was not published.
    const before = await h.request(`${Q2}?published=true&asOf=2026-12-01T02:00:00Z`);
    expect(before.status).toBe(404);
    expect((await before.json()).type).toBe('/problems/bulletin-not-published');

    // The audit trail reads it.
    const audit = await get(`/audit?planId=wuhan-2023-p1&type=BulletinPublished`);
    expect(audit.items[0]).toMatchObject({ type: 'BulletinPublished', typeLabel: '季通报', reason: '第二季度情况通报' });
  });

  it('lets anyone read the published bulletin, and only a caller with a token the live one', async () => {
    const { hono } = createHttpApp(h.app, { validateResponses: true });
    const published = await hono.request(`${Q2}?published=true&format=md`);
    expect(published.status).toBe(200);
    expect((await published.text()).startsWith('# 情况季通报（2023年第二季度）')).toBe(true);
    const live = await hono.request(Q2);
    expect(live.status).toBe(401);
    expect(live.headers.get('content-type')).toBe('application/problem+json');
    expect((await hono.request(`${Q2}?published=false`)).status).toBe(401);
    expect((await hono.request(`${PLAN}/reports/annual/2023`)).status).toBe(401);
  });
});

describe('GET /plans/{planId}/reports/annual/{year}', () => {
  it('is the same report over the whole year (总结材料)', async () => {
    const b = await get(`${PLAN}/reports/annual/2023`);
    expect(b).toMatchObject({
      kind: 'annual',
      title: '总结材料',
      period: '2023',
      periodLabel: '2023年度',
      startDate: '2023-01-01',
      endDate: '2023-12-31',
      complete: true,
      validAt: '2023-12-31T15:59:59.999Z',
    });
    // The monthly reports of the implementation period: April to November.
    expect(b.sections.reports.months.map((m: { period: string }) => m.period)).toEqual([
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
    ]);
    // At the year's end every task not completed is past its deadline (2023-11-30): red.
    expect(b.sections.tasks.counts.byLight).toEqual({ red: 14, yellow: 0, green: 1, none: 0 });
    const md = (await bytes(`${PLAN}/reports/annual/2023?format=md`)).body.toString('utf8');
    expect(md.startsWith('# 总结材料（2023年度）\n')).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes(`${PLAN}/reports/annual/2023?format=xlsx`)).body as unknown as ArrayBuffer);
    expect(wb.worksheets[1]!.name).toBe('一、任务进展情况');
    expect((await h.request(`${PLAN}/reports/annual/2023?published=true`)).status).toBe(422);
  });
});

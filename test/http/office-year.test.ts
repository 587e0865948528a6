// The office's year: a stretch of the Wuhan year built once through the HTTP
// API on the bundled plan, then read back against values worked out by hand in this file. Units act
// with their own unit tokens on the day (the clock is moved through 2023); the office acts with an
// office token, and enters what reached it on paper after the fact with `effectiveAt`. No expected
// value here is computed with production code.
//
// Plan facts used (plans/wuhan-2023-p1.json): time zone Asia/Shanghai (+08:00, no DST); issued and in
// effect 2023-03-23 (2023-03-22T16:00:00.000Z); handling-plan deadline 2023-03-31, end of day →
// 2023-03-31T15:59:59.999Z; phases 2023-03-23 … 2023-12-31, the implementation phase (具体办理阶段)
// 2023-04-01 … 2023-11-30: tasks fall due at its end, monthly reports are owed for April–November.
//   task 3.3 (indicator 3.3-1 武汉基金总规模 ≥ 300 亿元): lead jrj 市地方金融局, gzw 市政府国资委, kjj 市科技局,
//            czj 市财政局; responsible fgw, scjgj, districts (各区人民政府, 16 districts)
//   task 4.2: lead jxj 市经信局, fgw 市发改委; responsible swj, districts
//
// The timeline (all Shanghai time; "rec" = recorded, i.e. the clock when the request is made):
//   03-23 09:00  plan adopted; tokens issued
//   03-28 10:00  fgw submits its handling plan            03-30 15:00  office returns it (reason)
//   03-29 10:00  jxj submits                              03-31 10:00  office files jrj
//   03-30 10:00  jrj submits                              03-31 16:00  gzw submits (before 24:00: on time)
//   04-03 10:00  kjj submits (late)                       04-03 10:30  office files jxj
//   04-04 10:00  fgw resubmits                            04-07 10:00  office files fgw
//   04-10 10:00  office files gzw
//   04-12 10:00  office records czj's paper submission, effectiveAt 03-30 17:00 (on time)
//   reports 2023-04:  jxj 4.2 05-05 (10%), jrj 3.3 05-06, gzw 3.3 05-08, kjj 3.3 05-09 10:00,
//                     fgw 3.3 (responsible) 05-09 11:00, jxj 4.2 05-09 15:00 (20%, supersedes 05-05),
//                     hanyang 3.3 on paper, rec 05-15 by the office, effectiveAt 05-10 16:00;
//                     czj 3.3 and fgw 4.2 never
//   05-20 10:00  the office chases czj's missing April report on 3.3 (催办)
//   reports 2023-05:  jrj 3.3 06-05, fgw 4.2 06-06, gzw 3.3 06-07, czj 3.3 06-12 (after the 10th: late);
//                     kjj 3.3 and jxj 4.2 never
//   indicator 3.3-1:  07-02 jrj reports 150 as of 2023-06-30; 07-20 the office corrects it to 160
//   reports 2023-06:  jrj 3.3 07-05, jxj 4.2 07-06, fgw 4.2 07-07
//   leading group:    rec 07-10 by the office, effectiveAt 07-01 09:00: deputy-2 盛继亮 → 王新民 (递补)
//   indicator 3.3-1:  10-01 jrj reports 180 as of 2023-09-30; 2024-01-02 jrj reports 305 as of 2023-12-31
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { get, postAs: post } = jsonCalls(() => h);
const tokens: Record<string, Record<string, string>> = {};
const ids: Record<string, string> = {};

/** Moves the clock to a Shanghai wall time, e.g. '2023-03-28 10:00'. */
const on = (shanghai: string) => h.clock.set(`${shanghai.replace(' ', 'T')}:00+08:00`);
const issue = async (name: string, role: 'unit' | 'office', unitId?: string) => {
  const { token } = await h.app.issueToken({ name, role, ...(unitId ? { unitId } : {}), actor: { id: 'test', role: 'system' } });
  return { authorization: `Bearer ${token}` };
};

const handlingPlan = (unit: string, title: string, taskCode: string, extra: Record<string, unknown> = {}) =>
  post(
    `${PLAN}/units/${unit}/handling-plan`,
    { title, summary: '明确责任处室、工作措施和时间节点。', measures: [{ taskCode, text: '细化落实措施' }], ...extra },
    tokens[unit] ?? tokens.office!,
  );
const filing = (unit: string, json: Record<string, unknown>) => post(`${PLAN}/units/${unit}/handling-plan/filing`, json, tokens.office!);
const progress = async (code: string, json: Record<string, unknown>, as: Record<string, string>) =>
  (await post(`${PLAN}/tasks/${code}/progress`, json, as)).report.reportId as string;
const FUND = `${PLAN}/indicators/3.3-1`;

beforeAll(async () => {
  h = await startHarness({ now: '2023-03-23T01:00:00.000Z' }); // 2023-03-23 09:00 Shanghai: the plan is adopted
  tokens.office = await issue('领导小组办公室', 'office');
  for (const unit of ['fgw', 'jxj', 'jrj', 'gzw', 'kjj', 'czj', 'rcj']) tokens[unit] = await issue(`${unit} 令牌`, 'unit', unit);

  // Handling plans (具体办理工作方案).
  on('2023-03-28 10:00');
  await handlingPlan('fgw', '市发改委具体办理工作方案', '4.2');
  on('2023-03-29 10:00');
  await handlingPlan('jxj', '市经信局具体办理工作方案', '4.2', { documentNumber: '武经信〔2023〕15号' });
  on('2023-03-30 10:00');
  await handlingPlan('jrj', '市地方金融局具体办理工作方案', '3.3');
  on('2023-03-30 15:00');
  await filing('fgw', { outcome: 'returned', reason: '工作措施未明确时间节点，请补充后重新报送' });
  on('2023-03-31 10:00');
  await filing('jrj', { outcome: 'filed' });
  on('2023-03-31 16:00');
  await handlingPlan('gzw', '市政府国资委具体办理工作方案', '3.3');
  on('2023-04-03 10:00');
  await handlingPlan('kjj', '市科技局具体办理工作方案', '3.3');
  on('2023-04-03 10:30');
  await filing('jxj', { outcome: 'filed' });
  on('2023-04-04 10:00');
  await handlingPlan('fgw', '市发改委具体办理工作方案（修改稿）', '3.3');
  on('2023-04-07 10:00');
  await filing('fgw', { outcome: 'filed' });
  on('2023-04-10 10:00');
  await filing('gzw', { outcome: 'filed' });
  on('2023-04-12 10:00'); // czj's plan came on paper on 03-30: the office records it, back-dated
  await post(
    `${PLAN}/units/czj/handling-plan`,
    {
      title: '市财政局具体办理工作方案',
      summary: '纸质报送，办公室补录。',
      measures: [{ taskCode: '3.3', text: '落实武汉基金出资' }],
      effectiveAt: '2023-03-30T17:00:00+08:00',
    },
    tokens.office,
  );

  // Progress reports for 2023-04.
  on('2023-05-05 10:00');
  ids.jxjAprilFirst = await progress('4.2', { unitId: 'jxj', period: '2023-04', done: '梳理专精特新企业培育库', percentComplete: 10 }, tokens.jxj!);
  on('2023-05-06 10:00');
  ids.jrjApril = await progress('3.3', { unitId: 'jrj', period: '2023-04', done: '起草武汉基金设立方案', percentComplete: 15 }, tokens.jrj!);
  on('2023-05-08 10:00');
  ids.gzwApril = await progress('3.3', { unitId: 'gzw', period: '2023-04', done: '协调市属国企出资' }, tokens.gzw!);
  on('2023-05-09 10:00');
  ids.kjjApril = await progress('3.3', { unitId: 'kjj', period: '2023-04', done: '对接科创基金子基金' }, tokens.kjj!);
  on('2023-05-09 11:00');
  await progress('3.3', { unitId: 'fgw', period: '2023-04', done: '支持基金投向重点产业' }, tokens.fgw!);
  on('2023-05-09 15:00');
  ids.jxjAprilSecond = await progress(
    '4.2',
    { unitId: 'jxj', period: '2023-04', done: '梳理专精特新企业培育库，完成首批入库', problems: '部分区申报积极性不高', percentComplete: 20 },
    tokens.jxj!,
  );
  on('2023-05-15 10:00'); // 汉阳区 sent its April report on paper on 05-10
  ids.hanyangApril = await progress(
    '3.3',
    { unitId: 'hanyang', period: '2023-04', done: '汉阳区梳理拟投项目清单', effectiveAt: '2023-05-10T16:00:00+08:00' },
    tokens.office!,
  );

  // The office chases czj's April report on 3.3, red since 05-11 00:00.
  on('2023-05-20 10:00');
  ids.czjReminder = (
    await post(`${PLAN}/alerts/monthly-report:2023-04:3.3:czj/reminder`, { note: '请于5月25日前补报4月进展情况' }, tokens.office!, 201)
  ).reminder.reminderId;

  // Progress reports for 2023-05.
  on('2023-06-05 10:00');
  ids.jrjMay = await progress('3.3', { unitId: 'jrj', period: '2023-05', done: '武汉基金方案报市政府审定', percentComplete: 30 }, tokens.jrj!);
  on('2023-06-06 10:00');
  ids.fgwMay = await progress('4.2', { unitId: 'fgw', period: '2023-05', done: '建立产业链链长制工作台账' }, tokens.fgw!);
  on('2023-06-07 10:00');
  ids.gzwMay = await progress('3.3', { unitId: 'gzw', period: '2023-05', done: '确定市属国企出资额度' }, tokens.gzw!);
  on('2023-06-12 10:00');
  ids.czjMay = await progress('3.3', { unitId: 'czj', period: '2023-05', done: '落实财政出资预算' }, tokens.czj!);

  // Indicator 3.3-1: the first value, reported by jrj as of the end of June.
  on('2023-07-02 10:00');
  ids.fundJune = (await post(`${FUND}/values`, { value: '150', asOfDate: '2023-06-30', source: '武汉基金季度统计' }, tokens.jrj!, 201)).valueId;

  // Progress reports for 2023-06.
  on('2023-07-05 10:00');
  await progress('3.3', { unitId: 'jrj', period: '2023-06', done: '武汉基金完成工商注册' }, tokens.jrj!);
  on('2023-07-06 10:00');
  await progress('4.2', { unitId: 'jxj', period: '2023-06', done: '第二批专精特新企业入库' }, tokens.jxj!);
  on('2023-07-07 10:00');
  await progress('4.2', { unitId: 'fgw', period: '2023-06', done: '召开产业链推进会' }, tokens.fgw!);

  // The leading group: 盛继亮 (deputy-2, also the office's director) is succeeded from 07-01; the office records it on 07-10.
  on('2023-07-10 10:00');
  await post(
    `${PLAN}/leading-group/replacements`,
    {
      seat: 'deputy-2',
      holder: '盛继亮',
      successor: { name: '王新民' },
      reason: '市科技局主要负责同志调整，接任同志递补',
      effectiveAt: '2023-07-01T09:00:00+08:00',
    },
    tokens.office!,
  );

  // The correction, then two more values.
  on('2023-07-20 10:00');
  await post(`${FUND}/values/${ids.fundJune}/correction`, { value: '160', reason: '统计口径更正：补入二季度末到位资金' }, tokens.office!);
  on('2023-10-01 10:00');
  await post(`${FUND}/values`, { value: '180', asOfDate: '2023-09-30', source: '武汉基金季度统计' }, tokens.jrj!, 201);
  on('2024-01-02 10:00');
  await post(`${FUND}/values`, { value: '305', asOfDate: '2023-12-31', source: '武汉基金年度统计' }, tokens.jrj!, 201);
}, 20_000);

afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

type Item = { unit: { id: string } } & Record<string, unknown>;
const byUnit = (items: Item[]) => Object.fromEntries(items.map((i) => [i.unit.id, i])) as Record<string, Record<string, unknown>>;
const taskOf = (body: { items: { code: string }[] }, code: string) => body.items.find((t) => t.code === code) as any;
const leads = (task: { leadUnits: { unit: { id: string }; missing: boolean; report: { reportId: string } | null }[] }) =>
  task.leadUnits.map((l) => [l.unit.id, l.missing ? 'missing' : l.report!.reportId]);
const missingList = (body: { missing: { unit: { id: string }; tasks: string[] }[] }) => body.missing.map((m) => [m.unit.id, m.tasks]);

describe("the office's year on the Wuhan plan", () => {
  // Units that owe a handling plan: the lead and responsible units of all 15 tasks, 各区人民政府 expanded.
  //   leads:        fgw kjj jxj jrj gzw czj rcj                                  → 7
  //   responsible, not already a lead: rsj swj wb jyj scjgj zrzyj                  → +6 = 13 departments
  //   districts:    the 16 members of 各区人民政府                                    → +16 = 29
  //   szf, szx, szfb, zxqy, zsb appear on no task: they owe nothing.
  const DEADLINE_AT = '2023-03-31T15:59:59.999Z'; // 2023-03-31 24:00 +08:00 less 1 ms

  it('handling plans at the deadline (validAt 2023-03-31): who had submitted, been returned, been filed', async () => {
    const body = await get(`${PLAN}/handling-plans?validAt=2023-03-31`);
    expect(body).toMatchObject({ deadline: '2023-03-31', deadlineAt: DEADLINE_AT, validAt: DEADLINE_AT });
    expect(body.items).toHaveLength(29);
    expect(body.items.map((i: Item) => i.unit.id)).not.toContain('szf');
    const u = byUnit(body.items);
    // by 03-31 24:00: jxj submitted 03-29; jrj submitted 03-30, filed 03-31; fgw submitted 03-28, returned
    // 03-30; gzw submitted 03-31 16:00; czj submitted 03-30 17:00 (recorded 04-12, on paper). kjj: 04-03, later.
    expect(u.jxj).toMatchObject({
      unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
      status: 'submitted',
      timeliness: 'on_time',
      firstSubmittedAt: '2023-03-29T02:00:00.000Z',
      documentNumber: '武经信〔2023〕15号',
      filedAt: null,
    });
    expect(u.jrj).toMatchObject({ status: 'filed', timeliness: 'on_time', filedAt: '2023-03-31T02:00:00.000Z' });
    expect(u.fgw).toMatchObject({ status: 'returned', timeliness: 'on_time', since: '2023-03-30T07:00:00.000Z' });
    expect(u.gzw).toMatchObject({ status: 'submitted', timeliness: 'on_time', firstSubmittedAt: '2023-03-31T08:00:00.000Z' });
    expect(u.czj).toMatchObject({ status: 'submitted', timeliness: 'on_time', firstSubmittedAt: '2023-03-30T09:00:00.000Z' });
    expect(u.kjj).toMatchObject({ status: 'not_submitted', timeliness: 'due', firstSubmittedAt: null });
    expect(u.hanyang).toMatchObject({ unit: { kind: 'unit' }, status: 'not_submitted', timeliness: 'due' });
    // 5 have submitted (jxj gzw czj submitted, fgw returned, jrj filed), all on time; 29 − 5 = 24 not
    // submitted, none overdue yet (validAt is the deadline itself).
    expect(body.counts).toEqual({ not_submitted: 24, submitted: 3, returned: 1, filed: 1, on_time: 5, late: 0, overdue: 0 });
  });

  it('handling plans on 2023-04-15: four filed, one late, the rest overdue', async () => {
    const body = await get(`${PLAN}/handling-plans?validAt=2023-04-15`);
    const u = byUnit(body.items);
    expect(u.jxj).toMatchObject({ status: 'filed', timeliness: 'on_time', filedAt: '2023-04-03T02:30:00.000Z' });
    expect(u.jrj).toMatchObject({ status: 'filed', timeliness: 'on_time' });
    // fgw: returned, resubmitted 04-04, filed 04-07 — on time, judged by the first submission (03-28).
    expect(u.fgw).toMatchObject({
      status: 'filed',
      timeliness: 'on_time',
      title: '市发改委具体办理工作方案（修改稿）',
      firstSubmittedAt: '2023-03-28T02:00:00.000Z',
      filedAt: '2023-04-07T02:00:00.000Z',
    });
    expect(u.gzw).toMatchObject({ status: 'filed', timeliness: 'on_time', filedAt: '2023-04-10T02:00:00.000Z' });
    expect(u.czj).toMatchObject({ status: 'submitted', timeliness: 'on_time' });
    // kjj: 04-03 10:00 +08 = 2023-04-03T02:00Z, after 2023-03-31T15:59:59.999Z → late.
    expect(u.kjj).toMatchObject({ status: 'submitted', timeliness: 'late', firstSubmittedAt: '2023-04-03T02:00:00.000Z' });
    expect(u.rsj).toMatchObject({ status: 'not_submitted', timeliness: 'overdue' });
    expect(u.hanyang).toMatchObject({ status: 'not_submitted', timeliness: 'overdue' });
    // filed: jxj jrj fgw gzw = 4; submitted: czj kjj = 2; 29 − 6 = 23 not submitted, all overdue;
    // on time: jxj jrj fgw gzw czj = 5; late: kjj = 1.
    expect(body.counts).toEqual({ not_submitted: 23, submitted: 2, returned: 0, filed: 4, on_time: 5, late: 1, overdue: 23 });
  });

  // The April report is due by the end of 2023-05-10 (day 10 of the next month) in Shanghai:
  // 2023-05-11 00:00 +08:00 less 1 ms = 2023-05-10T15:59:59.999Z. May's: 2023-06-10T15:59:59.999Z.
  it('monthly dispatch 2023-04 at its due day (validAt 2023-05-10): not yet overdue; the superseding report; who is missing', async () => {
    const body = await get(`${PLAN}/reports/monthly/2023-04?validAt=2023-05-10`);
    expect(body).toMatchObject({ period: '2023-04', dueBy: '2023-05-10T15:59:59.999Z', validAt: '2023-05-10T15:59:59.999Z', overdue: false });
    const t33 = taskOf(body, '3.3');
    expect(leads(t33)).toEqual([
      ['jrj', ids.jrjApril],
      ['gzw', ids.gzwApril],
      ['kjj', ids.kjjApril],
      ['czj', 'missing'],
    ]);
    expect(t33.supersededCount).toBe(0);
    const [fgw, scjgj, districts] = t33.responsibleUnits;
    expect(fgw.reports.map((r: { unit: { id: string } }) => r.unit.id)).toEqual(['fgw']);
    expect(scjgj.notReported.map((u: { id: string }) => u.id)).toEqual(['scjgj']);
    expect(districts.unit).toEqual({ id: 'districts', name: '各区人民政府', kind: 'group' });
    // 汉阳区's paper report took effect 05-10 16:00 +08 = 08:00Z, before validAt (15:59:59.999Z).
    expect(districts.reports.map((r: { reportId: string }) => r.reportId)).toEqual([ids.hanyangApril]);
    // Both times kept: in effect 05-10 16:00 +08 (08:00Z), recorded by the office 05-15 10:00 +08 (02:00Z); on time.
    expect(districts.reports[0]).toMatchObject({
      unit: { id: 'hanyang', name: '汉阳区' },
      reportedAt: '2023-05-10T08:00:00.000Z',
      recordedAt: '2023-05-15T02:00:00.000Z',
      reportedBy: { role: 'office' },
      late: false,
    });
    expect(districts.notReported).toHaveLength(15); // 16 districts − 汉阳区
    const t42 = taskOf(body, '4.2');
    // jxj reported twice for April: the 05-09 report replaced the 05-05 one.
    expect(leads(t42)).toEqual([
      ['jxj', ids.jxjAprilSecond],
      ['fgw', 'missing'],
    ]);
    expect(t42.leadUnits[0].report).toMatchObject({
      percentComplete: 20,
      supersedes: ids.jxjAprilFirst,
      reportedAt: '2023-05-09T07:00:00.000Z',
      late: false,
      reportedBy: { role: 'unit', unitId: 'jxj' },
    });
    expect(t42.supersededCount).toBe(1);
    // Missing per lead unit, in the plan's unit order; the tasks each leads (from the plan file) less
    // the ones it reported on: fgw leads 1.1 1.2 1.3 4.1 4.2 4.3 (reported none as lead); kjj leads
    // 1.1 1.2 1.3 2.1 2.2 2.3 3.1 3.2 3.3 4.1 (reported 3.3); rcj leads 5.1 5.2 5.3; czj leads 3.3;
    // jxj leads 1.2 1.3 4.1 4.2 (reported 4.2); jrj and gzw lead only 3.3 and reported it: absent.
    expect(missingList(body)).toEqual([
      ['fgw', ['1.1', '1.2', '1.3', '4.1', '4.2', '4.3']],
      ['kjj', ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '4.1']],
      ['rcj', ['5.1', '5.2', '5.3']],
      ['czj', ['3.3']],
      ['jxj', ['1.2', '1.3', '4.1']],
    ]);
    expect(body.missing.map((m: Item) => m.unit.id)).not.toContain('jrj');
  });

  it('monthly dispatch 2023-04 before the second jxj report (validAt 2023-05-07) and after the due day (2023-05-11)', async () => {
    const early = await get(`${PLAN}/reports/monthly/2023-04?validAt=2023-05-07`);
    const t42 = taskOf(early, '4.2');
    expect(leads(t42)).toEqual([
      ['jxj', ids.jxjAprilFirst],
      ['fgw', 'missing'],
    ]);
    expect(t42.leadUnits[0].report).toMatchObject({ percentComplete: 10, supersedes: null });
    expect(t42.supersededCount).toBe(0);
    // gzw (05-08) and kjj (05-09) had not reported yet.
    expect(leads(taskOf(early, '3.3'))).toEqual([
      ['jrj', ids.jrjApril],
      ['gzw', 'missing'],
      ['kjj', 'missing'],
      ['czj', 'missing'],
    ]);
    const late = await get(`${PLAN}/reports/monthly/2023-04?validAt=2023-05-11`);
    expect(late).toMatchObject({ dueBy: '2023-05-10T15:59:59.999Z', overdue: true });
    expect(taskOf(late, '4.2').supersededCount).toBe(1);
  });

  it('monthly dispatch 2023-05: before the due day czj is missing; at the end of June its late report is in', async () => {
    const before = await get(`${PLAN}/reports/monthly/2023-05?validAt=2023-06-10`);
    expect(before).toMatchObject({ dueBy: '2023-06-10T15:59:59.999Z', overdue: false });
    expect(leads(taskOf(before, '3.3'))).toEqual([
      ['jrj', ids.jrjMay],
      ['gzw', ids.gzwMay],
      ['kjj', 'missing'],
      ['czj', 'missing'],
    ]);
    expect(missingList(before).find(([u]) => u === 'czj')).toEqual(['czj', ['3.3']]);

    const body = await get(`${PLAN}/reports/monthly/2023-05?validAt=2023-06-30`);
    expect(body).toMatchObject({ period: '2023-05', dueBy: '2023-06-10T15:59:59.999Z', overdue: true });
    const t33 = taskOf(body, '3.3');
    expect(leads(t33)).toEqual([
      ['jrj', ids.jrjMay],
      ['gzw', ids.gzwMay],
      ['kjj', 'missing'],
      ['czj', ids.czjMay],
    ]);
    // czj: 06-12 10:00 +08 = 2023-06-12T02:00Z, after 2023-06-10T15:59:59.999Z → late.
    expect(t33.leadUnits[3].report).toMatchObject({ reportedAt: '2023-06-12T02:00:00.000Z', late: true });
    expect(t33.leadUnits[0].report.late).toBe(false);
    expect(t33.supersededCount).toBe(0);
    expect(t33.responsibleUnits[2].notReported).toHaveLength(16); // no district reported for May
    const t42 = taskOf(body, '4.2');
    expect(leads(t42)).toEqual([
      ['jxj', 'missing'],
      ['fgw', ids.fgwMay],
    ]);
    expect(t42.supersededCount).toBe(0);
    // fgw reported 4.2 this month, kjj did not report 3.3, jxj did not report 4.2; czj reported (late):
    // fgw 1.1 1.2 1.3 4.1 4.3; kjj all ten; rcj 5.1 5.2 5.3; jxj 1.2 1.3 4.1 4.2.
    expect(missingList(body)).toEqual([
      ['fgw', ['1.1', '1.2', '1.3', '4.1', '4.3']],
      ['kjj', ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1']],
      ['rcj', ['5.1', '5.2', '5.3']],
      ['jxj', ['1.2', '1.3', '4.1', '4.2']],
    ]);
    expect(body.missing.map((m: Item) => m.unit.id)).not.toContain('czj');
    expect(body.missing.map((m: Item) => m.unit.id)).not.toContain('gzw');
  });

  // The implementation period is the plan's implementationPhase, 具体办理阶段: 2023-04-01 00:00 +08 to
  // 2023-12-01 00:00 +08 = 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 = 244 days.
  it('indicator 3.3-1 as it was known before the correction: 150 → "50.00"', async () => {
    // asOf 2023-07-15 (end of day): the value was recorded 07-02, the correction only on 07-20.
    const body = await get(`${FUND}?asOf=2023-07-15&validAt=2023-07-01T00:00:00%2B08:00`);
    // 150 of 300 → 50.00
    expect(body).toMatchObject({
      latest: { value: '150', unit: '亿元', effectiveAt: '2023-06-30T15:59:59.999Z', corrections: [] },
      percentOfTarget: '50.00',
      met: false,
    });
    expect(body.series).toHaveLength(1);
  });

  it('indicator 3.3-1 on 2023-07-01 (as known now): the corrected 160 → "53.33", on track', async () => {
    const body = await get(`${FUND}?validAt=2023-07-01T00:00:00%2B08:00`);
    // 160 of 300 = 53.333… → 53.33. Elapsed: Apr 1 – Jun 30 = 30 + 31 + 30 = 91 days of 244 =
    // 37.2951… → 37.30; 53.33 ≥ 37.30 → on track; 160 < 300 → not met.
    expect(body).toMatchObject({
      latest: { value: '160', corrections: [{ from: '150', to: '160', reason: '统计口径更正：补入二季度末到位资金' }] },
      percentOfTarget: '53.33',
      met: false,
      elapsedPercent: '37.30',
      onTrack: true,
    });
    expect(body.series).toHaveLength(1);
  });

  it('indicator 3.3-1 on 2023-10-01: 180 → "60.00", behind the elapsed share', async () => {
    const body = await get(`${FUND}?validAt=2023-10-01T00:00:00%2B08:00`);
    // 180 of 300 → 60.00. Elapsed: 91 + Jul 31 + Aug 31 + Sep 30 = 183 days of 244 = 75.00 exactly;
    // 60.00 < 75.00 → not on track.
    expect(body).toMatchObject({ latest: { value: '180' }, percentOfTarget: '60.00', met: false, elapsedPercent: '75.00', onTrack: false });
    expect(body.series.map((v: { value: string }) => v.value)).toEqual(['160', '180']);
  });

  it('indicator 3.3-1 at the year\'s end: 305 → "101.67", met', async () => {
    const body = await get(`${FUND}?validAt=2024-01-01`);
    // 305 of 300 = 101.666… → 101.67 (half-up); 305 ≥ 300 → met, hence on track; the period is over: 100.00.
    expect(body).toMatchObject({ latest: { value: '305' }, percentOfTarget: '101.67', met: true, elapsedPercent: '100.00', onTrack: true });
    expect(body.series).toHaveLength(3);
  });

  it('the leading group before and after the replacement of deputy-2 (递补), with the office and its director', async () => {
    const before = await get(`${PLAN}/leading-group?validAt=2023-06-30`);
    expect(before.office).toEqual({ hostUnitId: 'kjj', hostUnitName: '市科技局', directorName: '盛继亮', directorSeat: 'deputy-2' });
    expect(before.deputies[1]).toMatchObject({ seat: 'deputy-2', name: '盛继亮', title: '市科技局局长', predecessors: [] });
    expect(before.leader).toMatchObject({ name: '陈劲超', title: '市人民政府常务副市长' });
    // In effect 07-01 09:00 +08 = 2023-07-01T01:00Z.
    const after = await get(`${PLAN}/leading-group?validAt=2023-07-02`);
    expect(after.deputies[1]).toMatchObject({
      seat: 'deputy-2',
      name: '王新民',
      title: '市科技局局长',
      since: '2023-07-01T01:00:00.000Z',
      predecessors: [{ name: '盛继亮', until: '2023-07-01T01:00:00.000Z' }],
    });
    expect(after.office).toEqual({ hostUnitId: 'kjj', hostUnitName: '市科技局', directorName: '王新民', directorSeat: 'deputy-2' });
    expect(after.deputies[0].name).toBe('张明武');
    // Recorded only on 07-10: as known on 07-05, 盛继亮 still held the seat on 07-02.
    const known = await get(`${PLAN}/leading-group?asOf=2023-07-05&validAt=2023-07-02`);
    expect(known.deputies[1].name).toBe('盛继亮');
  });

  it('a unit not on a task cannot report on it (403), and nothing is written', async () => {
    const head = await h.store.headPosition();
    // rcj leads 5.1–5.3 and is on neither 3.3 (lead jrj gzw kjj czj; responsible fgw scjgj districts) nor 4.2.
    for (const code of ['3.3', '4.2']) {
      const res = await h.request(`${PLAN}/tasks/${code}/progress`, {
        method: 'POST',
        json: { unitId: 'rcj', period: '2023-12', done: '代报' },
        headers: tokens.rcj!,
      });
      expect(res.status, code).toBe(403);
      expect(await res.json()).toMatchObject({ type: '/problems/forbidden', rule: 'write-task-member' });
    }
    const indicator = await h.request(`${FUND}/values`, { method: 'POST', json: { value: '1' }, headers: tokens.rcj! });
    expect(indicator.status).toBe(403);
    expect(await h.store.headPosition()).toBe(head);
  });

  it('bad input to the writes of the year is a 4xx problem and appends nothing', async () => {
    const head = await h.store.headPosition();
    const cases: [string, unknown, Record<string, string>, number][] = [
      // a unit may back-date at most 2 days (now is 2024-01-02 10:00 +08)
      [`${PLAN}/tasks/3.3/progress`, { unitId: 'jrj', period: '2023-12', done: '补报', effectiveAt: '2023-12-20T10:00:00+08:00' }, tokens.jrj!, 422],
      [`${PLAN}/tasks/3.3/progress`, { unitId: 'jrj', period: '2023-13', done: 'x' }, tokens.jrj!, 422],
      [`${PLAN}/tasks/3.3/progress`, { unitId: 'gzw', period: '2023-12', done: '代报' }, tokens.jrj!, 403], // for another unit: it would supersede that unit's report
      [`${PLAN}/tasks/3.3/progress`, { unitId: 'jrj', period: '2023-12', done: 'x', percentComplete: 120 }, tokens.jrj!, 422],
      [`${PLAN}/units/rsj/handling-plan`, { title: '方案', summary: '', measures: [] }, tokens.office!, 422],
      [`${PLAN}/units/kjj/handling-plan/filing`, { outcome: 'returned' }, tokens.office!, 422], // a return needs a reason
      [`${PLAN}/units/jxj/handling-plan/filing`, { outcome: 'filed' }, tokens.office!, 409], // filed already
      [`${FUND}/values`, { value: '1e3' }, tokens.jrj!, 422],
      [`${FUND}/values`, { value: '200', asOfDate: '2024-02-01' }, tokens.jrj!, 422], // in the future
      [`${FUND}/values/${ids.fundJune}/correction`, { value: '170' }, tokens.office!, 422], // no reason
      [`${PLAN}/leading-group/replacements`, { seat: 'deputy-2', holder: '盛继亮', successor: { name: '赵立' } }, tokens.office!, 409], // no longer holds it
      [`${PLAN}/leading-group/replacements`, { seat: 'member-99', holder: '李军', successor: { name: '周新' } }, tokens.office!, 422],
    ];
    for (const [path, json, headers, status] of cases) {
      const res = await h.request(path, { method: 'POST', json, headers });
      const body = await res.json();
      expect(res.status, `${path} ${JSON.stringify(json)} ${JSON.stringify(body)}`).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await h.store.headPosition()).toBe(head);
  });

  // Deadlines and lights. 29 units owe a handling plan; 26 (task, lead unit) pairs owe a report each
  // month (groups expanded): fgw 6, kjj 10, jxj 4, jrj 1, gzw 1, czj 1, rcj 3 — none of the 15 tasks
  // changes status here, so all stay owed; every task is due 2023-11-30 (green before 11-27).
  type AlertBody = { counts: { red: number; yellow: number }; items: { unit: { id: string }; red: number; yellow: number; alerts: Record<string, any>[] }[] };
  const alertsOf = (body: AlertBody, unit: string) => body.items.find((i) => i.unit.id === unit)?.alerts ?? [];

  it('alerts on 2023-03-30: 26 handling plans yellow as known now, 27 as duban showed it that day', async () => {
    // Done by the end of 03-30: jxj (03-29), jrj (03-30 10:00), czj (03-30 17:00, recorded 04-12). fgw was
    // returned at 15:00: owed again, yellow from then. 29 − 3 = 26 yellow; no report is owed before April.
    const now = await get(`${PLAN}/alerts?validAt=2023-03-30`);
    expect(now.counts).toEqual({ red: 0, yellow: 26 });
    expect(alertsOf(now, 'fgw')).toEqual([
      expect.objectContaining({ id: 'handling-plan:fgw', light: 'yellow', since: '2023-03-30T07:00:00.000Z', daysLeft: 1, dueAt: '2023-03-31T15:59:59.999Z' }),
    ]);
    expect(alertsOf(now, 'czj')).toEqual([]);
    // Transaction time: on 03-30 duban did not yet know of czj's paper submission.
    const then = await get(`${PLAN}/alerts?asOf=2023-03-30&validAt=2023-03-30`);
    expect(then.counts).toEqual({ red: 0, yellow: 27 });
    expect(alertsOf(then, 'czj').map((a) => a.id)).toEqual(['handling-plan:czj']);
  });

  it('alerts on 2023-05-09: 23 handling plans red, 22 April reports yellow (due 05-10)', async () => {
    // Handling plans in: jxj, jrj, gzw (03-31 16:00), czj, kjj (04-03), fgw (resubmitted 04-04) → 29 − 6 = 23
    // red, since 04-01 00:00 Shanghai. April reports by lead units by the end of 05-09: jxj 4.2, jrj 3.3,
    // gzw 3.3, kjj 3.3 → 26 − 4 = 22 yellow, 1 day left.
    const body = await get(`${PLAN}/alerts?validAt=2023-05-09`);
    expect(body.counts).toEqual({ red: 23, yellow: 22 });
    expect(alertsOf(body, 'jxj').map((a) => `${a.id} ${a.light} ${a.daysLeft}`)).toEqual([
      'monthly-report:2023-04:1.2:jxj yellow 1',
      'monthly-report:2023-04:1.3:jxj yellow 1',
      'monthly-report:2023-04:4.1:jxj yellow 1',
    ]);
    expect(alertsOf(body, 'hongshan')).toEqual([
      expect.objectContaining({ id: 'handling-plan:hongshan', light: 'red', since: '2023-03-31T16:00:00.000Z', daysOverdue: 39 }),
    ]); // 03-31 → 05-09
  });

  it("alerts on 2023-06-11: April and May reports red, the office's reminder on czj's April report shown", async () => {
    // 23 handling plans; April: 22 pairs never reported (lateness counts on effectiveAt, and none came late);
    // May (due 06-10): jrj 3.3, fgw 4.2, gzw 3.3 in → 23 red (czj's comes on 06-12). 23 + 22 + 23 = 68.
    const body = await get(`${PLAN}/alerts?validAt=2023-06-11`);
    expect(body.counts).toEqual({ red: 68, yellow: 0 });
    const czj = alertsOf(body, 'czj');
    expect(czj.map((a) => `${a.id} ${a.daysOverdue}`)).toEqual(['monthly-report:2023-04:3.3:czj 32', 'monthly-report:2023-05:3.3:czj 1']); // 05-10 → 06-11; 06-10 → 06-11
    expect(czj[0]!.reminders).toEqual([
      expect.objectContaining({
        reminderId: ids.czjReminder,
        light: 'red',
        note: '请于5月25日前补报4月进展情况',
        effectiveAt: '2023-05-20T02:00:00.000Z',
        actor: expect.objectContaining({ role: 'office' }),
      }),
    ]);
    // kjj leads 10 tasks: April 9 missing (3.3 in), May 10 missing.
    expect(body.items.find((i: { unit: { id: string } }) => i.unit.id === 'kjj')).toMatchObject({ red: 19, yellow: 0 });
    // The next day czj's May report is in: only April stays red.
    expect(alertsOf(await get(`${PLAN}/alerts?validAt=2023-06-12&unit=czj`), 'czj').map((a) => a.id)).toEqual(['monthly-report:2023-04:3.3:czj']);
  });

  it("czj's record shows the reminder from 05-20 on, its handling plan in on time, and its tasks green until November", async () => {
    const before = await get(`${PLAN}/units/czj?validAt=2023-05-19`);
    expect(before.reminders).toEqual([]);
    const record = await get(`${PLAN}/units/czj?validAt=2023-06-11`);
    expect(record).toMatchObject({
      unit: { id: 'czj', name: '市财政局' },
      handlingPlan: { status: 'submitted', timeliness: 'on_time', light: { light: 'green', done: true, since: '2023-03-30T09:00:00.000Z' } },
      // czj shares 1.1 (责任单位) and leads 3.3; 06-11 → 11-30: 19 + 31 + 31 + 30 + 31 + 30 = 172 days left.
      tasks: [
        { code: '1.1', role: 'responsible', status: 'not_started', light: { light: 'green', dueDate: '2023-11-30', daysLeft: 172 } },
        { code: '3.3', role: 'lead', status: 'not_started', light: { light: 'green', dueDate: '2023-11-30', daysLeft: 172 } },
      ],
      reminders: [{ alertId: 'monthly-report:2023-04:3.3:czj', note: '请于5月25日前补报4月进展情况' }],
    });
  });
});

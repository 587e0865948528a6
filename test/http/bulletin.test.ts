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
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const Q2 = `${PLAN}/reports/quarterly/2023-Q2`;
let h: Harness;

const post = async (path: string, json: unknown, status = 200) => {
  const res = await h.request(path, { method: 'POST', json });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(status);
  return res.json();
};
const get = async (path: string) => {
  const res = await h.request(path);
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
  return res.json();
};
const bytes = async (path: string) => {
  const res = await h.request(path);
  expect(res.status, path).toBe(200);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};
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
  await post(`${PLAN}/tasks/5.3/status`, { status: 'completed', reason: '人才服务机制建成', evidence: { summary: '市人才服务中心挂牌运行' }, effectiveAt: '2023-06-20T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2023-04', done: '完成产业链调研', effectiveAt: '2023-05-05T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jiangan', period: '2023-04', done: '江岸区梳理重点企业名单', effectiveAt: '2023-05-06T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'fgw', period: '2023-05', done: '召开链长制推进会', effectiveAt: '2023-06-12T10:00:00+08:00' });
  await post(`${PLAN}/indicators/4.2-1/values`, { value: '12', effectiveAt: '2023-03-30T10:00:00+08:00' }, 201);
  await post(`${PLAN}/indicators/4.2-1/values`, { value: '30', effectiveAt: '2023-06-15T10:00:00+08:00' }, 201);
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
    expect(tasks.items.find((t: { code: string }) => t.code === '5.3')).toMatchObject({ status: 'completed', statusLabel: '已完成', since: '2023-06-20T02:00:00.000Z', light: 'green', dueDate: '2023-11-30' });

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

    // Extension points, empty until meetings, action items and scorecards exist.
    expect(b.sections.meetings).toEqual([]);
    expect(b.sections.actionItems).toEqual({ opened: [], closed: [], overdue: [] });
    expect(b.sections.ranking).toEqual([]);
  });

  it('prints Markdown with Chinese headings and tables', async () => {
    const { res, body } = await bytes(`${Q2}?format=md`);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = body.toString('utf8');
    expect(md.startsWith('# 情况季通报（2023年第二季度）\n')).toBe(true);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## 一、任务进展情况', '## 二、指标进展情况', '## 三、信息报送情况', '## 四、办理工作方案', '## 五、预警情况', '## 六、会议及议定事项', '## 七、督办事项', '## 八、单位排名']);
    expect(md).toContain('| 数据截至（有效时间） | 2023-06-30 23:59');
    expect(md).toMatch(/\| 5\.3 +\| 强化人才服务机制 +\| 市人才工作局 +\| 已完成 +\| 2023-06-20 10:00 \| 是 +\| 2023-11-30 \| 绿灯 \|/);
    expect(md).toMatch(/\| 2023-05 \| 市发改委 +\| 1 +\| 1 +\| 5 +\| 1\.1、1\.2、1\.3、4\.1、4\.3 +\|/);
    expect(md).toContain('## 六、会议及议定事项\n\n（暂无）');
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
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '一、任务进展情况', '二、指标进展情况', '三、信息报送情况', '四、办理工作方案', '五、预警情况', '六、会议及议定事项', '七、督办事项', '八、单位排名']);
    expect(wb.created.toISOString()).toBe('2026-12-01T03:00:00.000Z');
    const overview = wb.getWorksheet('概况')!;
    expect(overview.getCell('A1').value).toBe('情况季通报（2023年第二季度）');
    expect(overview.getCell('A3').value).toBe('项目');
    const tasks = wb.getWorksheet('一、任务进展情况')!;
    const rows = tasks.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
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
    const published = await post(`${Q2}/publish`, { documentNumber: '武科办〔2023〕18号', note: '第二季度情况通报', effectiveAt: '2023-07-05T10:00:00+08:00' }, 201);
    expect(published).toMatchObject({ period: '2023-Q2', publishedAt: '2023-07-05T02:00:00.000Z', documentNumber: '武科办〔2023〕18号', rendererVersion: 1 });
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
    expect(b).toMatchObject({ kind: 'annual', title: '总结材料', period: '2023', periodLabel: '2023年度', startDate: '2023-01-01', endDate: '2023-12-31', complete: true, validAt: '2023-12-31T15:59:59.999Z' });
    // The monthly reports of the implementation period: April to November.
    expect(b.sections.reports.months.map((m: { period: string }) => m.period)).toEqual(['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11']);
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

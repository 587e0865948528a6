// Progress reports (信息报送) and the monthly dispatch (月调度), worked out by hand on task 5.3
// (牵头 市人才工作局 rcj; 责任 市人社局 rsj and 各区人民政府 districts). The office records three months of
// 2023 late, with effectiveAt (Shanghai times):
//   2023-04  rcj 05-08 10:00 (10%) · rsj 05-09 · 江岸区 jiangan 05-09
//   2023-05  rcj 06-05 10:00 (20%), superseded by rcj 06-09 10:00 (25%) · 汉阳区 hanyang 06-06; rsj none
//   2023-06  rcj none · rsj 07-15 (after the 10th: late)
// A month's report is due by the end of the 10th of the next month (Shanghai): 2023-05 → 2023-06-10T15:59:59.999Z.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const REPORT = (code: string) => `${PLAN}/tasks/${code}/progress`;
const MONTH = (period: string, query = '') => `${PLAN}/reports/monthly/${period}${query}`;
let h: Harness;
const ids: Record<string, string> = {};

const report = async (code: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.request(REPORT(code), { method: 'POST', json, headers });
const ok = async (code: string, json: Record<string, unknown>) => {
  const res = await report(code, json);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
};
const get = async (path: string) => {
  const res = await h.request(path);
  return { status: res.status, body: await res.json() };
};
const task = (body: { items: { code: string }[] }, code: string) => body.items.find((t) => t.code === code) as any;
const unitToken = async (unitId: string) =>
  `Bearer ${(await h.app.issueToken({ name: `${unitId} 的令牌`, role: 'unit', unitId, actor: { id: 'test', role: 'system' } })).token}`;

// Lead units missing a 2023-05 report, per unit in the plan's order (only rcj reported, on 5.3).
const MISSING_MAY = [
  ['fgw', ['1.1', '1.2', '1.3', '4.1', '4.2', '4.3']],
  ['kjj', ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1']],
  ['rcj', ['5.1', '5.2']],
  ['czj', ['3.3']],
  ['jxj', ['1.2', '1.3', '4.1', '4.2']],
  ['jrj', ['3.3']],
  ['gzw', ['3.3']],
];

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-11-27T09:00:00.000Z');
  ids.april = (
    await ok('5.3', { unitId: 'rcj', period: '2023-04', done: '制定青年人才安居工作方案', percentComplete: 10, effectiveAt: '2023-05-08T10:00:00+08:00' })
  ).report.reportId;
  await ok('5.3', { unitId: 'rsj', period: '2023-04', done: '梳理人才政策清单', effectiveAt: '2023-05-09T10:00:00+08:00' });
  await ok('5.3', { unitId: 'jiangan', period: '2023-04', done: '江岸区完成人才公寓选址', effectiveAt: '2023-05-09T11:00:00+08:00' });
  ids.mayFirst = (
    await ok('5.3', { unitId: 'rcj', period: '2023-05', done: '启动人才服务专窗', percentComplete: 20, effectiveAt: '2023-06-05T10:00:00+08:00' })
  ).report.reportId;
  await ok('5.3', { unitId: 'hanyang', period: '2023-05', done: '汉阳区召开人才工作推进会', effectiveAt: '2023-06-06T10:00:00+08:00' });
  const second = await ok('5.3', {
    unitId: 'rcj',
    period: '2023-05',
    done: '人才服务专窗运行，受理事项120件',
    problems: '部分区专窗人员不足',
    nextSteps: '6月底前实现各区全覆盖',
    percentComplete: 25,
    attachments: ['武人才〔2023〕8号', 'https://example.org/rcj/2023-05.pdf'],
    effectiveAt: '2023-06-09T10:00:00+08:00',
  });
  ids.maySecond = second.report.reportId;
  expect(second.report).toMatchObject({ supersedes: ids.mayFirst, late: false, unit: { id: 'rcj', name: '市人才工作局', kind: 'unit' } });
  await ok('5.3', { unitId: 'rsj', period: '2023-06', done: '补报：人社政策兑现情况', effectiveAt: '2023-07-15T10:00:00+08:00' });
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/reports/monthly/{period}', () => {
  it('2023-05 at the end of June: the superseding report, the group compactly, the missing list per unit', async () => {
    const { status, body } = await get(MONTH('2023-05', '?validAt=2023-06-30'));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      planId: 'wuhan-2023-p1',
      period: '2023-05',
      dueBy: '2023-06-10T15:59:59.999Z',
      overdue: true,
      validAt: '2023-06-30T15:59:59.999Z',
    });
    expect(body.items.map((t: { code: string }) => t.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '3.1',
      '3.2',
      '3.3',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
      '5.3',
    ]);
    const t = task(body, '5.3');
    expect(t).toMatchObject({ status: 'not_started', statusLabel: '未启动', reportRequired: true, supersededCount: 1, indicators: [] });
    expect(t.leadUnits).toHaveLength(1);
    expect(t.leadUnits[0]).toMatchObject({
      unit: { id: 'rcj', name: '市人才工作局', kind: 'unit' },
      missing: false,
      report: {
        reportId: ids.maySecond,
        period: '2023-05',
        percentComplete: 25,
        problems: '部分区专窗人员不足',
        attachments: ['武人才〔2023〕8号', 'https://example.org/rcj/2023-05.pdf'],
        reportedAt: '2023-06-09T02:00:00.000Z',
        supersedes: ids.mayFirst,
        late: false,
      },
    });
    const [rsj, districts] = t.responsibleUnits;
    expect(rsj).toEqual({ unit: { id: 'rsj', name: '市人社局', kind: 'unit' }, reports: [], notReported: [{ id: 'rsj', name: '市人社局', kind: 'unit' }] });
    expect(districts.unit).toEqual({ id: 'districts', name: '各区人民政府', kind: 'group' });
    expect(districts.reports.map((r: { unit: { id: string } }) => r.unit.id)).toEqual(['hanyang']);
    expect(districts.notReported).toHaveLength(15);
    expect(districts.notReported.map((u: { id: string }) => u.id)).not.toContain('hanyang');
    expect(task(body, '4.2').leadUnits.map((l: { unit: { id: string }; missing: boolean; report: unknown }) => [l.unit.id, l.missing, l.report])).toEqual([
      ['jxj', true, null],
      ['fgw', true, null],
    ]);
    expect(body.missing.map((m: { unit: { id: string }; tasks: string[] }) => [m.unit.id, m.tasks])).toEqual(MISSING_MAY);
  });

  it('2023-05 on 8 June (valid time): the first report, not yet superseded; before any report: missing', async () => {
    const early = (await get(MONTH('2023-05', '?validAt=2023-06-08'))).body;
    const t = task(early, '5.3');
    expect(t.leadUnits[0].report).toMatchObject({ reportId: ids.mayFirst, percentComplete: 20, supersedes: null });
    expect(t.supersededCount).toBe(0);
    expect(early.overdue).toBe(false);
    const before = (await get(MONTH('2023-05', '?validAt=2023-06-01'))).body;
    expect(task(before, '5.3').leadUnits[0]).toMatchObject({ missing: true, report: null });
    expect(before.missing.find((m: { unit: { id: string } }) => m.unit.id === 'rcj').tasks).toEqual(['5.1', '5.2', '5.3']);
  });

  it('2023-06 at the end of July: the lead unit missing, a late responsible report', async () => {
    const { body } = await get(MONTH('2023-06', '?validAt=2023-07-31'));
    expect(body.dueBy).toBe('2023-07-10T15:59:59.999Z');
    const t = task(body, '5.3');
    expect(t.leadUnits[0]).toMatchObject({ unit: { id: 'rcj' }, missing: true, report: null });
    expect(t.responsibleUnits[0].reports).toMatchObject([{ unit: { id: 'rsj' }, late: true, reportedAt: '2023-07-15T02:00:00.000Z' }]);
    expect(t.responsibleUnits[0].notReported).toEqual([]);
    expect(t.responsibleUnits[1].reports).toEqual([]);
    expect(t.responsibleUnits[1].notReported).toHaveLength(16);
    expect(body.missing.find((m: { unit: { id: string } }) => m.unit.id === 'rcj').tasks).toEqual(['5.1', '5.2', '5.3']);
  });

  it('asOf before the reports were recorded: nothing was reported yet', async () => {
    const { body } = await get(MONTH('2023-04', '?asOf=2026-11-27T08:30:00Z&validAt=2023-06-30'));
    expect(task(body, '5.3').leadUnits[0]).toMatchObject({ missing: true, report: null });
    const now = (await get(MONTH('2023-04', '?validAt=2023-06-30'))).body;
    expect(task(now, '5.3').leadUnits[0].report).toMatchObject({ reportId: ids.april, percentComplete: 10 });
    expect(task(now, '5.3').responsibleUnits[1].reports.map((r: { unit: { name: string } }) => r.unit.name)).toEqual(['江岸区']);
  });

  it('?format=csv: UTF-8 with a BOM, a row per task and unit, with the expected header', async () => {
    const res = await h.request(MONTH('2023-05', '?format=csv&validAt=2023-06-30'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\n');
    expect(lines[0]).toBe('任务,任务名称,任务状态,单位类别,单位,报送情况,工作进展,存在问题,下步计划,完成比例(%),报送时间,逾期,附件');
    // Times in the plan's time zone (2023-06-09T02:00Z is 10:00 in Shanghai).
    expect(lines).toContain(
      '5.3,强化人才服务机制,未启动,牵头单位,市人才工作局,已报送,人才服务专窗运行，受理事项120件,部分区专窗人员不足,6月底前实现各区全覆盖,25,2023-06-09 10:00,否,武人才〔2023〕8号; https://example.org/rcj/2023-05.pdf',
    );
    expect(lines.filter((l) => l.startsWith('5.3,'))).toHaveLength(1 + 1 + 16); // rcj; rsj; the 16 districts (汉阳区 reported)
    expect(lines.filter((l) => l.startsWith('4.2,') && l.includes(',牵头单位,') && l.includes(',缺报,'))).toHaveLength(2);
  });

  it('a month not yet begun at validAt, or a malformed one, is refused', async () => {
    expect((await get(MONTH('2023-08', '?validAt=2023-07-31'))).status).toBe(422);
    expect((await get(MONTH('2023-13'))).status).toBe(422);
  });
});

describe('POST /plans/{planId}/tasks/{code}/progress', () => {
  it('a district reports on a task of 各区 with its own token; a unit not on the task may not (403)', async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    const jiangan = await unitToken('jiangan');
    const res = await report(
      '5.3',
      { unitId: 'jiangan', period: '2023-11', done: '江岸区本月新增人才公寓200套', percentComplete: 40 },
      { authorization: jiangan },
    );
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    expect((await res.json()).report).toMatchObject({ unit: { id: 'jiangan', name: '江岸区' }, reportedBy: { role: 'unit', unitId: 'jiangan' } });

    const head = await h.store.headPosition();
    const kjj = await unitToken('kjj');
    const refused = await report('5.3', { unitId: 'kjj', period: '2023-11', done: '科技局报送' }, { authorization: kjj });
    expect(refused.status).toBe(403);
    expect((await refused.json()).rule).toBe('write-task-member');
    // A district may not report for another unit (that would supersede the other's report: 403), nor back-date beyond the plan's 2 days.
    const forOther = await report('5.3', { unitId: 'hanyang', period: '2023-11', done: '代报' }, { authorization: jiangan });
    expect(forOther.status).toBe(403);
    expect((await forOther.json()).rule).toBe('report-own-unit');
    expect(
      (await report('5.3', { unitId: 'jiangan', period: '2023-11', done: '补报', effectiveAt: '2026-11-25T00:00:00Z' }, { authorization: jiangan })).status,
    ).toBe(422);
    expect(await h.store.headPosition()).toBe(head + 1); // the kjj token was issued; nothing else written
  });

  it("the report does not touch the task: its ETag stays, and the report shows in the task's history", async () => {
    const t = await h.request(`${PLAN}/tasks/5.3`);
    expect(t.headers.get('etag')).toBe('"0"');
    const history = (await get(`/audit?planId=wuhan-2023-p1&task=5.3`)).body;
    expect(history.items.filter((r: { type: string }) => r.type === 'ProgressReported')).toHaveLength(7);
    expect(history.items.find((r: { summary: string }) => r.summary.includes('更新本月报送'))).toMatchObject({ typeLabel: '信息报送' });
  });

  it('bad input is 4xx with nothing written', async () => {
    const head = await h.store.headPosition();
    const bad: [string, Record<string, unknown>, number][] = [
      ['5.3', { unitId: 'rcj', period: '2023-13', done: 'x' }, 422],
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', percentComplete: 101 }, 422],
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', percentComplete: 2.5 }, 422],
      ['5.3', { unitId: 'rcj', period: '2023-05', done: '   ' }, 422],
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', attachments: ['not a link'] }, 422],
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', extra: 1 }, 422],
      ['5.3', { unitId: 'districts', period: '2023-05', done: 'x' }, 422], // a group, not a unit
      ['5.3', { unitId: 'kjj', period: '2023-05', done: 'x' }, 422], // not on task 5.3
      ['5.3', { unitId: 'rcj', period: '2027-01', done: 'x' }, 422], // month not begun
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', effectiveAt: '2027-01-01T00:00:00Z' }, 422], // future
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', effectiveAt: '2023-04-20T00:00:00Z' }, 422], // before the month began
      ['5.3', { unitId: 'rcj', period: '2023-05', done: 'x', effectiveAt: '2023-01-20T00:00:00Z' }, 422], // before the plan took effect
      ['9.9', { unitId: 'rcj', period: '2023-05', done: 'x' }, 404],
    ];
    for (const [code, json, want] of bad) {
      const res = await report(code, json);
      expect(res.status, JSON.stringify(json)).toBe(want);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // Back-dated before the month's latest report on the task (2023-06-09): valid time would run backwards.
    const conflict = await report('5.3', { unitId: 'jiangan', period: '2023-05', done: '补报', effectiveAt: '2023-06-07T10:00:00+08:00' });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).type).toContain('valid-time-conflict');
    expect(await h.store.headPosition()).toBe(head);
  });
});

describe('POST /plans/{planId}/tasks/{code}/progress/{reportId}/withdrawal', () => {
  const withdraw = (reportId: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.request(`${REPORT('5.3')}/${reportId}/withdrawal`, { method: 'POST', json, headers });

  it("the office withdraws rcj's superseding May report: from then on the first stands again; before, the second still shows", async () => {
    const res = await withdraw(ids.maySecond!, { reason: '误报：受理数据重复统计', effectiveAt: '2023-06-20T10:00:00+08:00' });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      reportId: ids.maySecond,
      unit: { id: 'rcj' },
      period: '2023-05',
      withdrawnAt: '2023-06-20T02:00:00.000Z',
      reinstated: { reportId: ids.mayFirst, percentComplete: 20 },
    });
    const after = task((await get(MONTH('2023-05', '?validAt=2023-06-30'))).body, '5.3');
    expect(after.leadUnits[0].report).toMatchObject({ reportId: ids.mayFirst, percentComplete: 20 });
    expect(after).toMatchObject({ supersededCount: 0, withdrawnCount: 1 });
    const before = task((await get(MONTH('2023-05', '?validAt=2023-06-15'))).body, '5.3');
    expect(before.leadUnits[0].report.reportId).toBe(ids.maySecond);
    const history = (await get('/audit?planId=wuhan-2023-p1&task=5.3&type=ProgressReportWithdrawn')).body;
    expect(history.items).toMatchObject([{ typeLabel: '撤回信息报送', reason: '误报：受理数据重复统计' }]);
    expect(history.items[0].summary).toContain('已报送 → 已撤回');
  });

  it("refusals write nothing: another unit's report (403), unknown (404), already withdrawn (422), back-dated before the month's latest (409)", async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    const jiangan = await unitToken('jiangan');
    const head = await h.store.headPosition();
    const other = await withdraw(ids.april!, { reason: '撤回' }, { authorization: jiangan });
    expect(other.status).toBe(403);
    expect((await other.json()).rule).toBe('withdraw-own-report');
    expect((await withdraw('no-such-report', { reason: '撤回' })).status).toBe(404);
    expect((await withdraw(ids.mayFirst!, { reason: '撤回', effectiveAt: '2023-06-08T00:00:00Z' })).status).toBe(409);
    expect((await withdraw(ids.mayFirst!, { reason: '   ' })).status).toBe(422);
    expect(await h.store.headPosition()).toBe(head);
    expect((await withdraw(ids.mayFirst!, { reason: '撤回' })).status).toBe(200);
    expect((await withdraw(ids.mayFirst!, { reason: '再次撤回' })).status).toBe(422);
    expect(await h.store.headPosition()).toBe(head + 1);
  });
});

describe("the monthly dispatch shows each task's indicators", () => {
  it('with the latest value in effect at validAt, its percent of target and whether it is on track', async () => {
    const value = await h.request('/plans/wuhan-2023-p1/indicators/4.2-1/values', {
      method: 'POST',
      json: { value: '30', asOfDate: '2023-05-20', source: '市经信局统计' },
    });
    expect(value.status).toBe(201);
    const may = await (await h.request('/plans/wuhan-2023-p1/reports/monthly/2023-05')).json();
    const task = may.items.find((t: { code: string }) => t.code === '4.2');
    expect(task.indicators).toHaveLength(1);
    // 30 of 60 家 is 50.00 %; by 2023-05-31 (validAt defaults to now here) the period has fully elapsed, so not on track.
    expect(task.indicators[0]).toMatchObject({ indicatorId: '4.2-1', latest: { value: '30' }, percentOfTarget: '50.00', met: false });
    const before = await (await h.request('/plans/wuhan-2023-p1/reports/monthly/2023-04?validAt=2023-04-30')).json();
    expect(before.items.find((t: { code: string }) => t.code === '4.2').indicators[0].latest).toBeNull();
  });
});

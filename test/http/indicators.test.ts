// Indicators: values reported and corrected, read on both time axes; percent of target in exact
// decimals; on track against the share of the implementation period elapsed; `about` within its
// tolerance; who may write; bad input and back-dating refused without writing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { elapsedPercent, percentOf } from '../../src/app/indicator/indicator-queries.ts';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { type Harness, startHarness, wuhanPlanFile } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const FUND = `${PLAN}/indicators/3.3-1`; // 武汉基金总规模 300 亿元 (at_least), task 3.3 led by jrj, gzw, kjj, czj
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' }); // the plan: recorded now, in effect from 2023-03-23
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

const report = (path: string, json: unknown, headers: Record<string, string> = {}) => h.request(`${path}/values`, { method: 'POST', json, headers });
const correct = (path: string, valueId: string, json: unknown, headers: Record<string, string> = {}) =>
  h.request(`${path}/values/${valueId}/correction`, { method: 'POST', json, headers });
const get = async (path: string) => {
  const res = await h.request(path);
  return { status: res.status, body: await res.json() };
};
async function unitToken(unitId: string): Promise<Record<string, string>> {
  const { token } = await h.app.issueToken({ name: `${unitId} 的令牌`, role: 'unit', unitId, actor: { id: 'test', role: 'system' } });
  return { authorization: `Bearer ${token}` };
}

describe('reporting and correcting, read on both axes', () => {
  it('reports, corrects, and answers for two dates on each axis', async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    const first = await report(FUND, { value: '150', unit: '亿元', asOfDate: '2023-06-30', source: '武汉基金季度统计', note: '截至二季度末' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(FUND);
    const created = await first.json();
    const valueId = created.valueId as string;
    expect(created.indicator).toMatchObject({
      percentOfTarget: '50.00',
      latest: { valueId, value: '150', unit: '亿元', effectiveAt: '2023-06-30T15:59:59.999Z' },
    });

    h.clock.set('2026-12-05T02:00:00.000Z');
    const fixed = await correct(FUND, valueId, { value: '160', reason: '统计口径更正：补入二季度末到位资金' });
    expect(fixed.status).toBe(200);
    h.clock.set('2026-12-06T02:00:00.000Z');
    expect((await report(FUND, { value: '290', effectiveAt: '2023-12-31T12:00:00+08:00' })).status).toBe(201);
    h.clock.set('2026-12-10T02:00:00.000Z');

    // asOf before the correction, validAt mid-2023: the value as first reported.
    const before = (await get(`${FUND}?asOf=2026-12-01&validAt=2023-07-01`)).body;
    expect(before).toMatchObject({ latest: { value: '150', corrections: [] }, percentOfTarget: '50.00', position: 2 });
    expect(before.series).toHaveLength(1);
    // asOf after it, the same validAt: corrected, the old value kept in its corrections.
    const after = (await get(`${FUND}?asOf=2026-12-06&validAt=2023-07-01`)).body;
    expect(after).toMatchObject({
      latest: { value: '160', corrections: [{ from: '150', to: '160', reason: '统计口径更正：补入二季度末到位资金' }] },
      percentOfTarget: '53.33',
    });
    expect(after.series).toHaveLength(1);
    // Before the date the value refers to: nothing in effect yet.
    const early = (await get(`${FUND}?validAt=2023-06-29`)).body;
    expect(early).toMatchObject({ latest: null, percentOfTarget: null, onTrack: null, met: null, series: [] });
    // Now: both values, in valid-time order; 290 of 300 → 96.67 (half-up), not met, behind the period's end.
    const now = (await get(FUND)).body;
    expect(now.series.map((v: { value: string }) => v.value)).toEqual(['160', '290']);
    expect(now).toMatchObject({ latest: { value: '290' }, percentOfTarget: '96.67', met: false, elapsedPercent: '100.00', onTrack: false, position: 4 });
    // Before anything was reported (asOf the plan's recording day): no value.
    expect((await get(`${FUND}?asOf=2026-11-27&validAt=2023-12-31`)).body.latest).toBeNull();

    const list = (await get(`${PLAN}/indicators?asOf=2026-12-01&validAt=2023-07-01`)).body;
    expect(list.items).toHaveLength(14);
    expect(list.items.find((i: { indicatorId: string }) => i.indicatorId === '3.3-1')).toMatchObject({ percentOfTarget: '50.00' });

    // The audit trail reads before → after for both.
    const audit = (await get(`/audit?planId=wuhan-2023-p1`)).body.items as { type: string; summary: string; changes: unknown[] }[];
    const reported = audit.find((r) => r.type === 'IndicatorValueReported')!;
    expect(reported.summary).toContain('150 亿元');
    const corrected = audit.find((r) => r.type === 'IndicatorValueCorrected')!;
    expect(corrected.summary).toBe('指标 3.3-1 数值更正：150 → 160');
    expect(corrected.changes).toEqual([{ field: 'value', before: '150', beforeLabel: '150', after: '160', afterLabel: '160' }]);
    // A task's trail holds its indicators' values, rows naming the task.
    const task = (await get(`/audit?planId=wuhan-2023-p1&task=3.3`)).body.items as { type: string; taskCode: string }[];
    expect(task.map((r) => [r.type, r.taskCode])).toEqual([
      ['IndicatorValueReported', '3.3'],
      ['IndicatorValueCorrected', '3.3'],
      ['IndicatorValueReported', '3.3'],
    ]);
    expect((await get(`/audit?planId=wuhan-2023-p1&task=1.1`)).body.items).toEqual([]);
  });

  it("refuses a value that would take effect before the indicator's latest one (409)", async () => {
    expect((await report(FUND, { value: '100', effectiveAt: '2026-11-20T00:00:00+08:00' })).status).toBe(201);
    const res = await report(FUND, { value: '90', effectiveAt: '2026-11-10T00:00:00+08:00' });
    expect(res.status).toBe(409);
    expect((await res.json()).type).toBe('/problems/valid-time-conflict');
  });
});

describe('percent of target and on track', () => {
  it('is exact decimal arithmetic, rounded half-up to two places', () => {
    expect(percentOf('150', '300')).toBe('50.00');
    expect(percentOf('0.1', '80')).toBe('0.13'); // 0.125: half-up, not half-even
    expect(percentOf('1', '8')).toBe('12.50');
    expect(percentOf('0.3', '0.1')).toBe('300.00'); // no binary float: 0.3 / 0.1 is 2.9999… in doubles
    expect(percentOf('2', '3')).toBe('66.67');
  });

  it('is on track exactly when percentOfTarget reaches the share of the period elapsed (worked by hand)', async () => {
    // The implementation phase (implementationPhase: 具体办理阶段) runs 2023-04-01 to 2023-11-30
    // (Asia/Shanghai): 30+31+30+31+31+30+31+30 = 244 days. 122 days in — 2023-08-01 00:00 +08 — is exactly half.
    const plan = await readPlanFile(wuhanPlanFile);
    expect(elapsedPercent(plan, '2023-07-31T16:00:00.000Z')).toBe('50.00');
    expect(elapsedPercent(plan, '2023-03-31T16:00:00.000Z')).toBe('0.00'); // the deployment phase before it counts for nothing
    h.clock.set('2026-11-28T02:00:00.000Z');
    expect((await report(FUND, { value: '150', effectiveAt: '2023-07-31T00:00:00+08:00' })).status).toBe(201);
    const half = (await get(`${FUND}?validAt=2023-08-01T00:00:00%2B08:00`)).body;
    expect(half).toMatchObject({ percentOfTarget: '50.00', elapsedPercent: '50.00', onTrack: true, met: false });
    // An hour later: 122 days 1 hour of 244 days is 50.0171 %, more than 50.00.
    const later = (await get(`${FUND}?validAt=2023-08-01T01:00:00%2B08:00`)).body;
    expect(later).toMatchObject({ percentOfTarget: '50.00', elapsedPercent: '50.02', onTrack: false });
    expect((await get(`${FUND}?validAt=2023-03-22`)).status).toBe(404); // before the plan took effect
  });

  it('meets an about (左右) target within ±5% by default, an at_least target at it or above', async () => {
    const TALENT = `${PLAN}/indicators/5.1-2`; // 科技领军人才 200 名左右
    const met = async (value: string) => (await (await report(TALENT, { value })).json()).indicator.met as boolean;
    expect(await met('190')).toBe(true);
    expect(await met('189')).toBe(false);
    expect(await met('210')).toBe(true);
    expect(await met('211')).toBe(false);
    expect((await get(TALENT)).body.tolerancePercent).toBe('5');
    const fund = async (value: string) => (await (await report(FUND, { value })).json()).indicator.met as boolean;
    expect(await fund('299.99')).toBe(false);
    expect(await fund('300')).toBe(true);
  });

  it('takes the tolerance from the plan', async () => {
    await h.close();
    h = await startHarness({ adoptWuhan: false });
    await h.app.adoptPlan({ ...(await readPlanFile(wuhanPlanFile)), indicatorTolerancePercent: '10' });
    const body = (await (await report(`${PLAN}/indicators/5.1-2`, { value: '180' })).json()).indicator;
    expect(body).toMatchObject({ met: true, tolerancePercent: '10' });
  });
});

describe('who may write, and what is refused', () => {
  it("lets a unit on the indicator's task (directly or through 各区人民政府) report, and refuses one that is not", async () => {
    const FIRMS = `${PLAN}/indicators/4.2-1`; // task 4.2: jxj and fgw lead, swj and the districts are responsible
    expect((await report(FIRMS, { value: '12' }, await unitToken('jxj'))).status).toBe(201);
    expect((await report(FIRMS, { value: '13' }, await unitToken('jiangan'))).status).toBe(201);
    const kjj = await unitToken('kjj');
    const head = await h.store.headPosition();
    const refused = await report(FIRMS, { value: '14' }, kjj);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: '/problems/forbidden', rule: 'indicator-by-office-or-task-unit' });
    expect(await h.store.headPosition()).toBe(head);
  });

  it('refuses bad input with 4xx problem+json and writes nothing', async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    const valueId = (await (await report(FUND, { value: '150' })).json()).valueId as string;
    const head = await h.store.headPosition();
    const cases: [Promise<Response>, number][] = [
      [report(FUND, { value: 150 }), 422],
      [report(FUND, { value: '-1' }), 422],
      [report(FUND, { value: '1e3' }), 422],
      [report(FUND, {}), 422],
      [report(FUND, { value: '1', unit: '个' }), 422],
      [report(FUND, { value: '1', extra: true }), 422],
      [report(FUND, { value: '1', effectiveAt: '2026-12-01T00:00:00Z' }), 422], // future
      [report(FUND, { value: '1', effectiveAt: '2023-01-01T00:00:00Z' }), 422], // before the plan
      [report(FUND, { value: '1', asOfDate: '2026-12-30' }), 422],
      [report(FUND, { value: '1', asOfDate: '2026-11-28', effectiveAt: '2026-11-28T00:00:00Z' }), 422],
      [report(`${PLAN}/indicators/9.9-9`, { value: '1' }), 404],
      [report('/plans/nope/indicators/3.3-1', { value: '1' }), 404],
      [correct(FUND, 'no-such-value', { value: '1', reason: '更正' }), 404],
      [correct(FUND, valueId, { value: '150', reason: '更正' }), 422], // no change
      [correct(FUND, valueId, { value: '151', reason: '   ' }), 422],
      [correct(FUND, valueId, { value: '151' }), 422],
    ];
    for (const [pending, status] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await h.store.headPosition()).toBe(head);
  });

  it('lets a unit back-date at most 2 days (the office further): 422 naming effectiveAt', async () => {
    h.clock.set('2026-12-10T02:00:00.000Z');
    const jrj = await unitToken('jrj');
    const head = await h.store.headPosition();
    const refused = await report(FUND, { value: '100', effectiveAt: '2026-12-07T10:00:00+08:00' }, jrj);
    expect(refused.status).toBe(422);
    const problem = await refused.json();
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/effectiveAt' })]);
    expect(problem.errors[0].detail).toMatch(/at most 2 days/);
    expect(await h.store.headPosition()).toBe(head);
    expect((await report(FUND, { value: '100', effectiveAt: '2026-12-08T10:00:00+08:00' }, jrj)).status).toBe(201);
    expect((await report(FUND, { value: '110', effectiveAt: '2026-12-08T12:00:00+08:00' })).status).toBe(201);
    // The office may go further back (as far as the latest value allows).
    h.clock.set('2026-12-20T02:00:00.000Z');
    expect((await report(FUND, { value: '120', effectiveAt: '2026-12-09T12:00:00+08:00' })).status).toBe(201);
  });
});

describe('in Chinese', () => {
  it('says why a unit may not report, and how far it may back-date, in Chinese for a caller who prefers it', async () => {
    h.clock.set('2026-12-10T02:00:00.000Z');
    const zh = { 'accept-language': 'zh-CN' };
    const refused = await (await report(`${PLAN}/indicators/4.2-1`, { value: '1' }, { ...(await unitToken('kjj')), ...zh })).json();
    expect(refused.detail).toMatch(/^单位 kjj 既不是任务 4.2 的牵头单位，也不是责任单位（牵头单位：市经信局、市发改委；责任单位：.*各区人民政府）/);
    const late = await (await report(FUND, { value: '1', effectiveAt: '2026-12-01T00:00:00Z' }, { ...(await unitToken('jrj')), ...zh })).json();
    expect(late.errors[0].detail).toBe('单位补报最多只能追溯 2 天（effectiveAt 2026-12-01T00:00:00.000Z 更早）；领导小组办公室可以追溯更久');
  });
});

describe('POST …/values/{valueId}/withdrawal (撤回)', () => {
  const withdraw = (path: string, valueId: string, json: unknown, headers: Record<string, string> = {}) =>
    h.request(`${path}/values/${valueId}/withdrawal`, { method: 'POST', json, headers });

  it('leaves the value and its corrections out of latest, series and percentOfTarget from its effectiveAt; earlier views still show it', async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    expect((await report(FUND, { value: '150', asOfDate: '2023-06-30' })).status).toBe(201);
    const jrj = await unitToken('jrj'); // leads task 3.3: reports a value, so may withdraw it (its own)
    const wrong = (await (await report(FUND, { value: '290' }, jrj)).json()).valueId as string;
    expect((await correct(FUND, wrong, { value: '280', reason: '口径更正' })).status).toBe(200); // the office corrects any value
    h.clock.set('2026-12-02T02:00:00.000Z');
    const res = await withdraw(FUND, wrong, { reason: '误报：该数值属于其他指标' }, jrj);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ valueId: wrong, indicator: { latest: { value: '150' }, percentOfTarget: '50.00' } });
    expect(body.globalPosition).toBe(await h.store.headPosition());
    const now = (await get(FUND)).body;
    expect(now.series.map((v: { value: string }) => v.value)).toEqual(['150']);
    expect(now.withdrawn).toMatchObject([
      {
        valueId: wrong,
        value: '280',
        corrections: [{ from: '290', to: '280' }],
        withdrawal: { reason: '误报：该数值属于其他指标', effectiveAt: '2026-12-02T02:00:00.000Z', withdrawnBy: { role: 'unit', unitId: 'jrj' } },
      },
    ]);
    // At a validAt before the withdrawal took effect (as known now), and as recorded before it: still there.
    const before = (await get(`${FUND}?validAt=2026-12-01`)).body;
    expect(before).toMatchObject({ latest: { valueId: wrong, value: '280' }, percentOfTarget: '93.33', withdrawn: [] });
    expect((await get(`${FUND}?asOf=2026-12-01`)).body.latest).toMatchObject({ valueId: wrong });
    expect((await get(`${PLAN}/indicators`)).body.items.find((i: { indicatorId: string }) => i.indicatorId === '3.3-1')).toMatchObject({
      percentOfTarget: '50.00',
    });
    const audit = (await get('/audit?planId=wuhan-2023-p1&type=IndicatorValueWithdrawn')).body.items;
    expect(audit).toMatchObject([{ summary: '撤回指标 3.3-1 数值 280：已报送 → 已撤回', reason: '误报：该数值属于其他指标' }]);
  });

  it('a back-dated withdrawal (the office) hides the value from its effectiveAt', async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    const valueId = (await (await report(FUND, { value: '150', asOfDate: '2023-06-30' })).json()).valueId as string;
    expect((await withdraw(FUND, valueId, { reason: '误报', effectiveAt: '2023-07-15T10:00:00+08:00' })).status).toBe(200);
    expect((await get(`${FUND}?validAt=2023-07-10`)).body).toMatchObject({ latest: { valueId }, percentOfTarget: '50.00' });
    expect((await get(`${FUND}?validAt=2023-07-20`)).body).toMatchObject({ latest: null, percentOfTarget: null, series: [], withdrawn: [{ valueId }] });
  });

  it('refuses a unit that may not report the value (403), and bad input with 4xx problem+json naming the field, writing nothing', async () => {
    h.clock.set('2026-11-28T02:00:00.000Z');
    const valueId = (await (await report(FUND, { value: '150', asOfDate: '2023-06-30' })).json()).valueId as string;
    const jxj = await unitToken('jxj'); // not on task 3.3
    const head = await h.store.headPosition();
    const refused = await withdraw(FUND, valueId, { reason: '撤回' }, jxj);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: '/problems/forbidden', rule: 'indicator-by-office-or-task-unit' });
    const cases: [Promise<Response>, number, string, string?][] = [
      [withdraw(FUND, valueId, {}), 422, '/problems/validation', '/reason'],
      [withdraw(FUND, valueId, { reason: '撤回', effectiveAt: '2026-12-01T00:00:00Z' }), 422, '/problems/validation', '/effectiveAt'], // future
      [withdraw(FUND, valueId, { reason: '撤回', effectiveAt: '2023-06-01T00:00:00Z' }), 422, '/problems/validation', '/effectiveAt'], // before the value
      [withdraw(FUND, valueId, { reason: '撤回', asOfDate: '2026-11-28' }), 422, '/problems/validation', '/asOfDate'],
      [withdraw(FUND, 'no-such-value', { reason: '撤回' }), 404, '/problems/indicator-value-not-found'],
      [withdraw(`${PLAN}/indicators/9.9-9`, valueId, { reason: '撤回' }), 404, '/problems/indicator-not-found'],
    ];
    for (const [pending, status, type, pointer] of cases) {
      const res = await pending;
      const problem = (await res.json()) as { type: string; errors: { pointer: string }[] };
      expect(res.status, JSON.stringify(problem)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(problem.type).toBe(type);
      if (pointer) expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect(await h.store.headPosition()).toBe(head);
    // Withdrawn once: not again, nor corrected (422), in Chinese for a caller who prefers it.
    expect((await withdraw(FUND, valueId, { reason: '撤回' })).status).toBe(200);
    const head2 = await h.store.headPosition();
    const again = await (await withdraw(FUND, valueId, { reason: '再撤回' }, { 'accept-language': 'zh-CN' })).json();
    expect(again.errors[0].detail).toBe(`数值 ${valueId} 已撤回，不能再更正或撤回`);
    expect((await correct(FUND, valueId, { value: '151', reason: '更正' })).status).toBe(422);
    expect(await h.store.headPosition()).toBe(head2);
  });
});

// Unit scorecards (考评) through HTTP, against values worked out by hand with the formula of
// src/domain/scorecard.ts (weights 10 / 25 / 25 / 15 / 15 / 5 / 5).
//
// The office records, back-dated (+08:00): jxj's handling plan 03-29 (on time), fgw's 04-03 (late),
// none from kjj; task 4.2 (lead jxj, fgw) in progress from 04-10; April reports (due 05-10): jxj on 4.2
// on 05-05 (on time), jxj on 1.2 on 05-12 (late), none from fgw; indicator 4.2-1 (≥ 60) = 12 as of 05-14.
// jxj leads 1.2 1.3 4.1 4.2 (indicators 1.2-1 1.2-2 4.2-1); fgw leads 1.1 1.2 1.3 4.1 4.2 4.3 (6
// indicators); kjj leads 10 tasks (9 indicators).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { get, post } = jsonCalls(() => h);

const handlingPlan = (taskCode: string, effectiveAt: string) => ({
  title: '具体办理工作方案',
  summary: '明确责任分工。',
  measures: [{ taskCode, text: '细化措施' }],
  effectiveAt,
});
type Card = {
  unit: { id: string };
  rated: boolean;
  rank: number | null;
  total: string | null;
  points: string;
  weightCounted: number;
  components: { component: string; counted: boolean; ratio: string | null; points: string; contribution: string; measure: string }[];
};
const part = (card: Card, component: string) => card.components.find((c) => c.component === component)!;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  await post(`${PLAN}/units/jxj/handling-plan`, handlingPlan('4.2', '2023-03-29T10:00:00+08:00'));
  await post(`${PLAN}/units/fgw/handling-plan`, handlingPlan('4.2', '2023-04-03T10:00:00+08:00'));
  await post(`${PLAN}/tasks/4.2/status`, { status: 'in_progress', reason: '启动', effectiveAt: '2023-04-10T10:00:00+08:00' });
  await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2023-04', done: '完成调研', effectiveAt: '2023-05-05T10:00:00+08:00' });
  await post(`${PLAN}/tasks/1.2/progress`, { unitId: 'jxj', period: '2023-04', done: '补报', effectiveAt: '2023-05-12T10:00:00+08:00' });
  await post(`${PLAN}/indicators/4.2-1/values`, { value: '12', asOfDate: '2023-05-14', source: '市经信局统计' }, 201);
  h.clock.set('2026-12-02T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/scorecards', () => {
  it('on 2023-05-15: each component, its points and the ranks, worked by hand', async () => {
    const body = await get(`${PLAN}/scorecards?validAt=2023-05-15`);
    expect(body.weights).toEqual({ handlingPlan: 10, monthlyReports: 25, tasks: 25, indicators: 15, actionItems: 15, annualSummary: 5, evaluation: 5 });
    const by = Object.fromEntries(body.items.map((c: Card) => [c.unit.id, c])) as Record<string, Card>;
    const jxj = by.jxj!;
    // handling plan on time: 1 × 10 = 10
    expect(part(jxj, 'handlingPlan')).toMatchObject({ counted: true, ratio: '1.0000', points: '10.00', measure: '按时' });
    // April reports: 4 due, 1 on time, 1 late: (1 + ½) / 4 = 0.375 × 25 = 9.375
    expect(part(jxj, 'monthlyReports')).toMatchObject({ ratio: '0.3750', points: '9.38', measure: '应报 4，按时 1，逾期 1' });
    // tasks: 4.2 in progress ½, three not started 0: 0.5 / 4 = 0.125 × 25 = 3.125 → 3.12: the points add up to
    // the card's 27.50, the cent left by rounding down going to the first of the equal remainders (reports)
    expect(part(jxj, 'tasks')).toMatchObject({ ratio: '0.1250', points: '3.12', measure: '牵头 4 项：推进中 1，未启动 3' });
    // indicators: elapsed 45 of 244 days = 18.44 %; 4.2-1 at 12 of 60 = 20.00 % → on track; 1.2-1, 1.2-2 no value: 1 / 3 × 15 = 5
    expect(part(jxj, 'indicators')).toMatchObject({ ratio: '0.3333', points: '5.00' });
    for (const c of ['actionItems', 'annualSummary', 'evaluation']) expect(part(jxj, c)).toMatchObject({ counted: false, points: '0.00' });
    // (10 + 9.375 + 3.125 + 5) / 75 = 36.666… → 36.67
    expect(jxj).toMatchObject({ rated: true, rank: 1, total: '36.67', points: '27.50', weightCounted: 75 });
    // Shares of the total: 10, 9.375, 3.125 and 5 over 75 → 13.333…, 12.5, 4.166…, 6.666… → 13.33 + 12.50 + 4.17 + 6.67 = 36.67.
    expect(jxj.components.filter((c) => c.counted).map((c) => c.contribution)).toEqual(['13.33', '12.50', '4.17', '6.67']);

    // fgw: late ½ × 10 = 5; 6 reports due, none: 0; tasks 0.5 / 6 × 25 = 2.0833; indicators 1 / 6 × 15 = 2.5
    // → 9.5833 / 75 = 12.777… → 12.78
    expect(by.fgw).toMatchObject({ rank: 2, total: '12.78' });
    expect(part(by.fgw!, 'handlingPlan')).toMatchObject({ measure: '逾期', points: '5.00' });
    // kjj: nothing in, nothing on track: 0 / 75; a district owes only its handling plan: 0 / 10. All tie third.
    expect(by.kjj).toMatchObject({ rank: 3, total: '0.00', weightCounted: 75 });
    expect(by.hongshan).toMatchObject({ rank: 3, total: '0.00', weightCounted: 10 });
    expect(body.items.slice(0, 2).map((c: Card) => c.unit.id)).toEqual(['jxj', 'fgw']);
  });

  it("before the deadline (2023-03-30) only what is due counts: fgw's plan is not yet due, no report is", async () => {
    const body = await get(`${PLAN}/scorecards?validAt=2023-03-30`);
    const by = Object.fromEntries(body.items.map((c: Card) => [c.unit.id, c])) as Record<string, Card>;
    // jxj: plan on time 10 / 10; tasks 0 / 25; indicators not counted (the implementation phase begins 04-01) → 10 / 35 = 28.57
    expect(by.jxj).toMatchObject({ total: '28.57', weightCounted: 35, rank: 1 });
    expect(part(by.jxj!, 'indicators')).toMatchObject({ counted: false });
    expect(part(by.fgw!, 'handlingPlan')).toMatchObject({ counted: false, measure: '未到期' });
    // A district with its plan not yet due has nothing counted: no rank.
    expect(by.hongshan).toMatchObject({ rated: false, total: null, rank: null, weightCounted: 0 });
  });

  it('a unit that owed nothing in the period is not rated, not 100 and first; ranks are among the rated', async () => {
    // hongshan, a district, owes only its handling plan (due 03-31) and filed it on time.
    await post(`${PLAN}/units/hongshan/handling-plan`, handlingPlan('5.3', '2023-03-30T10:00:00+08:00'));
    // Since the plan began it owed that plan and did it: 100, first.
    const since = Object.fromEntries((await get(`${PLAN}/scorecards?validAt=2023-05-15`)).items.map((c: Card) => [c.unit.id, c])) as Record<string, Card>;
    expect(since.hongshan).toMatchObject({ rated: true, total: '100.00', rank: 1 });
    // In the second quarter it owed nothing: not rated, no total, no rank, listed after the rated.
    const q2 = await get(`${PLAN}/scorecards?period=2023-Q2&validAt=2023-05-15`);
    expect(q2).toMatchObject({ period: '2023-Q2', validAt: '2023-05-15T15:59:59.999Z' });
    const by = Object.fromEntries(q2.items.map((c: Card) => [c.unit.id, c])) as Record<string, Card>;
    expect(by.hongshan).toMatchObject({ rated: false, total: null, rank: null, weightCounted: 0 });
    expect(part(by.hongshan!, 'handlingPlan')).toMatchObject({ counted: false, measure: '不承担' });
    // jxj in Q2: the April reports (due 05-10), its tasks and indicators; the plan (due 03-31) not:
    // (9.375 + 3.125 + 5) / 65 = 26.923… → 26.92, first among the rated.
    expect(by.jxj).toMatchObject({ rated: true, rank: 1, total: '26.92', points: '17.50', weightCounted: 65 });
    expect(part(by.jxj!, 'handlingPlan')).toMatchObject({ counted: false });
    // fgw: (0 + 2.0833 + 2.5) / 65 → 7.05, second; the units leading tasks with nothing in tie at 0.00, third.
    expect(by.fgw).toMatchObject({ rank: 2, total: '7.05' });
    expect(by.kjj).toMatchObject({ rank: 3, total: '0.00' });
    const rated = (q2.items as Card[]).filter((c) => c.rated);
    expect(Math.max(...rated.map((c) => c.rank!))).toBe(3);
    expect((q2.items as Card[]).slice(rated.length).every((c) => !c.rated && c.rank === null)).toBe(true);
    // One unit's card says the same; without validAt the period is judged at its end.
    expect(await get(`${PLAN}/units/hongshan/scorecard?period=2023-Q2&validAt=2023-05-15`)).toMatchObject({
      period: '2023-Q2',
      rated: false,
      rank: null,
      total: null,
    });
    expect(await get(`${PLAN}/units/jxj/scorecard?period=2023-Q2`)).toMatchObject({ period: '2023-Q2', validAt: '2023-06-30T15:59:59.999Z', rated: true });
  });

  it("the listed points and contributions add up to the card's points and total, for every unit, at every date and period", async () => {
    const cent = (xs: string[]) => (xs.reduce((a, x) => a + Math.round(Number(x) * 100), 0) / 100).toFixed(2);
    for (const q of ['validAt=2023-03-30', 'validAt=2023-05-15', 'validAt=2024-01-10', 'period=2023-Q2', 'period=2023-05', 'period=2023']) {
      const { items } = await get(`${PLAN}/scorecards?${q}`);
      for (const card of items as Card[]) {
        const counted = card.components.filter((c) => c.counted);
        expect(cent(counted.map((c) => c.points)), `${q} ${card.unit.id}`).toBe(card.points);
        if (card.rated) expect(cent(counted.map((c) => c.contribution)), `${q} ${card.unit.id}`).toBe(card.total);
        else expect([card.total, card.rank, counted.length]).toEqual([null, null, 0]);
      }
    }
  });

  it("refuses a period that is not one, lies outside the plan's span or had not begun at validAt: 422 naming it", async () => {
    for (const [q, detail] of [
      ['period=2023-13', /YYYY-MM, YYYY-Qn or YYYY/],
      ['period=2023-Q5', /YYYY-MM, YYYY-Qn or YYYY/],
      ['period=23', /YYYY-MM, YYYY-Qn or YYYY/],
      ['period=2024-Q1', /outside the plan's span/],
      ['period=2022', /outside the plan's span/],
      ['period=2023-Q3&validAt=2023-05-15', /had not begun/],
    ] as const) {
      for (const path of [`${PLAN}/scorecards`, `${PLAN}/units/jxj/scorecard`]) {
        const res = await h.request(`${path}?${q}`);
        const problem = await res.json();
        expect(res.status, q).toBe(422);
        expect(problem.errors, q).toMatchObject([{ in: 'query', pointer: '/period', detail: expect.stringMatching(detail) }]);
      }
    }
  });

  it("at the year's end the annual summary and the evaluation count: jxj on time, its led tasks rated 满意 and 不满意", async () => {
    await post(`${PLAN}/units/jxj/annual-summary`, { year: 2023, title: '市经信局年度总结', text: '全年工作总结。', effectiveAt: '2023-12-20T10:00:00+08:00' });
    await post(
      `${PLAN}/evaluations`,
      { scope: { kind: 'task', taskCode: '4.2' }, rating: 'satisfied', evaluator: { name: '市政协提案委员会' }, effectiveAt: '2023-12-26T10:00:00+08:00' },
      201,
    );
    await post(
      `${PLAN}/evaluations`,
      {
        scope: { kind: 'task', taskCode: '1.2' },
        rating: 'dissatisfied',
        comments: '进度偏慢',
        evaluator: { name: '市政协提案委员会' },
        effectiveAt: '2023-12-26T11:00:00+08:00',
      },
      201,
    );
    const card = await get(`${PLAN}/units/jxj/scorecard?validAt=2024-01-10`);
    // on time: 1 × 5 = 5; (满意 1 + 不满意 0) / 2 = 0.5 × 5 = 2.5
    expect(part(card, 'annualSummary')).toMatchObject({ counted: true, measure: '按时', points: '5.00' });
    expect(part(card, 'evaluation')).toMatchObject({ ratio: '0.5000', points: '2.50', measure: '满意 1，基本满意 0，不满意 1' });
    // fgw also leads 4.2 and 1.2: rated the same; kjj leads 1.2: one 不满意; fgw's summary is missing after 12-31.
    const fgw = await get(`${PLAN}/units/fgw/scorecard?validAt=2024-01-10`);
    expect(part(fgw, 'evaluation')).toMatchObject({ points: '2.50' });
    expect(part(fgw, 'annualSummary')).toMatchObject({ measure: '逾期未报', points: '0.00', counted: true });
  });

  it('action items count for the unit they are assigned to: closed on time, open past their due date', async () => {
    const { meeting } = await post(
      `${PLAN}/meetings`,
      {
        kind: 'coordination',
        title: '专精特新工作协调会',
        chair: { name: '张明武', title: '市人民政府副秘书长' },
        scheduledFor: '2023-04-25T09:00:00+08:00',
        place: '市政府会议室',
        effectiveAt: '2023-04-20T10:00:00+08:00',
      },
      201,
    );
    const held = await post(`${PLAN}/meetings/${meeting.meetingId}/minutes`, {
      attendees: [{ name: '张三', unitId: 'jxj' }],
      minutes: '研究专精特新企业培育工作。',
      decisions: [
        {
          text: '加快培育',
          taskCodes: ['4.2'],
          actionItems: [
            { unitId: 'jxj', dueDate: '2023-05-10', text: '报送培育名单' },
            { unitId: 'jxj', dueDate: '2023-05-12', text: '制定扶持细则' },
          ],
        },
      ],
      effectiveAt: '2023-04-25T11:00:00+08:00',
    });
    const items = (await get(`${PLAN}/action-items?unit=jxj`)).items as { itemId: string; text: string }[];
    const first = items.find((i) => i.text === '报送培育名单')!.itemId;
    await post(`${PLAN}/action-items/${first}/closure`, { resolution: '名单已报送', effectiveAt: '2023-05-08T10:00:00+08:00' });
    expect(held.meeting.meetingId).toBe(meeting.meetingId);
    const card = await get(`${PLAN}/units/jxj/scorecard?validAt=2023-05-15`);
    // closed on time 1, open past 05-12: (1 + 0) / 2 = 0.5 × 15 = 7.5
    expect(part(card, 'actionItems')).toMatchObject({ counted: true, ratio: '0.5000', points: '7.50', measure: '按时办结 1，逾期办结 0，逾期未办结 1' });
    // (10 + 9.375 + 3.125 + 5 + 7.5) / 90 = 38.888… → 38.89
    expect(card).toMatchObject({ total: '38.89', weightCounted: 90, rank: 1 });
    // On 05-12 the open one is not yet overdue: 1 / 1.
    expect(part(await get(`${PLAN}/units/jxj/scorecard?validAt=2023-05-12`), 'actionItems')).toMatchObject({ ratio: '1.0000', points: '15.00' });
  });

  it("one unit's scorecard carries the same figures and its rank; an unknown unit is 404", async () => {
    const card = await get(`${PLAN}/units/jxj/scorecard?validAt=2023-05-15`);
    expect(card).toMatchObject({ planId: 'wuhan-2023-p1', unit: { id: 'jxj', name: '市经信局' }, rank: 1, total: '36.67' });
    expect((await h.request(`${PLAN}/units/nobody/scorecard`)).status).toBe(404);
  });
});

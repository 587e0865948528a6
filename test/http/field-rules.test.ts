// Fields mean what they say, on every route that takes them: a document number (发文字号) has the
// form 机关代字〔年份〕序号号 and nothing else; a report's month, quarter or year lies within the plan's
// span; an indicator value has bounded digits and a count is whole; a JSON body naming a member twice
// is refused (I-JSON). Every refusal is a 422 Problem naming the field, and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type TestResponse } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { post } = jsonCalls(() => h);

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

/** Sends a body as the exact text given. */
const send = (path: string, text: string, method = 'POST') => h.request(path, { method, body: text, headers: { 'content-type': 'application/json' } });

/** A 422 naming exactly these fields (in, pointer), and nothing written since `head`. */
async function expectRefused(res: TestResponse, fields: string[], head: number) {
  const problem = await res.json();
  expect(res.status, JSON.stringify(problem)).toBe(422);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(problem.errors.map((e: { in: string; pointer: string }) => `${e.in} ${e.pointer}`)).toEqual(fields);
  expect(await h.store.headPosition()).toBe(head);
  return problem;
}

const NOT_DOCUMENT_NUMBERS = [
  'javascript:alert(1)〔2023〕1号',
  '<img/src=x/onerror=alert(1)>〔2023〕9号',
  '[x](javascript:alert(1))〔2023〕1号',
  '武政办 〔2023〕12号',
  '鄂政发[2022]3号',
  '武政办【2023】12号',
  '武政办〔23〕12号',
  '武政办〔2023〕012号',
  '武政办〔2023〕0号',
  '武政办〔2023〕12',
  'WHZB〔2023〕12号',
  '〔2023〕12号',
  'https://www.wuhan.gov.cn/',
];

const handlingPlan = (extra: object) => ({ title: '具体办理工作方案', summary: '明确责任分工。', measures: [{ taskCode: '4.2', text: '细化措施' }], ...extra });
const summary = (extra: object) => ({ year: 2023, title: '市经信局年度总结', text: '全年工作总结。', effectiveAt: '2023-12-20T10:00:00+08:00', ...extra });

describe('document numbers (发文字号)', () => {
  it('a handling plan, an annual summary and a bulletin take 机关代字〔年份〕序号号 and nothing else', async () => {
    const routes: [string, (documentNumber: string) => object][] = [
      [`${PLAN}/units/jxj/handling-plan`, (documentNumber) => handlingPlan({ documentNumber, effectiveAt: '2023-03-29T10:00:00+08:00' })],
      [`${PLAN}/units/jxj/annual-summary`, (documentNumber) => summary({ documentNumber })],
      [`${PLAN}/reports/quarterly/2023-Q2/publish`, (documentNumber) => ({ documentNumber })],
    ];
    const head = await h.store.headPosition();
    for (const [path, body] of routes) {
      for (const bad of NOT_DOCUMENT_NUMBERS) {
        const problem = await expectRefused(await h.request(path, { method: 'POST', json: body(bad) }), ['body /documentNumber'], head);
        expect(problem.errors[0].detail, bad).toContain('武政办〔2023〕12号');
      }
    }
    // In Chinese too.
    const zh = await h.request(routes[0]![0], { method: 'POST', json: routes[0]![1]('鄂政发[2022]3号'), headers: { 'accept-language': 'zh-CN' } });
    expect((await zh.json()).errors[0].detail).toContain('六角括号');

    await post(routes[0]![0], routes[0]![1]('武经信〔2023〕15号'));
    await post(routes[1]![0], routes[1]![1]('武政协办〔2023〕1号'));
    const published = await post(routes[2]![0], routes[2]![1]('武科办〔2023〕18号'), 201);
    expect(published.documentNumber).toBe('武科办〔2023〕18号');
  });

  it('history recorded before the rule is read as recorded: requests are held to it, stored events are not', async () => {
    const actor = { id: 'earlier-version', role: 'office' as const };
    await h.store.append('progress-wuhan-2023-p1:4.2', [
      {
        eventId: 'legacy-report',
        type: 'ProgressReported',
        planId: 'wuhan-2023-p1',
        data: { reportId: 'legacy-report', unitId: 'jxj', taskCode: '4.2', period: '2023-05', done: '旧记录', attachments: ['鄂政发[2022]3号'] },
        actor,
        effectiveAt: '2023-06-05T02:00:00.000Z',
      },
    ]);
    await h.store.append('task-wuhan-2023-p1:4.2', [
      {
        eventId: 'legacy-status',
        type: 'TaskStatusChanged',
        planId: 'wuhan-2023-p1',
        data: { taskCode: '4.2', from: 'not_started', to: 'in_progress', reason: '旧记录', evidence: { summary: '见', links: ['武政办【2023】12号'] } },
        actor,
        effectiveAt: '2023-06-05T02:00:00.000Z',
      },
    ]);
    // The harness checks every response against its schema: the views take what history holds.
    const month = await (await h.request(`${PLAN}/reports/monthly/2023-05?minPosition=${await h.store.headPosition()}`)).json();
    expect(JSON.stringify(month)).toContain('鄂政发[2022]3号');
    const task = await h.request(`${PLAN}/tasks/4.2`);
    expect(task.status).toBe(200);
    expect((await task.json()).evidence.links).toEqual(['武政办【2023】12号']);
  });

  it('attachments and evidence links take a document number only in that form', async () => {
    const head = await h.store.headPosition();
    for (const bad of NOT_DOCUMENT_NUMBERS.slice(0, 11)) {
      await expectRefused(
        await h.request(`${PLAN}/tasks/4.2/progress`, { method: 'POST', json: { unitId: 'jxj', period: '2023-05', done: '完成调研', attachments: [bad] } }),
        ['body /attachments/0'],
        head,
      );
      await expectRefused(
        await h.request(`${PLAN}/units/jxj/annual-summary`, { method: 'POST', json: summary({ attachments: ['武经信〔2023〕89号', bad] }) }),
        ['body /attachments/1'],
        head,
      );
    }
  });
});

describe("report periods lie within the plan's span (2023-03, the month it was issued, to 2023-12, its last phase's end)", () => {
  it("a progress report for a month outside it is 422 naming period; the span's first and last months are taken", async () => {
    const head = await h.store.headPosition();
    for (const period of ['2024-01', '2026-11', '2023-02', '2019-05']) {
      const problem = await expectRefused(
        await h.request(`${PLAN}/tasks/4.2/progress`, { method: 'POST', json: { unitId: 'jxj', period, done: '完成调研' } }),
        ['body /period'],
        head,
      );
      expect(problem.errors[0].detail).toBe(`${period} lies outside the plan's span (2023-03 to 2023-12)`);
    }
    await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2023-03', done: '制定方案' });
    await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2023-12', done: '全面完成' });
  });

  it("an annual summary of a year after the span is 422 naming year; the plan's year is taken", async () => {
    const head = await h.store.headPosition();
    const problem = await expectRefused(
      await h.request(`${PLAN}/units/jxj/annual-summary`, { method: 'POST', json: summary({ year: 2025, effectiveAt: undefined }) }),
      ['body /year'],
      head,
    );
    expect(problem.errors[0].detail).toBe("2025 lies outside the plan's span (2023-03 to 2023-12)");
    await post(`${PLAN}/units/jxj/annual-summary`, summary({}));
  });

  it('a task deadline amended past the last phase widens the span to its month', async () => {
    const head = await h.store.headPosition();
    await expectRefused(
      await h.request(`${PLAN}/tasks/4.2/progress`, { method: 'POST', json: { unitId: 'jxj', period: '2024-02', done: '续办' } }),
      ['body /period'],
      head,
    );
    await post(`${PLAN}/amendments`, {
      reason: '延期办理',
      changes: [{ kind: 'task-deadline', taskCode: '4.2', deadline: '2024-03-31' }],
      effectiveAt: '2023-11-20T10:00:00+08:00',
    });
    await post(`${PLAN}/tasks/4.2/progress`, { unitId: 'jxj', period: '2024-02', done: '续办' });
    expect((await h.request(`${PLAN}/reports/quarterly/2024-Q1`)).status).toBe(200);
    const after = await h.store.headPosition();
    await expectRefused(
      await h.request(`${PLAN}/tasks/4.2/progress`, { method: 'POST', json: { unitId: 'jxj', period: '2024-04', done: '续办' } }),
      ['body /period'],
      after,
    );
  });

  it('the monthly dispatch, the quarterly bulletin and the annual material of a period after the span are 422 naming it; publishing one writes nothing', async () => {
    const head = await h.store.headPosition();
    await expectRefused(await h.request(`${PLAN}/reports/monthly/2024-01`), ['path /period'], head);
    await expectRefused(await h.request(`${PLAN}/reports/quarterly/2024-Q1`), ['path /quarter'], head);
    await expectRefused(await h.request(`${PLAN}/reports/quarterly/2026-Q3?format=md`), ['path /quarter'], head);
    await expectRefused(await h.request(`${PLAN}/reports/annual/2025`), ['path /year'], head);
    await expectRefused(await h.request(`${PLAN}/reports/quarterly/2024-Q1/publish`, { method: 'POST', json: {} }), ['path /quarter'], head);
    // Within it, all answer.
    expect((await h.request(`${PLAN}/reports/monthly/2023-12`)).status).toBe(200);
    expect((await h.request(`${PLAN}/reports/quarterly/2023-Q4`)).status).toBe(200);
    expect((await h.request(`${PLAN}/reports/annual/2023`)).status).toBe(200);
  });
});

describe('indicator values', () => {
  const FUND = `${PLAN}/indicators/3.3-1/values`; // 亿元
  const FIRMS = `${PLAN}/indicators/4.2-1/values`; // 家
  const TALENT = `${PLAN}/indicators/5.1-2/values`; // 名

  it('have at most 15 digits before the point and 6 after', async () => {
    const head = await h.store.headPosition();
    for (const value of ['1000000000000000', '0.1234567', '1e3', '01', '-1', '1.', '.5', '１２']) {
      await expectRefused(await h.request(FUND, { method: 'POST', json: { value } }), ['body /value'], head);
    }
    await post(FUND, { value: '999999999999999.123456' }, 201);
  });

  it('a count (家, 名) is a whole number, on report and on correction; a sum of money (亿元) may have a fraction', async () => {
    const head = await h.store.headPosition();
    for (const [path, value] of [
      [FIRMS, '12.5'],
      [TALENT, '0.1'],
      [FIRMS, '3.000001'],
    ] as const) {
      const problem = await expectRefused(await h.request(path, { method: 'POST', json: { value } }), ['body /value'], head);
      expect(problem.errors[0].detail).toMatch(/^the indicator counts in (家|名): give a whole number/);
    }
    const { valueId } = await post(FIRMS, { value: '12' }, 201);
    await post(FUND, { value: '150.25' }, 201);
    const before = await h.store.headPosition();
    await expectRefused(
      await h.request(`${FIRMS}/${valueId}/correction`, { method: 'POST', json: { value: '12.5', reason: '更正' } }),
      ['body /value'],
      before,
    );
    await expectRefused(
      await h.request(`${FIRMS}/${valueId}/correction`, { method: 'POST', json: { value: '1.0000001', reason: '更正' } }),
      ['body /value'],
      before,
    );
    await post(`${FIRMS}/${valueId}/correction`, { value: '13', reason: '更正' });
  });
});

describe('a JSON body names each member once (I-JSON, RFC 7493)', () => {
  const STATUS = `${PLAN}/tasks/1.1/status`;

  it('a member named twice is 422 naming it, at any depth, however its name is escaped; nothing is written', async () => {
    const head = await h.store.headPosition();
    const cases: [string, string, string][] = [
      [STATUS, '{"status":"in_progress","reason":"开始","status":"cancelled"}', '/status'],
      [STATUS, '{"status":"completed","reason":"完成","evidence":{"summary":"见","summary":"另见"}}', '/evidence/summary'],
      [STATUS, '{"status":"in_progress","reason":"开始","\\u0072eason":"改"}', '/reason'],
      [
        `${PLAN}/units/jxj/handling-plan`,
        '{"title":"方案","summary":"分工","measures":[{"taskCode":"4.2","text":"a"},{"taskCode":"4.2","text":"b","taskCode":"1.1"}]}',
        '/measures/1/taskCode',
      ],
      [`${PLAN}/tasks/4.2/progress`, '{"unitId":"jxj","period":"2023-05","done":"完成","unitId":"fgw"}', '/unitId'],
      [STATUS, '{"status":"in_progress","reason":"开始","a/b~":1,"a/b~":2}', '/a~1b~0'],
    ];
    for (const [path, text, pointer] of cases) {
      const problem = await expectRefused(await send(path, text), [`body ${pointer}`], head);
      expect(problem.errors[0].detail).toBe('is named twice in its object; name each member once');
    }
    // The same names in different objects are no repeat.
    expect(
      (
        await send(
          `${PLAN}/units/jxj/handling-plan`,
          '{"title":"方案","summary":"分工","measures":[{"taskCode":"4.2","text":"a"},{"taskCode":"1.2","text":"b"}]}',
        )
      ).status,
    ).toBe(200);
  });

  it('on every write that takes a body, before anything else is read of it', async () => {
    const doc = await (await h.request('/openapi.json')).json();
    const known: Record<string, string> = {
      planId: 'wuhan-2023-p1',
      code: '1.1',
      indicatorId: '3.3-1',
      unitId: 'jxj',
      quarter: '2023-Q2',
      year: '2023',
      period: '2023-05',
      revision: '1',
      seat: 'member-1',
    };
    const head = await h.store.headPosition();
    let writes = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown }>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.requestBody) continue;
        writes++;
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => known[name] ?? '00000000-0000-7000-8000-000000000999');
        await expectRefused(await send(url, '{"x":1,"x":2}', method.toUpperCase()), ['body /x'], head);
      }
    }
    expect(writes).toBeGreaterThan(25);
  });
});

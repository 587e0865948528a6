// The two time axes on a history with a late report: what duban showed then (asOf) and what was in
// effect then as known at asOf (validAt) — and a back-dated change that would make valid time run
// backwards, refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const TASK = `${PLAN}/tasks/1.1`;
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' }); // the plan: recorded now, in effect from 2023-03-23
  h.clock.set('2026-11-28T02:00:00.000Z');
  expect((await change({ status: 'in_progress', reason: '已召开动员部署会' })).status).toBe(200);
  // Recorded on 2026-12-05, the task had been at risk since 2026-12-01 10:00 Shanghai time: a late report.
  h.clock.set('2026-12-05T02:00:00.000Z');
  expect((await change({ status: 'at_risk', reason: '补报：项目签约延后', effectiveAt: '2026-12-01T10:00:00+08:00' })).status).toBe(200);
  h.clock.set('2026-12-10T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

function change(json: unknown) {
  return h.request(`${TASK}/status`, { method: 'POST', json });
}
const get = async (path: string) => {
  const res = await h.request(path);
  return { status: res.status, body: await res.json() };
};

describe('asOf × validAt', () => {
  it('before the late report was recorded, validAt its date: in progress, as duban then knew', async () => {
    const { status, body } = await get(`${TASK}?asOf=2026-12-03&validAt=2026-12-02`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'in_progress',
      since: '2026-11-28T02:00:00.000Z',
      asOf: '2026-12-03T15:59:59.999Z',
      validAt: '2026-12-02T15:59:59.999Z',
      position: 2,
    });
  });

  it('after the late report was recorded, validAt the same date: at risk, counted from its effectiveAt', async () => {
    const { body } = await get(`${TASK}?asOf=2026-12-06&validAt=2026-12-02`);
    expect(body).toMatchObject({ status: 'at_risk', since: '2026-12-01T02:00:00.000Z', recordedAt: '2026-12-05T02:00:00.000Z', position: 3 });
    // …and before the date it took effect, still in progress.
    expect((await get(`${TASK}?asOf=2026-12-06&validAt=2026-11-30`)).body.status).toBe('in_progress');
  });

  it('now, in effect now: at risk; `now` may be written out for either axis', async () => {
    const { body } = await get(TASK);
    expect(body).toMatchObject({ status: 'at_risk', asOf: '2026-12-10T02:00:00.000Z', validAt: '2026-12-10T02:00:00.000Z', position: 3 });
    expect((await get(`${TASK}?asOf=now&validAt=now`)).body).toEqual(body);
    const list = (await get(`${PLAN}/tasks?validAt=2026-11-29`)).body;
    expect(list.items.find((t: { code: string }) => t.code === '1.1').status).toBe('in_progress');
  });

  it('asOf a date before the plan was recorded: 404 that says why and points to validAt', async () => {
    const { status, body } = await get(`${TASK}?asOf=2023-04-01`);
    expect(status).toBe(404);
    expect(body.detail).toMatch(/not yet recorded as of 2023-04-01T15:59:59.999Z/);
    expect(body.detail).toMatch(/recorded\) at 2026-11-27T08:00:00.000Z/);
    expect(body.detail).toMatch(/validAt/);
    const zh = await (await h.request(`${TASK}?asOf=2023-04-01`, { headers: { 'accept-language': 'zh-CN' } })).json();
    expect(zh.detail).toBe(
      '截至 2023-04-01T15:59:59.999Z，方案 wuhan-2023-p1 尚未录入：它于 2026-11-27T08:00:00.000Z 录入，自 2023-03-22T16:00:00.000Z 起生效。asOf 查询当时系统显示的内容；要查询某日生效的状态，请使用 validAt（如 validAt=2023-03-22 或之后）。',
    );
    // validAt is the axis that answers 2023: the plan was in effect, the task not yet started.
    const then = await get(`${TASK}?validAt=2023-04-01`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ status: 'not_started', since: '2023-03-22T16:00:00.000Z', validAt: '2023-04-01T15:59:59.999Z' });
    const before = await get(`${TASK}?validAt=2023-03-01`);
    expect(before.status).toBe(404);
    expect(before.body.detail).toMatch(/not yet in effect at 2023-03-01T15:59:59.999Z/);
    expect((await get(`/plans?validAt=2023-04-01`)).body.items.map((p: { id: string }) => p.id)).toEqual(['wuhan-2023-p1']);
    expect((await get(`/plans?asOf=2023-04-01`)).body.items).toEqual([]);
  });

  it("the audit trail and a task's history take both axes too", async () => {
    expect((await get(`/audit?planId=wuhan-2023-p1&asOf=2026-12-03`)).body.items.map((r: { globalPosition: number }) => r.globalPosition)).toEqual([1, 2]);
    // validAt: only what had taken effect by then, among what was recorded by asOf.
    const history = (await get(`${TASK}/history?validAt=2026-11-30`)).body;
    expect(history.items.map((r: { globalPosition: number }) => r.globalPosition)).toEqual([2]);
    expect(history).toMatchObject({ asOf: '2026-12-10T02:00:00.000Z', validAt: '2026-11-30T15:59:59.999Z', position: 3 });
  });

  it('refuses a bad time with 422 naming the field and the accepted forms', async () => {
    for (const [query, pointer] of [
      ['asOf=yesterday', '/asOf'],
      ['validAt=2026-02-30', '/validAt'],
      ['asOf=2026-12-01T10:00:00', '/asOf'],
      ['minPosition=-1', '/minPosition'],
    ] as const) {
      const { status, body } = await get(`${TASK}?${query}`);
      expect(status, query).toBe(422);
      const error = body.errors.find((e: { pointer: string }) => e.pointer === pointer);
      expect(error, query).toBeDefined();
      if (pointer !== '/minPosition') expect(error.detail).toMatch(/accepted forms: now, a date YYYY-MM-DD.*date-time with Z or an offset/);
    }
  });
});

describe('valid time stays coherent', () => {
  it("refuses a change back-dated before the task's previous change, with 409 saying why, and writes nothing", async () => {
    const head = await h.store.headPosition();
    const res = await change({ status: 'completed', reason: '补报', evidence: { summary: '验收报告' }, effectiveAt: '2026-11-30T00:00:00Z' });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.type).toBe('/problems/valid-time-conflict');
    expect(body.detail).toMatch(/before the task's previous change, which took effect at 2026-12-01T02:00:00.000Z/);
    expect(await h.store.headPosition()).toBe(head);
    // At or after the previous change is fine, and `since` never runs backwards.
    const ok = await change({ status: 'completed', reason: '补报', evidence: { summary: '验收报告' }, effectiveAt: '2026-12-01T02:00:00Z' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).task.since).toBe('2026-12-01T02:00:00.000Z');
  });
});

describe('minPosition', () => {
  it('answers at once when the position is applied, and 503 with Retry-After when it is not within the wait', async () => {
    const res = await change({ status: 'blocked', reason: '资金未到位' });
    const { globalPosition } = await res.json();
    expect((await get(`${TASK}?minPosition=${globalPosition}`)).body).toMatchObject({ status: 'blocked', position: globalPosition });
    const started = Date.now();
    const late = await h.request(`${TASK}?minPosition=${globalPosition + 100}`);
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('1');
    expect((await late.json()).type).toBe('/problems/not-yet-applied');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });
});

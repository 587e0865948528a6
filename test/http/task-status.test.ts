// Changing a task's status over real HTTP (hono app, SQLite on a temp file): the change, its
// ETag, a restart, asOf before the change, stale If-Match, and every refusal as Problem Details.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const TASK = '/plans/wuhan-2023-p1/tasks/1.1';
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-11-27T09:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

const change = (json: unknown, headers: Record<string, string> = {}) => h.request(`${TASK}/status`, { method: 'POST', json, headers });

describe('POST /plans/{planId}/tasks/{code}/status', () => {
  it("changes the status, answers the new view, the ETag and the event's position", async () => {
    const before = await h.request(TASK);
    expect(before.headers.get('etag')).toBe('"0"');
    expect((await before.json()).status).toBe('not_started');

    const res = await change({ status: 'in_progress', reason: '已召开办理工作动员部署会' }, { 'if-match': '"0"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const body = await res.json();
    expect(body.globalPosition).toBe(2);
    expect(body.task).toMatchObject({
      status: 'in_progress',
      reason: '已召开办理工作动员部署会',
      since: '2026-11-27T09:00:00.000Z',
      recordedAt: '2026-11-27T09:00:00.000Z',
      changedBy: { id: 'local', role: 'office' },
      revision: 1,
      allowedTransitions: ['at_risk', 'blocked', 'completed', 'cancelled'],
    });
    // The write is applied before the response: a read sees it at once.
    const after = await h.request(TASK);
    expect(after.headers.get('etag')).toBe('"1"');
    expect((await after.json()).status).toBe('in_progress');
  });

  it('keeps the change across a restart, and asOf a moment before it shows the old status', async () => {
    expect((await change({ status: 'in_progress', reason: '开始办理' })).status).toBe(200);
    await h.restart();

    const now = await (await h.request(TASK)).json();
    expect(now.status).toBe('in_progress');
    const before = await h.request(`${TASK}?asOf=${encodeURIComponent('2026-11-27T08:59:59.999Z')}`);
    expect(before.status).toBe(200);
    expect((await before.json()).status).toBe('not_started');
    // The same instant written with the plan's offset.
    const beforeLocal = await (await h.request(`${TASK}?asOf=${encodeURIComponent('2026-11-27T16:59:59+08:00')}`)).json();
    expect(beforeLocal.status).toBe('not_started');
    const list = await (await h.request(`/plans/wuhan-2023-p1/tasks?asOf=${encodeURIComponent('2026-11-27T08:30:00Z')}`)).json();
    expect(list.items.every((t: { status: string }) => t.status === 'not_started')).toBe(true);
    expect(list.asOf).toBe('2026-11-27T08:30:00.000Z');
  });

  it('reads a bare-date asOf as the end of that day in Asia/Shanghai', async () => {
    // 2026-11-27T16:30Z is already 2026-11-28 00:30 in Shanghai.
    h.clock.set('2026-11-27T16:30:00.000Z');
    await change({ status: 'in_progress', reason: '开始办理' });
    expect((await (await h.request(`${TASK}?asOf=2026-11-27`)).json()).status).toBe('not_started');
    expect((await (await h.request(`${TASK}?asOf=2026-11-28`)).json()).status).toBe('in_progress');
  });

  it('refuses a stale If-Match with 412 and appends nothing', async () => {
    await change({ status: 'in_progress', reason: '开始办理' });
    const head = await h.store.headPosition();
    const history = await (await h.request(`${TASK}/history`)).json();

    const res = await change({ status: 'at_risk', reason: '进度滞后' }, { 'if-match': '"0"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 412, currentEtag: '"1"' });
    expect(await h.store.headPosition()).toBe(head);
    expect(await (await h.request(`${TASK}/history`)).json()).toEqual(history);
    expect((await (await h.request(TASK)).json()).status).toBe('in_progress');

    // A weak tag never matches; "*" matches any.
    expect((await change({ status: 'at_risk', reason: '进度滞后' }, { 'if-match': 'W/"1"' })).status).toBe(412);
    expect((await change({ status: 'at_risk', reason: '进度滞后' }, { 'if-match': '"7", "1"' })).status).toBe(200);
    expect((await change({ status: 'blocked', reason: '资金未到位' }, { 'if-match': '*' })).status).toBe(200);
  });

  it('refuses an illegal transition with 409 naming the allowed ones', async () => {
    const res = await change({ status: 'completed', reason: '完成', evidence: { summary: '验收' } });
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem).toMatchObject({ type: '/problems/transition-refused', status: 409, allowed: ['in_progress', 'cancelled'] });
    expect(problem.detail).toContain('not_started');
    expect(await h.store.headPosition()).toBe(1);
  });

  it('answers 422 naming the field for invalid bodies, and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ status: 'done', reason: 'x' }, '/status'],
      [{ status: 'in_progress' }, '/reason'],
      [{ status: 'in_progress', reason: '' }, '/reason'],
      [{ status: 'in_progress', reason: 'x', reasn: 'y' }, '/reasn'],
      [{ status: 'in_progress', reason: 'x', effectiveAt: 'yesterday' }, '/effectiveAt'],
      [{ status: 'in_progress', reason: 'x', effectiveAt: '2027-01-01T00:00:00Z' }, '/effectiveAt'],
      [{ status: 'in_progress', reason: 'x', effectiveAt: '2020-01-01T00:00:00Z' }, '/effectiveAt'],
      [[], '/'],
      ['in_progress', '/'],
    ];
    for (const [json, pointer] of cases) {
      const res = await change(json);
      expect(res.status, JSON.stringify(json)).toBe(422);
      const problem = await res.json();
      expect(
        problem.errors.map((e: { pointer: string }) => e.pointer),
        JSON.stringify(json),
      ).toContain(pointer);
    }
    await change({ status: 'in_progress', reason: '开始' });
    const res = await change({ status: 'completed', reason: '完成' });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([{ in: 'body', pointer: '/evidence', detail: 'completing a task needs an evidence summary' }]);
    expect(await h.store.headPosition()).toBe(2);
  });

  it('keeps Chinese text as given, in NFC', async () => {
    // "é" decomposed (e + combining acute) comes back composed; Chinese text is unchanged.
    const res = await change({ status: 'in_progress', reason: '已召开动员部署会 caf\u0065\u0301' });
    expect((await res.json()).task.reason).toBe('已召开动员部署会 caf\u00e9');
    const history = await (await h.request(`${TASK}/history`)).json();
    expect(history.items[0].reason).toBe('已召开动员部署会 caf\u00e9');
  });

  it("takes a late report: effectiveAt earlier than now becomes the status's since", async () => {
    const res = await change({ status: 'in_progress', reason: '补报:4月已启动', effectiveAt: '2023-04-10T10:00:00+08:00' });
    expect(res.status).toBe(200);
    expect((await res.json()).task).toMatchObject({ since: '2023-04-10T02:00:00.000Z', recordedAt: '2026-11-27T09:00:00.000Z' });
  });

  it('answers 400 for malformed JSON, 415 for a non-JSON body, 404 for unknown plans, tasks and paths', async () => {
    const bad = await h.request(`${TASK}/status`, { method: 'POST', body: '{"status":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect((await h.request(`${TASK}/status`, { method: 'POST', body: '', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await h.request(`${TASK}/status`, { method: 'POST', body: 'status=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const huge = await change({ status: 'in_progress', reason: '长'.repeat(600_000) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toBe('application/problem+json');
    expect((await h.request('/plans/nope/tasks/1.1/status', { method: 'POST', json: { status: 'in_progress', reason: 'x' } })).status).toBe(404);
    expect((await h.request('/plans/wuhan-2023-p1/tasks/9.9/status', { method: 'POST', json: { status: 'in_progress', reason: 'x' } })).status).toBe(404);
    expect((await h.request('/plans/wuhan-2023-p1/tasks/9.9')).status).toBe(404);
    expect((await h.request('/plans/nope')).status).toBe(404);
    const unknown = await h.request('/nothing/here');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).type).toBe('/problems/not-found');
    expect(await h.store.headPosition()).toBe(1);
  });

  it('answers 422 naming the parameter for a bad query', async () => {
    const res = await h.request('/plans/wuhan-2023-p1/tasks?asOf=tomorrow&status=done');
    expect(res.status).toBe(422);
    const pointers = (await res.json()).errors.map((e: { in: string; pointer: string }) => `${e.in} ${e.pointer}`);
    expect(pointers).toContain('query /asOf');
    expect(pointers.some((p: string) => p.startsWith('query /status'))).toBe(true);
    const unit = await h.request('/plans/wuhan-2023-p1/tasks?unit=nope');
    expect(unit.status).toBe(422);
    expect((await unit.json()).errors).toEqual([{ in: 'query', pointer: '/unit', detail: 'plan wuhan-2023-p1 has no unit or group nope' }]);
    expect((await (await h.request('/plans/wuhan-2023-p1/tasks?unit=szf')).json()).items).toEqual([]);
    expect((await h.request('/audit?limit=0')).status).toBe(422);
    expect((await h.request('/audit?cursor=nonsense')).status).toBe(422);
  });
});

describe('history, plans and audit', () => {
  it("lists a task's changes in order as readable rows with before → after, paged, and as of a past moment", async () => {
    await change({ status: 'in_progress', reason: '开始' });
    h.clock.set('2026-11-28T09:00:00.000Z');
    await change({ status: 'at_risk', reason: '进度滞后' });
    const history = await (await h.request(`${TASK}/history`)).json();
    expect(history.items.map((e: { streamRevision: number; changes: { after: string }[] }) => [e.streamRevision, e.changes[0]!.after])).toEqual([
      [0, 'in_progress'],
      [1, 'at_risk'],
    ]);
    expect(history.items[1]).toMatchObject({
      type: 'TaskStatusChanged',
      typeLabel: '任务状态变更',
      summary: '任务 1.1：推进中 → 有风险',
      reason: '进度滞后',
      changes: [{ field: 'status', before: 'in_progress', beforeLabel: '推进中', after: 'at_risk', afterLabel: '有风险' }],
    });
    // The envelope is one link away.
    const envelope = await h.request(history.items[1].links.event);
    expect(envelope.status === 200 || envelope.status === 404).toBe(true);
    const earlier = await (await h.request(`${TASK}/history?asOf=2026-11-27`)).json();
    expect(earlier.items).toHaveLength(1);
    const paged = await (await h.request(`${TASK}/history?limit=1`)).json();
    expect(paged.items).toHaveLength(1);
    const rest = await (await h.request(`${TASK}/history?limit=1&cursor=${paged.nextCursor}`)).json();
    expect(rest.items.map((r: { streamRevision: number }) => r.streamRevision)).toEqual([1]);
    expect(rest.nextCursor).toBeNull();
  });

  it('finds no plan asOf a date before it was recorded, and says so', async () => {
    const res = await h.request('/plans/wuhan-2023-p1?asOf=2023-12-31');
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toMatch(/not yet recorded as of 2023-12-31T15:59:59.999Z/);
    expect((await (await h.request('/plans?asOf=2023-12-31')).json()).items).toEqual([]);
    const plan = await (await h.request('/plans/wuhan-2023-p1')).json();
    expect(plan.adoption).toMatchObject({ recordedAt: '2026-11-27T08:00:00.000Z', effectiveAt: '2023-03-22T16:00:00.000Z' });
  });

  it('pages the audit trail with a cursor and filters it by plan and recorded time', async () => {
    for (const [to, at] of [
      ['in_progress', '2026-11-27T09:00:00Z'],
      ['at_risk', '2026-11-28T09:00:00Z'],
      ['in_progress', '2026-11-29T09:00:00Z'],
    ] as const) {
      h.clock.set(at);
      await change({ status: to, reason: `理由 ${to}` });
    }
    const first = await (await h.request('/audit?planId=wuhan-2023-p1&limit=2')).json();
    expect(first.items.map((r: { globalPosition: number }) => r.globalPosition)).toEqual([1, 2]);
    expect(first.items[1]).toMatchObject({ type: 'TaskStatusChanged', summary: '任务 1.1：未启动 → 推进中', reason: '理由 in_progress' });
    const second = await (await h.request(`/audit?planId=wuhan-2023-p1&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((r: { globalPosition: number }) => r.globalPosition)).toEqual([3, 4]);
    expect(second.nextCursor).toBeNull();
    // 2026-11-28 in Shanghai runs from 2026-11-27T16:00Z to 2026-11-28T15:59:59.999Z.
    const day = await (await h.request('/audit?from=2026-11-28&to=2026-11-28')).json();
    expect(day.items.map((r: { globalPosition: number }) => r.globalPosition)).toEqual([3]);
    expect((await h.request('/audit?planId=other')).status).toBe(404);
  });
});

// The satisfaction evaluation (满意度测评) over HTTP: per task and overall with counts per rating at two
// dates, worked out by hand; withdrawal; the office's reopening of a task rated 不满意, seen in the task's
// status and history at validAt before and after; refusals that write nothing.
//
// The plan is recorded 2026-11-27 08:00Z. The office records, back-dated (all +08:00):
//   task 4.2: in_progress 2023-04-01, completed 2023-11-30 10:00;  task 1.1: in_progress 2023-04-01, completed 2023-11-28 10:00
//   and for the CPPCC (市政协提案委员会, 市政协领导及委员视察组), on 2023-12-26:
//     E1 task 4.2 不满意 10:00 · E2 task 1.1 满意 10:05 · E3 task 5.1 基本满意 10:10 · E4 overall 基本满意 10:15
//   then E5 task 5.1 满意 2023-12-27 10:00 (replaces E3).
// Of the 15 tasks: at 2023-12-26 one each 满意 / 基本满意 / 不满意, 12 not evaluated; from 12-27 two 满意, one 不满意.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type TestResponse } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const LIST = `${PLAN}/evaluations`;
const EVALUATOR = { name: '市政协提案委员会', group: '市政协领导及委员视察组' };
let h: Harness;
const ids: Record<string, string> = {};

const ok = async (res: TestResponse | Promise<TestResponse>, status = 200) => {
  const r = await res;
  expect(r.status, JSON.stringify(await r.clone().json())).toBe(status);
  return r.json();
};
const post = (path: string, json: unknown, headers: Record<string, string> = {}) => h.request(path, { method: 'POST', json, headers });
const status = (code: string, to: string, effectiveAt: string) =>
  ok(post(`${PLAN}/tasks/${code}/status`, { status: to, reason: `${to}`, ...(to === 'completed' ? { evidence: { summary: '办结材料' } } : {}), effectiveAt }));
const evaluate = async (name: string, scope: unknown, rating: string, effectiveAt: string, comments?: string) => {
  const body = await ok(post(LIST, { scope, rating, evaluator: EVALUATOR, effectiveAt, ...(comments ? { comments } : {}) }), 201);
  ids[name] = body.evaluation.evaluationId;
  return body;
};
const reopen = (name: string, json: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  post(`${LIST}/${ids[name] ?? name}/reopen`, { note: '请牵头单位针对测评意见整改，2024年1月底前办结', ...json }, headers);
type ScopeItem = { task: { code: string }; current: Record<string, unknown> | null; history: unknown[] };
const byTask = (body: { items: ScopeItem[] }): Record<string, ScopeItem> => Object.fromEntries(body.items.map((i) => [i.task.code, i]));

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  await status('4.2', 'in_progress', '2023-04-01T10:00:00+08:00');
  await status('4.2', 'completed', '2023-11-30T10:00:00+08:00');
  await status('1.1', 'in_progress', '2023-04-01T10:00:00+08:00');
  await status('1.1', 'completed', '2023-11-28T10:00:00+08:00');
  await evaluate('E1', { kind: 'task', taskCode: '4.2' }, 'dissatisfied', '2023-12-26T10:00:00+08:00', '科技型中小企业培育数量未达到年度目标');
  await evaluate('E2', { kind: 'task', taskCode: '1.1' }, 'satisfied', '2023-12-26T10:05:00+08:00');
  await evaluate('E3', { kind: 'task', taskCode: '5.1' }, 'basically_satisfied', '2023-12-26T10:10:00+08:00', '进展较好，宣传不足');
  await evaluate('E4', { kind: 'overall' }, 'basically_satisfied', '2023-12-26T10:15:00+08:00', '总体推进有力，个别任务需加快');
  await evaluate('E5', { kind: 'task', taskCode: '5.1' }, 'satisfied', '2023-12-27T10:00:00+08:00');
  h.clock.set('2026-12-02T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/evaluations', () => {
  it("at 2023-12-26: per task in the plan's order and overall, with the current rating and counts", async () => {
    const body = await ok(h.request(`${LIST}?validAt=2023-12-26`));
    expect(body.items).toHaveLength(15);
    expect(body.items.map((i: { task: { code: string } }) => i.task.code).slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
    expect(body.counts).toEqual({ satisfied: 1, basically_satisfied: 1, dissatisfied: 1, not_evaluated: 12 });
    const t = byTask(body);
    expect(t['4.2']!.current).toMatchObject({
      evaluationId: ids.E1,
      scope: { kind: 'task', taskCode: '4.2' },
      rating: 'dissatisfied',
      ratingLabel: '不满意',
      comments: '科技型中小企业培育数量未达到年度目标',
      evaluator: EVALUATOR,
      effectiveAt: '2023-12-26T02:00:00.000Z',
      actor: { role: 'office' },
    });
    expect(t['1.1']!.current).toMatchObject({ rating: 'satisfied', ratingLabel: '满意', comments: null });
    expect(t['5.1']!.current).toMatchObject({ evaluationId: ids.E3, rating: 'basically_satisfied', ratingLabel: '基本满意' });
    expect(t['2.1']).toMatchObject({ current: null, history: [] });
    expect(body.overall.current).toMatchObject({ evaluationId: ids.E4, scope: { kind: 'overall' }, rating: 'basically_satisfied', ratingLabel: '基本满意' });
  });

  it('now: E5 replaced E3 for task 5.1, kept in history', async () => {
    const body = await ok(h.request(LIST));
    expect(body.counts).toEqual({ satisfied: 2, basically_satisfied: 0, dissatisfied: 1, not_evaluated: 12 });
    const t = byTask(body);
    expect(t['5.1']!.current).toMatchObject({ evaluationId: ids.E5, rating: 'satisfied' });
    expect(t['5.1']!.history.map((e) => `${(e as { label: string }).label} ${(e as { ratingLabel: string }).ratingLabel}`)).toEqual([
      '测评 基本满意',
      '测评 满意',
    ]);
  });

  it('before the evaluation (validAt 2023-12-25), and as recorded before it (asOf 2026-11-30): none', async () => {
    for (const q of ['?validAt=2023-12-25', '?asOf=2026-11-30&validAt=now']) {
      const body = await ok(h.request(`${LIST}${q}`));
      expect(body.counts).toEqual({ satisfied: 0, basically_satisfied: 0, dissatisfied: 0, not_evaluated: 15 });
      expect(body.overall).toEqual({ current: null, history: [] });
    }
  });
});

describe('POST /plans/{planId}/evaluations and its withdrawal', () => {
  it('answers 201 with the evaluation and the one it replaces', async () => {
    const body = await ok(post(LIST, { scope: { kind: 'overall' }, rating: 'satisfied', evaluator: { name: '市政协主席会议' } }), 201);
    expect(body).toMatchObject({
      evaluation: { scope: { kind: 'overall' }, rating: 'satisfied', ratingLabel: '满意', evaluator: { name: '市政协主席会议' } },
      replaces: ids.E4,
    });
    expect(body.globalPosition).toBe(await h.store.headPosition());
  });

  it('a withdrawal (撤回) reinstates the evaluation it replaced', async () => {
    const body = await ok(post(`${LIST}/${ids.E5}/withdrawal`, { reason: '录入错误：应为基本满意' }));
    expect(body).toMatchObject({
      withdrawn: { evaluationId: ids.E5, rating: 'satisfied' },
      reinstated: { evaluationId: ids.E3, rating: 'basically_satisfied' },
      reason: '录入错误：应为基本满意',
    });
    const now = await ok(h.request(LIST));
    expect(now.counts).toEqual({ satisfied: 1, basically_satisfied: 1, dissatisfied: 1, not_evaluated: 12 });
    expect(byTask(now)['5.1']!.history.map((e) => (e as { kind: string }).kind)).toEqual(['evaluated', 'evaluated', 'withdrawn']);
    // A reading as of before the withdrawal still shows E5.
    expect(byTask(await ok(h.request(`${LIST}?asOf=2026-12-01T03:00:00Z&validAt=now`)))['5.1']!.current).toMatchObject({ evaluationId: ids.E5 });
  });

  it('refuses, writing nothing: an unknown task, 不满意 without comments, a replaced or unknown evaluation, back-dating', async () => {
    const head = await h.store.headPosition();
    const refused = async (res: Promise<TestResponse>, code: number, type: string, pointer?: string) => {
      const r = await res;
      const problem = await r.json();
      expect(r.status, JSON.stringify(problem)).toBe(code);
      expect(problem.type).toBe(type);
      if (pointer) expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    };
    await refused(
      post(LIST, { scope: { kind: 'task', taskCode: '9.9' }, rating: 'satisfied', evaluator: EVALUATOR }),
      422,
      '/problems/validation',
      '/scope/taskCode',
    );
    await refused(
      post(LIST, { scope: { kind: 'task', taskCode: '2.1' }, rating: 'dissatisfied', evaluator: EVALUATOR }),
      422,
      '/problems/validation',
      '/comments',
    );
    await refused(post(LIST, { scope: { kind: 'task' }, rating: 'satisfied', evaluator: EVALUATOR }), 422, '/problems/validation');
    await refused(post(LIST, { scope: { kind: 'overall' }, rating: '很满意', evaluator: EVALUATOR }), 422, '/problems/validation', '/rating');
    await refused(
      post(LIST, { scope: { kind: 'overall' }, rating: 'satisfied', evaluator: EVALUATOR, effectiveAt: '2023-12-20T10:00:00+08:00' }),
      409,
      '/problems/valid-time-conflict',
    );
    await refused(post(`${LIST}/${ids.E3}/withdrawal`, { reason: '已被替换' }), 409, '/problems/evaluation-not-current');
    await refused(post(`${LIST}/nosuch/withdrawal`, { reason: '无此测评' }), 404, '/problems/evaluation-not-found');
    expect(await h.store.headPosition()).toBe(head);
  });

  it('a CPPCC token records its own evaluation; a unit token may not', async () => {
    const issue = async (role: 'cppcc' | 'unit', unitId?: string) =>
      `Bearer ${(await h.app.issueToken({ name: `${role} 令牌`, role, ...(unitId ? { unitId } : {}), actor: { id: 'test', role: 'system' } })).token}`;
    const cppcc = await issue('cppcc');
    const body = await ok(
      post(LIST, { scope: { kind: 'task', taskCode: '2.1' }, rating: 'satisfied', evaluator: { name: '市政协委员 张某' } }, { authorization: cppcc }),
      201,
    );
    expect(body.evaluation.actor).toMatchObject({ role: 'cppcc', name: 'cppcc 令牌' });
    const refused = await post(LIST, { scope: { kind: 'overall' }, rating: 'satisfied', evaluator: EVALUATOR }, { authorization: await issue('unit', 'jxj') });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ rule: 'write-cppcc' });
  });
});

describe('POST /plans/{planId}/evaluations/{evaluationId}/reopen', () => {
  it('reopens task 4.2 (completed → in_progress), the rating as its reason, seen at validAt before and after', async () => {
    const res = await reopen('E1', { effectiveAt: '2023-12-28T10:00:00+08:00' });
    expect(res.headers.get('etag')).toBe('"3"');
    const body = await ok(res);
    expect(body.task).toMatchObject({ code: '4.2', status: 'in_progress', since: '2023-12-28T02:00:00.000Z', revision: 3 });
    expect(body.task.reason).toBe(
      '满意度测评为不满意（市政协提案委员会，市政协领导及委员视察组，2023-12-26）。测评意见：科技型中小企业培育数量未达到年度目标\n整改要求：请牵头单位针对测评意见整改，2024年1月底前办结',
    );
    expect(body.evaluation).toMatchObject({ evaluationId: ids.E1, rating: 'dissatisfied' });
    expect(body.globalPosition).toBe(await h.store.headPosition());

    expect(await ok(h.request(`${PLAN}/tasks/4.2?validAt=2023-12-27`))).toMatchObject({ status: 'completed', since: '2023-11-30T02:00:00.000Z' });
    expect(await ok(h.request(`${PLAN}/tasks/4.2?validAt=2023-12-29`))).toMatchObject({ status: 'in_progress', since: '2023-12-28T02:00:00.000Z' });
    const history = await ok(h.request(`${PLAN}/tasks/4.2/history`));
    const last = history.items.at(-1);
    expect(last).toMatchObject({
      type: 'TaskStatusChanged',
      reason: body.task.reason,
      changes: [{ field: 'status', before: 'completed', after: 'in_progress' }],
    });
    expect(last.summary).toBe(`任务 4.2：已完成 → 推进中（满意度测评不满意，重新办理；测评 ${ids.E1}）`);
    // The event's data names the evaluation.
    const events = await h.store.readStream('task-wuhan-2023-p1:4.2');
    expect(events.at(-1)!.data).toMatchObject({ taskCode: '4.2', from: 'completed', to: 'in_progress', evaluationId: ids.E1 });
    // The task is owed again: its lead units' task alert is red (due at the end of the implementation period).
    const alerts = await ok(h.request(`${PLAN}/alerts?unit=jxj&validAt=2023-12-29`));
    expect(alerts.items[0].alerts.find((a: { id: string }) => a.id === 'task:4.2:jxj')).toMatchObject({ light: 'red' });
  });

  it('refuses, writing nothing: not 不满意, the overall one, not completed, not current then, unknown, a stale If-Match', async () => {
    const head = await h.store.headPosition();
    const refused = async (res: Promise<TestResponse>, code: number, type: string) => {
      const r = await res;
      const problem = await r.json();
      expect(r.status, JSON.stringify(problem)).toBe(code);
      expect(problem.type).toBe(type);
      return problem;
    };
    expect((await refused(reopen('E2'), 409, '/problems/evaluation-not-reopenable')).detail).toMatch(/rated satisfied \(满意\)/);
    await refused(reopen('E4'), 409, '/problems/evaluation-not-reopenable');
    // E1 took effect 2023-12-26 10:00 +08: at 09:00 it was not yet the task's evaluation.
    await refused(reopen('E1', { effectiveAt: '2023-12-26T09:00:00+08:00' }), 409, '/problems/evaluation-not-current');
    await refused(reopen('nosuch'), 404, '/problems/evaluation-not-found');
    await refused(reopen('E1', {}, { 'if-match': '"1"' }), 412, '/problems/precondition-failed');
    await refused(reopen('E1', { note: '' }), 422, '/problems/validation');
    expect(await h.store.headPosition()).toBe(head);
    // Reopened once, the task is in progress: a second reopening is refused.
    await ok(reopen('E1', {}, { 'if-match': '"2"' }));
    const after = await h.store.headPosition();
    const zh = await h.request(`${LIST}/${ids.E1}/reopen`, { method: 'POST', json: { note: '再次' }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(409);
    expect(await zh.json()).toMatchObject({
      type: '/problems/task-not-completed',
      detail: '任务 4.2 当前为 in_progress，不是已完成：只有已完成的任务可以因不满意测评重新办理',
    });
    expect(await h.store.headPosition()).toBe(after);
  });

  it('judges "current" at the reopening\'s effectiveAt: a 不满意 later replaced still reopens as of when it stood', async () => {
    await evaluate('E6', { kind: 'task', taskCode: '1.1' }, 'dissatisfied', '2023-12-27T11:00:00+08:00', '成果转化不足');
    await evaluate('E7', { kind: 'task', taskCode: '1.1' }, 'satisfied', '2023-12-27T12:00:00+08:00');
    const head = await h.store.headPosition();
    const now = await reopen('E6');
    expect(now.status).toBe(409);
    expect((await now.json()).type).toBe('/problems/evaluation-not-current');
    expect(await h.store.headPosition()).toBe(head);
    const then = await ok(reopen('E6', { effectiveAt: '2023-12-27T11:30:00+08:00' }));
    expect(then.task).toMatchObject({ code: '1.1', status: 'in_progress', since: '2023-12-27T03:30:00.000Z' });
  });
});

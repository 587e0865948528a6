// /audit: every filter (plan, task, unit, actor, type, recorded and effective ranges), paging, and CSV for Excel.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  const unit = { id: 'jxj-oa', role: 'unit', unitId: 'jxj' };
  const steps: [string, string, string, string | undefined, typeof unit | undefined][] = [
    ['2026-11-28T01:00:00Z', '4.2', 'in_progress', undefined, unit], // 4.2: led by 市经信局 (jxj)
    ['2026-11-28T02:00:00Z', '1.1', 'in_progress', undefined, undefined], // 1.1: jxj not involved
    ['2026-11-29T02:00:00Z', '3.1', 'in_progress', '2026-11-20T00:00:00Z', undefined], // jxj is responsible
    ['2026-11-30T02:00:00Z', '1.1', 'at_risk', undefined, undefined],
  ];
  for (const [at, code, to, effectiveAt, actor] of steps) {
    h.clock.set(at);
    await h.app.changeTaskStatus({
      planId: 'wuhan-2023-p1',
      code,
      to: to as 'in_progress',
      reason: `原因 ${code}`,
      ...(effectiveAt ? { effectiveAt } : {}),
      ...(actor ? { actor } : {}),
    });
  }
});
afterEach(() => expect(h.bugs).toEqual([]));

const positions = async (query: string) => {
  const res = await h.request(`/audit?${query}`);
  expect(res.status, query).toBe(200);
  return (await res.json()).items.map((r: { globalPosition: number }) => r.globalPosition);
};

describe('GET /audit filters', () => {
  it('by plan, task, type and actor', async () => {
    expect(await positions('planId=wuhan-2023-p1')).toEqual([1, 2, 3, 4, 5]);
    expect(await positions('planId=wuhan-2023-p1&task=1.1')).toEqual([3, 5]);
    expect(await positions('type=PlanAdopted')).toEqual([1]);
    expect(await positions('type=PlanAdopted,TaskStatusChanged&limit=2')).toEqual([1, 2]);
    expect(await positions('actor=jxj-oa')).toEqual([2]);
  });

  it('by unit: what its people recorded, and what happened on tasks it leads or shares', async () => {
    expect(await positions('planId=wuhan-2023-p1&unit=jxj')).toEqual([2, 4]);
    expect(await positions('planId=wuhan-2023-p1&unit=jiangan')).toEqual([2, 3, 4, 5]); // a district: every task names districts
  });

  it('by either time axis', async () => {
    expect(await positions('from=2026-11-29&to=2026-11-29')).toEqual([4]); // 2026-11-29 in Shanghai: 11-28T16:00Z … 11-29T15:59Z
    expect(await positions('from=2026-11-28T01:30:00Z&to=2026-11-28')).toEqual([3]);
    expect(await positions('effectiveFrom=2026-11-20&effectiveTo=2026-11-21')).toEqual([4]);
    expect(await positions('effectiveTo=2026-11-01')).toEqual([1]);
  });

  it('answers 422 for a task or unit without a plan, and for unknown units and bad values', async () => {
    for (const query of ['task=1.1', 'unit=jxj', 'planId=wuhan-2023-p1&unit=nobody', 'effectiveFrom=soon', 'format=xlsx', 'limit=1001']) {
      const res = await h.request(`/audit?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await h.request('/audit?planId=wuhan-2023-p1&task=9.9')).status).toBe(404);
  });

  it('shows before → after with Chinese labels beside the codes, and links the envelope', async () => {
    const res = await (await h.request('/audit?planId=wuhan-2023-p1&task=1.1')).json();
    expect(res.items[1]).toMatchObject({
      taskCode: '1.1',
      type: 'TaskStatusChanged',
      typeLabel: '任务状态变更',
      summary: '任务 1.1：推进中 → 有风险',
      changes: [{ field: 'status', before: 'in_progress', beforeLabel: '推进中', after: 'at_risk', afterLabel: '有风险' }],
      links: { event: '/events?after=4&limit=1' },
    });
  });
});

describe('GET /audit?format=csv', () => {
  it('is CSV for Excel: UTF-8 with a BOM, a header row, Chinese kept, quoted where needed, next page in Link', async () => {
    const res = await h.request('/audit?planId=wuhan-2023-p1&format=csv&limit=3');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('位置,记录时间,生效时间,方案,任务,事件类型,事件,记录人,角色,单位,摘要,变更前,变更后,原因,事件ID');
    expect(lines).toHaveLength(4);
    // Times in the plan's time zone, the role and the unit in words (this actor's token is not in the store: its id stays).
    expect(lines[2]).toContain(
      '2,2026-11-28 09:00,2026-11-28 09:00,wuhan-2023-p1,4.2,TaskStatusChanged,任务状态变更,jxj-oa,责任单位,市经信局,任务 4.2：未启动 → 推进中,status: 未启动,status: 推进中,原因 4.2',
    );
    expect(res.headers.get('link')).toMatch(/^<\/audit\?.*cursor=.*>; rel="next"$/);
  });
});

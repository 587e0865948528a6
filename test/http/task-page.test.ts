// The task page, GET /plans/{planId}/tasks/{code}, worked out by hand on task 4.2 (牵头 市经信局 jxj and
// 市发改委 fgw; 责任 市商务局 swj and 各区人民政府 districts; indicator 4.2-1 新增专精特新“小巨人”企业, at
// least 60 家). The office records late, with effectiveAt (Shanghai times):
//   jxj     2023-03 on 04-08, 2023-05 on 06-05 (30%)
//   jiangan 2023-04 on 05-09 (a member of 各区人民政府, shown on its own)
//   4.2-1   15 家 as of 2023-05-20 (in effect from 2023-05-20T15:59:59.999Z): 25.00% of target.
// Now (2026-11-27): jxj's latest is 2023-05, jiangan's 2023-04; the indicator at 25.00%, the plan over
// (elapsed 100.00), so not on track. At validAt 2023-04-30: only jxj's 2023-03 report was made; no value yet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const TASK = `${PLAN}/tasks/4.2`;
let h: Harness;
const ids: Record<string, string> = {};

const post = async (path: string, json: Record<string, unknown>) => {
  const res = await h.request(path, { method: 'POST', json });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBeLessThan(300);
  return body;
};
const get = async (path: string) => {
  const res = await h.request(path);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
};

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  ids.march = (
    await post(`${TASK}/progress`, { unitId: 'jxj', period: '2023-03', done: '制定专精特新梯度培育方案', effectiveAt: '2023-04-08T10:00:00+08:00' })
  ).report.reportId;
  ids.april = (
    await post(`${TASK}/progress`, { unitId: 'jiangan', period: '2023-04', done: '江岸区摸排专精特新企业', effectiveAt: '2023-05-09T10:00:00+08:00' })
  ).report.reportId;
  ids.may = (
    await post(`${TASK}/progress`, {
      unitId: 'jxj',
      period: '2023-05',
      done: '完成首批梯度培育名单',
      percentComplete: 30,
      effectiveAt: '2023-06-05T10:00:00+08:00',
    })
  ).report.reportId;
  ids.value = (await post(`${PLAN}/indicators/4.2-1/values`, { value: '15', asOfDate: '2023-05-20' })).valueId;
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/tasks/{code}: the task page', () => {
  it("now: each unit's latest report, the indicator's progress, links", async () => {
    const body = await get(TASK);
    expect(body).toMatchObject({ code: '4.2', status: 'not_started', validAt: '2026-11-27T08:00:00.000Z' });
    expect(body.indicators.map((i: { id: string }) => i.id)).toEqual(['4.2-1']);
    expect(body.progress).toEqual([
      {
        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
        period: '2023-05',
        report: expect.objectContaining({
          reportId: ids.may,
          period: '2023-05',
          percentComplete: 30,
          late: false,
          supersedes: null,
          reportedAt: '2023-06-05T02:00:00.000Z',
        }),
      },
      {
        unit: { id: 'jiangan', name: '江岸区', kind: 'unit' },
        period: '2023-04',
        report: expect.objectContaining({ reportId: ids.april, unit: { id: 'jiangan', name: '江岸区', kind: 'unit' } }),
      },
    ]);
    expect(body.indicatorProgress).toHaveLength(1);
    expect(body.indicatorProgress[0]).toMatchObject({
      indicatorId: '4.2-1',
      taskCode: '4.2',
      latest: { valueId: ids.value, value: '15', effectiveAt: '2023-05-20T15:59:59.999Z' },
      percentOfTarget: '25.00',
      met: false,
      elapsedPercent: '100.00',
      onTrack: false,
    });
    expect(body.links).toEqual({
      history: `${PLAN}/tasks/4.2/history`,
      audit: '/audit?planId=wuhan-2023-p1&task=4.2',
      progress: `${PLAN}/reports/monthly/2023-12`, // the plan's last month: 2026-11 lies after its span
      indicators: { '4.2-1': `${PLAN}/indicators/4.2-1` },
    });
    // The links answer.
    expect((await h.request(body.links.history)).status).toBe(200);
    expect((await h.request(body.links.audit)).status).toBe(200);
    expect((await h.request(body.links.progress)).status).toBe(200);
    expect((await get(body.links.indicators['4.2-1'])).latest.value).toBe('15');
  });

  it('at validAt 2023-04-30: only what was in effect then', async () => {
    const body = await get(`${TASK}?validAt=2023-04-30`);
    expect(body.validAt).toBe('2023-04-30T15:59:59.999Z');
    expect(body.progress).toEqual([
      { unit: { id: 'jxj', name: '市经信局', kind: 'unit' }, period: '2023-03', report: expect.objectContaining({ reportId: ids.march, period: '2023-03' }) },
    ]);
    expect(body.indicatorProgress).toHaveLength(1);
    expect(body.indicatorProgress[0]).toMatchObject({ indicatorId: '4.2-1', latest: null, percentOfTarget: null, met: null, onTrack: null, series: [] });
    expect(body.links.progress).toBe(`${PLAN}/reports/monthly/2023-04`);
  });

  it('a task without indicators or reports: empty lists', async () => {
    const body = await get(`${PLAN}/tasks/1.3`);
    expect(body).toMatchObject({ progress: [], indicatorProgress: [], links: { indicators: {} } });
  });

  it("the list carries none of the page's fields", async () => {
    const list = await get(`${PLAN}/tasks`);
    for (const t of list.items) for (const f of ['progress', 'indicatorProgress', 'links']) expect(t).not.toHaveProperty(f);
  });
});

// The audit trail in local words: units by name (市经信局, not jxj), people by their token's name and
// role (looked up in the read model when the event did not record the name), times in the plan's time
// zone (2023-05-18 09:30) in the summary and the CSV; a TokenIssued row says who got which access,
// from whom, until when. The JSON keeps its UTC instants and ids, with the readable words beside them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { jsonCalls } from '../support/json-calls.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
const { get } = jsonCalls(() => h);
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({ now: '2023-05-18T01:30:00.000Z' }); // 09:30 in Shanghai
  // The office's token, issued by duban's own start; it issues 市经信局's token, acting under its id alone (no name recorded).
  const office = await h.app.issueToken({ name: '市政府办公厅督查室', role: 'office', actor: { id: 'setup', role: 'system' } });
  ids.office = office.tokenId;
  const unit = await h.app.issueToken({
    name: '市经信局 OA',
    role: 'unit',
    unitId: 'jxj',
    planId: 'wuhan-2023-p1',
    expires: '2023-12-31',
    actor: { id: office.tokenId, role: 'office' },
  });
  ids.unit = unit.tokenId;
  h.clock.set('2023-05-18T02:00:00.000Z'); // 10:00 in Shanghai
  const res = await h.request(`${PLAN}/tasks/4.2/progress`, {
    method: 'POST',
    json: { unitId: 'jxj', period: '2023-04', done: '完成产业链调研', effectiveAt: '2023-05-17T10:00:00+08:00' },
    headers: { authorization: `Bearer ${unit.token}` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  // A status change recorded under the unit token's id without its name, as older events were.
  await h.app.changeTaskStatus({
    planId: 'wuhan-2023-p1',
    code: '4.2',
    to: 'in_progress',
    reason: '启动',
    actor: { id: unit.tokenId, role: 'unit', unitId: 'jxj' },
  });
  h.clock.set('2023-05-19T02:00:00.000Z');
  await h.app.revokeToken(unit.tokenId, { id: office.tokenId, role: 'office' }, '系统迁移');
});
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('the audit trail in local words', () => {
  it('a TokenIssued row says who got which access, from whom, until when', async () => {
    const page = await get('/audit?type=TokenIssued');
    const row = page.items.find((r: { changes: { field: string }[] }) => r.changes[0]!.field === `token ${ids.unit}`);
    expect(row.summary).toBe(
      '发放令牌「市经信局 OA」（责任单位，单位 市经信局，方案 wuhan-2023-p1）：由 市政府办公厅督查室（领导小组办公室） 发放，有效至 2023-12-31 23:59',
    );
    expect(row).toMatchObject({ actor: { id: ids.office, role: 'office' }, actorName: '市政府办公厅督查室', actorUnitName: null, timeZone: 'Asia/Shanghai' });
    expect(row.recordedAt).toMatch(/^2023-05-18T01:30:00\.\d{3}Z$/);
    expect(JSON.stringify(row)).not.toMatch(/[0-9a-f]{64}/); // no token hash in the readable row
    const revoked = (await get('/audit?type=TokenRevoked')).items[0];
    expect(revoked.summary).toBe('吊销令牌「市经信局 OA」：由 市政府办公厅督查室（领导小组办公室） 吊销');
    expect(revoked.reason).toBe('系统迁移');
  });

  it('names units and actors by name in JSON summaries, beside the ids', async () => {
    const rows = (await get('/audit?planId=wuhan-2023-p1&task=4.2')).items;
    const report = rows.find((r: { type: string }) => r.type === 'ProgressReported');
    expect(report.summary).toBe('任务 4.2 2023-04 信息报送（单位 市经信局）');
    expect(report).toMatchObject({
      actor: { id: ids.unit, role: 'unit', unitId: 'jxj' },
      actorLabel: '市经信局 OA（责任单位，市经信局）',
      actorName: '市经信局 OA',
      actorUnitName: '市经信局',
    });
    expect(report.recordedAt).toBe('2023-05-18T02:00:00.000Z');
    // Recorded without a name: the token's name as the read model knows it.
    const change = rows.find((r: { type: string }) => r.type === 'TaskStatusChanged');
    expect(change.actor).toEqual({ id: ids.unit, role: 'unit', unitId: 'jxj' });
    expect(change.actorLabel).toBe('市经信局 OA（责任单位，市经信局）');
  });

  it("the CSV shows times in the plan's time zone and people and units by name", async () => {
    const res = await h.request('/audit?planId=wuhan-2023-p1&task=4.2&format=csv');
    const lines = new TextDecoder('utf-8', { ignoreBOM: true })
      .decode(new Uint8Array(await res.arrayBuffer()))
      .slice(1)
      .trim()
      .split('\n');
    const report = lines.find((l) => l.includes('ProgressReported'))!;
    expect(report).toContain(
      ',2023-05-18 10:00,2023-05-17 10:00,wuhan-2023-p1,4.2,ProgressReported,信息报送,市经信局 OA,责任单位,市经信局,任务 4.2 2023-04 信息报送（单位 市经信局）,',
    );
    expect(report).not.toContain('jxj');
    expect(report).not.toContain('T02:00');
    const tokens = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      new Uint8Array(await (await h.request('/audit?type=TokenIssued&format=csv')).arrayBuffer()),
    );
    expect(tokens).toContain(
      '市政府办公厅督查室,领导小组办公室,,发放令牌「市经信局 OA」（责任单位，单位 市经信局，方案 wuhan-2023-p1）：由 市政府办公厅督查室（领导小组办公室） 发放，有效至 2023-12-31 23:59',
    );
  });
});

// The leading group over time (领导小组, 递补): the roster at (asOf, validAt) pairs worked out by hand,
// a late replacement, the office director following their seat, refusals that write nothing.
//
// The story: the plan is recorded 2026-11-27 08:00Z and in effect from 2023-03-23 (Shanghai), i.e.
// 2023-03-22T16:00Z.
//   recorded 2026-12-01 02:00Z, in effect then:              member-5 陈蓉 → 刘晓明 (title kept)
//   recorded 2026-12-05 02:00Z, in effect 2026-12-03 01:00Z: deputy-2 盛继亮 → 王新民 (a late report;
//                                                             盛继亮 is also office director: 王新民 follows)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
const GROUP = `${PLAN}/leading-group`;
const REPLACE = `${GROUP}/replacements`;
const PLAN_START = '2023-03-22T16:00:00.000Z';
let h: Harness;

const replace = (json: unknown, headers: Record<string, string> = {}) => h.request(REPLACE, { method: 'POST', json, headers });
const get = async (query = '') => {
  const res = await h.request(`${GROUP}${query}`);
  return { status: res.status, body: await res.json() };
};

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-12-01T02:00:00.000Z');
  const first = await replace({ seat: 'member-5', holder: '陈蓉', successor: { name: '刘晓明' }, reason: '市科技局分管负责同志调整，接任同志递补' });
  expect(first.status, JSON.stringify(await first.clone().json())).toBe(200);
  h.clock.set('2026-12-05T02:00:00.000Z');
  const late = await replace({
    seat: 'deputy-2',
    holder: '盛继亮',
    successor: { name: '王新民' },
    reason: '补报：市科技局主要负责同志调整',
    effectiveAt: '2026-12-03T09:00:00+08:00',
  });
  expect(late.status, JSON.stringify(await late.clone().json())).toBe(200);
  h.clock.set('2026-12-10T02:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('GET /plans/{planId}/leading-group', () => {
  it("before any replacement was recorded: the plan's roster, with the office and its director", async () => {
    const { status, body } = await get('?asOf=2026-11-30');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      planId: 'wuhan-2023-p1',
      name: '市政协第十四届二次会议1号建议案办理工作领导小组',
      leader: {
        seat: 'leader',
        role: 'leader',
        name: '陈劲超',
        title: '市人民政府常务副市长',
        unitId: 'szf',
        unitName: '市人民政府',
        since: PLAN_START,
        predecessors: [],
      },
      office: { hostUnitId: 'kjj', hostUnitName: '市科技局', directorName: '盛继亮', directorSeat: 'deputy-2' },
      replacementRule: expect.stringContaining('递补'),
      since: PLAN_START,
      revision: 0,
      asOf: '2026-11-30T15:59:59.999Z',
      validAt: '2026-11-30T15:59:59.999Z',
      position: 1,
    });
    expect(body.deputies.map((d: { seat: string; name: string }) => `${d.seat} ${d.name}`)).toEqual(['deputy-1 张明武', 'deputy-2 盛继亮']);
    expect(body.members).toHaveLength(28);
    expect(body.members[4]).toMatchObject({ seat: 'member-5', name: '陈蓉', title: '市科技局副局长', unitId: 'kjj' });
  });

  it("now, validAt before the replacements took effect: still the plan's roster", async () => {
    for (const validAt of ['2023-04-01', '2026-11-30']) {
      const { body } = await get(`?validAt=${validAt}`);
      expect(body.members[4].name, validAt).toBe('陈蓉');
      expect(body.deputies[1].name, validAt).toBe('盛继亮');
      expect(body.office.directorName, validAt).toBe('盛继亮');
      expect(body.position).toBe(3);
    }
  });

  it('now, validAt 2026-12-02: member-5 replaced, keeping title and unit; deputy-2 not yet', async () => {
    const { body } = await get('?validAt=2026-12-02');
    expect(body.members[4]).toEqual({
      seat: 'member-5',
      role: 'member',
      name: '刘晓明',
      title: '市科技局副局长',
      unitId: 'kjj',
      unitName: '市科技局',
      since: '2026-12-01T02:00:00.000Z',
      replacementId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      predecessors: [{ name: '陈蓉', title: '市科技局副局长', until: '2026-12-01T02:00:00.000Z' }],
      withdrawn: [],
    });
    expect(body.deputies[1].name).toBe('盛继亮');
    expect(body).toMatchObject({ since: '2026-12-01T02:00:00.000Z', revision: 1, validAt: '2026-12-02T15:59:59.999Z' });
  });

  it('the late replacement: not seen as of 2026-12-04 (not yet recorded), seen now at the same validAt', async () => {
    const then = await get('?asOf=2026-12-04&validAt=2026-12-03');
    expect(then.body).toMatchObject({ asOf: '2026-12-04T15:59:59.999Z', validAt: '2026-12-03T15:59:59.999Z', position: 2, revision: 1 });
    expect(then.body.deputies[1].name).toBe('盛继亮');
    expect(then.body.office.directorName).toBe('盛继亮');
    expect(then.body.members[4].name).toBe('刘晓明');

    const now = await get('?validAt=2026-12-03');
    expect(now.body).toMatchObject({ validAt: '2026-12-03T15:59:59.999Z', position: 3, revision: 2, since: '2026-12-03T01:00:00.000Z' });
    expect(now.body.deputies[1]).toMatchObject({ seat: 'deputy-2', name: '王新民', title: '市科技局局长', unitId: 'kjj', since: '2026-12-03T01:00:00.000Z' });
    // The office director follows the seat.
    expect(now.body.office).toEqual({ hostUnitId: 'kjj', hostUnitName: '市科技局', directorName: '王新民', directorSeat: 'deputy-2' });

    // Just before it took effect, as known now: 盛继亮.
    expect((await get('?validAt=2026-12-03T00:59:59Z')).body.deputies[1].name).toBe('盛继亮');
  });

  it('before the plan took effect: 404 that says why', async () => {
    const res = await h.request(`${GROUP}?validAt=2023-03-01`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it("a replacement's audit row reads before → after", async () => {
    const res = await h.request(`/audit?planId=wuhan-2023-p1`);
    const rows = (await res.json()).items as { type: string; typeLabel: string; summary: string; reason: string; changes: unknown[] }[];
    const row = rows.find((r) => r.type === 'MemberReplaced' && r.summary.includes('盛继亮'))!;
    expect(row).toMatchObject({
      typeLabel: '成员递补',
      summary: '领导小组成员递补 deputy-2（市科技局局长）：盛继亮 → 王新民',
      reason: '补报：市科技局主要负责同志调整',
    });
    expect(row.changes).toEqual([{ field: 'seat deputy-2', before: '盛继亮', beforeLabel: '市科技局局长', after: '王新民', afterLabel: '市科技局局长' }]);
  });
});

describe('POST /plans/{planId}/leading-group/replacements', () => {
  it("answers with the roster after the change, and a successor's own title when given", async () => {
    const res = await replace({ seat: 'member-1', holder: '李军', successor: { name: '周新', title: '市委外办主任' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.globalPosition).toBe(4);
    expect(body.replacementId).toBe(body.leadingGroup.members[0].replacementId);
    expect(body.leadingGroup.members[0]).toMatchObject({
      seat: 'member-1',
      name: '周新',
      title: '市委外办主任',
      unitId: 'wb',
      since: '2026-12-10T02:00:00.000Z',
    });
    expect(body.leadingGroup.revision).toBe(3);
    // A second replacement of the same seat keeps the line of holders.
    h.clock.advance(60_000);
    expect((await replace({ seat: 'deputy-2', holder: '王新民', successor: { name: '赵立' } })).status).toBe(200);
    const { body: after } = await get();
    expect(after.deputies[1].predecessors.map((p: { name: string }) => p.name)).toEqual(['盛继亮', '王新民']);
    expect(after.office.directorName).toBe('赵立');
  });

  it("refuses a replacement back-dated before the leading group's latest change: 409, nothing written", async () => {
    const head = await h.store.headPosition();
    const res = await replace({ seat: 'member-1', holder: '李军', successor: { name: '周新' }, effectiveAt: '2026-12-02T12:00:00+08:00' });
    expect(res.status).toBe(409);
    const problem = await res.json();
    expect(problem.type).toBe('/problems/valid-time-conflict');
    expect(problem.detail).toMatch(/before the leading group's latest change, which took effect at 2026-12-03T01:00:00.000Z/);
    expect(await h.store.headPosition()).toBe(head);
    const zh = await h.request(REPLACE, {
      method: 'POST',
      json: { seat: 'member-1', holder: '陈蓉', successor: { name: '周新' } },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.status).toBe(409);
    expect((await zh.json()).detail).toBe('席位 member-1 现由 李军 担任，不是 陈蓉；请重新读取领导小组并写明现任人员');
    // At or after the latest change it goes through.
    expect((await replace({ seat: 'member-1', holder: '李军', successor: { name: '周新' }, effectiveAt: '2026-12-03T09:00:00+08:00' })).status).toBe(200);
  });

  it('refuses bad input with a 4xx problem and writes nothing', async () => {
    const head = await h.store.headPosition();
    const cases: [unknown, number, string?][] = [
      [{ seat: 'member-99', holder: '李军', successor: { name: '周新' } }, 422, 'seat'],
      [{ seat: 'deputy-3', holder: '李军', successor: { name: '周新' } }, 422, 'seat'],
      [{ seat: 'chair', holder: '李军', successor: { name: '周新' } }, 422],
      [{ seat: 'member-1', holder: '陈蓉', successor: { name: '周新' } }, 409],
      [{ seat: 'deputy-2', holder: '盛继亮', successor: { name: '周新' } }, 409], // no longer holds it
      [{ seat: 'member-1', holder: '李军', successor: { name: '李军' } }, 422, 'successor'],
      [{ seat: 'member-1', holder: '李军', successor: { name: '周新' }, effectiveAt: '2027-01-01T00:00:00Z' }, 422, 'effectiveAt'],
      [{ seat: 'member-1', holder: '李军', successor: { name: '周新' }, effectiveAt: '2023-03-01T00:00:00+08:00' }, 422, 'effectiveAt'],
      [{ seat: 'member-1', holder: '李军', successor: { name: '  ' } }, 422],
      [{ seat: 'member-1', holder: '李军', successor: { name: '周新', unitId: 'kjj' } }, 422],
      [{ seat: 'member-1', holder: '李军' }, 422],
      [{ seat: 'member-1', holder: '李军', successor: { name: '周新' }, effectiveAt: '2026-12-05' }, 422],
    ];
    for (const [json, status, field] of cases) {
      const res = await replace(json);
      const problem = await res.json();
      expect(res.status, JSON.stringify(json) + JSON.stringify(problem)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      if (field) expect(JSON.stringify(problem)).toContain(field);
    }
    expect(
      (
        await h.request('/plans/no-such-plan/leading-group/replacements', {
          method: 'POST',
          json: { seat: 'leader', holder: '陈劲超', successor: { name: '某' } },
        })
      ).status,
    ).toBe(404);
    expect(await h.store.headPosition()).toBe(head);
  });

  it("is the office's alone: a unit or supervisor token gets 403 naming the rule, and nothing is written", async () => {
    const head = await h.store.headPosition();
    const issuer = { id: 'test', role: 'system' };
    for (const [role, unitId] of [
      ['unit', 'kjj'],
      ['supervisor', undefined],
    ] as const) {
      const { token } = await h.app.issueToken({ name: `${role} 令牌`, role, ...(unitId ? { unitId } : {}), actor: issuer });
      const res = await replace({ seat: 'member-5', holder: '刘晓明', successor: { name: '周新' } }, { authorization: `Bearer ${token}` });
      expect(res.status, role).toBe(403);
      expect(await res.json()).toMatchObject({ type: '/problems/forbidden', rule: 'write-office' });
      // Reading is allowed.
      expect((await h.request(GROUP, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    // Issuing tokens wrote events of their own; no replacement among them.
    const events = await h.store.readStream('leading-group-wuhan-2023-p1');
    expect(events).toHaveLength(2);
    expect(await h.store.headPosition()).toBeGreaterThanOrEqual(head);
  });
});

describe('POST /plans/{planId}/leading-group/replacements/{replacementId}/withdrawal (撤回)', () => {
  const withdraw = (replacementId: string, json: unknown, headers: Record<string, string> = {}) =>
    h.request(`${REPLACE}/${replacementId}/withdrawal`, { method: 'POST', json, headers });
  const deputy2 = async (query = '') => (await get(query)).body.deputies[1];

  it('puts the previous holder (and director) back from its effectiveAt; earlier views and history keep the replacement', async () => {
    const id = (await deputy2()).replacementId as string;
    const res = await withdraw(id, { reason: '误录：市科技局主要负责同志尚未调整' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      replacementId: id,
      seat: 'deputy-2',
      withdrawn: { name: '王新民', title: '市科技局局长' },
      restored: { name: '盛继亮', title: '市科技局局长' },
      reason: '误录：市科技局主要负责同志尚未调整',
      withdrawnAt: '2026-12-10T02:00:00.000Z',
      globalPosition: await h.store.headPosition(),
    });
    expect(body.leadingGroup.deputies[1]).toMatchObject({
      name: '盛继亮',
      since: PLAN_START,
      replacementId: null,
      predecessors: [],
      withdrawn: [
        {
          replacementId: id,
          name: '王新民',
          since: '2026-12-03T01:00:00.000Z',
          withdrawnAt: '2026-12-10T02:00:00.000Z',
          reason: '误录：市科技局主要负责同志尚未调整',
        },
      ],
    });
    expect(body.leadingGroup).toMatchObject({ office: { directorName: '盛继亮' }, since: '2026-12-10T02:00:00.000Z', revision: 3 });
    // Before the withdrawal took effect (validAt), and as recorded before it (asOf): 王新民 still.
    expect((await get('?validAt=2026-12-09')).body).toMatchObject({ deputies: [{}, { name: '王新民', withdrawn: [] }], office: { directorName: '王新民' } });
    expect(await deputy2('?asOf=2026-12-09')).toMatchObject({ name: '王新民' });
    const rows = (await (await h.request('/audit?planId=wuhan-2023-p1&type=MemberReplacementWithdrawn')).json()).items;
    expect(rows).toMatchObject([
      { typeLabel: '撤回成员递补', summary: '撤回领导小组成员递补 deputy-2：王新民 → 盛继亮（恢复原任人员）', reason: '误录：市科技局主要负责同志尚未调整' },
    ]);
    // The seat can be filled again, naming its holder as it now stands.
    expect((await replace({ seat: 'deputy-2', holder: '盛继亮', successor: { name: '王新民' } })).status).toBe(200);
  });

  it("withdraws only a seat's latest replacement (409 naming the later one), then the one before it", async () => {
    const first = (await deputy2()).replacementId as string;
    h.clock.advance(60_000);
    const second = (await (await replace({ seat: 'deputy-2', holder: '王新民', successor: { name: '赵立' } })).json()).replacementId as string;
    expect(second).not.toBe(first);
    const head = await h.store.headPosition();
    const refused = await withdraw(first, { reason: '撤回' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      type: '/problems/replacement-not-latest',
      detail: `replacement ${first} is not the latest of seat deputy-2 (${second} is): withdraw the later one first`,
    });
    expect(await h.store.headPosition()).toBe(head);
    expect((await withdraw(second, { reason: '误录' })).status).toBe(200);
    expect(await deputy2()).toMatchObject({ name: '王新民', replacementId: first });
    const again = await withdraw(second, { reason: '再撤回' }, { 'accept-language': 'zh-CN' });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toBe(`递补记录 ${second} 已撤回`);
    expect((await withdraw(first, { reason: '误录' })).status).toBe(200);
    expect(await deputy2()).toMatchObject({ name: '盛继亮', replacementId: null, predecessors: [] });
    expect((await deputy2()).withdrawn.map((w: { name: string }) => w.name)).toEqual(['赵立', '王新民']);
  });

  it('reads a replacement recorded before ids were given by r{its stream revision}, and withdraws it', async () => {
    const member1 = (await get()).body.members[0];
    await h.store.append(
      'leading-group-wuhan-2023-p1',
      [
        {
          eventId: '00000000-0000-7000-8000-0000000000ff',
          type: 'MemberReplaced',
          planId: 'wuhan-2023-p1',
          data: { seat: 'member-1', previous: { name: member1.name, title: member1.title, unitId: member1.unitId }, successor: { name: '周新' } },
          actor: { id: 'legacy', role: 'office' },
        },
      ],
      { expectedRevision: 1 },
    );
    expect((await get()).body.members[0]).toMatchObject({ name: '周新', replacementId: 'r2' });
    expect((await withdraw('r2', { reason: '误录' })).status).toBe(200);
    expect((await get()).body.members[0]).toMatchObject({ name: member1.name, replacementId: null, withdrawn: [{ replacementId: 'r2', name: '周新' }] });
  });

  it("is the office's alone (403), and refuses bad input with 4xx problem+json naming the field, writing nothing", async () => {
    const id = (await deputy2()).replacementId as string;
    const { token } = await h.app.issueToken({ name: 'kjj 令牌', role: 'unit', unitId: 'kjj', actor: { id: 'test', role: 'system' } });
    const head = await h.store.headPosition();
    const refused = await withdraw(id, { reason: '撤回' }, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: '/problems/forbidden', rule: 'write-office' });
    const cases: [string, unknown, number, string, string?][] = [
      [id, {}, 422, '/problems/validation', '/reason'],
      [id, { reason: '  ' }, 422, '/problems/validation', '/reason'],
      [id, { reason: '撤回', effectiveAt: '2027-01-01T00:00:00+08:00' }, 422, '/problems/validation', '/effectiveAt'],
      [id, { reason: '撤回', effectiveAt: '2026-12-02T00:00:00+08:00' }, 409, '/problems/valid-time-conflict'], // before the latest change
      [id, { reason: '撤回', seat: 'deputy-2' }, 422, '/problems/validation'],
      ['no-such-replacement', { reason: '撤回' }, 404, '/problems/replacement-not-found'],
    ];
    for (const [replacementId, json, status, type, pointer] of cases) {
      const res = await withdraw(replacementId, json);
      const problem = await res.json();
      expect(res.status, JSON.stringify(problem)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(problem.type).toBe(type);
      if (pointer) expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect(await h.store.headPosition()).toBe(head);
  });
});

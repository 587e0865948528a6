// A write whose events are stored while the read model lags longer than the write waits for it: every
// write route (enumerated from openapi/openapi.json, so a new one fails here until it has a request
// below) answers 503 with Retry-After and a Problem saying the write is stored — its position and
// event ids, which the store holds — and never another 5xx. The lag is held, not slept: the read
// model applies nothing while held (Application.holdReadModel), and the wait is 30 ms.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = 'wuhan-2023-p1';
const WAIT_MS = 30;

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string }>>;
};
const writes = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ path, method: method.toUpperCase(), operationId: op.operationId })),
);

let h: Harness;

interface Call {
  path: string;
  body: unknown;
}

const meeting = async () =>
  (
    await h.app.scheduleMeeting({
      planId: PLAN,
      kind: 'coordination',
      title: '协调会',
      chair: { name: '盛继亮', title: '副秘书长' },
      scheduledFor: '2026-11-27T09:00:00+08:00',
      place: '市科技局',
    })
  ).meetingId;
const heldMeeting = async () => {
  const meetingId = await meeting();
  const held = await h.app.recordMinutes({
    planId: PLAN,
    meetingId,
    attendees: [{ name: '张三', unitId: 'jxj' }],
    minutes: '会议纪要',
    decisions: [{ text: '加快培育', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2026-12-31', text: '制定方案' }] }],
  });
  return { meetingId, itemId: held.actionItems[0]!.itemId };
};
const seatHolder = async (seat: number) => (await h.app.getLeadingGroup(PLAN, {})).members[seat]!.name;

/** Each write route's request, its prerequisites written first (while the read model keeps up). */
const REQUESTS: Record<string, () => Promise<Call>> = {
  changeTaskStatus: async () => ({ path: `/plans/${PLAN}/tasks/1.1/status`, body: { status: 'in_progress', reason: '启动' } }),
  replaceLeadingGroupMember: async () => ({
    path: `/plans/${PLAN}/leading-group/replacements`,
    body: { seat: 'member-1', holder: await seatHolder(0), successor: { name: '递补者' }, reason: '工作调动' },
  }),
  withdrawLeadingGroupReplacement: async () => {
    const { replacementId } = await h.app.replaceMember({ planId: PLAN, seat: 'member-2', holder: await seatHolder(1), successor: { name: '待撤回递补' } });
    return { path: `/plans/${PLAN}/leading-group/replacements/${replacementId}/withdrawal`, body: { reason: '误录' } };
  },
  reportIndicatorValue: async () => ({ path: `/plans/${PLAN}/indicators/4.2-1/values`, body: { value: '20' } }),
  correctIndicatorValue: async () => {
    const { valueId } = await h.app.reportIndicatorValue({ planId: PLAN, indicatorId: '4.2-1', value: '12' });
    return { path: `/plans/${PLAN}/indicators/4.2-1/values/${valueId}/correction`, body: { value: '13', reason: '更正' } };
  },
  withdrawIndicatorValue: async () => {
    const { valueId } = await h.app.reportIndicatorValue({ planId: PLAN, indicatorId: '4.2-1', value: '7' });
    return { path: `/plans/${PLAN}/indicators/4.2-1/values/${valueId}/withdrawal`, body: { reason: '误报' } };
  },
  submitHandlingPlan: async () => ({
    path: `/plans/${PLAN}/units/jxj/handling-plan`,
    body: { title: '市经信局具体办理工作方案', summary: '细化措施', measures: [{ taskCode: '4.2', text: '培育科技型中小企业' }] },
  }),
  fileHandlingPlan: async () => {
    await h.app.submitHandlingPlan({ planId: PLAN, unitId: 'fgw', title: '市发改委方案', summary: '初稿', measures: [{ taskCode: '4.2', text: '培育' }] });
    return { path: `/plans/${PLAN}/units/fgw/handling-plan/filing`, body: { outcome: 'returned', reason: '请补充时间节点' } };
  },
  withdrawHandlingPlan: async () => {
    await h.app.submitHandlingPlan({ planId: PLAN, unitId: 'kjj', title: '市科技局方案', summary: '误报', measures: [{ taskCode: '1.1', text: '推进' }] });
    return { path: `/plans/${PLAN}/units/kjj/handling-plan/withdrawal`, body: { reason: '撤回误报方案' } };
  },
  amendPlan: async () => ({ path: `/plans/${PLAN}/amendments`, body: { reason: '调整', changes: [{ kind: 'yellow-window', days: 9 }] } }),
  withdrawPlanAmendment: async () => {
    const { amendment } = await h.app.amendPlan({ planId: PLAN, reason: '待撤回', changes: [{ kind: 'monthly-report-due-day', day: 20 }] });
    return { path: `/plans/${PLAN}/amendments/${amendment.revision}/withdrawal`, body: { reason: '撤回' } };
  },
  reportProgress: async () => ({ path: `/plans/${PLAN}/tasks/4.2/progress`, body: { unitId: 'jxj', period: '2023-10', done: '报送' } }),
  withdrawProgressReport: async () => {
    const { report } = await h.app.reportProgress({ planId: PLAN, code: '4.2', unitId: 'fgw', period: '2023-10', done: '待撤回' });
    return { path: `/plans/${PLAN}/tasks/4.2/progress/${report.reportId}/withdrawal`, body: { reason: '撤回误报' } };
  },
  sendReminder: async () => ({ path: `/plans/${PLAN}/alerts/handling-plan:rsj/reminder`, body: { note: '催办' } }),
  submitAnnualSummary: async () => ({ path: `/plans/${PLAN}/units/jxj/annual-summary`, body: { year: 2023, title: '年度总结', text: '全年办理工作总结' } }),
  withdrawAnnualSummary: async () => {
    await h.app.submitAnnualSummary({ planId: PLAN, unitId: 'fgw', year: 2023, title: '待撤回的总结', text: '误报' });
    return { path: `/plans/${PLAN}/units/fgw/annual-summary/withdrawal`, body: { year: 2023, reason: '撤回误报总结' } };
  },
  evaluate: async () => ({ path: `/plans/${PLAN}/evaluations`, body: { scope: { kind: 'overall' }, rating: 'satisfied', evaluator: { name: '市政协' } } }),
  withdrawEvaluation: async () => {
    const { evaluation } = await h.app.evaluate({
      planId: PLAN,
      scope: { kind: 'task', taskCode: '3.1' },
      rating: 'basically_satisfied',
      evaluator: { name: '待撤回' },
    });
    return { path: `/plans/${PLAN}/evaluations/${evaluation.evaluationId}/withdrawal`, body: { reason: '撤回测评' } };
  },
  reopenTaskForEvaluation: async () => {
    await h.app.changeTaskStatus({ planId: PLAN, code: '2.1', to: 'in_progress', reason: '启动' });
    await h.app.changeTaskStatus({ planId: PLAN, code: '2.1', to: 'completed', reason: '办结', evidence: { summary: '办结材料' } });
    const { evaluation } = await h.app.evaluate({
      planId: PLAN,
      scope: { kind: 'task', taskCode: '2.1' },
      rating: 'dissatisfied',
      comments: '未达目标',
      evaluator: { name: '市政协' },
    });
    return { path: `/plans/${PLAN}/evaluations/${evaluation.evaluationId}/reopen`, body: { note: '要求整改' } };
  },
  publishQuarterlyBulletin: async () => ({ path: `/plans/${PLAN}/reports/quarterly/2023-Q2/publish`, body: { note: '发布' } }),
  scheduleMeeting: async () => ({
    path: `/plans/${PLAN}/meetings`,
    body: {
      kind: 'coordination',
      title: '协调会',
      chair: { name: '盛继亮', title: '市政府副秘书长' },
      scheduledFor: '2026-12-05T09:00:00+08:00',
      place: '市科技局',
    },
  }),
  recordMeetingMinutes: async () => ({
    path: `/plans/${PLAN}/meetings/${await meeting()}/minutes`,
    body: { attendees: [{ name: '张三', unitId: 'jxj' }], minutes: '纪要', decisions: [] },
  }),
  cancelMeeting: async () => ({ path: `/plans/${PLAN}/meetings/${await meeting()}/cancellation`, body: { reason: '取消' } }),
  withdrawMeetingRecord: async () => ({ path: `/plans/${PLAN}/meetings/${(await heldMeeting()).meetingId}/withdrawal`, body: { reason: '撤回' } }),
  closeActionItem: async () => ({ path: `/plans/${PLAN}/action-items/${(await heldMeeting()).itemId}/closure`, body: { resolution: '办结' } }),
  extendActionItem: async () => ({
    path: `/plans/${PLAN}/action-items/${(await heldMeeting()).itemId}/extension`,
    body: { dueDate: '2027-01-31', reason: '延期' },
  }),
  recordInspection: async () => ({
    path: `/plans/${PLAN}/inspections`,
    body: { kind: 'supervision', who: [{ name: '李四', title: '市政协副主席', role: 'cppcc_member' }] },
  }),
  withdrawInspection: async () => {
    const { inspectionId } = await h.app.recordInspection({
      planId: PLAN,
      kind: 'visit',
      who: [{ name: '李四', title: '副主席', role: 'cppcc_member' }],
      tasks: ['4.2'],
      units: ['jxj'],
      findings: [],
    });
    return { path: `/plans/${PLAN}/inspections/${inspectionId}/withdrawal`, body: { reason: '撤回' } };
  },
};

beforeAll(async () => {
  h = await startHarness({ minPositionWaitMs: WAIT_MS });
  h.clock.tickMs = 1;
});
afterAll(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('a write while the read model lags longer than the wait', () => {
  it('has a request for every write route in openapi.json, and nothing else', () => {
    expect(writes.length).toBeGreaterThan(20);
    expect(writes.map((w) => w.operationId).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  for (const write of writes) {
    it(`${write.method} ${write.path} (${write.operationId}) answers 503, the write stored`, async () => {
      const { path, body } = await REQUESTS[write.operationId]!();
      const head = await h.store.headPosition();
      const release = h.app.holdReadModel();
      let res: Awaited<ReturnType<Harness['request']>>;
      try {
        res = await h.request(path, { method: write.method, json: body });
      } finally {
        release();
      }
      const problem = await res.json();
      expect(res.status, JSON.stringify(problem)).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(problem).toMatchObject({ type: '/problems/not-yet-applied', status: 503 });
      expect(problem.detail).toMatch(/the write is stored/);
      // The write is in the store, as the body says: at its position, with its event ids.
      const stored = await h.store.readAll({ after: head });
      expect(stored.length).toBeGreaterThan(0);
      expect(problem.stored).toEqual({ position: stored.at(-1)!.globalPosition, eventIds: stored.map((e) => e.eventId) });
      expect(await h.store.headPosition()).toBe(problem.stored.position);
      expect(h.bugs).toEqual([]);
    });
  }
});

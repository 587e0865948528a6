// Who may do what, enumerated: every operation in openapi/openapi.json × every kind of caller →
// the expected status, over a real socket with real tokens. A new route without a row fails here.
// Two plans are adopted: every route is also called on the plan a token is not bound to, the
// store-wide feeds are read by tokens of either scope, and every write on an existing record has a
// row "another unit's record" (OTHER_UNIT_RECORD) — refused for a unit that did not record it.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/app/plan/plan-adoption.ts';
import { unkeyedTokenHash } from '../../src/app/token/token-secret.ts';
import { streams } from '../../src/domain/events.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { listen, type RunningServer } from '../../src/http/server.ts';
import type { Actor, RecordedEvent } from '../../src/store/event-store.ts';
import { type Harness, startHarness, wuhanPlanFile } from '../support/harness.ts';

/** The second plan: the Wuhan plan again under another id, adopted after the matrix's tokens are issued. */
const OTHER_PLAN = 'wuhan-2024-p2';

type Who = 'anonymous' | 'office' | 'supervisor' | 'cppcc' | 'unitInvolved' | 'unitNotInvolved' | 'revoked';
const WHO: Who[] = ['anonymous', 'office', 'supervisor', 'cppcc', 'unitInvolved', 'unitNotInvolved', 'revoked'];

// Each operation's request (task 4.2, led by 市经信局 jxj and 市发改委 fgw; 市科技局 kjj is not
// involved) and the status each caller gets.
const row = (office: number, supervisor: number, cppcc: number, unitInvolved: number, unitNotInvolved: number, anonymous = 401) =>
  ({ anonymous, office, supervisor, cppcc, unitInvolved, unitNotInvolved, revoked: anonymous === 200 ? 200 : 401 }) as Record<Who, number>;
const MATRIX: Record<string, Record<Who, number>> = {
  getHealth: row(200, 200, 200, 200, 200, 200),
  listPlans: row(200, 200, 200, 200, 200),
  getPlan: row(200, 200, 200, 200, 200),
  listTasks: row(200, 200, 200, 200, 200),
  getTask: row(200, 200, 200, 200, 200),
  getTaskHistory: row(200, 200, 200, 200, 200),
  changeTaskStatus: row(200, 403, 403, 200, 403),
  getLeadingGroup: row(200, 200, 200, 200, 200),
  replaceLeadingGroupMember: row(200, 403, 403, 403, 403), // the office only (write-office)
  withdrawLeadingGroupReplacement: row(200, 403, 403, 403, 403), // the office only (write-office); a replacement is made first
  listHandlingPlans: row(200, 200, 200, 200, 200),
  getHandlingPlan: row(200, 200, 200, 200, 200),
  submitHandlingPlan: row(200, 403, 403, 200, 403), // the unit itself (jxj) or the office (write-own-unit)
  fileHandlingPlan: row(200, 403, 403, 403, 403), // the office only (write-office)
  withdrawHandlingPlan: row(200, 403, 403, 200, 403), // the unit itself (jxj) or the office (write-own-unit); a submission is made first
  listPlanAmendments: row(200, 200, 200, 200, 200),
  amendPlan: row(200, 403, 403, 403, 403), // the office only (write-office)
  withdrawPlanAmendment: row(200, 403, 403, 403, 403), // the office only (write-office); the office's call amends first
  reportProgress: row(200, 403, 403, 200, 403), // the office, or a lead/responsible unit of the task (write-task-member)
  withdrawProgressReport: row(200, 403, 403, 200, 403), // its unit or the office (write-task-member)
  getMonthlyDispatch: row(200, 200, 200, 200, 200),
  listAudit: row(200, 200, 200, 200, 200), // without planId: the trail of the token's plans (a unit's: its own; see 'two plans')
  verifyStore: row(200, 200, 200, 403, 403), // walks the whole store: store-wide tokens, no unit
  listEvents: row(200, 200, 200, 200, 200), // without planId: the events of the token's plans
  streamEvents: row(200, 200, 200, 200, 200),
  // Indicator 4.2-1 belongs to task 4.2: jxj leads it, kjj neither leads nor is responsible.
  listIndicators: row(200, 200, 200, 200, 200),
  getIndicator: row(200, 200, 200, 200, 200),
  reportIndicatorValue: row(201, 403, 403, 201, 403),
  correctIndicatorValue: row(200, 403, 403, 200, 403), // the unit that reported the value (jxj), or the office
  withdrawIndicatorValue: row(200, 403, 403, 200, 403), // the unit that reported the value (jxj reports it first), or the office
  // Alerts (kjj never submits its handling plan here: red, so the office may chase it).
  listAlerts: row(200, 200, 200, 200, 200),
  sendReminder: row(201, 403, 403, 403, 403), // the office only (write-office)
  getUnitRecord: row(200, 200, 200, 200, 200),
  listScorecards: row(200, 200, 200, 200, 200),
  getScorecard: row(200, 200, 200, 200, 200),
  // Year end: annual summaries (write-own-unit), the CPPCC's evaluation (write-cppcc), reopening (write-office).
  listAnnualSummaries: row(200, 200, 200, 200, 200),
  getAnnualSummary: row(200, 200, 200, 200, 200),
  submitAnnualSummary: row(200, 403, 403, 200, 403), // the unit itself (jxj) or the office
  withdrawAnnualSummary: row(200, 403, 403, 200, 403), // the unit itself (jxj) or the office; a summary is submitted first
  listEvaluations: row(200, 200, 200, 200, 200),
  evaluate: row(201, 403, 201, 403, 403), // a cppcc token, or the office for the CPPCC
  withdrawEvaluation: row(200, 403, 200, 403, 403), // a cppcc token or the office; an evaluation is recorded first
  reopenTaskForEvaluation: row(200, 403, 403, 403, 403), // the office only; task 2.1 is completed and rated 不满意 first
  // The quarterly bulletin: the live one needs a token (the published one, below, does not).
  getQuarterlyBulletin: row(200, 200, 200, 200, 200),
  publishQuarterlyBulletin: row(201, 403, 403, 403, 403), // the office only (write-office)
  getAnnualReport: row(200, 200, 200, 200, 200),
  // Meetings, action items and inspections: the office records; the unit an item is assigned to (jxj) or the office closes it.
  scheduleMeeting: row(201, 403, 403, 403, 403),
  recordMeetingMinutes: row(200, 403, 403, 403, 403),
  cancelMeeting: row(200, 403, 403, 403, 403),
  withdrawMeetingRecord: row(200, 403, 403, 403, 403),
  listMeetings: row(200, 200, 200, 200, 200),
  getMeeting: row(200, 200, 200, 200, 200),
  closeActionItem: row(200, 403, 403, 200, 403), // write-action-item-unit: its unit (jxj) or the office
  extendActionItem: row(200, 403, 403, 403, 403),
  listActionItems: row(200, 200, 200, 200, 200),
  getActionItem: row(200, 200, 200, 200, 200),
  recordInspection: row(201, 403, 403, 403, 403),
  withdrawInspection: row(200, 403, 403, 403, 403),
  listInspections: row(200, 200, 200, 200, 200),
  getInspection: row(200, 200, 200, 200, 200),
};

// Reads whose rule depends on the query (read-plan-or-published): the same operation, asked for what was published.
const PUBLISHED_MATRIX: { operationId: string; path: string; expect: Record<Who, number> }[] = [
  // 2023-Q1, published in the test below: anyone reads it, a revoked token's caller too (no token is looked at).
  { operationId: 'getQuarterlyBulletin', path: '/plans/wuhan-2023-p1/reports/quarterly/2023-Q1?published=true', expect: row(200, 200, 200, 200, 200, 200) },
  {
    operationId: 'getQuarterlyBulletin',
    path: '/plans/wuhan-2023-p1/reports/quarterly/2023-Q1?published=true&format=md',
    expect: row(200, 200, 200, 200, 200, 200),
  },
  // published=false, or no published: the live bulletin needs a token.
  { operationId: 'getQuarterlyBulletin', path: '/plans/wuhan-2023-p1/reports/quarterly/2023-Q1?published=false', expect: row(200, 200, 200, 200, 200) },
];

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string }>>;
};
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), operationId: op.operationId })),
);

let h: Harness;
let server: RunningServer;
let base: string;
const tokens = {} as Record<Who, string | undefined>;
/** Tokens of a narrower scope: the office bound to the first plan, 市经信局 bound to the second, 市发改委 (co-lead of 4.2 with jxj) bound to the first. */
const scoped = {} as Record<'officeFirstPlan' | 'unitOtherPlan' | 'otherUnit', string>;
/** What events recorded as 市经信局 (the involved unit's token) carry as their actor. */
let jxjActor: Actor;
/** A value of indicator 4.2-1 the correction rows correct, and a counter so each correction changes it. */
let valueId = '';
let corrections = 0;
/** Events call() wrote to set a request up (a report to withdraw), beyond the call itself. */
let setupWrites = 0;

beforeAll(async () => {
  h = await startHarness();
  // A clock that moves on at every reading: a write that reads its own result back at the instant it
  // started (before the store stamped it) would miss it. Every write route runs here.
  h.clock.tickMs = 1;
  const { hono } = createHttpApp(h.app, { validateResponses: true, auth: { failuresPerMinute: 10_000 }, onBug: (e) => h.bugs.push(e) });
  server = await listen(hono, { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${server.address.port}`;
  const issuer = { id: 'test', role: 'system' };
  const issue = async (who: Who, role: 'office' | 'unit' | 'supervisor' | 'cppcc', unitId?: string) => {
    tokens[who] = (await h.app.issueToken({ name: `${who} 的令牌`, role, ...(unitId ? { unitId } : {}), actor: issuer })).token;
  };
  await issue('office', 'office');
  await issue('supervisor', 'supervisor');
  await issue('cppcc', 'cppcc');
  await issue('unitInvolved', 'unit', 'jxj');
  await issue('unitNotInvolved', 'unit', 'kjj');
  await issue('revoked', 'office');
  const revokedId = (await h.app.listTokens()).find((t) => t.name === 'revoked 的令牌')!.tokenId;
  await h.app.revokeToken(revokedId, issuer, '测试吊销');
  const jxj = await h.app.authenticate(tokens.unitInvolved!);
  if (!jxj.ok) throw new Error(JSON.stringify(jxj.why));
  jxjActor = jxj.principal.actor;
  // A value 市经信局 reported itself: it may correct it (and the office may); another unit may not.
  valueId = (await h.app.reportIndicatorValue({ planId: 'wuhan-2023-p1', indicatorId: '4.2-1', value: '12', actor: jxjActor })).valueId;
  // jxj's handling plan is submitted, so the office's return (退回) in the matrix finds one to return, whatever the order.
  await h.app.submitHandlingPlan({
    planId: 'wuhan-2023-p1',
    unitId: 'jxj',
    title: '市经信局具体办理工作方案',
    summary: '初稿',
    measures: [{ taskCode: '4.2', text: '培育科技型中小企业' }],
  });
  // The second plan comes after the tokens above: the office's (issued naming no plan, as on a first
  // start) reaches it too; the unit's stays bound to the one plan that named its unit then.
  const wuhan = await readPlanFile(wuhanPlanFile);
  await h.app.adoptPlan({ ...wuhan, id: OTHER_PLAN, title: `${wuhan.title}（第二方案）` });
  const issueScoped = async (name: keyof typeof scoped, role: 'office' | 'unit', planId: string, unitId?: string) => {
    scoped[name] = (await h.app.issueToken({ name: `${name} 的令牌`, role, planId, ...(unitId ? { unitId } : {}), actor: issuer })).token;
  };
  await issueScoped('officeFirstPlan', 'office', 'wuhan-2023-p1');
  await issueScoped('unitOtherPlan', 'unit', OTHER_PLAN, 'jxj');
  await issueScoped('otherUnit', 'unit', 'wuhan-2023-p1', 'fgw');
});
afterAll(async () => {
  await server.close();
  await h.close();
});

const auth = (who: Who): Record<string, string> => (tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {});

/** A meeting held with an action item for jxj, and an inspection, made by the office for a call that needs them. */
async function supervised(hold: boolean): Promise<{ meetingId: string; itemId: string; inspectionId: string }> {
  const meeting = await h.app.scheduleMeeting({
    planId: 'wuhan-2023-p1',
    kind: 'coordination',
    title: '协调会',
    chair: { name: '盛继亮', title: '副秘书长' },
    scheduledFor: '2026-11-27T09:00:00+08:00',
    place: '市科技局',
  });
  if (!hold) {
    setupWrites += 1;
    return { meetingId: meeting.meetingId, itemId: 'x', inspectionId: 'x' };
  }
  const held = await h.app.recordMinutes({
    planId: 'wuhan-2023-p1',
    meetingId: meeting.meetingId,
    attendees: [{ name: '张三', unitId: 'jxj' }],
    minutes: '会议纪要',
    decisions: [{ text: '加快培育', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2026-12-31', text: '制定方案' }] }],
  });
  const inspection = await h.app.recordInspection({
    planId: 'wuhan-2023-p1',
    kind: 'visit',
    who: [{ name: '李四', title: '副主席', role: 'cppcc_member' }],
    tasks: ['4.2'],
    units: ['jxj'],
    findings: [],
  });
  setupWrites += 3;
  return { meetingId: meeting.meetingId, itemId: held.actionItems[0]!.itemId, inspectionId: inspection.inspectionId };
}
const SUPERVISED = new Set([
  'recordMeetingMinutes',
  'cancelMeeting',
  'withdrawMeetingRecord',
  'getMeeting',
  'closeActionItem',
  'extendActionItem',
  'getActionItem',
  'withdrawInspection',
  'getInspection',
]);
const SUPERVISION_BODIES: Record<string, (who: Who) => unknown> = {
  scheduleMeeting: (who) => ({
    kind: 'coordination',
    title: `${who} 安排的协调会`,
    chair: { name: '盛继亮', title: '市政府副秘书长' },
    scheduledFor: '2026-12-05T09:00:00+08:00',
    place: '市科技局',
  }),
  recordMeetingMinutes: (who) => ({ attendees: [{ name: '张三', unitId: 'jxj' }], minutes: `${who} 录入的纪要`, decisions: [] }),
  cancelMeeting: (who) => ({ reason: `${who} 取消` }),
  withdrawMeetingRecord: (who) => ({ reason: `${who} 撤回` }),
  closeActionItem: (who) => ({ resolution: `${who} 办结` }),
  extendActionItem: (who) => ({ dueDate: '2027-01-31', reason: `${who} 延期` }),
  recordInspection: () => ({ kind: 'supervision', who: [{ name: '李四', title: '市政协副主席', role: 'cppcc_member' }] }),
  withdrawInspection: (who) => ({ reason: `${who} 撤回` }),
};

async function call(op: (typeof operations)[number], who: Who): Promise<{ status: number; type?: string; body: unknown }> {
  if (SUPERVISED.has(op.operationId) || op.operationId in SUPERVISION_BODIES) {
    const ids = SUPERVISED.has(op.operationId)
      ? await supervised(op.operationId !== 'recordMeetingMinutes' && op.operationId !== 'cancelMeeting')
      : { meetingId: 'x', itemId: 'x', inspectionId: 'x' };
    const path = op.path
      .replace('{planId}', 'wuhan-2023-p1')
      .replace('{meetingId}', ids.meetingId)
      .replace('{itemId}', ids.itemId)
      .replace('{inspectionId}', ids.inspectionId);
    const body = SUPERVISION_BODIES[op.operationId];
    return send(base + path, {
      method: op.method,
      headers: { ...auth(who), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body(who)) } : {}),
    });
  }
  let url =
    base +
    op.path
      .replace('{planId}', 'wuhan-2023-p1')
      .replace('{code}', '4.2')
      .replace('{indicatorId}', '4.2-1')
      .replace('{valueId}', valueId)
      .replace('{unitId}', 'jxj')
      .replace('{revision}', '1')
      .replace('{period}', '2023-10')
      .replace('{quarter}', '2023-Q2')
      .replace('{year}', '2023');
  const init: RequestInit = { method: op.method, headers: { ...auth(who) } };
  if (op.operationId === 'withdrawPlanAmendment') {
    // The office first records an amendment (a second write) and withdraws it; the others are refused before anything.
    if (who === 'office') {
      const plan = (await (await fetch(`${base}/plans/wuhan-2023-p1`, { headers: auth('office') })).json()) as { monthlyReportDueDay?: number };
      const made = await fetch(`${base}/plans/wuhan-2023-p1/amendments`, {
        method: 'POST',
        headers: { ...auth('office'), 'content-type': 'application/json' },
        body: JSON.stringify({ reason: '待撤回的调整', changes: [{ kind: 'monthly-report-due-day', day: ((plan.monthlyReportDueDay ?? 10) % 28) + 1 }] }),
      });
      const revision = ((await made.json()) as { amendment: { revision: number } }).amendment.revision;
      url = base + op.path.replace('{planId}', 'wuhan-2023-p1').replace('{revision}', String(revision));
    }
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ reason: `${who} 的撤回` });
  } else if (op.operationId === 'replaceLeadingGroupMember') {
    // Names the seat's current holder, so the office gets 200, not 409.
    const group = (await (await fetch(`${base}/plans/wuhan-2023-p1/leading-group`, { headers: auth('office') })).json()) as { members: { name: string }[] };
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ seat: 'member-1', holder: group.members[0]!.name, successor: { name: `${who}递补` }, reason: `${who} 的递补` });
  } else if (op.method === 'POST' && op.operationId === 'reportIndicatorValue') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ value: '20', source: `${who} 的报送` });
  } else if (op.method === 'POST' && op.operationId === 'correctIndicatorValue') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ value: String(100 + ++corrections), reason: `${who} 的更正` });
  } else if (op.operationId === 'submitHandlingPlan') {
    // jxj's plan is submitted or returned (never filed here): a revision or a resubmission is allowed.
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ title: `${who} 报送的方案`, summary: '细化措施', measures: [{ taskCode: '4.2', text: '培育科技型中小企业' }] });
  } else if (op.operationId === 'fileHandlingPlan') {
    // A return (not a filing), so the submissions in the matrix stay allowed.
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ outcome: 'returned', reason: `${who} 退回：请补充时间节点` });
  } else if (op.operationId === 'amendPlan') {
    // A yellow-light window other than the current one, so the office gets 200, not 422.
    const plan = (await (await fetch(`${base}/plans/wuhan-2023-p1`, { headers: auth('office') })).json()) as { yellowLightDays?: number };
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ reason: `${who} 的调整`, changes: [{ kind: 'yellow-window', days: (plan.yellowLightDays ?? 3) + 1 }] });
  } else if (op.operationId === 'withdrawProgressReport') {
    // The office records a report by 市经信局 (jxj, the involved unit's own) to withdraw.
    const made = (await (
      await fetch(`${base}/plans/wuhan-2023-p1/tasks/4.2/progress`, {
        method: 'POST',
        headers: { ...auth('office'), 'content-type': 'application/json' },
        body: JSON.stringify({ unitId: 'jxj', period: '2023-10', done: `为 ${who} 撤回而报送` }),
      })
    ).json()) as { report: { reportId: string } };
    setupWrites += 1;
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ reason: `${who} 撤回误报` });
    return send(url.replace('{reportId}', made.report.reportId), init);
  } else if (op.operationId === 'publishQuarterlyBulletin') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ note: `${who} 发布` });
  } else if (op.operationId === 'sendReminder') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ note: `${who} 催办` });
    return send(url.replace('{alertId}', 'handling-plan:kjj'), init);
  } else if (op.operationId === 'submitAnnualSummary') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ year: 2023, title: `${who} 报送的年度总结`, text: '全年办理工作总结' });
  } else if (op.operationId === 'withdrawAnnualSummary') {
    // For a caller who may withdraw, the office first submits jxj's summary (so there is one standing).
    if (who === 'office' || who === 'unitInvolved') {
      await h.app.submitAnnualSummary({ planId: 'wuhan-2023-p1', unitId: 'jxj', year: 2023, title: `待 ${who} 撤回的总结`, text: '误报' });
      setupWrites += 1;
    }
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ year: 2023, reason: `${who} 撤回误报总结` });
  } else if (op.operationId === 'evaluate') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ scope: { kind: 'overall' }, rating: 'satisfied', evaluator: { name: `${who} 测评` } });
  } else if (op.operationId === 'withdrawEvaluation' || op.operationId === 'reopenTaskForEvaluation') {
    // For a caller who may, an evaluation of its own to act on: the overall one to withdraw; for the
    // reopening, task 2.1 completed and rated 不满意. The others are refused before anything.
    let evaluationId = 'none';
    if (op.operationId === 'withdrawEvaluation' && (who === 'office' || who === 'cppcc')) {
      evaluationId = (
        await h.app.evaluate({ planId: 'wuhan-2023-p1', scope: { kind: 'overall' }, rating: 'basically_satisfied', evaluator: { name: '待撤回' } })
      ).evaluation.evaluationId;
      setupWrites += 1;
    }
    if (op.operationId === 'reopenTaskForEvaluation' && who === 'office') {
      for (const to of ['in_progress', 'completed'] as const) {
        const task = await h.app.getTask('wuhan-2023-p1', '2.1', {});
        if (task.status === 'completed' || !task.allowedTransitions.includes(to)) continue;
        await h.app.changeTaskStatus({
          planId: 'wuhan-2023-p1',
          code: '2.1',
          to,
          reason: '为重新办理准备',
          ...(to === 'completed' ? { evidence: { summary: '办结材料' } } : {}),
        });
        setupWrites += 1;
      }
      evaluationId = (
        await h.app.evaluate({
          planId: 'wuhan-2023-p1',
          scope: { kind: 'task', taskCode: '2.1' },
          rating: 'dissatisfied',
          comments: '未达目标',
          evaluator: { name: '市政协' },
        })
      ).evaluation.evaluationId;
      setupWrites += 1;
    }
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(op.operationId === 'withdrawEvaluation' ? { reason: `${who} 撤回测评` } : { note: `${who} 要求整改` });
    return send(url.replace('{evaluationId}', evaluationId), init);
  } else if (op.operationId === 'reportProgress') {
    // A unit token reports for its own unit; the office names one of the task's units (fgw leads 4.2).
    const unitId = who === 'unitNotInvolved' ? 'kjj' : who === 'office' ? 'fgw' : 'jxj';
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ unitId, period: '2023-10', done: `${who} 的报送` });
  } else if (op.operationId === 'withdrawHandlingPlan') {
    // For a caller who may withdraw, the office first submits jxj's plan (so there is one awaiting it); the withdrawal puts back what was before.
    if (who === 'office' || who === 'unitInvolved') {
      await h.app.submitHandlingPlan({
        planId: 'wuhan-2023-p1',
        unitId: 'jxj',
        title: `待 ${who} 撤回的方案`,
        summary: '误报',
        measures: [{ taskCode: '4.2', text: '培育科技型中小企业' }],
      });
      setupWrites += 1;
    }
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ reason: `${who} 撤回误报方案` });
  } else if (op.operationId === 'withdrawIndicatorValue') {
    // A value of its own to withdraw (市经信局's, as it reported it), so the correction rows keep theirs.
    const made = await h.app.reportIndicatorValue({ planId: 'wuhan-2023-p1', indicatorId: '4.2-1', value: '7', actor: jxjActor });
    setupWrites += 1;
    url = url.replace(valueId, made.valueId);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ reason: `${who} 撤回误报数值` });
  } else if (op.operationId === 'withdrawLeadingGroupReplacement') {
    // For the office, a replacement of its own to withdraw (the seat's latest); the others are refused before anything.
    let replacementId = 'r0';
    if (who === 'office') {
      const group = await h.app.getLeadingGroup('wuhan-2023-p1', {});
      replacementId = (
        await h.app.replaceMember({ planId: 'wuhan-2023-p1', seat: 'member-2', holder: group.members[1]!.name, successor: { name: '待撤回递补' } })
      ).replacementId;
      setupWrites += 1;
    }
    url = url.replace('{replacementId}', replacementId);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ reason: `${who} 撤回误录递补` });
  } else if (op.method === 'POST') {
    // A transition the task allows now, so a caller who may write gets 200, not 409.
    const task = (await (await fetch(`${base}/plans/wuhan-2023-p1/tasks/4.2`, { headers: auth('office') })).json()) as { allowedTransitions: string[] };
    const to = task.allowedTransitions.find((s) => s !== 'cancelled' && s !== 'completed')!;
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({ status: to, reason: `${who} 的变更` });
  }
  return send(url, init);
}

async function send(url: string, init: RequestInit): Promise<{ status: number; type?: string; body: unknown }> {
  const controller = new AbortController();
  const res = await fetch(url, { ...init, signal: controller.signal });
  const type = res.headers.get('content-type') ?? undefined;
  // An event stream never ends by itself: its status and headers are the answer.
  if (type?.startsWith('text/event-stream')) {
    controller.abort();
    return { status: res.status, type, body: null };
  }
  const body = await res.json();
  return { status: res.status, type, body };
}

describe('the authorization matrix', () => {
  it('has a row for every operation in openapi.json, and nothing else', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} (${op.operationId})`, async () => {
      const head = await h.store.headPosition();
      setupWrites = 0;
      let writes = 0;
      for (const who of WHO) {
        const got = await call(op, who);
        const want = MATRIX[op.operationId]![who];
        expect(got.status, `${op.operationId} as ${who}: ${JSON.stringify(got.body)}`).toBe(want);
        if (want === 401 || want === 403) {
          expect(got.type).toBe('application/problem+json');
          const problem = got.body as { type: string; detail: string; rule?: string };
          expect(problem.type).toBe(want === 401 ? '/problems/unauthorized' : '/problems/forbidden');
          if (want === 403) expect(problem.rule, problem.detail).toBeTruthy();
        }
        if (op.method === 'POST' && (want === 200 || want === 201)) writes += op.operationId === 'withdrawPlanAmendment' ? 2 : 1;
      }
      // Refused calls write nothing.
      expect(await h.store.headPosition()).toBe(head + writes + setupWrites);
    });
  }

  it('lets anyone read a published bulletin, and only a caller with a token the live one', async () => {
    const published = await fetch(`${base}/plans/wuhan-2023-p1/reports/quarterly/2023-Q1/publish`, {
      method: 'POST',
      headers: { ...auth('office'), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(published.status).toBe(201);
    for (const { operationId, path, expect: want } of PUBLISHED_MATRIX) {
      for (const who of WHO) {
        const res = await fetch(base + path, { headers: auth(who) });
        expect(res.status, `${operationId} ${path} as ${who}`).toBe(want[who]);
        if (want[who] === 401) expect(res.headers.get('content-type')).toBe('application/problem+json');
        await res.arrayBuffer();
      }
    }
  });

  it('says why a unit may not change a task it does not lead, and records who did change one', async () => {
    const post = (code: string, who: Who) =>
      fetch(`${base}/plans/wuhan-2023-p1/tasks/${code}/status`, {
        method: 'POST',
        headers: { ...auth(who), 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'in_progress', reason: '经信局启动', actor: undefined }),
      });
    const refused = await post('1.1', 'unitInvolved');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/unit jxj does not lead task 1.1 \(牵头单位: 市发改委、市科技局\)/);
    const accepted = await post('5.1', 'office');
    expect(accepted.status).toBe(200);
    const audit = (await (await fetch(`${base}/audit?planId=wuhan-2023-p1&task=4.2`, { headers: auth('office') })).json()) as {
      items: { actor: { unitId?: string } }[];
    };
    const byUnit = audit.items.filter((r: { actor: { unitId?: string } }) => r.actor.unitId === 'jxj');
    expect(byUnit.length).toBeGreaterThan(0);
    expect(byUnit[0]!.actor).toMatchObject({ role: 'unit', unitId: 'jxj', name: 'unitInvolved 的令牌' });
    // A unit reads the whole trail of its own plan.
    expect((await fetch(`${base}/audit?planId=wuhan-2023-p1`, { headers: auth('unitInvolved') })).status).toBe(200);
  });

  it('lets only the office record a replacement, naming the rule', async () => {
    for (const who of ['supervisor', 'cppcc', 'unitInvolved', 'unitNotInvolved'] as const) {
      const res = await fetch(`${base}/plans/wuhan-2023-p1/leading-group/replacements`, {
        method: 'POST',
        headers: { ...auth(who), 'content-type': 'application/json' },
        body: JSON.stringify({ seat: 'leader', holder: '陈劲超', successor: { name: '某某' } }),
      });
      expect(res.status, who).toBe(403);
      const problem = (await res.json()) as { rule: string; detail: string };
      expect(problem.rule).toBe('write-office');
      expect(problem.detail).toMatch(/only the office/);
    }
  });

  it('speaks Chinese to a caller who prefers it: title and detail, with type and rule unchanged', async () => {
    const headers = { ...auth('unitInvolved'), 'content-type': 'application/json', 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' };
    const res = await fetch(`${base}/plans/wuhan-2023-p1/tasks/1.1/status`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ status: 'in_progress', reason: '启动' }),
    });
    const problem = (await res.json()) as { type: string; title: string; detail: string; rule: string };
    expect(problem).toMatchObject({ type: '/problems/forbidden', title: '无权操作', rule: 'task-status-by-office-or-lead' });
    expect(problem.detail).toBe('单位 jxj 不是任务 1.1 的牵头单位（牵头单位：市发改委、市科技局）；单位只能变更其牵头任务的状态');
    const anonymous = (await (await fetch(`${base}/plans`, { headers: { 'accept-language': 'zh' } })).json()) as { title: string; detail: string };
    expect(anonymous).toMatchObject({ title: '未认证', detail: '需要令牌：请发送 Authorization: Bearer <令牌>（见 README 的 Access 一节）' });
  });

  it('answers 401 for an empty, malformed, unknown, expired or revoked token, always as problem+json', async () => {
    const expired = await h.app.issueToken({ name: '过期', role: 'office', expires: '2026-11-30', actor: { id: 't', role: 'system' } });
    h.clock.set('2026-12-01T00:00:00Z');
    for (const header of [
      '',
      'Bearer',
      'Bearer ',
      'Basic abc',
      `Bearer ${'x'.repeat(600)}`,
      'Bearer dbn_unknownunknownunknown',
      `Bearer ${expired.token}`,
      `Bearer ${tokens.revoked}`,
    ]) {
      const res = await fetch(`${base}/plans`, { headers: header ? { authorization: header } : {} });
      expect(res.status, header).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="duban"');
    }
  });
});

/** Every event in the store, in order: what each scope's reads are checked against. */
async function allEvents(): Promise<RecordedEvent[]> {
  return h.store.readAll({ after: 0 });
}

/** A path of the operation with its parameters filled in, on the given plan (the ids need not exist: scope is checked first). */
const pathOn = (op: (typeof operations)[number], planId: string) =>
  op.path
    .replace('{planId}', planId)
    .replace('{code}', '4.2')
    .replace('{indicatorId}', '4.2-1')
    .replace('{valueId}', valueId)
    .replace('{unitId}', 'jxj')
    .replace('{revision}', '1')
    .replace('{period}', '2023-10')
    .replace('{quarter}', '2023-Q2')
    .replace('{year}', '2023')
    .replace(/\{\w+\}/g, 'x');

/** Reads /events/stream from the start until the event at `last` arrives; the positions and plans it sent. */
async function streamUntil(token: string, last: number): Promise<{ position: number; planId: string }[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const got: { position: number; planId: string }[] = [];
  try {
    const res = await fetch(`${base}/events/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (got.at(-1)?.position !== last) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const messages = buffer.split('\n\n');
      buffer = messages.pop()!;
      for (const message of messages) {
        const data = message.split('\n').find((l) => l.startsWith('data:'));
        if (!data) continue;
        const event = JSON.parse(data.slice(5)) as RecordedEvent;
        got.push({ position: event.globalPosition, planId: event.planId });
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return got;
}

describe('two plans: a token sees only its plans, everywhere', () => {
  const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

  it('refuses every route of the other plan (403 token-plan) to a token bound to one, writing nothing', async () => {
    const head = await h.store.headPosition();
    const planned = operations.filter((op) => op.path.includes('{planId}'));
    expect(planned.length).toBeGreaterThan(40);
    const cases = [
      { who: 'unit 市经信局, bound to the first plan', token: tokens.unitInvolved!, other: OTHER_PLAN },
      { who: 'the office, bound to the first plan', token: scoped.officeFirstPlan, other: OTHER_PLAN },
      { who: 'unit 市经信局, bound to the second plan', token: scoped.unitOtherPlan, other: 'wuhan-2023-p1' },
    ];
    for (const { who, token, other } of cases) {
      for (const op of planned) {
        const res = await fetch(base + pathOn(op, other), {
          method: op.method,
          headers: bearer(token, op.method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...(op.method === 'POST' ? { body: '{}' } : {}),
        });
        const problem = (await res.json()) as { rule?: string; detail?: string };
        expect(res.status, `${op.operationId} on ${other} as ${who}: ${JSON.stringify(problem)}`).toBe(403);
        expect(problem.rule).toBe('token-plan');
      }
      // The feeds and the audit trail, asked for the other plan by name.
      for (const path of [`/events?planId=${other}`, `/events/stream?planId=${other}`, `/audit?planId=${other}`]) {
        const res = await fetch(base + path, { headers: bearer(token) });
        expect(res.status, `${path} as ${who}`).toBe(403);
        await res.body?.cancel();
      }
    }
    expect(await h.store.headPosition()).toBe(head);
  });

  it('keeps the office token made naming no plan (as on a first start) good for a plan adopted after it', async () => {
    for (const path of [`/plans/${OTHER_PLAN}`, `/plans/${OTHER_PLAN}/tasks/4.2`, `/audit?planId=${OTHER_PLAN}`, `/events?planId=${OTHER_PLAN}`]) {
      const res = await fetch(base + path, { headers: auth('office') });
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    const status = await fetch(`${base}/plans/${OTHER_PLAN}/tasks/4.2/status`, {
      method: 'POST',
      headers: { ...auth('office'), 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', reason: '第二方案启动' }),
    });
    expect(status.status, JSON.stringify(await status.clone().json())).toBe(200);
    // And the unit token issued then, naming no plan, was bound to the one plan that named its unit.
    const listed = (await h.app.listTokens()).find((t) => t.name === 'unitInvolved 的令牌')!;
    expect(listed.planIds).toEqual(['wuhan-2023-p1']);
  });

  it("lists only the plans of a token's scope", async () => {
    const ids = async (headers: Record<string, string>) =>
      ((await (await fetch(`${base}/plans`, { headers })).json()) as { items: { id: string }[] }).items.map((p) => p.id).sort();
    expect(await ids(auth('office'))).toEqual([OTHER_PLAN, 'wuhan-2023-p1'].sort());
    expect(await ids(auth('supervisor'))).toEqual([OTHER_PLAN, 'wuhan-2023-p1'].sort());
    expect(await ids(bearer(scoped.officeFirstPlan))).toEqual(['wuhan-2023-p1']);
    expect(await ids(auth('unitInvolved'))).toEqual(['wuhan-2023-p1']);
    expect(await ids(bearer(scoped.unitOtherPlan))).toEqual([OTHER_PLAN]);
  });

  it('gives /events, /events/stream and /audit without planId only what the scope covers; _system only to a store-wide office token', async () => {
    // The last events of the store are in the first plan, then in the second: each stream below ends at its plan's last.
    await h.app.reportIndicatorValue({ planId: 'wuhan-2023-p1', indicatorId: '4.2-1', value: '13', actor: jxjActor });
    await h.app.reportIndicatorValue({ planId: OTHER_PLAN, indicatorId: '4.2-1', value: '3' });
    const events = await allEvents();
    const plansOf = (items: { planId: string }[]) => [...new Set(items.map((e) => e.planId))].sort();
    expect(plansOf(events)).toEqual(['_system', OTHER_PLAN, 'wuhan-2023-p1'].sort());
    const readers = [
      { who: 'office (store-wide)', headers: auth('office'), plans: ['_system', OTHER_PLAN, 'wuhan-2023-p1'] },
      { who: 'supervisor (store-wide)', headers: auth('supervisor'), plans: [OTHER_PLAN, 'wuhan-2023-p1'] },
      { who: 'cppcc (store-wide)', headers: auth('cppcc'), plans: [OTHER_PLAN, 'wuhan-2023-p1'] },
      { who: 'office bound to the first plan', headers: bearer(scoped.officeFirstPlan), plans: ['wuhan-2023-p1'] },
      { who: 'unit bound to the first plan', headers: auth('unitInvolved'), plans: ['wuhan-2023-p1'] },
      { who: 'unit bound to the second plan', headers: bearer(scoped.unitOtherPlan), plans: [OTHER_PLAN] },
    ];
    for (const { who, headers, plans } of readers) {
      const expected = events.filter((e) => plans.includes(e.planId)).map((e) => e.globalPosition);
      // /events, paged to the head.
      const fed: number[] = [];
      for (let after = 0; ; ) {
        const page = (await (await fetch(`${base}/events?after=${after}&limit=1000`, { headers })).json()) as {
          items: RecordedEvent[];
          nextAfter: number;
          headPosition: number;
        };
        fed.push(...page.items.map((e) => e.globalPosition));
        if (page.nextAfter >= page.headPosition) break;
        after = page.nextAfter;
      }
      expect(fed, `/events as ${who}`).toEqual(expected);
      // /audit, paged by cursor.
      const audited: { globalPosition: number; planId: string }[] = [];
      for (let cursor = ''; ; ) {
        const page = (await (await fetch(`${base}/audit?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers })).json()) as {
          items: { globalPosition: number; planId: string }[];
          nextCursor: string | null;
        };
        audited.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(plansOf(audited), `/audit as ${who}`).toEqual([...plans].sort());
      expect(
        audited.map((r) => r.globalPosition),
        `/audit as ${who}`,
      ).toEqual(expected);
      // /events/stream, from the start to the scope's last event.
      const token = headers.authorization!.slice('Bearer '.length);
      const streamed = await streamUntil(token, expected.at(-1)!);
      expect(
        streamed.map((e) => e.position),
        `/events/stream as ${who}`,
      ).toEqual(expected);
    }
    // Asked by type or by plan, the store's own events stay the store-wide office's.
    const audits = async (headers: Record<string, string>) =>
      ((await (await fetch(`${base}/audit?type=TokenIssued,DigestRecorded`, { headers })).json()) as { items: unknown[] }).items.length;
    expect(await audits(auth('office'))).toBeGreaterThan(0);
    expect(await audits(auth('cppcc'))).toBe(0);
    expect(await audits(auth('unitInvolved'))).toBe(0);
    for (const headers of [auth('supervisor'), bearer(scoped.officeFirstPlan)]) {
      const res = await fetch(`${base}/events?planId=_system`, { headers });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { rule: string }).rule).toBe('token-plan');
    }
    expect((await fetch(`${base}/events?planId=_system&limit=1`, { headers: auth('office') })).status).toBe(200);
  });

  it('lets only store-wide tokens verify the whole store', async () => {
    const res = await fetch(`${base}/audit/verify`, { headers: bearer(scoped.officeFirstPlan) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { rule: string }).rule).toBe('store-wide-token');
    expect((await fetch(`${base}/audit/verify`, { headers: auth('supervisor') })).status).toBe(200);
  });

  it('reads tokens issued before scopes were sets: a single planId is a one-plan scope, but not on the office token the server made itself', async () => {
    // As earlier code wrote them: every token bound to the store's only plan by default, the first start's office token included.
    const legacy = async (name: string, actor: Actor, extra: Record<string, string>) => {
      const token = `dbn_${randomBytes(32).toString('base64url')}`; // strong: a weak legacy token is refused now
      const tokenId = `legacy-${name}`;
      const data = { tokenId, tokenHash: unkeyedTokenHash(token), name, planId: 'wuhan-2023-p1', ...extra };
      await h.store.append(streams.token(tokenId), [{ eventId: randomUUID(), type: 'TokenIssued', planId: '_system', data, actor }], {
        expectedRevision: 'no_stream',
      });
      return token;
    };
    const server = await legacy('first-start', { id: 'duban', role: 'system', name: 'duban serve' }, { role: 'office' });
    const cli = await legacy('cli-office', { id: 'cli', role: 'system' }, { role: 'office' });
    const unit = await legacy('cli-unit', { id: 'cli', role: 'system' }, { role: 'unit', unitId: 'jxj' });
    // Read your writes: a read with minPosition returns once the read model has the tokens appended above.
    const caughtUp = await fetch(`${base}/plans/wuhan-2023-p1?minPosition=${await h.store.headPosition()}`, { headers: auth('office') });
    await caughtUp.arrayBuffer();
    expect(caughtUp.status).toBe(200);
    const status = async (token: string, path: string) => {
      const res = await fetch(base + path, { headers: bearer(token) });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await status(server, `/plans/${OTHER_PLAN}`)).toBe(200);
    expect(await status(server, '/audit/verify')).toBe(200);
    expect(await status(cli, '/plans/wuhan-2023-p1')).toBe(200);
    expect(await status(cli, `/plans/${OTHER_PLAN}`)).toBe(403);
    expect(await status(unit, '/plans/wuhan-2023-p1')).toBe(200);
    expect(await status(unit, `/plans/${OTHER_PLAN}`)).toBe(403);
  });

  it('refuses a unit token naming no plan when several plans name its unit, and one naming a plan without its unit', async () => {
    const issuer = { id: 'test', role: 'system' };
    await expect(h.app.issueToken({ name: '含糊', role: 'unit', unitId: 'jxj', actor: issuer })).rejects.toThrow(
      /all name unit jxj: say which the token is for/,
    );
    const two = await h.app.issueToken({ name: '两个方案', role: 'unit', unitId: 'jxj', planIds: ['wuhan-2023-p1', OTHER_PLAN], actor: issuer });
    expect(two.planIds).toEqual(['wuhan-2023-p1', OTHER_PLAN]);
    for (const planId of ['wuhan-2023-p1', OTHER_PLAN]) expect((await fetch(`${base}/plans/${planId}`, { headers: bearer(two.token) })).status).toBe(200);
  });
});

/**
 * Every write on an existing record, as a unit that did not record it: 市发改委 (fgw) co-leads task 4.2
 * with 市经信局 (jxj), so it may write on the task, but not change what jxj recorded (or what is jxj's).
 * The owner and the office acting on the same kind of record are the main matrix's rows (200).
 */
const OTHER_UNIT_RECORD: Record<string, { rule: string; setup: () => Promise<{ path: string; body: unknown }> }> = {
  correctIndicatorValue: {
    rule: 'change-own-value',
    setup: async () => ({ path: `/plans/wuhan-2023-p1/indicators/4.2-1/values/${valueId}/correction`, body: { value: '999', reason: '发改委更正' } }),
  },
  withdrawIndicatorValue: {
    rule: 'change-own-value',
    setup: async () => ({ path: `/plans/wuhan-2023-p1/indicators/4.2-1/values/${valueId}/withdrawal`, body: { reason: '发改委撤回' } }),
  },
  reportProgress: {
    rule: 'report-own-unit',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/tasks/4.2/progress', body: { unitId: 'jxj', period: '2023-10', done: '代经信局报送，顶替其报告' } }),
  },
  withdrawProgressReport: {
    rule: 'withdraw-own-report',
    setup: async () => {
      const made = await h.app.reportProgress({ planId: 'wuhan-2023-p1', code: '4.2', unitId: 'jxj', period: '2023-10', done: '经信局报送', actor: jxjActor });
      return { path: `/plans/wuhan-2023-p1/tasks/4.2/progress/${made.report.reportId}/withdrawal`, body: { reason: '发改委撤回' } };
    },
  },
  changeTaskStatus: {
    rule: 'task-status-by-office-or-lead',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/tasks/2.2/status', body: { status: 'in_progress', reason: '发改委代为变更' } }),
  },
  submitHandlingPlan: {
    rule: 'write-own-unit',
    setup: async () => ({
      path: '/plans/wuhan-2023-p1/units/jxj/handling-plan',
      body: { title: '代报', summary: '代报', measures: [{ taskCode: '4.2', text: '代报' }] },
    }),
  },
  withdrawHandlingPlan: {
    rule: 'write-own-unit',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/units/jxj/handling-plan/withdrawal', body: { reason: '发改委撤回' } }),
  },
  fileHandlingPlan: {
    rule: 'write-office',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/units/jxj/handling-plan/filing', body: { outcome: 'returned', reason: '发改委退回' } }),
  },
  submitAnnualSummary: {
    rule: 'write-own-unit',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/units/jxj/annual-summary', body: { year: 2023, title: '代报', text: '代报' } }),
  },
  withdrawAnnualSummary: {
    rule: 'write-own-unit',
    setup: async () => {
      await h.app.submitAnnualSummary({ planId: 'wuhan-2023-p1', unitId: 'jxj', year: 2023, title: '经信局年度总结', text: '总结', actor: jxjActor });
      return { path: '/plans/wuhan-2023-p1/units/jxj/annual-summary/withdrawal', body: { year: 2023, reason: '发改委撤回' } };
    },
  },
  closeActionItem: {
    rule: 'write-action-item-unit',
    setup: async () => ({ path: `/plans/wuhan-2023-p1/action-items/${(await supervised(true)).itemId}/closure`, body: { resolution: '发改委代为办结' } }),
  },
  extendActionItem: {
    rule: 'write-office',
    setup: async () => ({
      path: `/plans/wuhan-2023-p1/action-items/${(await supervised(true)).itemId}/extension`,
      body: { dueDate: '2027-01-31', reason: '发改委延期' },
    }),
  },
  recordMeetingMinutes: {
    rule: 'write-office',
    setup: async () => ({
      path: `/plans/wuhan-2023-p1/meetings/${(await supervised(false)).meetingId}/minutes`,
      body: { attendees: [{ name: '张三', unitId: 'fgw' }], minutes: '纪要', decisions: [] },
    }),
  },
  cancelMeeting: {
    rule: 'write-office',
    setup: async () => ({ path: `/plans/wuhan-2023-p1/meetings/${(await supervised(false)).meetingId}/cancellation`, body: { reason: '发改委取消' } }),
  },
  withdrawMeetingRecord: {
    rule: 'write-office',
    setup: async () => ({ path: `/plans/wuhan-2023-p1/meetings/${(await supervised(true)).meetingId}/withdrawal`, body: { reason: '发改委撤回' } }),
  },
  withdrawInspection: {
    rule: 'write-office',
    setup: async () => ({ path: `/plans/wuhan-2023-p1/inspections/${(await supervised(true)).inspectionId}/withdrawal`, body: { reason: '发改委撤回' } }),
  },
  withdrawEvaluation: {
    rule: 'write-cppcc',
    setup: async () => {
      const made = await h.app.evaluate({ planId: 'wuhan-2023-p1', scope: { kind: 'overall' }, rating: 'satisfied', evaluator: { name: '市政协' } });
      return { path: `/plans/wuhan-2023-p1/evaluations/${made.evaluation.evaluationId}/withdrawal`, body: { reason: '发改委撤回' } };
    },
  },
  reopenTaskForEvaluation: {
    rule: 'write-office',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/evaluations/x/reopen', body: { note: '发改委要求整改' } }),
  },
  amendPlan: {
    rule: 'write-office',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/amendments', body: { reason: '发改委调整', changes: [{ kind: 'yellow-window', days: 9 }] } }),
  },
  withdrawPlanAmendment: {
    rule: 'write-office',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/amendments/1/withdrawal', body: { reason: '发改委撤回' } }),
  },
  replaceLeadingGroupMember: {
    rule: 'write-office',
    setup: async () => ({
      path: '/plans/wuhan-2023-p1/leading-group/replacements',
      body: { seat: 'member-1', holder: '某某', successor: { name: '发改委递补' } },
    }),
  },
  withdrawLeadingGroupReplacement: {
    rule: 'write-office',
    setup: async () => ({ path: '/plans/wuhan-2023-p1/leading-group/replacements/r0/withdrawal', body: { reason: '发改委撤回' } }),
  },
};
/** Writes that make a new record of the caller's own, so there is no other unit's record to change. */
const CREATES = ['reportIndicatorValue', 'scheduleMeeting', 'recordInspection', 'evaluate', 'publishQuarterlyBulletin', 'sendReminder'];

describe("another unit's record", () => {
  it('classes every write: it makes a new record, or it has a row here', () => {
    const writes = operations.filter((op) => op.method === 'POST').map((op) => op.operationId);
    expect([...writes].sort()).toEqual([...CREATES, ...Object.keys(OTHER_UNIT_RECORD)].sort());
  });

  for (const [operationId, { rule, setup }] of Object.entries(OTHER_UNIT_RECORD)) {
    it(`${operationId}: refused (403 ${rule}) to a unit that did not record it, writing nothing`, async () => {
      const { path, body } = await setup();
      const head = await h.store.headPosition();
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${scoped.otherUnit}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const problem = (await res.json()) as { type: string; rule: string; detail: string };
      expect(res.status, JSON.stringify(problem)).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(problem).toMatchObject({ type: '/problems/forbidden', rule });
      expect(await h.store.headPosition()).toBe(head);
    });
  }

  it('lets the office correct and withdraw a value a unit reported, and the unit its own', async () => {
    const post = (path: string, headers: Record<string, string>, body: unknown) =>
      fetch(base + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const own = (await h.app.reportIndicatorValue({ planId: 'wuhan-2023-p1', indicatorId: '4.2-1', value: '21', actor: jxjActor })).valueId;
    expect((await post(`/plans/wuhan-2023-p1/indicators/4.2-1/values/${own}/correction`, auth('office'), { value: '22', reason: '办公室更正' })).status).toBe(
      200,
    );
    expect(
      (await post(`/plans/wuhan-2023-p1/indicators/4.2-1/values/${own}/correction`, auth('unitInvolved'), { value: '23', reason: '本单位更正' })).status,
    ).toBe(200);
    const refused = await post(
      `/plans/wuhan-2023-p1/indicators/4.2-1/values/${own}/withdrawal`,
      { authorization: `Bearer ${scoped.otherUnit}`, 'accept-language': 'zh-CN' },
      { reason: '撤回' },
    );
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      `数值 ${own} 由单位 jxj 报送；单位只能更正或撤回本单位报送的数值（单位 fgw），领导小组办公室可以处理任何数值`,
    );
    expect((await post(`/plans/wuhan-2023-p1/indicators/4.2-1/values/${own}/withdrawal`, auth('office'), { reason: '办公室撤回' })).status).toBe(200);
  });
});

describe('throttling', () => {
  it('throttles failed authentications per client address, never a good token', async () => {
    let now = Date.parse('2026-11-27T08:00:00Z');
    const { hono } = createHttpApp(h.app, { auth: { failuresPerMinute: 3, now: () => now } });
    const local = await listen(hono, { port: 0, host: '127.0.0.1' });
    try {
      const get = (token?: string) => fetch(`http://127.0.0.1:${local.address.port}/plans`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      for (let i = 0; i < 3; i++) expect((await get('dbn_wrongwrongwrongwrong')).status).toBe(401);
      const throttled = await get('dbn_wrongwrongwrongwrong');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await throttled.json()) as { type: string }).type).toBe('/problems/too-many-failed-authentications');
      expect((await get(tokens.office)).status).toBe(200);
      now += 61_000;
      expect((await get('dbn_wrongwrongwrongwrong')).status).toBe(401);
    } finally {
      await local.close();
    }
  });

  it('gives each token a request budget: past it, 429 with Retry-After', async () => {
    const { hono } = createHttpApp(h.app, { auth: { requestsPerSecond: 1, burst: 2, now: () => 0 } });
    const local = await listen(hono, { port: 0, host: '127.0.0.1' });
    try {
      const get = (token: string) => fetch(`http://127.0.0.1:${local.address.port}/plans`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get(tokens.office!)).status).toBe(200);
      expect((await get(tokens.office!)).status).toBe(200);
      const limited = await get(tokens.office!);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      // Another token has its own budget.
      expect((await get(tokens.supervisor!)).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});

// Coordination meetings (协调会议制度), action items (督办事项) and inspections (检查, 督办, 视察):
//   POST /plans/{planId}/meetings                                  schedule a meeting (the office)
//   POST /plans/{planId}/meetings/{meetingId}/minutes              record it as held: attendees, minutes, decisions → action items
//   POST /plans/{planId}/meetings/{meetingId}/cancellation         cancel it
//   POST /plans/{planId}/meetings/{meetingId}/withdrawal           withdraw (撤回) its latest record
//   GET  /plans/{planId}/meetings[/{meetingId}]                    at any (asOf, validAt)
//   POST /plans/{planId}/action-items/{itemId}/closure             close (办结): the assigned unit or the office
//   POST /plans/{planId}/action-items/{itemId}/extension           extend its due date (延期): the office
//   GET  /plans/{planId}/action-items[/{itemId}]                   ?unit=&status=&overdue=, with lights
//   POST /plans/{planId}/inspections                               record an inspection (the office)
//   POST /plans/{planId}/inspections/{inspectionId}/withdrawal     withdraw it (撤回), with its items
//   GET  /plans/{planId}/inspections[/{inspectionId}]
import { z } from 'zod';
import type { Application } from '../app/application.ts';
import {
  actionItemReadingExample,
  inspectionReadingExample,
  inspectionWithdrawalExample,
  meetingCancelledExample,
  meetingReadingExample,
  meetingWithdrawalExample,
} from '../app/meeting/meeting-examples.ts';
import { ActionItemList, ActionItemView, InspectionList, InspectionView, MeetingList, MeetingView } from '../app/meeting/meeting-views.ts';
import { ActionItemRequest } from '../domain/action-item.ts';
import { InspectionKind, InspectorRole } from '../domain/inspection.ts';
import { MeetingKind } from '../domain/meeting.ts';
import { PlanDate, UnitId } from '../domain/plan.ts';
import { LongText, MultilineText, Name, Text } from '../domain/text.ts';
import { ReadingFields } from '../app/views.ts';
import { readQuery } from './query-params.ts';
import type { Api } from './route.ts';

const PlanId = z.string().max(64).describe('The plan\'s id, e.g. wuhan-2023-p1.');
const Id = (what: string) => z.string().min(1).max(64).describe(`The ${what}'s id, as the server gave it.`);
const PlanParams = z.strictObject({ planId: PlanId });
const MeetingParams = z.strictObject({ planId: PlanId, meetingId: Id('meeting') });
const ItemParams = z.strictObject({ planId: PlanId, itemId: Id('action item') });
const InspectionParams = z.strictObject({ planId: PlanId, inspectionId: Id('inspection') });
const TaskCode = z.string().regex(/^\d+\.\d+$/, 'a task code is {section}.{item}');
const EffectiveAt = (what: string) =>
  z.iso.datetime({ offset: true }).optional().describe(`${what}, if earlier than now: not in the future, not before the plan took effect.`);

const ScheduleRequest = z
  .strictObject({
    kind: MeetingKind,
    title: Text.describe('The meeting\'s title.'),
    chair: z.strictObject({ name: Name, title: Text }).describe('Who chairs it (主持).'),
    scheduledFor: z.iso.datetime({ offset: true }).describe('When it is to be held.'),
    place: Text.describe('Where.'),
    effectiveAt: EffectiveAt('When it was scheduled'),
  })
  .meta({
    id: 'MeetingScheduleRequest',
    description: 'Schedules a meeting (the office).',
    examples: [
      { kind: 'coordination', title: '科技创新供应链工作协调会', chair: { name: '盛继亮', title: '市政府副秘书长' }, scheduledFor: '2023-05-10T09:00:00+08:00', place: '市科技局三楼会议室', effectiveAt: '2023-05-04T10:00:00+08:00' },
    ],
  });

const MinutesRequest = z
  .strictObject({
    attendees: z.array(z.strictObject({ name: Name, title: Text.optional(), unitId: UnitId.describe('The unit (or group) they came for.') })).min(1).max(200),
    minutes: LongText.describe('The minutes (会议纪要), at most 10 000 characters.'),
    decisions: z
      .array(
        z.strictObject({
          text: MultilineText.describe('What was decided (议定事项).'),
          taskCodes: z.array(TaskCode).max(50).describe('The tasks it concerns.'),
          actionItems: z.array(ActionItemRequest).max(50).default([]).describe('Action items (督办事项) it assigns; their ids are made by the server.'),
        }),
      )
      .max(50),
    effectiveAt: EffectiveAt('When it was held (heldAt); not before the meeting\'s latest record (409)'),
  })
  .meta({
    id: 'MeetingMinutesRequest',
    description: 'Records a scheduled meeting as held: attendees, minutes, decisions; a decision may assign action items.',
    examples: [
      {
        attendees: [
          { name: '盛继亮', title: '市政府副秘书长', unitId: 'szf' },
          { name: '张三', title: '副局长', unitId: 'jxj' },
        ],
        minutes: '会议听取了各单位工作进展汇报，研究了专精特新企业培育工作。',
        decisions: [{ text: '加快专精特新企业梯度培育', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2023-06-30', text: '牵头制定专精特新企业梯度培育方案' }] }],
        effectiveAt: '2023-05-10T09:00:00+08:00',
      },
    ],
  });

const ReasonRequest = (id: string, description: string, example: string) =>
  z
    .strictObject({ reason: MultilineText.describe('Why (at most 2000 characters).'), effectiveAt: EffectiveAt('When it takes effect') })
    .meta({ id, description, examples: [{ reason: example }] });

const CancellationRequest = ReasonRequest('MeetingCancellationRequest', 'Cancels a scheduled meeting.', '主持人另有公务，会议延期另行安排');
const WithdrawalRequest = ReasonRequest('MeetingWithdrawalRequest', 'Withdraws (撤回) the meeting\'s latest record: the minutes (with their action items) or the cancellation, or the schedule itself.', '误录：会议纪要录入有误，撤回后重新录入');
const InspectionWithdrawalRequest = ReasonRequest('InspectionWithdrawalRequest', 'Withdraws (撤回) a mistaken inspection record, with the action items its findings raised.', '误录：重复录入的督办记录');

const ClosureRequest = z
  .strictObject({ resolution: MultilineText.describe('How it was done (办结情况).'), effectiveAt: EffectiveAt('When it was closed; a unit back-dates at most the plan\'s maxBackdateDays; not before the item\'s latest change (409)') })
  .meta({ id: 'ActionItemClosureRequest', description: 'Closes (办结) an action item: the unit it is assigned to, or the office.', examples: [{ resolution: '已印发专精特新企业梯度培育方案（武经信〔2023〕60号）' }] });

const ExtensionRequest = z
  .strictObject({
    dueDate: PlanDate.describe('The new due date: later than the current one.'),
    reason: MultilineText.describe('Why it is extended (延期理由).'),
    effectiveAt: EffectiveAt('When the extension was granted; not before the item\'s latest change (409)'),
  })
  .meta({ id: 'ActionItemExtensionRequest', description: 'Extends (延期) an action item\'s due date (the office); the old one stays in its history.', examples: [{ dueDate: '2023-07-31', reason: '需待省级政策出台后衔接' }] });

const InspectionRequest = z
  .strictObject({
    kind: InspectionKind,
    title: Text.optional().describe('A title; by default the kind and the date.'),
    who: z.array(z.strictObject({ name: Name, title: Text, role: InspectorRole })).min(1).max(100).describe('Who inspected or visited.'),
    tasks: z.array(TaskCode).max(100).default([]).describe('The tasks looked at.'),
    units: z.array(UnitId).max(100).default([]).describe('The units visited (a group too).'),
    findings: z
      .array(
        z.strictObject({
          text: MultilineText.describe('What was found (督查发现).'),
          taskCodes: z.array(TaskCode).max(50).optional(),
          actionItems: z.array(ActionItemRequest).max(50).optional().describe('Action items the finding raises.'),
        }),
      )
      .max(100)
      .default([]),
    effectiveAt: EffectiveAt('When it took place'),
  })
  .meta({
    id: 'InspectionRequest',
    description: 'Records an inspection, supervision visit or visit (检查, 督办, 视察), the office only.',
    examples: [
      {
        kind: 'visit',
        title: '市政协视察科技创新供应链建设',
        who: [{ name: '李四', title: '市政协副主席', role: 'cppcc_member' }],
        tasks: ['4.2'],
        units: ['jxj'],
        findings: [{ text: '专精特新企业培育进度偏慢', taskCodes: ['4.2'], actionItems: [{ unitId: 'jxj', dueDate: '2023-08-31', text: '加快推进专精特新企业认定' }] }],
        effectiveAt: '2023-07-20T15:00:00+08:00',
      },
    ],
  });

const Position = z.number().int().describe('Store position of the event.');
const MeetingResult = z.object({ meeting: MeetingView, globalPosition: Position }).meta({ id: 'MeetingResult', examples: [meetingCancelledExample] });
const ScheduleResult = z.object({ meetingId: z.string(), meeting: MeetingView, globalPosition: Position }).meta({ id: 'MeetingScheduleResult' });
const MinutesResult = z.object({ meeting: MeetingView, actionItems: z.array(ActionItemView).describe('The items the decisions assigned, with their new ids.'), globalPosition: Position }).meta({ id: 'MeetingMinutesResult' });
const MeetingWithdrawalResult = z.object({ meeting: MeetingView, withdrawnActionItems: z.array(z.string()), globalPosition: Position }).meta({ id: 'MeetingWithdrawalResult', examples: [meetingWithdrawalExample] });
const ActionItemResult = z.object({ item: ActionItemView, globalPosition: Position }).meta({ id: 'ActionItemResult' });
const InspectionResult = z.object({ inspectionId: z.string(), inspection: InspectionView, actionItems: z.array(ActionItemView), globalPosition: Position }).meta({ id: 'InspectionResult' });
const InspectionWithdrawalResult = z.object({ inspection: InspectionView, withdrawnActionItems: z.array(z.string()), globalPosition: Position }).meta({ id: 'InspectionWithdrawalResult', examples: [inspectionWithdrawalExample] });

const WRITE_PROBLEMS = [400, 403, 404, 409, 413, 415, 422];
const READ_PROBLEMS = [404, 422, 503];
const actorOf = (principal: { actor: { id: string; role: string } } | null) => (principal ? { actor: principal.actor } : {});
const eff = (body: { effectiveAt?: string | undefined }) => (body.effectiveAt ? { effectiveAt: body.effectiveAt } : {});

export function meetingRoutes(api: Api, app: Application) {
  api.route({
    method: 'post',
    path: '/plans/{planId}/meetings',
    operationId: 'scheduleMeeting',
    access: { kind: 'write-office' },
    summary: 'Schedule a meeting (会议安排)',
    description: 'Appends MeetingScheduled on `meeting-{planId}:{meetingId}` (the id made by the server). The office only.',
    tag: 'plans',
    params: PlanParams,
    body: ScheduleRequest,
    responses: { 201: { description: 'The meeting, its id and the event\'s store position.', schema: ScheduleResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      status: 201,
      body: await app.scheduleMeeting({ ...actorOf(principal), planId: params.planId, kind: body.kind, title: body.title, chair: body.chair, scheduledFor: body.scheduledFor, place: body.place, ...eff(body) }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/meetings/{meetingId}/minutes',
    operationId: 'recordMeetingMinutes',
    access: { kind: 'write-office' },
    summary: 'Record a meeting as held: attendees, minutes, decisions and their action items (召开会议)',
    description:
      'Appends MeetingHeld; heldAt is its effectiveAt. A decision\'s action items get ids made by the server, returned here; each is owed by one unit of the plan ' +
      'by its due date (not before the meeting) and carries a light. A meeting not scheduled is 404; held, cancelled or withdrawn, 409.',
    tag: 'plans',
    params: MeetingParams,
    body: MinutesRequest,
    responses: { 200: { description: 'The meeting as held, its action items, and the event\'s store position.', schema: MinutesResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.recordMinutes({
        ...actorOf(principal),
        planId: params.planId,
        meetingId: params.meetingId,
        attendees: body.attendees.map((a) => ({ name: a.name, unitId: a.unitId, ...(a.title !== undefined ? { title: a.title } : {}) })),
        minutes: body.minutes,
        decisions: body.decisions,
        ...eff(body),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/meetings/{meetingId}/cancellation',
    operationId: 'cancelMeeting',
    access: { kind: 'write-office' },
    summary: 'Cancel a scheduled meeting (会议取消)',
    tag: 'plans',
    params: MeetingParams,
    body: CancellationRequest,
    responses: { 200: { description: 'The meeting, cancelled.', schema: MeetingResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.cancelMeeting({ ...actorOf(principal), planId: params.planId, meetingId: params.meetingId, reason: body.reason, ...eff(body) }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/meetings/{meetingId}/withdrawal',
    operationId: 'withdrawMeetingRecord',
    access: { kind: 'write-office' },
    summary: 'Withdraw a meeting\'s mistaken record (撤回)',
    description:
      'Undoes the latest record: minutes (the meeting is scheduled again and the action items they assigned owe nothing from then on), a cancellation ' +
      '(scheduled again), or the schedule itself (withdrawn). Not before the meeting\'s or its items\' latest change (409).',
    tag: 'plans',
    params: MeetingParams,
    body: WithdrawalRequest,
    responses: { 200: { description: 'The meeting after the withdrawal, and the action items withdrawn with it.', schema: MeetingWithdrawalResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawMeetingRecord({ ...actorOf(principal), planId: params.planId, meetingId: params.meetingId, reason: body.reason, ...eff(body) }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/meetings',
    operationId: 'listMeetings',
    access: { kind: 'read-plan' },
    summary: 'The plan\'s meetings (协调会议)',
    description: 'Every meeting scheduled by `validAt`, as recorded by `asOf`, by time (held, else scheduled); `kind` and `status` narrow it.',
    tag: 'plans',
    params: PlanParams,
    query: z.strictObject({ kind: MeetingKind.optional(), status: z.enum(['scheduled', 'held', 'cancelled', 'withdrawn']).optional(), ...readQuery }),
    responses: { 200: { description: 'The meetings.', schema: MeetingList } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.listMeetings(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/meetings/{meetingId}',
    operationId: 'getMeeting',
    access: { kind: 'read-plan' },
    summary: 'A meeting: schedule, minutes, decisions and their action items',
    tag: 'plans',
    params: MeetingParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The meeting at `validAt`.', schema: MeetingView.extend(ReadingFields).meta({ id: 'MeetingReading', examples: [meetingReadingExample] }) } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.getMeeting(params.planId, params.meetingId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/action-items/{itemId}/closure',
    operationId: 'closeActionItem',
    access: { kind: 'write-action-item-unit' },
    summary: 'Close an action item (督办事项办结)',
    description:
      'Appends ActionItemClosed on `action-item-{planId}:{itemId}`: the unit it is assigned to or the office (another unit is 403). Closed on time when by the ' +
      'end of its due date in force then. An item not open is 409 action-item-state-conflict.',
    tag: 'plans',
    params: ItemParams,
    body: ClosureRequest,
    responses: { 200: { description: 'The item, closed.', schema: ActionItemResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.closeActionItem({ ...actorOf(principal), planId: params.planId, itemId: params.itemId, resolution: body.resolution, ...eff(body) }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/action-items/{itemId}/extension',
    operationId: 'extendActionItem',
    access: { kind: 'write-office' },
    summary: 'Extend an action item\'s due date (延期)',
    description: 'Appends ActionItemExtended: a later due date from effectiveAt on, with a reason; the old one stays in the item\'s history. The office only.',
    tag: 'plans',
    params: ItemParams,
    body: ExtensionRequest,
    responses: { 200: { description: 'The item with its new due date.', schema: ActionItemResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.extendActionItem({ ...actorOf(principal), planId: params.planId, itemId: params.itemId, dueDate: body.dueDate, reason: body.reason, ...eff(body) }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/action-items',
    operationId: 'listActionItems',
    access: { kind: 'read-plan' },
    summary: 'The plan\'s action items (督办事项), with their lights',
    description:
      'Every action item assigned by `validAt`, as recorded by `asOf`: source, unit, due date (as extended by then) and history, status, resolution, on time or late, ' +
      'light. `status` open or closed (withdrawn ones only with status=withdrawn), `unit`, and `overdue=true` (red) or false narrow it.',
    tag: 'plans',
    params: PlanParams,
    query: z.strictObject({
      unit: UnitId.optional().describe('Only the items assigned to this unit.'),
      status: z.enum(['open', 'closed', 'withdrawn']).optional(),
      overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('true: only the red ones (open and past due); false: the others.'),
      ...readQuery,
    }),
    responses: { 200: { description: 'The action items.', schema: ActionItemList } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.listActionItems(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/action-items/{itemId}',
    operationId: 'getActionItem',
    access: { kind: 'read-plan' },
    summary: 'An action item (督办事项) at any date',
    tag: 'plans',
    params: ItemParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The item at `validAt`.', schema: ActionItemView.extend(ReadingFields).meta({ id: 'ActionItemReading', examples: [actionItemReadingExample] }) } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.getActionItem(params.planId, params.itemId, query) }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/inspections',
    operationId: 'recordInspection',
    access: { kind: 'write-office' },
    summary: 'Record an inspection or supervision visit (检查, 督办, 视察)',
    description: 'Appends InspectionRecorded on `inspection-{planId}:{inspectionId}`; when is its effectiveAt. A finding may raise action items (ids made by the server). The office only.',
    tag: 'plans',
    params: PlanParams,
    body: InspectionRequest,
    responses: { 201: { description: 'The inspection, its id, the items it raised, and the event\'s store position.', schema: InspectionResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      status: 201,
      body: await app.recordInspection({
        ...actorOf(principal),
        planId: params.planId,
        kind: body.kind,
        ...(body.title !== undefined ? { title: body.title } : {}),
        who: body.who,
        tasks: body.tasks,
        units: body.units,
        findings: body.findings.map((f) => ({ text: f.text, ...(f.taskCodes ? { taskCodes: f.taskCodes } : {}), ...(f.actionItems ? { actionItems: f.actionItems } : {}) })),
        ...eff(body),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/inspections/{inspectionId}/withdrawal',
    operationId: 'withdrawInspection',
    access: { kind: 'write-office' },
    summary: 'Withdraw a mistaken inspection record (撤回)',
    description: 'Appends InspectionWithdrawn; the action items its findings raised owe nothing from then on. Not before their latest change (409).',
    tag: 'plans',
    params: InspectionParams,
    body: InspectionWithdrawalRequest,
    responses: { 200: { description: 'The inspection, withdrawn.', schema: InspectionWithdrawalResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      body: await app.withdrawInspection({ ...actorOf(principal), planId: params.planId, inspectionId: params.inspectionId, reason: body.reason, ...eff(body) }),
    }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/inspections',
    operationId: 'listInspections',
    access: { kind: 'read-plan' },
    summary: 'The plan\'s inspections and visits (检查, 督办, 视察)',
    tag: 'plans',
    params: PlanParams,
    query: z.strictObject({ kind: InspectionKind.optional(), ...readQuery }),
    responses: { 200: { description: 'The inspections by date.', schema: InspectionList } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.listInspections(params.planId, query) }),
  });

  api.route({
    method: 'get',
    path: '/plans/{planId}/inspections/{inspectionId}',
    operationId: 'getInspection',
    access: { kind: 'read-plan' },
    summary: 'An inspection: who, when, tasks, units, findings and their action items',
    tag: 'plans',
    params: InspectionParams,
    query: z.strictObject(readQuery),
    responses: { 200: { description: 'The inspection at `validAt`.', schema: InspectionView.extend(ReadingFields).meta({ id: 'InspectionReading', examples: [inspectionReadingExample] }) } },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.getInspection(params.planId, params.inspectionId, query) }),
  });
}

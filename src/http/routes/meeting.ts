// Coordination meetings (协调会议制度):
//   POST /plans/{planId}/meetings                                  schedule a meeting (the office)
//   POST /plans/{planId}/meetings/{meetingId}/minutes              record it as held: attendees, minutes, decisions → action items
//   POST /plans/{planId}/meetings/{meetingId}/cancellation         cancel it
//   POST /plans/{planId}/meetings/{meetingId}/withdrawal           withdraw (撤回) its latest record
//   GET  /plans/{planId}/meetings[/{meetingId}]                    at any (asOf, validAt)
import { z } from 'zod';
import type { Application } from '../../app/application.ts';
import { meetingCancelledExample, meetingReadingExample, meetingWithdrawalExample } from '../../app/meeting/meeting-examples.ts';
import { ActionItemView, MeetingList, MeetingView } from '../../app/meeting/meeting-views.ts';
import { ReadingFields } from '../../app/views.ts';
import { ActionItemRequest } from '../../domain/action-item.ts';
import { MeetingKind } from '../../domain/meeting.ts';
import { schemaMessage } from '../../domain/messages.ts';
import { UnitId } from '../../domain/plan.ts';
import { IdString, LongText, MAX_LISTED, MultilineText, Name, ShownText, Text } from '../../domain/text.ts';
import type { Api } from '../openapi/route.ts';
import { readQuery } from './query-params.ts';
import { actorOf, EffectiveAt, eff, Id, PlanId, PlanParams, Position, READ_PROBLEMS, ReasonRequest, TaskCode, WRITE_PROBLEMS } from './supervision-fields.ts';

const MeetingParams = z.strictObject({ planId: PlanId, meetingId: Id('meeting') });

const ScheduleRequest = z
  .strictObject({
    kind: MeetingKind,
    title: Text.describe("The meeting's title."),
    chair: z.strictObject({ name: Name, title: Text }).describe('Who chairs it (主持).'),
    scheduledFor: z.iso
      .datetime({ offset: true })
      .max(35, schemaMessage('text-too-long', { max: 35 }))
      .describe('When it is to be held.'),
    place: Text.describe('Where.'),
    effectiveAt: EffectiveAt('When it was scheduled'),
  })
  .meta({
    id: 'MeetingScheduleRequest',
    description: 'Schedules a meeting (the office).',
    examples: [
      {
        kind: 'coordination',
        title: '科技创新供应链工作协调会',
        chair: { name: '盛继亮', title: '市政府副秘书长' },
        scheduledFor: '2023-05-10T09:00:00+08:00',
        place: '市科技局三楼会议室',
        effectiveAt: '2023-05-04T10:00:00+08:00',
      },
    ],
  });

const MinutesRequest = z
  .strictObject({
    attendees: z
      .array(z.strictObject({ name: Name, title: Text.optional(), unitId: UnitId.describe('The unit (or group) they came for.') }))
      .min(1)
      .max(200),
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
    effectiveAt: EffectiveAt("When it was held (heldAt); not before the meeting's latest record (409)"),
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
        decisions: [
          {
            text: '加快专精特新企业梯度培育',
            taskCodes: ['4.2'],
            actionItems: [{ unitId: 'jxj', dueDate: '2023-06-30', text: '牵头制定专精特新企业梯度培育方案' }],
          },
        ],
        effectiveAt: '2023-05-10T09:00:00+08:00',
      },
    ],
  });

const CancellationRequest = ReasonRequest('MeetingCancellationRequest', 'Cancels a scheduled meeting.', '主持人另有公务，会议延期另行安排');
const WithdrawalRequest = ReasonRequest(
  'MeetingWithdrawalRequest',
  "Withdraws (撤回) the meeting's latest record: the minutes (with their action items) or the cancellation, or the schedule itself.",
  '误录：会议纪要录入有误，撤回后重新录入',
);

const MeetingResult = z.object({ meeting: MeetingView, globalPosition: Position }).meta({ id: 'MeetingResult', examples: [meetingCancelledExample] });
const ScheduleResult = z.object({ meetingId: IdString, meeting: MeetingView, globalPosition: Position }).meta({ id: 'MeetingScheduleResult' });
const MinutesResult = z
  .object({
    meeting: MeetingView,
    actionItems: z.array(ActionItemView).max(MAX_LISTED).describe('The items the decisions assigned, with their new ids.'),
    globalPosition: Position,
  })
  .meta({ id: 'MeetingMinutesResult' });
const MeetingWithdrawalResult = z
  .object({ meeting: MeetingView, withdrawnActionItems: z.array(ShownText).max(MAX_LISTED), globalPosition: Position })
  .meta({ id: 'MeetingWithdrawalResult', examples: [meetingWithdrawalExample] });

export function meetingRoutes(api: Api, app: Application) {
  api.route({
    method: 'post',
    path: '/plans/{planId}/meetings',
    operationId: 'scheduleMeeting',
    access: { kind: 'write-office' },
    summary: 'Schedule a meeting (会议安排)',
    description: 'Appends MeetingScheduled on `meeting-{planId}:{meetingId}` (the id made by the server). The office only.',
    tag: 'meeting',
    params: PlanParams,
    body: ScheduleRequest,
    responses: { 201: { description: "The meeting, its id and the event's store position.", schema: ScheduleResult } },
    problems: WRITE_PROBLEMS,
    handler: async (_c, { params, body, principal }) => ({
      status: 201,
      body: await app.scheduleMeeting({
        ...actorOf(principal),
        planId: params.planId,
        kind: body.kind,
        title: body.title,
        chair: body.chair,
        scheduledFor: body.scheduledFor,
        place: body.place,
        ...eff(body),
      }),
    }),
  });

  api.route({
    method: 'post',
    path: '/plans/{planId}/meetings/{meetingId}/minutes',
    operationId: 'recordMeetingMinutes',
    access: { kind: 'write-office' },
    summary: 'Record a meeting as held: attendees, minutes, decisions and their action items (召开会议)',
    description:
      "Appends MeetingHeld; heldAt is its effectiveAt. A decision's action items get ids made by the server, returned here; each is owed by one unit of the plan " +
      'by its due date (not before the meeting) and carries a light. A meeting not scheduled is 404; held, cancelled or withdrawn, 409.',
    tag: 'meeting',
    params: MeetingParams,
    body: MinutesRequest,
    responses: { 200: { description: "The meeting as held, its action items, and the event's store position.", schema: MinutesResult } },
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
    tag: 'meeting',
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
    summary: "Withdraw a meeting's mistaken record (撤回)",
    description:
      'Undoes the latest record: minutes (the meeting is scheduled again and the action items they assigned owe nothing from then on), a cancellation ' +
      "(scheduled again), or the schedule itself (withdrawn). Not before the meeting's or its items' latest change (409).",
    tag: 'meeting',
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
    summary: "The plan's meetings (协调会议)",
    description: 'Every meeting scheduled by `validAt`, as recorded by `asOf`, by time (held, else scheduled); `kind` and `status` narrow it.',
    tag: 'meeting',
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
    tag: 'meeting',
    params: MeetingParams,
    query: z.strictObject(readQuery),
    responses: {
      200: {
        description: 'The meeting at `validAt`.',
        schema: MeetingView.extend(ReadingFields).meta({ id: 'MeetingReading', examples: [meetingReadingExample] }),
      },
    },
    problems: READ_PROBLEMS,
    handler: async (_c, { params, query }) => ({ body: await app.getMeeting(params.planId, params.meetingId, query) }),
  });
}

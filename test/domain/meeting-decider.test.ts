// The meeting, action-item and inspection deciders: given the stream's events (or the item as the read
// model holds it), when a command comes, then the events — or a refusal.
import { describe, expect, it } from 'vitest';
import { type ActionItemFacts, ActionItemStateConflict, ActionItemValidTimeConflict, actionItemDecider } from '../../src/domain/action-item.ts';
import { RuleViolated } from '../../src/domain/errors.ts';
import { InspectionStateConflict, inspectionDecider, type RecordInspection, type WithdrawInspection } from '../../src/domain/inspection.ts';
import {
  type MeetingCommand,
  MeetingNotFound,
  MeetingStateConflict,
  MeetingValidTimeConflict,
  meetingDecider,
  type RecordMinutes,
  type ScheduleMeeting,
  type WithdrawMeetingRecord,
} from '../../src/domain/meeting.ts';
import { alertIdOf, parseAlertId } from '../../src/domain/reminder.ts';
import { deciderSpec, type GivenEvent } from '../support/decider-spec.ts';

const meeting = deciderSpec(meetingDecider);
const actionItem = deciderSpec(actionItemDecider);
const inspection = deciderSpec(inspectionDecider);

const PLAN_AT = '2023-03-22T16:00:00.000Z';
const NOW = '2023-08-01T02:00:00.000Z';
const plan = {
  timeZone: 'Asia/Shanghai',
  units: [{ id: 'jxj' }, { id: 'fgw' }, { id: 'szf' }],
  groups: [{ id: 'districts', name: '各区人民政府', members: ['jiangan'] }],
  tasks: [{ code: '4.2' }, { code: '3.3' }],
} as unknown as RecordMinutes['plan'];

const schedule: ScheduleMeeting = {
  type: 'ScheduleMeeting',
  planId: 'p',
  meetingId: 'm1',
  kind: 'coordination',
  title: '协调会',
  chair: { name: '盛继亮', title: '市政府副秘书长' },
  scheduledFor: '2023-05-10T01:00:00.000Z',
  place: '市科技局',
  effectiveAt: '2023-05-04T02:00:00.000Z',
  now: NOW,
  planEffectiveAt: PLAN_AT,
};
const minutes: RecordMinutes = {
  type: 'RecordMinutes',
  planId: 'p',
  meetingId: 'm1',
  plan,
  attendees: [{ name: '张三', unitId: 'jxj' }],
  minutes: '纪要',
  decisions: [{ text: '加快培育', taskCodes: ['4.2'], actionItems: [{ itemId: 'i1', unitId: 'jxj', dueDate: '2023-06-30', text: '制定方案' }] }],
  effectiveAt: '2023-05-10T01:00:00.000Z',
  now: NOW,
  planEffectiveAt: PLAN_AT,
};
/** The meeting's stream after each command's events, each taking effect when it says (or NOW). */
const given = (...commands: MeetingCommand[]) => {
  const events: GivenEvent[] = [];
  for (const c of commands)
    for (const e of meeting
      .given(...events)
      .when(c)
      .events())
      events.push({ ...e, effectiveAt: e.effectiveAt ?? NOW });
  return meeting.given(...events);
};
const withdrawal = (
  extra: Omit<WithdrawMeetingRecord, 'type' | 'planId' | 'meetingId' | 'now' | 'planEffectiveAt'> & { effectiveAt?: string },
): WithdrawMeetingRecord => ({
  type: 'WithdrawMeetingRecord',
  planId: 'p',
  meetingId: 'm1',
  now: NOW,
  planEffectiveAt: PLAN_AT,
  ...extra,
});

describe('meetings', () => {
  it('given nothing, when scheduled, then MeetingScheduled; a second schedule of the same id is 409', () => {
    given()
      .when(schedule)
      .then([
        {
          type: 'MeetingScheduled',
          data: {
            meetingId: 'm1',
            kind: 'coordination',
            title: '协调会',
            chair: { name: '盛继亮', title: '市政府副秘书长' },
            scheduledFor: '2023-05-10T01:00:00.000Z',
            place: '市科技局',
          },
          effectiveAt: '2023-05-04T02:00:00.000Z',
        },
      ]);
    given(schedule).when(schedule).thenThrows(MeetingStateConflict);
    given()
      .when({ ...schedule, scheduledFor: '2020-01-01T00:00:00.000Z' })
      .thenThrows(RuleViolated);
  });

  it('given a scheduled meeting, when the minutes come, then MeetingHeld with decision ids d1 …', () => {
    given(schedule)
      .when(minutes)
      .thenMatches([
        {
          type: 'MeetingHeld',
          data: { meetingId: 'm1', kind: 'coordination', title: '协调会', decisions: [{ decisionId: 'd1', actionItems: [{ itemId: 'i1' }] }] },
        },
      ]);
  });

  it('refuses minutes for no meeting (404), twice (409), before the schedule (409), and bad items (422, naming the field)', () => {
    given().when(minutes).thenThrows(MeetingNotFound);
    given(schedule, minutes).when(minutes).thenThrows(MeetingStateConflict);
    given(schedule)
      .when({ ...minutes, effectiveAt: '2023-05-01T00:00:00.000Z' })
      .thenThrows(MeetingValidTimeConflict);
    const bad = (actionItems: RecordMinutes['decisions'][number]['actionItems']) =>
      given(schedule).when({ ...minutes, decisions: [{ text: 'x', taskCodes: [], actionItems }] });
    expect(bad([{ itemId: 'i', unitId: 'districts', dueDate: '2023-06-30', text: 'x' }]).thenThrows(RuleViolated).field).toBe(
      'decisions/0/actionItems/0/unitId',
    );
    expect(bad([{ itemId: 'i', unitId: 'jxj', dueDate: '2023-05-09', text: 'x' }]).thenThrows(RuleViolated).field).toBe('decisions/0/actionItems/0/dueDate');
    // Due the day it is assigned is allowed (to the end of that day).
    bad([{ itemId: 'i', unitId: 'jxj', dueDate: '2023-05-10', text: 'x' }]).thenMatches([{ type: 'MeetingHeld' }]);
  });

  it('withdrawal undoes the latest record: minutes (with their items) → scheduled; schedule → withdrawn', () => {
    const held = given(schedule, minutes);
    held.when(withdrawal({ reason: '误录', itemsLastEffectiveAt: '2023-06-01T00:00:00.000Z' })).then([
      {
        type: 'MeetingRecordWithdrawn',
        data: { meetingId: 'm1', title: '协调会', withdrawn: 'minutes', restores: 'scheduled', reason: '误录', actionItemIds: ['i1'] },
      },
    ]);
    // Not before an item's latest change (its closure, say).
    held
      .when(withdrawal({ reason: '误录', itemsLastEffectiveAt: '2023-06-01T00:00:00.000Z', effectiveAt: '2023-05-20T00:00:00.000Z' }))
      .thenThrows(MeetingValidTimeConflict);
    given(schedule)
      .when(withdrawal({ reason: '未安排', itemsLastEffectiveAt: null }))
      .thenMatches([{ data: { withdrawn: 'schedule', restores: 'withdrawn', actionItemIds: [] } }]);
  });
});

describe('action items', () => {
  const item: ActionItemFacts = { itemId: 'i1', unitId: 'jxj', status: 'open', dueDate: '2023-06-30', lastEffectiveAt: '2023-05-10T01:00:00.000Z' };
  const close = {
    type: 'CloseActionItem' as const,
    item,
    resolution: '已办结',
    timeZone: 'Asia/Shanghai',
    now: NOW,
    planEffectiveAt: PLAN_AT,
    maxBackdateDays: null,
  };

  it('closed by the end of the due date is on time; a millisecond later is late', () => {
    actionItem
      .given()
      .when({ ...close, effectiveAt: '2023-06-30T15:59:59.999Z' })
      .then([
        {
          type: 'ActionItemClosed',
          data: { itemId: 'i1', unitId: 'jxj', resolution: '已办结', dueDate: '2023-06-30', onTime: true },
          effectiveAt: '2023-06-30T15:59:59.999Z',
        },
      ]);
    actionItem
      .given()
      .when({ ...close, effectiveAt: '2023-06-30T16:00:00.000Z' })
      .thenMatches([{ data: { onTime: false } }]);
  });

  it('refuses closing or extending an item not open (409), before its latest change (409), a unit back-dating too far (422)', () => {
    actionItem
      .given()
      .when({ ...close, item: { ...item, status: 'closed' } })
      .thenThrows(ActionItemStateConflict);
    actionItem
      .given()
      .when({
        type: 'ExtendActionItem',
        item: { ...item, status: 'withdrawn' },
        dueDate: '2023-07-31',
        reason: 'x',
        now: NOW,
        planEffectiveAt: PLAN_AT,
        maxBackdateDays: null,
      })
      .thenThrows(ActionItemStateConflict);
    actionItem
      .given()
      .when({ ...close, effectiveAt: '2023-05-01T00:00:00.000Z' })
      .thenThrows(ActionItemValidTimeConflict);
    actionItem
      .given()
      .when({ ...close, maxBackdateDays: 2, effectiveAt: '2023-07-01T00:00:00.000Z' })
      .thenThrows(RuleViolated);
  });

  it('an extension moves the due date later, keeping the previous one in the event', () => {
    actionItem
      .given()
      .when({ type: 'ExtendActionItem', item, dueDate: '2023-07-31', reason: '延期', now: NOW, planEffectiveAt: PLAN_AT, maxBackdateDays: null })
      .then([{ type: 'ActionItemExtended', data: { itemId: 'i1', unitId: 'jxj', previousDueDate: '2023-06-30', dueDate: '2023-07-31', reason: '延期' } }]);
    actionItem
      .given()
      .when({ type: 'ExtendActionItem', item, dueDate: '2023-06-30', reason: 'x', now: NOW, planEffectiveAt: PLAN_AT, maxBackdateDays: null })
      .thenThrows(RuleViolated);
  });

  it('has an alert id action-item:{itemId} that parses back (its unit is looked up later)', () => {
    expect(alertIdOf({ kind: 'action_item', unitId: 'jxj', itemId: '0000-7000-8000-1' })).toBe('action-item:0000-7000-8000-1');
    expect(parseAlertId('action-item:0000-7000-8000-1')).toEqual({ kind: 'action_item', itemId: '0000-7000-8000-1', unitId: '' });
    expect(parseAlertId('action-item:')).toBeNull();
    expect(parseAlertId('action-item:a/b')).toBeNull();
  });
});

describe('inspections', () => {
  const record: RecordInspection = {
    type: 'RecordInspection',
    planId: 'p',
    inspectionId: 'v1',
    plan,
    kind: 'visit',
    title: '视察',
    who: [{ name: '赵六', title: '市政协副主席', role: 'cppcc_member' }],
    tasks: ['4.2'],
    units: ['jxj', 'districts'],
    findings: [{ text: '进度偏慢', taskCodes: ['4.2'], actionItems: [{ itemId: 'i9', unitId: 'jxj', dueDate: '2023-08-31', text: '加快' }] }],
    effectiveAt: '2023-07-25T07:00:00.000Z',
    now: NOW,
    planEffectiveAt: PLAN_AT,
  };

  it('records findings with ids f1 …; withdrawn once, with its items', () => {
    inspection
      .given()
      .when(record)
      .thenMatches([{ type: 'InspectionRecorded', data: { findings: [{ findingId: 'f1', actionItems: [{ itemId: 'i9' }] }] } }]);
    const recorded = { ...inspection.given().when(record).events()[0]!, effectiveAt: '2023-07-25T07:00:00.000Z' };
    const withdraw: WithdrawInspection = {
      type: 'WithdrawInspection',
      planId: 'p',
      inspectionId: 'v1',
      reason: '误录',
      itemsLastEffectiveAt: null,
      now: NOW,
      planEffectiveAt: PLAN_AT,
    };
    inspection
      .given(recorded)
      .when(withdraw)
      .then([{ type: 'InspectionWithdrawn', data: { inspectionId: 'v1', title: '视察', reason: '误录', actionItemIds: ['i9'] } }]);
    const withdrawn = { ...inspection.given(recorded).when(withdraw).events()[0]!, effectiveAt: NOW };
    inspection.given(recorded, withdrawn).when(withdraw).thenThrows(InspectionStateConflict);
  });

  it('refuses unknown tasks and units, naming the field', () => {
    expect(
      inspection
        .given()
        .when({ ...record, tasks: ['9.9'] })
        .thenThrows(RuleViolated).field,
    ).toBe('tasks/0');
    expect(
      inspection
        .given()
        .when({ ...record, units: ['jxj', 'nowhere'] })
        .thenThrows(RuleViolated).field,
    ).toBe('units/1');
  });
});

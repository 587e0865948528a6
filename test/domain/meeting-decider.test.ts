// The meeting, action-item and inspection deciders: given the stream's events (or the item as the read
// model holds it), when a command comes, then the events — or a refusal.
import { describe, expect, it } from 'vitest';
import { ActionItemStateConflict, ActionItemValidTimeConflict, decideClosure, decideExtension, type ActionItemFacts } from '../../src/domain/action-item.ts';
import { RuleViolated } from '../../src/domain/errors.ts';
import { decide as decideInspection, evolve as evolveInspection, initialInspectionState, InspectionStateConflict, type RecordInspection } from '../../src/domain/inspection.ts';
import { decide, evolve, initialMeetingState, MeetingNotFound, MeetingStateConflict, MeetingValidTimeConflict, type MeetingState, type RecordMinutes, type ScheduleMeeting } from '../../src/domain/meeting.ts';
import { alertIdOf, parseAlertId } from '../../src/domain/reminder.ts';

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
  plan,
  attendees: [{ name: '张三', unitId: 'jxj' }],
  minutes: '纪要',
  decisions: [{ text: '加快培育', taskCodes: ['4.2'], actionItems: [{ itemId: 'i1', unitId: 'jxj', dueDate: '2023-06-30', text: '制定方案' }] }],
  effectiveAt: '2023-05-10T01:00:00.000Z',
  now: NOW,
  planEffectiveAt: PLAN_AT,
};
const given = (...commands: Parameters<typeof decide>[0][]): MeetingState =>
  commands.reduce((state, c) => decide(c, state, 'm1', 'p').map((e) => ({ ...e, effectiveAt: e.effectiveAt ?? NOW })).reduce(evolve, state), initialMeetingState);

describe('meetings', () => {
  it('given nothing, when scheduled, then MeetingScheduled; a second schedule of the same id is 409', () => {
    expect(decide(schedule, initialMeetingState, 'm1', 'p')).toEqual([
      { type: 'MeetingScheduled', data: { meetingId: 'm1', kind: 'coordination', title: '协调会', chair: { name: '盛继亮', title: '市政府副秘书长' }, scheduledFor: '2023-05-10T01:00:00.000Z', place: '市科技局' }, effectiveAt: '2023-05-04T02:00:00.000Z' },
    ]);
    expect(() => decide(schedule, given(schedule), 'm1', 'p')).toThrow(MeetingStateConflict);
    expect(() => decide({ ...schedule, scheduledFor: '2020-01-01T00:00:00.000Z' }, initialMeetingState, 'm1', 'p')).toThrow(RuleViolated);
  });

  it('given a scheduled meeting, when the minutes come, then MeetingHeld with decision ids d1 …', () => {
    const [event] = decide(minutes, given(schedule), 'm1', 'p');
    expect(event).toMatchObject({ type: 'MeetingHeld', data: { meetingId: 'm1', kind: 'coordination', title: '协调会', decisions: [{ decisionId: 'd1', actionItems: [{ itemId: 'i1' }] }] } });
  });

  it('refuses minutes for no meeting (404), twice (409), before the schedule (409), and bad items (422, naming the field)', () => {
    expect(() => decide(minutes, initialMeetingState, 'm1', 'p')).toThrow(MeetingNotFound);
    expect(() => decide(minutes, given(schedule, minutes), 'm1', 'p')).toThrow(MeetingStateConflict);
    expect(() => decide({ ...minutes, effectiveAt: '2023-05-01T00:00:00.000Z' }, given(schedule), 'm1', 'p')).toThrow(MeetingValidTimeConflict);
    const bad = (actionItems: RecordMinutes['decisions'][number]['actionItems']) => () =>
      decide({ ...minutes, decisions: [{ text: 'x', taskCodes: [], actionItems }] }, given(schedule), 'm1', 'p');
    expect(bad([{ itemId: 'i', unitId: 'districts', dueDate: '2023-06-30', text: 'x' }])).toThrow(expect.objectContaining({ field: 'decisions/0/actionItems/0/unitId' }));
    expect(bad([{ itemId: 'i', unitId: 'jxj', dueDate: '2023-05-09', text: 'x' }])).toThrow(expect.objectContaining({ field: 'decisions/0/actionItems/0/dueDate' }));
    // Due the day it is assigned is allowed (to the end of that day).
    expect(bad([{ itemId: 'i', unitId: 'jxj', dueDate: '2023-05-10', text: 'x' }])).not.toThrow();
  });

  it('withdrawal undoes the latest record: minutes (with their items) → scheduled; schedule → withdrawn', () => {
    const held = given(schedule, minutes);
    expect(decide({ type: 'WithdrawMeetingRecord', reason: '误录', itemsLastEffectiveAt: '2023-06-01T00:00:00.000Z', now: NOW, planEffectiveAt: PLAN_AT }, held, 'm1', 'p')[0]!.data).toEqual({
      meetingId: 'm1',
      title: '协调会',
      withdrawn: 'minutes',
      restores: 'scheduled',
      reason: '误录',
      actionItemIds: ['i1'],
    });
    // Not before an item's latest change (its closure, say).
    expect(() =>
      decide({ type: 'WithdrawMeetingRecord', reason: '误录', itemsLastEffectiveAt: '2023-06-01T00:00:00.000Z', effectiveAt: '2023-05-20T00:00:00.000Z', now: NOW, planEffectiveAt: PLAN_AT }, held, 'm1', 'p'),
    ).toThrow(MeetingValidTimeConflict);
    const [event] = decide({ type: 'WithdrawMeetingRecord', reason: '未安排', itemsLastEffectiveAt: null, now: NOW, planEffectiveAt: PLAN_AT }, given(schedule), 'm1', 'p');
    expect(event!.data).toMatchObject({ withdrawn: 'schedule', restores: 'withdrawn', actionItemIds: [] });
  });
});

describe('action items', () => {
  const item: ActionItemFacts = { itemId: 'i1', unitId: 'jxj', status: 'open', dueDate: '2023-06-30', lastEffectiveAt: '2023-05-10T01:00:00.000Z' };
  const close = { type: 'CloseActionItem' as const, item, resolution: '已办结', timeZone: 'Asia/Shanghai', now: NOW, planEffectiveAt: PLAN_AT, maxBackdateDays: null };

  it('closed by the end of the due date is on time; a millisecond later is late', () => {
    expect(decideClosure({ ...close, effectiveAt: '2023-06-30T15:59:59.999Z' })[0]!.data).toEqual({ itemId: 'i1', unitId: 'jxj', resolution: '已办结', dueDate: '2023-06-30', onTime: true });
    expect(decideClosure({ ...close, effectiveAt: '2023-06-30T16:00:00.000Z' })[0]!.data).toMatchObject({ onTime: false });
  });

  it('refuses closing or extending an item not open (409), before its latest change (409), a unit back-dating too far (422)', () => {
    expect(() => decideClosure({ ...close, item: { ...item, status: 'closed' } })).toThrow(ActionItemStateConflict);
    expect(() => decideExtension({ type: 'ExtendActionItem', item: { ...item, status: 'withdrawn' }, dueDate: '2023-07-31', reason: 'x', now: NOW, planEffectiveAt: PLAN_AT, maxBackdateDays: null })).toThrow(ActionItemStateConflict);
    expect(() => decideClosure({ ...close, effectiveAt: '2023-05-01T00:00:00.000Z' })).toThrow(ActionItemValidTimeConflict);
    expect(() => decideClosure({ ...close, maxBackdateDays: 2, effectiveAt: '2023-07-01T00:00:00.000Z' })).toThrow(RuleViolated);
  });

  it('an extension moves the due date later, keeping the previous one in the event', () => {
    expect(decideExtension({ type: 'ExtendActionItem', item, dueDate: '2023-07-31', reason: '延期', now: NOW, planEffectiveAt: PLAN_AT, maxBackdateDays: null })[0]!.data).toEqual({
      itemId: 'i1',
      unitId: 'jxj',
      previousDueDate: '2023-06-30',
      dueDate: '2023-07-31',
      reason: '延期',
    });
    expect(() => decideExtension({ type: 'ExtendActionItem', item, dueDate: '2023-06-30', reason: 'x', now: NOW, planEffectiveAt: PLAN_AT, maxBackdateDays: null })).toThrow(RuleViolated);
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
    const [event] = decideInspection(record, initialInspectionState, 'v1', 'p');
    expect(event).toMatchObject({ type: 'InspectionRecorded', data: { findings: [{ findingId: 'f1', actionItems: [{ itemId: 'i9' }] }] } });
    const state = evolveInspection(initialInspectionState, { ...event!, effectiveAt: '2023-07-25T07:00:00.000Z' });
    const withdraw = { type: 'WithdrawInspection' as const, reason: '误录', itemsLastEffectiveAt: null, now: NOW, planEffectiveAt: PLAN_AT };
    const [withdrawn] = decideInspection(withdraw, state, 'v1', 'p');
    expect(withdrawn!.data).toEqual({ inspectionId: 'v1', title: '视察', reason: '误录', actionItemIds: ['i9'] });
    expect(() => decideInspection(withdraw, evolveInspection(state, { ...withdrawn!, effectiveAt: NOW }), 'v1', 'p')).toThrow(InspectionStateConflict);
  });

  it('refuses unknown tasks and units, naming the field', () => {
    expect(() => decideInspection({ ...record, tasks: ['9.9'] }, initialInspectionState, 'v1', 'p')).toThrow(expect.objectContaining({ field: 'tasks/0' }));
    expect(() => decideInspection({ ...record, units: ['jxj', 'nowhere'] }, initialInspectionState, 'v1', 'p')).toThrow(expect.objectContaining({ field: 'units/1' }));
  });
});

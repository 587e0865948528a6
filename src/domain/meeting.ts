// Coordination meetings (协调会议制度): scheduled by the office, then recorded as held (attendees,
// minutes, decisions that may assign action items) or cancelled; a mistaken record is withdrawn (撤回).
// decide(command, state) → events, evolve(state, event) → state, on `meeting-{planId}:{meetingId}`.
// Pure: the plan, the clock's reading and the ids come in with the command.
//
//   (none) ─schedule→ scheduled ─minutes→ held
//                     scheduled ─cancel→ cancelled
//   withdrawal (撤回) undoes the latest record: held or cancelled → scheduled again (the minutes'
//   action items are withdrawn with them); scheduled → withdrawn (the meeting is gone).
//
// Only the office writes, so back-dating is not bounded by maxBackdateDays. Valid time per meeting
// runs forwards: a record back-dated before the meeting's latest change is 409; a withdrawal also
// not before the latest change of any item its minutes assigned (their closures, extensions).
import { z } from 'zod';
import { AssignedActionItem, checkAssignedItems } from './action-item.ts';
import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import { narrowTo } from './event-envelope.ts';
import type { ParamsOf } from './messages.ts';
import type { PlanDefinition } from './plan.ts';
import { IdString, LongText, MAX_LISTED, MultilineText, Name, ShownText, Text } from './text.ts';

export const MeetingKind = z
  .enum(['leading_group', 'coordination', 'mobilisation', 'report_to_cppcc'])
  .describe('leading_group 领导小组会议, coordination 协调会议, mobilisation 动员部署会, report_to_cppcc 向市政协汇报.');
export type MeetingKind = z.output<typeof MeetingKind>;
export const meetingKindLabels: Record<MeetingKind, string> = {
  leading_group: '领导小组会议',
  coordination: '协调会议',
  mobilisation: '动员部署会',
  report_to_cppcc: '向市政协汇报',
};

/** How far ahead a meeting may be scheduled. */
export const MAX_AHEAD_DAYS = 366;

export type MeetingStatus = 'scheduled' | 'held' | 'cancelled' | 'withdrawn';
export const meetingStatusLabels: Record<MeetingStatus, string> = { scheduled: '已安排', held: '已召开', cancelled: '已取消', withdrawn: '已撤回' };

export const Chair = z.object({ name: Name, title: Text });

export const MeetingScheduledData = z.object({
  meetingId: IdString,
  kind: MeetingKind,
  title: Text,
  chair: Chair,
  scheduledFor: ShownText,
  place: Text,
});
export type MeetingScheduledData = z.output<typeof MeetingScheduledData>;

export const Attendee = z.object({ name: Name, title: Text.optional(), unitId: IdString });
export const MeetingDecision = z.object({
  /** d1, d2 … in the minutes' order. */
  decisionId: IdString,
  text: MultilineText,
  taskCodes: z.array(ShownText).max(MAX_LISTED),
  actionItems: z.array(AssignedActionItem).max(MAX_LISTED),
});
export type MeetingDecision = z.output<typeof MeetingDecision>;

export const MeetingHeldData = z.object({
  meetingId: IdString,
  /** Copies, so the record reads alone. */
  kind: MeetingKind,
  title: Text,
  attendees: z.array(Attendee).max(MAX_LISTED),
  minutes: LongText,
  decisions: z.array(MeetingDecision).max(MAX_LISTED),
});
export type MeetingHeldData = z.output<typeof MeetingHeldData>;

export const MeetingCancelledData = z.object({ meetingId: IdString, title: Text, reason: MultilineText });
export type MeetingCancelledData = z.output<typeof MeetingCancelledData>;

export const MeetingRecordWithdrawnData = z.object({
  meetingId: IdString,
  title: Text,
  /** The record withdrawn: the minutes, the cancellation, or the schedule itself. */
  withdrawn: z.enum(['minutes', 'cancellation', 'schedule']),
  /** What the meeting is again. */
  restores: z.enum(['scheduled', 'withdrawn']),
  reason: MultilineText,
  /** The action items the withdrawn minutes had assigned: they owe nothing from then on. */
  actionItemIds: z.array(ShownText).max(MAX_LISTED),
});
export type MeetingRecordWithdrawnData = z.output<typeof MeetingRecordWithdrawnData>;

export interface MeetingState {
  revision: number;
  status: MeetingStatus | 'none';
  title: string;
  kind: MeetingKind | null;
  lastEffectiveAt: string | null;
  /** The items the current minutes assigned. */
  actionItemIds: string[];
}

export const initialMeetingState: MeetingState = { revision: 0, status: 'none', title: '', kind: null, lastEffectiveAt: null, actionItemIds: [] };

export class MeetingNotFound extends DomainError<'meeting-not-found'> {
  constructor(
    readonly planId: string,
    readonly meetingId: string,
  ) {
    super('not-found', 'meeting-not-found', { planId, meetingId });
  }
}

export class MeetingStateConflict extends DomainError<'meeting-state-conflict'> {
  constructor(
    readonly meetingId: string,
    readonly status: MeetingStatus,
    /** What the command tried: scheduling it again, minutes, cancelling, withdrawing. */
    attempt: ParamsOf<'meeting-state-conflict'>['attempt'],
  ) {
    super('conflict', 'meeting-state-conflict', { meetingId, status, attempt });
  }
}

export class MeetingValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string, status: string, of: 'meeting' | 'meeting-action-item' = 'meeting') {
    super(effectiveAt, previousEffectiveAt, status, { of });
  }
}

interface Timing {
  /** The meeting the command is about, and its plan. */
  planId: string;
  meetingId: string;
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
}

const officeAt = (c: Timing) =>
  checkEffectiveAt({ ...(c.effectiveAt ? { effectiveAt: c.effectiveAt } : {}), now: c.now, planEffectiveAt: c.planEffectiveAt, maxBackdateDays: null });

const eff = (c: Timing) => (c.effectiveAt ? { effectiveAt: c.effectiveAt } : {});

export interface ScheduleMeeting extends Timing {
  type: 'ScheduleMeeting';
  meetingId: string;
  kind: MeetingKind;
  title: string;
  chair: { name: string; title: string };
  scheduledFor: string;
  place: string;
}

export interface RecordMinutes extends Timing {
  type: 'RecordMinutes';
  plan: Pick<PlanDefinition, 'units' | 'groups' | 'tasks' | 'timeZone'>;
  attendees: { name: string; title?: string; unitId: string }[];
  minutes: string;
  /** Decisions with their items' ids already made (by the app). */
  decisions: { text: string; taskCodes: string[]; actionItems: AssignedActionItem[] }[];
}

export interface CancelMeeting extends Timing {
  type: 'CancelMeeting';
  reason: string;
}

export interface WithdrawMeetingRecord extends Timing {
  type: 'WithdrawMeetingRecord';
  reason: string;
  /** The latest valid time among the changes of the items the current minutes assigned (read by the app); null when none. */
  itemsLastEffectiveAt: string | null;
}

export type MeetingCommand = ScheduleMeeting | RecordMinutes | CancelMeeting | WithdrawMeetingRecord;

export type MeetingEvent =
  | { type: 'MeetingScheduled'; data: MeetingScheduledData; effectiveAt?: string }
  | { type: 'MeetingHeld'; data: MeetingHeldData; effectiveAt?: string }
  | { type: 'MeetingCancelled'; data: MeetingCancelledData; effectiveAt?: string }
  | { type: 'MeetingRecordWithdrawn'; data: MeetingRecordWithdrawnData; effectiveAt?: string };

/** The task codes named at `pointer` exist in the plan. */
export function checkTaskCodes(plan: Pick<PlanDefinition, 'tasks'>, codes: readonly string[], pointer: string): void {
  codes.forEach((code, i) => {
    if (!plan.tasks.some((t) => t.code === code)) throw new RuleViolated(`${pointer}/${i}`, { rule: 'task-unknown', taskCode: code });
  });
}

/** The units named at `pointer` (a list of ids, or of objects with `field`) exist in the plan (a group too when `groups`). */
export function checkUnitIds(plan: Pick<PlanDefinition, 'units' | 'groups'>, ids: readonly string[], pointer: (i: number) => string, groups = false): void {
  ids.forEach((id, i) => {
    if (plan.units.some((u) => u.id === id) || (groups && plan.groups.some((g) => g.id === id))) return;
    throw new RuleViolated(pointer(i), { rule: 'unit-unknown', unitId: id });
  });
}

function laterThanLast(state: MeetingState, at: string): void {
  if (state.lastEffectiveAt && Date.parse(at) < Date.parse(state.lastEffectiveAt)) {
    throw new MeetingValidTimeConflict(at, state.lastEffectiveAt, state.status);
  }
}

export function decide(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  const { meetingId, planId } = command;
  if (command.type === 'ScheduleMeeting') {
    if (state.status !== 'none') throw new MeetingStateConflict(meetingId, state.status as MeetingStatus, 'schedule');
    officeAt(command);
    if (Date.parse(command.scheduledFor) < Date.parse(command.planEffectiveAt)) {
      throw new RuleViolated('scheduledFor', { rule: 'meeting-before-plan', planEffectiveAt: command.planEffectiveAt, scheduledFor: command.scheduledFor });
    }
    if (Date.parse(command.scheduledFor) > Date.parse(command.now) + MAX_AHEAD_DAYS * 86_400_000) {
      throw new RuleViolated('scheduledFor', { rule: 'meeting-too-far-ahead', days: MAX_AHEAD_DAYS, scheduledFor: command.scheduledFor });
    }
    const data: MeetingScheduledData = {
      meetingId: command.meetingId,
      kind: command.kind,
      title: command.title,
      chair: command.chair,
      scheduledFor: command.scheduledFor,
      place: command.place,
    };
    return [{ type: 'MeetingScheduled', data, ...eff(command) }];
  }
  if (state.status === 'none') throw new MeetingNotFound(planId, meetingId);
  const status = state.status;
  const at = officeAt(command);
  if (command.type === 'RecordMinutes') {
    if (status !== 'scheduled') {
      throw new MeetingStateConflict(meetingId, status, 'minutes');
    }
    laterThanLast(state, at);
    checkUnitIds(
      command.plan,
      command.attendees.map((a) => a.unitId),
      (i) => `attendees/${i}/unitId`,
      true,
    );
    command.decisions.forEach((d, i) => {
      checkTaskCodes(command.plan, d.taskCodes, `decisions/${i}/taskCodes`);
      checkAssignedItems(command.plan, d.actionItems, `decisions/${i}/actionItems`, at);
    });
    const data: MeetingHeldData = {
      meetingId,
      kind: state.kind!,
      title: state.title,
      attendees: command.attendees.map((a) => ({ name: a.name, ...(a.title !== undefined ? { title: a.title } : {}), unitId: a.unitId })),
      minutes: command.minutes,
      decisions: command.decisions.map((d, i) => ({ decisionId: `d${i + 1}`, text: d.text, taskCodes: d.taskCodes, actionItems: d.actionItems })),
    };
    return [{ type: 'MeetingHeld', data, ...eff(command) }];
  }
  if (command.type === 'CancelMeeting') {
    if (status !== 'scheduled') {
      throw new MeetingStateConflict(meetingId, status, 'cancel');
    }
    laterThanLast(state, at);
    return [{ type: 'MeetingCancelled', data: { meetingId, title: state.title, reason: command.reason }, ...eff(command) }];
  }
  // WithdrawMeetingRecord
  if (status === 'withdrawn') throw new MeetingStateConflict(meetingId, status, 'withdraw');
  laterThanLast(state, at);
  if (command.itemsLastEffectiveAt && Date.parse(at) < Date.parse(command.itemsLastEffectiveAt)) {
    throw new MeetingValidTimeConflict(at, command.itemsLastEffectiveAt, status, 'meeting-action-item');
  }
  const withdrawn = status === 'held' ? 'minutes' : status === 'cancelled' ? 'cancellation' : 'schedule';
  const data: MeetingRecordWithdrawnData = {
    meetingId,
    title: state.title,
    withdrawn,
    restores: withdrawn === 'schedule' ? 'withdrawn' : 'scheduled',
    reason: command.reason,
    actionItemIds: withdrawn === 'minutes' ? state.actionItemIds : [],
  };
  return [{ type: 'MeetingRecordWithdrawn', data, ...eff(command) }];
}

// Its stream holds its own events only (src/domain/events.ts names them with their data types, so
// this module cannot take the whole DomainEvent union without a cycle).
const asMeetingEvent = narrowTo<MeetingEvent>();

export function evolve(state: MeetingState, recorded: { type: string; data: unknown; effectiveAt: string }): MeetingState {
  const event = asMeetingEvent(recorded);
  const next = { ...state, revision: state.revision + 1, lastEffectiveAt: event.effectiveAt };
  switch (event.type) {
    case 'MeetingScheduled': {
      const data = event.data;
      return { ...next, status: 'scheduled', title: data.title, kind: data.kind, actionItemIds: [] };
    }
    case 'MeetingHeld': {
      const data = event.data;
      return { ...next, status: 'held', actionItemIds: data.decisions.flatMap((d) => d.actionItems.map((a) => a.itemId)) };
    }
    case 'MeetingCancelled':
      return { ...next, status: 'cancelled' };
    case 'MeetingRecordWithdrawn': {
      const data = event.data;
      return { ...next, status: data.restores, actionItemIds: [] };
    }
    default:
      return { ...state, revision: state.revision + 1 };
  }
}

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = { initialState: () => initialMeetingState, evolve, decide };

// Alerts and reminders (到期催办). An alert is something a unit owes that is yellow or red at a
// date: its handling plan, a month's progress report on a task, or a task's completion. Its id is
// built from what is owed, so the same thing owed keeps the same id on every date:
//   handling-plan:{unitId}   monthly-report:{YYYY-MM}:{taskCode}:{unitId}   task:{taskCode}:{unitId}
//   annual-summary:{unitId}  (the annual summary of the year the plan's annualSummaryDeadline falls in)
//   action-item:{itemId}     (督办事项: owed by the unit it is assigned to, which the id does not carry)
// A reminder records that the office chased it; the decider takes the light the app read at the
// reminder's effectiveAt (pure: no reading here) and refuses to chase what is not due.
import { z } from 'zod';
import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, ValidTimeConflict } from './errors.ts';
import type { Light } from './light.ts';
import type { AlertAbsence } from './messages.ts';
import { IdString, MultilineText } from './text.ts';

export const AlertKind = z
  .enum(['handling_plan', 'monthly_report', 'task', 'annual_summary', 'action_item'])
  .describe('handling_plan 办理工作方案 (报送备案), monthly_report 月度信息报送, task 任务办结, annual_summary 年度总结, action_item 督办事项.');
export type AlertKind = z.output<typeof AlertKind>;

export const alertKindLabels: Record<AlertKind, string> = {
  handling_plan: '办理工作方案',
  monthly_report: '月度信息报送',
  task: '任务办结',
  annual_summary: '年度总结',
  action_item: '督办事项',
};

export interface AlertRef {
  kind: AlertKind;
  /** Who owes it; for an action item parsed from its id, '' until the item is looked up. */
  unitId: string;
  itemId?: string;
  taskCode?: string;
  period?: string;
}

export function alertIdOf(ref: AlertRef): string {
  switch (ref.kind) {
    case 'handling_plan':
      return `handling-plan:${ref.unitId}`;
    case 'monthly_report':
      return `monthly-report:${ref.period}:${ref.taskCode}:${ref.unitId}`;
    case 'task':
      return `task:${ref.taskCode}:${ref.unitId}`;
    case 'annual_summary':
      return `annual-summary:${ref.unitId}`;
    case 'action_item':
      return `action-item:${ref.itemId}`;
  }
}

const UNIT = '([a-z][a-z0-9-]{0,39})';
const CODE = '(\\d{1,4}\\.\\d{1,4})';
const PERIOD = '((?:19|20)\\d{2}-(?:0[1-9]|1[0-2]))';
const PATTERNS: [RegExp, (m: RegExpMatchArray) => AlertRef][] = [
  [new RegExp(`^handling-plan:${UNIT}$`), (m) => ({ kind: 'handling_plan', unitId: m[1]! })],
  [new RegExp(`^monthly-report:${PERIOD}:${CODE}:${UNIT}$`), (m) => ({ kind: 'monthly_report', period: m[1]!, taskCode: m[2]!, unitId: m[3]! })],
  [new RegExp(`^task:${CODE}:${UNIT}$`), (m) => ({ kind: 'task', taskCode: m[1]!, unitId: m[2]! })],
  [new RegExp(`^annual-summary:${UNIT}$`), (m) => ({ kind: 'annual_summary', unitId: m[1]! })],
  [/^action-item:([A-Za-z0-9-]{1,64})$/, (m) => ({ kind: 'action_item', itemId: m[1]!, unitId: '' })],
];

/** What an alert id names; null when it is not one. */
export function parseAlertId(id: string): AlertRef | null {
  for (const [re, ref] of PATTERNS) {
    const m = id.match(re);
    if (m) return ref(m);
  }
  return null;
}

export const ReminderSentData = z.object({
  reminderId: IdString,
  alertId: IdString,
  kind: AlertKind,
  unitId: IdString,
  taskCode: IdString.optional(),
  period: IdString.optional(),
  itemId: IdString.optional(),
  /** The alert's light when it was chased (at the reminder's effectiveAt). */
  light: z.enum(['yellow', 'red']),
  note: MultilineText.optional(),
});
export type ReminderSentData = z.output<typeof ReminderSentData>;

/** An alert id that names nothing the plan's units owe. */
export class AlertNotFound extends DomainError<'alert-not-found'> {
  constructor(
    readonly alertId: string,
    why: AlertAbsence,
  ) {
    super('not-found', 'alert-not-found', { alertId, why });
  }
}

/** A reminder for something that is not yellow or red when it is sent. */
export class AlertNotDue extends DomainError<'alert-not-due'> {
  constructor(
    readonly alertId: string,
    readonly at: string,
    readonly light: Light,
  ) {
    super('conflict', 'alert-not-due', { alertId, at, light });
  }
}

/** A reminder back-dated before the unit's latest reminder: valid time would run backwards. */
export class ReminderValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string, unitId: string) {
    super(effectiveAt, previousEffectiveAt, 'reminded', { of: 'reminder', unitId });
  }
}

export interface ReminderState {
  revision: number;
  lastEffectiveAt: string | null;
}

export const initialReminderState: ReminderState = { revision: 0, lastEffectiveAt: null };

export interface SendReminder {
  type: 'SendReminder';
  reminderId: string;
  alert: AlertRef;
  /** The alert's light at the instant the reminder takes effect, as the app read it. */
  light: Light;
  note?: string;
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
}

export type ReminderEvent = { type: 'ReminderSent'; data: ReminderSentData; effectiveAt?: string };

export function decide(command: SendReminder, state: ReminderState): ReminderEvent[] {
  // Only the office chases, so back-dating is not bounded by maxBackdateDays.
  const at = checkEffectiveAt({
    ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}),
    now: command.now,
    planEffectiveAt: command.planEffectiveAt,
    maxBackdateDays: null,
  });
  const id = alertIdOf(command.alert);
  if (command.light === 'green') throw new AlertNotDue(id, at, command.light);
  if (state.lastEffectiveAt && Date.parse(at) < Date.parse(state.lastEffectiveAt)) {
    throw new ReminderValidTimeConflict(at, state.lastEffectiveAt, command.alert.unitId);
  }
  const data: ReminderSentData = {
    reminderId: command.reminderId,
    alertId: id,
    kind: command.alert.kind,
    unitId: command.alert.unitId,
    ...(command.alert.taskCode ? { taskCode: command.alert.taskCode } : {}),
    ...(command.alert.period ? { period: command.alert.period } : {}),
    ...(command.alert.itemId ? { itemId: command.alert.itemId } : {}),
    light: command.light,
    ...(command.note !== undefined ? { note: command.note } : {}),
  };
  return [{ type: 'ReminderSent', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: ReminderState, event: { type: string; effectiveAt?: string }): ReminderState {
  if (event.type !== 'ReminderSent') return state;
  return { revision: state.revision + 1, lastEffectiveAt: event.effectiveAt ?? state.lastEffectiveAt };
}

export const reminderDecider: Decider<SendReminder, ReminderEvent, ReminderState> = { initialState: () => initialReminderState, evolve, decide };

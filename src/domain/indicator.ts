// The indicator decider: values reported against an indicator's target, and their corrections.
// decide(command, state) → events, evolve(state, event) → state. Pure: the clock's reading, the
// new value's id and the caller's role come in with the command.
//
// Who changes a value: a unit corrects or withdraws only the values it reported itself (the actor's unit
// of the report), the office any value.
//
// Withdrawal (撤回): a mistaken value is withdrawn with a reason by the unit that reported it, or the office,
// under the same time rules, and not before the date the value refers to. From
// the withdrawal's effectiveAt on, views leave the value (and its corrections) out; history keeps it. A
// withdrawn value is neither corrected nor withdrawn again. The indicator's latest valid time is left as
// it was, so a new value still may not take effect before the withdrawn one.

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, NotOwnRecord, RuleViolated, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type IndicatorValueCorrectedData, type IndicatorValueReportedData, type IndicatorValueWithdrawnData } from './events.ts';
import { checkValueForUnit } from './indicator-value.ts';

export interface IndicatorState {
  /** How many events the indicator's stream holds. */
  revision: number;
  /** Valid time of the latest value reported (corrections leave it); null before the first. */
  lastEffectiveAt: string | null;
  /** The values reported so far: id → its current value, the date it refers to, the unit that reported it (none: the office), and whether it was withdrawn. */
  values: Record<string, { value: string; effectiveAt: string; unitId?: string; withdrawn?: boolean }>;
}

export const initialIndicatorState: IndicatorState = { revision: 0, lastEffectiveAt: null, values: {} };

/** What every write to an indicator shares: when it takes effect, and who may back-date how far. */
interface TimedCommand {
  /** When it really took effect, if earlier than now. */
  effectiveAt?: string;
  /** The clock's reading when the command is handled (ISO instant). */
  now: string;
  /** The earliest instant the plan is in effect (its adoption's effectiveAt). */
  planEffectiveAt: string;
  /** How many days the caller may back-date; null when it may go back as far as the plan (the office). */
  maxBackdateDays: number | null;
  /** Who writes: a unit changes only the values it reported. Absent: the office (or a test's local caller). */
  by?: { role: string; unitId?: string };
}

export interface ReportIndicatorValue extends TimedCommand {
  type: 'ReportIndicatorValue';
  indicatorId: string;
  valueId: string;
  value: string;
  unit: string;
  source?: string;
  note?: string;
}

export interface CorrectIndicatorValue extends TimedCommand {
  type: 'CorrectIndicatorValue';
  indicatorId: string;
  valueId: string;
  value: string;
  reason: string;
  /** The target's unit of measure: a count (个, 家 …) takes whole numbers only. */
  unit?: string;
}

export interface WithdrawIndicatorValue extends TimedCommand {
  type: 'WithdrawIndicatorValue';
  indicatorId: string;
  valueId: string;
  reason: string;
}

export type IndicatorCommand = ReportIndicatorValue | CorrectIndicatorValue | WithdrawIndicatorValue;

export type IndicatorEvent =
  | { type: 'IndicatorValueReported'; data: IndicatorValueReportedData; effectiveAt?: string }
  | { type: 'IndicatorValueCorrected'; data: IndicatorValueCorrectedData; effectiveAt?: string }
  | { type: 'IndicatorValueWithdrawn'; data: IndicatorValueWithdrawnData; effectiveAt?: string };

export class IndicatorNotFound extends DomainError<'indicator-not-found'> {
  constructor(
    readonly planId: string,
    readonly indicatorId: string,
  ) {
    super('not-found', 'indicator-not-found', { planId, indicatorId });
  }
}

/** A correction of a value the indicator does not have. */
export class IndicatorValueNotFound extends DomainError<'indicator-value-not-found'> {
  constructor(
    readonly indicatorId: string,
    readonly valueId: string,
  ) {
    super('not-found', 'indicator-value-not-found', { indicatorId, valueId });
  }
}

/** A back-dated indicator write that would take effect before the indicator's latest value. */
export class IndicatorValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'reported', { of: 'indicator' });
  }
}

function checkTiming(command: TimedCommand, state: IndicatorState, notBefore?: string, change: 'correction' | 'withdrawal' = 'correction'): void {
  if (command.effectiveAt === undefined) return;
  const at = Date.parse(checkEffectiveAt(command));
  if (notBefore !== undefined && at < Date.parse(notBefore)) {
    throw new RuleViolated('effectiveAt', { rule: 'before-changed-value', change, notBefore });
  }
  // Valid time stays coherent per indicator, as for a task's status (docs/architecture.md): a new
  // value may not take effect before the latest one. (A correction is bound by its value instead.)
  if (notBefore === undefined && state.lastEffectiveAt !== null && at < Date.parse(state.lastEffectiveAt)) {
    throw new IndicatorValidTimeConflict(command.effectiveAt, state.lastEffectiveAt);
  }
}

export function decideIndicator(command: IndicatorCommand, state: IndicatorState): IndicatorEvent[] {
  const effective = command.effectiveAt ? { effectiveAt: command.effectiveAt } : {};
  if (command.type === 'ReportIndicatorValue') {
    checkValueForUnit(command.value, command.unit);
    checkTiming(command, state);
    const data: IndicatorValueReportedData = { indicatorId: command.indicatorId, valueId: command.valueId, value: command.value, unit: command.unit };
    if (command.source !== undefined) data.source = command.source;
    if (command.note !== undefined) data.note = command.note;
    return [{ type: 'IndicatorValueReported', data, ...effective }];
  }
  const previous = state.values[command.valueId];
  if (!previous) throw new IndicatorValueNotFound(command.indicatorId, command.valueId);
  if (command.by?.role === 'unit' && command.by.unitId !== previous.unitId) {
    throw new NotOwnRecord({ rule: 'change-own-value', valueId: command.valueId, owner: previous.unitId ?? null, unitId: command.by.unitId ?? null });
  }
  if (previous.withdrawn) throw new RuleViolated('valueId', { rule: 'value-withdrawn', valueId: command.valueId });
  if (command.type === 'WithdrawIndicatorValue') {
    if (!command.reason.trim()) throw new RuleViolated('reason', { rule: 'withdrawal-needs-reason' });
    checkTiming(command, state, previous.effectiveAt, 'withdrawal');
    return [
      {
        type: 'IndicatorValueWithdrawn',
        data: { indicatorId: command.indicatorId, valueId: command.valueId, value: previous.value, reason: command.reason },
        ...effective,
      },
    ];
  }
  if (!command.reason.trim()) throw new RuleViolated('reason', { rule: 'correction-needs-reason' });
  if (command.unit !== undefined) checkValueForUnit(command.value, command.unit);
  if (previous.value === command.value) {
    throw new RuleViolated('value', { rule: 'correction-changes-nothing', valueId: command.valueId, value: command.value });
  }
  checkTiming(command, state, previous.effectiveAt);

  return [
    {
      type: 'IndicatorValueCorrected',
      data: { indicatorId: command.indicatorId, valueId: command.valueId, value: command.value, previousValue: previous.value, reason: command.reason },
      ...effective,
    },
  ];
}

export function evolveIndicator(
  state: IndicatorState,
  recorded: { type: string; data: unknown; effectiveAt: string; actor?: { unitId?: string } },
): IndicatorState {
  const event = asDomainEvent(recorded);
  const next = { revision: state.revision + 1, lastEffectiveAt: state.lastEffectiveAt, values: state.values };
  if (event.type === 'IndicatorValueReported') {
    const data = event.data;
    const unitId = event.actor?.unitId;
    const value = { value: data.value, effectiveAt: event.effectiveAt, ...(unitId !== undefined ? { unitId } : {}) };
    return { ...next, lastEffectiveAt: event.effectiveAt, values: { ...state.values, [data.valueId]: value } };
  }
  if (event.type === 'IndicatorValueCorrected') {
    const data = event.data;
    const value = state.values[data.valueId];
    if (value) return { ...next, values: { ...state.values, [data.valueId]: { ...value, value: data.value } } };
  }
  if (event.type === 'IndicatorValueWithdrawn') {
    const data = event.data;
    const value = state.values[data.valueId];
    if (value) return { ...next, values: { ...state.values, [data.valueId]: { ...value, withdrawn: true } } };
  }
  return next;
}

export const indicatorDecider: Decider<IndicatorCommand, IndicatorEvent, IndicatorState> = {
  initialState: () => initialIndicatorState,
  evolve: evolveIndicator,
  decide: decideIndicator,
};

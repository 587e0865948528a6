// A unit's annual summary (年度总结): each unit that owes a handling plan (the plan's 各办理单位)
// writes one for the year; the plan's annualSummaryDeadline says when it is due.
// decide(command, state) → events, evolve(state, event) → state. Pure: the plan, the clock's
// reading and the new id come in with the command.
//
//   none ─submit→ submitted ─submit→ submitted (the new one replaces it; history keeps both)
//                 submitted ─withdraw→ the one it replaced, or none (撤回)
//
// One stream per unit (annual-summary-{planId}:{unitId}) holds every year's; valid time per stream
// runs forwards: a back-dated submission or withdrawal may go back only as far as the stream's
// latest change (409 valid-time-conflict otherwise).

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import { type AnnualSummarySubmittedData, type AnnualSummaryWithdrawnData, asDomainEvent } from './events.ts';
import { outsideReportSpan } from './plan.ts';

export interface StandingSummary {
  summaryId: string;
  title: string;
  documentNumber?: string;
  submittedAt: string;
}

export interface AnnualSummaryState {
  /** Events in the unit's annual-summary stream. */
  revision: number;
  /** Valid time of the stream's latest change; null before the first. */
  lastEffectiveAt: string | null;
  /** Per year, the submissions standing, oldest first: the last is current, a withdrawal goes back one. */
  years: Record<string, StandingSummary[]>;
}

export const initialAnnualSummaryState: AnnualSummaryState = { revision: 0, lastEffectiveAt: null, years: {} };

/** A withdrawal with nothing standing for the year. */
export class AnnualSummaryNotSubmitted extends DomainError<'annual-summary-not-submitted'> {
  constructor(
    readonly unitId: string,
    readonly year: number,
  ) {
    super('conflict', 'annual-summary-not-submitted', { unitId, year });
  }
}

/** A back-dated write before the unit's latest annual-summary change: valid time would run backwards. */
export class AnnualSummaryValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'submitted', { of: 'annual-summary' });
  }
}

interface Timing {
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
  /** The plan's time zone: a year is a calendar year there. */
  timeZone: string;
  /** How far a unit token may back-date (days); the office may record older facts. */
  maxBackdateDays: number;
  byOffice: boolean;
}

export interface SubmitAnnualSummary extends Timing {
  type: 'SubmitAnnualSummary';
  summaryId: string;
  unitId: string;
  /** The year the plan was issued: no summary is of an earlier one. */
  planYear: number;
  /** The months the plan's reports may be for (src/domain/plan.ts reportSpan): a year after them is refused. */
  span?: { first: string; last: string | null };
  year: number;
  title: string;
  text: string;
  documentNumber?: string;
  attachments?: string[];
}

export interface WithdrawAnnualSummary extends Timing {
  type: 'WithdrawAnnualSummary';
  unitId: string;
  year: number;
  reason: string;
}

export type AnnualSummaryEvent =
  | { type: 'AnnualSummarySubmitted'; data: AnnualSummarySubmittedData; effectiveAt?: string }
  | { type: 'AnnualSummaryWithdrawn'; data: AnnualSummaryWithdrawnData; effectiveAt?: string };

/** The calendar year of an instant in a time zone. */
export function yearIn(instant: string, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date(instant)));
}

/** Checks effectiveAt's rules and the stream's valid-time order; the instant the write takes effect. */
function takesEffect(command: Timing, state: AnnualSummaryState): string {
  const at = checkEffectiveAt({ ...command, maxBackdateDays: command.byOffice ? null : command.maxBackdateDays });
  if (command.effectiveAt !== undefined && state.lastEffectiveAt !== null && Date.parse(at) < Date.parse(state.lastEffectiveAt)) {
    throw new AnnualSummaryValidTimeConflict(command.effectiveAt, state.lastEffectiveAt);
  }
  return at;
}

export function decide(command: SubmitAnnualSummary | WithdrawAnnualSummary, state: AnnualSummaryState): AnnualSummaryEvent[] {
  const effective = command.effectiveAt !== undefined ? { effectiveAt: command.effectiveAt } : {};
  if (command.type === 'WithdrawAnnualSummary') {
    const standing = state.years[String(command.year)] ?? [];
    const current = standing.at(-1);
    if (!current) throw new AnnualSummaryNotSubmitted(command.unitId, command.year);
    takesEffect(command, state);
    const withdrawn: AnnualSummaryWithdrawnData['withdrawn'] = { title: current.title, submittedAt: current.submittedAt };
    if (current.documentNumber !== undefined) withdrawn.documentNumber = current.documentNumber;
    const data: AnnualSummaryWithdrawnData = { summaryId: current.summaryId, unitId: command.unitId, year: command.year, reason: command.reason, withdrawn };
    const before = standing.at(-2);
    if (before) data.reinstates = before.summaryId;
    return [{ type: 'AnnualSummaryWithdrawn', data, ...effective }];
  }
  const at = takesEffect(command, state);
  if (command.year < command.planYear) {
    throw new RuleViolated('year', { rule: 'annual-summary-before-plan-year', planYear: command.planYear, year: command.year });
  }
  const outside = command.span && outsideReportSpan(command.span, { first: `${command.year}-01`, last: `${command.year}-12` }, String(command.year));
  if (outside) throw new RuleViolated('year', outside);
  const atYear = yearIn(at, command.timeZone);
  if (command.year > atYear) {
    throw new RuleViolated('year', { rule: 'annual-summary-year-not-begun', year: command.year, atYear });
  }
  const data: AnnualSummarySubmittedData = {
    summaryId: command.summaryId,
    unitId: command.unitId,
    year: command.year,
    title: command.title,
    text: command.text,
  };
  if (command.documentNumber !== undefined) data.documentNumber = command.documentNumber;
  if (command.attachments?.length) data.attachments = command.attachments;
  const current = state.years[String(command.year)]?.at(-1);
  if (current) data.supersedes = current.summaryId;
  return [{ type: 'AnnualSummarySubmitted', data, ...effective }];
}

export function evolve(state: AnnualSummaryState, recorded: { type: string; data: unknown; effectiveAt?: string }): AnnualSummaryState {
  const event = asDomainEvent(recorded);
  const next = { ...state, revision: state.revision + 1 };
  if (event.type === 'AnnualSummarySubmitted') {
    const data = event.data;
    const lastEffectiveAt = event.effectiveAt ?? state.lastEffectiveAt;
    const summary: StandingSummary = {
      summaryId: data.summaryId,
      title: data.title,
      ...(data.documentNumber !== undefined ? { documentNumber: data.documentNumber } : {}),
      submittedAt: lastEffectiveAt ?? '',
    };
    const key = String(data.year);
    return { ...next, lastEffectiveAt, years: { ...state.years, [key]: [...(state.years[key] ?? []), summary] } };
  }
  if (event.type === 'AnnualSummaryWithdrawn') {
    const data = event.data;
    const key = String(data.year);
    return { ...next, lastEffectiveAt: event.effectiveAt ?? state.lastEffectiveAt, years: { ...state.years, [key]: (state.years[key] ?? []).slice(0, -1) } };
  }
  return next;
}

export type AnnualSummaryCommand = SubmitAnnualSummary | WithdrawAnnualSummary;

export const annualSummaryDecider: Decider<AnnualSummaryCommand, AnnualSummaryEvent, AnnualSummaryState> = {
  initialState: () => initialAnnualSummaryState,
  evolve,
  decide,
};

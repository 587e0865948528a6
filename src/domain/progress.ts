// Progress reports (信息报送): decide(command, state) → events, evolve(state, event) → state. Pure: the
// plan's task, the clock's reading and the reporter come in with the command.
//
// A report is by one unit (a member unit when the task names a group, e.g. 各区 → 江岸区), on one task,
// for one month (YYYY-MM in the plan's time zone). A second report of the same unit, task and month
// supersedes the first (its id is kept in `supersedes`; both stay in history).
//
// Time. effectiveAt (when the report was really made) is optional: not in the future, not before the
// plan took effect, not before the month reported on began. A unit token may back-date by at most the
// plan's maxBackdateDays (default 2); the office may record older reports. Valid time per month of a
// task does not run backwards: a report back-dated before that month's latest report of the task is
// refused (409), so the latest recorded report of a unit is also the latest in valid time.
//
// Withdrawal (撤回): a mistaken report is withdrawn with a reason by its unit or the office, under the
// same time rules. History keeps both; from the withdrawal's effectiveAt on, views leave the report out,
// and the unit's earlier report for the month (one it had superseded), if any, stands again.

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, NotOwnRecord, RuleViolated, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type ProgressReportedData, type ProgressReportWithdrawnData } from './events.ts';
import { expandUnits, outsideReportSpan, type PlanDefinition, type TaskDefinition } from './plan.ts';

export interface ProgressState {
  /** Events in the task's progress stream. */
  revision: number;
  /** Per month: the valid time of its latest report or withdrawal, and each unit's live report ids (oldest first; the last is current). */
  months: Record<string, { lastEffectiveAt: string; live: Record<string, string[]> }>;
  /** Every report of the task: its unit and month, and whether it was withdrawn — by id, in buckets (reportOf). */
  reports: Record<string, Record<string, ReportFact>>;
}

interface ReportFact {
  unitId: string;
  period: string;
  withdrawn: boolean;
}

// Reports are kept in buckets by their id's last two characters, so that a report added copies its
// bucket, not every report the task ever had (one object of 10,000 reports took 3 ms to copy a write).
const bucketOf = (reportId: string) => reportId.slice(-2);

/** A report of the task, by id. */
export const reportOf = (state: ProgressState, reportId: string): ReportFact | undefined => state.reports[bucketOf(reportId)]?.[reportId];

function withReport(reports: ProgressState['reports'], reportId: string, fact: ReportFact): ProgressState['reports'] {
  const bucket = bucketOf(reportId);
  return { ...reports, [bucket]: { ...reports[bucket], [reportId]: fact } };
}

export const initialProgressState = (): ProgressState => ({ revision: 0, months: {}, reports: {} });

export interface ReportProgress {
  type: 'ReportProgress';
  reportId: string;
  plan: Pick<PlanDefinition, 'groups' | 'units'>;
  task: TaskDefinition;
  unitId: string;
  period: string;
  done: string;
  problems?: string;
  nextSteps?: string;
  percentComplete?: number;
  attachments?: string[];
  effectiveAt?: string;
  /** Who reports: the office may name any unit of the task and back-date freely; a unit reports for itself. */
  by: { role: string; unitId?: string };
  now: string;
  planEffectiveAt: string;
  /** The first instant of the month reported on, in the plan's time zone. */
  periodStart: string;
  /** The first instant of the month `now` falls in, in the plan's time zone. */
  currentPeriod: string;
  maxBackdateDays: number;
  /** The months the plan's reports may be for (src/domain/plan.ts reportSpan); unchecked when absent. */
  span?: { first: string; last: string | null };
}

export interface WithdrawReport {
  type: 'WithdrawReport';
  taskCode: string;
  reportId: string;
  reason: string;
  effectiveAt?: string;
  by: { role: string; unitId?: string };
  now: string;
  planEffectiveAt: string;
  maxBackdateDays: number;
}

export type ProgressEvent =
  | { type: 'ProgressReported'; data: ProgressReportedData; effectiveAt?: string }
  | { type: 'ProgressReportWithdrawn'; data: ProgressReportWithdrawnData; effectiveAt?: string };

/** No such report on the task. */
export class ProgressReportNotFound extends DomainError<'report-not-found'> {
  constructor(
    readonly taskCode: string,
    readonly reportId: string,
  ) {
    super('not-found', 'report-not-found', { taskCode, reportId });
  }
}

/** A unit withdrawing a report another unit made. */
export class NotOwnReport extends NotOwnRecord {
  constructor(
    readonly reportId: string,
    readonly owner: string,
    readonly caller: string,
  ) {
    super({ rule: 'withdraw-own-report', reportId, owner, unitId: caller });
  }
}

/** A report back-dated before the month's latest report on the task: valid time would run backwards. */
export class ProgressValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string, period: string) {
    super(effectiveAt, previousEffectiveAt, `reported for ${period}`, { of: 'progress', period });
  }
}

/** The member units that may report on a task: its lead and responsible units, groups expanded. */
export const reportingUnitsOf = (plan: Pick<PlanDefinition, 'groups'>, task: TaskDefinition): string[] =>
  expandUnits(plan, [...task.leadUnits, ...task.responsibleUnits]);

/** effectiveAt's rules for every write here; the instant the write takes effect. */
function effectiveAtOf(command: Pick<ReportProgress, 'effectiveAt' | 'now' | 'planEffectiveAt' | 'by' | 'maxBackdateDays'>): string {
  return checkEffectiveAt({ ...command, maxBackdateDays: command.by.role === 'office' ? null : command.maxBackdateDays });
}

export type ProgressCommand = ReportProgress | WithdrawReport;

function decideWithdrawal(command: WithdrawReport, state: ProgressState): ProgressEvent[] {
  const { taskCode } = command;
  const report = reportOf(state, command.reportId);
  if (!report) throw new ProgressReportNotFound(taskCode, command.reportId);
  if (command.by.role !== 'office' && command.by.unitId !== report.unitId)
    throw new NotOwnReport(command.reportId, report.unitId, command.by.unitId ?? command.by.role);
  if (report.withdrawn) throw new RuleViolated('reportId', { rule: 'report-withdrawn', reportId: command.reportId }, 'body');
  const at = effectiveAtOf(command);
  const month = state.months[report.period]!;
  if (Date.parse(at) < Date.parse(month.lastEffectiveAt)) throw new ProgressValidTimeConflict(at, month.lastEffectiveAt, report.period);
  const live = month.live[report.unitId] ?? [];
  const data: ProgressReportWithdrawnData = { reportId: command.reportId, unitId: report.unitId, taskCode, period: report.period, reason: command.reason };
  if (live[live.length - 1] === command.reportId && live.length > 1) data.reinstates = live[live.length - 2]!;
  return [{ type: 'ProgressReportWithdrawn', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function decide(command: ProgressCommand, state: ProgressState): ProgressEvent[] {
  if (command.type === 'WithdrawReport') return decideWithdrawal(command, state);
  const { task, unitId, period } = command;
  if (command.by.role === 'unit' && command.by.unitId !== unitId) {
    // A report for another unit would supersede that unit's own: refused as another unit's record.
    throw new NotOwnRecord({ rule: 'report-own-unit', unitId: command.by.unitId ?? '-', forUnit: unitId });
  }
  if (!command.plan.units.some((u) => u.id === unitId)) {
    const group = command.plan.groups.find((g) => g.id === unitId);
    throw new RuleViolated(
      'unitId',
      group ? { rule: 'report-by-group', unitId, groupName: group.name, example: group.members[0] ?? '' } : { rule: 'unit-unknown', unitId },
    );
  }
  const allowed = reportingUnitsOf(command.plan, task);
  if (!allowed.includes(unitId)) {
    throw new RuleViolated('unitId', { rule: 'unit-not-on-task', unitId, taskCode: task.code });
  }
  const outside = command.span && outsideReportSpan(command.span, { first: period, last: period }, period);
  if (outside) throw new RuleViolated('period', outside);
  if (Date.parse(command.periodStart) > Date.parse(command.currentPeriod)) {
    throw new RuleViolated('period', { rule: 'period-not-begun', period });
  }
  const at = effectiveAtOf(command);
  if (Date.parse(at) < Date.parse(command.periodStart)) {
    throw new RuleViolated('effectiveAt', { rule: 'report-before-month', period, periodStart: command.periodStart, at });
  }
  const month = state.months[period];
  if (month && Date.parse(at) < Date.parse(month.lastEffectiveAt)) {
    throw new ProgressValidTimeConflict(at, month.lastEffectiveAt, period);
  }
  const data: ProgressReportedData = { reportId: command.reportId, unitId, taskCode: task.code, period, done: command.done };
  if (command.problems !== undefined) data.problems = command.problems;
  if (command.nextSteps !== undefined) data.nextSteps = command.nextSteps;
  if (command.percentComplete !== undefined) data.percentComplete = command.percentComplete;
  if (command.attachments !== undefined && command.attachments.length > 0) data.attachments = command.attachments;
  const previous = month?.live[unitId]?.at(-1);
  if (previous !== undefined) data.supersedes = previous;
  return [{ type: 'ProgressReported', data, ...(command.effectiveAt ? { effectiveAt: command.effectiveAt } : {}) }];
}

export function evolve(state: ProgressState, recorded: { type: string; data: unknown; effectiveAt: string }): ProgressState {
  const event = asDomainEvent(recorded);
  if (event.type === 'ProgressReported') {
    const data = event.data;
    const month = state.months[data.period] ?? { lastEffectiveAt: event.effectiveAt, live: {} };
    return {
      revision: state.revision + 1,
      months: {
        ...state.months,
        [data.period]: { lastEffectiveAt: event.effectiveAt, live: { ...month.live, [data.unitId]: [...(month.live[data.unitId] ?? []), data.reportId] } },
      },
      reports: withReport(state.reports, data.reportId, { unitId: data.unitId, period: data.period, withdrawn: false }),
    };
  }
  if (event.type === 'ProgressReportWithdrawn') {
    const data = event.data;
    const month = state.months[data.period]!;
    return {
      revision: state.revision + 1,
      months: {
        ...state.months,
        [data.period]: {
          lastEffectiveAt: event.effectiveAt,
          live: { ...month.live, [data.unitId]: (month.live[data.unitId] ?? []).filter((id) => id !== data.reportId) },
        },
      },
      reports: withReport(state.reports, data.reportId, { ...reportOf(state, data.reportId)!, withdrawn: true }),
    };
  }
  return { ...state, revision: state.revision + 1 };
}

export const progressDecider: Decider<ProgressCommand, ProgressEvent, ProgressState> = { initialState: initialProgressState, evolve, decide };

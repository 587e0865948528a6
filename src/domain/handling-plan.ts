// A unit's own handling plan (具体办理工作方案, 备案): each lead and responsible unit drafts one; the
// office files it (备案) or returns it with a reason (退回), after which the unit submits again.
// decide(command, state) → events, evolve(state, event) → state. Pure: the plan and the clock's
// reading come in with the command.
//
//   not_submitted ─submit→ submitted ─file→ filed (final)
//                           submitted ─return→ returned ─submit→ submitted
//                           submitted ─submit→ submitted (a revision before the office decides)
//                           submitted ─withdraw→ what it was before that submission (撤回)
//
// Withdrawal (撤回): the unit (or the office) withdraws its latest submission, with a reason, while it
// awaits the office (submitted); a filed or returned plan is not withdrawn (409). The submission
// before it, if any, is current again with the status it had then (submitted after a revision,
// returned after a return); with none left the unit has not submitted.
//
// Valid time per unit runs forwards: a back-dated submission or filing may go back only as far as
// the unit's handling plan's latest change (409 valid-time-conflict otherwise).

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type HandlingPlanFiledData, type HandlingPlanSubmittedData, type HandlingPlanWithdrawnData } from './events.ts';
import type { ParamsOf } from './messages.ts';
import { expandUnits, type PlanDefinition } from './plan.ts';

export const HANDLING_PLAN_STATUSES = ['not_submitted', 'submitted', 'returned', 'filed'] as const;
export type HandlingPlanStatus = (typeof HANDLING_PLAN_STATUSES)[number];

export interface HandlingPlanState {
  status: HandlingPlanStatus;
  /** Events in the unit's stream. */
  revision: number;
  /** Valid time of the latest change; null before the first. */
  lastEffectiveAt: string | null;
  /** The live submissions, oldest first (the last is current), each with the status the plan had before it. */
  submissions: { title: string; documentNumber?: string; submittedAt: string; statusBefore: HandlingPlanStatus }[];
}

export const initialHandlingPlanState: HandlingPlanState = { status: 'not_submitted', revision: 0, lastEffectiveAt: null, submissions: [] };

/** Units that owe a handling plan: every lead and responsible unit of every task, groups expanded, in the plan's unit order. */
export function unitsOwing(plan: Pick<PlanDefinition, 'groups' | 'tasks' | 'units'>): string[] {
  const owing = new Set(
    expandUnits(
      plan,
      plan.tasks.flatMap((t) => [...t.leadUnits, ...t.responsibleUnits]),
    ),
  );
  return plan.units.map((u) => u.id).filter((id) => owing.has(id));
}

/** The tasks a unit owes (leads or shares), groups expanded, in the plan's order. */
export function tasksOwedBy(plan: Pick<PlanDefinition, 'groups' | 'tasks'>, unitId: string): string[] {
  return plan.tasks.filter((t) => expandUnits(plan, [...t.leadUnits, ...t.responsibleUnits]).includes(unitId)).map((t) => t.code);
}

/** A handling plan that is not in a state the command may act on (filing one not submitted, resubmitting a filed one). */
export class HandlingPlanStateConflict extends DomainError<'handling-plan-state-conflict'> {
  constructor(
    readonly unitId: string,
    readonly status: HandlingPlanStatus,
    /** What the command tried: submitting, filing (or returning), withdrawing. */
    attempt: ParamsOf<'handling-plan-state-conflict'>['attempt'],
  ) {
    super('conflict', 'handling-plan-state-conflict', { unitId, status, attempt });
  }
}

/** A back-dated write before the unit's handling plan's latest change: valid time would run backwards. */
export class HandlingPlanValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string, status: string) {
    super(effectiveAt, previousEffectiveAt, status, { of: 'handling-plan' });
  }
}

interface Timing {
  /** When it really happened, if earlier than now. */
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
  /** How far a unit token may back-date (days); the office may record older facts. */
  maxBackdateDays: number;
  byOffice: boolean;
}

export interface SubmitHandlingPlan extends Timing {
  type: 'SubmitHandlingPlan';
  plan: Pick<PlanDefinition, 'groups' | 'tasks' | 'units'>;
  unitId: string;
  title: string;
  summary: string;
  measures: { taskCode: string; text: string }[];
  documentNumber?: string;
}

export interface FileHandlingPlan extends Timing {
  type: 'FileHandlingPlan';
  unitId: string;
  outcome: 'filed' | 'returned';
  reason?: string;
}

export interface WithdrawHandlingPlan extends Timing {
  type: 'WithdrawHandlingPlan';
  unitId: string;
  reason: string;
}

export type HandlingPlanEvent =
  | { type: 'HandlingPlanSubmitted'; data: HandlingPlanSubmittedData; effectiveAt?: string }
  | { type: 'HandlingPlanFiled'; data: HandlingPlanFiledData; effectiveAt?: string }
  | { type: 'HandlingPlanWithdrawn'; data: HandlingPlanWithdrawnData; effectiveAt?: string };

function checkTiming(command: Timing, state: HandlingPlanState): void {
  if (command.effectiveAt === undefined) return;
  const at = Date.parse(checkEffectiveAt({ ...command, maxBackdateDays: command.byOffice ? null : command.maxBackdateDays }));
  if (state.lastEffectiveAt !== null && at < Date.parse(state.lastEffectiveAt)) {
    throw new HandlingPlanValidTimeConflict(command.effectiveAt, state.lastEffectiveAt, state.status);
  }
}

export function decide(command: SubmitHandlingPlan | FileHandlingPlan | WithdrawHandlingPlan, state: HandlingPlanState): HandlingPlanEvent[] {
  const effective = command.effectiveAt !== undefined ? { effectiveAt: command.effectiveAt } : {};
  if (command.type === 'WithdrawHandlingPlan') {
    if (state.status !== 'submitted') {
      throw new HandlingPlanStateConflict(command.unitId, state.status, 'withdraw');
    }
    checkTiming(command, state);
    const latest = state.submissions.at(-1)!;
    const withdrawn: HandlingPlanWithdrawnData['withdrawn'] = { title: latest.title, submittedAt: latest.submittedAt };
    if (latest.documentNumber !== undefined) withdrawn.documentNumber = latest.documentNumber;
    const restores = latest.statusBefore as HandlingPlanWithdrawnData['restores'];
    return [{ type: 'HandlingPlanWithdrawn', data: { unitId: command.unitId, reason: command.reason, withdrawn, restores }, ...effective }];
  }
  if (command.type === 'SubmitHandlingPlan') {
    const owed = tasksOwedBy(command.plan, command.unitId);
    if (!owed.length) throw new RuleViolated('unitId', { rule: 'unit-owes-no-handling-plan', unitId: command.unitId });
    if (state.status === 'filed') {
      throw new HandlingPlanStateConflict(command.unitId, state.status, 'submit');
    }
    command.measures.forEach((m, i) => {
      if (!owed.includes(m.taskCode)) {
        throw new RuleViolated(`measures/${i}/taskCode`, { rule: 'measure-task-not-owed', unitId: command.unitId, taskCode: m.taskCode, tasks: owed });
      }
    });
    checkTiming(command, state);
    const data: HandlingPlanSubmittedData = { unitId: command.unitId, title: command.title, summary: command.summary, measures: command.measures };
    if (command.documentNumber !== undefined) data.documentNumber = command.documentNumber;
    return [{ type: 'HandlingPlanSubmitted', data, ...effective }];
  }
  if (state.status !== 'submitted') {
    throw new HandlingPlanStateConflict(command.unitId, state.status, 'file');
  }
  if (command.outcome === 'returned' && !command.reason) throw new RuleViolated('reason', { rule: 'return-needs-reason' });
  checkTiming(command, state);
  const data: HandlingPlanFiledData = { unitId: command.unitId, outcome: command.outcome };
  if (command.reason !== undefined) data.reason = command.reason;
  return [{ type: 'HandlingPlanFiled', data, ...effective }];
}

export function evolve(state: HandlingPlanState, recorded: { type: string; data: unknown; effectiveAt?: string }): HandlingPlanState {
  const event = asDomainEvent(recorded);
  const next = { ...state, revision: state.revision + 1, lastEffectiveAt: event.effectiveAt ?? state.lastEffectiveAt };
  if (event.type === 'HandlingPlanSubmitted') {
    const data = event.data;
    const submission = {
      title: data.title,
      ...(data.documentNumber !== undefined ? { documentNumber: data.documentNumber } : {}),
      submittedAt: next.lastEffectiveAt ?? '',
      statusBefore: state.status,
    };
    return { ...next, status: 'submitted', submissions: [...state.submissions, submission] };
  }
  if (event.type === 'HandlingPlanFiled') return { ...next, status: event.data.outcome };
  if (event.type === 'HandlingPlanWithdrawn') {
    return { ...next, status: event.data.restores, submissions: state.submissions.slice(0, -1) };
  }
  return { ...state, revision: state.revision + 1 };
}

export type HandlingPlanCommand = SubmitHandlingPlan | FileHandlingPlan | WithdrawHandlingPlan;

export const handlingPlanDecider: Decider<HandlingPlanCommand, HandlingPlanEvent, HandlingPlanState> = {
  initialState: () => initialHandlingPlanState,
  evolve,
  decide,
};

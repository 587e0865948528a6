// The satisfaction evaluation (满意度测评) by the CPPCC: each task, and the plan's handling as a
// whole, rated 满意 / 基本满意 / 不满意 with comments. A CPPCC token records it, or the office for it.
// decide(command, state) → events, evolve(state, event) → state. Pure: the plan's task codes, the
// clock's reading and the new id come in with the command.
//
//   a scope (task:{code} or overall):  none ─evaluate→ rated ─evaluate→ rated (the new one replaces it)
//                                      rated ─withdraw→ the one it replaced, or none (撤回)
//
// A task rated 不满意 may be reopened by the office (completed → in_progress, src/domain/task.ts)
// with the rating as its reason. One stream per plan (evaluations-{planId}); valid time runs forwards
// on it: a back-dated evaluation or withdrawal before its latest change is 409 valid-time-conflict.

import type { Decider } from './decider.ts';
import { checkEffectiveAt } from './effective-at.ts';
import { DomainError, RuleViolated, ValidTimeConflict } from './errors.ts';
import { asDomainEvent, type EvaluationScope, type Rating, type SatisfactionEvaluatedData, type SatisfactionEvaluationWithdrawnData } from './events.ts';

export const ratingLabels: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** The key of a scope: `task:{code}` or `overall`. */
export const scopeKey = (scope: EvaluationScope): string => (scope.kind === 'task' ? `task:${scope.taskCode}` : 'overall');

export interface StandingEvaluation {
  evaluationId: string;
  rating: Rating;
}

export interface EvaluationState {
  revision: number;
  lastEffectiveAt: string | null;
  /** Per scope key, the evaluations standing, oldest first: the last is current. */
  scopes: Record<string, StandingEvaluation[]>;
  /** Every evaluation recorded, by id, with its scope: a withdrawal names one. */
  known: Record<string, EvaluationScope>;
}

export const initialEvaluationState: EvaluationState = { revision: 0, lastEffectiveAt: null, scopes: {}, known: {} };

/** An evaluation id the plan's evaluations never held. */
export class EvaluationNotFound extends DomainError<'evaluation-not-found'> {
  constructor(
    readonly planId: string,
    readonly evaluationId: string,
  ) {
    super('not-found', 'evaluation-not-found', { planId, evaluationId });
  }
}

/** An evaluation that is not its scope's current one (withdrawn, replaced, or not yet in effect) where the current one is needed. */
export class EvaluationNotCurrent extends DomainError<'evaluation-not-current'> {
  constructor(
    readonly evaluationId: string,
    readonly scope: string,
    readonly current: string | null,
    at?: string,
  ) {
    super('conflict', 'evaluation-not-current', at ? { evaluationId, scope, current, at } : { evaluationId, scope, current });
  }
}

/** A reopening asked on an evaluation that does not allow it (not 不满意, or not of a task). */
export class EvaluationNotReopenable extends DomainError<'evaluation-not-reopenable'> {
  constructor(
    readonly evaluationId: string,
    /** Its rating; null for the overall evaluation (总体), which is of no task. */
    readonly rating: Rating | null,
  ) {
    super('conflict', 'evaluation-not-reopenable', { evaluationId, rating });
  }
}

/** A back-dated write before the plan's latest evaluation change: valid time would run backwards. */
export class EvaluationValidTimeConflict extends ValidTimeConflict {
  constructor(effectiveAt: string, previousEffectiveAt: string) {
    super(effectiveAt, previousEffectiveAt, 'evaluated', { of: 'evaluation' });
  }
}

interface Timing {
  effectiveAt?: string;
  now: string;
  planEffectiveAt: string;
  /** How far a CPPCC token may back-date (days); the office may record older facts. */
  maxBackdateDays: number;
  byOffice: boolean;
}

export interface Evaluate extends Timing {
  type: 'Evaluate';
  evaluationId: string;
  /** The plan's task codes (at the write's effectiveAt). */
  taskCodes: readonly string[];
  scope: EvaluationScope;
  rating: Rating;
  comments?: string;
  evaluator: { name: string; group?: string };
}

export interface WithdrawEvaluation extends Timing {
  type: 'WithdrawEvaluation';
  planId: string;
  evaluationId: string;
  reason: string;
}

export type EvaluationEvent =
  | { type: 'SatisfactionEvaluated'; data: SatisfactionEvaluatedData; effectiveAt?: string }
  | { type: 'SatisfactionEvaluationWithdrawn'; data: SatisfactionEvaluationWithdrawnData; effectiveAt?: string };

function checkTiming(command: Timing, state: EvaluationState): void {
  checkEffectiveAt({ ...command, maxBackdateDays: command.byOffice ? null : command.maxBackdateDays });
  if (command.effectiveAt !== undefined && state.lastEffectiveAt !== null && Date.parse(command.effectiveAt) < Date.parse(state.lastEffectiveAt)) {
    throw new EvaluationValidTimeConflict(command.effectiveAt, state.lastEffectiveAt);
  }
}

export function decide(command: Evaluate | WithdrawEvaluation, state: EvaluationState): EvaluationEvent[] {
  const effective = command.effectiveAt !== undefined ? { effectiveAt: command.effectiveAt } : {};
  if (command.type === 'WithdrawEvaluation') {
    const scope = state.known[command.evaluationId];
    if (!scope) throw new EvaluationNotFound(command.planId, command.evaluationId);
    const standing = state.scopes[scopeKey(scope)] ?? [];
    const current = standing.at(-1);
    if (current?.evaluationId !== command.evaluationId) {
      throw new EvaluationNotCurrent(command.evaluationId, scopeKey(scope), current?.evaluationId ?? null);
    }
    checkTiming(command, state);
    const data: SatisfactionEvaluationWithdrawnData = { evaluationId: current.evaluationId, scope, rating: current.rating, reason: command.reason };
    const before = standing.at(-2);
    if (before) data.reinstates = before.evaluationId;
    return [{ type: 'SatisfactionEvaluationWithdrawn', data, ...effective }];
  }
  if (command.scope.kind === 'task' && !command.taskCodes.includes(command.scope.taskCode)) {
    throw new RuleViolated('scope/taskCode', { rule: 'task-unknown', taskCode: command.scope.taskCode, tasks: command.taskCodes });
  }
  if (command.rating === 'dissatisfied' && !command.comments?.trim()) {
    throw new RuleViolated('comments', { rule: 'dissatisfied-needs-comments' });
  }
  checkTiming(command, state);
  const evaluator = { name: command.evaluator.name, ...(command.evaluator.group !== undefined ? { group: command.evaluator.group } : {}) };
  const data: SatisfactionEvaluatedData = { evaluationId: command.evaluationId, scope: command.scope, rating: command.rating, evaluator };
  if (command.comments !== undefined) data.comments = command.comments;
  const current = state.scopes[scopeKey(command.scope)]?.at(-1);
  if (current) data.supersedes = current.evaluationId;
  return [{ type: 'SatisfactionEvaluated', data, ...effective }];
}

export function evolve(state: EvaluationState, recorded: { type: string; data: unknown; effectiveAt?: string }): EvaluationState {
  const event = asDomainEvent(recorded);
  const next = { ...state, revision: state.revision + 1, lastEffectiveAt: event.effectiveAt ?? state.lastEffectiveAt };
  if (event.type === 'SatisfactionEvaluated') {
    const data = event.data;
    const key = scopeKey(data.scope);
    return {
      ...next,
      scopes: { ...state.scopes, [key]: [...(state.scopes[key] ?? []), { evaluationId: data.evaluationId, rating: data.rating }] },
      known: { ...state.known, [data.evaluationId]: data.scope },
    };
  }
  if (event.type === 'SatisfactionEvaluationWithdrawn') {
    const key = scopeKey(event.data.scope);
    return { ...next, scopes: { ...state.scopes, [key]: (state.scopes[key] ?? []).slice(0, -1) } };
  }
  return { ...state, revision: state.revision + 1 };
}

export type EvaluationCommand = Evaluate | WithdrawEvaluation;

export const evaluationDecider: Decider<EvaluationCommand, EvaluationEvent, EvaluationState> = { initialState: () => initialEvaluationState, evolve, decide };

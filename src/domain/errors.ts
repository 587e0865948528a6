// Domain errors: what a decider refuses, and why. They carry facts, not HTTP; src/http/problem.ts
// maps each to its Problem Details response.

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** A status change the transition table does not allow (same-status changes included). */
export class TransitionRefused extends DomainError {
  readonly code = 'transition-refused';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
  ) {
    super(
      allowed.length
        ? `a task cannot go from ${from} to ${to}; from ${from} it may go to: ${allowed.join(', ')}`
        : `a task cannot go from ${from} to ${to}; ${from} is final`,
    );
  }
}

/** A command that is well-formed but breaks a rule of the domain; `field` names the input at fault. */
export class RuleViolated extends DomainError {
  readonly code = 'rule-violated';
  constructor(
    readonly field: string,
    message: string,
    /** Where the field came from: the command's body or the query that asked. */
    readonly location: 'body' | 'query' | 'path' = 'body',
  ) {
    super(message);
  }
}

export class PlanNotFound extends DomainError {
  readonly code = 'plan-not-found';
  constructor(
    readonly planId: string,
    detail?: string,
  ) {
    super(detail ?? `no plan ${planId}`);
  }
}

export class TaskNotFound extends DomainError {
  readonly code = 'task-not-found';
  constructor(
    readonly planId: string,
    readonly taskCode: string,
  ) {
    super(`plan ${planId} has no task ${taskCode}`);
  }
}

export class PlanAlreadyAdopted extends DomainError {
  readonly code = 'plan-already-adopted';
  constructor(readonly planId: string) {
    super(`plan ${planId} is already adopted`);
  }
}

/** A back-dated change that would take effect before the task's previous change: valid time would run backwards. */
export class ValidTimeConflict extends DomainError {
  readonly code = 'valid-time-conflict';
  constructor(
    readonly effectiveAt: string,
    readonly previousEffectiveAt: string,
    readonly currentStatus: string,
  ) {
    super(
      `effectiveAt ${effectiveAt} is before the task's previous change, which took effect at ${previousEffectiveAt} ` +
        `(status ${currentStatus}); a late report may go back only as far as the task's last change, so that every ` +
        `later transition stays legal. Report it with effectiveAt at or after ${previousEffectiveAt}.`,
    );
  }
}

/** A unit the plan does not name, or one that owes nothing the request asks about. */
export class UnitNotFound extends DomainError {
  readonly code = 'unit-not-found';
  constructor(
    readonly planId: string,
    readonly unitId: string,
    detail?: string,
  ) {
    super(detail ?? `plan ${planId} has no unit ${unitId}`);
  }
}

/**
 * A unit acting on a record another unit made (a value, a report): a unit changes only what it
 * recorded, the office any record. Forbidden, not invalid: the command is fine for its owner.
 */
export class NotOwnRecord extends DomainError {
  readonly code = 'forbidden';
  constructor(
    /** The rule that refused it, as a 403 Problem names it. */
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

// Domain errors: what a decider refuses, and why. Each carries its kind (what sort of refusal, from a
// small closed set), a stable code and the facts behind it; never HTTP, never a sentence of its own.
// The texts come from the catalogue (src/domain/messages.ts), its English being the message for logs
// and the command line; src/http/problem.ts answers by the kind.
import { type MessageCode, type ParamsOf, type RuleCode, type RuleText, textOf, type ValidTimeSubject } from './messages.ts';

/**
 * What sort of refusal an error is, whatever the record: the thing named is not there, it is in a
 * state that refuses the command, the input breaks a rule, the caller may not, the caller's
 * precondition no longer holds, or the answer is not ready yet.
 */
export const ERROR_KINDS = ['not-found', 'conflict', 'invalid', 'forbidden', 'precondition-failed', 'unavailable'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Where an invalid input sits in the request: the part, and the field within it. */
export interface FieldAtFault {
  in: 'body' | 'query' | 'path';
  /** A JSON Pointer to the field within that part, e.g. /evidence. */
  pointer: string;
}

/** An error that knows its kind, code and facts: the domain's, and the application's (src/app/errors.ts). */
export abstract class KnownError<C extends MessageCode = MessageCode> extends Error {
  /** For a broken rule: the field at fault. */
  readonly fieldAtFault?: FieldAtFault;
  constructor(
    readonly kind: ErrorKind,
    readonly code: C,
    readonly params: ParamsOf<C>,
  ) {
    super(textOf(code, params, 'en'));
  }
}

/** What a decider refuses. */
export abstract class DomainError<C extends MessageCode = MessageCode> extends KnownError<C> {}

/** A status change the transition table does not allow (same-status changes included). */
export class TransitionRefused extends DomainError<'transition-refused'> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
  ) {
    super('conflict', 'transition-refused', { from, to, allowed });
  }
}

/**
 * A command that is well-formed but breaks a rule of the domain; `field` names the input at fault.
 * Its code is the rule's (messages.ts's rules), so the field's text reads in either language.
 */
export class RuleViolated extends DomainError<RuleCode> {
  override readonly fieldAtFault: FieldAtFault;
  constructor(
    readonly field: string,
    rule: RuleText,
    /** Where the field came from: the command's body or the query that asked. */
    readonly location: 'body' | 'query' | 'path' = 'body',
  ) {
    const { rule: code, ...params } = rule;
    super('invalid', code, params as ParamsOf<RuleCode>);
    this.fieldAtFault = { in: location, pointer: `/${field}` };
  }
}

export class PlanNotFound extends DomainError<'plan-not-found'> {
  constructor(
    readonly planId: string,
    why?: ParamsOf<'plan-not-found'>['why'],
  ) {
    super('not-found', 'plan-not-found', why ? { planId, why } : { planId });
  }
}

export class TaskNotFound extends DomainError<'task-not-found'> {
  constructor(
    readonly planId: string,
    readonly taskCode: string,
  ) {
    super('not-found', 'task-not-found', { planId, taskCode });
  }
}

export class PlanAlreadyAdopted extends DomainError<'plan-already-adopted'> {
  constructor(readonly planId: string) {
    super('conflict', 'plan-already-adopted', { planId });
  }
}

/**
 * A back-dated change that would take effect before the record's previous change: valid time would
 * run backwards. `of` names the record (a task's status by default), for the text.
 */
export class ValidTimeConflict extends DomainError<'valid-time-conflict'> {
  constructor(
    readonly effectiveAt: string,
    readonly previousEffectiveAt: string,
    readonly currentStatus: string,
    of: { of: ValidTimeSubject; unitId?: string; period?: string; revision?: number } = { of: 'task' },
  ) {
    super('conflict', 'valid-time-conflict', { effectiveAt, previousEffectiveAt, currentStatus, ...of });
  }
}

/** A unit the plan does not name, or one that owes nothing the request asks about. */
export class UnitNotFound extends DomainError<'unit-not-found'> {
  constructor(
    readonly planId: string,
    readonly unitId: string,
    /** The document asked about, when the unit is in the plan but owes none. */
    owes?: 'handling plan' | 'annual summary',
  ) {
    super('not-found', 'unit-not-found', owes ? { planId, unitId, owes } : { planId, unitId });
  }
}

/**
 * A unit acting on a record another unit made (a value, a report): a unit changes only what it
 * recorded, the office any record. Forbidden, not invalid: the command is fine for its owner.
 */
export class NotOwnRecord extends DomainError<'forbidden'> {
  /** The rule that refused it, as a 403 Problem names it. */
  readonly rule: string;
  constructor(refusal: ParamsOf<'forbidden'>) {
    super('forbidden', 'forbidden', refusal);
    this.rule = refusal.rule;
  }
}

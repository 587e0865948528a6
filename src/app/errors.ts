// Errors of the application layer (the domain's own are in src/domain/errors.ts). Like those, each
// knows its kind, code and facts; its texts are in the catalogue (src/domain/messages.ts).
import { KnownError } from '../domain/errors.ts';

/** The client's If-Match did not match the resource's current ETag: nothing was written. */
export class PreconditionFailed extends KnownError<'precondition-failed'> {
  constructor(readonly currentEtag: string) {
    super('precondition-failed', 'precondition-failed', { currentEtag });
  }
}

/** A plan file that is not a valid plan definition. */
export class InvalidPlanFile extends KnownError<'invalid-plan-file'> {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super('invalid', 'invalid-plan-file', { file, issues });
  }
}

/** A read asked for a position the read model has not applied within the wait: try again shortly. */
export class NotYetApplied extends KnownError<'not-yet-applied'> {
  constructor(
    readonly wanted: number,
    readonly applied: number,
    readonly waitedMs: number,
    stored?: { position: number; eventIds: readonly string[] },
  ) {
    super('unavailable', 'not-yet-applied', { wanted, applied, waitedMs, ...(stored ? { stored } : {}) });
  }
}

/**
 * A write whose events are stored, answered before the read model applied them (within the wait):
 * the client must not send it again, only read it back shortly. Its position and event ids say which.
 */
export class WriteNotYetApplied extends NotYetApplied {
  constructor(
    wanted: number,
    applied: number,
    waitedMs: number,
    readonly eventIds: readonly string[],
    cause?: unknown,
  ) {
    super(wanted, applied, waitedMs, { position: wanted, eventIds });
    if (cause !== undefined) this.cause = cause;
  }
}

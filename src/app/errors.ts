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
  ) {
    super('unavailable', 'not-yet-applied', { wanted, applied, waitedMs });
  }
}

// Errors of the application layer (the domain's own are in src/domain/errors.ts).

/** The client's If-Match did not match the resource's current ETag: nothing was written. */
export class PreconditionFailed extends Error {
  constructor(readonly currentEtag: string) {
    super(`the resource has changed: its ETag is now ${currentEtag}`);
  }
}

/** A plan file that is not a valid plan definition. */
export class InvalidPlanFile extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${file} is not a valid plan:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
  }
}

/** A read asked for a position the read model has not applied within the wait: try again shortly. */
export class NotYetApplied extends Error {
  constructor(
    readonly wanted: number,
    readonly applied: number,
    readonly waitedMs: number,
  ) {
    super(`the read model has applied position ${applied}, not yet ${wanted} (waited ${waitedMs} ms); retry shortly`);
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
    super(wanted, applied, waitedMs);
    this.message =
      `the write is stored (position ${wanted}, event ${eventIds.join(', ')}) but not yet readable: the read model has applied position ${applied} ` +
      `(waited ${waitedMs} ms). Do not send it again; read it back shortly`;
    if (cause !== undefined) this.cause = cause;
  }
}

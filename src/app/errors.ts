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

// Store errors: typed, so the application can tell a lost race from a broken store.
import type { ExpectedRevision } from './event-store.ts';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** The stream was not at the revision the caller expected: nothing was appended. */
export class ConcurrencyError extends StoreError {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
  }
}

/** An append whose events break the envelope's rules (empty batch, bad ids): nothing was appended. */
export class InvalidAppendError extends StoreError {
  override name = 'InvalidAppendError';
}

/** An event with this eventId is already in the store: nothing of the batch was appended. */
export class DuplicateEventError extends InvalidAppendError {
  override name = 'DuplicateEventError';
  constructor(readonly eventId: string) {
    super(`an event with id ${eventId} is already in the store`);
  }
}

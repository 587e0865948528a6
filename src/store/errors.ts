// Store errors: typed, so the application can tell a lost race from a broken store.
import type { ExpectedRevision } from './event-store.ts';

export class StoreError extends Error {
  override name = 'StoreError';
  // A refusal the caller can act on carries its kind, code and facts, as the domain's errors do
  // (src/domain/errors.ts; the texts are in its catalogue). A broken store carries none: a bug to log.
  readonly kind?: 'conflict';
  readonly code?: 'concurrent-change' | 'already-applied';
  readonly params?: object;
}

/** The stream was not at the revision the caller expected: nothing was appended. */
export class ConcurrencyError extends StoreError {
  override name = 'ConcurrencyError';
  override readonly kind = 'conflict';
  override readonly code = 'concurrent-change';
  override readonly params: { streamId: string; expected: string; actual: number };
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
    this.params = { streamId, expected: String(expected), actual };
  }
}

/** An append whose events break the envelope's rules (empty batch, bad ids): nothing was appended. */
export class InvalidAppendError extends StoreError {
  override name = 'InvalidAppendError';
}

/** An event with this eventId is already in the store: nothing of the batch was appended. */
export class DuplicateEventError extends InvalidAppendError {
  override name = 'DuplicateEventError';
  // Only a request run again makes an id the store holds: an Idempotency-Key's retry after its first
  // run's response was lost (src/app/request-ids.ts). The change is in; its first answer is gone.
  override readonly kind = 'conflict';
  override readonly code = 'already-applied';
  override readonly params: { eventId: string };
  constructor(readonly eventId: string) {
    super(`an event with id ${eventId} is already in the store`);
    this.params = { eventId };
  }
}

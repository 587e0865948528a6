// What every use case of the application is handed: the store, the read model and its runner,
// the clock, ids.
import type { Actor, EventStore } from '../store/event-store.ts';
import type { ReadModel } from './read-model/read-model.ts';
import type { ReadModelRunner } from './read-model/read-model-runner.ts';
import type { StateCache } from './read-model/state-cache.ts';
import type { SignedHead } from './signed-head.ts';
import type { TokenHasher } from './token/token-secret.ts';

export interface AppContext {
  store: EventStore;
  runner: ReadModelRunner;
  readModel: ReadModel;
  /** Parsed states of read-model versions (immutable once written). */
  states: StateCache;
  /** The clock commands read "now" from (the store stamps recordedAt with its own). */
  clock: () => Date;
  /** Event ids: UUID v7 in production. */
  newId: () => string;
  /** The time zone for reads that cross plans (a plan's own reads use its time zone). */
  timeZone: string;
  /** How long a read with minPosition waits for the read model (ms). */
  minPositionWaitMs: number;
  /** Signs a digest over everything written so far and returns its head; absent or null without signing. */
  signedHead?: () => Promise<SignedHead | null>;
  /** A token's hash as recorded: keyed with the server's token secret. */
  tokenHash: TokenHasher;
}

/** Until access control exists, every write is recorded as the leading group office's local user. */
export const localActor: Actor = { id: 'local', role: 'office' };

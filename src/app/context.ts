// What every use case of the application is handed: the store, the projections, the clock, ids.
import type { Actor, EventStore } from '../store/event-store.ts';
import type { ProjectionRunner } from './projection-runner.ts';

export interface AppContext {
  store: EventStore;
  runner: ProjectionRunner;
  /** The clock commands read "now" from (the store stamps recordedAt with its own). */
  clock: () => Date;
  /** Event ids: UUID v7 in production. */
  newId: () => string;
  /** The time zone for reads that cross plans (a plan's own reads use its time zone). */
  timeZone: string;
}

/** Until access control exists, every write is recorded as the leading group office's local user. */
export const localActor: Actor = { id: 'local', role: 'office' };

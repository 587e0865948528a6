// Keeps the projections current from the store, and folds them afresh for a past position.
// On start the current states come from the last snapshot (the checkpoint) when one fits, then
// catch up by reading everything after it; a past state is the same folds over a prefix of the
// events. Snapshots only save time: a restored state folds on exactly like a rebuilt one.
import { auditTrail, type AuditTrail } from '../../projections/audit-trail.ts';
import { planCatalogue, type PlanCatalogue } from '../../projections/plan-catalogue.ts';
import { taskStatus, type TaskStatusState } from '../../projections/task-status.ts';
import type { EventStore, RecordedEvent, Subscription } from '../store/event-store.ts';
import type { SnapshotStore } from '../store/snapshot-store.ts';

export interface ProjectionStates {
  plans: PlanCatalogue;
  tasks: TaskStatusState;
  audit: AuditTrail;
  /** The globalPosition of the last event folded in. */
  position: number;
}

const PAGE = 5000;
const SNAPSHOT = 'projections';

function initialStates(): ProjectionStates {
  return { plans: planCatalogue.initial(), tasks: taskStatus.initial(), audit: auditTrail.initial(), position: 0 };
}

function apply(states: ProjectionStates, event: RecordedEvent): void {
  states.plans = planCatalogue.evolve(states.plans, event);
  states.tasks = taskStatus.evolve(states.tasks, event);
  states.audit = auditTrail.evolve(states.audit, event);
  states.position = event.globalPosition;
}

function serialize(states: ProjectionStates): string {
  return JSON.stringify({
    plans: planCatalogue.toJSON(states.plans),
    tasks: taskStatus.toJSON(states.tasks),
    audit: auditTrail.toJSON(states.audit),
  });
}

function deserialize(json: string, position: number): ProjectionStates {
  const parsed = JSON.parse(json) as { plans: unknown; tasks: unknown; audit: unknown };
  return {
    plans: planCatalogue.fromJSON(parsed.plans),
    tasks: taskStatus.fromJSON(parsed.tasks),
    audit: auditTrail.fromJSON(parsed.audit),
    position,
  };
}

export interface SnapshotOptions {
  store: SnapshotStore;
  /** Identifies the fold code; a snapshot made by other code is not used. */
  fingerprint: string;
  /** Save a snapshot once this many positions have passed since the last one. */
  every: number;
  clock: () => Date;
}

export type RestoreOutcome = { restored: true; position: number } | { restored: false; why: string };

export class ProjectionRunner {
  private states = initialStates();
  private running: Promise<number> | null = null;
  private subscription: Subscription | null = null;
  private snapshotAt = 0;

  constructor(
    private readonly store: EventStore,
    private readonly snapshots?: SnapshotOptions,
  ) {}

  get current(): ProjectionStates {
    return this.states;
  }

  /** Starts from the last snapshot if it fits this store and this code; otherwise from nothing. */
  async restore(): Promise<RestoreOutcome> {
    if (!this.snapshots) return { restored: false, why: 'no snapshot store' };
    const snapshot = await this.snapshots.store.load(SNAPSHOT);
    if (!snapshot) return { restored: false, why: 'no snapshot yet' };
    if (snapshot.fingerprint !== this.snapshots.fingerprint) return { restored: false, why: 'the snapshot was made by other projection code' };
    const [event] = await this.store.readAll({ after: snapshot.position - 1, upTo: snapshot.position, maxCount: 1 });
    if (!event || event.globalPosition !== snapshot.position || event.hash !== snapshot.eventHash) {
      return { restored: false, why: `the store holds no event ${snapshot.position} with the snapshot's hash` };
    }
    this.states = deserialize(snapshot.state, snapshot.position);
    this.snapshotAt = snapshot.position;
    return { restored: true, position: snapshot.position };
  }

  /** Folds in everything the store holds beyond the checkpoint; concurrent callers share one pass. */
  catchUp(): Promise<number> {
    if (!this.running) {
      this.running = this.pull().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A pass is under way, but it may have read before the caller's write: run one more after it.
    return this.running.then(() => this.catchUp());
  }

  private async pull(): Promise<number> {
    for (;;) {
      const events = await this.store.readAll({ after: this.states.position, maxCount: PAGE });
      for (const event of events) if (event.globalPosition > this.states.position) apply(this.states, event);
      if (events.length < PAGE) break;
    }
    if (this.snapshots && this.states.position - this.snapshotAt >= this.snapshots.every) await this.snapshot();
    return this.states.position;
  }

  /** Saves the current states as the checkpoint. */
  async snapshot(): Promise<void> {
    if (!this.snapshots || this.states.position === this.snapshotAt || this.states.position === 0) return;
    const position = this.states.position;
    const [event] = await this.store.readAll({ after: position - 1, upTo: position, maxCount: 1 });
    if (!event) return;
    await this.snapshots.store.save({
      name: SNAPSHOT,
      position,
      eventHash: event.hash,
      fingerprint: this.snapshots.fingerprint,
      state: serialize(this.states),
      savedAt: this.snapshots.clock().toISOString(),
    });
    this.snapshotAt = position;
  }

  /** Follows the store, so writes by other processes sharing it show up too. */
  async follow(onError: (error: unknown) => void): Promise<void> {
    await this.catchUp();
    this.subscription = this.store.subscribe({
      after: this.states.position,
      onEvent: (event) => {
        if (event.globalPosition > this.states.position) apply(this.states, event);
      },
      onError,
    });
  }

  /** The states as they stood once the event at `position` was recorded. */
  async at(position: number): Promise<ProjectionStates> {
    if (position >= this.states.position) {
      await this.catchUp();
      if (position >= this.states.position) return this.states;
    }
    const states = initialStates();
    let after = 0;
    while (after < position) {
      const events = await this.store.readAll({ after, upTo: position, maxCount: PAGE });
      if (events.length === 0) break;
      for (const event of events) apply(states, event);
      after = events.at(-1)!.globalPosition;
    }
    return states;
  }

  /** Stops following and leaves a checkpoint for the next start. */
  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = null;
    await this.snapshot();
  }
}

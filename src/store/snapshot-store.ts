// Where projection snapshots are kept: a state folded up to a position, so a restart catches up
// from that checkpoint instead of from the first event. A snapshot only ever saves time: one that
// does not fit (another fold version, a position past the store's head, a different event at its
// position) is ignored and the fold starts over.

export interface Snapshot {
  /** Which projection set it holds, e.g. "projections". */
  name: string;
  /** The globalPosition of the last event folded in. */
  position: number;
  /** The hash of the event at `position`, so a snapshot of another store's history is not taken for this one's. */
  eventHash: string;
  /** Identifies the fold code that made it: a snapshot from other code is not used. */
  fingerprint: string;
  /** The serialised state. */
  state: string;
  savedAt: string;
}

export interface SnapshotStore {
  load(name: string): Promise<Snapshot | null>;
  save(snapshot: Snapshot): Promise<void>;
}

/** Keeps snapshots in memory only: nothing survives a restart. */
export class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();
  async load(name: string) {
    return this.snapshots.get(name) ?? null;
  }
  async save(snapshot: Snapshot) {
    this.snapshots.set(snapshot.name, snapshot);
  }
}

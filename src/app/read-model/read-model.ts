// The read model port: where projection states live — in the database, not in process memory.
// Each key's state is kept as versions stamped with the store position that made them and the
// valid time they take effect from; the checkpoint (the last position applied) is committed in
// the same transaction as the versions it describes. A past read is then an indexed lookup, not
// a fold. A version is stored whole, or as its changes from the key's version before
// (./state-changes.ts) when those changes since the last whole version are still small beside it:
// the bytes kept grow with what the events change, not with the state times the events
// (./version-chain.ts). Adapters: ./sqlite-read-model.ts (beside a SQLite or EventStoreDB store) and
// ./postgres-read-model.ts (in a PostgreSQL store's schema).
import type { AuditIndexEntry } from '../../../projections/audit.ts';

export interface Checkpoint {
  /** The globalPosition of the last event applied; 0 when nothing is. */
  position: number;
  /** That event's hash, so a read model is not taken for another store's. */
  eventHash: string | null;
  /** The projection code it was built by; other code rebuilds it. */
  fingerprint: string;
}

export interface VersionRow {
  projection: string;
  key: string;
  /** 0 for the key's first state, then 1, 2 … */
  version: number;
  /** The event that made this version. */
  position: number;
  /** When this version takes effect (valid time); never earlier than the key's previous version's. */
  validFrom: string;
  /** The position of the key's version stored whole that this one is rebuilt from: its own position when `state` is whole. */
  base: number;
  /** The whole state as JSON (base = position), or else its changes from the key's version before, as JSON (state-changes.ts). */
  state: string;
}

/** A state read back: the whole state at its base with each change after it applied, and the JSON read to get it. */
export interface ReadState {
  state: unknown;
  /** The length of the whole state's JSON text. */
  wholeBytes: number;
  /** The lengths of the changes' JSON texts after it, up to this version. */
  changeBytes: number;
}

export interface StoredVersion {
  version: number;
  position: number;
  validFrom: string;
  /** The position of the whole state it is rebuilt from (its own when stored whole). */
  base: number;
  /** Reads the state (each call a new object, the caller's to keep). */
  read(): ReadState;
}

export interface ReadModelBatch {
  /** The checkpoint the batch was computed against: if another process moved it, nothing is written. */
  after: number;
  checkpoint: { position: number; eventHash: string };
  versions: VersionRow[];
  audit: AuditIndexEntry[];
  /** The last position recorded at each recordedAt: the transaction-time axis (asOf → position). */
  clock: { recordedAt: string; position: number }[];
  /** Instead of `audit` and `clock`: the read model derives both from the events in (after, checkpoint] itself. */
  indexInPlace?: boolean;
}

export interface AuditIndexQuery {
  /** Exclusive lower bound on position (the cursor). */
  after: number;
  /** Inclusive upper bound on position (asOf, and a recorded-time range's end). */
  upTo: number;
  limit: number;
  planId?: string;
  /** Only these plans' entries (a token's scope). */
  planIds?: readonly string[];
  /** None of these plans' entries (the store's own, for a store-wide token that is not the office's). */
  notPlanIds?: readonly string[];
  streamIds?: string[];
  types?: string[];
  actorId?: string;
  /** Events whose actor acts for this unit, or on one of these streams (the unit's tasks). */
  unit?: { unitId: string; streamIds: string[] };
  effectiveFrom?: string;
  effectiveTo?: string;
}

export interface ReadModel {
  /** True when the read model can derive the audit index and the clock from the store's events where they lie. */
  readonly indexesEventsInPlace?: boolean;
  /** How long the application lets a live catch-up's versions wait in memory to be written together (ms; none: at once). */
  readonly writeDelayMs?: number;
  checkpoint(): Promise<Checkpoint | null>;
  /** Drops every state and the checkpoint; the next apply starts from position 0. */
  reset(fingerprint: string): Promise<void>;
  /** Writes a batch and its checkpoint in one transaction; false (nothing written) when the checkpoint is no longer `batch.after`. */
  apply(batch: ReadModelBatch): Promise<boolean>;
  /** The newest version of each key that has one. */
  latest(projection: string, keys: readonly string[]): Promise<Map<string, StoredVersion>>;
  /** Each key's version in effect at `validAt` as recorded by `position` (both axes are monotone in the version). */
  at(projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, StoredVersion>>;
  /** The key's first version, whenever it was recorded. */
  first(projection: string, key: string): Promise<StoredVersion | null>;
  /** Every key of a projection that has a version at or before `position`, in key order. */
  keys(projection: string, position: number): Promise<string[]>;
  /** The last position recorded at or before the instant; 0 if none. */
  positionAt(instant: string): Promise<number>;
  /** Positions of the audit entries that match, in store order. */
  auditPositions(query: AuditIndexQuery): Promise<number[]>;
  close(): Promise<void>;
}

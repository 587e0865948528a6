// The EventStore port. Adapters (sqlite, later postgres and esdb) implement it and pass the one
// contract suite in test/store/. The store knows only the envelope, never what an event means.

/** The digests a store may chain its events with (src/store/event-hash.ts computes them). */
export type HashAlgorithm = 'sha256' | 'sm3';

export interface Actor {
  id: string;
  role: string;
  unitId?: string;
  /** Whose the token is, e.g. 市经信局 OA system. */
  name?: string;
}

/** What a caller hands to append: the store adds position, revision, recordedAt and the hash. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  planId: string;
  data: Data;
  actor: Actor;
  /** Valid time; defaults to recordedAt. */
  effectiveAt?: string;
  correlationId?: string;
  causationId?: string | null;
  schemaVersion?: number;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  streamId: string;
  /** 0-based position within the stream. */
  streamRevision: number;
  /** Store order: strictly increasing across the whole store (not necessarily dense). */
  globalPosition: number;
  planId: string;
  /** Transaction time: UTC, milliseconds, set inside the append, never earlier than the previous event's. */
  recordedAt: string;
  /** Valid time: when the fact was true. */
  effectiveAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  schemaVersion: number;
  data: Data;
  /** The store's hash (src/store/event-hash.ts) over the envelope, chained to the stream's previous event. */
  hash: string;
  prevHash: string | null;
}

/**
 * What the stream must look like for an append to go through:
 * a revision (the last event's streamRevision), 'no_stream', 'stream_exists' or 'any'.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  /** The streamRevision of the last appended event. */
  nextExpectedRevision: number;
  /** The globalPosition of the last appended event. */
  lastPosition: number;
  events: RecordedEvent[];
}

export interface ReadAllOptions {
  /** Exclusive lower bound: events with globalPosition > after. Default 0 (from the start). */
  after?: number;
  /** Inclusive upper bound on globalPosition. */
  upTo?: number;
  maxCount?: number;
  /**
   * The caller takes events this instance appended, as it committed them, from memory where the store
   * keeps them (SQLite: the read model catching up right after a write), rather than read back from
   * disk. Integrity checks (verify, copy) leave it unset: they must see what the file holds.
   */
  recent?: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

export interface Subscription {
  /** Resolves once the subscription has delivered everything recorded when it was opened. */
  readonly caughtUp: Promise<void>;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with globalPosition > after. */
  after?: number;
  onEvent: (event: RecordedEvent) => void | Promise<void>;
  onError?: (error: unknown) => void;
}

export interface EventStore {
  /** How this store hashes its events: chosen when the store was created, never changed. */
  readonly hashAlgorithm: HashAlgorithm;
  /** Appends all events atomically, or none, if the stream is at the expected revision. */
  append(streamId: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** The stream's events in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The last globalPosition, 0 when empty. */
  headPosition(): Promise<number>;
  /** The last globalPosition whose recordedAt <= instant (an ISO instant), 0 if none. */
  positionAt(instant: string): Promise<number>;
  /** Catches up from a position, then delivers new events as they are appended. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Store copy: appends events already recorded elsewhere, as they are — eventId, type, streamId,
   *  streamRevision, recordedAt, effectiveAt, actor, correlationId, causationId, schemaVersion, data,
   *  hash and prevHash kept; globalPosition is this store's own, assigned in the given order. Each event
   *  must continue its stream (revision = head + 1, prevHash = head's hash) and recordedAt must not go
   *  below the store's last; all or nothing per call (InvalidAppendError / ConcurrencyError otherwise). */
  importRecorded(events: readonly RecordedEvent[]): Promise<{ lastPosition: number }>;
  close(): Promise<void>;
}

/** A clock for the store: recordedAt comes from it, inside the append. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

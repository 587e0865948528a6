// The EventStoreDB / KurrentDB adapter (DUBAN_STORE=esdb://…, esdb+discover://…, kurrentdb://…), through
// the gRPC client @eventstore/db-client 6.2.1. THIS FILE AND ./esdb/ ARE THE ONLY ONES THAT IMPORT THE CLIENT: moving to
// its successor @kurrent/kurrentdb-client (same API, KurrentDBClient for EventStoreDBClient) is a change
// here and in package.json, nowhere else.
//
// Written for EventStoreDB 23.10 / 24.x (LTS) and KurrentDB 25.x; needs 22.6+ (stream reads carry $all
// positions). Not run against a real server: none could be installed where it was written. Its tests run
// the contract suite through the real client against test/support/fake-esdb-server.ts, a stand-in that
// models the server as described below — what the stand-in gets wrong, those tests cannot catch.
//
// Mapping (pure functions below, unit-tested without a server):
// - duban stream `task-p:1.1` → ESDB stream `<streamPrefix>task-p:1.1` (prefix empty by default; the tests
//   give each test its own, so one throwaway server serves the whole contract suite).
// - eventId → the ESDB event id (a UUID; duban's UUID v7 are), type → type, data → JSON data; the rest of the
//   envelope (planId, recordedAt, effectiveAt, actor, correlationId, causationId, schemaVersion, hash,
//   prevHash) → JSON metadata, with `dubanEnvelope: 1` marking duban's events and ESDB's own
//   $correlationId / $causationId set too, for the server's projections.
// - streamRevision = the ESDB revision (bigint → number).
// - globalPosition = the $all commit position (a byte offset into the log, a bigint; StoreError past
//   Number.MAX_SAFE_INTEGER, i.e. 8 PiB of log). Strictly increasing, not dense: the port allows that.
//   Every event appended through gRPC is written as its own committed prepare record, so its commit and
//   prepare positions are equal — for each event of a multi-event append too (the server gives each its
//   own log position; the append answers with the last one's) — and a globalPosition maps back to the
//   ESDB position {commit: p, prepare: p}, which a forward read of $all includes (we skip it: `after` is
//   exclusive) and a subscription excludes. Limitation: events of explicit transactions (the old TCP API)
//   have commit ≠ prepare; duban never writes such events and refuses to read them as its own.
//   Likewise `after` must be 0 or a position this store gave out: the server reads $all from that byte offset.
// - Events that are not duban's (system events, $-types, link events, other applications' events, the
//   store's meta stream) are skipped when reading $all: the store is the events duban wrote.
//
// Hash chain: an append reads the stream's last event (revision, hash), hashes the new events onto it and
// appends with expectedRevision = exactly that revision, so a writer that slipped in between makes the
// append fail (WrongExpectedVersion) instead of forking the chain. The caller's expectedRevision (number /
// no_stream / stream_exists / any) is checked against the head read first; when the server then reports a
// race, a pinned expectation (a number, no_stream) becomes a ConcurrencyError with the server's actual
// revision, and an unpinned one ('any', 'stream_exists') is tried again on the new head.
//
// Appends to one stream through one instance take turns (an in-process lock), so they never lose races
// to each other; races with other processes are settled by the server as above.
//
// recordedAt: from the injected clock, inside the append, raised to the last recordedAt of the store's
// last event in $all, read just before, alongside the stream's head (a backwards read of $all, cached:
// only what is newer than the last event this process knows is read). ESDB itself gives no
// cross-process guarantee: two processes appending at the same moment with skewed clocks can leave a
// later position with an earlier recordedAt. positionAt copes by being literal — it reads $all backwards
// from the end and answers the first (i.e. last-positioned) event whose recordedAt <= the instant —
// at a cost proportional to the number of events recorded after that instant (the read model keeps its
// own clock index for the frequent asOf reads, so this is the slow path).
//
// importRecorded (store copy) checks the whole call first (chain, hashes, recordedAt), then appends it run by
// run — consecutive events of one stream, each at its exact revision: ESDB is atomic per stream only, so a
// failure part-way leaves whole runs written, each a valid chain, and a copy resumes from the head.
//
// Every read is consumed to its end (pages of $all, never abandoned part-way): the client's dispose()
// waits for each call it started, and one left unread never finishes.
//
// Store-wide eventId uniqueness is not enforced (ESDB does not index event ids): ids are checked within a
// batch, and against the stream's last event (DuplicateEventError: a request run again, see appendChecked).
//
// The hash algorithm of the store is the first event of the stream `<streamPrefix>duban-store-meta`
// (not a $-stream: writing those needs admin rights), written when the store is first opened.
//
// Reading $all needs a user allowed to (by default the $admins and $ops groups); the connection string
// carries the credentials (esdb://user:password@host:2113?tls=true).

import type { AllStreamResolvedEvent, AllStreamSubscription, AppendResult as EsdbAppendResult, Position, StreamingRead } from '@eventstore/db-client';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  type START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, StoreError } from './errors.ts';
import { esdbConnectionString, esdbReadModelPath, redact, translate } from './esdb/connection.ts';
import {
  commitOnly,
  currentRevisionToNumber,
  ESDB_META_STREAM,
  fromResolvedEvent,
  globalToPosition,
  isEnvelopeMetadata,
  isPinned,
  pinnedExpectedRevision,
  positionToGlobal,
  revisionToNumber,
  SCAN_PAGE,
  toEsdbEvent,
  UUID,
} from './esdb/mapping.ts';
import { readOrCreateHashAlgorithm } from './esdb/store-meta.ts';
import { EsdbSubscription } from './esdb/subscription.ts';
import { chainEvents } from './event-chain.ts';
import type { CheckedEvent, EventRules } from './event-checks.ts';
import { checkAppendArgs, checkDistinctIds, checkEvent, checkRecorded, isNonEmptyString, normaliseInstant, satisfies, withJsonCopies } from './event-checks.ts';
import type { HashAlgorithm, HashedEnvelope } from './event-hash.ts';
import { DEFAULT_HASH_ALGORITHM } from './event-hash.ts';
import type {
  AppendResult,
  Clock,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.ts';
import { systemClock } from './event-store.ts';

// ---------------------------------------------------------------------------------------------------
// Checking what callers hand in.

/** EventStoreDB's own rules on top of the shared ones: its event ids are UUIDs, and $-types are its own. */
const ESDB_RULES: EventRules = {
  eventId(eventId, at) {
    if (!UUID.test(eventId)) throw new InvalidAppendError(`${at}: eventId ${eventId} must be a lowercase UUID for EventStoreDB`);
  },
  type(type, at) {
    if (type.startsWith('$')) throw new InvalidAppendError(`${at}: a type starting with $ is EventStoreDB's`);
  },
};

/** A new event checked, with its data and actor copied through JSON (what a read will give back). */
function checkNewEvent(e: NewEvent, index: number): CheckedEvent {
  return withJsonCopies(checkEvent(e, index, ESDB_RULES));
}

/** Stream names starting with $ are EventStoreDB's own. */
function checkStreamName(streamId: string): void {
  if (streamId.startsWith('$')) throw new InvalidAppendError(`stream ${streamId}: a name starting with $ is an EventStoreDB system stream`);
}

function checkStreamId(streamId: string): void {
  if (!isNonEmptyString(streamId)) throw new InvalidAppendError('streamId must be a non-empty string');
  checkStreamName(streamId);
}

// ---------------------------------------------------------------------------------------------------
// The adapter.

export interface EsdbEventStoreOptions {
  clock?: Clock;
  /** The hash for a store this call creates (default sha256); an existing store keeps its own. */
  hashAlgorithm?: HashAlgorithm;
  /**
   * Put before every stream name, and the store is only the streams that carry it: several duban stores
   * (or test runs) on one server. Default '' (every stream that holds duban's events).
   */
  streamPrefix?: string;
  /** How many times an unpinned append ('any', 'stream_exists') goes again after losing a race to another process. Default 10. */
  appendRetries?: number;
}

interface StreamHead {
  revision: number;
  hash: string;
  eventId: string;
}

/** The newest of duban's events known to this process, or how far back $all was seen to hold none. */
interface Latest {
  /** $all position scanned down to: anything at or before it is described by `event`. */
  scannedFrom: number;
  event: { position: number; recordedAt: string } | null;
}

export class EsdbEventStore implements EventStore {
  readonly hashAlgorithm: HashAlgorithm;
  readonly streamPrefix: string;
  /** The connection string without its password, for logs. */
  readonly description: string;
  /** Where this store's read model lives unless DUBAN_READ_MODEL says otherwise (src/app/read-model/open-read-model.ts). */
  readonly esdbReadModelPath: string;
  private readonly client: EventStoreDBClient;
  private readonly clock: Clock;
  private readonly retries: number;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly streamLocks = new Map<string, Promise<void>>();
  private latest: Latest = { scannedFrom: 0, event: null };
  private closed = false;

  static async open(url: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    const connectionString = esdbConnectionString(url);
    const description = redact(url.trim());
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (err) {
      throw new StoreError(`cannot read the EventStoreDB connection string ${description}: ${(err as Error).message}`, { cause: err });
    }
    const prefix = options.streamPrefix ?? '';
    try {
      const asked = options.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
      const hashAlgorithm = await readOrCreateHashAlgorithm(client, prefix + ESDB_META_STREAM, asked, description);
      const store = new EsdbEventStore(client, hashAlgorithm, prefix, description, options);
      await store.latestOwnEvent(); // the last recordedAt, so the first append does not go below it
      return store;
    } catch (err) {
      await client.dispose().catch(() => {});
      throw translate(err, description);
    }
  }

  private constructor(client: EventStoreDBClient, hashAlgorithm: HashAlgorithm, streamPrefix: string, description: string, options: EsdbEventStoreOptions) {
    this.client = client;
    this.hashAlgorithm = hashAlgorithm;
    this.streamPrefix = streamPrefix;
    this.description = description;
    this.esdbReadModelPath = esdbReadModelPath(description);
    this.clock = options.clock ?? systemClock;
    this.retries = Math.max(0, Math.trunc(options.appendRetries ?? 10));
  }

  async append(streamId: string, events: NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = checkAppendArgs(streamId, events, options.expectedRevision, checkStreamName);
    const checked = events.map(checkNewEvent);
    checkDistinctIds(checked, 'append');
    const name = this.streamPrefix + streamId;
    // Appends to one stream through this instance take turns: they would only lose races to each other.
    return this.withStreamLock(name, () => this.appendChecked(streamId, name, checked, expected));
  }

  private async appendChecked(streamId: string, name: string, checked: CheckedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      for (let attempt = 0; ; attempt++) {
        // Both reads at once: the stream's head for the chain, $all's newest event for recordedAt.
        const [head, floor] = await Promise.all([this.streamHead(name), this.latestOwnEvent()]);
        const actual = head ? head.revision : -1;
        if (!satisfies(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
        // ESDB indexes no event ids, but a request run again (src/app/request-ids.ts) makes the ids
        // of its first run: refused here while that run's events are still the stream's last.
        const repeated = head && checked.find((e) => e.eventId === head.eventId);
        if (repeated) throw new DuplicateEventError(repeated.eventId);
        const recordedAt = this.nextRecordedAt(floor);
        const envelopes = chainEvents(streamId, checked, head, recordedAt, this.hashAlgorithm);
        try {
          const result = await this.client.appendToStream(name, envelopes.map(toEsdbEvent), {
            expectedRevision: pinnedExpectedRevision(actual),
          });
          // A connection string with throwOnAppendFailure=false answers a conflict instead of throwing it,
          // and client 6.2.1's batch append then reports a wrong revision: read the head again instead.
          if (!result.success) throw new LostRace((await this.streamHead(name))?.revision ?? -1);
          const recorded = await this.placed(name, envelopes, result.position);
          const last = recorded.at(-1)!;
          this.noteOwnEvent(last.globalPosition, last.recordedAt);
          for (const sub of this.subscriptions) sub.wake();
          return { nextExpectedRevision: last.streamRevision, lastPosition: last.globalPosition, events: recorded };
        } catch (err) {
          if (!(err instanceof WrongExpectedVersionError) && !(err instanceof LostRace)) throw err;
          const now = err instanceof LostRace ? err.actual : currentRevisionToNumber(err.actualVersion);
          // Someone appended between our read of the head and our append: the chain is intact (the server
          // refused ours); the caller's own expectation decides whether that is their conflict.
          if (isPinned(expected) || attempt >= this.retries) throw new ConcurrencyError(streamId, expected, now);
          await sleep(Math.random() * 10 * (attempt + 1)); // another process: step aside a little
        }
      }
    } catch (err) {
      throw translate(err, this.description);
    }
  }

  private async withStreamLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = this.streamLocks.get(name) ?? Promise.resolve();
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const mine = before.then(() => gate);
    this.streamLocks.set(name, mine);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.streamLocks.get(name) === mine) this.streamLocks.delete(name);
    }
  }

  /**
   * The appended events with their $all positions. One event: the append's answer has it. Several: each
   * has its own log position, which only a read tells, so the new revisions are read back.
   */
  private async placed(name: string, envelopes: Array<HashedEnvelope & { hash: string }>, position: Position | undefined): Promise<RecordedEvent[]> {
    if (envelopes.length === 1 && position) {
      const e = envelopes[0]!;
      // The answer's prepare position may be the transaction's; the commit position is the event's own.
      return [{ ...withoutHash(e), globalPosition: positionToGlobal(commitOnly(position.commit), e.eventId), hash: e.hash }];
    }
    const read = await this.readStreamRaw(name, envelopes[0]!.streamRevision, envelopes.length);
    const byId = new Map(read.map((r) => [r.eventId, r]));
    return envelopes.map((e) => {
      const r = byId.get(e.eventId);
      if (!r || r.streamRevision !== e.streamRevision) {
        throw new StoreError(`event ${e.eventId} was appended to ${name} but is not where it should be (revision ${e.streamRevision})`);
      }
      return r;
    });
  }

  /** Store copy: appends events recorded elsewhere, as they are (see i9: importRecorded). */
  async importRecorded(events: readonly RecordedEvent[]): Promise<{ lastPosition: number }> {
    this.assertOpen();
    if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError('an import needs at least one event');
    try {
      // Every check first, for the whole call, so a refused import writes nothing.
      const heads = new Map<string, StreamHead | null>();
      let floor = (await this.latestOwnEvent())?.recordedAt ?? '';
      const checked = events.map((e, i) => {
        checkStreamId(e.streamId);
        return checkRecorded(e, i, this.hashAlgorithm, ESDB_RULES);
      });
      checkDistinctIds(checked, 'import');
      const runs: Array<{ streamId: string; from: number; envelopes: Array<HashedEnvelope & { hash: string }> }> = [];
      for (const [i, e] of checked.entries()) {
        const at = `event ${i} (${e.eventId})`;
        if (!heads.has(e.streamId)) heads.set(e.streamId, await this.streamHead(this.streamPrefix + e.streamId));
        const head = heads.get(e.streamId) ?? null;
        const expectedRevision = head ? head.revision + 1 : 0;
        if (e.streamRevision !== expectedRevision) {
          throw new ConcurrencyError(e.streamId, expectedRevision - 1, head ? head.revision : -1);
        }
        if (e.prevHash !== (head ? head.hash : null)) {
          throw new InvalidAppendError(`${at}: prevHash does not continue stream ${e.streamId}`);
        }
        if (e.recordedAt < floor) throw new InvalidAppendError(`${at}: recordedAt ${e.recordedAt} is before the store's last, ${floor}`);
        floor = e.recordedAt;
        heads.set(e.streamId, { revision: e.streamRevision, hash: e.hash, eventId: e.eventId });
        const envelope = { ...e.envelope, hash: e.hash };
        const run = runs.at(-1);
        if (run && run.streamId === e.streamId) run.envelopes.push(envelope);
        else runs.push({ streamId: e.streamId, from: e.streamRevision, envelopes: [envelope] });
      }
      // ESDB appends atomically per stream, so the call lands run by run (consecutive events of one
      // stream): a failure part-way leaves whole runs written, each still a valid chain; a copy resumes
      // from the target's head.
      let lastPosition = 0;
      for (const run of runs) {
        const name = this.streamPrefix + run.streamId;
        let result: EsdbAppendResult;
        try {
          result = await this.client.appendToStream(name, run.envelopes.map(toEsdbEvent), { expectedRevision: pinnedExpectedRevision(run.from - 1) });
        } catch (err) {
          if (err instanceof WrongExpectedVersionError) {
            throw new ConcurrencyError(run.streamId, run.from - 1, currentRevisionToNumber(err.actualVersion));
          }
          throw err;
        }
        if (!result.success) throw new ConcurrencyError(run.streamId, run.from - 1, (await this.streamHead(name))?.revision ?? -1);
        lastPosition = positionToGlobal(commitOnly(result.position?.commit), run.envelopes.at(-1)!.eventId);
        this.noteOwnEvent(lastPosition, run.envelopes.at(-1)!.recordedAt);
      }
      for (const sub of this.subscriptions) sub.wake();
      return { lastPosition };
    } catch (err) {
      throw translate(err, this.description);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(0, Math.trunc(options.fromRevision ?? 0));
    const count = options.maxCount === undefined ? undefined : Math.max(0, Math.trunc(options.maxCount));
    if (count === 0 || !isNonEmptyString(streamId) || streamId.startsWith('$')) return [];
    try {
      return await this.readStreamRaw(this.streamPrefix + streamId, from, count);
    } catch (err) {
      throw translate(err, this.description);
    }
  }

  private async readStreamRaw(name: string, from: number, count: number | undefined): Promise<RecordedEvent[]> {
    const read = this.client.readStream(name, {
      fromRevision: BigInt(from),
      direction: FORWARDS,
      resolveLinkTos: false,
      ...(count === undefined ? {} : { maxCount: BigInt(count) }),
    });
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const e = fromResolvedEvent(resolved, this.streamPrefix);
        if (e) out.push(e);
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
    return out;
  }

  /** The stream's last event (revision and hash), null when there is none. */
  private async streamHead(name: string): Promise<StreamHead | null> {
    const read = this.client.readStream(name, { fromRevision: END, direction: BACKWARDS, maxCount: 1n, resolveLinkTos: false });
    let head: StreamHead | null = null;
    try {
      for await (const resolved of read) {
        // Read to the end (one event), not returned from inside the loop: see scanAll.
        const e = resolved.event;
        if (!e || head) continue;
        const m = e.metadata;
        if (!isEnvelopeMetadata(m)) throw new StoreError(`stream ${name} ends with an event duban did not write (${e.id})`);
        head = { revision: revisionToNumber(e.revision), hash: m.hash, eventId: e.id };
      }
      return head;
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = Math.max(0, Math.trunc(options.after ?? 0));
    const upTo = options.upTo === undefined ? Number.MAX_SAFE_INTEGER : Math.trunc(options.upTo);
    const limit = options.maxCount === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.trunc(options.maxCount));
    if (limit === 0 || upTo <= after) return [];
    const out: RecordedEvent[] = [];
    try {
      await this.scanAll(
        FORWARDS,
        globalToPosition(after),
        (resolved, position) => {
          if (position <= after) return true; // a forward read includes the event at its start
          if (position > upTo) return false;
          const e = fromResolvedEvent(resolved, this.streamPrefix);
          if (e) out.push(e);
          return out.length < limit;
        },
        limit + 2,
      );
    } catch (err) {
      throw translate(err, this.description);
    }
    return out;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    try {
      return (await this.latestOwnEvent())?.position ?? 0;
    } catch (err) {
      throw translate(err, this.description);
    }
  }

  async positionAt(instant: string): Promise<number> {
    this.assertOpen();
    const iso = normaliseInstant(instant, 'positionAt', StoreError);
    let found = 0;
    try {
      await this.scanAll(
        BACKWARDS,
        END,
        (resolved) => {
          const e = fromResolvedEvent(resolved, this.streamPrefix);
          if (!e || e.recordedAt > iso) return true;
          found = e.globalPosition;
          return false;
        },
        16,
      );
    } catch (err) {
      throw translate(err, this.description);
    }
    return found;
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.assertOpen();
    if (typeof options?.onEvent !== 'function') throw new StoreError('subscribe needs an onEvent function');
    const sub = new EsdbSubscription(this, options, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    return sub;
  }

  /** For the subscription: a catch-up subscription to $all after a position, filtered server-side. */
  openAllSubscription(after: number): AllStreamSubscription {
    const filter = this.streamPrefix === '' ? excludeSystemEvents() : streamNameFilter({ prefixes: [this.streamPrefix] });
    return this.client.subscribeToAll({ fromPosition: globalToPosition(after), resolveLinkTos: false, filter });
  }

  toRecorded(resolved: AllStreamResolvedEvent): RecordedEvent | null {
    return fromResolvedEvent(resolved, this.streamPrefix);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.closed = true;
    await this.client.dispose().catch(() => {});
  }

  /** recordedAt for an append now: the clock, never below the store's last event's. */
  private nextRecordedAt(last: { recordedAt: string } | null): string {
    const now = normaliseInstant(this.clock(), 'the clock', StoreError);
    return last && last.recordedAt > now ? last.recordedAt : now;
  }

  /**
   * duban's newest event in $all: read backwards from the end, past system events, down to what this
   * process already knows (so a repeat costs the events since, not the whole log).
   */
  async latestOwnEvent(): Promise<{ position: number; recordedAt: string } | null> {
    const known = this.latest;
    const seen: { top: number; event: RecordedEvent | null } = { top: 0, event: null };
    await this.scanAll(
      BACKWARDS,
      END,
      (resolved, position) => {
        if (seen.top === 0) seen.top = position;
        if (position <= known.scannedFrom) return false;
        seen.event = fromResolvedEvent(resolved, this.streamPrefix);
        return seen.event === null;
      },
      4,
    );
    // Only ever forward: a concurrent call may have learnt of something newer meanwhile.
    if (seen.top > this.latest.scannedFrom) {
      const event = seen.event ? { position: seen.event.globalPosition, recordedAt: seen.event.recordedAt } : this.latest.event;
      this.latest = { scannedFrom: seen.top, event };
    }
    return this.latest.event;
  }

  private noteOwnEvent(position: number, recordedAt: string): void {
    if (position >= this.latest.scannedFrom) this.latest = { scannedFrom: position, event: { position, recordedAt } };
  }

  /**
   * Reads $all in a direction, handing each event and its commit position to `visit` until it returns
   * false or $all ends. In pages (each read is one call under the client's deadline, 10 s by default),
   * each starting where the last ended: a forward read includes the event at its start (skipped), a
   * backward one excludes it.
   */
  private async scanAll(
    direction: typeof FORWARDS | typeof BACKWARDS,
    from: Position | typeof START | typeof END,
    visit: (resolved: AllStreamResolvedEvent, position: number) => boolean,
    firstPage = SCAN_PAGE,
  ): Promise<void> {
    let start = from;
    // Small first pages where the answer is usually near (the newest event), growing to SCAN_PAGE.
    let page = Math.max(2, Math.min(SCAN_PAGE, Math.trunc(firstPage)));
    for (;;) {
      const read: StreamingRead<AllStreamResolvedEvent> = this.client.readAll({
        direction,
        fromPosition: start,
        maxCount: BigInt(page),
        resolveLinkTos: false,
      });
      let count = 0;
      let last: Position | undefined;
      let done = false;
      // Each page is read to its end, never left early: the client's dispose() waits for every call it
      // started to finish, and one abandoned part-way (even cancelled, once the server has sent all) never does.
      for await (const resolved of read) {
        count += 1;
        if (done) continue;
        const raw = resolved.event?.position ?? resolved.link?.position;
        if (!raw) continue;
        last = raw;
        if (typeof start === 'object' && raw.commit === start.commit && raw.prepare === start.prepare) continue;
        // Positions of other applications' events may be anything; only their order matters here.
        const position = raw.commit > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(raw.commit);
        if (!visit(resolved, position)) done = true;
      }
      if (done || count < page || !last) return;
      start = last;
      page = Math.min(SCAN_PAGE, page * 4);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError(`the EventStoreDB store at ${this.description} is closed`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/** An append the server refused on its revision, answered rather than thrown. */
class LostRace {
  constructor(readonly actual: number) {}
}

function withoutHash(e: HashedEnvelope & { hash: string }): Omit<RecordedEvent, 'globalPosition' | 'hash'> {
  const { hash: _h, ...rest } = e;
  return rest;
}

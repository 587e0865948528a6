// Keeps the read model current: reads the events after its checkpoint a page at a time, folds each
// touched key's state with its projection, and writes the new versions, the audit index entries,
// the recorded-time axis and the new checkpoint in one transaction. Memory holds only a bounded
// cache of the latest states; a restart resumes from the checkpoint, whatever the store's size.
//
// With writeDelayMs, the small pages of a live catch-up are applied in memory first (the latest
// states, the position) and written together a little later, or at once when a reader needs the
// read model itself (writeUnwritten, through WrittenReadModel): a write is answered from the latest
// states, and one transaction carries many writes' versions instead of one each (measured: the read
// model's apply was the largest single cost of an HTTP status change on SQLite).
import { LRUCache } from 'lru-cache';
import { actionItems } from '../../../projections/action-item.ts';
import { annualSummary } from '../../../projections/annual-summary.ts';
import { auditIndexEntry } from '../../../projections/audit.ts';
import { bulletins } from '../../../projections/bulletin.ts';
import { evaluations } from '../../../projections/evaluation.ts';
import { handlingPlan } from '../../../projections/handling-plan.ts';
import { indicatorValues } from '../../../projections/indicator-value.ts';
import { inspections } from '../../../projections/inspection.ts';
import { leadingGroup } from '../../../projections/leading-group.ts';
import { meetings } from '../../../projections/meeting.ts';
import { planCatalogue } from '../../../projections/plan.ts';
import { progress } from '../../../projections/progress.ts';
import type { KeyedProjection } from '../../../projections/projection.ts';
import { reminders } from '../../../projections/reminder.ts';
import { supervisionIndex } from '../../../projections/supervision-index.ts';
import { taskStatus } from '../../../projections/task.ts';
import { accessTokens } from '../../../projections/token.ts';
import { asDomainEvent } from '../../domain/events.ts';
import type { EventStore, RecordedEvent } from '../../store/event-store.ts';
import type { ReadModel, ReadModelBatch } from './read-model.ts';
import { type ChainPosition, encodeVersion } from './version-chain.ts';

export const projections: readonly KeyedProjection<unknown>[] = [
  planCatalogue,
  taskStatus,
  accessTokens,
  leadingGroup,
  indicatorValues,
  handlingPlan,
  progress,
  reminders,
  annualSummary,
  evaluations,
  bulletins,
  meetings,
  inspections,
  actionItems,
  supervisionIndex,
];

/** A read model that can drop its secondary indexes while it is rebuilt from nothing. */
interface BulkLoading {
  beginBulk(): void;
  endBulk(): void;
}
const canBulkLoad = (rm: ReadModel): rm is ReadModel & BulkLoading => 'beginBulk' in rm && 'endBulk' in rm;

/** A key's latest version as this runner wrote or read it, its state parsed, and where it stands in its chain (version-chain.ts). */
export interface Latest extends ChainPosition {
  version: number;
  /** The store position of the event that made it. */
  position: number;
  validFrom: string;
  state: unknown;
}

export interface StartOutcome {
  /** True when the read model was dropped and is being rebuilt from the first event. */
  rebuilt: boolean;
  why: string | null;
  /** Where catching up started. */
  checkpoint: number;
  position: number;
}

export interface RunnerOptions {
  fingerprint: string;
  pageSize?: number;
  /** How often to look for events written by other processes (ms). */
  pollMs?: number;
  /** Latest states kept in memory (keys, not events). */
  cacheSize?: number;
  /** And their size at most, counted as the JSON they were stored as (the whole state's and the changes' after it). */
  cacheJsonChars?: number;
  /** How long a live catch-up's versions may wait in memory to be written with later ones (ms); 0 (the default) writes each page at once. */
  writeDelayMs?: number;
  /** Events applied in memory and not yet written, at most: more are written at once. Default 500. */
  maxUnwritten?: number;
}

/** The latest states' budget: JSON characters (parsed, some 2–3 times as many bytes). */
const LATEST_JSON_CHARS = 32_000_000;

/** Pages at least this long have their audit index and clock computed in place (when the read model can). */
const IN_PLACE_FROM = 200;

export class ReadModelRunner {
  private applied = 0;
  private running: Promise<number> | null = null;
  /** The pass to run after the one under way (catchUp). */
  private again: Promise<number> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private latest: LRUCache<string, Latest>;
  private readonly pageSize: number;
  /**
   * While rebuilding from nothing: every key written so far. A key neither cached nor in it is new,
   * and is not looked up: the bulk load has dropped the indexes, so a lookup would scan every version.
   */
  private written: Set<string> | null = null;
  /** The pages applied in memory and not yet written, as one batch (writeDelayMs). */
  private unwritten: ReadModelBatch | null = null;
  /** The position the read model itself holds (its checkpoint as this runner last wrote or read it). */
  private persisted = 0;
  private writing: Promise<void> | null = null;
  private writeTimer: NodeJS.Timeout | undefined;
  private onError: (error: unknown) => void = () => {};
  /** Holds on applying events (holdApplying): a read model that lags, for tests. */
  private holds = 0;

  constructor(
    private readonly store: EventStore,
    readonly readModel: ReadModel,
    private readonly options: RunnerOptions,
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.latest = this.liveCache();
  }

  /** The latest states a running server keeps: bounded by size too, not by count alone (one key's state may be a hundred thousand times another's). */
  private liveCache(): LRUCache<string, Latest> {
    return new LRUCache({
      max: this.options.cacheSize ?? 50_000,
      maxSize: this.options.cacheJsonChars ?? LATEST_JSON_CHARS,
      sizeCalculation: (v) => Math.max(1, v.wholeBytes + v.changeBytes),
    });
  }

  /** The last store position the read model has applied. */
  get position(): number {
    return this.applied;
  }

  /**
   * The key's latest version as of this runner's position, when it holds it in memory: readers take
   * it instead of asking the read model (its state is shared, and never changed: evolve makes new ones).
   */
  current(projection: string, key: string): Latest | undefined {
    return this.latest.get(`${projection}\u0000${key}`);
  }

  /**
   * Keeps a version a reader found as the key's latest in the read model, if it still is as of this
   * runner's position: read at position `readAt`, with nothing applied since, and made no later.
   * (Later than the position it would be another process's write, not yet applied here.)
   */
  remember(projection: string, key: string, found: Latest, readAt: number): void {
    if (this.applied !== readAt || found.position > readAt || this.written) return;
    const k = `${projection}\u0000${key}`;
    if (!this.latest.has(k)) this.latest.set(k, found);
  }

  /** Resumes from the checkpoint when it fits this store and this code; otherwise starts over. Then catches up. */
  async start(): Promise<StartOutcome> {
    const checkpoint = await this.readModel.checkpoint();
    let why: string | null = null;
    if (!checkpoint) why = 'no read model yet';
    else if (checkpoint.fingerprint !== this.options.fingerprint) why = 'the read model was built by other projection code';
    else if (checkpoint.position > 0) {
      const [event] = await this.store.readAll({ after: checkpoint.position - 1, upTo: checkpoint.position, maxCount: 1 });
      if (!event || event.globalPosition !== checkpoint.position || event.hash !== checkpoint.eventHash) {
        why = `the store holds no event ${checkpoint.position} with the checkpoint's hash`;
      }
    }
    if (why) {
      await this.readModel.reset(this.options.fingerprint);
      this.applied = 0;
    } else this.applied = checkpoint!.position;
    this.persisted = this.applied;
    this.dropUnwritten();
    this.latest.clear();
    const from = this.applied;
    if (why && (await this.store.headPosition()) > 0) await this.rebuild();
    else await this.catchUp();
    return { rebuilt: why !== null, why, checkpoint: from, position: this.applied };
  }

  /** Drops the read model and folds every event again. */
  async rebuild(onProgress?: (position: number, head: number) => void): Promise<{ events: number; seconds: number }> {
    while (this.running) await this.running;
    const started = performance.now();
    const work = (async () => {
      await this.writing?.catch(() => {}); // a write under way lands before the reset, not after it
      this.dropUnwritten(); // the reset drops what they would have written
      await this.readModel.reset(this.options.fingerprint);
      this.applied = 0;
      this.persisted = 0;
      this.latest.clear();
      return this.rebuildFromNothing(onProgress);
    })();
    // Catching up waits for the rebuild rather than running beside it.
    this.running = work.then(
      () => this.applied,
      () => this.applied,
    );
    try {
      const events = await work;
      return { events, seconds: (performance.now() - started) / 1000 };
    } finally {
      this.running = null;
    }
  }

  private async rebuildFromNothing(onProgress?: (position: number, head: number) => void): Promise<number> {
    const head = await this.store.headPosition();
    const bulk = canBulkLoad(this.readModel) ? this.readModel : null;
    bulk?.beginBulk();
    let count = 0;
    this.written = new Set();
    // While rebuilding, a key let go must be read back without the indexes (dropped for the load): a
    // scan. So the rebuild keeps latest states by count only, as many as it may, and drops them all
    // at its end (below).
    this.latest = new LRUCache({ max: this.options.cacheSize ?? 50_000 });
    try {
      for (;;) {
        const events = await this.store.readAll({ after: this.applied, maxCount: this.pageSize });
        if (!events.length) break;
        await this.applyPage(events);
        count += events.length;
        onProgress?.(this.applied, Math.max(head, this.applied));
      }
    } finally {
      this.written = null;
      // What the rebuild kept is every key's state it touched last, not what the server will write
      // next: go on as a server that resumed does, with none.
      this.latest = this.liveCache();
    }
    // Only a load that went through ends the bulk mode; one that threw keeps its mark, and the
    // next open throws the half-built read model away.
    bulk?.endBulk();
    return count;
  }

  /** Applies everything the store holds beyond the checkpoint; concurrent callers share one pass. */
  catchUp(): Promise<number> {
    if (!this.running) {
      this.running = this.pull().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A pass is under way, but it may have read before the caller's write: run one more after it —
    // one, shared by every caller that comes meanwhile (concurrent writes each asked for their own).
    if (!this.again) {
      const next = () => {
        this.again = null;
        return this.catchUp();
      };
      this.again = this.running.then(next, next); // a failed pass is no reason to skip the next
    }
    return this.again;
  }

  private async pull(): Promise<number> {
    if (this.holds > 0) return this.applied;
    for (;;) {
      const events = await this.store.readAll({ after: this.applied, maxCount: this.pageSize, recent: true });
      const applied = events.length ? await this.applyPage(events) : true;
      // A short page was the store's end when read: what came since is the next pass's.
      if (applied && events.length < this.pageSize) break;
    }
    return this.applied;
  }

  /** Folds a page into the read model; false when the position moved meanwhile and the page was left (read again from the new one). */
  private async applyPage(events: RecordedEvent[]): Promise<boolean> {
    const from = this.applied;
    const work = new Map<string, Latest | undefined>();
    const id = (p: KeyedProjection<unknown>, key: string) => `${p.name}\u0000${key}`;

    // The latest state of every key the page touches: from the cache, else one read per projection.
    const missing = new Map<KeyedProjection<unknown>, Set<string>>();
    for (const event of events) {
      for (const p of projections) {
        for (const key of p.keysOf(asDomainEvent(event))) {
          const k = id(p, key);
          if (work.has(k)) continue;
          const cached = this.latest.get(k);
          if (cached) {
            work.set(k, cached);
            continue;
          }
          work.set(k, undefined);
          if (this.written && !this.written.has(k)) continue;
          let keys = missing.get(p);
          if (!keys) {
            keys = new Set();
            missing.set(p, keys);
          }
          keys.add(key);
        }
      }
    }
    if (missing.size) {
      // A key not in the cache may have a version still unwritten (the cache let it go): write first.
      await this.writeUnwritten();
      if (this.applied !== from) return false;
      for (const [p, keys] of missing) {
        const found = await this.readModel.latest(p.name, [...keys]);
        for (const key of keys) {
          const v = found.get(key);
          if (!v) {
            work.set(id(p, key), undefined);
            continue;
          }
          const { state, wholeBytes, changeBytes } = v.read();
          work.set(id(p, key), { version: v.version, position: v.position, validFrom: v.validFrom, state, base: v.base, wholeBytes, changeBytes });
        }
      }
      if (this.applied !== from) return false;
    }

    const last = events.at(-1)!;
    // A page of a rebuild or a long catch-up is indexed by SQL from the events in place; the few events
    // of a live catch-up are already in hand, and inserting their entries costs less than SQLite
    // reading them again from the store's file through another connection (measured: ~10 µs an event).
    const inPlace = this.readModel.indexesEventsInPlace === true && events.length >= IN_PLACE_FROM;
    const batch: ReadModelBatch = {
      after: from,
      checkpoint: { position: last.globalPosition, eventHash: last.hash },
      versions: [],
      audit: [],
      clock: [],
      ...(inPlace ? { indexInPlace: true } : {}),
    };
    for (const recorded of events) {
      // The store's envelope, typed as the domain event it holds for the folds (src/domain/events.ts).
      const event = asDomainEvent(recorded);
      for (const p of projections) {
        for (const key of p.keysOf(event)) {
          const prev = work.get(id(p, key));
          const state = p.evolve(prev?.state, event, key);
          if (state === undefined) continue;
          // Valid time never runs backwards within a key: a change recorded later takes effect no
          // earlier than the one before it (the deciders refuse the rest; this keeps any store coherent).
          const validFrom = prev && prev.validFrom > event.effectiveAt ? prev.validFrom : event.effectiveAt;
          // Stored as its changes from the version before, or whole (version-chain.ts): never the whole state each time.
          const { text, ...chain } = encodeVersion(prev, state, event.globalPosition);
          const next: Latest = { version: prev ? prev.version + 1 : 0, position: event.globalPosition, validFrom, state, ...chain };
          work.set(id(p, key), next);
          batch.versions.push({
            projection: p.name,
            key,
            version: next.version,
            position: event.globalPosition,
            validFrom,
            base: chain.base,
            state: text,
          });
        }
      }
      if (inPlace) continue;
      batch.audit.push(auditIndexEntry(event));
      addTick(batch.clock, event.recordedAt, event.globalPosition);
    }

    if (this.options.writeDelayMs && !inPlace && !this.written) {
      // Applied in memory now, written with the next pages (nothing awaited from here to the end).
      this.keep(work);
      this.applied = batch.checkpoint.position;
      this.unwritten = this.unwritten ? merged(this.unwritten, batch) : batch;
      // A held batch has one audit entry per event (it is never indexed in place): its length counts them.
      if (this.unwritten.audit.length >= (this.options.maxUnwritten ?? 500)) await this.writeUnwritten();
      else {
        this.writeTimer ??= setTimeout(() => {
          this.writeTimer = undefined; // fired: the next held page sets another
          this.writeUnwritten().catch(this.onError);
        }, this.options.writeDelayMs).unref();
      }
      return true;
    }

    // Written in order: what waits in memory first.
    await this.writeUnwritten();
    if (this.applied !== from) return false;
    if (!(await this.readModel.apply(batch))) {
      // Another process sharing the read model applied these first: take its checkpoint and forget what we held.
      this.written = null; // what the other process wrote is not in it: look keys up again
      this.forgetUnwritten((await this.readModel.checkpoint())?.position ?? 0);
      return true;
    }
    this.keep(work);
    this.applied = this.persisted = batch.checkpoint.position;
    return true;
  }

  private keep(work: Map<string, Latest | undefined>): void {
    for (const [key, value] of work) {
      if (!value) continue;
      this.latest.set(key, value);
      this.written?.add(key);
    }
  }

  /**
   * Writes what was applied in memory only, and waits for it: once it resolves, the read model itself
   * holds every position this runner had applied when it was called. Readers of the read model's own
   * tables (history, past readings, key lists) call it first (WrittenReadModel).
   */
  async writeUnwritten(): Promise<void> {
    const upTo = this.applied;
    // A write under way may have ended its loop before the pages applied since were held: go again.
    while (this.persisted < upTo && (this.writing || this.unwritten)) {
      this.writing ??= this.writeLoop().finally(() => {
        this.writing = null;
      });
      await this.writing;
    }
  }

  private async writeLoop(): Promise<void> {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    while (this.unwritten) {
      let batch = this.unwritten;
      this.unwritten = null;
      try {
        for (;;) {
          if (await this.readModel.apply(batch)) {
            this.persisted = batch.checkpoint.position;
            break;
          }
          // Another process sharing the read model applied some of these first. Its versions are the
          // ones computed here (the same events folded by the same code): write only what lies beyond.
          const theirs = (await this.readModel.checkpoint())?.position ?? 0;
          if (theirs < batch.after) {
            this.forgetUnwritten(theirs); // it was reset: start again from what it holds
            return;
          }
          if (theirs < batch.checkpoint.position) {
            batch = beyond(batch, theirs);
            continue;
          }
          this.persisted = theirs;
          if (theirs > this.applied) {
            // It is ahead of memory too: take its position (the latest states beyond ours are in it).
            this.forgetUnwritten(theirs);
            return;
          }
          break; // the next unwritten pages, if any, are cut at its position in their turn
        }
      } catch (error) {
        // Not written: memory is ahead of the read model. Go back to what it holds; the next catch-up applies the rest again.
        this.forgetUnwritten(this.persisted);
        throw error;
      }
    }
  }

  /** Drops what memory holds beyond the read model's own position, and takes that position. */
  private forgetUnwritten(position: number): void {
    this.dropUnwritten();
    this.latest.clear();
    this.applied = this.persisted = position;
  }

  private dropUnwritten(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.unwritten = null;
  }

  /** Waits, at most `timeoutMs`, until the read model has applied `position`. */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.applied >= position) return true;
      await this.catchUp();
      if (this.applied >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))));
    }
  }

  /**
   * Tests only: applies no more events until the returned function is called, as a read model lagging
   * behind the store would (a write's wait for its own position then runs out).
   */
  holdApplying(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
    };
  }

  /** Looks for events written by other processes every pollMs. */
  follow(onError: (error: unknown) => void): void {
    this.onError = onError; // and a delayed write's failure
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) this.catchUp().catch(onError);
    }, this.options.pollMs ?? 250);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
    await this.writeUnwritten();
  }
}

/** Records that `position` is the last event recorded at `recordedAt` (ticks in position order). */
function addTick(clock: ReadModelBatch['clock'], recordedAt: string, position: number): void {
  const tick = clock.at(-1);
  if (tick && tick.recordedAt === recordedAt) tick.position = position;
  else clock.push({ recordedAt, position });
}

/** Two batches in a row (b's `after` is a's checkpoint) as one. */
function merged(a: ReadModelBatch, b: ReadModelBatch): ReadModelBatch {
  for (const v of b.versions) a.versions.push(v);
  for (const e of b.audit) a.audit.push(e);
  for (const t of b.clock) addTick(a.clock, t.recordedAt, t.position);
  a.checkpoint = b.checkpoint;
  return a;
}

/** The part of a batch made by the events after `position` (within it). */
function beyond(batch: ReadModelBatch, position: number): ReadModelBatch {
  return {
    after: position,
    checkpoint: batch.checkpoint,
    versions: batch.versions.filter((v) => v.position > position),
    audit: batch.audit.filter((a) => a.globalPosition > position),
    clock: batch.clock.filter((t) => t.position > position),
  };
}

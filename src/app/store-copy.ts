// `duban store copy`: every event of one store into another, through the EventStore port only (any
// adapter to any adapter), keeping event ids, order, timestamps and hashes (importRecorded).
//
// Resumable: a target that is not empty must hold a prefix of the source — its events, in order, the
// source's first ones (same eventId and hash at the same ordinal); the copy goes on after its last.
// The source may be live: the copy goes up to the head read at the start, and a rerun copies the rest.
//
// Checked afterwards (checkCopy): the target holds as many events as the source's copied prefix, with
// the same history digest, and its chains and digests verify (src/app/verify.ts).
import { createHash, type Hash } from 'node:crypto';
import { StoreError } from '../store/errors.ts';
import type { EventStore, RecordedEvent } from '../store/event-store.ts';
import { type VerifyResult, verifyStore } from './verify.ts';

/**
 * The history digest of a run of events: lowercase hex SHA-256 over each event's `hash` followed by a
 * line feed, in global order. Each hash covers its whole envelope (eventId, stream and revision, times,
 * data, prevHash) but not globalPosition, so two stores holding the same events in the same order have
 * the same history digest whatever positions they assigned. (Not verify's "head digest": that is the
 * hash of the last DigestRecorded event and covers only the events up to its range.)
 */
export class HistoryDigest {
  private readonly sha = createHash('sha256') as Hash;
  count = 0;
  add(event: Pick<RecordedEvent, 'hash'>): void {
    this.sha.update(`${event.hash}\n`, 'utf8');
    this.count += 1;
  }
  /** The digest so far (the running hash is copied, so more events may follow). */
  hex(): string {
    return this.sha.copy().digest('hex');
  }
}

/** Reads a store in global order, one page at a time, up to a position. */
class Cursor {
  private page: RecordedEvent[] = [];
  private index = 0;
  private after = 0;
  private done = false;
  constructor(
    private readonly store: EventStore,
    private readonly upTo: number,
    private readonly pageSize: number,
  ) {}
  async next(): Promise<RecordedEvent | null> {
    if (this.index >= this.page.length) {
      if (this.done) return null;
      this.page = await this.store.readAll({ after: this.after, upTo: this.upTo, maxCount: this.pageSize });
      this.index = 0;
      if (this.page.length < this.pageSize) this.done = true;
      if (this.page.length === 0) return null;
      this.after = this.page.at(-1)!.globalPosition;
    }
    return this.page[this.index++]!;
  }
}

export interface CopyOptions {
  /** Events per read and per importRecorded call. Default 1000. */
  pageSize?: number;
  /** Stop after copying this many events (a rerun goes on from there). */
  maxEvents?: number;
  /** After each page: the source position copied through, and the source head the copy goes to. */
  onProgress?: (position: number, head: number) => void;
}

export interface CopyResult {
  /** The source's head when the copy started: the copy goes no further. */
  sourceHead: number;
  /** Events the target already held (a resumed copy). */
  resumedAfter: number;
  /** Events this run copied. */
  copied: number;
  /** The source position of the last event the target now holds (0 when none). */
  sourcePosition: number;
  /** Whether the target now holds every source event up to sourceHead. */
  complete: boolean;
  /** Whether every event has the same globalPosition in both stores (false when the source's positions have gaps). */
  positionsKept: boolean;
  /** The history digest of the source events the target should now hold. */
  source: { events: number; digest: string };
  seconds: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function copyStore(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyResult> {
  const started = performance.now();
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 1000));
  const maxEvents = options.maxEvents === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.trunc(options.maxEvents));
  if (source.hashAlgorithm !== target.hashAlgorithm) {
    throw new StoreError(
      `the target hashes with ${target.hashAlgorithm}, the source with ${source.hashAlgorithm}: a copy keeps every hash, so both must use one algorithm (copy into a new, empty store: it takes the source's)`,
    );
  }
  const sourceHead = await source.headPosition();
  const digest = new HistoryDigest();
  let positionsKept = true;

  // What the target holds must be the source's first events, in order.
  const targetHead = await target.headPosition();
  const fromSource = new Cursor(source, sourceHead, pageSize);
  const inTarget = new Cursor(target, targetHead, pageSize);
  let sourcePosition = 0;
  for (let t = await inTarget.next(); t; t = await inTarget.next()) {
    const s = await fromSource.next();
    const ordinal = digest.count + 1;
    if (!s) {
      throw new StoreError(
        `the target holds more events than the source had when the copy started (${digest.count} at its head, position ${sourceHead}): it is not a copy of this source; copy into an empty store`,
      );
    }
    if (s.eventId !== t.eventId || s.hash !== t.hash) {
      throw new StoreError(
        `the target is not a prefix of the source: its event ${ordinal} is ${t.eventId} (${t.streamId} revision ${t.streamRevision}), the source's is ${s.eventId} (${s.streamId} revision ${s.streamRevision}); copy into an empty store`,
      );
    }
    if (s.globalPosition !== t.globalPosition) positionsKept = false;
    digest.add(s);
    sourcePosition = s.globalPosition;
    if (digest.count % pageSize === 0) await yieldToLoop();
  }
  const resumedAfter = digest.count;
  if (resumedAfter > 0) options.onProgress?.(sourcePosition, sourceHead);

  let copied = 0;
  while (copied < maxEvents) {
    const page = await source.readAll({ after: sourcePosition, upTo: sourceHead, maxCount: Math.min(pageSize, maxEvents - copied) });
    if (page.length === 0) break;
    const { lastPosition } = await target.importRecorded(page);
    const last = page.at(-1)!;
    if (lastPosition !== last.globalPosition) positionsKept = false;
    for (const e of page) digest.add(e);
    copied += page.length;
    sourcePosition = last.globalPosition;
    options.onProgress?.(sourcePosition, sourceHead);
    await yieldToLoop();
  }
  const complete = sourcePosition >= sourceHead || (await source.readAll({ after: sourcePosition, upTo: sourceHead, maxCount: 1 })).length === 0;
  return {
    sourceHead,
    resumedAfter,
    copied,
    sourcePosition,
    complete,
    positionsKept,
    source: { events: digest.count, digest: digest.hex() },
    seconds: (performance.now() - started) / 1000,
  };
}

export interface CopyCheck {
  ok: boolean;
  /** The whole target, walked again: how many events and their history digest. */
  target: { events: number; digest: string };
  /** The target's own verification: every hash, chain and digest. */
  verify: VerifyResult;
  /** What is wrong, one line each; empty when ok. */
  problems: string[];
}

/** Reads the target back and compares it with what the copy says the source holds, then verifies it. */
export async function checkCopy(
  target: EventStore,
  expected: CopyResult['source'],
  options: { pageSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<CopyCheck> {
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 1000));
  const digest = new HistoryDigest();
  const cursor = new Cursor(target, await target.headPosition(), pageSize);
  for (let e = await cursor.next(); e; e = await cursor.next()) {
    digest.add(e);
    if (digest.count % pageSize === 0) await yieldToLoop();
  }
  const found = { events: digest.count, digest: digest.hex() };
  const verify = await verifyStore(target, { pageSize, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const problems: string[] = [];
  if (found.events !== expected.events) problems.push(`the target holds ${found.events} events, the source's copied part ${expected.events}`);
  if (found.digest !== expected.digest) problems.push(`the target's history digest ${found.digest} is not the source's ${expected.digest}`);
  if (!verify.intact) {
    const p = verify.problem;
    problems.push(`the target does not verify: ${p.kind} at ${p.streamId} revision ${p.revision} (position ${p.globalPosition ?? 'none'}): ${p.detail}`);
  }
  return { ok: problems.length === 0, target: found, verify, problems };
}

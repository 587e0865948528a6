// Writes DigestRecorded events (src/domain/digest.ts) to the system stream digest-_system: one per
// `every` events not yet covered, or for whatever is uncovered once its oldest event is `intervalMs`
// old. Periodic rather than chained through every append: appends stay as they are, and a digest
// pins a whole range at once. Several processes may run a writer on one store: the append expects
// the digest stream's revision, so one of two racing digests wins and the other writer moves on.
// With a signer, each digest is signed (its signature names the previous digest, so it vouches for the
// chain), and once its append has returned, its head is remembered in the signed-head file.
import type { DigestRecordedData, DigestStream } from '../domain/digest.ts';
import { asDomainEvent, eventTypes, SYSTEM_PLAN_ID, streams as streamIds } from '../domain/events.ts';
import { ConcurrencyError } from '../store/errors.ts';
import type { Actor, EventStore, RecordedEvent } from '../store/event-store.ts';
import { appendEvents } from './command-handler.ts';
import type { DigestSigner } from './digest-signing.ts';
import { type SignedHead, writeSignedHead } from './signed-head.ts';

export const DIGEST_ACTOR: Actor = { id: 'duban', role: 'system' };

export interface DigestWriterOptions {
  /** Write a digest once this many events are uncovered (and at most this many per digest). Default 1000. */
  every?: number;
  /** Write one for any uncovered events once the oldest was recorded this long ago. Default 5 minutes. */
  intervalMs?: number;
  newId: () => string;
  clock?: () => Date;
  /** How often start()'s timer looks. Default the smaller of intervalMs and 30 s. */
  checkEveryMs?: number;
  /** Where start()'s timer reports a failed write (default console.error). */
  onError?: (error: unknown) => void;
  /** Signs every digest written; without one, digests are unsigned. */
  signer?: DigestSigner;
  /** Where the last signed head is remembered, outside the store (null or absent: nowhere). */
  signedHeadFile?: string | null;
}

export interface DigestResult {
  /** Digest events written by this call. */
  digests: number;
  /** Events they cover. */
  covered: number;
  /** The hash of the last digest written: the head digest. */
  headDigest: string;
  /** Its globalPosition. */
  position: number;
  /** The last globalPosition it covers. */
  toPosition: number;
}

export interface DigestWriter {
  /** Writes the digests that are due; null when none was. */
  maybeWrite(): Promise<DigestResult | null>;
  /** Covers every uncovered event now; null when there was none. */
  flush(): Promise<DigestResult | null>;
  /** Calls maybeWrite on an unref'd timer. */
  start(): void;
  /** Stops the timer and flushes. */
  stop(): Promise<DigestResult | null>;
  /**
   * Flushes, then, when the store's last digest is still unsigned (written before signing began),
   * writes a seal: a digest covering nothing new, signed, naming it. Null when nothing was written.
   */
  signHead(): Promise<DigestResult | null>;
  /** The last digest in the store as this writer last saw it, when it is signed. */
  signedHead(): SignedHead | null;
}

interface LastDigest {
  revision: number;
  hash: string;
  position: number;
  toPosition: number;
  signature: DigestRecordedData['signature'];
}

const PAGE = 250;

export function createDigestWriter(store: EventStore, options: DigestWriterOptions): DigestWriter {
  const every = Math.max(1, Math.trunc(options.every ?? 1000));
  const intervalMs = options.intervalMs ?? 300_000;
  const clock = options.clock ?? (() => new Date());
  const digestStream = streamIds.digest();
  let last: LastDigest | null = null;
  let timer: NodeJS.Timeout | undefined;
  // One write at a time in this process: a timer tick and a flush must not race each other.
  let queue: Promise<unknown> = Promise.resolve();

  /** Catches up with digests written since we last looked, by us or by another process. */
  async function refresh(): Promise<void> {
    const newer = await store.readStream(digestStream, { fromRevision: last ? last.revision + 1 : 0 });
    const head = newer.at(-1);
    const typed = head && asDomainEvent(head);
    if (head && typed?.type === 'DigestRecorded') last = lastOf(head, typed.data);
  }

  const lastOf = (e: RecordedEvent, data: DigestRecordedData): LastDigest => ({
    revision: e.streamRevision,
    hash: e.hash,
    position: e.globalPosition,
    toPosition: data.toPosition,
    signature: data.signature,
  });

  const headOf = (d: LastDigest | null): SignedHead | null =>
    d?.signature
      ? { position: d.position, revision: d.revision, digest: d.hash, toPosition: d.toPosition, keyId: d.signature.keyId, signature: d.signature.value }
      : null;

  /** Appends one digest (signed when there is a signer); false when another writer got there first. */
  async function append(fields: Omit<DigestRecordedData, 'signature'>): Promise<RecordedEvent | null> {
    const data: DigestRecordedData = options.signer ? { ...fields, signature: options.signer.sign(fields) } : fields;
    try {
      // A record of the server's own, decided by nothing: appended through the command handler's one way in.
      const appended = await appendEvents(
        store,
        digestStream,
        SYSTEM_PLAN_ID,
        [{ type: eventTypes.DigestRecorded, data }],
        DIGEST_ACTOR,
        last ? last.revision : 'no_stream',
        options.newId,
      );
      const e = appended.events[0]!;
      last = lastOf(e, data);
      // The append has returned: the digest is durable, so the file may name it.
      const head = headOf(last);
      if (head && options.signedHeadFile) writeSignedHead(options.signedHeadFile, head);
      return e;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      return null; // another writer recorded a digest first: the next refresh starts after it
    }
  }

  /** The next up to `every` uncovered events, summarised as a digest's data; null when none. */
  async function nextRange(): Promise<{ data: DigestRecordedData; oldestAt: string } | null> {
    const fromPosition = last?.toPosition ?? 0;
    const byStream = new Map<string, number>();
    const list: DigestStream[] = [];
    const order: number[] = [];
    let toPosition = fromPosition;
    let oldestAt: string | null = null;
    let after = fromPosition;
    while (order.length < every) {
      // A turn of the event loop between pages: a backlog of many thousand events (a busy half minute)
      // is read without holding requests up for its whole length.
      await new Promise((resolve) => setImmediate(resolve));
      const page: RecordedEvent[] = await store.readAll({ after, maxCount: PAGE });
      for (const e of page) {
        after = e.globalPosition;
        if (e.streamId === digestStream) continue; // digests never cover digests
        let index = byStream.get(e.streamId);
        if (index === undefined) {
          index = list.length;
          byStream.set(e.streamId, index);
          list.push({ streamId: e.streamId, fromRevision: e.streamRevision, toRevision: e.streamRevision, headHash: e.hash });
        } else {
          list[index]!.toRevision = e.streamRevision;
          list[index]!.headHash = e.hash;
        }
        order.push(index);
        toPosition = e.globalPosition;
        oldestAt ??= e.recordedAt;
        if (order.length === every) break;
      }
      if (page.length < PAGE) break;
    }
    if (order.length === 0) return null;
    return {
      data: { fromPosition, toPosition, count: order.length, streams: list, order, previousDigest: last?.hash ?? null },
      oldestAt: oldestAt!,
    };
  }

  async function write(force: boolean): Promise<DigestResult | null> {
    let result = null as DigestResult | null;
    for (;;) {
      await refresh();
      const range = await nextRange();
      if (!range) break;
      const due = range.data.count >= every || clock().getTime() - Date.parse(range.oldestAt) >= intervalMs;
      if (!force && !due) break;
      const e = await append(range.data);
      if (e) {
        result = {
          digests: (result?.digests ?? 0) + 1,
          covered: (result?.covered ?? 0) + range.data.count,
          headDigest: e.hash,
          position: e.globalPosition,
          toPosition: range.data.toPosition,
        };
      }
    }
    return result;
  }

  async function seal(): Promise<DigestResult | null> {
    const flushed = await write(true);
    if (!options.signer) return flushed;
    for (;;) {
      await refresh();
      if (!last || last.signature) return flushed;
      const at = last.toPosition;
      const e = await append({ fromPosition: at, toPosition: at, count: 0, streams: [], order: [], previousDigest: last.hash });
      if (e) return { digests: (flushed?.digests ?? 0) + 1, covered: flushed?.covered ?? 0, headDigest: e.hash, position: e.globalPosition, toPosition: at };
    }
  }

  const serialised = (force: boolean | 'seal'): Promise<DigestResult | null> => {
    const run = queue.then(() => (force === 'seal' ? seal() : write(force)));
    queue = run.catch(() => {});
    return run;
  };

  return {
    maybeWrite: () => serialised(false),
    flush: () => serialised(true),
    start() {
      if (timer) return;
      const onError = options.onError ?? ((error: unknown) => console.error('duban: writing a digest failed', error));
      timer = setInterval(() => void serialised(false).catch(onError), options.checkEveryMs ?? Math.min(intervalMs, 30_000));
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      return serialised(true);
    },
    signHead: () => serialised('seal'),
    signedHead: () => headOf(last),
  };
}

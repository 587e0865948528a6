// Walks the whole store in global order and says whether its history is as it was written: every
// event's hash recomputes (with the store's algorithm), every stream's chain runs 0,1,2… with each
// prevHash the previous event's hash, in increasing position; and each digest's range holds exactly
// the events it lists, in its order, with its heads. It stops at the first problem, naming it.
//
// Given the signing key and the last signed head (both kept outside the store), it also checks each
// digest's signature and that the store still reaches, and holds, that head: a store shortened behind
// it is truncated; a digest signed wrongly, or unsigned after signed ones, or another digest where the
// signed head was, is forged. Digests from before signing began are unsigned, not forged; events after
// the last signed digest (a kill -9 before the next digest) are an unsigned tail, vouched for by their
// chains alone.
//
// Memory follows the number of streams (one head per stream) plus one digest's range, re-read from the
// store when its digest is reached, never the number of events. Between pages it yields to the event
// loop, so a server running it keeps answering.
import { DigestRecordedData } from '../domain/digest.ts';
import { eventTypes, streams as streamIds } from '../domain/events.ts';
import { eventHash, type HashAlgorithm } from '../store/event-hash.ts';
import type { EventStore, RecordedEvent } from '../store/event-store.ts';
import type { DigestKey } from './digest-signing.ts';
import type { SignedHead } from './signed-head.ts';

export type ProblemKind = 'changed' | 'missing' | 'reordered' | 'inserted' | 'truncated' | 'forged';

/** The last signed digest found in the store. */
export interface StoreSignedHead {
  position: number;
  revision: number;
  digest: string;
  toPosition: number;
}

/** What the signatures say, on an intact store. */
export interface SignatureReport {
  /** checked: against the key outside the store; unchecked: no key was given (a copy, a store in memory). */
  signatures: 'checked' | 'unchecked';
  /** Digests carrying a signature (that verified, when checked). */
  signed: number;
  /** Digests without one, all before the first signed digest: written before signing began. */
  unsigned: number;
  /** The last signed digest in the store; null when none is signed. */
  signedHead: StoreSignedHead | null;
  /** Events after the last signed digest's range (all events when none is signed): vouched for by their chains only. */
  unsignedTail: number;
  /** matched: the store holds the signed head remembered outside it; none: nothing was remembered (or given). */
  anchor: 'matched' | 'none';
}

export interface VerifyProblem {
  kind: ProblemKind;
  streamId: string;
  revision: number;
  /** Where the event is now; null when it is missing. */
  globalPosition: number | null;
  detail: string;
}

export type VerifyResult =
  | ({
      intact: true;
      algorithm: HashAlgorithm;
      /** Events walked, digests included. */
      events: number;
      /** Streams seen, the digest stream included. */
      streams: number;
      digests: number;
      /** The hash of the last digest event, null when there is none. */
      headDigest: string | null;
      /** The last position walked. */
      headPosition: number;
      /** Events after the last digest's range: covered only by their streams' chains. */
      uncovered: number;
    } & SignatureReport)
  | { intact: false; algorithm: HashAlgorithm; events: number; problem: VerifyProblem };

export interface VerifyOptions {
  /** Events read per page. Default 1000. */
  pageSize?: number;
  /** After each page: positions walked so far, and the head position the walk goes to. */
  onProgress?: (done: number, total: number) => void;
  /** The key digests are checked against, from outside the store; without it signatures go unchecked. */
  key?: DigestKey | null;
  /** The last signed head remembered outside the store, read before the walk starts (a function: read when the walk starts). */
  signedHead?: SignedHead | null | (() => SignedHead | null);
}

interface Head {
  revision: number;
  hash: string;
  position: number;
}

interface LastDigest {
  hash: string;
  toPosition: number;
}

const signatureProblem = (key: DigestKey, d: DigestRecordedData): string | null => {
  if (!d.signature) return null;
  if (d.signature.keyId !== key.keyId) {
    return `is signed by another key (${d.signature.keyId}), not the signing key outside the store (${key.keyId}); instances sharing a store must share one key`;
  }
  return key.verifies(d) ? null : `has a signature that does not verify with the signing key (${key.keyId})`;
};

const truncatedDetail = (anchor: SignedHead, head: number) =>
  `the store ends at position ${head}, behind its last signed head remembered outside it: digest revision ${anchor.revision} at position ${anchor.position} (${anchor.digest})`;

const rewrittenDetail = (anchor: SignedHead, found: string) =>
  `digest revision ${anchor.revision} is ${found}, not the signed head remembered outside the store (${anchor.digest}): the history up to it was rewritten`;

class Broken extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.detail);
  }
}

const broken = (kind: ProblemKind, streamId: string, revision: number, globalPosition: number | null, detail: string) =>
  new Broken({ kind, streamId, revision, globalPosition, detail });

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  const algorithm = store.hashAlgorithm;
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 1000));
  const digestStream = streamIds.digest();
  const key = options.key ?? null;
  // The remembered head first, then the store's: a head signed meanwhile is in the store too.
  const anchor = (typeof options.signedHead === 'function' ? options.signedHead() : options.signedHead) ?? null;
  // The head as the walk starts: events appended meanwhile are left to the next verification.
  const headPosition = await store.headPosition();
  let signed = 0;
  let unsigned = 0;
  let signedHead: StoreSignedHead | null = null;
  let anchorSeen = false;
  let coveredBySigned = 0;
  const heads = new Map<string, Head>();
  let events = 0;
  let digests = 0;
  let covered = 0;
  let nonDigest = 0;
  let lastDigest: LastDigest | null = null;
  let walked = 0;

  const checkEvent = async (e: RecordedEvent) => {
    const where = `${e.streamId} revision ${e.streamRevision}`;
    if (eventHash(e, algorithm) !== e.hash) {
      throw broken('changed', e.streamId, e.streamRevision, e.globalPosition, `${where} does not hash to its stored hash (${algorithm})`);
    }
    const head = heads.get(e.streamId);
    const expected = head ? head.revision + 1 : 0;
    if (e.streamRevision > expected) {
      // Either the expected revision is later in the store (out of order) or gone.
      const [later] = await store.readStream(e.streamId, { fromRevision: expected, maxCount: 1 });
      if (later && later.streamRevision === expected) {
        throw broken(
          'reordered',
          e.streamId,
          expected,
          later.globalPosition,
          `revision ${expected} is at position ${later.globalPosition}, after revision ${e.streamRevision} at ${e.globalPosition}`,
        );
      }
      throw broken('missing', e.streamId, expected, null, `revision ${expected} is gone: the stream goes from ${expected - 1} to ${e.streamRevision}`);
    }
    if (e.streamRevision < expected) {
      throw broken('inserted', e.streamId, e.streamRevision, e.globalPosition, `a second event claims ${where}`);
    }
    if (e.prevHash !== (head?.hash ?? null)) {
      // The event hashes right but does not follow its predecessor: that one was rewritten (rehashed).
      if (head) {
        throw broken(
          'changed',
          e.streamId,
          head.revision,
          head.position,
          `revision ${head.revision} is not the event revision ${e.streamRevision} was chained to (its hash differs from the prevHash recorded after it)`,
        );
      }
      throw broken('changed', e.streamId, e.streamRevision, e.globalPosition, `${where} is a first revision with a prevHash`);
    }
    heads.set(e.streamId, { revision: e.streamRevision, hash: e.hash, position: e.globalPosition });
  };

  const checkDigest = async (e: RecordedEvent) => {
    const at = (detail: string) => broken('changed', e.streamId, e.streamRevision, e.globalPosition, detail);
    const parsed = e.type === eventTypes.DigestRecorded ? DigestRecordedData.safeParse(e.data) : null;
    if (!parsed?.success) throw at(`digest revision ${e.streamRevision} is not a well-formed DigestRecorded event`);
    const d = parsed.data;
    if (d.previousDigest !== (lastDigest?.hash ?? null)) throw at(`digest revision ${e.streamRevision} does not name the previous digest`);
    if (d.fromPosition !== (lastDigest?.toPosition ?? 0)) throw at(`digest revision ${e.streamRevision} does not start where the previous one ended`);
    if (d.toPosition >= e.globalPosition) {
      throw broken(
        'reordered',
        e.streamId,
        e.streamRevision,
        e.globalPosition,
        `digest revision ${e.streamRevision} is at position ${e.globalPosition}, inside the range it covers (to ${d.toPosition})`,
      );
    }
    await compareRange(d, at);
    const forged = (detail: string) => broken('forged', e.streamId, e.streamRevision, e.globalPosition, detail);
    if (anchor && e.streamRevision === anchor.revision) {
      if (e.hash !== anchor.digest) throw forged(rewrittenDetail(anchor, e.hash));
      anchorSeen = true;
    }
    if (d.signature) {
      const wrong = key && signatureProblem(key, d);
      if (wrong) throw forged(`digest revision ${e.streamRevision} ${wrong}`);
      signed += 1;
      signedHead = { position: e.globalPosition, revision: e.streamRevision, digest: e.hash, toPosition: d.toPosition };
    } else if (signedHead || (anchor && e.streamRevision >= anchor.revision)) {
      throw forged(`digest revision ${e.streamRevision} is unsigned, after signed ones: signing never stops, so it was written without the key`);
    } else {
      unsigned += 1;
    }
    lastDigest = { hash: e.hash, toPosition: d.toPosition };
    digests += 1;
    covered += d.count;
    if (d.signature) coveredBySigned = covered;
  };

  /** The range (fromPosition, toPosition] as it is now against the digest's list of it. */
  const compareRange = async (d: DigestRecordedData, malformed: (detail: string) => Broken) => {
    // What the digest lists, as (stream, revision) in global order.
    const next = d.streams.map((s) => s.fromRevision);
    const expected = d.order.map((i) => ({ streamId: d.streams[i]!.streamId, revision: next[i]!++ }));
    d.streams.forEach((s, i) => {
      if (next[i] !== s.toRevision + 1) {
        throw malformed(`the digest's order disagrees with its revisions for ${s.streamId}`);
      }
    });
    // What is there now (bounded by the digest's own size, plus what was inserted).
    const actual: RecordedEvent[] = [];
    for (let after = d.fromPosition; ; ) {
      const page = await store.readAll({ after, upTo: d.toPosition, maxCount: pageSize });
      for (const x of page) if (x.streamId !== digestStream) actual.push(x);
      if (page.length < pageSize) break;
      after = page.at(-1)!.globalPosition;
    }
    const key = (streamId: string, revision: number) => `${revision}\u0000${streamId}`;
    const listed = new Set(expected.map((x) => key(x.streamId, x.revision)));
    const present = new Map(actual.map((x) => [key(x.streamId, x.streamRevision), x]));
    const n = Math.max(expected.length, actual.length);
    for (let k = 0; k < n; k++) {
      const want = expected[k];
      const got = actual[k];
      if (want && got && want.streamId === got.streamId && want.revision === got.streamRevision) continue;
      if (got && !listed.has(key(got.streamId, got.streamRevision))) {
        throw broken(
          'inserted',
          got.streamId,
          got.streamRevision,
          got.globalPosition,
          `position ${got.globalPosition} holds an event the digest of (${d.fromPosition}, ${d.toPosition}] does not list`,
        );
      }
      const found = want && present.get(key(want.streamId, want.revision));
      if (want && !found) {
        throw broken(
          'missing',
          want.streamId,
          want.revision,
          null,
          `the digest of (${d.fromPosition}, ${d.toPosition}] lists ${want.streamId} revision ${want.revision}; it is not there`,
        );
      }
      if (want && found) {
        throw broken(
          'reordered',
          want.streamId,
          want.revision,
          found.globalPosition,
          `the digest of (${d.fromPosition}, ${d.toPosition}] lists ${want.streamId} revision ${want.revision} as event ${k + 1} of ${expected.length}; it is at position ${found.globalPosition}`,
        );
      }
      throw malformed('the digest and its range disagree'); // unreachable: some case above applies
    }
    for (const s of d.streams) {
      const head = present.get(key(s.streamId, s.toRevision))!;
      if (head.hash !== s.headHash) {
        throw broken(
          'changed',
          s.streamId,
          s.toRevision,
          head.globalPosition,
          `${s.streamId} revision ${s.toRevision} is not the head the digest of (${d.fromPosition}, ${d.toPosition}] recorded`,
        );
      }
    }
  };

  try {
    for (let after = 0; after < headPosition; ) {
      const page = await store.readAll({ after, upTo: headPosition, maxCount: pageSize });
      if (page.length === 0) break;
      for (const e of page) {
        await checkEvent(e);
        if (e.streamId === digestStream) await checkDigest(e);
        else nonDigest += 1;
        events += 1;
      }
      after = page.at(-1)!.globalPosition;
      walked = after;
      options.onProgress?.(walked, headPosition);
      await yieldToLoop();
    }
    if (anchor && !anchorSeen) {
      throw broken('truncated', digestStream, anchor.revision, null, truncatedDetail(anchor, walked));
    }
  } catch (error) {
    if (error instanceof Broken) return { intact: false, algorithm, events, problem: error.problem };
    throw error;
  }

  return {
    intact: true,
    algorithm,
    events,
    streams: heads.size,
    digests,
    headDigest: heads.get(digestStream)?.hash ?? null,
    headPosition: walked,
    // Intact, the digests' ranges run on without a gap and hold exactly their counts.
    uncovered: nonDigest - covered,
    signatures: key ? 'checked' : 'unchecked',
    signed,
    unsigned,
    signedHead,
    unsignedTail: nonDigest - coveredBySigned,
    anchor: anchorSeen ? 'matched' : 'none',
  };
}

export type HeadCheck =
  | {
      intact: true;
      /** The last signed digest in the store; null when none is (a store written before signing began, or empty). */
      signedHead: StoreSignedHead | null;
      /** The store's last digest is unsigned: written before signing began (a start with a key seals it). */
      unsignedDigests: boolean;
      /** Events after the last digest's range, each of which hashes as recorded. */
      tail: number;
      headPosition: number;
    }
  | { intact: false; problem: VerifyProblem };

/**
 * The check a start can afford on any size of store: the signed head remembered outside it is still
 * there, the same, and correctly signed; every digest after it is signed and chained to it; and each
 * event after the last digest hashes as recorded. What lies before the signed head is pinned by its
 * signature and is walked by a full verification (`duban verify`, GET /audit/verify), not here.
 */
export async function verifyHead(store: EventStore, options: { key: DigestKey | null; signedHead: SignedHead | null; pageSize?: number }): Promise<HeadCheck> {
  const { key, signedHead: anchor } = options;
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 100));
  const digestStream = streamIds.digest();
  const headPosition = await store.headPosition();
  try {
    let previous: RecordedEvent | null = null;
    let last: { event: RecordedEvent; data: DigestRecordedData } | null = null;
    let signed: StoreSignedHead | null = null;
    // From the remembered head on; without one, the whole digest stream (a page at a time, the last kept).
    for (let from = anchor?.revision ?? 0; ; ) {
      const page = await store.readStream(digestStream, { fromRevision: from, maxCount: pageSize });
      for (const e of page) {
        const at = (kind: ProblemKind, detail: string) => broken(kind, e.streamId, e.streamRevision, e.globalPosition, detail);
        if (eventHash(e, store.hashAlgorithm) !== e.hash)
          throw at('changed', `digest revision ${e.streamRevision} does not hash to its stored hash (${store.hashAlgorithm})`);
        const parsed = e.type === eventTypes.DigestRecorded ? DigestRecordedData.safeParse(e.data) : null;
        if (!parsed?.success) throw at('changed', `digest revision ${e.streamRevision} is not a well-formed DigestRecorded event`);
        const d = parsed.data;
        if (anchor && !previous && e.streamRevision !== anchor.revision) {
          throw broken(
            'missing',
            digestStream,
            anchor.revision,
            null,
            `digest revision ${anchor.revision}, the signed head remembered outside the store, is gone`,
          );
        }
        if (anchor && e.streamRevision === anchor.revision && e.hash !== anchor.digest) throw at('forged', rewrittenDetail(anchor, e.hash));
        if (previous && (e.prevHash !== previous.hash || d.previousDigest !== previous.hash)) {
          throw at('changed', `digest revision ${e.streamRevision} is not chained to digest revision ${previous.streamRevision}`);
        }
        const wrong = key && signatureProblem(key, d);
        if (wrong) throw at('forged', `digest revision ${e.streamRevision} ${wrong}`);
        if (d.signature) signed = { position: e.globalPosition, revision: e.streamRevision, digest: e.hash, toPosition: d.toPosition };
        else if (signed || anchor)
          throw at('forged', `digest revision ${e.streamRevision} is unsigned, after signed ones: signing never stops, so it was written without the key`);
        previous = e;
        last = { event: e, data: d };
      }
      if (page.length < pageSize) break;
      from = page.at(-1)!.streamRevision + 1;
      await yieldToLoop();
    }
    if (anchor && (!previous || previous.streamRevision < anchor.revision)) {
      throw broken('truncated', digestStream, anchor.revision, null, truncatedDetail(anchor, headPosition));
    }
    let tail = 0;
    for (let after = last?.data.toPosition ?? 0; after < headPosition; ) {
      const page = await store.readAll({ after, upTo: headPosition, maxCount: pageSize * 10 });
      if (page.length === 0) break;
      for (const e of page) {
        if (eventHash(e, store.hashAlgorithm) !== e.hash) {
          throw broken(
            'changed',
            e.streamId,
            e.streamRevision,
            e.globalPosition,
            `${e.streamId} revision ${e.streamRevision} does not hash to its stored hash (${store.hashAlgorithm})`,
          );
        }
        if (e.streamId !== digestStream) tail += 1;
      }
      after = page.at(-1)!.globalPosition;
      await yieldToLoop();
    }
    return { intact: true, signedHead: signed, unsignedDigests: last !== null && !last.data.signature, tail, headPosition };
  } catch (error) {
    if (error instanceof Broken) return { intact: false, problem: error.problem };
    throw error;
  }
}

// The store's integrity as a server starts on it: the cheap check (verifyHead: the signed head kept
// outside the store is still there and the same, what follows it is signed and chained, the tail hashes)
// decides whether the server may write. On a damaged store (truncated, forged, changed) it serves reads
// only, saying why, and signs nothing (signing would vouch for the damage). On a store written before
// signing began it signs the current head: from then on, the store cannot be shortened or rewritten
// unseen.

import type { EventStore } from '../store/event-store.ts';
import type { DigestWriter } from './digest.ts';
import type { DigestSigner } from './digest-signing.ts';
import { readSignedHead, type SignedHead } from './signed-head.ts';
import { type StoreSignedHead, type VerifyProblem, verifyHead } from './verify.ts';

export type IntegrityState =
  | {
      /** unchecked: no signing key (a store in memory, or signing not configured). */
      state: 'unchecked';
      readOnly: false;
    }
  | {
      state: 'intact';
      readOnly: false;
      /** SHA-256 of the signing key's public key. */
      keyId: string;
      /** The last signed digest in the store. */
      signedHead: StoreSignedHead | null;
      /** Events found after the last digest at start (left by a kill -9, or from before signing began): signed at start. */
      unsignedAtStart: number;
      /** A digest was signed at this start: for the tail a kill -9 left unsigned, or the head of a store written before signing began. */
      signedAtStart: boolean;
      checkedAt: string;
    }
  | {
      state: 'damaged';
      readOnly: true;
      /** Why writes are refused, in a sentence. */
      reason: string;
      problem: VerifyProblem;
      checkedAt: string;
    };

export async function checkIntegrity(
  store: EventStore,
  signer: DigestSigner,
  signedHeadFile: string | null,
  digests: DigestWriter,
  clock: () => Date,
): Promise<IntegrityState> {
  const checkedAt = clock().toISOString();
  let anchor: SignedHead | null = null;
  try {
    anchor = signedHeadFile ? readSignedHead(signedHeadFile) : null;
  } catch (error) {
    const detail = `the signed head outside the store cannot be read: ${(error as Error).message}`;
    return {
      state: 'damaged',
      readOnly: true,
      reason: detail,
      problem: { kind: 'forged', streamId: 'digest-_system', revision: 0, globalPosition: null, detail },
      checkedAt,
    };
  }
  const check = await verifyHead(store, { key: signer, signedHead: anchor });
  if (!check.intact) {
    const p = check.problem;
    const reason = `the store is ${p.kind === 'truncated' ? 'truncated' : p.kind === 'forged' ? 'forged' : `damaged (${p.kind})`}: ${p.detail}; it is served read-only until it is restored (run duban verify)`;
    return { state: 'damaged', readOnly: true, reason, problem: p, checkedAt };
  }
  // The tail a kill -9 left, and the head of a store from before signing, are signed now.
  const signedAtStart = check.unsignedDigests || check.tail > 0 ? (await digests.signHead()) !== null : false;
  const signed = digests.signedHead();
  return {
    state: 'intact',
    readOnly: false,
    keyId: signer.keyId,
    signedHead: signed ? { position: signed.position, revision: signed.revision, digest: signed.digest, toPosition: signed.toPosition } : check.signedHead,
    unsignedAtStart: check.tail,
    signedAtStart,
    checkedAt,
  };
}

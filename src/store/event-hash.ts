// The hash recipe, one place for every adapter and for the verifier: lowercase hex of
// H(UTF-8 of JCS(envelope)), JCS = RFC 8785 canonical JSON, H = sha256 (default) or sm3.
// The envelope is the recorded event without `hash` and `globalPosition` (store order is the
// adapter's, so a chain verifies the same after copying the events to another store), with
// `prevHash` = the hash of the stream's previous event (null at revision 0).
import { getHashes, hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { plainCanonicalJson } from './canonical-json.ts';
import type { HashAlgorithm, RecordedEvent } from './event-store.ts';

export type { HashAlgorithm };
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sm3'];
export const DEFAULT_HASH_ALGORITHM: HashAlgorithm = 'sha256';

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return value === 'sha256' || value === 'sm3';
}

/** Whether this Node's OpenSSL computes the algorithm (sm3 depends on how OpenSSL was built). */
export function hashAvailable(algorithm: HashAlgorithm): boolean {
  return getHashes().includes(algorithm);
}

/** The envelope as hashed: everything but `hash` itself and the store-assigned `globalPosition`. */
export type HashedEnvelope = Omit<RecordedEvent, 'hash' | 'globalPosition'>;

/**
 * RFC 8785 (JCS). Event data has been through JSON.parse, so it holds no NaN, undefined or lone
 * surrogates; for such input JCS equals sorted-key JSON.stringify, which stores hashed before
 * this module (by a hand-written canonicaliser) relied on — test/store/event-hash.test.ts checks it.
 */
export function canonicalJson(value: unknown): string {
  // Plain JSON (nearly always) takes the fast path, which writes the same bytes as the package.
  const out = plainCanonicalJson(value) ?? canonicalize(value);
  if (out === undefined) throw new TypeError('value is not JSON-serialisable');
  return out;
}

export function eventHash(event: HashedEnvelope | RecordedEvent, algorithm: HashAlgorithm = DEFAULT_HASH_ALGORITHM): string {
  const { hash: _h, globalPosition: _g, ...envelope } = event as RecordedEvent;
  return hashCanonical(canonicalJson(envelope), algorithm);
}

/** The hash of an envelope's canonical JSON, for a caller that made it (see canonical-json.ts). */
export function hashCanonical(canonical: string, algorithm: HashAlgorithm): string {
  // crypto.hash (Node >= 20.12, as engines require): one call, no Hash object; strings hash as UTF-8.
  return hash(algorithm, canonical, 'hex');
}

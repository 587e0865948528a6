// The key that signs digests, kept outside the store (a file in the data folder, 0600, or where
// DUBAN_SIGNING_KEY_FILE says), and the bytes a signature covers. Ed25519 for every store, SM3 stores
// included: Node's crypto accepts an EC key on the SM2 curve, but what it makes is ECDSA over SM3, not
// a GB/T 32918 signature (OpenSSL's own SM2 verifier refuses it), and no well-kept SM2 package is at hand.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { DigestRecordedData, DigestSignature } from '../domain/digest.ts';
import { canonicalJson } from '../store/event-hash.ts';
import { keyFilePath, readKeyFile, readOrCreateKeyFile } from './key-files.ts';

export const SIGNING_KEY_FILE = 'signing-key.pem';
export const SIGNING_KEY_ENV = 'DUBAN_SIGNING_KEY_FILE';

/** Where a store's signing key lives; null for an in-memory store with no DUBAN_SIGNING_KEY_FILE. */
export const signingKeyPath = (storeUrl: string, env: NodeJS.ProcessEnv = process.env) => keyFilePath(storeUrl, SIGNING_KEY_FILE, SIGNING_KEY_ENV, env);

/** What checks a signature: the public half of the key outside the store. */
export interface DigestKey {
  keyId: string;
  publicKey: KeyObject;
  /** Whether the signature's bytes verify under this key, over the digest's other fields. */
  verifies(data: DigestRecordedData): boolean;
}

/** What signs: the key itself. */
export interface DigestSigner extends DigestKey {
  /** The signature of a digest's fields (everything but `signature`). */
  sign(data: Omit<DigestRecordedData, 'signature'>): DigestSignature;
}

/**
 * The bytes signed: a label (so a signature made here means nothing elsewhere) and the digest's fields
 * but its signature, in RFC 8785 canonical JSON. The fields name the previous digest's hash, so one
 * signature vouches for the whole chain of digests before it.
 */
export function signedBytes(data: Omit<DigestRecordedData, 'signature'> | DigestRecordedData): Buffer {
  const { signature: _s, ...fields }: Omit<DigestRecordedData, 'signature'> & { signature?: DigestSignature } = data;
  return Buffer.from(canonicalJson({ duban: 'digest/1', ...fields }), 'utf8');
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const keyIdOf = (key: KeyObject) => createHash('sha256').update(spki(key)).digest('hex');

function keyOf(publicKey: KeyObject): DigestKey {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`a digest key is Ed25519; this one is ${publicKey.asymmetricKeyType}`);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey,
    verifies(data) {
      const s = data.signature;
      if (s?.algorithm !== 'ed25519' || s.keyId !== keyId) return false;
      return verify(null, signedBytes(data), publicKey, Buffer.from(s.value, 'base64'));
    },
  };
}

/** A signer from a private key's PEM (PKCS#8). */
export function signerFromPem(pem: string): DigestSigner {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const key = keyOf(publicKey);
  const publicDer = spki(publicKey).toString('base64');
  return {
    ...key,
    sign: (data) => ({ algorithm: 'ed25519', keyId: key.keyId, publicKey: publicDer, value: sign(null, signedBytes(data), privateKey).toString('base64') }),
  };
}

/** A checking key from a PEM: a private key (its public half is used) or a public key alone. */
export function digestKeyFromPem(pem: string): DigestKey {
  return keyOf(createPublicKey(pem));
}

export const newSigningKeyPem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** The signer at `path`, made (0600) on first use; `created` says whether it was made now. */
export function loadOrCreateSigner(path: string): { signer: DigestSigner; created: boolean } {
  const { content, created } = readOrCreateKeyFile(path, newSigningKeyPem);
  return { signer: signerFromPem(content), created };
}

/** The checking key at `path`, or null when there is no file. */
export function loadDigestKey(path: string): DigestKey | null {
  const pem = readKeyFile(path);
  return pem === null ? null : digestKeyFromPem(pem);
}

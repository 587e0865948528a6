// A token and its hash. A token is 256 random bits, prefixed so a leaked one is recognisable. What the
// store records is an HMAC-SHA-256 of it keyed with the server's token secret, a file kept outside the
// store (beside it, 0600): whoever reads the store, a backup or an export cannot test guesses offline.
// Stores written before the secret existed hold plain SHA-256 hashes (scheme absent); those tokens
// keep working until reissued.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { StoreError } from '../../store/errors.ts';
import { keyFilePath, readKeyFile, readOrCreateKeyFile } from '../key-files.ts';

export const newToken = () => `dbn_${randomBytes(32).toString('base64url')}`;

/** How a recorded token hash was made: keyed (every token issued now) or, absent, plain SHA-256. */
export const KEYED_HASH_SCHEME = 'hmac-sha256';

/** The keyed hash of a token (hex), as TokenIssued records it. */
export type TokenHasher = (token: string) => string;

export function tokenHasher(secret: Uint8Array): TokenHasher {
  const key = Buffer.from(secret);
  return (token) => createHmac('sha256', key).update(token, 'utf8').digest('hex');
}

/** The plain SHA-256 that stores written before keyed hashes recorded (scheme absent). */
export const unkeyedTokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The secret's file in the data folder, unless DUBAN_TOKEN_SECRET_FILE names another. */
export const TOKEN_SECRET_FILE = 'token-secret';
export const TOKEN_SECRET_ENV = 'DUBAN_TOKEN_SECRET_FILE';
const SECRET_BYTES = 32;

/** For a store in memory (and tests): one secret for the life of this process. */
const processSecret = randomBytes(SECRET_BYTES);
export const processTokenSecret = (): Uint8Array => processSecret;

/** Where the token secret of this store lives; null for a store in memory. */
export const tokenSecretPath = (storeUrl: string, env: NodeJS.ProcessEnv = process.env) => keyFilePath(storeUrl, TOKEN_SECRET_FILE, TOKEN_SECRET_ENV, env);

/**
 * The token secret of a store: read from its file, or made there (32 random bytes, base64url, 0600)
 * on first need — `create: false` for commands that must not make one (they would hash with a secret
 * no server uses). A store in memory gets this process's secret.
 */
export function loadTokenSecret(
  storeUrl: string,
  options: { create?: boolean; env?: NodeJS.ProcessEnv } = {},
): { secret: Uint8Array; path: string | null; created: boolean } {
  const path = tokenSecretPath(storeUrl, options.env);
  if (path === null) return { secret: processSecret, path, created: false };
  const found =
    options.create === false
      ? { content: readKeyFile(path), created: false }
      : readOrCreateKeyFile(path, () => `${randomBytes(SECRET_BYTES).toString('base64url')}\n`);
  if (found.content === null) throw new StoreError(`there is no token secret at ${path}: start duban serve once, or set ${TOKEN_SECRET_ENV} to the server's`);
  const text = found.content.trim();
  const secret = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(text) || secret.length < SECRET_BYTES) {
    throw new StoreError(
      `the token secret in ${path} is not ${SECRET_BYTES} or more bytes of base64url; restore it from a backup, or remove it and reissue every token`,
    );
  }
  return { secret, path, created: found.created };
}

/** What a hand-set token must be made of: RFC 6750's b64token, so it travels in a header as is. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** As long as 32 random bytes in base64url. */
export const MIN_TOKEN_LENGTH = 43;
/**
 * What 32 random bytes clear: their estimate averages ~207 bits in base64url, and fell below 178 once
 * in 10,000 draws and to 167 at the lowest of 300,000 (falling ~7 bits a decade: below 155 perhaps
 * once in ten million — the refusal then says to make another).
 */
export const MIN_TOKEN_BITS = 155;

export const STRONG_TOKEN_RECIPE =
  "make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\" (or openssl rand -base64 32)";

/**
 * A rough estimate of a token's entropy in bits: the characters' Shannon entropy times the count of
 * characters not predictable from those before them — a repeat of an earlier run of 3 or more, or
 * the next step of a sequence (abc, 123) counts for nothing. It cannot see that a sentence is
 * guessable; it refuses the plainly weak (aaaa…, a word repeated, a keyboard run).
 */
export function estimatedBits(token: string): number {
  const chars = [...token];
  const n = chars.length;
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const k of counts.values()) perChar -= (k / n) * Math.log2(k / n);
  let predictable = 0;
  for (let i = 0; i < n; i++) {
    let repeat = 0;
    for (let j = 0; j < i; j++) {
      let k = 0;
      while (i + k < n && j + k < i && chars[j + k] === chars[i + k]) k++;
      repeat = Math.max(repeat, k);
    }
    if (repeat >= 3) {
      predictable += repeat;
      i += repeat - 1;
    } else if (i >= 2 && chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)! === chars[i - 1]!.codePointAt(0)! - chars[i - 2]!.codePointAt(0)!) {
      predictable += 1;
    }
  }
  return perChar * (n - predictable);
}

/** Why a token set by hand is too weak to accept, or null when it is as strong as an issued one. */
export function weakTokenReason(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `it is ${token.length} characters long, fewer than ${MIN_TOKEN_LENGTH}`;
  if (!B64TOKEN.test(token)) return 'it holds characters other than letters, digits and - . _ ~ + / (and = at the end)';
  // The first 256 characters are plenty to judge, and keep the estimate's cost bounded.
  const bits = estimatedBits(token.slice(0, 256));
  if (bits < MIN_TOKEN_BITS)
    return `it looks guessable (about ${Math.floor(bits)} bits, fewer than ${MIN_TOKEN_BITS}: repeats, runs or few distinct characters)`;
  return null;
}

// The IdempotencyStore port: what the Idempotency-Key header (src/http/middleware/idempotency.ts) remembers —
// per scope (the caller's token) and key, the request's fingerprint and, once it is done, the
// response to replay. Adapters: SQLite (a table in the event store's own file, so keys outlive a
// restart) and memory (for a store in memory). Both decide through `decide` below, so they agree.

/** A completed response, as it is replayed. */
export interface StoredResponse {
  status: number;
  /** Only the headers worth replaying (content-type, ETag, …), lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * What begin found:
 * - 'new': the key is now held for this request; finish with complete() or abandon();
 * - { replay }: the key's request completed: answer its response again, do nothing else;
 * - 'mismatch': the key was used for another request (another fingerprint);
 * - 'in-flight': the key's request, with this fingerprint, is still running.
 */
export type BeginOutcome = 'new' | 'mismatch' | 'in-flight' | { replay: StoredResponse };

export interface IdempotencyStore {
  begin(scope: string, key: string, fingerprint: string): Promise<BeginOutcome>;
  /** Records the response of a request begin answered 'new' for; replayed until the key expires. */
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Forgets a request begin answered 'new' for, so the same key can be tried again. */
  abandon(scope: string, key: string): Promise<void>;
  /** Deletes every expired key now (begin also purges, lazily); answers how many went. */
  purge(): Promise<number>;
  close(): Promise<void>;
}

export interface IdempotencyStoreOptions {
  /** How long a key is kept from its first use, in ms (default 24 h: the least the draft asks for). */
  ttlMs?: number;
  /**
   * How long a request may hold its key before it counts as lost, in ms (default 60 s): a process
   * that died mid-request never abandons its key, and the client must be able to try again.
   */
  inFlightTimeoutMs?: number;
  /** Whole-table purges run from begin at most this often, in ms (default 60 s). */
  purgeEveryMs?: number;
  clock?: () => Date;
}

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A key as an adapter keeps it. Times are epoch milliseconds. */
export interface KeyRecord {
  fingerprint: string;
  startedAt: number;
  expiresAt: number;
  /** Absent while in flight. */
  response?: StoredResponse;
}

export interface Settings {
  ttlMs: number;
  inFlightTimeoutMs: number;
  purgeEveryMs: number;
  now: () => number;
}

export function settingsOf(options: IdempotencyStoreOptions): Settings {
  const clock = options.clock ?? (() => new Date());
  const positive = (value: number | undefined, fallback: number, what: string) => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${what} must be a positive number of ms, got ${String(value)}`);
    return v;
  };
  return {
    ttlMs: positive(options.ttlMs, DEFAULT_IDEMPOTENCY_TTL_MS, 'ttlMs'),
    inFlightTimeoutMs: positive(options.inFlightTimeoutMs, 60_000, 'inFlightTimeoutMs'),
    purgeEveryMs: positive(options.purgeEveryMs, 60_000, 'purgeEveryMs'),
    now: () => clock().getTime(),
  };
}

/**
 * The rule both adapters follow, given the key's record (if any) at `now`: what begin answers, and
 * whether the key is (re)taken for this request. An expired key, or one whose request was lost, is free.
 */
export function decide(existing: KeyRecord | undefined, fingerprint: string, now: number, settings: Settings): { outcome: BeginOutcome; take: boolean } {
  const live = existing && existing.expiresAt > now;
  if (!live) return { outcome: 'new', take: true };
  // Another body under the same key is a client error whatever state the first request is in.
  if (existing.fingerprint !== fingerprint) return { outcome: 'mismatch', take: false };
  if (existing.response) return { outcome: { replay: existing.response }, take: false };
  if (now - existing.startedAt >= settings.inFlightTimeoutMs) return { outcome: 'new', take: true };
  return { outcome: 'in-flight', take: false };
}

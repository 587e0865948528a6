// Idempotency keys in memory: for a store in memory, whose events do not outlive the process either.
import {
  type BeginOutcome,
  decide,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type KeyRecord,
  type StoredResponse,
  settingsOf,
} from './idempotency-store.ts';

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly settings;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(options: IdempotencyStoreOptions = {}) {
    this.settings = settingsOf(options);
  }

  async begin(scope: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    const now = this.settings.now();
    if (now - this.lastPurge >= this.settings.purgeEveryMs) this.purgeAt(now);
    const id = idOf(scope, key);
    const { outcome, take } = decide(this.keys.get(id), fingerprint, now, this.settings);
    if (take) this.keys.set(id, { fingerprint, startedAt: now, expiresAt: now + this.settings.ttlMs });
    return typeof outcome === 'object' ? { replay: copy(outcome.replay) } : outcome;
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    const record = this.keys.get(idOf(scope, key));
    if (record && !record.response) record.response = copy(response);
  }

  async abandon(scope: string, key: string): Promise<void> {
    const id = idOf(scope, key);
    if (this.keys.get(id)?.response === undefined) this.keys.delete(id);
  }

  async purge(): Promise<number> {
    return this.purgeAt(this.settings.now());
  }

  async close(): Promise<void> {}

  private purgeAt(now: number): number {
    this.lastPurge = now;
    let purged = 0;
    for (const [id, record] of this.keys) {
      if (record.expiresAt <= now) {
        this.keys.delete(id);
        purged += 1;
      }
    }
    return purged;
  }
}

const idOf = (scope: string, key: string) => JSON.stringify([scope, key]);

// The caller may not change what is kept, nor what was handed out.
const copy = (r: StoredResponse): StoredResponse => ({ status: r.status, headers: { ...r.headers }, body: r.body.slice() });

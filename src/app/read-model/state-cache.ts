// Parsed states of read-model versions. A version never changes once written, so a parsed state
// can be shared by every read that lands on it; the cache is bounded (plans are large, tasks small).
import { LRUCache } from 'lru-cache';
import type { ReadModel, StoredVersion } from './read-model.ts';

export class StateCache {
  private readonly cache = new LRUCache<string, object>({ max: 5_000 });

  parse<S>(projection: string, key: string, version: StoredVersion): S {
    const id = `${projection}\u0000${key}\u0000${version.version}`;
    let state = this.cache.get(id);
    if (!state) {
      state = JSON.parse(version.state) as object;
      this.cache.set(id, state);
    }
    return state as S;
  }

  /** Each key's state at (position, validAt), parsed; keys without one are absent. */
  async at<S>(readModel: ReadModel, projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, S>> {
    const found = await readModel.at(projection, keys, position, validAt);
    const out = new Map<string, S>();
    for (const [key, version] of found) out.set(key, this.parse<S>(projection, key, version));
    return out;
  }

  clear(): void {
    this.cache.clear();
  }
}

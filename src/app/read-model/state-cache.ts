// Parsed states of read-model versions. A version never changes once written, so a parsed state
// can be shared by every read that lands on it. The cache is bounded by size, not count: a plan's
// state is a hundred times a task's, and the office's year brings many mid-sized states (a month's
// reports, a unit's handling plan); bounded by count, 5 000 of them held over 350 MB at 1M events.
import { LRUCache } from 'lru-cache';
import type { ReadModel, ReadState, StoredVersion } from './read-model.ts';
import type { Latest } from './read-model-runner.ts';

/** Where a key's latest version may be found in memory: the read-model runner (current, remember). */
export interface LatestSource {
  position: number;
  current(projection: string, key: string): Latest | undefined;
  remember(projection: string, key: string, found: Latest, readAt: number): void;
}

export class StateCache {
  /** The JSON text length of the states held, as a stand-in for their size (parsed, some 2–3 times it). */
  static readonly MAX_JSON_CHARS = 8_000_000;
  private readonly cache = new LRUCache<string, ReadState, number>({
    max: 50_000,
    maxSize: StateCache.MAX_JSON_CHARS,
  });

  constructor(private readonly memory?: LatestSource) {}

  parse<S>(projection: string, key: string, version: StoredVersion): S {
    return this.read(projection, key, version).state as S;
  }

  /** The version's state, from the cache or read (the whole state at its base and the changes after it). */
  read(projection: string, key: string, version: StoredVersion): ReadState {
    const id = `${projection}\u0000${key}\u0000${version.version}`;
    let read = this.cache.get(id);
    if (!read) {
      read = version.read();
      // Sized by the JSON it was read from (the whole state's and the changes'): about its size, or more.
      const size = Math.max(1, read.wholeBytes + read.changeBytes);
      // A state larger than the whole budget is read for the read and not kept.
      if (size <= StateCache.MAX_JSON_CHARS) this.cache.set(id, read, { size });
    }
    return read;
  }

  /** Each key's state at (position, validAt), parsed; keys without one are absent. */
  async at<S>(readModel: ReadModel, projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, S>> {
    // A key's latest version answers any reading that sees it both recorded and in effect (versions
    // grow on both axes together): the usual "now" needs no read of the read model.
    const held = new Map<string, unknown>();
    for (const key of keys) {
      const latest = this.memory?.current(projection, key);
      if (latest && latest.position <= position && latest.validFrom <= validAt) held.set(key, latest.state);
    }
    const found =
      held.size === keys.length
        ? null
        : await readModel.at(
            projection,
            keys.filter((k) => !held.has(k)),
            position,
            validAt,
          );
    const out = new Map<string, S>();
    for (const key of keys) {
      if (held.has(key)) out.set(key, held.get(key) as S);
      else {
        const version = found?.get(key);
        if (version) out.set(key, this.parse<S>(projection, key, version));
      }
    }
    return out;
  }

  /** A key's latest state, parsed; undefined when it has none. */
  async latest<S>(readModel: ReadModel, projection: string, key: string): Promise<S | undefined> {
    const held = this.memory?.current(projection, key);
    if (held) return held.state as S;
    const readAt = this.memory?.position ?? 0;
    const version = (await readModel.latest(projection, [key])).get(key);
    if (!version) return undefined;
    const { state, wholeBytes, changeBytes } = this.read(projection, key, version);
    this.memory?.remember(
      projection,
      key,
      { version: version.version, position: version.position, validFrom: version.validFrom, state, base: version.base, wholeBytes, changeBytes },
      readAt,
    );
    return state as S;
  }

  clear(): void {
    this.cache.clear();
  }
}

/**
 * A cache of one composite read (a bulletin reads tasks, indicators, reports and handling plans
 * through several views that each read them again): the same (projection, key, position, validAt)
 * is looked up once. Lives as long as the read; parsed states come from the shared cache.
 */
export class ReadMemo extends StateCache {
  /** Promises, so that views read side by side (Promise.all) share one lookup too. */
  private readonly seen = new Map<string, Promise<unknown>>();

  constructor(private readonly shared: StateCache) {
    super();
  }

  override read(projection: string, key: string, version: StoredVersion): ReadState {
    return this.shared.read(projection, key, version);
  }

  override async at<S>(readModel: ReadModel, projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, S>> {
    const id = (key: string) => `${projection}\u0000${key}\u0000${position}\u0000${validAt}`;
    const missing = keys.filter((k) => !this.seen.has(id(k)));
    if (missing.length) {
      const batch = this.shared.at<S>(readModel, projection, missing, position, validAt);
      for (const k of missing)
        this.seen.set(
          id(k),
          batch.then((found) => found.get(k)),
        );
    }
    const out = new Map<string, S>();
    for (const k of keys) {
      const state = await this.seen.get(id(k));
      if (state !== undefined) out.set(k, state as S);
    }
    return out;
  }
}

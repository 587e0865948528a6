// The events a store instance committed last, held in memory in position order. Right after a write
// the read model catches up by reading exactly those events back; served from here, they are not
// read from disk and parsed again. Only a contiguous run is kept: when another writer (another
// process on the same file, an import) commits in between, the run starts over, and a read it cannot
// answer in full goes to disk. An event is kept as committed (its data as the JSON stored) and made
// into what a read returns at its first read, once: appends nobody reads back cost no parse.
import { recordedEvent } from './event-chain.ts';
import type { Actor, RecordedEvent } from './event-store.ts';

/** A committed event: `read` makes (once) what a read returns from what was stored. */
export interface HeldEvent {
  readonly globalPosition: number;
  read(): RecordedEvent;
}

export class RecentEvents {
  private events: HeldEvent[] = [];
  /** Position of events[0]. */
  private first = 0;

  // The read model catches up within a group commit or two: a few hundred events are ample (a read it
  // cannot answer goes to disk). Held events outlive the young generation: with 1,024 (2,048 before a
  // trim) the garbage collector's scavenges took twice as long, and batches of 100 appended 10–15% slower.
  constructor(private readonly capacity = 256) {}

  /** The last position held; 0 when empty. */
  get last(): number {
    return this.events.length === 0 ? 0 : this.first + this.events.length - 1;
  }

  /** Adds committed events, in position order. */
  add(events: readonly HeldEvent[]): void {
    for (const e of events) {
      if (this.events.length === 0 || e.globalPosition !== this.last + 1) {
        this.events = [];
        this.first = e.globalPosition;
      }
      this.events.push(e);
    }
    // Trimmed in halves, so that a full buffer is not shifted on every append.
    if (this.events.length > 2 * this.capacity) {
      const drop = this.events.length - this.capacity;
      this.events = this.events.slice(drop);
      this.first += drop;
    }
  }

  /**
   * The events after `after` up to `upTo`, at most `limit` (-1: no limit), when this run holds all of
   * them; null when it does not (the caller reads the store).
   */
  slice(after: number, upTo: number, limit: number): RecordedEvent[] | null {
    if (this.events.length === 0 || after + 1 < this.first || upTo > this.last) return null;
    const from = after + 1 - this.first;
    const to = Math.min(upTo + 1 - this.first, limit < 0 ? Infinity : from + limit);
    return this.events.slice(from, to).map((e) => e.read());
  }

  clear(): void {
    this.events = [];
    this.first = 0;
  }
}

/**
 * A held event as a read returns it: its actor and data read back from the JSON stored (not the
 * caller's objects, which the caller may still change), the actor shared through `actors`; built at
 * its first read and frozen, every reader sharing it. A class, not a closure per event: a batch of
 * 100 held 100 closures, and tsx names each one as it is made.
 */
export class StoredHeldEvent implements HeldEvent {
  private built: RecordedEvent | undefined;

  constructor(
    private readonly recorded: RecordedEvent,
    private readonly actorJson: string,
    private readonly dataJson: string,
    private readonly actors: { parse(json: string): Actor },
  ) {}

  get globalPosition(): number {
    return this.recorded.globalPosition;
  }

  read(): RecordedEvent {
    this.built ??= deepFreeze(this.build());
    return this.built;
  }

  private build(): RecordedEvent {
    const e = this.recorded;
    return recordedEvent(e, e.hash, e.globalPosition, this.actors.parse(this.actorJson), JSON.parse(this.dataJson) as unknown);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// A subscription that reads pages of readAll after its position, and when it has read everything sleeps
// until woken (an append through this instance, a notification) or its poll interval passes (appends
// made elsewhere). The SQLite and PostgreSQL adapters differ only in what they pass in.

import { DeliveringSubscription } from './delivering-subscription.ts';
import type { RecordedEvent, SubscribeOptions } from './event-store.ts';

export interface PollingSource {
  /** Up to maxCount events after a position, in order; synchronous where the store can be (SQLite). */
  readPage(after: number, maxCount: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** The head as of opening: known when subscribing (a number), or read when the loop starts. */
  head: number | (() => Promise<number>);
  /** Runs first, before the head is read (PostgreSQL: LISTEN first, so nothing committed after the first read goes unannounced). */
  beforeStart?(): Promise<void>;
  /** Runs after each sleep (PostgreSQL: listen again if the listener was lost). */
  afterSleep?(): void;
  batchSize: number;
  pollIntervalMs: number;
}

export class PollingSubscription extends DeliveringSubscription {
  private dirty = false;
  private wakeWaiter: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: PollingSource,
    options: SubscribeOptions,
    detach: () => void,
  ) {
    super(options, detach, typeof source.head === 'number' ? source.head : Number.POSITIVE_INFINITY);
  }

  override wake(): void {
    this.dirty = true;
    this.wakeWaiter?.();
  }

  protected override onStop(): void {
    this.wakeWaiter?.();
  }

  protected async run(): Promise<void> {
    const { source } = this;
    if (source.beforeStart) {
      await source.beforeStart();
      if (this.closed) return;
    }
    if (typeof source.head === 'function') this.target = await source.head();
    while (!this.closed) {
      this.dirty = false;
      const page = source.readPage(this.position, source.batchSize);
      const batch = Array.isArray(page) ? page : await page;
      for (const event of batch) {
        if (this.closed) return;
        await this.deliver(event);
      }
      this.settleCaughtUp();
      if (batch.length < source.batchSize && !this.dirty && !this.closed) {
        await this.sleep();
        if (!this.closed) source.afterSleep?.();
      }
    }
  }

  private sleep(): Promise<void> {
    return new Promise<void>((res) => {
      const done = () => {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.wakeWaiter = null;
        res();
      };
      this.wakeWaiter = done;
      this.timer = setTimeout(done, this.source.pollIntervalMs);
    });
  }
}

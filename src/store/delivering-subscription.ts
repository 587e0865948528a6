// What every adapter's subscription does alike, whatever brings it the events: caughtUp (resolved once
// delivery reaches the head as of opening, rejected on an error or a close before that), one delivery
// at a time, a stop on the subscriber's error (handed to onError), and a close that waits for the
// running delivery unless called from inside it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreError } from './errors.ts';
import type { RecordedEvent, SubscribeOptions, Subscription } from './event-store.ts';

const insideDelivery = new AsyncLocalStorage<DeliveringSubscription>();

export abstract class DeliveringSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (err: unknown) => void;
  private caughtUpSettled = false;
  protected closed = false;
  /** The last position delivered (or the subscriber's `after`). */
  protected position: number;
  /** The head as of opening: caughtUp resolves once delivery reaches it (unknown until read: never). */
  protected target: number;
  private readonly loop: Promise<void>;

  constructor(
    protected readonly options: SubscribeOptions,
    private readonly detach: () => void,
    target = Number.POSITIVE_INFINITY,
  ) {
    this.position = Math.max(0, Math.trunc(options.after ?? 0));
    this.target = target;
    this.caughtUp = new Promise<void>((res, rej) => {
      this.resolveCaughtUp = res;
      this.rejectCaughtUp = rej;
    });
    this.caughtUp.catch(() => {}); // a rejection nobody awaits is not an unhandled one
    this.loop = this.runGuarded();
  }

  /** Fetches and delivers events (through deliver) until closed; throws to stop on an error. */
  protected abstract run(): Promise<void>;

  /** Something was appended through this store instance: look now if that means anything. */
  wake(): void {}

  /** Called once when the subscription stops (closed, or on an error): release what run() waits on. */
  protected onStop(): void {}

  protected async deliver(event: RecordedEvent): Promise<void> {
    await insideDelivery.run(this, () => this.options.onEvent(event));
    this.position = event.globalPosition;
    this.settleCaughtUp();
  }

  protected settleCaughtUp(): void {
    if (!this.caughtUpSettled && this.position >= this.target) {
      this.caughtUpSettled = true;
      this.resolveCaughtUp();
    }
  }

  private async runGuarded(): Promise<void> {
    // Never deliver before subscribe() has returned (nor before the subclass has finished constructing).
    await Promise.resolve();
    try {
      await this.run();
    } catch (err) {
      if (this.closed) return; // the store was closed under a read: not the subscriber's error
      this.stop();
      if (!this.caughtUpSettled) {
        this.caughtUpSettled = true;
        this.rejectCaughtUp(err);
      }
      if (this.options.onError) {
        try {
          this.options.onError(err);
        } catch {
          // an error handler that throws has nowhere left to report to
        }
      } else {
        console.error('duban: an event store subscription stopped on an error', err);
      }
    }
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.onStop();
  }

  async close(): Promise<void> {
    this.stop();
    if (!this.caughtUpSettled) {
      this.caughtUpSettled = true;
      this.rejectCaughtUp(new StoreError('the subscription was closed before it caught up'));
    }
    // Closed from inside its own onEvent: the running delivery is the caller, don't wait for it.
    if (insideDelivery.getStore() === this) return;
    await this.loop;
  }
}

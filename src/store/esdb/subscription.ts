import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { DeliveringSubscription } from '../delivering-subscription.ts';
import { StoreError } from '../errors.ts';
import type { RecordedEvent, SubscribeOptions } from '../event-store.ts';

/** What the subscription needs of its store. */
export interface EsdbSubscriptionSource {
  headPosition(): Promise<number>;
  openAllSubscription(after: number): AllStreamSubscription;
  toRecorded(resolved: AllStreamResolvedEvent): RecordedEvent | null;
}

/**
 * A catch-up subscription to $all, pushed by the server (so not the polling loop of the other adapters;
 * the rest is shared). caughtUp: the client's "caughtUp" event (servers 23.10+) arrives out of band with
 * the events still buffered for delivery, so instead the head is read when the subscription opens and
 * caughtUp resolves once delivery has passed it.
 */
export class EsdbSubscription extends DeliveringSubscription {
  private sub: AllStreamSubscription | undefined;

  constructor(
    private readonly store: EsdbSubscriptionSource,
    options: SubscribeOptions,
    detach: () => void,
  ) {
    super(options, detach);
  }

  protected async run(): Promise<void> {
    this.target = await this.store.headPosition();
    this.settleCaughtUp();
    if (this.closed) return;
    this.sub = this.store.openAllSubscription(this.position);
    for await (const resolved of this.sub) {
      if (this.closed) return;
      const event = this.store.toRecorded(resolved);
      if (!event || event.globalPosition <= this.position) continue;
      await this.deliver(event);
    }
    if (!this.closed) throw new StoreError('the EventStoreDB subscription ended');
  }

  protected override onStop(): void {
    this.sub?.unsubscribe().catch(() => {});
  }
}

// The hash-chain verification for the audit and ops pages: app.verify() walks the whole store, so
// its answer is kept until the store's head moves, and pages asking meanwhile share one walk.
import type { Application } from '../app/application.ts';
import type { VerifyResult } from '../app/verify.ts';
import { streams } from '../domain/events.ts';
import type { RecordedEvent } from '../store/event-store.ts';

const kept = new WeakMap<Application, { head: number; result: Promise<VerifyResult> }>();

export async function verification(app: Application): Promise<VerifyResult> {
  const head = await app.store.headPosition();
  const held = kept.get(app);
  if (held && held.head === head) return held.result;
  const result = app.verify();
  kept.set(app, { head, result });
  // A failed walk is not kept: the next page tries again.
  result.catch(() => kept.delete(app));
  return result;
}

/** The digests (DigestRecorded events of the store's own stream), newest first. */
export async function digests(app: Application, limit = 20): Promise<RecordedEvent[]> {
  const all = await app.store.readStream(streams.digest());
  return all.slice(-limit).reverse();
}

/** Whether a token reads the store's own events (tokens, digests): a store-wide office token. */
export const readsSystem = (who: { role: string; planIds?: readonly string[] | undefined } | null) => who?.role === 'office' && who.planIds === undefined;

/** Whether a token may have the whole store walked (as GET /audit/verify): store-wide, not a unit's. */
export const mayVerify = (who: { role: string; planIds?: readonly string[] | undefined } | null) => !!who && who.role !== 'unit' && who.planIds === undefined;

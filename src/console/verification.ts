// The hash-chain verification for the audit and ops pages: app.verify() walks the whole store, so
// its answer is kept until the store's head moves, and pages asking meanwhile share one walk.
import type { Application } from '../app/application.ts';
import type { VerifyResult } from '../app/verify.ts';
import { streams } from '../domain/events.ts';
import type { RecordedEvent } from '../store/event-store.ts';

interface Kept {
  /** The last finished walk's answer (it says how far it walked). */
  done?: VerifyResult;
  /** The head the running or last walk started from. */
  head: number;
  running: Promise<VerifyResult> | null;
}

const kept = new WeakMap<Application, Kept>();

/**
 * The last verification. The first page waits for a walk; after that, a page shows the last answer
 * at once (its position says how far it reached) while a new walk, one at a time, covers what has
 * been appended since — a busy store's audit page does not walk the store on every view.
 */
export async function verification(app: Application): Promise<VerifyResult> {
  const head = await app.store.headPosition();
  const held: Kept = kept.get(app) ?? { head: -1, running: null };
  kept.set(app, held);
  if (held.head !== head && !held.running) {
    held.head = head;
    held.running = app.verify().then(
      (result) => {
        held.done = result;
        held.running = null;
        return result;
      },
      (error: unknown) => {
        held.head = -1; // a failed walk is tried again by the next page
        held.running = null;
        throw error;
      },
    );
    // Awaited only by a page that has no answer yet; otherwise it runs on in the background.
    held.running.catch(() => undefined);
  }
  if (held.done) return held.done;
  return held.running ?? verification(app);
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

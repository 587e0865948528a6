// What the console looks up that the store's port has no query for: an event by its id (links to
// /audit?event=…) and the list of streams (the ops stream browser). Built once per store by walking
// it, then extended from where it stopped on each use: a few strings per event.
import type { EventStore } from '../store/event-store.ts';

export interface StreamEntry {
  streamId: string;
  planId: string;
  /** Events in the stream (its last revision + 1). */
  events: number;
  firstType: string;
  lastPosition: number;
  lastRecordedAt: string;
}

interface Index {
  upTo: number;
  positions: Map<string, number>;
  streams: Map<string, StreamEntry>;
  /** One walk at a time: concurrent pages share it. */
  walking: Promise<void> | null;
}

const indexes = new WeakMap<EventStore, Index>();
const CHUNK = 1000;

async function indexOf(store: EventStore): Promise<Index> {
  let index = indexes.get(store);
  if (!index) {
    index = { upTo: 0, positions: new Map(), streams: new Map(), walking: null };
    indexes.set(store, index);
  }
  const held = index;
  held.walking ??= (async () => {
    const head = await store.headPosition();
    while (held.upTo < head) {
      const chunk = await store.readAll({ after: held.upTo, upTo: head, maxCount: CHUNK });
      if (!chunk.length) break;
      for (const e of chunk) {
        held.positions.set(e.eventId, e.globalPosition);
        const entry = held.streams.get(e.streamId);
        if (entry) {
          entry.events = e.streamRevision + 1;
          entry.lastPosition = e.globalPosition;
          entry.lastRecordedAt = e.recordedAt;
        } else {
          held.streams.set(e.streamId, {
            streamId: e.streamId,
            planId: e.planId,
            events: e.streamRevision + 1,
            firstType: e.type,
            lastPosition: e.globalPosition,
            lastRecordedAt: e.recordedAt,
          });
        }
      }
      held.upTo = chunk.at(-1)!.globalPosition;
    }
  })().finally(() => {
    held.walking = null;
  });
  await held.walking;
  return held;
}

/** The store position of the event with this id; undefined when the store has none. */
export async function positionOfEvent(store: EventStore, eventId: string): Promise<number | undefined> {
  return (await indexOf(store)).positions.get(eventId);
}

/** Every stream, in the order its first event was recorded. */
export async function listStreams(store: EventStore): Promise<StreamEntry[]> {
  return [...(await indexOf(store)).streams.values()];
}

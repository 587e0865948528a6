// The console's live streams (text/event-stream under the session): the store followed with the same
// function the REST /events/stream uses (followEvents: scoped, served events), from the head when the
// stream opens or from the Last-Event-ID a reconnecting EventSource sends. A stream lasts a while and
// then ends; EventSource reconnects and resumes, so no connection is held for ever.
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type EventFilter, followEvents } from '../app/event-feed.ts';
import type { RecordedEvent, Subscription } from '../store/event-store.ts';
import type { ConsoleView } from './view.ts';

const HEARTBEAT_MS = 15_000;
const LIFETIME_MS = 5 * 60_000;

export async function liveStream(
  view: ConsoleView,
  filter: EventFilter,
  write: (stream: SSEStreamingApi, event: RecordedEvent) => Promise<void>,
): Promise<Response> {
  const c = view.c;
  const resume = /^\d{1,15}$/.exec(c.req.header('last-event-id')?.trim() ?? '')?.[0];
  const after = resume !== undefined ? Number(resume) : await view.app.store.headPosition();
  c.header('X-Accel-Buffering', 'no');
  const response = streamSSE(c, async (stream) => {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    stream.onAbort(end);
    view.shutdown?.addEventListener('abort', end);
    if (view.shutdown?.aborted) end();
    const lifetime = setTimeout(end, LIFETIME_MS);
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let subscription: Subscription | undefined;
    try {
      // The position the stream starts at, so a client knows where it stands.
      await stream.writeSSE({ event: 'ready', id: String(after), data: JSON.stringify({ position: after }) });
      subscription = followEvents(view.app.store, { ...filter, after, onEvent: (event) => write(stream, event), onError: end });
      await ended;
    } finally {
      clearTimeout(lifetime);
      clearInterval(heartbeat);
      view.shutdown?.removeEventListener('abort', end);
      await subscription?.close();
    }
  });
  response.headers.set('Connection', 'close');
  response.headers.set('cache-control', 'no-store');
  return response;
}

// Reading a stored event as a domain event. The store keeps envelopes (a type and data it does not
// interpret); a fold reads one as an event of a known union, so that `switch (event.type)` narrows
// `event.data`. The store holds only the types src/domain/events.ts names, each with the data its
// schema gave when it was appended; stored data is not parsed again on reading (history may hold
// what today's rules would refuse), so the view checks nothing: it is the one place a type is assumed.

/** What a fold reads of a stored event at least: its type and data, as the store keeps them. */
export interface EventEnvelope {
  type: string;
  data: unknown;
}

/** The envelope as it was, its type and data one of `Events`. */
export type Narrowed<Envelope extends EventEnvelope, Events extends EventEnvelope> = Omit<Envelope, 'type' | 'data'> & Events;

/** The typed view for a union of events: every DomainEvent (src/domain/events.ts), or one aggregate's. */
export function narrowTo<Events extends EventEnvelope>(): <Envelope extends EventEnvelope>(event: Envelope) => Narrowed<Envelope, Events> {
  return <Envelope extends EventEnvelope>(event: Envelope) => event as unknown as Narrowed<Envelope, Events>;
}

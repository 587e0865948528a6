// A stand-in for an EventStoreDB server, in process, speaking the Streams gRPC service that
// @eventstore/db-client 6.2.1 uses (Read, Append; ServerFeatures answers UNIMPLEMENTED, so the client
// appends through the one-call Append). No real server could be installed where the esdb adapter was
// written; this lets its contract suite run through the real client, the real wire format and the
// client's own errors. It models only what EventStoreDB documents and its code shows for gRPC appends:
// - every event gets its own log position (commit = prepare), growing by its size — never dense;
// - a forward $all read from a position includes the event there, a backward one excludes it;
//   a $all subscription starts after its position and sends caught-up when it goes live;
// - stream reads carry $all positions (22.6+); a missing stream answers stream-not-found;
// - expected revision checks (revision / no_stream / any / stream_exists), wrong-expected-version answers;
// - like the $by_category projection, each event is followed by a `$>` link in `$ce-<category>`, and
//   a `$metadata`-like system event is written now and then: the adapter must look past them.
// It is not EventStoreDB: what it gets wrong about the server, the adapter's tests cannot catch.

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const requireFromClient = createRequire(createRequire(import.meta.url).resolve('@eventstore/db-client'));
// The generated protobuf classes come untyped through require: `any` keeps this fake short.
const grpc = requireFromClient('@grpc/grpc-js') as any;
const streamsGrpc = requireFromClient('../generated/streams_grpc_pb.js') as any;
const streamsPb = requireFromClient('../generated/streams_pb.js') as any;
const sharedPb = requireFromClient('../generated/shared_pb.js') as any;

interface StoredEvent {
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  created: bigint;
  position: bigint;
}

interface Live {
  matches: (e: StoredEvent) => boolean;
  send: (e: StoredEvent) => void;
}

const EMPTY = new Uint8Array();

export class FakeEsdbServer {
  private readonly server = new grpc.Server();
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly live = new Set<Live>();
  /** The log starts past the server's own records, as a real one does. */
  private nextPosition = 1_024n;
  private appends = 0;
  port = 0;

  get connectionString(): string {
    return `esdb://admin:changeit@127.0.0.1:${this.port}?tls=false`;
  }

  async start(): Promise<void> {
    this.server.addService(streamsGrpc.StreamsService, {
      read: (call: any) => this.read(call),
      append: (call: any, callback: any) => this.append(call, callback),
    });
    this.port = await new Promise<number>((res, rej) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err: Error | null, port: number) => (err ? rej(err) : res(port))),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((res) => this.server.tryShutdown(() => res()));
    this.server.forceShutdown();
  }

  /** How many events $all holds, system ones included. */
  get size(): number {
    return this.log.length;
  }

  private write(stream: string, type: string, contentType: string, data: Uint8Array, metadata: Uint8Array, id = randomUUID()): StoredEvent {
    const list = this.streams.get(stream) ?? [];
    const e: StoredEvent = {
      stream,
      revision: BigInt(list.length),
      id,
      type,
      contentType,
      data,
      metadata,
      created: BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n,
      position: this.nextPosition,
    };
    this.nextPosition += 80n + BigInt(stream.length + type.length + data.length + metadata.length);
    list.push(e);
    this.streams.set(stream, list);
    this.log.push(e);
    for (const l of this.live) if (l.matches(e)) l.send(e);
    return e;
  }

  private append(call: any, callback: any): void {
    let options: any;
    const proposed: any[] = [];
    call.on('data', (req: any) => {
      if (req.hasOptions()) options = req.getOptions();
      if (req.hasProposedMessage()) proposed.push(req.getProposedMessage());
    });
    call.on('error', () => {});
    call.on('end', () => {
      const stream = Buffer.from(options.getStreamIdentifier().getStreamName()).toString('utf8');
      const current = (this.streams.get(stream)?.length ?? 0) - 1;
      const ok = options.hasAny()
        ? true
        : options.hasNoStream()
          ? current === -1
          : options.hasStreamExists()
            ? current >= 0
            : BigInt(options.getRevision()) === BigInt(current);
      const resp = new streamsPb.AppendResp();
      if (!ok) {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (current >= 0) wrong.setCurrentRevision(String(current));
        else wrong.setCurrentNoStream(new sharedPb.Empty());
        if (options.hasAny()) wrong.setExpectedAny(new sharedPb.Empty());
        else if (options.hasNoStream()) wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (options.hasStreamExists()) wrong.setExpectedStreamExists(new sharedPb.Empty());
        else wrong.setExpectedRevision(options.getRevision());
        resp.setWrongExpectedVersion(wrong);
        callback(null, resp);
        return;
      }
      let last: StoredEvent | undefined;
      for (const m of proposed) {
        const meta = m.getMetadataMap();
        last = this.write(stream, meta.get('type'), meta.get('content-type'), m.getData_asU8(), m.getCustomMetadata_asU8(), m.getId().getString());
      }
      // What system projections and the server add to $all: links by category, now and then a system event.
      const lastOfBatch = last!;
      const category = stream.split('-')[0]!;
      this.write(`$ce-${category}`, '$>', 'application/octet-stream', Buffer.from(`${lastOfBatch.revision}@${stream}`), EMPTY);
      this.appends += 1;
      if (this.appends % 7 === 0) this.write(`$$${stream}`, '$metadata', 'application/json', Buffer.from('{"$maxAge":86400}'), EMPTY);
      const success = new streamsPb.AppendResp.Success();
      success.setCurrentRevision(String(lastOfBatch.revision));
      const pos = new streamsPb.AppendResp.Position();
      pos.setCommitPosition(String(lastOfBatch.position));
      pos.setPreparePosition(String(lastOfBatch.position));
      success.setPosition(pos);
      resp.setSuccess(success);
      callback(null, resp);
    });
  }

  /** The index of the first event at or after a log position (binary search: positions only grow). */
  private firstAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private toResp(e: StoredEvent): any {
    const rec = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
    const id = new sharedPb.UUID();
    id.setString(e.id);
    rec.setId(id);
    const sid = new sharedPb.StreamIdentifier();
    sid.setStreamName(Buffer.from(e.stream, 'utf8'));
    rec.setStreamIdentifier(sid);
    rec.setStreamRevision(String(e.revision));
    rec.setCommitPosition(String(e.position));
    rec.setPreparePosition(String(e.position));
    rec.getMetadataMap().set('type', e.type);
    rec.getMetadataMap().set('content-type', e.contentType);
    rec.getMetadataMap().set('created', String(e.created));
    rec.setData(e.data);
    rec.setCustomMetadata(e.metadata);
    const readEvent = new streamsPb.ReadResp.ReadEvent();
    readEvent.setEvent(rec);
    readEvent.setCommitPosition(String(e.position));
    const resp = new streamsPb.ReadResp();
    resp.setEvent(readEvent);
    return resp;
  }

  private read(call: any): void {
    const options = call.request.getOptions();
    const backwards = options.getReadDirection() === 1;
    const count = options.hasCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER;
    const subscription = options.hasSubscription();
    if (options.hasStream()) {
      const so = options.getStream();
      const name = Buffer.from(so.getStreamIdentifier().getStreamName()).toString('utf8');
      const list = this.streams.get(name);
      if (!list) {
        const resp = new streamsPb.ReadResp();
        const nf = new streamsPb.ReadResp.StreamNotFound();
        nf.setStreamIdentifier(so.getStreamIdentifier());
        resp.setStreamNotFound(nf);
        call.write(resp);
        call.end();
        return;
      }
      if (subscription) throw new Error('the fake serves no stream subscriptions');
      let events: StoredEvent[];
      if (backwards) {
        const from = so.hasEnd() ? list.length - 1 : so.hasStart() ? 0 : Number(so.getRevision());
        events = list.slice(0, from + 1).reverse();
      } else {
        const from = so.hasStart() ? 0 : so.hasEnd() ? list.length : Number(so.getRevision());
        events = list.slice(from);
      }
      for (const e of events.slice(0, count)) call.write(this.toResp(e));
      call.end();
      return;
    }
    const ao = options.getAll();
    const at = ao.hasPosition() ? BigInt(ao.getPosition().getCommitPosition()) : undefined;
    if (!subscription) {
      let events: StoredEvent[];
      if (backwards) {
        const end = ao.hasStart() ? 0 : ao.hasEnd() || at === undefined ? this.log.length : this.firstAtOrAfter(at);
        events = this.log.slice(Math.max(0, end - count), end).reverse();
      } else {
        const begin = ao.hasEnd() ? this.log.length : ao.hasStart() || at === undefined ? 0 : this.firstAtOrAfter(at);
        events = this.log.slice(begin, begin + Math.min(count, this.log.length));
      }
      for (const e of events) call.write(this.toResp(e));
      call.end();
      return;
    }
    // A $all subscription: confirmation, what follows the position (exclusive), caught-up, then live.
    const matches = filterOf(options);
    const confirm = new streamsPb.ReadResp();
    const c = new streamsPb.ReadResp.SubscriptionConfirmation();
    c.setSubscriptionId(randomUUID());
    confirm.setConfirmation(c);
    call.write(confirm);
    const from = ao.hasEnd() ? this.nextPosition : ao.hasStart() ? -1n : at!;
    for (const e of this.log) if (e.position > from && matches(e)) call.write(this.toResp(e));
    const caught = new streamsPb.ReadResp();
    caught.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
    call.write(caught);
    const live: Live = { matches, send: (e) => call.write(this.toResp(e)) };
    this.live.add(live);
    const end = () => this.live.delete(live);
    call.on('cancelled', end);
    call.on('close', end);
    call.on('error', end);
  }
}

function filterOf(options: any): (e: StoredEvent) => boolean {
  if (!options.hasFilter()) return () => true;
  const f = options.getFilter();
  const onStream = f.hasStreamIdentifier();
  const expr = onStream ? f.getStreamIdentifier() : f.getEventType();
  const prefixes: string[] = expr.getPrefixList();
  const regex = expr.getRegex() ? new RegExp(expr.getRegex()) : null;
  return (e) => {
    const subject = onStream ? e.stream : e.type;
    if (prefixes.length > 0) return prefixes.some((p) => subject.startsWith(p));
    return regex ? regex.test(subject) : true;
  };
}

// The EventStoreDB / KurrentDB adapter.
//
// The contract suite runs when DUBAN_TEST_ESDB holds a connection string, e.g.
//   DUBAN_TEST_ESDB='esdb://admin:changeit@127.0.0.1:2113?tls=false' npx vitest run test/store/esdb-event-store.test.ts
// Point it at a THROWAWAY server: every run writes streams (and a store meta stream) it never deletes.
// Each test gets a store of its own through a fresh stream prefix (the adapter's streamPrefix option), so
// the server need not be empty; reading $all past earlier runs' events makes it slower as they pile up.
// Without DUBAN_TEST_ESDB the suite runs against an in-process stand-in for the server instead
// (test/support/fake-esdb-server.ts) — the real client and wire format, but the server's behaviour as
// this project understands it — beside unit tests of the mapping. No real server could be installed
// where this was written.
import { randomUUID } from 'node:crypto';
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteReadModel } from '../../src/app/read-model/sqlite-read-model.ts';
import { ConcurrencyError, InvalidAppendError, StoreError } from '../../src/store/errors.ts';
import { esdbConnectionString, esdbReadModelPath } from '../../src/store/esdb/connection.ts';
import {
  checkExpectedRevision,
  currentRevisionToNumber,
  ESDB_ENVELOPE_MARK,
  fromResolvedEvent,
  globalToPosition,
  isPinned,
  pinnedExpectedRevision,
  positionToGlobal,
  revisionToNumber,
  satisfiesExpected,
  toEsdbEvent,
} from '../../src/store/esdb/mapping.ts';
import { EsdbEventStore } from '../../src/store/esdb-event-store.ts';
import type { HashedEnvelope } from '../../src/store/event-hash.ts';
import { eventHash } from '../../src/store/event-hash.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';
import { openStore, parseStoreUrl } from '../../src/store/open-store.ts';
import { FakeEsdbServer } from '../support/fake-esdb-server.ts';
import { eventStoreContract, newEvent } from './event-store-contract.ts';

const server = process.env.DUBAN_TEST_ESDB?.trim() ?? '';

if (server !== '') {
  eventStoreContract(
    'esdb',
    async ({ clock }) => {
      const streamPrefix = `t${randomUUID().replaceAll('-', '')}-`;
      let current = await EsdbEventStore.open(server, { clock, streamPrefix });
      return {
        store: current,
        reopen: async () => {
          await current.close();
          current = await EsdbEventStore.open(server, { clock, streamPrefix });
          return current;
        },
        cleanup: () => current.close(),
      };
    },
    { liveTimeoutMs: 10_000, uniqueEventIds: false },
  );
} else {
  describe.skip('EventStore contract: esdb (set DUBAN_TEST_ESDB to a throwaway server to run it)', () => {
    it('needs an EventStoreDB / KurrentDB server', () => {});
  });
  console.info('test/store/esdb-event-store.test.ts: the esdb contract suite is skipped: DUBAN_TEST_ESDB names no server');
}

// The same suite through the real client against an in-process stand-in for the server
// (test/support/fake-esdb-server.ts): the adapter's logic and its use of the client, not the server.
describe('against a stand-in server', () => {
  const fake = new FakeEsdbServer();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  eventStoreContract(
    'esdb (stand-in server)',
    async ({ clock }) => {
      const streamPrefix = `t${randomUUID().replaceAll('-', '')}-`;
      let current = await EsdbEventStore.open(fake.connectionString, { clock, streamPrefix });
      return {
        store: current,
        reopen: async () => {
          await current.close();
          current = await EsdbEventStore.open(fake.connectionString, { clock, streamPrefix });
          return current;
        },
        cleanup: () => current.close(),
      };
    },
    { uniqueEventIds: false },
  );

  it('keeps one chain when two processes race for a stream: a pinned loser gets the actual revision, an unpinned one goes again', async () => {
    const streamPrefix = `r${randomUUID().replaceAll('-', '')}-`;
    const [a, b] = await Promise.all([
      EsdbEventStore.open(fake.connectionString, { streamPrefix }),
      EsdbEventStore.open(fake.connectionString, { streamPrefix }),
    ]);
    try {
      await a.append('task-r:1', [newEvent()]);
      const pinned = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).append('task-r:1', [newEvent(), newEvent()], { expectedRevision: 0 })),
      );
      expect(pinned.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of pinned.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect((r.reason as ConcurrencyError).actual).toBe(2);
      }
      await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).append('task-r:1', [newEvent()])));
      const stream = await b.readStream('task-r:1');
      expect(stream.map((e) => e.streamRevision)).toEqual(stream.map((_, i) => i));
      expect(stream).toHaveLength(11);
      for (let i = 1; i < stream.length; i++) expect(stream[i]!.prevHash).toBe(stream[i - 1]!.hash);
      expect(await a.readAll()).toEqual(await b.readAll());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('serves duban: DUBAN_STORE=esdb://… through openStore, the application and HTTP, read model in a local file', async () => {
    const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createApplication } = await import('../../src/app/application.ts');
    const { readPlanFile } = await import('../../src/app/plan/plan-adoption.ts');
    const { createHttpApp } = await import('../../src/http/app.ts');
    const { actingAsOffice, wuhanPlanFile } = await import('../support/harness.ts');
    const dir = mkdtempSync(join(tmpdir(), 'duban-esdb-app-'));
    const saved = process.env.DUBAN_READ_MODEL;
    process.env.DUBAN_READ_MODEL = join(dir, 'rm.db');
    // openStore has no stream prefix: this server is shared with the tests above, whose events are
    // duban-shaped too — so the store holds theirs as well, which the plan's reads never look at.
    const store = await openStore(fake.connectionString.replace('esdb://', 'kurrentdb://'));
    const app = createApplication(store, {});
    try {
      await app.start();
      await app.adoptPlan(await readPlanFile(wuhanPlanFile));
      const { hono } = createHttpApp(app, { access: actingAsOffice(app), validateResponses: true, storeKind: 'esdb' });
      const changed = await hono.request('/plans/wuhan-2023-p1/tasks/1.1/status', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'in_progress', reason: '按计划启动' }),
      });
      expect(changed.status).toBe(200);
      const task = (await (await hono.request('/plans/wuhan-2023-p1/tasks/1.1')).json()) as { status: string };
      expect(task.status).toBe('in_progress');
      const stream = await store.readStream('task-wuhan-2023-p1:1.1');
      expect(stream.map((e) => e.type)).toEqual(['TaskStatusChanged']);
      expect(existsSync(join(dir, 'rm.db'))).toBe(true);
    } finally {
      await app.close();
      await store.close();
      if (saved === undefined) delete process.env.DUBAN_READ_MODEL;
      else process.env.DUBAN_READ_MODEL = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies recorded events in (importRecorded), refusing a broken chain', async () => {
    const source = await EsdbEventStore.open(fake.connectionString, { streamPrefix: `s${randomUUID().replaceAll('-', '')}-` });
    const target = await EsdbEventStore.open(fake.connectionString, { streamPrefix: `c${randomUUID().replaceAll('-', '')}-` });
    try {
      await source.append('task-i:1', [newEvent(), newEvent()]);
      await source.append('plan-i', [newEvent({ effectiveAt: '2023-03-23T00:00:00.000Z' })]);
      await source.append('task-i:1', [newEvent()]);
      const recorded = await source.readAll();
      const tampered = { ...recorded[0]!, data: { changed: true } };
      await expect(target.importRecorded([tampered])).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(target.importRecorded([recorded[1]!])).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await target.headPosition()).toBe(0);
      const { lastPosition } = await target.importRecorded(recorded);
      const copied = await target.readAll();
      expect(lastPosition).toBe(copied.at(-1)!.globalPosition);
      const strip = (list: RecordedEvent[]) => list.map(({ globalPosition: _g, ...rest }) => rest);
      expect(strip(copied)).toEqual(strip(recorded));
      await expect(target.importRecorded([recorded[0]!])).rejects.toBeInstanceOf(ConcurrencyError);
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
});

function envelope(overrides: Partial<HashedEnvelope> = {}): HashedEnvelope & { hash: string } {
  const e: HashedEnvelope = {
    eventId: '019ad0c4-7f3e-7000-8000-000000000001',
    type: 'TaskStatusChanged',
    streamId: 'task-wuhan-2023-p1:1.1',
    streamRevision: 3,
    planId: 'wuhan-2023-p1',
    recordedAt: '2026-03-01T00:00:00.000Z',
    effectiveAt: '2023-03-23T00:00:00.000Z',
    actor: { id: 'kjj-oa', role: 'unit_reporter', unitId: 'kjj' },
    correlationId: '019ad0c4-7f3e-7000-8000-0000000000aa',
    causationId: null,
    schemaVersion: 1,
    data: { from: 'not_started', to: 'in_progress', reason: '按计划启动' },
    prevHash: 'a'.repeat(64),
    ...overrides,
  };
  return { ...e, hash: eventHash(e) };
}

/** What the client hands back for an event it read, built from what toEsdbEvent sent. */
function asRead(
  sent: ReturnType<typeof toEsdbEvent>,
  stream: string,
  revision: bigint,
  position: { commit: bigint; prepare: bigint } | undefined,
): AllStreamResolvedEvent {
  // Through JSON, as the server stores and returns both.
  const data = JSON.parse(JSON.stringify(sent.data)) as Record<string, unknown>;
  const metadata = JSON.parse(JSON.stringify(sent.metadata)) as Record<string, unknown>;
  return {
    event: {
      streamId: stream,
      id: sent.id,
      isJson: true,
      revision,
      type: sent.type,
      created: new Date(),
      data,
      metadata,
      position: position!,
    },
  } as AllStreamResolvedEvent;
}

describe('EventStoreDB mapping (no server)', () => {
  it('puts the envelope in id, type, JSON data and metadata, with $correlationId and $causationId', () => {
    const e = envelope({ causationId: 'cause-1', correlationId: 'corr-1' });
    const sent = toEsdbEvent(e);
    expect(sent.id).toBe(e.eventId);
    expect(sent.type).toBe('TaskStatusChanged');
    expect(sent.contentType).toBe('application/json');
    expect(sent.data).toEqual(e.data);
    expect(sent.metadata).toEqual({
      [ESDB_ENVELOPE_MARK]: 1,
      planId: 'wuhan-2023-p1',
      recordedAt: e.recordedAt,
      effectiveAt: e.effectiveAt,
      actor: e.actor,
      correlationId: 'corr-1',
      causationId: 'cause-1',
      schemaVersion: 1,
      hash: e.hash,
      prevHash: e.prevHash,
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
    });
    expect('$causationId' in (toEsdbEvent(envelope()).metadata as object)).toBe(false);
  });

  it('reads back exactly the envelope it wrote, whose hash still verifies', () => {
    const e = envelope();
    const read = fromResolvedEvent(asRead(toEsdbEvent(e), 'p1-task-wuhan-2023-p1:1.1', 3n, { commit: 12_345n, prepare: 12_345n }), 'p1-');
    const { hash, ...rest } = e;
    const expected: RecordedEvent = { ...rest, hash, globalPosition: 12_345 };
    expect(read).toEqual(expected);
    expect(eventHash(read!, 'sha256')).toBe(read!.hash);
  });

  it('keeps any JSON value as data, and Chinese text as given', () => {
    for (const data of [null, 42, 'text', [1, '二', { 三: true }], { nfd: 'Cafe\u0301', title: '科技创新中心 🚀' }]) {
      const e = envelope({ data });
      const read = fromResolvedEvent(asRead(toEsdbEvent(e), e.streamId, 3n, { commit: 9n, prepare: 9n }));
      expect(read!.data).toEqual(data);
      expect(eventHash(read!)).toBe(e.hash);
    }
  });

  it("skips what is not duban's: system types and streams, links, other applications' events, other prefixes", () => {
    const sent = toEsdbEvent(envelope());
    const pos = { commit: 100n, prepare: 100n };
    const base = asRead(sent, 'task-x', 0n, pos);
    const variants: AllStreamResolvedEvent[] = [
      { event: { ...base.event!, type: '$metadata' } } as AllStreamResolvedEvent,
      { event: { ...base.event!, streamId: '$$task-x' } } as AllStreamResolvedEvent,
      { event: { ...base.event!, type: '$>' }, link: base.event } as unknown as AllStreamResolvedEvent,
      { event: { ...base.event!, metadata: { $correlationId: 'x' } } } as AllStreamResolvedEvent,
      { event: { ...base.event!, metadata: undefined } } as unknown as AllStreamResolvedEvent,
      { event: { ...base.event!, isJson: false, data: new Uint8Array() } } as unknown as AllStreamResolvedEvent,
      {} as AllStreamResolvedEvent,
    ];
    for (const v of variants) expect(fromResolvedEvent(v)).toBeNull();
    expect(fromResolvedEvent(base, 'other-')).toBeNull();
    expect(fromResolvedEvent(base)).not.toBeNull();
  });

  it('takes the position of a stream read from the event, or the resolved commit position', () => {
    const sent = toEsdbEvent(envelope());
    const read = asRead(sent, 'task-x', 0n, undefined);
    const withCommit = { ...read, event: { ...read.event!, position: undefined }, commitPosition: 777n } as unknown as ResolvedEvent;
    expect(fromResolvedEvent(withCommit)!.globalPosition).toBe(777);
    const none = { event: { ...read.event!, position: undefined } } as unknown as ResolvedEvent;
    expect(() => fromResolvedEvent(none)).toThrow(/22\.6/);
  });

  it('numbers positions by the commit position, refusing what cannot be one', () => {
    expect(positionToGlobal({ commit: 1n, prepare: 1n })).toBe(1);
    expect(positionToGlobal({ commit: 9_007_199_254_740_991n, prepare: 9_007_199_254_740_991n })).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => positionToGlobal({ commit: 9_007_199_254_740_992n, prepare: 9_007_199_254_740_992n })).toThrow(StoreError);
    expect(() => positionToGlobal({ commit: 500n, prepare: 420n })).toThrow(/explicit transaction/);
    expect(() => positionToGlobal(undefined)).toThrow(StoreError);
    expect(() => positionToGlobal({ commit: 18_446_744_073_709_551_615n, prepare: 18_446_744_073_709_551_615n })).toThrow(StoreError);
    expect(() => positionToGlobal({ commit: 0n, prepare: 0n })).toThrow(StoreError);
  });

  it('maps a globalPosition back to the $all position it came from', () => {
    expect(globalToPosition(0)).toBe('start');
    expect(globalToPosition(4_096)).toEqual({ commit: 4_096n, prepare: 4_096n });
    for (const p of [1, 123_456, Number.MAX_SAFE_INTEGER]) {
      const position = globalToPosition(p);
      expect(positionToGlobal(position as { commit: bigint; prepare: bigint })).toBe(p);
    }
    expect(() => globalToPosition(-1)).toThrow(StoreError);
    expect(() => globalToPosition(1.5)).toThrow(StoreError);
  });

  it('translates revisions and expectations', () => {
    expect(revisionToNumber(0n)).toBe(0);
    expect(revisionToNumber(41n)).toBe(41);
    expect(() => revisionToNumber(-1n)).toThrow(StoreError);
    expect(currentRevisionToNumber('no_stream')).toBe(-1);
    expect(currentRevisionToNumber(7n)).toBe(7);
    expect(pinnedExpectedRevision(-1)).toBe('no_stream');
    expect(pinnedExpectedRevision(0)).toBe(0n);
    expect(pinnedExpectedRevision(12)).toBe(12n);

    const table: Array<[Parameters<typeof satisfiesExpected>[0], number, boolean]> = [
      ['any', -1, true],
      ['any', 5, true],
      ['no_stream', -1, true],
      ['no_stream', 0, false],
      ['stream_exists', -1, false],
      ['stream_exists', 0, true],
      [2, 2, true],
      [2, 3, false],
      [2, -1, false],
      [-1, -1, true],
    ];
    for (const [expected, actual, ok] of table) expect(satisfiesExpected(expected, actual)).toBe(ok);
    expect(isPinned(3)).toBe(true);
    expect(isPinned('no_stream')).toBe(true);
    expect(isPinned('any')).toBe(false);
    expect(isPinned('stream_exists')).toBe(false);
    for (const bad of [-2, 1.5, 'latest', null]) expect(() => checkExpectedRevision(bad as never)).toThrow(/expectedRevision/);
  });

  it('hands kurrentdb:// to client 6.x as esdb://', () => {
    expect(esdbConnectionString('esdb://admin:changeit@localhost:2113?tls=false')).toBe('esdb://admin:changeit@localhost:2113?tls=false');
    expect(esdbConnectionString('kurrentdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(esdbConnectionString('kurrentdb+discover://a:b@cluster.example:2113')).toBe('esdb+discover://a:b@cluster.example:2113');
    expect(esdbConnectionString('kdb://h:2113')).toBe('esdb://h:2113');
    for (const url of ['esdb://h:2113', 'esdb+discover://h:2113', 'kurrentdb://h:2113', 'kurrentdb+discover://h:2113']) {
      expect(parseStoreUrl(url)).toEqual({ kind: 'esdb', url });
    }
  });

  it('names the default read model file for the server', () => {
    expect(esdbReadModelPath('esdb://admin:secret@db1.example:2113,db2.example:2113?tls=true')).toBe(
      './data/esdb-db1.example_2113_db2.example_2113.read-model.db',
    );
    expect(esdbReadModelPath('kurrentdb://localhost:2113')).toBe('./data/esdb-localhost_2113.read-model.db');
  });
});

describe('EventStoreDB store without a server', () => {
  it('fails to open with a StoreError that hides the password', async () => {
    const err = await openStore('esdb://admin:secret@127.0.0.1:1?tls=false').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).not.toBeInstanceOf(ConcurrencyError);
    expect((err as Error).message).toMatch(/EventStoreDB/);
    expect((err as Error).message).not.toContain('secret');
  });
});

describe('the read model of an EventStoreDB store', () => {
  it('is a local SQLite file: DUBAN_READ_MODEL, else one named for the server', async () => {
    const { openReadModel } = await import('../../src/app/read-model/open-read-model.ts');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, resolve } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'duban-esdb-rm-'));
    const saved = process.env.DUBAN_READ_MODEL;
    // Only the property openReadModel looks at: no store behaviour is imitated.
    const store = { esdbReadModelPath: join(dir, 'default.read-model.db') } as unknown as EsdbEventStore;
    try {
      delete process.env.DUBAN_READ_MODEL;
      const byDefault = openReadModel(store) as SqliteReadModel;
      expect(byDefault.path).toBe(resolve(dir, 'default.read-model.db'));
      await byDefault.close();
      process.env.DUBAN_READ_MODEL = `sqlite:${join(dir, 'chosen.db')}`;
      const chosen = openReadModel(store) as SqliteReadModel;
      expect(chosen.path).toBe(resolve(dir, 'chosen.db'));
      await chosen.close();
    } finally {
      if (saved === undefined) delete process.env.DUBAN_READ_MODEL;
      else process.env.DUBAN_READ_MODEL = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

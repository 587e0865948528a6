// The digest writer: due by count or by age, several digests for a long backlog, never covering
// digests, and two writers on one file (two processes) sharing the work without a duplicate.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestWriter, DIGEST_ACTOR } from '../../src/app/digest.ts';
import { loadOrCreateSigner } from '../../src/app/digest-signing.ts';
import { readSignedHead, writeSignedHead } from '../../src/app/signed-head.ts';
import { verifyStore } from '../../src/app/verify.ts';
import { DigestRecordedData } from '../../src/domain/digest.ts';
import { SYSTEM_PLAN_ID, streams } from '../../src/domain/events.ts';
import type { EventStore, NewEvent } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { TestClock } from '../support/harness.ts';

let dir: string;
const opened: SqliteEventStore[] = [];
const clock = new TestClock(new Date('2026-11-27T08:00:00.000Z'));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-digest-'));
  clock.set('2026-11-27T08:00:00.000Z');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});
const open = () => {
  const s = SqliteEventStore.open(join(dir, 'events.db'), { clock: clock.read });
  opened.push(s);
  return s;
};

let ids = 0;
const newId = () => `digest-test-${++ids}`;
const event = (n: number): NewEvent => ({ eventId: newId(), type: 'T', planId: 'contract', actor: { id: 't', role: 'r' }, data: { n } });
const fill = async (store: SqliteEventStore, n: number) => {
  for (let i = 0; i < n; i++) await store.append(`s-${i % 3}`, [event(i)]);
};

describe('the digest writer', () => {
  it('writes nothing for an empty store or too few, young events', async () => {
    const store = open();
    const writer = createDigestWriter(store, { every: 5, intervalMs: 60_000, newId, clock: clock.read });
    expect(await writer.maybeWrite()).toBeNull();
    await fill(store, 4);
    expect(await writer.maybeWrite()).toBeNull();
    expect(await store.readStream(streams.digest())).toEqual([]);
  });

  it('writes one digest per `every` events, leaving the rest for later, and one for old events', async () => {
    const store = open();
    const writer = createDigestWriter(store, { every: 5, intervalMs: 60_000, newId, clock: clock.read });
    await fill(store, 12);
    expect(await writer.maybeWrite()).toMatchObject({ digests: 2, covered: 10, toPosition: 10 });
    const [first, second] = await store.readStream(streams.digest());
    expect(first).toMatchObject({ type: 'DigestRecorded', planId: SYSTEM_PLAN_ID, actor: DIGEST_ACTOR, streamRevision: 0 });
    const d0 = DigestRecordedData.parse(first!.data);
    expect(d0).toEqual({
      fromPosition: 0,
      toPosition: 5,
      count: 5,
      streams: [
        { streamId: 's-0', fromRevision: 0, toRevision: 1, headHash: expect.any(String) },
        { streamId: 's-1', fromRevision: 0, toRevision: 1, headHash: expect.any(String) },
        { streamId: 's-2', fromRevision: 0, toRevision: 0, headHash: expect.any(String) },
      ],
      order: [0, 1, 2, 0, 1],
      previousDigest: null,
    });
    // The second starts after the first's range, skips the first digest (position 6), links to it.
    const d1 = DigestRecordedData.parse(second!.data);
    expect(d1).toMatchObject({ fromPosition: 5, toPosition: 10, count: 5, previousDigest: first!.hash });
    expect(await writer.maybeWrite()).toBeNull(); // 2 left, young
    clock.advance(60_000);
    expect(await writer.maybeWrite()).toMatchObject({ digests: 1, covered: 2, toPosition: 12 });
    expect(await verifyStore(store)).toMatchObject({ intact: true, digests: 3, uncovered: 0 });
  });

  it('flush covers everything; stop flushes too', async () => {
    const store = open();
    const writer = createDigestWriter(store, { every: 1000, newId, clock: clock.read });
    await fill(store, 3);
    expect(await writer.flush()).toMatchObject({ digests: 1, covered: 3 });
    expect(await writer.flush()).toBeNull();
    writer.start();
    await fill(store, 2);
    expect(await writer.stop()).toMatchObject({ digests: 1, covered: 2 });
    expect(await verifyStore(store)).toMatchObject({ intact: true, digests: 2, uncovered: 0, events: 7 });
  });

  it('shares the work with a writer on another connection: a lost race moves on, no range twice', async () => {
    const a = open();
    const b = open();
    const wa = createDigestWriter(a, { every: 3, newId, clock: clock.read });
    const wb = createDigestWriter(b, { every: 3, newId, clock: clock.read });
    await fill(a, 4);
    expect(await wa.maybeWrite()).toMatchObject({ digests: 1, toPosition: 3 });
    await fill(b, 5);
    // b has not seen a's digest yet: it learns of it on refresh and writes only what is left.
    const [rb, ra] = await Promise.all([wb.maybeWrite(), wa.flush()]);
    const all = (await a.readStream(streams.digest())).map((e) => DigestRecordedData.parse(e.data));
    expect(all.map((d) => [d.fromPosition, d.toPosition])).toEqual(all.map((d, i) => [i === 0 ? 0 : all[i - 1]!.toPosition, d.toPosition]));
    expect((rb?.covered ?? 0) + (ra?.covered ?? 0)).toBe(6);
    expect(await verifyStore(a)).toMatchObject({ intact: true, uncovered: 0 });
  });

  it('loses a race on the digest stream revision and re-reads instead of failing', async () => {
    const a = open();
    const b = open();
    const wa = createDigestWriter(a, { every: 2, newId, clock: clock.read });
    // b's writer is overtaken between reading and appending: a writes a digest just before b's append.
    let overtaken = 0;
    const racing: EventStore = Object.create(b, {
      append: {
        value: async (...args: Parameters<EventStore['append']>) => {
          if (args[0] === streams.digest() && overtaken++ === 0) await wa.maybeWrite();
          return b.append(...args);
        },
      },
    });
    const wb = createDigestWriter(racing, { every: 2, newId, clock: clock.read });
    await fill(a, 3);
    expect(await wb.maybeWrite()).toBeNull(); // its range was taken by a; one event is left, young
    expect(overtaken).toBe(1); // it tried once, lost, re-read, and found nothing due
    await fill(a, 1);
    expect(await wb.maybeWrite()).toMatchObject({ digests: 1, toPosition: 5 });
    expect((await a.readStream(streams.digest())).map((e) => e.streamRevision)).toEqual([0, 1]);
    expect(await verifyStore(a)).toMatchObject({ intact: true, digests: 2, uncovered: 0 });
  });

  it('signs each digest and remembers its head outside the store only once the append has returned', async () => {
    const store = open();
    const { signer } = loadOrCreateSigner(join(dir, 'signing-key.pem'));
    const headFile = join(dir, 'signed-head.json');
    let failNext = true;
    const failing: EventStore = Object.create(store, {
      append: {
        value: async (...args: Parameters<EventStore['append']>) => {
          if (args[0] === streams.digest() && failNext) {
            failNext = false;
            throw new Error('disk full');
          }
          return store.append(...args);
        },
      },
    });
    const writer = createDigestWriter(failing, { newId, clock: clock.read, signer, signedHeadFile: headFile });
    await fill(store, 3);
    await expect(writer.flush()).rejects.toThrow('disk full');
    expect(existsSync(headFile)).toBe(false); // nothing durable to name
    const written = await writer.flush();
    const [digest] = await store.readStream(streams.digest());
    const data = DigestRecordedData.parse(digest!.data);
    expect(data.signature).toMatchObject({ algorithm: 'ed25519', keyId: signer.keyId });
    expect(signer.verifies(data)).toBe(true);
    expect(readSignedHead(headFile)).toEqual({
      position: written!.position,
      revision: 0,
      digest: written!.headDigest,
      toPosition: 3,
      keyId: signer.keyId,
      signature: data.signature!.value,
    });
    expect(writer.signedHead()).toEqual(readSignedHead(headFile));
    // The file never moves backwards: an older head (another process, later) leaves it as it is.
    writeSignedHead(headFile, { ...readSignedHead(headFile)!, position: 1, revision: 0 });
    expect(readSignedHead(headFile)!.position).toBe(written!.position);
  });
});

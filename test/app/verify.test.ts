// Tamper-evident history: a store written through the real SQLite adapter and digest writer, closed,
// then edited as someone with the file would edit it (better-sqlite3, no duban code), reopened and
// verified. Each edit is caught with its kind, stream and revision; an untouched store is intact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/app/application.ts';
import { createDigestWriter } from '../../src/app/digest.ts';
import { type DigestSigner, loadDigestKey, loadOrCreateSigner, newSigningKeyPem, signerFromPem } from '../../src/app/digest-signing.ts';
import { readSignedHead } from '../../src/app/signed-head.ts';
import { verifyHead, verifyStore } from '../../src/app/verify.ts';
import { DigestRecordedData } from '../../src/domain/digest.ts';
import { streams } from '../../src/domain/events.ts';
import { eventHash, type HashAlgorithm } from '../../src/store/event-hash.ts';
import type { NewEvent } from '../../src/store/event-store.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';

const A = 'task-contract:1';
const B = 'task-contract:2';
const C = 'task-contract:3';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-verify-'));
  file = join(dir, 'events.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let ids = 0;
const newId = () => `00000000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;
const event = (data: unknown): NewEvent => ({
  eventId: newId(),
  type: 'TaskStatusChanged',
  planId: 'contract',
  actor: { id: 'tester', role: 'unit_reporter', unitId: 'kjj' },
  data,
});

/**
 * Positions: 1 a0, 2 b0, 3 a1, 4 c0, 5 b1, 6 a2, 7 c1, 8 digest 0 (covers 1–7),
 * 9 a3, 10 b2, 11 a4, 12 digest 1 (covers 9–11), 13 a5 (uncovered).
 */
async function buildHistory(hashAlgorithm?: HashAlgorithm): Promise<{ headDigest: string }> {
  const clock = () => new Date('2026-11-27T08:00:00.000Z');
  const store = SqliteEventStore.open(file, { clock, hashAlgorithm });
  const digests = createDigestWriter(store, { newId, clock });
  const step = (stream: string, data: unknown) => store.append(stream, [event(data)]);
  await step(A, { n: 'a0', 说明: '启动' });
  await step(B, { n: 'b0' });
  await step(A, { n: 'a1' });
  await step(C, { n: 'c0' });
  await step(B, { n: 'b1', 说明: '原文' });
  await step(A, { n: 'a2' });
  await step(C, { n: 'c1' });
  expect((await digests.flush())?.toPosition).toBe(7);
  await step(A, { n: 'a3' });
  await step(B, { n: 'b2' });
  await step(A, { n: 'a4' });
  const second = await digests.flush();
  expect(second).toMatchObject({ digests: 1, covered: 3, toPosition: 11, position: 12 });
  await step(A, { n: 'a5' });
  await store.close();
  return { headDigest: second!.headDigest };
}

function tamper(edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    edit(db);
  } finally {
    db.close();
  }
}

/** Swaps two rows' global_position (the primary key) through a free temporary position. */
function swap(db: Database.Database, p: number, q: number): void {
  const move = db.prepare('UPDATE events SET global_position = ? WHERE global_position = ?');
  db.transaction(() => {
    move.run(-1, p);
    move.run(p, q);
    move.run(q, -1);
  })();
}

async function verify() {
  const store = SqliteEventStore.open(file);
  try {
    return await verifyStore(store, { pageSize: 4 }); // small pages: the walk crosses page ends
  } finally {
    await store.close();
  }
}

describe('verifyStore', () => {
  it('answers intact for an untouched store, with its counts and head digest', async () => {
    const { headDigest } = await buildHistory();
    const progress: [number, number][] = [];
    const store = SqliteEventStore.open(file);
    const result = await verifyStore(store, { pageSize: 5, onProgress: (done, total) => progress.push([done, total]) });
    await store.close();
    expect(result).toEqual({
      intact: true,
      algorithm: 'sha256',
      events: 13,
      streams: 4, // A, B, C and the digest stream
      digests: 2,
      headDigest,
      headPosition: 13,
      uncovered: 1,
      // No key given: the digests are unsigned, as before signing began.
      signatures: 'unchecked',
      signed: 0,
      unsigned: 2,
      signedHead: null,
      unsignedTail: 11,
      anchor: 'none',
    });
    expect(progress).toEqual([
      [5, 13],
      [10, 13],
      [13, 13],
    ]);
  });

  it('answers intact for an sm3 store, naming the algorithm', async () => {
    const { headDigest } = await buildHistory('sm3');
    expect(await verify()).toMatchObject({ intact: true, algorithm: 'sm3', events: 13, headDigest });
  });

  it('answers intact, with no head digest, for an empty store and one without digests', async () => {
    const store = SqliteEventStore.open(file);
    expect(await verifyStore(store)).toMatchObject({ intact: true, events: 0, streams: 0, digests: 0, headDigest: null, uncovered: 0 });
    await store.append(A, [event({ n: 1 })]);
    expect(await verifyStore(store)).toMatchObject({ intact: true, events: 1, headDigest: null, uncovered: 1 });
    await store.close();
  });

  it('catches an event whose data was changed', async () => {
    await buildHistory();
    tamper((db) => db.prepare('UPDATE events SET data = ? WHERE global_position = 5').run(JSON.stringify({ n: 'b1', 说明: '改过' })));
    expect(await verify()).toMatchObject({
      intact: false,
      events: 4,
      problem: { kind: 'changed', streamId: B, revision: 1, globalPosition: 5 },
    });
  });

  it('catches a changed event rehashed by someone who knows the recipe, at the digest of its stream head', async () => {
    await buildHistory();
    tamper((db) => {
      const row = db.prepare('SELECT * FROM events WHERE global_position = 7').get() as Record<string, unknown>;
      const data = { n: 'c1', forged: true };
      const hash = eventHash(envelopeOf({ ...row, data: JSON.stringify(data) }), 'sha256');
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE global_position = 7').run(JSON.stringify(data), hash);
    });
    expect(await verify()).toMatchObject({ intact: false, problem: { kind: 'changed', streamId: C, revision: 1, globalPosition: 7 } });
  });

  it('catches a rehashed event inside a stream at the next event, which was chained to the original', async () => {
    await buildHistory();
    tamper((db) => {
      const row = db.prepare('SELECT * FROM events WHERE global_position = 3').get() as Record<string, unknown>; // a1
      const data = JSON.stringify({ n: 'a1', forged: true });
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE global_position = 3').run(data, eventHash(envelopeOf({ ...row, data }), 'sha256'));
    });
    expect(await verify()).toMatchObject({ intact: false, events: 5, problem: { kind: 'changed', streamId: A, revision: 1, globalPosition: 3 } });
  });

  it('catches the deleted last event of a stream, which its chain cannot see, by the digest covering it', async () => {
    await buildHistory();
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = 7').run()); // c1, C's last
    expect(await verify()).toMatchObject({
      intact: false,
      problem: { kind: 'missing', streamId: C, revision: 1, globalPosition: null },
    });
  });

  it('catches a deleted event inside a stream by the gap in its chain', async () => {
    await buildHistory();
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = 3').run()); // a1
    expect(await verify()).toMatchObject({
      intact: false,
      problem: { kind: 'missing', streamId: A, revision: 1, globalPosition: null },
    });
  });

  it('catches two events of different streams swapped in global order, by the digest', async () => {
    await buildHistory();
    tamper((db) => swap(db, 4, 5)); // c0 ↔ b1: each stream's own order still holds
    expect(await verify()).toMatchObject({
      intact: false,
      problem: { kind: 'reordered', streamId: C, revision: 0, globalPosition: 5 },
    });
  });

  it('catches two events of one stream swapped, naming the revision that is out of its place', async () => {
    await buildHistory();
    tamper((db) => swap(db, 1, 3)); // a0 ↔ a1
    expect(await verify()).toMatchObject({
      intact: false,
      events: 0,
      problem: { kind: 'reordered', streamId: A, revision: 0, globalPosition: 3 },
    });
  });

  it('catches a well-forged event inserted in the middle of a covered range', async () => {
    await buildHistory();
    tamper((db) => {
      // Make room at position 5 (everything from 5 on moves up one), then write a plausible row there:
      // a new stream's first event, hashed by the recipe, recorded at its neighbours' time.
      db.transaction(() => {
        db.prepare('UPDATE events SET global_position = -global_position WHERE global_position >= 5').run();
        db.prepare('UPDATE events SET global_position = 1 - global_position WHERE global_position < 0').run();
        const near = db.prepare('SELECT * FROM events WHERE global_position = 4').get() as Record<string, unknown>;
        const row = {
          ...near,
          global_position: 5,
          event_id: '00000000-0000-7000-8000-999999999999',
          stream_id: 'task-contract:9',
          stream_revision: 0,
          data: JSON.stringify({ n: 'forged' }),
          correlation_id: '00000000-0000-7000-8000-999999999999',
          prev_hash: null,
        };
        const hash = eventHash(envelopeOf(row), 'sha256');
        db.prepare(
          `INSERT INTO events (global_position, event_id, stream_id, stream_revision, type, plan_id, recorded_at, effective_at, actor,
             correlation_id, causation_id, schema_version, data, hash, prev_hash)
           VALUES (@global_position, @event_id, @stream_id, @stream_revision, @type, @plan_id, @recorded_at, @effective_at, @actor,
             @correlation_id, @causation_id, @schema_version, @data, @hash, @prev_hash)`,
        ).run({ ...row, hash });
      })();
    });
    expect(await verify()).toMatchObject({
      intact: false,
      problem: { kind: 'inserted', streamId: 'task-contract:9', revision: 0, globalPosition: 5 },
    });
  });

  it('catches a digest moved into the range it covers', async () => {
    await buildHistory();
    tamper((db) => swap(db, 7, 8)); // c1 ↔ digest 0
    expect(await verify()).toMatchObject({
      intact: false,
      problem: { kind: 'reordered', streamId: streams.digest(), revision: 0, globalPosition: 7 },
    });
  });

  it('catches a deleted digest by the gap in the digest stream', async () => {
    await buildHistory();
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = 8').run());
    expect(await verify()).toMatchObject({ intact: false, problem: { kind: 'missing', streamId: streams.digest(), revision: 0 } });
  });
});

/** The hashed envelope of a raw row, as the adapter builds it. */
function envelopeOf(row: Record<string, unknown>) {
  return {
    eventId: row.event_id as string,
    type: row.type as string,
    streamId: row.stream_id as string,
    streamRevision: row.stream_revision as number,
    planId: row.plan_id as string,
    recordedAt: row.recorded_at as string,
    effectiveAt: row.effective_at as string,
    actor: JSON.parse(row.actor as string) as { id: string; role: string },
    correlationId: row.correlation_id as string,
    causationId: row.causation_id as string | null,
    schemaVersion: row.schema_version as number,
    data: JSON.parse(row.data as string) as unknown,
    prevHash: row.prev_hash as string | null,
  };
}

// ---- Signed digests: the key and the last signed head kept outside the store ----------------------

const keyFile = () => join(dir, 'signing-key.pem');
const headFile = () => join(dir, 'signed-head.json');
const DIGESTS = streams.digest();

/** The same history as buildHistory, its digests signed, and a last one as a clean stop writes (position 14 covers a5). */
async function buildSigned(): Promise<{ signer: DigestSigner }> {
  const clock = () => new Date('2026-11-27T08:00:00.000Z');
  const store = SqliteEventStore.open(file, { clock });
  const { signer } = loadOrCreateSigner(keyFile());
  const digests = createDigestWriter(store, { newId, clock, signer, signedHeadFile: headFile() });
  const step = (stream: string, data: unknown) => store.append(stream, [event(data)]);
  for (const [stream, n] of [
    [A, 'a0'],
    [B, 'b0'],
    [A, 'a1'],
    [C, 'c0'],
    [B, 'b1'],
    [A, 'a2'],
    [C, 'c1'],
  ] as const)
    await step(stream, { n });
  await digests.flush();
  for (const [stream, n] of [
    [A, 'a3'],
    [B, 'b2'],
    [A, 'a4'],
  ] as const)
    await step(stream, { n });
  await digests.flush();
  await step(A, { n: 'a5' });
  expect(await digests.stop()).toMatchObject({ position: 14, toPosition: 13 });
  await store.close();
  return { signer };
}

/** verifyStore as `duban verify` runs it: with the key and the signed head found beside the store. */
async function verifySigned() {
  const store = SqliteEventStore.open(file);
  try {
    return await verifyStore(store, { pageSize: 4, key: loadDigestKey(keyFile()), signedHead: readSignedHead(headFile()) });
  } finally {
    await store.close();
  }
}

async function checkHead() {
  const store = SqliteEventStore.open(file);
  try {
    return await verifyHead(store, { key: loadDigestKey(keyFile()), signedHead: readSignedHead(headFile()), pageSize: 2 });
  } finally {
    await store.close();
  }
}

/**
 * Someone with the file but not the key rewrites the history: one event's data changed, then every hash,
 * prevHash and digest recomputed with duban's own hash recipe, in place. The digests' signatures are
 * stripped, kept as they were, or made with a key of the rewriter's own.
 */
function rewriteChain(signatures: 'strip' | 'keep' | DigestSigner) {
  tamper((db) => {
    const rows = db.prepare('SELECT * FROM events ORDER BY global_position').all() as Record<string, unknown>[];
    const update = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE global_position = ?');
    const heads = new Map<string, string>();
    const byRevision = new Map<string, string>();
    db.transaction(() => {
      for (const row of rows) {
        const envelope = envelopeOf(row);
        let data = envelope.data as Record<string, unknown>;
        if (envelope.streamId === B && envelope.streamRevision === 1) data = { ...data, n: 'b1', 说明: '改写' };
        if (envelope.streamId === DIGESTS) {
          const { signature, ...d } = DigestRecordedData.parse(data);
          const fields = {
            ...d,
            streams: d.streams.map((x) => ({ ...x, headHash: byRevision.get(`${x.streamId}@${x.toRevision}`)! })),
            previousDigest: d.previousDigest === null ? null : heads.get(DIGESTS)!,
          };
          data = signatures === 'strip' ? fields : signatures === 'keep' ? { ...fields, signature } : { ...fields, signature: signatures.sign(fields) };
        }
        const prevHash = envelope.streamRevision === 0 ? null : heads.get(envelope.streamId)!;
        const hash = eventHash({ ...envelope, data, prevHash }, 'sha256');
        update.run(JSON.stringify(data), prevHash, hash, row.global_position);
        heads.set(envelope.streamId, hash);
        byRevision.set(`${envelope.streamId}@${envelope.streamRevision}`, hash);
      }
    })();
  });
}

describe('signed digests and the signed head outside the store', () => {
  it('answers intact with every digest signed and the remembered head matched', async () => {
    const { signer } = await buildSigned();
    const head = readSignedHead(headFile());
    expect(head).toMatchObject({ position: 14, revision: 2, toPosition: 13, keyId: signer.keyId });
    expect(await verifySigned()).toMatchObject({
      intact: true,
      events: 14,
      digests: 3,
      signatures: 'checked',
      signed: 3,
      unsigned: 0,
      signedHead: { position: 14, revision: 2, digest: head!.digest, toPosition: 13 },
      unsignedTail: 0,
      anchor: 'matched',
    });
    expect(await checkHead()).toMatchObject({ intact: true, signedHead: { position: 14 }, unsignedDigests: false, tail: 0 });
  });

  it('catches a store whose newest event was deleted while it was stopped: truncated', async () => {
    await buildSigned();
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = (SELECT max(global_position) FROM events)').run());
    const result = await verifySigned();
    expect(result).toMatchObject({ intact: false, problem: { kind: 'truncated', streamId: DIGESTS, revision: 2, globalPosition: null } });
    expect(result.intact === false && result.problem.detail).toMatch(/ends at position 13, behind its last signed head .* position 14/);
    expect(await checkHead()).toMatchObject({ intact: false, problem: { kind: 'truncated', revision: 2 } });
  });

  it('catches a store shortened by its newest events: truncated', async () => {
    await buildSigned();
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position >= 12').run());
    expect(await verifySigned()).toMatchObject({ intact: false, problem: { kind: 'truncated', revision: 2 } });
    expect(await checkHead()).toMatchObject({ intact: false, problem: { kind: 'truncated' } });
  });

  it('catches a whole chain rewritten with fresh digests by someone without the key: forged', async () => {
    await buildSigned();
    rewriteChain('strip');
    // Chains and digest ranges all agree: only what is kept outside the store tells.
    expect(await verifyStore(SqliteEventStore.open(file))).toMatchObject({ intact: true });
    const result = await verifySigned();
    expect(result).toMatchObject({ intact: false, problem: { kind: 'forged', streamId: DIGESTS, revision: 2, globalPosition: 14 } });
    expect(result.intact === false && result.problem.detail).toContain('not the signed head remembered outside the store');
    expect(await checkHead()).toMatchObject({ intact: false, problem: { kind: 'forged', revision: 2 } });
  });

  it('catches a rewritten chain that kept the old signatures, or was signed with another key: forged at the first digest', async () => {
    await buildSigned();
    rewriteChain('keep');
    const kept = await verifySigned();
    expect(kept).toMatchObject({ intact: false, problem: { kind: 'forged', revision: 0, globalPosition: 8 } });
    expect(kept.intact === false && kept.problem.detail).toContain('does not verify with the signing key');

    rmSync(file);
    await buildSigned();
    rewriteChain(signerFromPem(newSigningKeyPem()));
    const other = await verifySigned();
    expect(other).toMatchObject({ intact: false, problem: { kind: 'forged', revision: 0 } });
    expect(other.intact === false && other.problem.detail).toContain('signed by another key');
  });

  it('catches an unsigned digest written after signed ones: forged', async () => {
    await buildSigned();
    const store = SqliteEventStore.open(file);
    await store.append(A, [event({ n: 'a6' })]);
    await createDigestWriter(store, { newId }).flush(); // no key
    await store.close();
    const result = await verifySigned();
    expect(result).toMatchObject({ intact: false, problem: { kind: 'forged', streamId: DIGESTS, revision: 3, globalPosition: 16 } });
    expect(result.intact === false && result.problem.detail).toContain('unsigned, after signed ones');
  });

  it('counts events after the last signed digest (a kill -9) as an unsigned tail, not truncated nor forged', async () => {
    await buildSigned();
    const store = SqliteEventStore.open(file);
    await store.append(A, [event({ n: 'a6' })]);
    await store.append(B, [event({ n: 'b3' })]);
    await store.close();
    expect(await verifySigned()).toMatchObject({ intact: true, unsignedTail: 2, uncovered: 2, signedHead: { position: 14 }, anchor: 'matched' });
    expect(await checkHead()).toMatchObject({ intact: true, tail: 2 });
    // What no signature vouches for can go unseen: the tail's newest event deleted.
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = 16').run());
    expect(await verifySigned()).toMatchObject({ intact: true, unsignedTail: 1 });
  });

  it('reports the digests of a store written before signing began as unsigned, not forged; the first start with a key signs its head', async () => {
    await buildHistory(); // two unsigned digests, a5 after them
    // No key yet: nothing to check a signature against, and none to find.
    expect(await verifySigned()).toMatchObject({
      intact: true,
      signatures: 'unchecked',
      signed: 0,
      unsigned: 2,
      signedHead: null,
      unsignedTail: 11,
      anchor: 'none',
    });
    const store = SqliteEventStore.open(file);
    const app = createApplication(store, { signing: { keyFile: keyFile(), signedHeadFile: headFile() } });
    await app.start();
    expect(app.integrity()).toMatchObject({
      state: 'intact',
      readOnly: false,
      signedAtStart: true,
      unsignedAtStart: 1,
      signedHead: { position: 14, revision: 2, toPosition: 13 },
    });
    await app.close();
    await store.close();
    expect(readSignedHead(headFile())).toMatchObject({ position: 14, revision: 2 });
    expect(await verifySigned()).toMatchObject({ intact: true, signed: 1, unsigned: 2, signedHead: { position: 14 }, unsignedTail: 0, anchor: 'matched' });
  });

  it('seals an old store whose last digest covers everything with a signed digest over nothing new', async () => {
    await buildHistory();
    const old = SqliteEventStore.open(file);
    await createDigestWriter(old, { newId }).flush(); // unsigned, covers a5: nothing is left uncovered
    await old.close();
    const store = SqliteEventStore.open(file);
    const app = createApplication(store, { signing: { keyFile: keyFile(), signedHeadFile: headFile() } });
    await app.start();
    expect(app.integrity()).toMatchObject({
      state: 'intact',
      signedAtStart: true,
      unsignedAtStart: 0,
      signedHead: { position: 15, revision: 3, toPosition: 13 },
    });
    const [seal] = await store.readStream(DIGESTS, { fromRevision: 3 });
    expect(DigestRecordedData.parse(seal!.data)).toMatchObject({
      fromPosition: 13,
      toPosition: 13,
      count: 0,
      streams: [],
      order: [],
      signature: { algorithm: 'ed25519' },
    });
    await app.close();
    await store.close();
    expect(await verifySigned()).toMatchObject({ intact: true, signed: 1, unsigned: 3, signedHead: { position: 15 }, unsignedTail: 0, anchor: 'matched' });
  });

  it('starts a damaged store read-only and signs nothing on it', async () => {
    await buildSigned();
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = 14').run());
    const store = SqliteEventStore.open(file);
    const app = createApplication(store, { signing: { keyFile: keyFile(), signedHeadFile: headFile() } });
    await app.start();
    expect(app.integrity()).toMatchObject({ state: 'damaged', readOnly: true, problem: { kind: 'truncated' } });
    expect((app.integrity() as { reason: string }).reason).toMatch(/^the store is truncated: .*read-only/);
    await app.close(); // a clean stop writes no digest on a damaged store
    expect(await store.headPosition()).toBe(13);
    await store.close();
  });
});

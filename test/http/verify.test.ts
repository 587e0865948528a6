// GET /audit/verify through the hono app: intact with its head digest, broken naming the event, and
// a long walk that does not stop the service answering.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestWriter } from '../../src/app/digest.ts';
import type { NewEvent } from '../../src/store/event-store.ts';
import { type Harness, startHarness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

let ids = 0;
const newId = () => `00000000-0000-7000-9000-${String(++ids).padStart(12, '0')}`;
const bulk = (n: number): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({ eventId: newId(), type: 'BulkNoted', planId: 'wuhan-2023-p1', actor: { id: 't', role: 'r' }, data: { i } }));

describe('GET /audit/verify', () => {
  it('answers intact for the adopted plan, then with the head digest once one is written', async () => {
    const first = await h.request('/audit/verify');
    expect(first.status).toBe(200);
    const head = await h.store.headPosition();
    expect(await first.json()).toEqual({
      intact: true,
      algorithm: 'sha256',
      events: head,
      streams: 1,
      digests: 0,
      headDigest: null,
      headPosition: head,
      uncovered: head,
      signatures: 'unchecked',
      signed: 0,
      unsigned: 0,
      signedHead: null,
      unsignedTail: head,
      anchor: 'none',
    });
    const written = await createDigestWriter(h.store, { newId, clock: h.clock.read }).flush();
    const second = await (await h.request('/audit/verify')).json();
    expect(second).toMatchObject({ intact: true, digests: 1, headDigest: written!.headDigest, uncovered: 0, events: head + 1 });
    expect(h.bugs).toEqual([]);
  });

  it('answers intact: false, naming the changed event, when the file was edited behind the service', async () => {
    const raw = new Database(h.file);
    raw.prepare("UPDATE events SET actor = json_set(actor, '$.id', 'someone-else') WHERE global_position = 1").run();
    raw.close();
    const res = await h.request('/audit/verify');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      intact: false,
      algorithm: 'sha256',
      events: 0,
      problem: { kind: 'changed', streamId: 'plan-wuhan-2023-p1', revision: 0, globalPosition: 1 },
    });
  });

  it('keeps answering other requests while it walks a larger store', async () => {
    for (let i = 0; i < 20; i++) await h.store.append(`bulk-${i % 4}`, bulk(1000));
    let verified = false;
    const verify = h.request('/audit/verify').then(async (r) => {
      verified = true;
      return r.json();
    });
    const health = await h.request('/health');
    expect(health.status).toBe(200);
    expect(verified).toBe(false); // /health answered while the walk was still going
    expect(await verify).toMatchObject({ intact: true, events: 20_001, streams: 5 });
  }, 30_000);
});

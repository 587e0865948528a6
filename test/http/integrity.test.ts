// The store's integrity as the service shows and enforces it: /health names the state checked at start;
// a store shortened or rewritten while the service was stopped is served read-only (writes answer 503
// saying why, reads work); a published bulletin carries the head digest signed just before it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDigestKey } from '../../src/app/digest-signing.ts';
import { readSignedHead } from '../../src/app/signed-head.ts';
import { DigestRecordedData } from '../../src/domain/digest.ts';
import { streams } from '../../src/domain/events.ts';
import { eventHash } from '../../src/store/event-hash.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const PLAN = '/plans/wuhan-2023-p1';
let h: Harness;
afterEach(async () => {
  await h.close();
});

const status = (reason: string) => ({ method: 'POST', json: { status: 'in_progress', reason, effectiveAt: '2026-11-27T10:00:00+08:00' } });

function tamper(file: string, edit: (db: Database.Database) => void) {
  const db = new Database(file);
  try {
    edit(db);
  } finally {
    db.close();
  }
}

describe('/health and the integrity checked at start', () => {
  it('names an intact, signed store, with the key and the head it signed at start', async () => {
    h = await startHarness({ signing: true });
    const first = await (await h.request('/health')).json();
    // A fresh store: the plan is adopted after the check, so no head is signed yet.
    expect(first).toMatchObject({
      status: 'ok',
      integrity: { state: 'intact', readOnly: false, keyId: expect.stringMatching(/^[0-9a-f]{64}$/), signedHead: null },
    });
    await h.restart(); // the clean stop signs a digest over the plan
    const health = await (await h.request('/health')).json();
    const signed = readSignedHead(join(h.dir, 'signed-head.json'))!;
    expect(health.integrity).toMatchObject({
      state: 'intact',
      signedHead: { position: signed.position, digest: signed.digest, revision: 0 },
      signedAtStart: false,
      unsignedAtStart: 0,
    });
    expect(h.bugs).toEqual([]);
  });

  it('says unchecked for a service without a signing key', async () => {
    h = await startHarness();
    expect(await (await h.request('/health')).json()).toMatchObject({ status: 'ok', integrity: { state: 'unchecked', readOnly: false } });
  });

  it('serves a store truncated while stopped read-only: writes answer 503 saying why, reads and verify work', async () => {
    h = await startHarness({ signing: true });
    expect((await h.request(`${PLAN}/tasks/1.1/status`, status('启动'))).status).toBe(200);
    await h.restart(() => tamper(h.file, (db) => db.prepare('DELETE FROM events WHERE global_position = (SELECT max(global_position) FROM events)').run()));
    const head = await h.store.headPosition();

    const health = await (await h.request('/health')).json();
    expect(health).toMatchObject({
      status: 'read-only',
      integrity: { state: 'damaged', readOnly: true, problem: { kind: 'truncated', streamId: 'digest-_system' } },
    });
    expect(health.integrity.reason).toMatch(/^the store is truncated: the store ends at position \d+, behind its last signed head/);

    const refused = await h.request(`${PLAN}/tasks/1.2/status`, { ...status('启动'), headers: { 'idempotency-key': 'k-1' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const problem = await refused.json();
    expect(problem).toMatchObject({ type: '/problems/store-read-only', status: 503 });
    expect(problem.detail).toContain('truncated');
    const zh = await (await h.request(`${PLAN}/tasks/1.2/status`, { ...status('启动'), headers: { 'accept-language': 'zh-CN' } })).json();
    expect(zh.detail).toMatch(/^存储完整性受损，只读服务/);
    expect(await h.store.headPosition()).toBe(head); // nothing written, no digest either

    expect((await h.request(PLAN)).status).toBe(200);
    expect((await (await h.request(`${PLAN}/tasks/1.1`)).json()).status).toBe('in_progress');
    expect(await (await h.request('/audit/verify')).json()).toMatchObject({ intact: false, problem: { kind: 'truncated' } });
    expect(h.bugs).toEqual([]);
  });

  it('serves a chain rewritten while stopped, without the key, read-only as forged', async () => {
    h = await startHarness({ signing: true });
    await h.restart(() =>
      tamper(h.file, (db) => {
        // The plan's event reworded, then its hash and the digest's recomputed with duban's recipe, unsigned.
        const rows = db.prepare('SELECT * FROM events ORDER BY global_position').all() as Record<string, any>[];
        let planHash = '';
        for (const row of rows) {
          const envelope = {
            eventId: row.event_id,
            type: row.type,
            streamId: row.stream_id,
            streamRevision: row.stream_revision,
            planId: row.plan_id,
            recordedAt: row.recorded_at,
            effectiveAt: row.effective_at,
            actor: JSON.parse(row.actor),
            correlationId: row.correlation_id,
            causationId: row.causation_id,
            schemaVersion: row.schema_version,
            data: JSON.parse(row.data),
            prevHash: row.prev_hash,
          };
          if (row.stream_id === streams.digest()) {
            const { signature: _s, ...d } = DigestRecordedData.parse(envelope.data);
            envelope.data = { ...d, streams: d.streams.map((s) => ({ ...s, headHash: planHash })) };
          } else {
            envelope.data.plan.title = `${envelope.data.plan.title}（改）`;
          }
          const hash = eventHash(envelope, 'sha256');
          if (row.stream_id !== streams.digest()) planHash = hash;
          db.prepare('UPDATE events SET data = ?, hash = ? WHERE global_position = ?').run(JSON.stringify(envelope.data), hash, row.global_position);
        }
      }),
    );
    const health = await (await h.request('/health')).json();
    expect(health).toMatchObject({ status: 'read-only', integrity: { state: 'damaged', problem: { kind: 'forged', revision: 0 } } });
    expect((await h.request(`${PLAN}/tasks/1.1/status`, status('启动'))).status).toBe(503);
  });
});

describe('a published bulletin carries the signed head of its moment', () => {
  it('signs the head just before publication and carries position, digest and signature in the result, the JSON and the Markdown', async () => {
    h = await startHarness({ signing: true, now: '2026-11-27T08:00:00.000Z' });
    h.clock.set('2026-12-01T02:00:00.000Z');
    expect((await h.request(`${PLAN}/tasks/1.1/status`, status('启动'))).status).toBe(200);
    const res = await h.request(`${PLAN}/reports/quarterly/2023-Q2/publish`, { method: 'POST', json: { effectiveAt: '2023-07-05T10:00:00+08:00' } });
    expect(res.status).toBe(201);
    const published = await res.json();
    const anchor = published.anchor;
    expect(anchor).toMatchObject({ revision: 0, keyId: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.any(String) });
    // It covers everything before the publication, and is the signed digest the store holds there.
    expect(anchor.toPosition).toBe(anchor.position - 1);
    expect(published.globalPosition).toBeGreaterThan(anchor.position);
    const [digest] = await h.store.readStream(streams.digest(), { fromRevision: anchor.revision, maxCount: 1 });
    expect(digest).toMatchObject({ globalPosition: anchor.position, hash: anchor.digest });
    const data = DigestRecordedData.parse(digest!.data);
    expect(data.signature?.value).toBe(anchor.signature);
    expect(loadDigestKey(join(h.dir, 'signing-key.pem'))!.verifies(data)).toBe(true);

    const json = JSON.parse(Buffer.from(await (await h.request(`${PLAN}/reports/quarterly/2023-Q2?published=true`)).arrayBuffer()).toString('utf8'));
    expect(json.publication.anchor).toEqual(anchor);
    const md = await (await h.request(`${PLAN}/reports/quarterly/2023-Q2?published=true&format=md`)).text();
    expect(md).toContain(`存证摘要（签名）`);
    expect(md).toContain(`摘要 ${anchor.digest}，签名 ${anchor.signature}`);
    expect(h.bugs).toEqual([]);
  });

  it('carries none where the service signs no digests', async () => {
    h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
    h.clock.set('2026-12-01T02:00:00.000Z');
    const published = await (
      await h.request(`${PLAN}/reports/quarterly/2023-Q2/publish`, { method: 'POST', json: { effectiveAt: '2023-07-05T10:00:00+08:00' } })
    ).json();
    expect(published.anchor).toBeNull();
  });
});

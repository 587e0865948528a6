// Token hashes never leave the server: /events, /events/stream (over a socket), /audit as JSON and
// CSV carry token events without their hash; and the hash the store records is keyed with the token
// secret, so even the store's own file does not let a guess be tested without that secret.
import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/app/application.ts';
import { processTokenSecret } from '../../src/app/token/token-secret.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { serveHarness } from '../support/socket-server.ts';

let h: Harness;
let token: string;
let hashes: string[];
const issuer = { id: 'test', role: 'system' };

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  token = (await h.app.issueToken({ name: '市经信局 OA', role: 'unit', unitId: 'jxj', actor: issuer })).token;
  const other = await h.app.issueToken({ name: '督查室', role: 'supervisor', actor: issuer });
  await h.app.revokeToken(other.tokenId, issuer, '测试');
  const recorded = await h.store.readAll({ after: 0 });
  hashes = recorded.filter((e) => e.type.startsWith('Token')).map((e) => (e.data as { tokenHash: string }).tokenHash);
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

describe('token hashes are never served', () => {
  it('leaves them out of /events, and out of every other event a page holds', async () => {
    expect(hashes).toHaveLength(3); // two issued, one revoked: what must not leave
    const res = await h.request('/events?limit=1000');
    expect(res.status).toBe(200);
    const text = await res.text();
    const items = (JSON.parse(text) as { items: { type: string; data: Record<string, unknown> }[] }).items.filter((e) => e.type.startsWith('Token'));
    expect(items.map((e) => e.type)).toEqual(['TokenIssued', 'TokenIssued', 'TokenRevoked']);
    for (const event of items) expect(event.data).not.toHaveProperty('tokenHash');
    expect(items[0]!.data).toMatchObject({ name: '市经信局 OA', role: 'unit', unitId: 'jxj', hashScheme: 'hmac-sha256' });
    for (const hash of hashes) expect(text).not.toContain(hash);
    // Filtered by plan too (the token events are the _system plan's).
    const system = await (await h.request('/events?planId=_system')).text();
    expect(system).toContain('TokenRevoked');
    for (const hash of hashes) expect(system).not.toContain(hash);
  });

  it('leaves them out of /events/stream', async () => {
    const server = await serveHarness(h);
    const controller = new AbortController();
    try {
      const res = await fetch(`${server.base}/events/stream`, { signal: controller.signal });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let text = '';
      while ((text.match(/^event: Token/gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('"name":"市经信局 OA"');
      expect(text).not.toContain('tokenHash');
      for (const hash of hashes) expect(text).not.toContain(hash);
    } finally {
      controller.abort();
      await server.close();
    }
  });

  it('leaves them out of /audit as JSON and as CSV', async () => {
    for (const format of ['json', 'csv']) {
      const res = await h.request(`/audit?type=TokenIssued,TokenRevoked&format=${format}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('TokenIssued');
      for (const hash of hashes) expect(text).not.toContain(hash);
    }
  });
});

describe('token hashes are keyed', () => {
  it('records an HMAC of the token under the token secret, not its plain SHA-256, and says so', async () => {
    const [issued] = (await h.store.readAll({ after: 0 })).filter((e) => e.type === 'TokenIssued');
    const data = issued!.data as { tokenHash: string; hashScheme?: string };
    expect(data.hashScheme).toBe('hmac-sha256');
    expect(data.tokenHash).not.toBe(createHash('sha256').update(token).digest('hex'));
    expect(data.tokenHash).toBe(createHmac('sha256', Buffer.from(processTokenSecret())).update(token).digest('hex'));
  });

  it('accepts a token only under the secret it was hashed with', async () => {
    expect((await h.app.authenticate(token)).ok).toBe(true);
    const store = SqliteEventStore.open(h.file);
    const elsewhere = createApplication(store, { tokenSecret: Buffer.alloc(32, 7) });
    try {
      await elsewhere.start();
      expect(await elsewhere.authenticate(token)).toEqual({ ok: false, why: { because: 'unknown' } });
    } finally {
      await elsewhere.close();
      await store.close();
    }
  });
});

describe('tokens recorded before keyed hashes', () => {
  /** A TokenIssued as earlier versions wrote it: the plain SHA-256, no scheme. */
  async function issueTheOldWay(secret: string, tokenId: string) {
    await h.store.append(`token-_system:${tokenId}`, [
      {
        eventId: `00000000-0000-7000-9000-${tokenId.slice(-12)}`,
        type: 'TokenIssued',
        planId: '_system',
        data: { tokenId, tokenHash: createHash('sha256').update(secret).digest('hex'), name: 'office (DUBAN_ADMIN_TOKEN)', role: 'office' },
        actor: { id: 'duban', role: 'system', name: 'duban serve' },
      },
    ]);
    await h.app.listTokens(); // the read model catches up
  }

  it('keeps accepting a strong one, and revokes it', async () => {
    const old = 'Zq3xW8pL1vN6cR0tY4hB7mK2sD9fG5jA-u_E8iO3wTr';
    const tokenId = '11111111-1111-4111-8111-000000000001';
    await issueTheOldWay(old, tokenId);
    const who = await h.app.authenticate(old);
    expect(who).toMatchObject({ ok: true, principal: { tokenId, role: 'office' } });
    expect((await h.app.listTokens()).find((t) => t.tokenId === tokenId)).not.toHaveProperty('hashScheme');
    await h.app.revokeToken(tokenId, issuer, '换新');
    expect(await h.app.authenticate(old)).toMatchObject({ ok: false, why: { because: 'revoked' } });
  });

  it('no longer accepts a weak one: its plain hash was served, so it may have been guessed', async () => {
    const weak = 'automation-office-token-0123456789abcdef';
    await issueTheOldWay(weak, '11111111-1111-4111-8111-000000000002');
    const refused = await h.app.authenticate(weak);
    expect(refused).toMatchObject({ ok: false, why: { because: 'weak', recipe: expect.stringMatching(/randomBytes\(32\)/) } });
  });
});

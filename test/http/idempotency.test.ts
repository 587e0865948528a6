// Idempotency-Key over HTTP (hono app, SQLite on a temp file): a replay answers the first response
// and writes nothing, across a restart too; another body is 422, a request in flight 409; refusals
// are kept, 5xx are not; expired keys can be used again; the header is checked.
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unkeyedTokenHash } from '../../src/app/token/token-secret.ts';
import { idempotencyScope } from '../../src/http/middleware/idempotency.ts';
import type { AppendResult } from '../../src/store/event-store.ts';
import { type Harness, startHarness, type TestResponse } from '../support/harness.ts';

const TASK = '/plans/wuhan-2023-p1/tasks/1.1';
const START = { status: 'in_progress', reason: '已召开办理工作动员部署会' };
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' });
  h.clock.set('2026-11-27T09:00:00.000Z');
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

const change = (json: unknown, key?: string, headers: Record<string, string> = {}) =>
  h.request(`${TASK}/status`, { method: 'POST', json, headers: { ...(key === undefined ? {} : { 'idempotency-key': key }), ...headers } });

async function snapshot(res: TestResponse) {
  return { status: res.status, etag: res.headers.get('etag'), type: res.headers.get('content-type'), body: await res.text() };
}

/** Holds every append until released; `entered` resolves when the first one arrives. */
function slowAppends(h: Harness) {
  const append = h.store.append.bind(h.store);
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const arrived = new Promise<void>((r) => (entered = r));
  h.store.append = async (...args): Promise<AppendResult> => {
    entered();
    await gate;
    return append(...args);
  };
  return { arrived, release, restore: () => (h.store.append = append) };
}

describe('Idempotency-Key on POST', () => {
  it('replays the first response for the same key and body, and writes nothing more', async () => {
    const first = await change(START, 'key-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const kept = await snapshot(first);
    const head = await h.store.headPosition();

    h.clock.advance(60_000);
    // The same body in another key order and spacing is the same request.
    const again = await h.request(`${TASK}/status`, {
      method: 'POST',
      body: `{ "reason": "${START.reason}",  "status": "in_progress" }`,
      headers: { 'content-type': 'application/json', 'idempotency-key': '"key-1"' },
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await snapshot(again)).toEqual(kept);
    expect(kept.etag).toBe('"1"');
    expect(await h.store.headPosition()).toBe(head);
    expect((await (await h.request(`${TASK}/history`)).json()).items).toHaveLength(1);

    // Without the key, or with another one, the same body is a new request (refused: already in progress).
    expect((await change(START)).status).toBe(409);
    expect((await change(START, 'key-2')).status).toBe(409);
    expect(await h.store.headPosition()).toBe(head);
  });

  it('replays the first response after a restart on the same file, and the head does not move', async () => {
    const first = await snapshot(await change(START, 'restart-key'));
    expect(first.status).toBe(200);
    const head = await h.store.headPosition();
    await h.restart();

    const replayed = await change(START, 'restart-key');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await snapshot(replayed)).toEqual(first);
    expect(await h.store.headPosition()).toBe(head);
    // Another body under that key is still refused after the restart.
    expect((await change({ status: 'at_risk', reason: '进度滞后' }, 'restart-key')).status).toBe(422);
    expect(await h.store.headPosition()).toBe(head);
  });

  it('refuses the same key with another body with 422, and writes nothing', async () => {
    expect((await change(START, 'k')).status).toBe(200);
    const head = await h.store.headPosition();
    const res = await change({ status: 'at_risk', reason: '进度滞后' }, 'k');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    expect(await h.store.headPosition()).toBe(head);
    // The key is bound to its path as well as its body.
    const other = await h.request('/plans/wuhan-2023-p1/tasks/1.2/status', { method: 'POST', json: START, headers: { 'idempotency-key': 'k' } });
    expect(other.status).toBe(422);
    expect(await h.store.headPosition()).toBe(head);
  });

  it('answers 409 to the same key while its first request is still running; one change goes through', async () => {
    const slow = slowAppends(h);
    const first = change(START, 'busy');
    await slow.arrived;
    const second = await change(START, 'busy');
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ type: '/problems/idempotency-key-in-flight', status: 409 });
    // Another body under the busy key is a reuse, whatever state the first is in.
    expect((await change({ status: 'cancelled', reason: '撤销' }, 'busy')).status).toBe(422);
    slow.release();
    const done = await snapshot(await first);
    expect(done.status).toBe(200);
    slow.restore();

    const retried = await change(START, 'busy');
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await snapshot(retried)).toEqual(done);
    expect(await h.store.headPosition()).toBe(2);
  });

  it('keeps a refusal (a completed 4xx): the same request again gets the same 409, even once the change became legal', async () => {
    const complete = { status: 'completed', reason: '完成', evidence: { summary: '验收' } };
    const refused = await snapshot(await change(complete, 'early'));
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body)).toMatchObject({ type: '/problems/transition-refused' });
    expect((await change(START)).status).toBe(200);
    const head = await h.store.headPosition();

    const again = await change(complete, 'early');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await snapshot(again)).toEqual(refused);
    expect(await h.store.headPosition()).toBe(head);
    // Invalid input is refused before the request runs: nothing is kept, the key stays free.
    expect((await change({ status: 'done', reason: 'x' }, 'invalid')).status).toBe(422);
    expect((await change({ status: 'done', reason: 'x' }, 'invalid')).headers.get('idempotent-replayed')).toBeNull();
  });

  it('abandons the key on a 5xx, so the same request can be retried with it', async () => {
    const append = h.store.append.bind(h.store);
    h.store.append = async () => {
      throw new Error('disk on fire');
    };
    const failed = await change(START, 'retry-me');
    expect(failed.status).toBe(500);
    expect(h.bugs).toHaveLength(1);
    h.bugs.length = 0;
    h.store.append = append;

    const retried = await change(START, 'retry-me');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await h.store.headPosition()).toBe(2);
    expect((await change(START, 'retry-me')).headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not record a request twice when its first run wrote but died before recording the response', async () => {
    // The process dies between the append and the recorded response: the key stays held, unanswered.
    const keys = h.app.idempotency;
    const { complete, abandon } = keys;
    keys.complete = keys.abandon = async () => {};
    const VALUES = '/plans/wuhan-2023-p1/indicators/3.3-1/values';
    const report = (key: string) => h.request(VALUES, { method: 'POST', json: { value: '150' }, headers: { 'idempotency-key': key } });
    const first = await report('lost-answer');
    expect(first.status).toBe(201); // written, but as if the client never heard
    Object.assign(keys, { complete, abandon });
    const firstEventId = (await h.store.readAll({ after: (await h.store.headPosition()) - 1 }))[0]!.eventId;
    await h.restart();
    const head = await h.store.headPosition();

    // While the dead request's hold lasts (60 s), the key is in flight; then the client's retry runs
    // the command again — on a state that holds the first run's value — and is refused, not recorded.
    expect((await report('lost-answer')).status).toBe(409);
    h.clock.advance(60_000);
    const retried = await report('lost-answer');
    expect(retried.status).toBe(409);
    expect(await retried.json()).toMatchObject({ type: '/problems/already-applied', eventId: firstEventId });
    expect(await h.store.headPosition()).toBe(head);
    // That answer is the key's now; another key is another request.
    expect((await report('lost-answer')).headers.get('idempotent-replayed')).toBe('true');
    expect((await report('another-key')).status).toBe(201);
    expect(await h.store.headPosition()).toBe(head + 1);
  });

  it('forgets a key once it expires (24 h by default): the key can be used again, for another request', async () => {
    expect((await change(START, 'daily')).status).toBe(200);
    h.clock.advance(24 * 60 * 60 * 1000 - 1);
    expect((await change({ status: 'at_risk', reason: '进度滞后' }, 'daily')).status).toBe(422);
    h.clock.advance(1);
    const reused = await change({ status: 'at_risk', reason: '进度滞后' }, 'daily');
    expect(reused.status).toBe(200);
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
    expect(await h.store.headPosition()).toBe(3);
  });

  it('takes a key bare or quoted, 1–255 visible ASCII characters; anything else is a 422 naming the header', async () => {
    expect((await change(START, '"a\\"b"')).status).toBe(200);
    expect((await change(START, 'a"b')).headers.get('idempotent-replayed')).toBe('true'); // the same key, unquoted
    expect((await change(START, 'x'.repeat(255))).status).toBe(409); // a new key: the change itself is refused
    for (const bad of ['', '""', 'x'.repeat(256), 'two words', 'a, b', '"open', 'cl\u00e9']) {
      const res = await change(START, bad);
      expect(res.status, bad).toBe(422);
      expect(await res.json(), bad).toMatchObject({ type: '/problems/validation', errors: [{ in: 'header', pointer: '/Idempotency-Key' }] });
    }
    expect(await h.store.headPosition()).toBe(2);
  });

  it('leaves GET alone, and documents the header, the replay marker and its problems on every POST', async () => {
    const get = await h.request(TASK, { headers: { 'idempotency-key': 'not checked here' } });
    expect(get.status).toBe(200);
    const doc = await (await h.request('/openapi.json')).json();
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, { headers?: object; description: string }> }>>,
    )) {
      for (const [method, op] of Object.entries(item)) {
        const names = (op.parameters ?? []).map((p) => p.name);
        expect(names.includes('Idempotency-Key'), `${method} ${path}`).toBe(method === 'post');
        if (method !== 'post') continue;
        expect((op.responses['200'] ?? op.responses['201'])!.headers).toHaveProperty('Idempotent-Replayed');
        expect(op.responses['409']!.description).toContain('idempotency-key-in-flight');
        expect(op.responses['422']!.description).toContain('idempotency-key-reused');
      }
    }
  });
});

describe('a request refused before it runs', () => {
  /** Rows in the store's idempotency table, read from its file as another process would. */
  const keyRows = () => {
    const db = new Database(h.file, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('leaves no Idempotency-Key behind: 401, 403, 422, 400, 415 and 404 posts with fresh keys do not grow the store', async () => {
    const unit = (await h.app.issueToken({ name: '市经信局', role: 'unit', unitId: 'jxj', actor: { id: 'test', role: 'system' } })).token;
    expect((await change(START, 'counted')).status).toBe(200);
    const before = keyRows();
    expect(before).toBe(1);
    let n = 0;
    const key = () => `fresh-${++n}`;
    const post = (path: string, init: RequestInit & { json?: unknown }) =>
      h.request(path, { method: 'POST', ...init, headers: { ...(init.headers as Record<string, string>), 'idempotency-key': key() } });
    const refusals: [number, Promise<TestResponse>][] = [];
    for (let i = 0; i < 20; i++) {
      refusals.push(
        [401, post(`${TASK}/status`, { json: START, headers: { authorization: 'Bearer dbn_wrongwrongwrongwrongwrong' } })],
        [403, post(`${TASK}/status`, { json: { status: 'at_risk', reason: '滞后' }, headers: { authorization: `Bearer ${unit}` } })],
        [422, post(`${TASK}/status`, { json: { status: 'done', reason: 'x' } })],
        [400, post(`${TASK}/status`, { body: '{"status":', headers: { 'content-type': 'application/json' } })],
        [415, post(`${TASK}/status`, { body: 'status=done', headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
        [404, post('/plans/wuhan-2023-p1/nothing-here', { json: START })],
      );
    }
    for (const [status, res] of refusals) expect((await res).status).toBe(status);
    expect(keyRows()).toBe(before);
    // A refused request's key is still free: the same key on a request that runs is that request's.
    expect((await change({ status: 'at_risk', reason: '进度滞后' }, 'fresh-3')).status).toBe(200);
    expect(keyRows()).toBe(before + 1);
  });

  it('keeps what a request that ran answered, a refusal from the command included', async () => {
    const done = { status: 'completed', reason: '完成', evidence: { summary: '验收' } };
    expect((await change(done, 'ran')).status).toBe(409); // refused by the task's rules, having run
    expect(keyRows()).toBe(1);
    expect((await change(done, 'ran')).headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('idempotencyScope', () => {
  it('is the bearer token (hashed), so keys are per token; anonymous without one', async () => {
    const app = new Hono();
    app.get('*', (c) => c.text(idempotencyScope(c)));
    const scope = async (headers: Record<string, string>) => (await app.request('/x', { headers })).text();
    expect(await scope({ authorization: 'Bearer dbn_oneoneoneoneone' })).toBe(`token:${unkeyedTokenHash('dbn_oneoneoneoneone')}`);
    expect(await scope({ authorization: 'bearer dbn_oneoneoneoneone' })).toBe(`token:${unkeyedTokenHash('dbn_oneoneoneoneone')}`); // the scheme in any case
    expect(await scope({ authorization: 'Bearer dbn_twotwotwotwotwo' })).not.toBe(await scope({ authorization: 'Bearer dbn_oneoneoneoneone' }));
    expect(await scope({})).toBe('anonymous');
  });
});

// 运维 on the simulated year: for a store-wide office token only; the streams, a stream's events as
// served (no token hash), the tail and the live streams under the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_ID, startYear, type Year } from './year-session.ts';

let y: Year;
beforeAll(async () => {
  y = await startYear();
}, 180_000);
afterAll(async () => {
  expect(y.h.bugs).toEqual([]);
  await y.h.close();
});

/** The first SSE messages of a stream, then the stream is cancelled. */
async function firstMessages(res: Response, count: number): Promise<string[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length <= count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text.split('\n\n').slice(0, count);
}

describe('the ops pages', () => {
  it('answer 403 to a unit token and to an office token bound to a plan, 200 to the store-wide office', async () => {
    for (const path of ['/console/ops', '/console/ops/streams', '/console/ops/tail']) {
      expect((await y.page('unit', path)).status).toBe(403);
      expect((await y.page('planOffice', path)).status).toBe(403);
      expect((await y.page('office', path)).status).toBe(200);
    }
  });

  it('show the store kind, head, read-model position and the digests', async () => {
    const html = await (await y.page('office', '/console/ops')).text();
    const head = await y.h.store.headPosition();
    expect(html).toMatch(/data-field="store-kind"><span class="figure">sqlite</);
    expect(html).toContain(`data-field="head"><span class="figure">${head}<`);
    expect(html).toContain(`data-field="position"><span class="figure">${y.h.app.position()}<`);
    expect(html).toContain('<svg role="img"');
  });

  it("list the streams and show a token stream's events without its hash", async () => {
    const list = await (await y.page('office', '/console/ops/streams')).text();
    expect(list).toContain(`data-stream="plan-${PLAN_ID}"`);
    expect(list).toContain('rel="next"');
    const tokenStream = (await y.h.store.readAll()).find((e) => e.type === 'TokenIssued')!.streamId;
    const res = await y.page('office', `/console/ops/streams/${encodeURIComponent(tokenStream!)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('TokenIssued');
    expect(html).not.toContain('tokenHash');
    const stored = await y.h.store.readStream(tokenStream!);
    expect(JSON.stringify(stored[0]!.data)).toContain('tokenHash'); // the store holds it; the page leaves it out
    expect((await y.page('office', '/console/ops/streams/no-such-stream')).status).toBe(404);
  });

  it('tail the newest events, live over a console event stream', async () => {
    const html = await (await y.page('office', '/console/ops/tail')).text();
    const head = await y.h.store.headPosition();
    expect(html).toContain(`data-position="${head}"`);
    const live = await y.page('office', '/console/ops/tail/stream');
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const [ready] = await firstMessages(live, 1);
    expect(ready).toContain('event: ready');
    expect((await y.page('unit', '/console/ops/tail/stream')).status).toBe(403);
  });

  it("tell a plan page that the plan's events arrived", async () => {
    const live = await y.page('unit', `/console/plans/${PLAN_ID}/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    // Resuming before the head: the plan's later events come as 'changed' with their position.
    const head = await y.h.store.headPosition();
    const resumed = await y.page('unit', `/console/plans/${PLAN_ID}/live`, { 'last-event-id': String(head - 20) });
    const messages = await firstMessages(resumed, 2);
    expect(messages[1]).toContain('event: changed');
    expect(messages[1]).toMatch(/data: \{"position":\d+\}/);
    await live.body!.cancel();
  });

  it("sends 'changed' when an event of the plan is recorded after the page opened, not for the store's own events", async () => {
    const live = await y.page('office', `/console/plans/${PLAN_ID}/live`);
    const reader = live.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    };
    await until(/event: ready/);
    // A token issued: the store's own event, not the plan's.
    await y.h.app.issueToken({ name: '又一个', role: 'office', actor: { id: 'test', role: 'system' } });
    const reminder = await y.h.request(`/plans/${PLAN_ID}/alerts/${encodeURIComponent('handling-plan:xinzhou')}/reminder`, {
      method: 'POST',
      json: { note: '请尽快报送' },
    });
    expect(reminder.status).toBe(201);
    await until(/event: changed/);
    await reader.cancel();
    const head = await y.h.store.headPosition();
    expect(text).toContain(`event: changed\ndata: {"position":${head}}`);
    expect(text.match(/event: changed/g)).toHaveLength(1);
  });
});

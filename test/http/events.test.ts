// The event feed: GET /events pages through the hono app in process; GET /events/stream runs over a
// real socket with an SSE client that disconnects, misses events and resumes from Last-Event-ID.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventPage } from '../../src/app/views.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const PLAN = 'wuhan-2023-p1';
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-27T08:00:00.000Z' }); // the plan's adoption is position 1
});
afterEach(async () => {
  expect(h.bugs).toEqual([]);
  await h.close();
});

/** A real status change through the API: one TaskStatusChanged of the Wuhan plan. */
async function change(code: string, status = 'in_progress') {
  const res = await h.request(`/plans/${PLAN}/tasks/${code}/status`, { method: 'POST', json: { status, reason: `办理 ${code}` } });
  expect(res.status).toBe(200);
  return (await res.json()).globalPosition as number;
}

let foreign = 0;
/** An event of another plan, appended to the store directly (the projections pass it by). */
async function appendForeign(planId = 'other-plan') {
  const n = ++foreign;
  const result = await h.store.append(`task-${planId}:${n}`, [
    {
      eventId: `foreign-${n}`,
      type: 'TaskStatusChanged',
      planId,
      data: { taskCode: String(n), from: 'not_started', to: 'in_progress', reason: 'elsewhere' },
      actor: { id: 'other-system', role: 'office' },
    },
  ]);
  return result.lastPosition;
}

const positions = (page: { items: { globalPosition: number }[] }) => page.items.map((e) => e.globalPosition);

describe('GET /events', () => {
  it('pages the global order with after and limit until nextAfter reaches the head', async () => {
    await change('1.1');
    await appendForeign();
    await change('1.2');
    const first = EventPage.parse(await (await h.request('/events?limit=2')).json());
    expect([positions(first), first.nextAfter, first.headPosition]).toEqual([[1, 2], 2, 4]);
    expect(first.items[0]).toMatchObject({ type: 'PlanAdopted', planId: PLAN, streamRevision: 0, prevHash: null });
    const second = await (await h.request(`/events?limit=2&after=${first.nextAfter}`)).json();
    expect([positions(second), second.nextAfter]).toEqual([[3, 4], 4]);
    const last = await (await h.request(`/events?after=${second.nextAfter}`)).json();
    expect(last).toEqual({ items: [], nextAfter: 4, headPosition: 4 });
    // Default: from the start, up to 100.
    expect(positions(await (await h.request('/events')).json())).toEqual([1, 2, 3, 4]);
  });

  it('filters by plan and by type (repeated or comma-separated), reading past what does not match', async () => {
    await appendForeign();
    await appendForeign();
    await change('1.1');
    await appendForeign();
    const wuhanChanges = await (await h.request(`/events?planId=${PLAN}&type=TaskStatusChanged`)).json();
    expect([positions(wuhanChanges), wuhanChanges.nextAfter]).toEqual([[4], 5]);
    const adoptions = await (await h.request('/events?type=PlanAdopted')).json();
    expect([positions(adoptions), adoptions.nextAfter]).toEqual([[1], 5]);
    const firstChange = await (await h.request('/events?type=TaskStatusChanged&limit=1')).json();
    expect([positions(firstChange), firstChange.nextAfter]).toEqual([[2], 2]);
    const other = await (await h.request('/events?planId=other-plan&after=2')).json();
    expect([positions(other), other.nextAfter]).toEqual([[3, 5], 5]);
    for (const types of ['type=PlanAdopted,TaskStatusChanged', 'type=PlanAdopted&type=TaskStatusChanged']) {
      expect(positions(await (await h.request(`/events?${types}`)).json()), types).toEqual([1, 2, 3, 4, 5]);
    }
    expect(await (await h.request('/events?planId=nope')).json()).toEqual({ items: [], nextAfter: 5, headPosition: 5 });
  });

  it('answers 422 naming the parameter for a bad after, limit or type', async () => {
    const cases: [string, string][] = [
      ['after=-1', '/after'],
      ['after=abc', '/after'],
      ['after=1.5', '/after'],
      ['limit=0', '/limit'],
      ['limit=1001', '/limit'],
      ['type=Nope', '/type/0'],
      ['type=PlanAdopted,Nope', '/type/1'],
      ['planId=', '/planId'],
    ];
    for (const [query, pointer] of cases) {
      const res = await h.request(`/events?${query}`);
      expect(res.status, query).toBe(422);
      expect((await res.json()).errors.map((e: { in: string; pointer: string }) => `${e.in} ${e.pointer}`), query).toEqual([`query ${pointer}`]);
    }
    expect((await h.request('/events/stream?type=Nope')).status).toBe(422);
    const badId = await h.request('/events/stream', { headers: { 'last-event-id': 'abc' } });
    expect(badId.status).toBe(422);
    expect((await badId.json()).errors).toMatchObject([{ in: 'header', pointer: '/Last-Event-ID' }]);
  });
});

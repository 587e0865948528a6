// 审计 in the console on the simulated year: the filters filter as the REST /audit does, the pages
// page both ways keeping every filter and the date, the CSV is the REST CSV's bytes, ?event= shows one.
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

const AUDIT = `/console/plans/${PLAN_ID}/audit`;
const rowsOf = (html: string) => [...html.matchAll(/<tr data-event="([^"]+)" data-type="([^"]+)"/g)].map((m) => ({ eventId: m[1]!, type: m[2]! }));
const hrefOf = (html: string, rel: 'next' | 'prev') =>
  [...html.matchAll(/<a href="([^"]+)" rel="(next|prev)"/g)].find((m) => m[2] === rel)?.[1]?.replace(/&amp;/g, '&');
const restItems = async (query: string) => {
  const res = await y.rest('office', `/audit?planId=${PLAN_ID}&${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: { eventId: string; type: string; summary: string }[]; nextCursor: string | null };
};

describe('the audit page', () => {
  it('filters by task as the REST /audit does', async () => {
    const res = await y.page('office', `${AUDIT}?task=1.1&validAt=2023-12-31`);
    expect(res.status).toBe(200);
    const rows = rowsOf(await res.text());
    const rest = await restItems('task=1.1&validAt=2023-12-31&limit=50');
    expect(rows.map((r) => r.eventId)).toEqual(rest.items.map((i) => i.eventId));
    expect(rows.length).toBeGreaterThan(0);
    const all = rowsOf(await (await y.page('office', `${AUDIT}?validAt=2023-12-31`)).text());
    expect(all.map((r) => r.eventId)).not.toEqual(rows.map((r) => r.eventId));
  });

  it('filters by type and by the effective range', async () => {
    const rows = rowsOf(await (await y.page('office', `${AUDIT}?type=TaskStatusChanged&effectiveFrom=2023-07-01&effectiveTo=2023-12-31`)).text());
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['TaskStatusChanged']));
    const rest = await restItems('type=TaskStatusChanged&effectiveFrom=2023-07-01&effectiveTo=2023-12-31&limit=50');
    expect(rows.map((r) => r.eventId)).toEqual(rest.items.map((i) => i.eventId));
  });

  it('filters by actor, linked from each row', async () => {
    const res = await y.rest('office', `/audit?planId=${PLAN_ID}&type=ProgressReported&limit=1`);
    const [row] = ((await res.json()) as { items: { actor: { id: string } }[] }).items;
    const actor = row!.actor.id;
    const html = await (await y.page('office', `${AUDIT}?actor=${encodeURIComponent(actor)}&type=TaskStatusChanged`)).text();
    const rest = await restItems(`actor=${encodeURIComponent(actor)}&type=TaskStatusChanged&limit=50`);
    expect(rest.items.length).toBeGreaterThan(0);
    expect(rowsOf(html).map((r) => r.eventId)).toEqual(rest.items.map((i) => i.eventId));
    const all = await (await y.page('office', AUDIT)).text();
    expect(all).toContain(`${AUDIT}?actor=${encodeURIComponent(actor)}"`);
  });

  it('pages forward and back, keeping the filters and the date', async () => {
    const first = await (await y.page('office', `${AUDIT}?unit=jxj&validAt=2023-12-31`)).text();
    const next = hrefOf(first, 'next');
    expect(next).toBeDefined();
    expect(next).toContain('unit=jxj');
    expect(next).toContain('validAt=2023-12-31');
    expect(hrefOf(first, 'prev')).toBeUndefined();
    const second = await (await y.page('office', next!)).text();
    const restFirst = await restItems('unit=jxj&validAt=2023-12-31&limit=50');
    const restSecond = await restItems(`unit=jxj&validAt=2023-12-31&limit=50&cursor=${restFirst.nextCursor}`);
    expect(rowsOf(second).map((r) => r.eventId)).toEqual(restSecond.items.map((i) => i.eventId));
    const back = hrefOf(second, 'prev');
    expect(back).toContain('unit=jxj');
    const again = await (await y.page('office', back!)).text();
    expect(rowsOf(again)).toEqual(rowsOf(first));
  });

  it('serves the CSV of the same filters: the REST CSV, byte for byte', async () => {
    const filters = 'unit=jxj&effectiveFrom=2023-06-01&validAt=2023-12-31';
    const page = await (await y.page('office', `${AUDIT}?${filters}`)).text();
    expect(page).toContain(`${AUDIT}.csv?`);
    const csv = await y.page('office', `${AUDIT}.csv?${filters}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rest = await y.rest('office', `/audit?planId=${PLAN_ID}&${filters}&limit=50&format=csv`);
    expect(rest.status).toBe(200);
    const mine = Buffer.from(await csv.arrayBuffer());
    expect(mine.length).toBeGreaterThan(100);
    expect(mine.equals(Buffer.from(await rest.arrayBuffer()))).toBe(true);
  });

  it('shows one event by ?event=, and a Chinese 404 for an unknown one', async () => {
    const [item] = (await restItems('task=1.1&limit=5')).items;
    const res = await y.page('office', `${AUDIT}?event=${item!.eventId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(rowsOf(html).map((r) => r.eventId)).toEqual([item!.eventId]);
    expect(html).toContain(item!.summary.replace(/&/g, '&amp;').slice(0, 20));
    const missing = await y.page('office', `${AUDIT}?event=no-such-event`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('没有事件');
  });

  it('shows the verification and the last digest to a store-wide office token; says whom they are for to a unit', async () => {
    const office = await (await y.page('office', AUDIT)).text();
    expect(office).toContain('data-verify="intact"');
    const unit = await y.page('unit', AUDIT);
    expect(unit.status).toBe(200);
    const html = await unit.text();
    expect(html).not.toContain('data-verify=');
    expect(html).toContain('仅对全库范围的令牌开放');
    // A unit's trail is what the REST /audit gives its token.
    const rest = await y.rest('unit', `/audit?planId=${PLAN_ID}&limit=50`);
    const items = ((await rest.json()) as { items: { eventId: string }[] }).items;
    expect(rowsOf(html).map((r) => r.eventId)).toEqual(items.map((i) => i.eventId));
  });

  it('refuses a bad date in a filter with a Chinese 400', async () => {
    const res = await y.page('office', `${AUDIT}?from=yesterday`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('不是可识别的时间');
  });
});

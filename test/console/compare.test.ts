// 对比 on the simulated year: 2023-06-30 against 2023-12-31 lists what changed (task 1.1 in progress →
// completed, as the REST API answers for each date), leaves out what did not, and links the change to its events.
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

const COMPARE = `/console/plans/${PLAN_ID}/compare`;
const FROM = '2023-06-30';
const TO = '2023-12-31';
type Task = { code: string; status: string; light: { light: string } | null };
const restTask = async (code: string, validAt: string) => (await (await y.rest('office', `/plans/${PLAN_ID}/tasks/${code}?validAt=${validAt}`)).json()) as Task;
const rowOf = (html: string, code: string) => new RegExp(`<tr data-task="${code.replace('.', '\\.')}">([\\s\\S]*?)</tr>`).exec(html)?.[1];

describe('the compare page', () => {
  let html: string;
  beforeAll(async () => {
    const res = await y.page('office', `${COMPARE}?from=${FROM}&to=${TO}&axis=validAt`);
    expect(res.status).toBe(200);
    html = await res.text();
  });

  it('lists task 1.1: in progress → completed, as the REST API answers for each date', async () => {
    const [before, after] = [await restTask('1.1', FROM), await restTask('1.1', TO)];
    expect([before.status, after.status]).toEqual(['in_progress', 'completed']);
    const row = rowOf(html, '1.1');
    expect(row).toBeDefined();
    expect(row).toContain(`data-status="in_progress" data-side="from"`);
    expect(row).toContain(`data-status="completed" data-side="to"`);
    // Linked to the events between the two dates that made it.
    expect(row).toMatch(/href="\/console\/plans\/wuhan-2023-p1\/audit\?(event=|task=1\.1)/);
  });

  it('lists a task exactly when its status or light differs (as the REST task page gives them), on both date pairs', async () => {
    const tasks = ((await (await y.rest('office', `/plans/${PLAN_ID}/tasks`)).json()) as { items: Task[] }).items;
    let left = 0;
    for (const [from, to] of [
      [FROM, TO],
      [FROM, '2023-07-31'],
    ] as const) {
      const page = from === FROM && to === TO ? html : await (await y.page('office', `${COMPARE}?from=${from}&to=${to}&axis=validAt`)).text();
      for (const t of tasks) {
        const [a, b] = [await restTask(t.code, from), await restTask(t.code, to)];
        const differs = a.status !== b.status || (a.light?.light ?? null) !== (b.light?.light ?? null);
        expect(rowOf(page, t.code) !== undefined, `${t.code} ${from} → ${to}`).toBe(differs);
        if (!differs) left += 1;
      }
    }
    expect(left).toBeGreaterThan(0); // some task did not change, and was left out
  });

  it('lists a changed indicator value and unit lights side by side', async () => {
    const indicators = (
      (await (await y.rest('office', `/plans/${PLAN_ID}/indicators?validAt=${TO}`)).json()) as {
        items: { indicatorId: string; latest: { value: string } | null }[];
      }
    ).items;
    const earlier = new Map(
      (
        (await (await y.rest('office', `/plans/${PLAN_ID}/indicators?validAt=${FROM}`)).json()) as {
          items: { indicatorId: string; latest: { value: string } | null }[];
        }
      ).items.map((i) => [i.indicatorId, i.latest?.value ?? null]),
    );
    const changed = indicators.find((i) => (i.latest?.value ?? null) !== earlier.get(i.indicatorId));
    expect(changed).toBeDefined();
    expect(html).toContain(`data-compare-indicator="${changed!.indicatorId}"`);
    expect(html).toContain(`<td data-side="to">${changed!.latest!.value}</td>`);
  });

  it('compares on the recorded axis: before the plan was recorded, that side is empty', async () => {
    const res = await y.page('office', `${COMPARE}?from=2023-06-30&to=2026-11-28&axis=asOf`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('2023-06-30 时 duban 尚未记录此方案');
    expect(rowOf(page, '1.1')).toContain('data-status="completed" data-side="to"');
  });

  it('refuses a bad date with a Chinese 400', async () => {
    const res = await y.page('office', `${COMPARE}?from=2026-11-27T08:00:00Z&to=now&axis=asOf`);
    expect(res.status).toBe(400);
    const form = await y.page('office', COMPARE);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="axis"');
  });
});

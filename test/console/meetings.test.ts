// 会议与督办事项 · 检查 on the simulated year, in process: the meetings, the action items with the lights
// GET /action-items gives for the same date, the inspections, and a meeting's own page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, CONSOLE_PLAN, element, PLAN, type SimulatedConsole, simulatedConsole } from './simulated-console.ts';

let s: SimulatedConsole;

beforeAll(async () => {
  s = await simulatedConsole();
}, 180_000);
afterAll(async () => {
  expect(s.h.bugs).toEqual([]);
  await s.h.close();
});

const html = async (path: string, status = 200) => {
  const res = await s.page(path);
  const text = await res.text();
  expect(res.status, text.slice(0, 400)).toBe(status);
  return text;
};

type Item = { itemId: string; light: { light: string } | null; source: { id: string } };
const restItems = async (validAt: string): Promise<Item[]> => (await (await s.rest(`${PLAN}/action-items?validAt=${validAt}`)).json()).items;
const pageItems = (page: string) =>
  attrs(page, 'data-action-item').map((id) => ({ id, light: attrs(element(page, 'tr', 'data-action-item', id)!, 'data-light')[0] }));

describe('会议与督办事项 · 检查', () => {
  it('lists the 05-18 coordination meeting, held, with a link to its page', async () => {
    const page = await html(`${CONSOLE_PLAN}/meetings?validAt=2023-06-30`);
    const meetings = (await (await s.rest(`${PLAN}/meetings?validAt=2023-06-30`)).json()).items as { meetingId: string; title: string; scheduledFor: string }[];
    const may = meetings.find((m) => m.scheduledFor.startsWith('2023-05-18'))!;
    expect(may.title).toBe('科技创新供应链第一次工作协调会');
    const row = element(page, 'tr', 'data-meeting', may.meetingId)!;
    expect(row).toContain('2023-05-18 09:30');
    expect(row).toContain('协调会议');
    expect(row).toContain('已召开');
    expect(row).toContain(`href="${CONSOLE_PLAN}/meetings/${may.meetingId}?validAt=2023-06-30"`);
    // The 09-14 meeting is not there yet on 06-30.
    expect(attrs(page, 'data-meeting')).toEqual(meetings.map((m) => m.meetingId));
    expect(page).not.toContain('第二次工作协调会');
  });

  it('shows every action item with the light GET /action-items gives for the same date', async () => {
    for (const validAt of ['2023-06-29', '2023-07-15', '2023-12-31']) {
      const page = await html(`${CONSOLE_PLAN}/meetings?validAt=${validAt}`);
      const rest = await restItems(validAt);
      expect(rest.length).toBeGreaterThan(0);
      expect(pageItems(page)).toEqual(rest.map((i) => ({ id: i.itemId, light: i.light?.light ?? 'none' })));
    }
    const lights = pageItems(await html(`${CONSOLE_PLAN}/meetings?validAt=2023-12-31`)).map((i) => i.light);
    expect(lights).toContain('red');
    expect(lights).toContain('green');
  });

  it('filters the action items by unit and status, as GET /action-items does', async () => {
    const page = await html(`${CONSOLE_PLAN}/meetings?validAt=2023-12-31&unit=fgw&status=open`);
    const rest = (await (await s.rest(`${PLAN}/action-items?validAt=2023-12-31&unit=fgw&status=open`)).json()).items as Item[];
    expect(rest.length).toBe(1);
    expect(pageItems(page)).toEqual(rest.map((i) => ({ id: i.itemId, light: 'red' })));
    const closed = await html(`${CONSOLE_PLAN}/meetings?validAt=2023-12-31&status=closed`);
    expect(pageItems(closed).map((i) => i.light)).toEqual(['green', 'green', 'green', 'green']);
    await html(`${CONSOLE_PLAN}/meetings?status=lost`, 400);
  });

  it('lists the inspection of 06-20 with its finding', async () => {
    const page = await html(`${CONSOLE_PLAN}/meetings?validAt=2023-12-31`);
    const rest = (await (await s.rest(`${PLAN}/inspections?validAt=2023-12-31`)).json()).items as { inspectionId: string; title: string }[];
    expect(attrs(page, 'data-inspection')).toEqual(rest.map((i) => i.inspectionId));
    expect(element(page, 'tr', 'data-inspection', rest[0]!.inspectionId)).toContain('2023-06-20');
  });

  it("shows a meeting's page: minutes, decisions and the items it assigned with their lights", async () => {
    const meetings = (await (await s.rest(`${PLAN}/meetings?validAt=2023-12-31`)).json()).items as { meetingId: string; scheduledFor: string }[];
    const may = meetings.find((m) => m.scheduledFor.startsWith('2023-05-18'))!;
    const rest = await (await s.rest(`${PLAN}/meetings/${may.meetingId}?validAt=2023-12-31`)).json();
    const page = await html(`${CONSOLE_PLAN}/meetings/${may.meetingId}?validAt=2023-12-31`);
    expect(page).toContain(rest.held.minutes);
    expect(attrs(page, 'data-decision')).toEqual(rest.held.decisions.map((d: { decisionId: string }) => d.decisionId));
    const items = (await restItems('2023-12-31')).filter((i) => i.source.id === may.meetingId);
    expect(items.length).toBe(2);
    expect(pageItems(page)).toEqual(items.map((i) => ({ id: i.itemId, light: i.light?.light ?? 'none' })));
  });

  it('answers an unknown meeting with a Chinese 404 page', async () => {
    const page = await html(`${CONSOLE_PLAN}/meetings/no-such-meeting`, 404);
    expect(page).toContain('lang="zh-CN"');
  });
});

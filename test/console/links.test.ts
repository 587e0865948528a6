// Every link keeps both time axes: a page read at a past date and an earlier record leads only to
// pages read at the same ones (the date control's "回到今天" alone drops them, on purpose).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleHarness, consolePaths, startConsoleHarness } from '../support/console-harness.ts';

const paths = consolePaths();
let c: ConsoleHarness;
let office: string;

beforeAll(async () => {
  c = await startConsoleHarness();
  office = await c.signIn(c.tokens.office);
}, 120_000);
afterAll(async () => c.close());

const AXES = { validAt: '2023-06-30', asOf: '2026-11-27T08:00:00Z' };
const decode = (href: string) => href.replaceAll('&amp;', '&');

/** The console links of a page (assets, the sign-in and the reset of the date control left out). */
function consoleLinks(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/<a ([^>]*)>([\s\S]*?)<\/a>/g)) {
    const href = /href="([^"]*)"/.exec(m[1]!)?.[1];
    if (!href?.startsWith('/console/') || href.startsWith('/console/assets/') || href.startsWith('/console/sign-in')) continue;
    if (m[2]!.includes('回到今天')) continue;
    links.push(decode(href));
  }
  return links;
}

it('keeps validAt and asOf in every link of every page', async () => {
  const pages = [
    paths.overview,
    paths.tasks,
    paths.task('2.1'),
    paths.units,
    paths.unit('jxj'),
    paths.indicators,
    paths.alerts,
    paths.reports,
    paths.dispatch('2023-05'),
    paths.bulletin('2023-Q2'),
    paths.annual('2023'),
    paths.meetings,
    paths.audit,
    paths.compare('2023-03-31', '2023-06-30'),
    paths.publicList,
    paths.publicPlan,
    paths.ops,
    paths.opsStreams,
    paths.opsTail,
  ];
  let checked = 0;
  const dropped: string[] = [];
  for (const page of pages) {
    const sep = page.includes('?') ? '&' : '?';
    const res = await c.get(`${page}${sep}${new URLSearchParams(AXES)}`, office);
    expect(res.status, page).toBe(200);
    for (const href of consoleLinks(res.html)) {
      const url = new URL(href, 'http://localhost');
      checked++;
      if (url.searchParams.get('validAt') !== AXES.validAt || url.searchParams.get('asOf') !== AXES.asOf) dropped.push(`${page} → ${href}`);
    }
  }
  expect(checked).toBeGreaterThan(300);
  expect(dropped).toEqual([]);
});

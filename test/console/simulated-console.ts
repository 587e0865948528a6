// The simulated year in process, and a console session on it: the setup the report, meeting and
// public page tests share (signed in by posting the sign-in form, the cookie kept).
import type { Summary } from '../../scripts/simulate-year.ts';
import { officeToken, signInInProcess, simulatedHarness } from '../support/console-harness.ts';
import type { Harness, TestResponse } from '../support/harness.ts';

export const PLAN_ID = 'wuhan-2023-p1';
export const PLAN = `/plans/${PLAN_ID}`;
export const CONSOLE_PLAN = `/console/plans/${PLAN_ID}`;

export interface SimulatedConsole {
  h: Harness;
  summary: Summary;
  /** A console page as the signed-in office sees it. */
  page(path: string): Promise<TestResponse>;
  /** A console page as an anonymous visitor sees it. */
  anonymous(path: string): Promise<TestResponse>;
  /** The REST answer, as the office (the harness acts as the office). */
  rest(path: string): Promise<TestResponse>;
}

export async function simulatedConsole(): Promise<SimulatedConsole> {
  const { h, summary } = await simulatedHarness();
  const cookie = await signInInProcess(h, await officeToken(h));
  return {
    h,
    summary,
    page: (path) => h.request(path, { headers: { cookie } }),
    anonymous: (path) => h.request(path),
    rest: (path) => h.request(path),
  };
}

/** Posts the sign-in form and returns the session cookie it sets. */
export const signIn = signInInProcess;

/** Every value of an attribute in the HTML, in order (the pages' test hooks). */
export function attrs(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

/** The HTML of the element opened by the first tag carrying attribute=value, up to its closing tag (rows and cells do not nest here). */
export function element(html: string, tag: string, attribute: string, value: string): string | undefined {
  const start = html.indexOf(`${attribute}="${value}"`);
  if (start < 0) return undefined;
  const open = html.lastIndexOf(`<${tag}`, start);
  const close = html.indexOf(`</${tag}>`, start);
  return html.slice(open, close + tag.length + 3);
}

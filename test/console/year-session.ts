// The simulated year in process, and console sessions for tokens of each kind: sign in by posting
// the form, then reuse the cookie. (The audit, comparison and operations tests.)
import { signInInProcess, simulatedHarness } from '../support/console-harness.ts';
import type { Harness } from '../support/harness.ts';

export const PLAN_ID = 'wuhan-2023-p1';

export interface Year {
  h: Harness;
  tokens: { office: string; unit: string; planOffice: string };
  /** A GET under a console session for that token. */
  page(who: keyof Year['tokens'], path: string, headers?: Record<string, string>): Promise<Response>;
  /** A REST GET with that token. */
  rest(who: keyof Year['tokens'], path: string): Promise<Response>;
}

export async function startYear(): Promise<Year> {
  const { h } = await simulatedHarness();
  const actor = { id: 'test', role: 'system' };
  const tokens = {
    office: (await h.app.issueToken({ name: '办公室', role: 'office', actor })).token,
    unit: (await h.app.issueToken({ name: '市经信局联络员', role: 'unit', unitId: 'jxj', actor })).token,
    planOffice: (await h.app.issueToken({ name: '方案办公室', role: 'office', planId: PLAN_ID, actor })).token,
  };
  const cookies = new Map<string, string>();
  const cookieOf = async (who: keyof typeof tokens) => {
    const held = cookies.get(who);
    if (held) return held;
    const cookie = await signInInProcess(h, tokens[who]);
    cookies.set(who, cookie);
    return cookie;
  };
  return {
    h,
    tokens,
    async page(who, path, headers = {}) {
      return (await h.request(path, { headers: { cookie: await cookieOf(who), ...headers } })) as unknown as Response;
    },
    async rest(who, path) {
      return (await h.request(path, { headers: { authorization: `Bearer ${tokens[who]}` } })) as unknown as Response;
    },
  };
}

// The calls most HTTP tests make: a JSON request that must answer with a given status, and its body.
// The harness is asked for on each call, since tests start a new one per test.
import { expect } from 'vitest';
import type { Harness, TestResponse } from './harness.ts';

export function jsonCalls(harness: () => Harness) {
  const expectStatus = async (path: string, res: TestResponse, status: number) => {
    const body = await res.json();
    expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
    return body;
  };
  return {
    /** GET, expecting 200. */
    get: async (path: string) => expectStatus(path, await harness().request(path), 200),
    /** POST a JSON body, expecting `status` (200 unless given). */
    post: async (path: string, json: unknown, status = 200) => expectStatus(path, await harness().request(path, { method: 'POST', json }), status),
    /** POST a JSON body with these headers (a unit's token), expecting `status`. */
    postAs: async (path: string, json: unknown, headers: Record<string, string>, status = 200) =>
      expectStatus(path, await harness().request(path, { method: 'POST', json, headers }), status),
  };
}

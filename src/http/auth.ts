// Who is calling: `Authorization: Bearer <token>` → the token's principal, or 401; a route's rule
// → 403 naming it. Failed authentications are throttled per client address, and every token has a
// generous request budget (a token bucket) so a runaway client cannot starve the others.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Application } from '../app/application.ts';
import type { Principal } from '../app/token/token-queries.ts';
import { ProblemError } from './problem.ts';
import type { AccessControl } from './route.ts';

export interface AuthOptions {
  /** Failed authentications one address may make per minute before it gets 429 (default 30). */
  failuresPerMinute?: number;
  /** Requests per second a token may make, sustained (default 10 000), and its burst (default 20 000). */
  requestsPerSecond?: number;
  burst?: number;
  now?: () => number;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/;

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

const unauthorized = (detail: string) =>
  new ProblemError(401, 'unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="duban"' });

export function accessControl(app: Application, options: AuthOptions = {}): AccessControl {
  const now = options.now ?? Date.now;
  const maxFailures = options.failuresPerMinute ?? 30;
  const rate = options.requestsPerSecond ?? 10_000;
  const burst = options.burst ?? 20_000;
  const failures = new Map<string, { count: number; since: number }>();
  const buckets = new Map<string, { tokens: number; at: number }>();

  function throttled(address: string): number {
    const entry = failures.get(address);
    if (!entry || now() - entry.since >= 60_000) return 0;
    return entry.count >= maxFailures ? Math.ceil((entry.since + 60_000 - now()) / 1000) : 0;
  }

  function fail(address: string, detail: string): never {
    const t = now();
    const entry = failures.get(address);
    if (!entry || t - entry.since >= 60_000) failures.set(address, { count: 1, since: t });
    else entry.count += 1;
    if (failures.size > 10_000) failures.clear(); // bounded: a flood of addresses cannot grow it for ever
    throw unauthorized(detail);
  }

  function spend(tokenId: string): void {
    const t = now();
    const bucket = buckets.get(tokenId) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * rate);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(tokenId, bucket);
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
      throw new ProblemError(429, 'rate-limited', `this token has made more than ${rate} requests a second; slow down`, {}, { 'retry-after': String(wait) });
    }
    bucket.tokens -= 1;
    buckets.set(tokenId, bucket);
  }

  return {
    async authenticate(c): Promise<Principal> {
      const address = clientAddress(c);
      const wait = throttled(address);
      if (wait > 0) {
        throw new ProblemError(429, 'too-many-failed-authentications', `too many failed authentications from this address; try again in ${wait} s`, {}, { 'retry-after': String(wait) });
      }
      const header = c.req.header('authorization');
      if (header === undefined || header.trim() === '') fail(address, 'this needs a token: send Authorization: Bearer <token> (see the README, Access)');
      const match = BEARER.exec(header.trim());
      if (!match) fail(address, 'the Authorization header is not Bearer <token>');
      const result = await app.authenticate(match[1]!);
      if (!result.ok) fail(address, result.why);
      spend(result.principal.tokenId);
      return result.principal;
    },
    async authorize(_c, who, rule, target) {
      const decision = await app.authorize(who, rule, target);
      if (!decision.ok) throw new ProblemError(403, 'forbidden', decision.reason, { rule: decision.rule });
    },
  };
}

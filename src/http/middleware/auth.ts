// Who is calling: `Authorization: Bearer <token>` (the scheme in any case, RFC 9110) → the token's
// principal, or 401; a route's rule → 403 naming it. Failed authentications are throttled per client
// address (./client-address.ts: behind a trusted proxy, the client it forwarded for), and every token
// has a generous request budget (a token bucket) so a runaway client cannot starve the others. Both
// are kept by a RateLimiter (src/store/rate-limiter.ts): per process, or in PostgreSQL for instances sharing a store.
// A valid token is never refused for the failures of its address: whoever shares it (an office behind
// one NAT, a proxy that forwards no client address) must not be locked out by a guesser. Tokens are
// 256 random bits, so the throttle is there to make a flood of bad tokens cheap, not guessing hard.
import type { Context } from 'hono';
import type { Application } from '../../app/application.ts';
import type { Principal } from '../../app/token/token-queries.ts';
import { type TokenRefusal, textsOf } from '../../domain/messages.ts';
import type { RateLimiter } from '../../store/rate-limiter.ts';
import type { AccessControl } from '../openapi/route.ts';
import { ProblemError } from '../problem.ts';
import { bearerToken } from './bearer-token.ts';
import { clientAddressOf, trustedProxyList } from './client-address.ts';
import { recordBudget } from './request-budget.ts';

export interface AuthOptions {
  /** Failed authentications one address may make per minute before it gets 429 (default 30). */
  failuresPerMinute?: number;
  /** Requests per second a token may make, sustained (default 10 000), and its burst (default 20 000); a client without a token has the same budget per address. */
  requestsPerSecond?: number;
  burst?: number;
  now?: () => number;
  /** Where the buckets and failure counts are kept: per process by default; shared by instances on one PostgreSQL store. */
  limiter?: RateLimiter;
  /** Proxies (addresses, CIDR ranges) whose Forwarded / X-Forwarded-For name the client; none by default. */
  trustedProxies?: readonly string[];
}

const unauthorized = (why: TokenRefusal) =>
  new ProblemError(401, 'unauthorized', textsOf('unauthorized', why), {}, { 'www-authenticate': 'Bearer realm="duban"' });

export function accessControl(app: Application, options: AuthOptions = {}): AccessControl {
  const now = options.now ?? Date.now;
  const maxFailures = options.failuresPerMinute ?? 30;
  const rate = options.requestsPerSecond ?? 10_000;
  const burst = options.burst ?? 20_000;
  const proxies = trustedProxyList(options.trustedProxies ?? []);
  // Chosen with the store (src/store/open-rate-limiter.ts): shared by instances on one PostgreSQL store.
  const limiter = options.limiter ?? app.openRateLimiter();

  /** A failed authentication: 401, or 429 once its address has failed too often this minute. */
  async function fail(c: Context, address: string, why: TokenRefusal): Promise<never> {
    // Without a token accepted, the request is counted against its address's budget.
    await spend(c, `address ${address}`);
    const wait = await limiter.failureWait(address, maxFailures, now());
    if (wait > 0) {
      throw new ProblemError(
        429,
        'too-many-failed-authentications',
        { en: `too many failed authentications from this address; try again in ${wait} s`, zh: `该地址认证失败次数过多，请 ${wait} 秒后重试` },
        {},
        { 'retry-after': String(wait) },
      );
    }
    await limiter.recordFailure(address, now());
    throw unauthorized(why);
  }

  /** Takes one request from `key`'s budget (a token's id, or `address …`), recorded for the answer's headers; 429 when it is spent. */
  async function spend(c: Context, key: string): Promise<void> {
    const taken = await limiter.take(key, { rate, burst, now: now() });
    recordBudget(c, { outcome: taken, burst });
    if (!taken.ok) {
      const who = key.startsWith('address ') ? { en: 'this address', zh: '该地址' } : { en: 'this token', zh: '该令牌' };
      throw new ProblemError(
        429,
        'rate-limited',
        { en: `${who.en} has made more than ${rate} requests a second; slow down`, zh: `${who.zh}每秒请求超过 ${rate} 次，请放慢` },
        {},
        // Its RateLimit-* headers come with every problem answered after the take (app.ts onError, withBudget).
        { 'retry-after': String(taken.retryAfterS) },
      );
    }
  }

  return {
    async authenticate(c): Promise<Principal> {
      const address = () => clientAddressOf(c, proxies);
      const header = c.req.header('authorization');
      if (header === undefined || header.trim() === '') return fail(c, address(), { because: 'no-token' });
      const token = bearerToken(header);
      if (token === undefined) return fail(c, address(), { because: 'not-bearer' });
      const result = await app.authenticate(token);
      if (!result.ok) return fail(c, address(), result.why);
      await spend(c, result.principal.tokenId);
      return result.principal;
    },
    async admit(c): Promise<void> {
      await spend(c, `address ${clientAddressOf(c, proxies)}`);
    },
    async authorize(_c, who, rule, target) {
      const decision = await app.authorize(who, rule, target);
      if (!decision.ok) throw new ProblemError(403, 'forbidden', textsOf('forbidden', decision.reason), { rule: decision.rule });
    },
  };
}

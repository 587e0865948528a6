// What caches may keep: nothing a token was shown — a shared proxy or the browser's disk must not
// hand one unit's records to the next user of the machine. So an authenticated response is always
// `Cache-Control: no-store`, whatever its route said. A public one (/health, a published bulletin,
// a problem) is no-store too unless its route chose otherwise: it is live state, and a stale copy
// would mislead. Only Swagger UI's static files under /docs say otherwise (public, a day).
import type { MiddlewareHandler } from 'hono';
import { setAnsweredHeader } from './answered-header.ts';
import { callerOf } from './caller.ts';

export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (callerOf(c) !== undefined || !c.res.headers.has('cache-control')) setAnsweredHeader(c, 'Cache-Control', 'no-store');
};

// Who a request turned out to be, for what runs around the route once it has answered: the access
// log names the actor, and an authenticated response is never cached (./no-store.ts).
import type { Context } from 'hono';
import type { Principal } from '../../app/token/token-queries.ts';

const callers = new WeakMap<Context, Principal>();

export function recordCaller(c: Context, principal: Principal): void {
  callers.set(c, principal);
}

/** The authenticated caller; undefined for a public call or one refused before it was known. */
export function callerOf(c: Context): Principal | undefined {
  return callers.get(c);
}

// The access log: one JSON line per request, through pino — its request id (X-Request-Id as the
// client sent it when it is a sane one, else made here, and answered either way), method, route
// template (/plans/:planId/tasks/:code), path, status, milliseconds, the client's address, the
// actor, and the problem type of a refusal. Failed sign-ins are lines like any other: status 401
// (or 429), no actor, problem `unauthorized`. Never a token, a body or a query string. An event
// stream's line is written when it starts, its milliseconds those until its first byte.
import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { toProblem } from '../problem.ts';
import { setAnsweredHeader } from './answered-header.ts';
import { callerOf } from './caller.ts';

export const REQUEST_ID = 'X-Request-Id';

/** The template of the route that answered; null for a 404 (only catch-all middleware matched). */
function templateOf(c: Context): string | null {
  const template = routePath(c, c.req.routeIndex);
  return template && !template.includes('*') ? template : null;
}

/** The problem type of a refusal: from the error thrown, or from a Problem answered directly (404, 405, a replay). */
async function problemOf(c: Context): Promise<{ problem?: string }> {
  const thrown = c.error ? toProblem(c.error) : null;
  if (thrown) return { problem: thrown.code };
  if (c.res.headers.get('content-type') !== 'application/problem+json') return {};
  try {
    const type = ((await c.res.clone().json()) as { type?: unknown }).type;
    return typeof type === 'string' ? { problem: type.replace(/^\/problems\//, '') } : {};
  } catch {
    return {};
  }
}

/** The request id on every response; a log line per request when `log` is given. */
export function accessLog(log: Logger | undefined, clientAddress: (c: Context) => string): MiddlewareHandler[] {
  const ids = requestId({ headerName: REQUEST_ID, limitLength: 128 });
  const line: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const id = c.get('requestId') as string;
      // Set again on the response: a route that builds its own Response drops what was set before it.
      setAnsweredHeader(c, REQUEST_ID, id);
      if (log) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        log.info(
          {
            requestId: id,
            method: c.req.method,
            route: templateOf(c),
            path: c.req.path,
            status: c.res.status,
            ms,
            client: clientAddress(c),
            actor: callerOf(c)?.actor.id ?? null,
            ...(await problemOf(c)),
          },
          'request',
        );
      }
    }
  };
  return [ids, line];
}

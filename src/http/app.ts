// The hono app: every resource's routes, Problem Details for every error, and the OpenAPI document.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Application } from '../app/application.ts';
import { version } from '../version.ts';
import { auditRoutes } from './audit.ts';
import { docsRoutes } from './docs.ts';
import { eventRoutes } from './events.ts';
import { healthRoutes } from './health.ts';
import { idempotency } from './idempotency.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { planRoutes } from './plans.ts';
import { ProblemError, toProblem } from './problem.ts';
import { accessControl, type AuthOptions } from './auth.ts';
import { Api, MAX_BODY_BYTES, type RouteOptions } from './route.ts';
import { taskRoutes } from './tasks.ts';
import { verifyRoutes } from './verify.ts';

export interface HttpOptions extends RouteOptions {
  /** Names the store in /health, e.g. "sqlite". */
  storeKind?: string;
  /** Where a 500's cause is reported (it is never shown to the client). */
  onBug?: (error: unknown, request: Request) => void;
  /** How often an event stream sends a heartbeat, in ms (default 15 000). */
  heartbeatMs?: number;
  /** Abort when the server stops: open event streams end, so it can close. */
  shutdown?: AbortSignal;
  /** Throttling of failed authentications and each token's request budget. */
  auth?: AuthOptions;
}

export function createHttpApp(application: Application, options: HttpOptions = {}) {
  const hono = new Hono();
  // No request body of this API comes near 1 MiB; a larger one is refused before it is read whole.
  hono.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => new ProblemError(413, 'body-too-large', `a request body may be at most ${MAX_BODY_BYTES} bytes`).toResponse(c.req.path),
    }),
  );
  // Every POST honours Idempotency-Key, its keys kept per token (src/http/idempotency.ts).
  hono.use('*', idempotency(application.idempotency));
  const api = new Api(hono, { ...options, access: options.access ?? accessControl(application, options.auth) });
  healthRoutes(api, application, { version, store: options.storeKind ?? 'unknown' });
  planRoutes(api, application);
  taskRoutes(api, application);
  auditRoutes(api, application);
  verifyRoutes(api, application.store);
  eventRoutes(api, application.store, options);

  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const openapi = () => (document ??= buildOpenApiDocument(api.routes, version));
  docsRoutes(hono, openapi);

  hono.notFound((c) => new ProblemError(404, 'not-found', `no resource at ${c.req.method} ${c.req.path}`).toResponse(c.req.path));
  hono.onError((error, c) => {
    const problem = toProblem(error);
    if (problem) return problem.toResponse(c.req.path);
    options.onBug?.(error, c.req.raw);
    return new ProblemError(500, 'internal', 'an unexpected error; it has been logged').toResponse(c.req.path);
  });
  return { hono, openapi };
}
